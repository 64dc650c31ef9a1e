"""Concurrency torture: 16 threads of random valid and invalid calls across all modules for a
bounded time, then an invariant checker whose queries must all come back empty."""

from __future__ import annotations

import os
import random
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import timedelta
from uuid import UUID

from kithdb import CircleRole, Client, KithdbError, PostAudience
from tests.conftest import Db

# KITHDB_TORTURE_SECONDS runs it longer, to hunt a rare race.
SECONDS = int(os.environ.get("KITHDB_TORTURE_SECONDS", "20"))
THREADS = 16
# The refusals of docs/ERRORS.md; anything else — a deadlock, an internal error — fails.
EXPECTED_SQLSTATES = {"42501", "PT404", "23505", "PT409", "22023", "23514"}

INVARIANTS = {
    "two active groups for one (event, user)": """
        select m.event_id, m.user_id from public.like_group_members m
        join public.like_groups g on g.id = m.group_id
        where g.status in ('pending', 'approved') group by 1, 2 having count(*) > 1""",
    "a member row out of step with its group": """
        select m.group_id, m.user_id from public.like_group_members m
        join public.like_groups g on g.id = m.group_id
        where m.group_active <> (g.status in ('pending', 'approved'))""",
    "a group with two chats": """
        select like_group_id from public.chats group by 1 having count(*) > 1""",
    "an approved group without its chat": """
        select id from public.like_groups where status = 'approved' and chat_id is null""",
    "an approved group's member missing from its chat": """
        select g.id, m.user_id from public.like_groups g
        join public.like_group_members m on m.group_id = g.id
        where g.status = 'approved' and not exists (
          select from public.chat_participants p
          where p.chat_id = g.chat_id and p.user_id = m.user_id)""",
    "an author missing from an approved group's chat": """
        select g.id, a.user_id from public.like_groups g
        join public.event_authors a on a.event_id = g.event_id
        where g.status = 'approved' and not exists (
          select from public.chat_participants p
          where p.chat_id = g.chat_id and p.user_id = a.user_id)""",
    "a member who is an author of the event": """
        select m.group_id, m.user_id from public.like_group_members m
        join public.like_groups g on g.id = m.group_id
        join public.event_authors a on a.event_id = m.event_id and a.user_id = m.user_id
        where g.status in ('pending', 'approved')""",
    "a group over 10 members": """
        select group_id from public.like_group_members group by 1 having count(*) > 10""",
    "a decided group without its decision time": """
        select id from public.like_groups where status <> 'pending' and decided_at is null""",
    # An account's deletion takes its votes (ACC-02): tests.torture_voted keeps which groups
    # lost an approval.
    "an approved group without an approval": """
        select g.id from public.like_groups g where g.status = 'approved'
          and not exists (select from public.like_group_approvals v
                          where v.group_id = g.id and v.approved)
          and g.id not in (select group_id from tests.torture_voted)""",
    "a pending group its current authors' approvals already decide (one miscounted)": """
        select g.id from public.like_groups g
        where g.status = 'pending' and (
          exists (select from public.like_group_approvals v
                  join public.event_authors a on a.event_id = g.event_id and a.user_id = v.author_id
                  where v.group_id = g.id and not v.approved)
          or exists (select from public.like_group_members m where m.group_id = g.id)
             and (select count(*) from public.like_group_approvals v
                  join public.event_authors a
                    on a.event_id = g.event_id and a.user_id = v.author_id
                  where v.group_id = g.id and v.approved)
             >= least(
                  (select count(*) from public.event_authors a where a.event_id = g.event_id),
                  (select count(*) from public.like_group_members m where m.group_id = g.id)))""",
    "an event whose creator is not one of its authors": """
        select e.id from public.events e where e.creator_id is not null and not exists (
          select from public.event_authors a
          where a.event_id = e.id and a.user_id = e.creator_id)""",
    "a pending group of a cancelled event": """
        select g.id from public.like_groups g join public.events e on e.id = g.event_id
        where e.status = 'cancelled' and g.status = 'pending'""",
    "an author still invited to author the event": """
        select i.event_id, i.user_id from public.event_author_invitations i
        join public.event_authors a on a.event_id = i.event_id and a.user_id = i.user_id""",
    "a circle with members but no admin": """
        select c.id from public.circles c
        where exists (select from public.circle_members m
                      where m.circle_id = c.id and m.status = 'member')
          and not exists (select from public.circle_members m where m.circle_id = c.id
                          and m.role = 'admin' and m.status = 'member')""",
    "a circle with no member left": """
        select c.id from public.circles c where c.created_by is not null and not exists (
          select from public.circle_members m where m.circle_id = c.id and m.status = 'member')""",
    "a static circle over 150 rows": """
        select circle_id from public.circle_members m join public.circles c on c.id = m.circle_id
        where c.circle_type = 'static' group by 1 having count(*) > 150""",
}


