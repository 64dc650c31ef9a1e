"""Instructions per call of every workload, counted by callgrind: what the VM's drift cannot move.

    python bench/callgrind.py                      # what `make bench-callgrind` runs
    python bench/callgrind.py approve_like_group   # some workloads only
    python bench/callgrind.py --scale S            # a quicker check

A private cluster (bench/out/cg) gets a fresh database at scale M (or S): migrations and the
generator, as in run.py. It then runs under valgrind's callgrind, which counts the instructions
every backend executes. Each workload and its twin run in the PostgREST form from one pgbench
client, twice: ``WARMUP`` transactions, then ``WARMUP + CALLS``, with the same random seed (the
same callers, in the same order, for a read and its twin and on every run). The difference over
``CALLS`` is the cost of one call with the connection's start and end taken out; writes take the
next rows of their queues, so they vary a little from run to run.
Results: bench/callgrind.md.
"""

from __future__ import annotations

import argparse
import platform
import shutil
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import psycopg

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "python_client"))
sys.path.insert(0, str(HERE))

import run  # noqa: E402

from kithdb.embedded import Cluster, as_server_user, find_bindir, free_port  # noqa: E402

HOME = run.OUT / "cg"
WARMUP = 20
CALLS = 100
# Room for an M database in shared buffers; autovacuum off so that no worker runs mid-measurement.
SETTINGS = {"shared_buffers": "2GB", "autovacuum": "off"}


def prepare(db: str, users: int) -> Cluster:
    """A stopped cluster holding a freshly generated database ``db`` of ``users`` users."""
    cluster = Cluster(HOME, settings=SETTINGS)
    cluster.start()
    run.generate(cluster, db, users)
    cluster.stop()
    return cluster


