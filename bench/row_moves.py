"""What keeping rows in place (SEC-12) costs the updates that move nothing.

    python bench/row_moves.py                       # a sender of 20,000 messages
    python bench/row_moves.py --messages 100000 --rounds 7
    python bench/row_moves.py --before 871205f      # against another commit

A user (the sender) is in an approved like group's chat and has sent ``--messages`` messages of
``--body`` characters there, and 2,000 notifications wait unread for a member of the group.
``--rounds`` times, alternating the two databases: an operator deletes the sender's auth user
(every message's sender is cleared, an update per message that moves nothing), rolled back; the
member marks every notification read (`mark_notifications_read`, an update per notification),
rolled back; the member marks the chat read, sends a message, and an author approves a new group.

One private cluster (bench/out/row-moves-pg) gets two databases, each migrated by its own tree:
this one (``now``) and the commit before the immutability triggers, or ``--before`` another
(``before``, checked out in bench/out/row-moves-<commit>), so both are measured in one run.
Each figure is the median of the rounds, in milliseconds.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from uuid import UUID

import psycopg

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "python_client"))
sys.path.insert(0, str(HERE))

import run  # noqa: E402
from rule_circles import migrate, new_user  # noqa: E402

from kithdb.embedded import Cluster  # noqa: E402
from kithdb.session import Role, request  # noqa: E402

# Its successors made no writer move a row (SEC-12).
BEFORE = "0c36113"
OUT = HERE / "out"
HOME = OUT / "row-moves-pg"
NOTIFICATIONS = 2000


class _Undo(Exception):
    """Raised inside a request to roll it back."""


class World:
    """One database's sender, chat and readers, and the calls timed on it."""

    def __init__(self, url: str, messages: int, body: int) -> None:
        self.admin = psycopg.connect(url, autocommit=True)
        self.api = psycopg.connect(url.replace("postgres@", "authenticator@", 1))
        conn = self.admin
        self.host, self.sender, self.member = (new_user(conn, n)
                                               for n in ("host", "sender", "member"))
        self.applicants = [new_user(conn, f"applicant {i}") for i in range(50)]
        self.befriend(self.sender, self.member)
        self.event = self.call(self.host, "select public.create_event('Gig', now()"
                               " + interval '10 days')")
        group = self.call(self.sender, "select public.create_like_group(%s, %s::uuid[])",
                          self.event, [self.member])
        self.call(self.host, "select public.approve_like_group(%s)", group)
        self.chat = conn.execute("select chat_id from public.like_groups where id = %s",
                                 (group,)).fetchone()[0]  # type: ignore[index]
        with conn.transaction():
            # Set-based, as bench/generate.sql: the rows the triggers would have written.
            conn.execute("set local session_replication_role = replica")
            conn.execute("insert into public.chat_messages (chat_id, sender_id, body, created_at)"
                         " select %s, %s, repeat('x', %s), now() - g * interval '1 second'"
                         " from generate_series(1, %s) g",
                         (self.chat, self.sender, body, messages))
            conn.execute("insert into public.notifications"
                         " (recipient_id, kind, actor_id, created_at)"
                         " select %s, 'friendship_requested', %s, now() - g * interval '1 second'"
                         " from generate_series(1, %s) g",
                         (self.member, self.sender, NOTIFICATIONS))
        conn.execute("vacuum analyze")
        self.groups = 0

    def befriend(self, user: UUID, friend: UUID) -> None:
        """``user`` and ``friend`` become friends through the API."""
        self.call(user, "select public.request_friendship(%s)", friend)
        self.call(friend, "select public.respond_friendship(%s, true)", user)

    def call(self, user: UUID, statement: str, *params: object) -> Any:
        """What one API call returns."""
        with request(self.api, Role.AUTHENTICATED, user) as conn:
            row = conn.execute(statement.encode(), params).fetchone()
        return None if row is None else row[0]

    def undone(self, run_it: Callable[[psycopg.Connection[Any]], object], *,
               user: UUID | None = None) -> float:
        """Milliseconds ``run_it`` takes in a transaction that is then rolled back, as the
        operator or, given a user, as that user's request."""
        start = time.perf_counter()
        if user is None:
            with self.admin.transaction(force_rollback=True):
                run_it(self.admin)
        else:
            try:
                with request(self.api, Role.AUTHENTICATED, user) as conn:
                    run_it(conn)
                    raise _Undo
            except _Undo:
                pass
        return (time.perf_counter() - start) * 1000

    def timed(self, user: UUID, statement: str, *params: object) -> float:
        """Milliseconds one committed API call takes."""
        start = time.perf_counter()
        self.call(user, statement, *params)
        return (time.perf_counter() - start) * 1000

    def round(self) -> dict[str, float]:
        """Each call once."""
        applicant = self.applicants[self.groups]
        self.groups += 1
        group = self.call(applicant, "select public.create_like_group(%s, %s::uuid[])",
                          self.event, [])
        return {
            "delete the sender's account (operator)": self.undone(
                lambda c: c.execute("delete from auth.users where id = %s", (self.sender,))),
            f"mark {NOTIFICATIONS:,} notifications read": self.undone(
                lambda c: c.execute("select public.mark_notifications_read()"),
                user=self.member),
            "mark the chat read": self.timed(self.member, "select public.mark_chat_read(%s)",
                                             self.chat),
            "send a message": self.timed(self.member, "select public.send_message(%s, 'hi')",
                                         self.chat),
            "approve a like group": self.timed(self.host,
                                               "select public.approve_like_group(%s)", group),
        }


def main() -> int:
    """Build both databases, time each call on both, print the table."""
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--messages", type=int, default=20000)
    parser.add_argument("--body", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=12)
    parser.add_argument("--before", default=BEFORE)
    args = parser.parse_args()
    if args.rounds > 50:
        parser.error("--rounds: at most 50 (one applicant a round)")
    cluster = Cluster(HOME)
    cluster.start()
    before = run.checkout(OUT / f"row-moves-{args.before}", args.before)
    worlds = {db: World(migrate(cluster, tree, db), args.messages, args.body)
              for db, tree in {"before": before, "now": HERE.parent}.items()}
    times: dict[str, dict[str, list[float]]] = {db: {} for db in worlds}
    for i in range(args.rounds):
        for db in (("before", "now") if i % 2 == 0 else ("now", "before")):
            for name, ms in worlds[db].round().items():
                times[db].setdefault(name, []).append(ms)
    cluster.stop()
    print(f"\n| a sender of {args.messages:,} messages of {args.body:,} characters "
          f"(ms, median of {args.rounds}) | {args.before} | now |")
    print("|---|---|---|")
    for name in times["now"]:
        print(f"| {name} | {statistics.median(times['before'][name]):.2f} "
              f"| {statistics.median(times['now'][name]):.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
