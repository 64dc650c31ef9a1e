"""Benchmark kithdb's reads and RPCs in the PostgREST form, RLS next to hand-written SQL.

    python bench/run.py --scales S,M            # what `make bench` runs
    python bench/run.py --scales S,M,L          # `make bench-large`

For each scale: a fresh database on a private cluster (bench/out/pg), the migrations, the seeded
generator (bench/generate.sql), then every workload in bench/workloads/ with pgbench — as the
NOINHERIT login role `authenticator` switching to `authenticated` per transaction (so RLS
applies), and each workload's `.twin.sql` switching to `service_role` (BYPASSRLS): for a read
the same result without RLS, run in the same pgbench invocation; for a write the same rows
written with no checks — the physical limit either way.
Results: bench/results.md, bench/results.png, EXPLAIN plans in bench/plans/.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import psycopg
from psycopg.types.string import TextLoader

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "python_client"))

from kithdb import migrate  # noqa: E402
from kithdb.embedded import Cluster, find_bindir  # noqa: E402

SCALES = {"S": 10_000, "M": 100_000, "L": 1_000_000, "H": 100_000}
# H is a skewed social graph (bench/generate_h.sql) on which only the home feed is measured:
# for typical users and for the top 1 % by friends, first and tenth page.
SKEWED = "H"
H_POSTS = 5_000_000
READS = ["my_circles", "circle_members", "feed", "posts_page", "feed_circle", "pending_queue",
         "home_feed", "home_feed_p10", "my_chats", "unread_notification_count"]
H_READS = ["home_feed", "home_feed_p10", "home_feed_top", "home_feed_top_p10"]
# Workloads that run another's script, told apart by the pgbench variable `workload`.
SCRIPT = {"home_feed_p10": "home_feed", "home_feed_top": "home_feed",
          "home_feed_top_p10": "home_feed"}
# envelope: the PostgREST round trips with no work, the ceiling the RPC rates are read against.
WRITES = ["create_like_group", "approve_like_group", "send_message", "envelope"]
OUT = HERE / "out"
RAM_MB = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // 2**20
# The targets are about the software (does a read cost what the caller sees, whatever the table
# holds?), so every scale is measured with its database in shared buffers: half of RAM, and each
# database prewarmed after it is generated. The kernel's page cache cannot be relied on: these VMs
# page it out proactively (DAMON kept it near 1 GB with 22 GB free), and with a quarter of RAM
# (6 GB) the 7.7 GB L database ran feed_circle from disk (p95 450 ms, RLS and twin alike).
# The report states each database's size next to shared_buffers.
SERVER_SETTINGS = {
    "max_connections": "100",
    "shared_buffers": f"{RAM_MB // 2}MB",
}


@dataclass
class Result:
    """One workload at one scale in one mode (rls, twin or rpc)."""

    scale: str
    workload: str
    mode: str  # "rls", "twin" or "rpc"
    tps: float
    p50_ms: float
    p95_ms: float
    transactions: int
    errors: int


Run = tuple[float, list[float], int, int]  # tps, latencies (ms), transactions, errors


def pgbench(cluster: Cluster, db: str, scripts: list[Path], variables: dict[str, int | str],
            clients: int, seconds: int, tag: str) -> list[Run]:
    """One pgbench run as ``authenticator``; with several scripts each transaction draws one at
    random, equal weights. Per script: tps, latencies (ms), transactions, errors."""
    logdir = OUT / "logs" / tag
    logdir.mkdir(parents=True, exist_ok=True)
    for old in logdir.glob("*"):
        old.unlink()
    # Prepared statements with bound parameters, as PostgREST sends every request: a statement is
    # planned once per connection, so a hand-written query does not pay for planning on each call.
    args = [str(find_bindir() / "pgbench"), "-n", "-M", "prepared",
            "-h", "127.0.0.1", "-p", str(cluster.port),
            "-U", "authenticator", "-c", str(clients), "-j", str(min(clients, 2)),
            "-T", str(seconds), "-l", "--log-prefix", str(logdir / "log")]
    for script in scripts:
        args += ["-f", f"{script}@1"]
    for name, value in variables.items():
        args += ["-D", f"{name}={value}"]
    done = subprocess.run([*args, db], capture_output=True, text=True, cwd=logdir)
    if done.returncode not in (0, 2):
        raise RuntimeError(done.stderr)
    # Log lines: client_id transaction_no latency_us script_no epoch_s epoch_us.
    latencies: list[list[float]] = [[] for _ in scripts]
    for f in logdir.glob("log*"):
        for line in f.read_text().splitlines():
            fields = line.split()
            if fields:
                latencies[int(fields[3])].append(int(fields[2]) / 1000)
    if len(scripts) == 1:
        m = re.search(r"tps = ([\d.]+) \(without", done.stdout)
        tps = [float(m.group(1)) if m else 0.0]
    else:  # "SQL script N: ..." blocks, each with " - T transactions (P% of total, tps = X)"
        tps = [float(x) for x in re.findall(r"of total, tps = ([\d.]+)\)", done.stdout)]
    errors = [len(re.findall(rf"script {i} aborted", done.stderr)) for i in range(len(scripts))]
    errors[0] += len(re.findall(r"^(?!.*script \d+ aborted).*ERROR", done.stderr, re.M))
    return [(tps[i], latencies[i], len(latencies[i]), errors[i]) for i in range(len(scripts))]


def pooled(scale: str, name: str, mode: str, runs: list[Run]) -> Result:
    """Several runs of one workload as one result: mean tps, percentiles of all latencies."""
    lat = [x for _, latencies, _, _ in runs for x in latencies]
    q = statistics.quantiles(lat, n=20) if len(lat) >= 20 else [0.0] * 19
    return Result(scale, name, mode, statistics.mean(r[0] for r in runs),
                  statistics.median(lat) if lat else 0.0, q[18],
                  sum(r[2] for r in runs), sum(r[3] for r in runs))


def measure(cluster: Cluster, db: str, scale: str, name: str, variables: dict[str, int | str],
            clients: int, seconds: int, rounds: int) -> list[Result]:
    """``rounds`` measured runs of a workload and its twin, after one unrecorded warm-up run.

    A read and its twin run in the same pgbench invocation, each transaction drawing one of the
    two at random: both meet the same machine at the same moment, so the drift of a shared VM
    (tens of percent between runs a minute apart) cancels out of their ratio. A write and its
    twin run in separate invocations, alternating round by round (the call first, then the twin
    first, ...), because a write's target is its own rate at 8 clients."""
    call = HERE / "workloads" / f"{SCRIPT.get(name, name)}.sql"
    twin = HERE / "workloads" / f"{SCRIPT.get(name, name)}.twin.sql"
    modes = ["rpc" if name in WRITES else "rls"] + (["twin"] if twin.exists() else [])
    scripts = [call, twin][:len(modes)]
    runs: dict[str, list[Run]] = {mode: [] for mode in modes}
    # The warm-up: caches are warm and the pages already written once since the generator's
    # checkpoint (no full-page images), as in a server that has been running.
    if name in READS + H_READS:
        pgbench(cluster, db, scripts, variables, clients, seconds, f"{scale}-{name}-warmup")
        for i in range(rounds):
            mixed = pgbench(cluster, db, scripts, variables, clients, seconds,
                            f"{scale}-{name}-{i}")
            for mode, one in zip(modes, mixed, strict=True):
                runs[mode].append(one)
    else:
        for mode, script in zip(modes, scripts, strict=True):
            pgbench(cluster, db, [script], variables, clients, seconds,
                    f"{scale}-{name}-{mode}-warmup")
        for i in range(rounds):
            order = list(zip(modes, scripts, strict=True))
            for mode, script in (order if i % 2 == 0 else list(reversed(order))):
                runs[mode] += pgbench(cluster, db, [script], variables, clients, seconds,
                                      f"{scale}-{name}-{mode}-{i}")
    return [pooled(scale, name, mode, r) for mode, r in runs.items()]


