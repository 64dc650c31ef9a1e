"""What the writes that change a rule circle's members cost against the circle's size.

    python bench/rule_circles.py                    # circles of 1,000 members
    python bench/rule_circles.py --members 4000 --rounds 9
    python bench/rule_circles.py --profiles 50000   # among 50,000 other users

A user (the target) authors nine events, each attended by ``--members`` members of approved like
groups, and keeps an event circle of each; the attendees are also the target's friends, and the
target keeps a friends circle. ``--rounds`` times, through the API as PostgREST calls it (one
connection, a transaction per call): a stranger blocks and unblocks the target; a new user's
friend request is accepted by the target and the friendship ended; a new user's like group of
ten for the first event is approved by the target and one of its members then leaves it; a friend
of the target accepts to author the first event and is then removed. A mute and an unmute of the
target, which touch no circle, are the twin; the same calls on a user with no circles show what
they cost before any circle. Making the circles, which derives every member, shows that the whole
derivation costs what it did. ``--profiles`` more users, in nobody's circle, make the database
larger: the plans PostgreSQL picks depend on its size.

One private cluster (bench/out/rule-circles-pg) gets two databases, each migrated by its own
tree: this one (``now``) and the commit before these writes re-derived only the memberships they
concern (``before``, checked out in bench/out/rule-circles-before), so both are measured in one
run. Each figure is the median of the rounds, in milliseconds.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any
from uuid import UUID

import psycopg

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "python_client"))
sys.path.insert(0, str(HERE))

import run  # noqa: E402

from kithdb.embedded import Cluster  # noqa: E402
from kithdb.session import Role, request  # noqa: E402

# Its successors made these writes re-derive only the memberships they concern.
BEFORE = "39438c6"
OUT = HERE / "out"
TREE = OUT / "rule-circles-before"
HOME = OUT / "rule-circles-pg"
# A user makes at most 10 rule circles (DYN-06): these and a friends circle.
EVENT_CIRCLES = 9
# The largest like group (LGR-02).
GROUP = 10


def migrate(cluster: Cluster, tree: Path, db: str) -> str:
    """``db`` afresh, migrated by ``tree``, with the test helpers that make users."""
    url = run.migrated(cluster, db, tree)
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

    def value(self, user: UUID, statement: str, *params: object) -> Any:
        """What one call returns."""
        with request(self.conn, Role.AUTHENTICATED, user) as conn:
            row = conn.execute(statement.encode(), params).fetchone()
        assert row is not None
        return row[0]


def measure(url: str, members: int, profiles: int, rounds: int) -> dict[str, float]:
    """Build the target's world in a fresh database, then the median of each call."""
    with psycopg.connect(url, autocommit=True) as conn:
        target, stranger, plain = (new_user(conn, n) for n in ("target", "stranger", "plain"))
        requesters = [new_user(conn, f"requester {i}") for i in range(2 * rounds)]
        applicants = [new_user(conn, f"applicant {i}") for i in range(rounds)]
        # Each applicant's nine friends, who apply with them.
        companions = [[new_user(conn, f"companion {i}.{j}") for j in range(GROUP - 1)]
                      for i in range(rounds)]
        coauthors = [new_user(conn, f"coauthor {i}") for i in range(rounds)]
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
            conn.execute("insert into public.friendships (user_id, friend_id, status, requested_by)"
                         " select least(u, %(t)s), greatest(u, %(t)s), 'accepted', %(t)s"
                         " from unnest(%(c)s::uuid[]) u", {"t": target, "c": coauthors})
            for applicant, friends in zip(applicants, companions, strict=True):
                conn.execute("insert into public.friendships"
                             " (user_id, friend_id, status, requested_by)"
                             " select least(u, %(a)s), greatest(u, %(a)s), 'accepted', %(a)s"
                             " from unnest(%(f)s::uuid[]) u", {"a": applicant, "f": friends})
            conn.execute("insert into auth.users (id, email) select gen_random_uuid(),"
                         " 'other ' || i || '@example.test' from generate_series(1, %s) i",
                         (profiles,))
            conn.execute("insert into public.profiles (id, display_name) select id, 'other'"
                         " from auth.users where email like 'other %%@example.test'")
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
        group = api.value(applicants[i], "select public.create_like_group(%s, %s::uuid[])",
                          events[0], companions[i])
        calls.setdefault(f"approve a like group of {GROUP}", []).append(
            api.ms(target, "select public.approve_like_group(%s)", group))
        calls.setdefault("leave an approved like group", []).append(
            api.ms(companions[i][0], "select public.leave_like_group(%s)", group))
        api.ms(target, "select public.add_event_author(%s, %s)", events[0], coauthors[i])
        calls.setdefault("accept to author an event", []).append(
            api.ms(coauthors[i], "select public.respond_event_author_invitation(%s, true)",
                   events[0]))
        calls.setdefault("remove an author", []).append(
            api.ms(target, "select public.remove_event_author(%s, %s)", events[0], coauthors[i]))
    api.conn.close()
    return {name: statistics.median(ms) for name, ms in calls.items()}


def main() -> int:
    """Build both databases, time each call on both, print the table."""
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--members", type=int, default=1000)
    parser.add_argument("--profiles", type=int, default=0)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    cluster = Cluster(HOME)
    cluster.start()
    rows = {db: measure(migrate(cluster, tree, db), args.members, args.profiles, args.rounds)
            for db, tree in {"before": run.checkout(TREE, BEFORE), "now": HERE.parent}.items()}
    cluster.stop()
    print(f"\n| {EVENT_CIRCLES} event circles and a friends circle of {args.members:,} members, "
          f"{args.profiles:,} other users "
          f"(ms, median of {args.rounds}) | before | now |")
    print("|---|---|---|")
    for name in rows["now"]:
        print(f"| {name} | {rows['before'][name]:.1f} | {rows['now'][name]:.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
