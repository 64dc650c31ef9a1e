"""What the inbox costs an approval that decides a group, piece by piece, counted by callgrind.

    python bench/inbox_callgrind.py

A fresh database at scale S under callgrind, as in callgrind.py. The approve_like_group workload
(threshold 1: every approval decides its group, whose one member is notified) is counted with the
inbox's decision trigger off (the approval without its notification; inbox_before.py compares
with the schema before the inbox), then on, then on with parts of the
notification's path taken out one after the other (each variant keeps what the one above it took
out): the difference between two rows is what the part costs. The table is printed; results.md
quotes it.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import psycopg

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import callgrind  # noqa: E402
import run  # noqa: E402

NOTIFY = "kithdb.notify(uuid[], public.notification_kind, uuid, uuid, uuid, uuid, uuid)"


def notify_body(conn: psycopg.Connection, body: str) -> str:
    """kithdb.notify as installed, with ``body`` between its begin and end."""
    row = conn.execute(f"select pg_get_functiondef('{NOTIFY}'::regprocedure)".encode()).fetchone()
    assert row
    source = str(row[0])
    head, _, rest = source.partition("\nbegin\n")
    _, _, tail = rest.rpartition("\nend\n")
    assert head and tail, "kithdb.notify is no longer a begin … end body"
    return f"{head}\nbegin\n{body}\nend\n{tail}"


def insert_only(conn: psycopg.Connection) -> str:
    """kithdb.notify reduced to its insert: no rules, no pair locks."""
    row = conn.execute(f"select prosrc from pg_proc where oid = '{NOTIFY}'::regprocedure".encode()
                       ).fetchone()
    assert row
    source = str(row[0])
    start = source.index("insert into public.notifications")
    end = source.index("for key share of r;", start) + len("for key share of r;")
    return notify_body(conn, source[start:end].replace("any (v_to)", "any (p_recipients)"))


Change = str | Callable[[psycopg.Connection], str]

VARIANTS: list[tuple[str, Change]] = [
    ("without the notification (the decision trigger off)",
     "alter table public.like_groups disable trigger like_groups_notify_decision"),
    ("the inbox", "alter table public.like_groups enable trigger like_groups_notify_decision"),
    ("no rules: no pair locks, blocks, mutes or hides asked", insert_only),
    ("nor the announcement (trigger notifications_announce)",
     "alter table public.notifications disable trigger notifications_announce"),
    ("nor the recipient's foreign key",
     "alter table public.notifications drop constraint notifications_recipient_id_fkey"),
    ("nor the two check constraints",
     "alter table public.notifications drop constraint notifications_not_self, "
     "drop constraint notifications_read_after_created"),
    ("the trigger, its delete and the call, writing nothing",
     lambda conn: notify_body(conn, "  return;")),
]


def main() -> int:
    """Prepare, count each variant, print the table."""
    db, users = "bench_s", run.SCALES["S"]
    cluster = callgrind.prepare(db, users)
    script = HERE / "workloads" / "approve_like_group.sql"
    rows: list[tuple[str, float]] = []
    with callgrind.Callgrind(cluster) as server:
        variables = run.workload_variables(server.url(db), users)
        for label, change in VARIANTS:
            with psycopg.connect(server.url(db), autocommit=True) as conn:
                sql = change if isinstance(change, str) else change(conn)
                conn.execute(sql.encode())
            rows.append((label, server.per_call(db, script, variables)))
            print(f"{label:<60} {rows[-1][1] / 1000:8,.0f}k", flush=True)
    off = rows[0][1]
    print("\n| approve_like_group, scale S | k instructions per call | vs the trigger off |")
    print("|---|---|---|")
    for label, count in rows:
        print(f"| {label} | {count / 1000:,.0f} | {count / off - 1:+.1%} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