def explain(url: str, name: str, users: int, u: int) -> str:
    """EXPLAIN ANALYZE of a read for caller number ``u`` through RLS, with the plans of the
    statements inside the functions it calls (auto_explain, nested statements)."""
    text = (HERE / "workloads" / f"{SCRIPT.get(name, name)}.sql").read_text()
    text = text.replace(":workload", f"'{name}'").replace(":k", str(u % 1000 + 1))
    text = re.sub(r":n\b", str(u), text)  # the caller's row of a table of callers (bench.chatters)
    lines = text.splitlines()
    claims = next(line for line in lines if "set_config" in line)
    query = next(line for line in lines if line.startswith("SELECT") and line != claims)
    body = text[text.index(query):text.index("COMMIT;")].strip().rstrip(";")
    claims = claims.removesuffix("\\gset").strip()
    caller = u * 10 % users + 1 if ":u * 10 % :users + 1" in claims else u
    # The claims statement both sets the claims and yields the ids the read binds (:me, :circle).
    claims = claims.replace(":users", str(users)).replace(":u", str(u))
    nested: list[str] = []
    with psycopg.connect(url) as conn, conn.transaction():
        # Cursors as the server prints them: a first page's is 'infinity', which datetime lacks.
        conn.adapters.register_loader("timestamptz", TextLoader)
        conn.add_notice_handler(lambda d: nested.append(d.message_primary or ""))
        for setting in ("log_min_duration = 0", "log_analyze = on", "log_buffers = on",
                        "log_timing = on", "log_nested_statements = on", "log_level = notice"):
            conn.execute(f"set local auto_explain.{setting}".encode())
        conn.execute("load 'auto_explain'")
        conn.execute("set local role authenticated")
        cur = conn.execute(claims.encode())
        row = cur.fetchone()
        names = [c.name for c in cur.description or []]
        ids = {n: str(v) for n, v in zip(names, row or (), strict=True) if n != "set_config"}
        for n in sorted(ids, key=len, reverse=True):
            body = body.replace(f":{n}", f"'{ids[n]}'")
        conn.execute(body.encode()).fetchall()  # warm: plans below are of a second run
        nested.clear()
        rows = conn.execute(f"explain (analyze, buffers, costs off) {body}".encode()).fetchall()
    inner = [n for n in nested if "explain (analyze" not in n]
    return "\n".join([f"-- caller {caller}: {body}", *(r[0] for r in rows), "",
                      "-- statements inside the functions it calls (auto_explain):", *inner])


