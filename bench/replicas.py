"""Replicas on this machine: reads spread over a primary and two hot standbys against the primary
alone, and what synchronous replication costs the writes.

    python bench/replicas.py

A private cluster in bench/out/rep: scale S generated on the primary (bench/generate.sql), then
two hot standbys (pg_basebackup, streaming replication, as `kithdb db start --replicas 2`).

- Reads: each read workload with 8 pgbench clients on the primary alone, then with 8 clients on
  each of the three servers at once (their tps added up), three rounds of 8 s each.
- Writes: each write workload with 8 clients, the first standby asynchronous, then synchronous
  (`synchronous_standby_names`: the primary acknowledges a commit once the standby has flushed
  it), alternately, three rounds of 8 s.

Every server shares this machine's cores, so the reads measure what replicas add here, not on
separate machines. The tables are printed; results.md quotes them.
"""

from __future__ import annotations

import shutil
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psycopg

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "python_client"))
sys.path.insert(0, str(HERE))

import run  # noqa: E402

from kithdb.embedded import Cluster  # noqa: E402

READS = ["feed", "home_feed", "my_chats"]
WRITES = ["send_message", "approve_like_group"]
# Writes run shorter: the approvals' queue at S holds about 99,000 pending groups.
CLIENTS, SECONDS, WRITE_SECONDS, ROUNDS = 8, 8, 5, 3
# Three servers on one machine: each gets a share of it.
SETTINGS = {"max_connections": "100", "shared_buffers": "1GB"}


def tps(cluster: Cluster, db: str, name: str, variables: dict[str, int | str], tag: str,
        seconds: int = SECONDS) -> float:
    """Calls per second of one pgbench run of workload ``name`` on ``cluster``."""
    [(rate, _, _, errors)] = run.pgbench(cluster, db, [HERE / "workloads" / f"{name}.sql"],
                                         variables, CLIENTS, seconds, tag)
    if errors:
        raise RuntimeError(f"{name} on {cluster.home.name}: {errors} errors")
    return rate


def synchronous(primary: Cluster, standby: str) -> None:
    """Make the primary wait for ``standby`` ('' for none) before it acknowledges a commit."""
    names = f'"{standby}"' if standby else ""
    with psycopg.connect(primary.url("postgres"), autocommit=True) as conn:
        conn.execute(f"alter system set synchronous_standby_names = '{names}'".encode())
        conn.execute("select pg_reload_conf()")


def main() -> int:
    """Generate, start the standbys, measure, print."""
    primary = Cluster(run.OUT / "rep", settings=SETTINGS)
    primary.start()
    try:
        db, users = "bench_s", run.SCALES["S"]
        url = run.generate(primary, db, users)
        run.prewarm(url)
        # Fresh standbys of the fresh database (older ones miss the WAL in between), which
        # then prewarm their own buffers.
        for old in primary.replicas():
            shutil.rmtree(old.home)
        primary.start_replicas(2)
        standbys = primary.replicas()
        with psycopg.connect(url, autocommit=True) as conn:
            row = conn.execute("select pg_current_wal_lsn()::text").fetchone()
        assert row is not None
        for replica in standbys:
            with psycopg.connect(replica.url(db), autocommit=True) as conn:
                while conn.execute("select pg_last_wal_replay_lsn() >= %s::pg_lsn", row
                                   ).fetchone() != (True,):
                    time.sleep(0.1)
            run.prewarm(replica.url(db))
        variables: dict[str, int | str] = {**run.workload_variables(url, users)}
        callers = run.home_callers(url)
        print("| workload | primary alone (tps) | primary + 2 standbys (tps) | ratio |")
        print("|---|---|---|---|")
        for name in READS:
            variables.update(workload=name, callers=callers.get(name, 1))
            alone, spread = [], []
            for r in range(ROUNDS):
                alone.append(tps(primary, db, name, variables, f"rep-{name}-alone-{r}"))
                with ThreadPoolExecutor(3) as pool:
                    runs = [pool.submit(tps, server, db, name, dict(variables),
                                        f"rep-{name}-{server.home.name}-{r}")
                            for server in (primary, *standbys)]
                    spread.append(sum(f.result() for f in runs))
            a, s = sum(alone) / ROUNDS, sum(spread) / ROUNDS
            print(f"| {name} | {a:,.0f} | {s:,.0f} | {s / a:.2f} |", flush=True)
        print("\n| workload | asynchronous standby (tps) | synchronous standby (tps) | ratio |")
        print("|---|---|---|---|")
        for name in WRITES:
            variables.update(workload=name, callers=1)
            rates: dict[str, list[float]] = {"": [], "replica-1": []}
            for r in range(ROUNDS):
                for standby in rates:
                    synchronous(primary, standby)
                    rates[standby].append(tps(primary, db, name, variables,
                                              f"rep-{name}-{standby or 'async'}-{r}",
                                              WRITE_SECONDS))
            synchronous(primary, "")
            a, s = (sum(v) / ROUNDS for v in rates.values())
            print(f"| {name} | {a:,.0f} | {s:,.0f} | {s / a:.2f} |", flush=True)
    finally:
        primary.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