# A decided group never gains a member or an approval, and its approvals keep their answer
# (LGR-09). Compared between checks rather than by timestamps: created_at and decided_at are
# transaction start times, which do not order transactions that overlap.
DECIDED = """
    select g.id, g.status::text,
           array(select m.user_id::text from public.like_group_members m where m.group_id = g.id),
           array(select v.author_id::text || ':' || v.approved::text
                 from public.like_group_approvals v where v.group_id = g.id)
    from public.like_groups g where g.status <> 'pending'"""
Decided = dict[object, tuple[str, frozenset[str], frozenset[str]]]


def check_invariants(db: Db, decided: Decided) -> dict[str, list[tuple[object, ...]]]:
    broken = {
        name: rows
        for name, query in INVARIANTS.items()
        if (rows := db.admin.execute(query.encode()).fetchall())
    }
    changed: list[tuple[object, ...]] = []
    for group, status, members, approvals in db.admin.execute(DECIDED.encode()).fetchall():
        current = (str(status), frozenset(members), frozenset(approvals))
        then = decided.setdefault(group, current)
        if current[0] != then[0] or not current[1] <= then[1] or not current[2] <= then[2]:
            changed.append((group, then, current))
    if changed:
        broken["a decided group that changed after its decision"] = changed
    return broken


def test_torture(db: Db, client: Client) -> None:
    """CIR-03, CIR-09, LGR-01, LGR-02, LGR-05, LGR-09, CHT-02, EVT-03, EVT-08, EVT-10, ACC-02,
    ACC-03: invariants hold under races, accounts deleted (by their users or by an operator)
    while the others vote on their groups, message their chats and invite them among them."""
    users = db.users(*(f"t{i}" for i in range(14)))
    friends = random.Random(0)  # four pairs in five are friends, the same ones every run
    for i, a in enumerate(users):
        db.befriend(a, *(b for b in users[i + 1:] if friends.random() < 0.8))
    db.admin.execute(VOTES_KEPT)
    try:
        run_torture(db, client, users, friends)
    finally:
        db.admin.execute("drop trigger torture_record_vote on public.like_group_approvals;"
                         " drop function tests.torture_record_vote();"
                         " drop table tests.torture_voted")


# Which groups lost an approval (an account's deletion takes its votes), kept while it runs.
VOTES_KEPT = """
    create table tests.torture_voted (group_id uuid);
    create function tests.torture_record_vote() returns trigger language plpgsql as $$
    begin
      insert into tests.torture_voted values (old.group_id);
      return null;
    end $$;
    create trigger torture_record_vote after delete on public.like_group_approvals
      for each row when (old.approved) execute function tests.torture_record_vote();"""