def prewarm(url: str) -> int:
    """Read every table and index of the database into shared buffers; its size in MB."""
    with psycopg.connect(url, autocommit=True) as conn:
        # Created on a primary only: a standby has it from there (and refuses any DDL). Unlogged
        # tables have no data on a standby, and nothing worth reading on a primary.
        found = conn.execute("select 1 from pg_extension where extname = 'pg_prewarm'")
        if found.fetchone() is None:
            conn.execute("create extension pg_prewarm schema bench")
        conn.execute("select bench.pg_prewarm(c.oid) from pg_class c"
                     " join pg_namespace n on n.oid = c.relnamespace"
                     " where c.relkind in ('r', 'i', 'm', 't') and c.relpersistence <> 'u'"
                     " and n.nspname not in ('pg_catalog', 'information_schema')")
        row = conn.execute("select pg_database_size(current_database()) / 2^20").fetchone()
    return int(row[0]) if row else 0


def checkout(path: Path, rev: str) -> Path:
    """This repository at ``rev``, checked out once at ``path`` (a git worktree)."""
    if not (path / "migrations").is_dir():
        subprocess.run(["git", "-C", str(HERE.parent), "worktree", "add", "--force", "--detach",
                        str(path), rev], check=True)
    return path


def migrated(cluster: Cluster, db: str, tree: Path) -> str:
    """``db`` afresh, migrated by ``tree``'s own kithdb package in a process of its own. Its
    URL."""
    with psycopg.connect(cluster.url("postgres"), autocommit=True) as conn:
        conn.execute(f"drop database if exists {db} with (force)".encode())
        conn.execute(f"create database {db}".encode())
    url = cluster.url(db)
    subprocess.run([sys.executable, "-c",
                    "import sys; sys.path.insert(0, sys.argv[1]); "
                    "from kithdb import migrate; migrate.apply(sys.argv[2])",
                    str(tree / "python_client"), url], check=True)
    return url