class Callgrind:
    """The cluster's server under callgrind; one output file per backend in ``outdir``."""

    def __init__(self, cluster: Cluster, home: Path = HOME) -> None:
        self.cluster = cluster
        self.home = home
        self.port = free_port()
        self.outdir = home / "callgrind"
        shutil.rmtree(self.outdir, ignore_errors=True)
        self.outdir.mkdir()
        self.outdir.chmod(0o777)
        self.process: subprocess.Popen[bytes] | None = None
        self.background: set[Path] = set()

    def __enter__(self) -> Callgrind:
        cmd = ["valgrind", "--tool=callgrind", "--trace-children=yes",
               f"--callgrind-out-file={self.outdir}/cg.%p",
               str(find_bindir() / "postgres"), "-D", str(self.cluster.datadir),
               "-p", str(self.port), "-c", "listen_addresses=127.0.0.1",
               "-c", f"unix_socket_directories={self.cluster.socketdir}"]
        cmd += [arg for name, value in SETTINGS.items() for arg in ("-c", f"{name}={value}")]
        with open(self.home / "valgrind.log", "wb") as log:
            self.process = subprocess.Popen(as_server_user(cmd), stdout=log,
                                            stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 180
        while True:
            try:
                psycopg.connect(self.url("postgres")).close()
                break
            except psycopg.OperationalError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(1)
        # The server's own processes (checkpointer, WAL writer, ...) hold files that are only
        # complete at shutdown; the backends measured come after them.
        time.sleep(3)
        self.background = {f for f in self.outdir.iterdir() if _totals(f) is None}
        return self

    def __exit__(self, *exc: object) -> None:
        subprocess.run(as_server_user([str(find_bindir() / "pg_ctl"), "stop", "-w", "-m", "fast",
                                       "-D", str(self.cluster.datadir)]), capture_output=True)
        if self.process:
            self.process.wait()

    def url(self, db: str) -> str:
        """A libpq URL for ``db`` on the server under callgrind."""
        return f"postgresql://postgres@127.0.0.1:{self.port}/{db}"

    def instructions(self, db: str, script: Path, transactions: int,
                     variables: dict[str, int]) -> int:
        """Instructions of every backend a pgbench run of ``transactions`` calls started."""
        before = self._settled()
        args = [str(find_bindir() / "pgbench"), "-n", "-M", "prepared", "-h", "127.0.0.1",
                "-p", str(self.port), "-U", "authenticator", "-c", "1", "--random-seed", "42",
                "-t", str(transactions), "-f", str(script)]
        for name, value in variables.items():
            args += ["-D", f"{name}={value}"]
        done = subprocess.run([*args, db], capture_output=True, text=True)
        if done.returncode != 0 or "aborted" in done.stderr:
            raise RuntimeError(f"{script.name}: {done.stderr[-2000:]}")
        new = self._settled() - before
        total = 0
        for f in new:
            total += _totals(f) or 0
            f.unlink()
        return total

    def _settled(self) -> set[Path]:
        """The output files once every backend that has ended has written its file: each file
        is complete and none appeared for two seconds (a backend writes its file as it exits,
        after pgbench has returned; pgbench opens more than one connection)."""
        deadline = time.monotonic() + 120
        seen: set[Path] = set()
        quiet_since = time.monotonic()
        while True:
            time.sleep(0.25)
            files = set(self.outdir.iterdir()) - self.background
            if files != seen or any(_totals(f) is None for f in files):
                seen, quiet_since = files, time.monotonic()
            elif time.monotonic() - quiet_since >= 2:
                return files
            if time.monotonic() > deadline:
                raise RuntimeError("callgrind files never settled")

    def per_call(self, db: str, script: Path, variables: dict[str, int]) -> float:
        """Instructions of one call, the connection's own start and end taken out."""
        short = self.instructions(db, script, WARMUP, variables)
        long = self.instructions(db, script, WARMUP + CALLS, variables)
        return (long - short) / CALLS


def _totals(path: Path) -> int | None:
    """The ``totals:`` line of a finished callgrind file, None while it is being written."""
    for line in path.read_text(errors="replace").splitlines()[-50:]:
        if line.startswith("totals:"):
            return int(line.split()[1])
    return None


def write_report(scale: str, rows: list[tuple[str, float, float | None]]) -> None:
    """bench/callgrind.md: the machine, the method and a row per workload."""
    version = subprocess.run([str(find_bindir() / "postgres"), "--version"],
                             capture_output=True, text=True).stdout.strip()
    valgrind = subprocess.run(["valgrind", "--version"], capture_output=True, text=True)
    lines = [
        "# kithdb: instructions per call (callgrind)", "",
        f"- date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        f"- machine: {platform.machine()}, {platform.platform()}",
        f"- server: {version}, {valgrind.stdout.strip()}; scale {scale}, "
        + ", ".join(f"{k} = {v}" for k, v in SETTINGS.items()),
        f"- each workload from one pgbench client in the PostgREST form: {WARMUP} calls, then "
        f"{WARMUP} + {CALLS}, the same random callers for a workload and its twin "
        f"(`--random-seed 42`); the difference over {CALLS}, in thousands of instructions, every "
        "backend of the run counted",
        f"- command: `python bench/callgrind.py --scale {scale}`", "",
        "| workload | call (k instructions) | twin | call / twin |",
        "|---|---|---|---|",
    ]
    for name, call, twin in rows:
        ratio = f"{call / twin:.2f}" if twin else "—"
        lines.append(f"| {name} | {call / 1000:,.0f} | "
                     f"{f'{twin / 1000:,.0f}' if twin else '—'} | {ratio} |")
    (HERE / "callgrind.md").write_text("\n".join(lines) + "\n")


def main() -> int:
    """Prepare the database, count every workload (or those named), write the report."""
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("workloads", nargs="*", default=run.READS + run.WRITES)
    parser.add_argument("--scale", default="M", choices=["S", "M"])
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is missing (apt-get install valgrind)")
    db, users = f"bench_{args.scale.lower()}", run.SCALES[args.scale]
    cluster = prepare(db, users)
    rows: list[tuple[str, float, float | None]] = []
    with Callgrind(cluster) as server:
        variables = run.workload_variables(server.url(db), users)
        for name in args.workloads:
            call = server.per_call(db, HERE / "workloads" / f"{name}.sql", variables)
            twin_script = HERE / "workloads" / f"{name}.twin.sql"
            twin = server.per_call(db, twin_script, variables) if twin_script.exists() else None
            rows.append((name, call, twin))
            print(f"{name:<20} {call / 1000:8,.0f}k  twin "
                  f"{f'{twin / 1000:,.0f}k' if twin else '—'}", flush=True)
    write_report(args.scale, rows)
    print((HERE / "callgrind.md").read_text())
    return 0


if __name__ == "__main__":
    sys.exit(main())
