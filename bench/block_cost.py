"""What a block or a friendship costs against the size of the rule circles it touches.

    python bench/block_cost.py                    # circles of 1,000 members
    python bench/block_cost.py --members 4000 --rounds 9

A user (the target) authors nine events, each attended by ``--members`` members of approved like
groups, and keeps an event circle of each; the attendees are also the target's friends, and the
target keeps a friends circle. A stranger blocks and unblocks the target, and a new user's friend
request is accepted by the target and the friendship ended, ``--rounds`` times, through the API
as PostgREST calls it (one connection, a transaction per call). A mute and an unmute of the
target, which touch no circle, are the twin; the same calls on a user with no circles show what
they cost before any circle. Making the circles, which derives every member, shows that the whole
derivation costs what it did.

One private cluster (bench/out/blocks-pg) gets two databases, each migrated by its own tree: this
one (``now``) and the commit before a block or a friendship re-derived only the pair's own
memberships (``before``, checked out in bench/out/blocks-before), so both are measured in one
run. Each figure is the median of the rounds, in milliseconds.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from uuid import UUID

import psycopg

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "python_client"))

from kithdb.embedded import Cluster  # noqa: E402
from kithdb.session import Role, request  # noqa: E402

# Its successor made a block or a friendship re-derive only the pair's own memberships.
BEFORE = "39438c6"
OUT = HERE / "out"
TREE = OUT / "blocks-before"
HOME = OUT / "blocks-pg"
# A user makes at most 10 rule circles (DYN-06): these and a friends circle.
EVENT_CIRCLES = 9


def checkout() -> Path:
    """The tree as it was before, checked out once."""
    if not (TREE / "migrations").is_dir():
        subprocess.run(["git", "-C", str(HERE.parent), "worktree", "add", "--force", "--detach",
                        str(TREE), BEFORE], check=True)
    return TREE


def migrate(cluster: Cluster, tree: Path, db: str) -> str:
    """``db`` afresh, migrated by ``tree``'s own kithdb package in a process of its own."""
    with psycopg.connect(cluster.url("postgres"), autocommit=True) as conn:
        conn.execute(f"drop database if exists {db} with (force)".encode())
        conn.execute(f"create database {db}".encode())
    url = cluster.url(db)
    subprocess.run([sys.executable, "-c",
                    "import sys; sys.path.insert(0, sys.argv[1]); "
                    "from kithdb import migrate; migrate.apply(sys.argv[2])",
                    str(tree / "python_client"), url], check=True)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute((HERE.parent / "sql" / "test_helpers.sql").read_text().encode())
    return url


def new_user(conn: psycopg.Connection[Any], name: str) -> UUID:
    """A signed-up user."""
    row = conn.execute("select tests.create_user(%s)", (name,)).fetchone()
    assert row is not None
    return UUID(str(row[0]))


class Api:
    """One API connection, as a PostgREST pool holds it: a transaction per call."""

    def __init__(self, url: str) -> None:
        self.conn = psycopg.connect(url.replace("postgres@", "authenticator@", 1))

    def ms(self, user: UUID, statement: str, *params: object) -> float:
        """Milliseconds one call takes."""
        start = time.perf_counter()
        with request(self.conn, Role.AUTHENTICATED, user) as conn:
            conn.execute(statement.encode(), params)
        return (time.perf_counter() - start) * 1000


def measure(url: str, members: int, rounds: int) -> dict[str, float]:
    """Build the target's world in a fresh database, then the median of each call."""
    with psycopg.connect(url, autocommit=True) as conn:
        target, stranger, plain = (new_user(conn, n) for n in ("target", "stranger", "plain"))
        requesters = [new_user(conn, f"requester {i}") for i in range(2 * rounds)]
        conn.execute("select tests.create_user('member ' || i) from generate_series(1, %s) i",
                     (members,))
        events = []
        with conn.transaction():
            # Set-based, as bench/generate.sql: the rows every trigger would have written.
            conn.execute("set local session_replication_role = replica")
            conn.execute("create temporary table m on commit drop as select p.id from"
                          " public.profiles p where p.display_name like 'member %'")
            conn.execute("insert into public.friendships (user_id, friend_id, status, requested_by)"
                         " select least(id, %(t)s), greatest(id, %(t)s), 'accepted', %(t)s"
                         " from m", {"t": target})
            for i in range(EVENT_CIRCLES):
                row = conn.execute(
                    "insert into public.events (title, starts_at, creator_id)"
                    " values (%s, now() + interval '10 days', %s) returning id",
                    (f"event {i}", target)).fetchone()
                assert row is not None
                events.append(row[0])
                conn.execute("insert into public.event_authors (event_id, user_id) values (%s, %s)",
                             (row[0], target))
                conn.execute("create temporary table g on commit drop as select"
                             " gen_random_uuid() id, gen_random_uuid() chat, id user_id from m")
                conn.execute("insert into public.chats (id, kind, like_group_id)"
                             " select chat, 'approved_group', id from g")
                conn.execute("insert into public.like_groups"
                             " (id, event_id, creator_id, chat_id, status, decided_at)"
                             " select id, %s, user_id, chat, 'approved', now() from g", (row[0],))
                conn.execute("insert into public.like_group_members"
                             " (group_id, user_id, event_id, group_active)"
                             " select id, user_id, %s, true from g", (row[0],))
                conn.execute("drop table g")
        conn.execute("vacuum analyze")
    api = Api(url)
    rule = "select public.create_dynamic_circle('crew', %s::jsonb)"
    calls: dict[str, list[float]] = {"make a friends circle": [
        api.ms(target, rule, json.dumps({"kind": "friends"}))]}
    for event in events:
        calls.setdefault("make an event circle", []).append(
            api.ms(target, rule, json.dumps({"kind": "event", "event_id": str(event)})))
    for i in range(rounds):
        for name, other in (("target", target), ("plain", plain)):
            for verb in ("block", "unblock"):
                calls.setdefault(f"{verb} {name}", []).append(
                    api.ms(stranger, f"select public.{verb}_user(%s)", other))
        for verb in ("mute", "unmute"):
            calls.setdefault(f"{verb} target", []).append(
                api.ms(stranger, f"select public.{verb}_user(%s)", target))
        for name, other, requester in (("target", target, requesters[2 * i]),
                                       ("plain", plain, requesters[2 * i + 1])):
            api.ms(requester, "select public.request_friendship(%s)", other)
            calls.setdefault(f"accept a friend ({name})", []).append(
                api.ms(other, "select public.respond_friendship(%s, true)", requester))
            calls.setdefault(f"end a friendship ({name})", []).append(
                api.ms(other, "select public.remove_friendship(%s)", requester))
    api.conn.close()
    return {name: statistics.median(ms) for name, ms in calls.items()}


def main() -> int:
    """Build both databases, time each call on both, print the table."""
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--members", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    cluster = Cluster(HOME)
    cluster.start()
    rows = {db: measure(migrate(cluster, tree, db), args.members, args.rounds)
            for db, tree in {"before": checkout(), "now": HERE.parent}.items()}
    cluster.stop()
    print(f"\n| {EVENT_CIRCLES} event circles and a friends circle of {args.members:,} members "
          f"(ms, median of {args.rounds}) | before | now |")
    print("|---|---|---|")
    for name in rows["now"]:
        print(f"| {name} | {rows['before'][name]:.1f} | {rows['now'][name]:.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