def generate(cluster: Cluster, db: str, users: int) -> str:
    """``db`` afresh: migrations, then the seeded generator for ``users`` users. Its URL."""
    with psycopg.connect(cluster.url("postgres"), autocommit=True) as conn:
        conn.execute(f"drop database if exists {db} with (force)".encode())
        conn.execute(f"create database {db}".encode())
    url = cluster.url(db)
    migrate.apply(url)
    psql = ["psql", "-X", "-q", "-v", "seed=0.42"]
    if db.endswith(SKEWED.lower()):
        subprocess.run([*psql, "-v", f"users={users}", "-v", f"posts={H_POSTS}",
                        "-f", str(HERE / "generate_h.sql"), url], check=True)
    else:
        subprocess.run([*psql, "-v", f"users={users}", "-f", str(HERE / "generate.sql"), url],
                       check=True)
    subprocess.run([*psql, "-f", str(HERE / "home_callers.sql"), url], check=True)
    return url


def workload_variables(url: str, users: int) -> dict[str, int]:
    """The pgbench variables every workload reads: the users, how many (participant, chat) pairs
    talk and how many users take part in a chat (none at the skewed scale, which has no
    chats)."""
    counts = {"talkers": 1, "chatters": 1}
    with psycopg.connect(url) as conn:
        for name, table in (("talkers", "bench.talk"), ("chatters", "bench.chatters")):
            found = conn.execute("select to_regclass(%s)", (table,)).fetchone()
            if found and found[0]:
                row = conn.execute(f"select count(*) from {table}".encode()).fetchone()
                counts[name] = int(row[0]) if row else 1
    return {"users": users, **counts}


def skewed_shape(url: str) -> str:
    """The skewed scale as generated: friends per user and the callers of each workload."""
    with psycopg.connect(url) as conn:
        row = conn.execute(
            "select percentile_disc(array[0.5, 0.99]) within group (order by friends),"
            " max(friends), (select count(*) from public.posts),"
            " (select count(*) from public.circles) from bench.degree").fetchone()
        callers: dict[str, str] = dict(conn.execute(
            "select c.workload, format('%s callers, median %s friends', count(*),"
            " percentile_disc(0.5) within group (order by d.friends))"
            " from bench.home_callers c join bench.degree d using (user_id) group by 1"))
    assert row is not None
    (median, top), most, posts, circles = row[0], row[1], row[2], row[3]
    return (f"Friends per user: median {median}, 99th percentile {top}, most {most}; "
            f"{posts:,} posts; {circles:,} circles. Callers: "
            + "; ".join(f"`{w}` {c}" for w, c in sorted(callers.items())) + ". Typical users "
            "have the median number of friends, give or take two; the top 1 % at least the 99th "
            "percentile. A tenth page is read only by callers whose home feed holds 200 posts.")


def home_callers(url: str) -> dict[str, int]:
    """How many callers each home-feed workload draws from (bench/home_callers.sql)."""
    with psycopg.connect(url) as conn:
        rows = conn.execute("select workload, count(*) from bench.home_callers group by 1")
        return {str(w): int(n) for w, n in rows}