def run_torture(db: Db, client: Client, users: list[UUID], friends: random.Random) -> None:
    events = [db.event(users[i], f"E{i}", starts_in=timedelta(days=1)) for i in range(3)]
    circles = [db.circle(users[i], f"C{i}") for i in range(3)]
    client.pool.resize(min_size=4, max_size=THREADS)
    deadline = time.monotonic() + SECONDS
    unexpected: list[str] = []
    calls = 0
    lock = threading.Lock()

    def ids(table: str) -> list[UUID]:
        # Shared superuser connection (psycopg serialises its use across threads).
        rows = db.admin.execute(f"select id from public.{table}".encode()).fetchall()
        return [r[0] for r in rows] or [UUID(int=1)]

    def group_ids() -> list[UUID]:
        return ids("like_groups")

    def chat_ids() -> list[UUID]:
        return ids("chats")

    # A deleted account's own requests still in flight are not what this tests: no call acts
    # as an account while it is being deleted. Calls naming it go on.
    acting: Counter[UUID] = Counter()
    leaving: set[UUID] = set()  # every account deleted, from the moment it starts to go
    turns = threading.Condition()

    @contextmanager
    def act_as(user: UUID) -> Iterator[bool]:
        with turns:
            free = user not in leaving
            if free:
                acting[user] += 1
        try:
            yield free
        finally:
            if free:
                with turns:
                    acting[user] -= 1
                    turns.notify_all()

    def delete_account(slot: int, by: str) -> None:
        user = users[slot]
        with turns:
            if user in leaving:
                return
            leaving.add(user)
            while acting[user]:
                turns.wait()
        if by == "user":
            client.as_user(user).delete_my_account(confirm=str(user))
        else:  # as Supabase's admin API deletes a user
            assert db.delete_account(user, by="operator") == "ok"
        fresh = db.new_user(f"t{slot}")
        for other in list(users):
            with act_as(other) as free:  # never someone being deleted
                if free and other != user and friends.random() < 0.8:
                    db.befriend(fresh, other)
        users[slot] = fresh

    def one_call(rng: random.Random) -> None:
        if rng.random() < 0.002:
            delete_account(rng.randrange(len(users)), rng.choice(["user", "operator"]))
            return
        me, other = rng.sample(users, 2)
        with act_as(me) as free:
            if free:
                call_as(rng, me, other)

    def call_as(rng: random.Random, me: UUID, other: UUID) -> None:
        s = client.as_user(me)
        event, circle = rng.choice(events), rng.choice(circles)
        ops: list[Callable[[], object]] = [
            lambda: s.request_friendship(other),
            lambda: s.respond_friendship(other, rng.random() < 0.8),
            lambda: s.remove_friendship(other) if rng.random() < 0.2 else None,
            lambda: s.invite_to_circle(circle, other),
            lambda: s.accept_circle_invitation(circle),
            lambda: s.leave_circle(circle) if rng.random() < 0.3 else None,
            lambda: s.remove_circle_member(circle, other),
            lambda: s.set_circle_member_role(circle, other, rng.choice(list(CircleRole))),
            lambda: s.create_like_group(event, rng.sample(users, rng.randint(0, 3))),
            lambda: s.add_like_group_member(rng.choice(group_ids()), other),
            lambda: s.remove_like_group_member(rng.choice(group_ids()), other),
            lambda: s.leave_like_group(rng.choice(group_ids())),
            lambda: s.withdraw_like_group(rng.choice(group_ids())),
            lambda: s.approve_like_group(rng.choice(group_ids()), rng.random() < 0.85),
            lambda: s.approve_like_group(rng.choice(group_ids()), rng.random() < 0.85),
            lambda: s.add_event_author(event, other),
            lambda: s.respond_event_author_invitation(event, accept=rng.random() < 0.8),
            lambda: s.leave_event_authors(event) if rng.random() < 0.2 else None,
            lambda: s.cancel_event(event) if rng.random() < 0.03 else None,
            lambda: s.remove_event_author(event, other),
            lambda: s.send_message(rng.choice(chat_ids()), "hi"),
            lambda: s.create_post("p", PostAudience.CIRCLES, [circle]),
            lambda: client.as_service().expire_like_groups(),
        ]
        rng.choice(ops)()

    def worker(seed: int) -> int:
        nonlocal calls
        rng = random.Random(seed)
        done = 0
        while time.monotonic() < deadline:
            try:
                one_call(rng)
            except KithdbError as err:
                if err.sqlstate not in EXPECTED_SQLSTATES:
                    # Where it happened: the PL/pgSQL call stack of the refused statement, and
                    # for a deadlock which locks each process waited for (DETAIL).
                    diag = getattr(err.__cause__, "diag", None)
                    where = getattr(diag, "context", None) or ""
                    detail = getattr(diag, "message_detail", None) or ""
                    with lock:
                        unexpected.append(
                            f"{err.sqlstate} {err.reason}: {err.message}\n{detail}\n{where}")
            done += 1
        with lock:
            calls += done
        return done

    # Invariants hold in every committed state, not only at the end: check while it runs.
    seen: list[dict[str, list[tuple[object, ...]]]] = []
    decided: Decided = {}
    with ThreadPoolExecutor(THREADS) as pool:
        running = pool.map(worker, range(THREADS))
        while time.monotonic() < deadline:
            if found := check_invariants(db, decided):
                seen.append(found)
            time.sleep(0.5)
        list(running)
    statuses = db.admin.execute(
        "select status::text, count(*) from public.like_groups group by 1 order by 1"
    ).fetchall()
    print(f"torture: {calls} calls and {len(leaving)} accounts deleted in {SECONDS} s;"
          f" like groups by status: {statuses}")
    assert calls > 200, "the torture barely ran"
    assert unexpected == [], "\n\n".join(unexpected)
    assert seen == [], "an invariant broke while the torture ran"
    assert check_invariants(db, decided) == {}
    assert db.one("select count(*) from public.like_groups where status = 'approved'") > 0