def run_scale(cluster: Cluster, scale: str, clients: int, seconds: int, rounds: int,
              plans: bool) -> tuple[list[Result], int, str]:
    """A fresh database at ``scale``: migrate, generate, prewarm, run every workload. The
    results, the database's size in MB and, at the skewed scale, its shape."""
    users = SCALES[scale]
    db = f"bench_{scale.lower()}"
    started = time.monotonic()
    url = generate(cluster, db, users)
    print(f"[{scale}] generated {users} users in {time.monotonic() - started:.0f} s", flush=True)
    size_mb = prewarm(url)
    print(f"[{scale}] prewarmed {size_mb} MB", flush=True)
    variables = workload_variables(url, users)
    callers = home_callers(url)
    results = []
    for name in (H_READS if scale == SKEWED else READS + WRITES):
        named: dict[str, int | str] = {**variables, "workload": name,
                                       "callers": callers.get(name, 1)}
        for r in measure(cluster, db, scale, name, named, clients, seconds, rounds):
            results.append(r)
            print(f"[{scale}] {name:<18} {r.mode:<4} {r.tps:>7.0f} tps  p50 {r.p50_ms:.2f} ms"
                  f"  p95 {r.p95_ms:.2f} ms  errors {r.errors}", flush=True)
        if plans and name in READS:
            (HERE / "plans").mkdir(exist_ok=True)
            (HERE / "plans" / f"{name}.txt").write_text(
                "\n\n".join(f"## {who}\n{explain(url, name, users, u)}"
                            for who, u in (("a typical caller", users // 20 + 321),
                                           ("caller 1, head of every power law", 1))) + "\n")
    return results, size_mb, skewed_shape(url) if scale == SKEWED else ""


def write_report(results: list[Result], sizes: dict[str, int], clients: int, seconds: int,
                 rounds: int, skewed_facts: str = "") -> None:
    """bench/results.md and the plot; ``sizes``: each scale's database in MB; ``skewed_facts``:
    the shape of the skewed scale's graph, as measured."""
    by = {(r.scale, r.workload, r.mode): r for r in results}
    scales = [s for s in SCALES if any(r.scale == s for r in results)]
    pg = subprocess.run([str(find_bindir() / "postgres"), "--version"], capture_output=True,
                        text=True).stdout.strip()
    lines = [
        "# kithdb benchmark results", "",
        f"- date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        f"- machine: {platform.machine()}, {os.cpu_count()} cores, {platform.platform()}",
        f"- server: {pg}, default settings except "
        + ", ".join(f"{k} = {v}" for k, v in SERVER_SETTINGS.items())
        + "; each database prewarmed into shared buffers after it is generated ("
        + ", ".join(f"{s} {mb:,} MB" for s, mb in sizes.items()) + ")",
        f"- pgbench: {clients} clients, one warm-up round then {rounds} rounds of {seconds} s per "
        "workload, rounds pooled; a read and its twin in the same run, each transaction "
        "drawing one of the two at random (so each gets about half of the run's transactions "
        "and tps); a write and its twin in separate runs, alternating; every run connects as "
        "`authenticator` and switches role per transaction with per-transaction claims (the "
        "PostgREST form): to `authenticated` for RLS and the RPCs, to `service_role` "
        "(BYPASSRLS) for the twins: a read's the same result hand-written without RLS, a "
        "write's the same rows written by hand with no checks",
        "- command: `python bench/run.py --scales " + ",".join(scales) + "`", "",
        "## Reads: RLS next to hand-written SQL", "",
        "| scale | workload | RLS tps | RLS p50 ms | RLS p95 ms | twin tps | twin p50 ms | "
        "twin p95 ms | RLS / twin (p50) |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for s in scales:
        for w in H_READS if s == SKEWED else READS:
            a, b = by.get((s, w, "rls")), by.get((s, w, "twin"))
            if a and b:
                ratio = a.p50_ms / b.p50_ms if b.p50_ms else float("nan")
                lines.append(f"| {s} | {w} | {a.tps:.0f} | {a.p50_ms:.2f} | {a.p95_ms:.2f} | "
                             f"{b.tps:.0f} | {b.p50_ms:.2f} | {b.p95_ms:.2f} | {ratio:.2f} |")
    lines += ["", "## Writes (RPCs) next to their bare writes", "",
              "A write's twin writes the same rows as `service_role` in one statement, with no "
              "checks and no RLS: the most the schema's own writes (rows, indexes, foreign keys, "
              "triggers) allow on this machine. `envelope` is PostgREST's round trips with no "
              "work in them (role switch, claims, `SELECT 1`, commit): the most any call can "
              "reach.", "",
              "| scale | workload | RPC tps | p50 ms | p95 ms | bare-writes tps | RPC / bare (tps) "
              "| RPC transactions | errors (both) |",
              "|---|---|---|---|---|---|---|---|---|"]
    for s in scales:
        for w in WRITES:
            r, t = by.get((s, w, "rpc")), by.get((s, w, "twin"))
            if r:
                bare = (f"{t.tps:.0f} | {r.tps / t.tps:.2f}" if t and t.tps else "— | —")
                lines.append(f"| {s} | {w} | {r.tps:.0f} | {r.p50_ms:.2f} | {r.p95_ms:.2f} | "
                             f"{bare} | {r.transactions} | {r.errors + (t.errors if t else 0)} |")
    uniform = [s for s in scales if s != SKEWED]
    if len(uniform) > 1:
        first, last = uniform[0], uniform[-1]
        # The twin's growth beside it: when both grow alike, the table size costs the machine
        # (e.g. a working set larger than memory), not RLS.
        lines += ["", f"## Growth of RLS p50 latency, {first} → {last}", "",
                  "| workload | " + " | ".join(uniform) + f" | {last} / {first} | "
                  f"twin {last} / {first} |",
                  "|---|" + "---|" * (len(uniform) + 2)]
        for w in READS:
            row = [by[(s, w, "rls")].p50_ms for s in uniform if (s, w, "rls") in by]
            twin = [by[(s, w, "twin")].p50_ms for s in (first, last) if (s, w, "twin") in by]
            if len(row) == len(uniform) and row[0]:
                twin_growth = f"{twin[1] / twin[0]:.2f}" if len(twin) == 2 and twin[0] else "—"
                lines.append(f"| {w} | " + " | ".join(f"{v:.2f}" for v in row)
                             + f" | {row[-1] / row[0]:.2f} | {twin_growth} |")
    if SKEWED in scales:
        lines += ["", f"## Scale {SKEWED}: the home feed on a skewed graph", "", skewed_facts, "",
                  "| page | typical user p50 ms | top 1 % p50 ms | top / typical | "
                  "typical tps | top tps |", "|---|---|---|---|---|---|"]
        for page, suffix in (("first", ""), ("tenth", "_p10")):
            a = by.get((SKEWED, f"home_feed{suffix}", "rls"))
            b = by.get((SKEWED, f"home_feed_top{suffix}", "rls"))
            if a and b:
                lines.append(f"| {page} | {a.p50_ms:.2f} | {b.p50_ms:.2f} | "
                             f"{b.p50_ms / a.p50_ms:.2f} | {a.tps:.0f} | {b.tps:.0f} |")
    (HERE / "results.md").write_text("\n".join(lines) + "\n")
    plot(results, scales)


def plot(results: list[Result], scales: list[str]) -> None:
    """bench/results.png: p50 latency by scale, RLS solid and hand-written dashed."""
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("matplotlib not installed: no plot")
        return
    fig, ax = plt.subplots(figsize=(8, 5))
    for i, w in enumerate(READS):
        color = f"C{i}"  # one colour per workload: solid RLS, dashed hand-written
        for mode, style in (("rls", "-o"), ("twin", "--x")):
            pts = [(s, r.p50_ms) for s in scales for r in results
                   if r.scale == s and r.workload == w and r.mode == mode]
            if pts:
                ax.plot([p[0] for p in pts], [p[1] for p in pts], style, color=color,
                        label=f"{w} ({'RLS' if mode == 'rls' else 'hand-written'})")
    ax.set_yscale("log")
    ax.set_xlabel("scale (S 10k, M 100k, L 1M users)")
    ax.set_ylabel("p50 latency, ms (log)")
    ax.set_title("kithdb reads: RLS vs hand-written SQL")
    ax.legend(fontsize=7, ncol=2)
    fig.tight_layout()
    fig.savefig(HERE / "results.png", dpi=120)


def main() -> int:
    """Parse arguments, start the private cluster, run the scales, write the report."""
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scales", default="S,M")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=int, default=5, help="per round")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    cluster = Cluster(OUT / "pg", settings=SERVER_SETTINGS)
    cluster.start()
    results: list[Result] = []
    sizes: dict[str, int] = {}
    facts = ""
    try:
        for scale in args.scales.split(","):
            scale_results, sizes[scale], shape = run_scale(
                cluster, scale, args.clients, args.seconds, args.rounds, plans=scale == "M")
            results += scale_results
            facts = shape or facts
    finally:
        write_report(results, sizes, args.clients, args.seconds, args.rounds, facts)
        cluster.stop()
    print((HERE / "results.md").read_text())
    return 0


if __name__ == "__main__":
    sys.exit(main())
