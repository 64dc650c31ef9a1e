"""Blocks through PostgREST-shaped sessions: what each side sees, what a block ends, what it
refuses, and blocks racing the writes that would connect a pair."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from functools import partial
from typing import Any
from uuid import UUID

import psycopg
import pytest

from kithdb import (
    CircleRole,
    Client,
    Conflict,
    InvalidInput,
    KithdbError,
    NotAllowed,
    NotFound,
)
from kithdb.errors import from_psycopg
from kithdb.session import Role, request
from tests.conftest import DELETED_BY, Db, answer, refusal


def pair_row(db: Db, a: UUID, b: UUID) -> str | None:
    """The status of the friendships row between ``a`` and ``b``, if there is one."""
    status: str | None = db.one(
        "select status::text from public.friendships where user_id = least(%s::uuid, %s::uuid)"
        " and friend_id = greatest(%s::uuid, %s::uuid)", (a, b, a, b))
    return status



def table_refusal(db: Db, user: UUID, query: str, params: tuple[object, ...]) -> tuple[Any, ...]:
    """What a refused table write as ``user`` answers: SQLSTATE, reason, message and detail."""
    with pytest.raises(psycopg.Error) as info, db.as_user(user) as conn:
        conn.execute(query.encode(), params)
    err = from_psycopg(info.value)
    return err.sqlstate, err.reason, err.message, info.value.diag.message_detail


@contextmanager
def held(db: Db, user: UUID, statement: str, *params: Any) -> Iterator[None]:
    """``statement`` run as ``user`` in a transaction left open for the block's length, then
    committed: what a concurrent request sees while another is in flight."""
    conn = db.connect()
    try:
        with request(conn, Role.AUTHENTICATED, user):
            conn.execute(statement.encode(), params)
            yield
    finally:
        conn.close()


def test_a_block_ends_the_friendship_and_hides_the_blocker(db: Db, client: Client) -> None:
    """BLK-01, BLK-02, BLK-03, PRO-03: blocking ends the friendship; the blocker sees their block
    and the blocked user, the blocked sees neither the block nor the blocker; unblocking restores
    the profile, not the friendship."""
    ada, bob, eve = db.users("ada", "bob", "eve")
    db.befriend(ada, bob)
    ada_s, bob_s = client.as_user(ada), client.as_user(bob)

    ada_s.block_user(bob)
    assert pair_row(db, ada, bob) is None
    assert [(b.blocker_id, b.blocked_id) for b in ada_s.blocks()] == [(ada, bob)]
    assert bob_s.blocks() == []
    with db.as_user(bob) as conn:
        seen = {r[0] for r in conn.execute("select id from public.profiles")}
    assert seen == {bob, eve}
    with db.as_user(eve) as conn:
        assert conn.execute("select count(*) from public.profiles").fetchone() == (3,)

    ada_s.unblock_user(bob)
    with db.as_user(bob) as conn:
        assert conn.execute("select count(*) from public.profiles").fetchone() == (3,)
    assert pair_row(db, ada, bob) is None
    assert ada_s.request_friendship(bob) == "pending"


@pytest.mark.parametrize("status", ["pending", "declined"])
def test_a_block_ends_a_request(db: Db, client: Client, status: str) -> None:
    """BLK-02: a pending or declined request goes with the block, whichever side blocks."""
    ada, bob = db.users("ada", "bob")
    client.as_user(ada).request_friendship(bob)
    if status == "declined":
        client.as_user(bob).respond_friendship(ada, False)
    client.as_user(bob).block_user(ada)
    assert pair_row(db, ada, bob) is None


def test_the_blocked_cannot_tell_a_blocker_from_nobody(db: Db, client: Client) -> None:
    """BLK-03, BLK-04: to the blocked, every call and table write naming the blocker answers as
    for a user who does not exist; the blocker is told what they did."""
    ada, bob = db.users("ada", "bob")
    nobody = uuid.uuid4()
    client.as_user(ada).block_user(bob)
    bob_s = client.as_user(bob)
    calls: list[Callable[[UUID], object]] = [bob_s.request_friendship, bob_s.block_user]
    for call in calls:
        assert refusal(partial(call, ada)) == refusal(partial(call, nobody))
        assert refusal(partial(call, ada))[:2] == ("PT404", "user_not_found")
    insert_friendship = (
        "insert into public.friendships (user_id, friend_id, status, requested_by)"
        " values (least(%s::uuid, %s::uuid), greatest(%s::uuid, %s::uuid), 'pending', %s)")
    assert (table_refusal(db, bob, insert_friendship, (bob, ada, bob, ada, bob))[:3]
            == table_refusal(db, bob, insert_friendship, (bob, nobody, bob, nobody, bob))[:3]
            == ("PT404", "user_not_found", "no such user"))
    insert_block = "insert into public.blocks (blocker_id, blocked_id) values (%s, %s)"
    assert (table_refusal(db, bob, insert_block, (bob, ada))
            == table_refusal(db, bob, insert_block, (bob, nobody)))
    # The blocker is told.
    with pytest.raises(NotAllowed) as told:
        client.as_user(ada).request_friendship(bob)
    assert told.value.reason == "user_blocked"
    assert table_refusal(db, ada, insert_friendship, (ada, bob, ada, bob, ada))[:2] == (
        "42501", "user_blocked")


def test_block_refusals(db: Db, client: Client) -> None:
    """BLK-01: oneself, twice, a block never made, and a block only its blocker lifts."""
    ada, bob = db.users("ada", "bob")
    ada_s = client.as_user(ada)
    with pytest.raises(InvalidInput) as self_block:
        ada_s.block_user(ada)
    assert self_block.value.reason == "cannot_block_self"
    ada_s.block_user(bob)
    with pytest.raises(Conflict) as twice:
        ada_s.block_user(bob)
    assert twice.value.reason == "already_blocked"
    with pytest.raises(NotFound) as never:
        client.as_user(bob).unblock_user(ada)
    assert never.value.reason == "block_not_found"
    assert len(ada_s.blocks()) == 1


def test_service_role_cannot_join_a_blocked_pair(db: Db) -> None:
    """BLK-04: the rule is the data's, not the caller's: service_role is refused too."""
    ada, bob = db.users("ada", "bob")
    db.rpc(bob, "select public.block_user(%s)", ada)
    with pytest.raises(psycopg.Error) as info, db.as_service() as conn:
        conn.execute(
            "insert into public.friendships (user_id, friend_id, status, requested_by)"
            " values (least(%s::uuid, %s::uuid), greatest(%s::uuid, %s::uuid), 'accepted', %s)",
            (ada, bob, ada, bob, ada))
    assert from_psycopg(info.value).reason == "user_blocked"


def test_a_user_statement_never_passes_for_an_account_deletion(db: Db) -> None:
    """BLK-05, BLK-03, EVT-03: an author blocked by an event's creator sees neither the
    creator's profile nor their author row, and their delete of it removes nothing; another author
    who blocked the creator still sees the row, and its delete is refused."""
    ada, bob, cat = db.users("ada", "bob", "cat")
    db.befriend(ada, bob, cat)
    event = db.event(ada, "E", authors=[bob, cat])
    db.rpc(ada, "select public.block_user(%s)", bob)
    db.rpc(cat, "select public.block_user(%s)", ada)
    delete = "delete from public.event_authors where event_id = %s and user_id = %s"
    with db.as_user(bob) as conn:
        assert conn.execute(delete, (event, ada)).rowcount == 0
    with pytest.raises(psycopg.Error) as info, db.as_user(cat) as conn:
        conn.execute(delete, (event, ada))
    assert from_psycopg(info.value).reason == "cannot_remove_event_creator"
    assert db.one("select count(*) from public.event_authors where event_id = %s"
                  " and user_id = %s", (event, ada)) == 1


def test_a_request_in_flight_is_ended_by_the_block_that_waits_for_it(
        db: Db, client: Client) -> None:
    """BLK-06: bob's request is not committed when ada blocks him; the block waits for the
    pair's lock and then ends the request, so the pair ends unconnected."""
    ada, bob = db.users("ada", "bob")
    with ThreadPoolExecutor(1) as pool:
        with held(db, bob, "select public.request_friendship(%s)", ada):
            block = pool.submit(client.as_user(ada).block_user, bob)
            with pytest.raises(TimeoutError):
                block.result(timeout=0.5)
        block.result(timeout=10)
    assert pair_row(db, ada, bob) is None


def test_an_acceptance_in_flight_is_ended_by_the_block_that_waits_for_it(
        db: Db, client: Client) -> None:
    """BLK-02: bob accepts ada's request while ada blocks him; the block waits for bob's
    transaction and ends the friendship it made."""
    ada, bob = db.users("ada", "bob")
    client.as_user(ada).request_friendship(bob)
    with ThreadPoolExecutor(1) as pool:
        with held(db, bob, "select public.respond_friendship(%s, true)", ada):
            block = pool.submit(client.as_user(ada).block_user, bob)
            with pytest.raises(TimeoutError):
                block.result(timeout=0.5)
        block.result(timeout=10)
    assert pair_row(db, ada, bob) is None


@pytest.mark.parametrize("asker", ["blocker", "blocked"])
def test_a_request_waits_for_a_block_in_flight_and_is_refused(
        db: Db, client: Client, asker: str) -> None:
    """BLK-06: ada's block is not committed when a request between the two comes; the request
    waits for the pair's lock and then sees the block."""
    ada, bob = db.users("ada", "bob")
    me, other = (ada, bob) if asker == "blocker" else (bob, ada)
    with ThreadPoolExecutor(1) as pool:
        with held(db, ada, "select public.block_user(%s)", bob):
            ask = pool.submit(client.as_user(me).request_friendship, other)
            with pytest.raises(TimeoutError):
                ask.result(timeout=0.5)
        with pytest.raises((NotAllowed, NotFound)) as info:
            ask.result(timeout=10)
    assert info.value.reason == ("user_blocked" if asker == "blocker" else "user_not_found")
    assert pair_row(db, ada, bob) is None


def visible_ids(db: Db, client: Client, me: UUID, author: UUID,
                circle: UUID) -> dict[str, set[UUID]]:
    """``author``'s posts as ``me`` reads them: the posts table, feed, home_feed, the profile
    page and the circle's page. An author whose profile ``me`` cannot see has no profile page:
    it answers PT404 ``user_not_found``, as for a user who does not exist."""
    session = client.as_user(me)
    with db.as_user(me) as conn:
        table = {r[0] for r in conn.execute("select id from public.posts")}
        profile = conn.execute("select count(*) from public.profiles where id = %s",
                               (author,)).fetchone() == (1,)
    seen = {
        "table": table,
        "feed": {p.id for page in session.feed_pages(page_size=50) for p in page},
        "home_feed": {p.id for page in session.home_feed_pages(page_size=50) for p in page},
        "circle": {p.id for page in session.feed_pages(page_size=50, circle_id=circle)
                   for p in page},
    }
    if profile:
        seen["user_posts"] = {p.id for p in session.user_posts(author, limit=100)}
    else:
        with pytest.raises(NotFound) as missing:
            session.user_posts(author, limit=100)
        assert missing.value.reason == "user_not_found"
        seen["user_posts"] = set()
    return seen


def test_neither_reads_the_others_posts(db: Db, client: Client) -> None:
    """BLK-07, PST-08: while ada blocks bob, neither reads the other's posts through the table,
    feed, home_feed, the profile page or their shared circle's page, and the circle's keeper
    still reads both; unblocking brings back what the audience allows (the friendship it ended
    stays ended, so bob's friends post stays out of ada's reach)."""
    ada, bob, cat = db.users("ada", "bob", "cat")
    db.befriend(cat, ada, bob)
    db.befriend(ada, bob)
    circle = db.circle(cat, "club", members=[ada, bob])
    posts = {who: {audience: db.post(who, f"{audience} post", audience,
                                     [circle] if audience == "circles" else None)
                   for audience in ("public", "friends", "circles")}
             for who in (ada, bob)}

    def reads(me: UUID, author: UUID) -> dict[str, set[str]]:
        """Which of ``author``'s posts (by audience) ``me`` reads, per place."""
        by_id = {post: audience for audience, post in posts[author].items()}
        return {where: {by_id[i] for i in ids if i in by_id}
                for where, ids in visible_ids(db, client, me, author, circle).items()}

    every = {"public", "friends", "circles"}
    before = {"table": every, "feed": every, "home_feed": every, "circle": {"circles"},
              "user_posts": every}
    assert reads(ada, bob) == before and reads(bob, ada) == before
    client.as_user(ada).block_user(bob)
    nothing: dict[str, set[str]] = {where: set() for where in before}
    assert reads(ada, bob) == nothing and reads(bob, ada) == nothing
    assert reads(cat, bob)["circle"] == {"circles"} and reads(cat, ada)["circle"] == {"circles"}
    client.as_user(ada).unblock_user(bob)
    assert reads(ada, bob)["table"] == {"public", "circles"}


def test_a_blocked_co_members_posts_leave_no_gap_in_a_page(db: Db, client: Client) -> None:
    """BLK-07, PST-08, PST-05: a circle full of posts by someone ada blocked still gives ada full
    pages of the others' posts, in the home feed and the circle's page, equal to the rule."""
    ada, bob, cat = db.users("ada", "bob", "cat")
    db.befriend(cat, ada, bob)
    circle = db.circle(cat, "club", members=[ada, bob])
    with db.admin.transaction():
        db.admin.execute(
            "insert into public.posts (author_id, body, audience, created_at)"
            " select case when g %% 4 = 0 then %s::uuid else %s::uuid end, 'p', 'circles',"
            "        now() - g * interval '1 minute'"
            " from generate_series(1, 120) g", (cat, bob))
        db.admin.execute("insert into public.post_circles (post_id, circle_id)"
                         " select id, %s from public.posts", (circle,))
    client.as_user(bob).block_user(ada)
    with db.as_user(ada) as conn:
        want = [r[0] for r in conn.execute(
            "select p.id from public.posts p order by p.created_at desc, p.id desc")]
    assert len(want) == 30
    for pages in (list(client.as_user(ada).home_feed_pages(page_size=7)),
                  list(client.as_user(ada).feed_pages(page_size=7, circle_id=circle))):
        assert all(len(page) == 7 for page in pages[:-1]), [len(p) for p in pages]
        assert [p.id for page in pages for p in page] == want


def test_a_block_of_a_blocker_in_flight_answers_as_after_it(db: Db, client: Client) -> None:
    """BLK-03, BLK-06: ada blocks bob while bob's block of ada is in flight: hers waits for his
    and answers as it would after it, as for a user who does not exist. Bob still sees ada
    (his own block names her) and gets the answers he got before."""
    ada, bob = db.users("ada", "bob")
    with ThreadPoolExecutor(1) as pool:
        with held(db, bob, "select public.block_user(%s)", ada):
            second = pool.submit(refusal, partial(client.as_user(ada).block_user, bob))
            with pytest.raises(TimeoutError):
                second.result(timeout=0.5)
        assert second.result(timeout=10)[:2] == ("PT404", "user_not_found")
    assert db.one("select count(*) from public.blocks") == 1
    with db.as_user(bob) as conn:
        assert conn.execute("select count(*) from public.profiles where id = %s",
                            (ada,)).fetchone() == (1,)
    assert refusal(partial(client.as_user(bob).block_user, ada))[:2] == (
        "23505", "already_blocked")
    assert refusal(partial(client.as_user(bob).request_friendship, ada))[:2] == (
        "42501", "user_blocked")
    assert refusal(partial(client.as_user(ada).block_user, bob))[:2] == (
        "PT404", "user_not_found")


@pytest.mark.parametrize("call", ["block_user", "unblock_user"])
def test_a_blocker_busy_writing_is_not_waited_for(db: Db, client: Client, call: str) -> None:
    """BLK-03: bob, whom ada blocked, blocks her, or lifts a block he never made, while she
    applies to an event (a write that holds her lock): he is answered at once, as for a user who
    does not exist or a block that does not, not when her write ends; her write in flight shows
    him nothing."""
    ada, bob, cat, fay = db.users("ada", "bob", "cat", "fay")
    db.befriend(ada, cat)
    event = db.event(fay, "Gig")
    client.as_user(ada).block_user(bob)
    want = {"block_user": ("PT404", "user_not_found"),
            "unblock_user": ("PT404", "block_not_found")}[call]
    with (ThreadPoolExecutor(1) as pool,
          held(db, ada, "select public.create_like_group(%s, %s::uuid[])", event, [cat])):
        answer = pool.submit(refusal, partial(getattr(client.as_user(bob), call), ada))
        assert answer.result(timeout=5)[:2] == want


def test_the_block_lock_of_a_blocker_is_not_waited_for(db: Db) -> None:
    """BLK-03: bob, whom ada blocked, takes the locks of a block with her directly, as a SQL
    session as authenticated may, while she applies to an event (a write that holds her lock):
    nothing of hers is waited for, so he cannot time her writes."""
    ada, bob, cat, fay = db.users("ada", "bob", "cat", "fay")
    db.befriend(ada, cat)
    event = db.event(fay, "Gig")
    db.rpc(ada, "select public.block_user(%s)", bob)
    with (ThreadPoolExecutor(1) as pool,
          held(db, ada, "select public.create_like_group(%s, %s::uuid[])", event, [cat])):
        locking = pool.submit(db.outcome, bob, "select kithdb.lock_my_block(%s)", ada)
        assert locking.result(timeout=5) == "ok"


@pytest.mark.parametrize("call", ["add_like_group_member", "respond_friendship"])
def test_a_blocker_lifting_their_block_is_not_waited_for(
    db: Db, client: Client, call: str
) -> None:
    """BLK-03: bob, whom ada blocked, adds her to his like group, or answers a request of hers,
    while her unblock of him is in flight (which holds their pair's lock): he is answered at
    once, as for a user who does not exist or a request that does not, not when her unblock
    ends."""
    ada, bob, fay = db.users("ada", "bob", "fay")
    group = db.like_group(bob, db.event(fay, "Gig"))
    client.as_user(ada).block_user(bob)
    want, args = {
        "add_like_group_member": (("PT404", "user_not_found"), (group, ada)),
        "respond_friendship": (("PT404", "friendship_request_not_found"), (ada, True)),
    }[call]
    with (ThreadPoolExecutor(1) as pool,
          held(db, ada, "select public.unblock_user(%s)", bob)):
        answer = pool.submit(refusal, partial(getattr(client.as_user(bob), call), *args))
        assert answer.result(timeout=5)[:2] == want

def test_two_blocks_of_one_user_and_an_authors_invitation_do_not_deadlock(db: Db) -> None:
    """BLK-06, BLK-02, EVT-02: bob blocks wes and yan, an author of his event, while yan invites
    wes to it: the invitation waits for the pair of wes and bob, the block of yan for the
    event's authors; neither block waits for the other, and nothing deadlocks."""
    bob, yan, wes = db.users("bob", "yan", "wes")
    db.befriend(bob, yan, wes)
    event = db.event(bob, "His", authors=[yan])
    lo, hi = sorted((bob, wes), key=str)
    with ThreadPoolExecutor(3) as pool:
        with db.as_service() as holder:
            # Holding bob and wes's friendship lines the three up: bob's block of wes waits for
            # it holding their pair's lock; yan's invitation then waits for that pair holding
            # the event's authors' lock; bob's block of yan then waits for that lock.
            holder.execute("select from public.friendships where user_id = %s and friend_id = %s"
                           " for update", (lo, hi))
            blocking_wes = pool.submit(db.outcome, bob, "select public.block_user(%s)", wes)
            time.sleep(0.3)
            inviting = pool.submit(db.outcome, yan, "select public.add_event_author(%s, %s)",
                                   event, wes)
            time.sleep(0.3)
            blocking_yan = pool.submit(db.outcome, bob, "select public.block_user(%s)", yan)
            time.sleep(0.3)
        got = (blocking_wes.result(timeout=20), inviting.result(timeout=20),
               blocking_yan.result(timeout=20))
    assert got[0] == "ok" and got[2] == "ok" and got[1] in ("ok", "42501 blocked_pair"), got


def test_muting_a_blocker_does_not_wait_for_their_deletion(db: Db, client: Client) -> None:
    """BLK-03, ACC-02: bob, whom ada blocked, mutes her while her account's deletion is in
    flight: he is answered at once, as for a user who does not exist, not when it ends."""
    ada, bob = db.users("ada", "bob")
    client.as_user(ada).block_user(bob)
    with (ThreadPoolExecutor(1) as pool,
          held(db, ada, "select public.delete_my_account(%s)", str(ada))):
        answer = pool.submit(refusal, partial(client.as_user(bob).mute_user, ada))
        assert answer.result(timeout=5)[:2] == ("PT404", "user_not_found")


def test_a_table_write_blocking_a_blocker_is_not_kept_waiting(db: Db) -> None:
    """BLK-03, BLK-01: bob, whom ada blocked, writes a block of her straight into the table
    while she applies to an event (a write that holds her lock): the write is refused at once,
    as for a user who does not exist, not when her write ends."""
    ada, bob, cat, fay = db.users("ada", "bob", "cat", "fay")
    db.befriend(ada, cat)
    event = db.event(fay, "Gig")
    db.rpc(ada, "select public.block_user(%s)", bob)
    with (ThreadPoolExecutor(1) as pool,
          held(db, ada, "select public.create_like_group(%s, %s::uuid[])", event, [cat])):
        writing = pool.submit(db.outcome, bob, "insert into public.blocks (blocker_id, blocked_id)"
                              " values (%s, %s)", bob, ada)
        assert writing.result(timeout=5) == "PT404 user_not_found"
    assert db.one("select count(*) from public.blocks where blocker_id = %s", (bob,)) == 0


@pytest.mark.parametrize("lock", ["kithdb.lock_user_blocks(%s, true)",
                                  "kithdb.lock_blocks_by(%s, true)"])
def test_a_table_write_of_someone_elses_block_takes_none_of_their_locks(
    db: Db, lock: str
) -> None:
    """BLK-01, BLK-03, NTF-03: a table write of a block whose blocker is not the writer is refused
    at once, whatever the would-be blocker has in flight (their user lock or their blocker lock
    held exclusive: an application, a pass of an event to them): it takes none of their locks, so
    it can neither time their writes nor hold up a pass."""
    ada, bob, cat = db.users("ada", "bob", "cat")
    with ThreadPoolExecutor(1) as pool, db.as_service() as conn:
        conn.execute(f"select {lock}".encode(), (ada,))
        writing = pool.submit(db.outcome, bob, "insert into public.blocks (blocker_id, blocked_id)"
                              " values (%s, %s)", ada, cat)
        assert writing.result(timeout=5).startswith("42501")
    assert db.one("select count(*) from public.blocks where blocker_id = %s", (ada,)) == 0


@pytest.mark.parametrize("level", [psycopg.IsolationLevel.REPEATABLE_READ,
                                   psycopg.IsolationLevel.SERIALIZABLE])
def test_only_read_committed_writes_between_two_users(
        db: Db, client: Client, level: psycopg.IsolationLevel) -> None:
    """BLK-06: a request whose snapshot predates a block would not see it: under REPEATABLE
    READ, and under SERIALIZABLE, which finds no conflict with PostgREST's READ COMMITTED block,
    it is refused before it looks."""
    ada, bob = db.users("ada", "bob")
    conn = db.connect()
    try:
        conn.isolation_level = level
        with pytest.raises(psycopg.Error) as info, request(conn, Role.AUTHENTICATED, bob):
            conn.execute("select 1")  # the snapshot is taken
            client.as_user(ada).block_user(bob)
            conn.execute("select public.request_friendship(%s)", (ada,))
        assert info.value.sqlstate == "25001"
        assert info.value.diag.message_detail == "read_committed_required"
    finally:
        conn.close()
    assert pair_row(db, ada, bob) is None


@pytest.mark.parametrize("statement", ["select public.remove_friendship(%s)",
                                       "select public.respond_friendship(%s, true)"])
def test_outside_read_committed_a_blocker_answers_as_a_stranger(db: Db, statement: str) -> None:
    """BLK-03, BLK-06: under REPEATABLE READ, bob ending or answering a friendship with ada, who
    blocked him, gets the answer he gets with cat, a stranger: no refusal of the isolation level
    for one and not the other."""
    ada, bob, cat = db.users("ada", "bob", "cat")
    db.rpc(ada, "select public.block_user(%s)", bob)

    def ask(other: UUID) -> str:
        with db.connect() as conn:
            conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ

            def run() -> None:
                with request(conn, Role.AUTHENTICATED, bob) as c:
                    c.execute(statement.encode(), (other,))

            return answer(run)

    assert ask(ada) == ask(cat) == "25001 read_committed_required"


def test_blocks_and_answers_race_without_deadlock(db: Db, client: Client) -> None:
    """BLK-06: blocks racing acceptances of the same pairs never deadlock (each takes the pair's
    lock before the friendship row's) and leave no friendship."""
    pairs = [tuple(db.users(f"a{i}", f"b{i}")) for i in range(40)]
    for a, b in pairs:
        client.as_user(a).request_friendship(b)
    failures: list[str] = []

    def block(a: UUID, b: UUID) -> None:
        try:
            client.as_user(a).block_user(b)
        except KithdbError as err:
            failures.append(f"block: {err}")

    def accept(a: UUID, b: UUID) -> None:
        try:
            client.as_user(b).respond_friendship(a, True)
        except NotFound:
            pass  # the block came first: to bob, ada is gone
        except KithdbError as err:
            failures.append(f"accept: {err}")

    with ThreadPoolExecutor(8) as pool:
        for a, b in pairs:
            pool.submit(block, a, b)
            pool.submit(accept, a, b)
    assert failures == []
    assert all(pair_row(db, a, b) is None for a, b in pairs)


@pytest.mark.parametrize("blocker", ["requester", "addressee"])
def test_a_block_and_an_answer_by_table_write_do_not_deadlock(db: Db, blocker: str) -> None:
    """BLK-06: an answer by table write (a PostgREST PATCH) holds the friendship's row before
    it can take the pair's lock, the other order from a block's. The block, begun while the
    answer holds the row, goes through; the answer is told at once to try again (40001
    pair_busy), never 40P01, and no friendship is left."""
    ada, bob = db.users("ada", "bob")
    db.rpc(ada, "select public.request_friendship(%s)", bob)
    by, of = (ada, bob) if blocker == "requester" else (bob, ada)
    with ThreadPoolExecutor(1) as pool, db.as_user(bob) as conn:
        conn.execute("select from public.friendships for no key update")  # a slow PATCH's row
        blocking = pool.submit(db.outcome, by, "select public.block_user(%s)", of)
        db.await_waiting(1)
        with pytest.raises(psycopg.Error) as info:
            conn.execute("update public.friendships set status = 'accepted'")
        assert (info.value.sqlstate, info.value.diag.message_detail) == ("40001", "pair_busy")
    assert blocking.result(timeout=20) == "ok"
    assert pair_row(db, ada, bob) is None


def test_a_block_and_a_members_leaving_by_table_write_do_not_deadlock(db: Db) -> None:
    """BLK-06, CIR-08: bob leaves ada's circle by table write (a PostgREST DELETE, which holds
    his row before the circle's) while ada blocks him (which holds the circle, then parts him):
    the block goes through, and the leaving is told at once to try again (40001 circle_busy),
    never 40P01."""
    ada, bob = db.users("ada", "bob")
    db.befriend(ada, bob)
    circle = db.circle(ada, "Ours", members=[bob])
    with ThreadPoolExecutor(1) as pool, db.as_user(bob) as conn:
        conn.execute("select from public.circle_members where user_id = %s for update", (bob,))
        blocking = pool.submit(db.outcome, ada, "select public.block_user(%s)", bob)
        db.await_waiting(1)
        with pytest.raises(psycopg.Error) as info:
            conn.execute("delete from public.circle_members where user_id = %s", (bob,))
        assert (info.value.sqlstate, info.value.diag.message_detail) == ("40001", "circle_busy")
    assert blocking.result(timeout=20) == "ok"
    assert members_of(db, circle) == {ada}


def test_a_block_stays_between_its_pair(db: Db) -> None:
    """BLK-01: not even service_role moves a block to another pair (it would skip the lock and
    leave that pair's friendship standing)."""
    ada, bob, cat = db.users("ada", "bob", "cat")
    db.befriend(ada, cat)
    db.rpc(ada, "select public.block_user(%s)", bob)
    with pytest.raises(psycopg.Error) as info, db.as_service() as conn:
        conn.execute("update public.blocks set blocked_id = %s", (cat,))
    assert from_psycopg(info.value).reason == "block_pair_immutable"
    assert pair_row(db, ada, cat) == "accepted"


def members_of(db: Db, circle: UUID) -> set[UUID]:
    """Who is in ``circle`` (members and invitees), as the DBA reads it."""
    with db.as_service() as conn:
        return {r[0] for r in conn.execute(
            "select user_id from public.circle_members where circle_id = %s", (circle,))}


def group_members(db: Db, group: UUID) -> set[UUID]:
    """The members of like group ``group``, as the DBA reads them."""
    with db.as_service() as conn:
        return {r[0] for r in conn.execute(
            "select user_id from public.like_group_members where group_id = %s", (group,))}


def test_a_creator_who_left_their_circle_removes_nobody_by_blocking(
    db: Db, client: Client
) -> None:
    """BLK-02, CIR-08, BLK-03: a circle whose creator left is no longer theirs: blocking one of
    its members leaves them in it (only its admins remove members), and the circle stops naming
    the blocker to them."""
    ada, bob, cat = db.users("ada", "bob", "cat")
    db.befriend(ada, bob, cat)
    circle = db.circle(ada, "Ours", members=[bob, cat])
    db.rpc(ada, "select public.set_circle_member_role(%s, %s, 'admin')", circle, bob)
    db.rpc(ada, "select public.leave_circle(%s)", circle)
    client.as_user(ada).block_user(cat)
    assert db.one("select count(*) from public.circle_members where circle_id = %s"
                  " and user_id = %s", (circle, cat)) == 1
    assert db.one("select created_by from public.circles where id = %s", (circle,)) is None


@pytest.mark.parametrize("blocker", ["invitee", "creator who left"])
def test_a_block_withdraws_an_invitation_into_a_circle_the_other_created(
    db: Db, client: Client, blocker: str
) -> None:
    """BLK-02, BLK-04: cat, an admin of ada's circle, invited bob. A block between bob and ada
    withdraws that invitation whoever blocks, also once ada has left her circle: accepting it
    would join bob to a circle of a user in a block with him, which a new invitation could not
    (blocked_pair). Bob's acceptance then finds no invitation."""
    ada, bob, cat = db.users("ada", "bob", "cat")
    db.befriend(cat, ada, bob)
    circle = db.circle(ada, "Ada's", members=[cat])
    db.rpc(ada, "select public.set_circle_member_role(%s, %s, 'admin')", circle, cat)
    db.rpc(cat, "select public.invite_to_circle(%s, %s)", circle, bob)
    if blocker == "invitee":
        client.as_user(bob).block_user(ada)
    else:
        db.rpc(ada, "select public.leave_circle(%s)", circle)
        client.as_user(ada).block_user(bob)
    assert members_of(db, circle) == ({cat} if blocker != "invitee" else {ada, cat})
    assert db.outcome(bob, "select public.accept_circle_invitation(%s)", circle) == (
        "PT404 circle_invitation_not_found")


def test_a_block_withdraws_circle_invitations_both_ways(db: Db, client: Client) -> None:
    """BLK-02, BLK-04: a block withdraws the invitations between the pair, whoever invited;
    a new invitation is refused to the blocker as user_blocked and to the blocked as a user who
    does not exist, through the RPC and as a table write; an invitation from a third admin
    stays."""
    ada, bob, cat = db.users("ada", "bob", "cat")
    db.befriend(ada, bob, cat)
    db.befriend(bob, cat)
    ada_circle = db.circle(ada, "Ada's", invitees=[bob])
    bob_circle = db.circle(bob, "Bob's", invitees=[ada])
    cat_circle = db.circle(cat, "Cat's", invitees=[ada, bob])
    client.as_user(ada).block_user(bob)
    assert members_of(db, ada_circle) == {ada}
    assert members_of(db, bob_circle) == {bob}
    assert members_of(db, cat_circle) == {ada, bob, cat}

    assert refusal(lambda: client.as_user(ada).invite_to_circle(ada_circle, bob))[:2] == (
        "42501", "user_blocked")
    nobody = uuid.uuid4()
    assert (refusal(lambda: client.as_user(bob).invite_to_circle(bob_circle, ada))
            == refusal(lambda: client.as_user(bob).invite_to_circle(bob_circle, nobody)))
    insert = ("insert into public.circle_members (circle_id, user_id, status, invited_by)"
              " values (%s, %s, 'invited', %s)")
    assert table_refusal(db, ada, insert, (ada_circle, bob, ada))[:2] == ("42501", "user_blocked")
    assert table_refusal(db, bob, insert, (bob_circle, ada, bob))[:2] == (
        "PT404", "user_not_found")


def test_an_acceptance_in_flight_meets_the_block_after_it(db: Db, client: Client) -> None:
    """BLK-06, BLK-02: a block made while an acceptance is in flight waits for it, then takes
    the new member out of the blocker's circle as any member; the invitation the acceptance did
    not reach is withdrawn, and accepting it later finds nothing."""
    ada, bob = db.users("ada", "bob")
    db.befriend(ada, bob)
    first = db.circle(ada, "First", invitees=[bob])
    second = db.circle(ada, "Second", invitees=[bob])
    with ThreadPoolExecutor(1) as pool:
        with held(db, bob, "select public.accept_circle_invitation(%s)", first):
            blocking = pool.submit(db.rpc, ada, "select public.block_user(%s)", bob)
            with pytest.raises(TimeoutError):
                blocking.result(timeout=0.5)  # waits for the acceptance
        blocking.result(timeout=10)
    assert members_of(db, first) == {ada}
    assert members_of(db, second) == {ada}
    assert refusal(lambda: client.as_user(bob).accept_circle_invitation(second))[:2] == (
        "PT404", "circle_invitation_not_found")


def test_the_blocked_sees_nothing_of_the_blocker_in_shared_places(
    db: Db, client: Client
) -> None:
    """BLK-03, BLK-07: in a circle, an event, a like group's chat shared with their blocker, the
    blocked user reads no row of the blocker (membership, authorship, participation) and the
    blocker's events are gone; neither reads the other's messages; the blocker still sees the
    blocked user's rows; a third user sees everything."""
    ada, bob, cat, dan = db.users("ada", "bob", "cat", "dan")
    db.befriend(cat, ada, bob)
    db.befriend(ada, bob)
    db.befriend(bob, dan)
    circle = db.circle(cat, "Cat's", members=[ada, bob])
    ada_event = db.event(ada, "Ada's")
    event = db.event(cat, "Cat's", authors=[ada])
    group = db.like_group(bob, event, [dan])
    db.approve(group, cat, ada)
    chat = db.chat_of(group)
    assert chat is not None
    client.as_user(ada).block_user(bob)
    # Bob's group, with Ada as an author of its event: the chat is the authors' and the group's.
    ada_s, bob_s, cat_s = (client.as_user(u) for u in (ada, bob, cat))
    ada_s.send_message(chat, "from ada")
    bob_s.send_message(chat, "from bob")
    cat_s.send_message(chat, "from cat")

    assert {m.user_id for m in bob_s.circle_members(circle)} == {bob, cat}
    assert {m.user_id for m in ada_s.circle_members(circle)} == {ada, bob, cat}
    assert bob_s.event(ada_event) is None
    assert ada in cat_s.event_authors(event) and ada not in bob_s.event_authors(event)
    assert ada not in bob_s.chat_participants(chat) and bob in ada_s.chat_participants(chat)
    assert [m.body for m in bob_s.messages(chat)] == ["from bob", "from cat"]
    assert [m.body for m in ada_s.messages(chat)] == ["from ada", "from cat"]
    assert [m.body for m in cat_s.messages(chat)] == ["from ada", "from bob", "from cat"]

    ada_s.unblock_user(bob)
    assert [m.body for m in bob_s.messages(chat)] == ["from ada", "from bob", "from cat"]
    assert bob_s.event(ada_event) is not None


def test_co_authors_refuse_a_blocked_pair(db: Db, client: Client) -> None:
    """BLK-04: neither of a blocked pair makes the other an author, through the RPC or as a table
    write: the blocker hears user_blocked, the blocked a user who does not exist."""
    ada, bob = db.users("ada", "bob")
    db.befriend(ada, bob)
    ada_event, bob_event = db.event(ada, "A"), db.event(bob, "B")
    client.as_user(ada).block_user(bob)
    assert refusal(lambda: client.as_user(ada).add_event_author(ada_event, bob))[:2] == (
        "42501", "user_blocked")
    nobody = uuid.uuid4()
    assert (refusal(lambda: client.as_user(bob).add_event_author(bob_event, ada))
            == refusal(lambda: client.as_user(bob).add_event_author(bob_event, nobody)))
    insert = "insert into public.event_author_invitations (event_id, user_id) values (%s, %s)"
    assert table_refusal(db, ada, insert, (ada_event, bob))[:2] == ("42501", "user_blocked")
    assert table_refusal(db, bob, insert, (bob_event, ada))[:2] == ("PT404", "user_not_found")
    # A third author names both: the pair would author one event together.
    cat = db.new_user("cat")
    db.befriend(cat, ada, bob)
    cat_event = db.event(cat, "C", authors=[ada])
    assert refusal(lambda: client.as_user(cat).add_event_author(cat_event, bob))[:2] == (
        "42501", "blocked_pair")
    assert table_refusal(db, cat, insert, (cat_event, bob))[:2] == ("42501", "blocked_pair")


def test_a_block_withdraws_the_invitations_that_would_join_the_pair(
    db: Db, client: Client
) -> None:
    """BLK-02, EVT-08: a block withdraws the invitations to author an event between the pair,
    either way, and those to an event the other authors; the others stay."""
    ada, bob, cat, dan = db.users("ada", "bob", "cat", "dan")
    db.befriend(ada, bob, cat, dan)
    db.befriend(cat, bob, dan)
    ada_event = db.event(ada, "A")
    cat_event = db.event(cat, "C", authors=[ada])
    bob_event = db.event(bob, "B")
    client.as_user(ada).add_event_author(ada_event, bob)  # between them
    client.as_user(cat).add_event_author(cat_event, bob)  # to an event ada authors
    client.as_user(bob).add_event_author(bob_event, ada)  # between them, the other way
    client.as_user(ada).add_event_author(ada_event, dan)  # not about the pair
    client.as_user(ada).block_user(bob)
    rows = db.admin.execute(
        "select event_id, user_id from public.event_author_invitations").fetchall()
    assert rows == [(ada_event, dan)]
    # The blocker invited to an event the blocked user authors.
    client.as_user(ada).unblock_user(bob)
    db.befriend(dan, bob)
    dan_event = db.event(dan, "D", authors=[ada])
    client.as_user(dan).add_event_author(dan_event, bob)
    client.as_user(bob).block_user(ada)
    assert db.one("select count(*) from public.event_author_invitations where event_id = %s",
                  (dan_event,)) == 0


def test_no_like_group_holds_a_blocked_pair(db: Db, client: Client) -> None:
    """BLK-04: a like group never holds both of a blocked pair: its creator cannot name the
    other (user_blocked / a user who does not exist), a third creator cannot name both
    (blocked_pair), and a block takes one of them out of a pending group: never
    its creator; when neither created it, the blocked user."""
    ada, bob, cat, dan = db.users("ada", "bob", "cat", "dan")
    db.befriend(ada, bob, cat, dan)
    db.befriend(bob, cat, dan)
    db.befriend(cat, dan)
    event = db.event(dan, "Gig")
    cats = db.like_group(cat, event, [ada, bob])
    ada_s = client.as_user(ada)
    ada_s.block_user(bob)  # neither created it: the blocked user goes
    assert group_members(db, cats) == {cat, ada}
    ada_s.unblock_user(bob)
    db.befriend(ada, bob)
    other = db.event(dan, "Other")
    bobs = db.like_group(bob, other, [ada])
    ada_s.block_user(bob)  # the blocked user created it: the blocker goes
    assert group_members(db, bobs) == {bob}

    third = db.event(dan, "Third")
    assert refusal(lambda: client.as_user(ada).create_like_group(third, [bob]))[:2] == (
        "42501", "user_blocked")
    nobody = uuid.uuid4()
    assert (refusal(lambda: client.as_user(bob).create_like_group(third, [ada]))
            == refusal(lambda: client.as_user(bob).create_like_group(third, [nobody])))
    assert refusal(lambda: client.as_user(cat).create_like_group(third, [ada, bob]))[:2] == (
        "42501", "blocked_pair")
    group = db.like_group(cat, third, [bob])
    assert refusal(lambda: client.as_user(cat).add_like_group_member(group, ada))[:2] == (
        "42501", "blocked_pair")


def test_a_rule_circle_skips_a_blocked_pair(db: Db, client: Client) -> None:
    """BLK-04, DYN-03: an event circle leaves out whoever its creator blocked or was blocked by,
    from the block on, and takes them back when it is lifted."""
    ada, bob, cat = db.users("ada", "bob", "cat")
    db.befriend(ada, bob, cat)
    event = db.event(ada, "Gig", authors=[bob, cat])
    circle = client.as_user(ada).create_dynamic_circle(
        "Crew", {"kind": "event", "event_id": str(event)})
    assert members_of(db, circle) == {ada, bob, cat}
    client.as_user(bob).block_user(ada)
    assert members_of(db, circle) == {ada, cat}
    client.as_user(bob).unblock_user(ada)
    assert members_of(db, circle) == {ada, bob, cat}


def test_a_like_group_in_flight_meets_the_block_after_it(db: Db, client: Client) -> None:
    """BLK-06: a like group being made with both of a pair holds their lock; the block waits for
    it and then takes the blocked user out of it."""
    ada, bob, cat = db.users("ada", "bob", "cat")
    db.befriend(cat, ada, bob)
    event = db.event(db.new_user("dan"), "Gig")
    with ThreadPoolExecutor(1) as pool:
        with held(db, cat, "select public.create_like_group(%s, %s::uuid[])", event, [ada, bob]):
            blocking = pool.submit(db.rpc, ada, "select public.block_user(%s)", bob)
            with pytest.raises(TimeoutError):
                blocking.result(timeout=0.5)
        blocking.result(timeout=10)
    assert db.one("select array_agg(m.user_id order by m.user_id) from public.like_group_members m"
                  " join public.like_groups g on g.id = m.group_id where g.event_id = %s",
                  (event,)) == sorted([ada, cat])


def test_an_acceptance_waits_for_a_block_before_it_locks_the_invitation(
    db: Db, client: Client
) -> None:
    """BLK-06: a block holds the pair's lock before it withdraws the invitation; an acceptance
    coming meanwhile waits for that lock before it locks the invitation, so the withdrawal goes
    through and the acceptance then finds nothing (taken the other way round, the two
    deadlock)."""
    ada, bob = db.users("ada", "bob")
    db.befriend(ada, bob)
    circle = db.circle(ada, "C", invitees=[bob])
    with ThreadPoolExecutor(1) as pool, psycopg.connect(db.url()) as blocker:
        blocker.execute("set statement_timeout = '5s'")
        blocker.execute("select kithdb.lock_pair(%s, %s, true)", (ada, bob))
        accepting = pool.submit(client.as_user(bob).accept_circle_invitation, circle)
        with pytest.raises(TimeoutError):
            accepting.result(timeout=0.5)
        blocker.execute("delete from public.circle_members where circle_id = %s and user_id = %s",
                        (circle, bob))
        blocker.commit()
        with pytest.raises(NotFound) as info:
            accepting.result(timeout=10)
    assert info.value.reason == "circle_invitation_not_found"


def rows_naming(db: Db, user: UUID, hidden: set[UUID]) -> list[str]:
    """Each row of every public table, and of ``my_chats``, that ``user`` reads and that names
    one of ``hidden``, as "table: row"."""
    tables = [r[0] for r in db.admin.execute(
        "select relname from pg_class where relnamespace = 'public'::regnamespace"
        " and relkind = 'r' order by relname")]
    statements = {"my_chats": "select to_jsonb(t)::text from public.my_chats(100) t"}
    for table in tables:
        columns = ", ".join(r[0] for r in db.admin.execute(
            "select attname from pg_attribute where attrelid = %s::regclass and attnum > 0"
            " and not attisdropped"
            " and has_column_privilege('authenticated', attrelid, attnum, 'select')",
            (f"public.{table}",)))
        statements[table] = (
            f"select to_jsonb(t)::text from (select {columns} from public.{table}) t")
    named: list[str] = []
    with db.as_user(user) as conn:
        for name, statement in statements.items():
            for (row,) in conn.execute(statement.encode()):
                named += [f"{name}: {row}" for h in hidden if str(h) in row]
    return named


def test_nothing_the_blocked_reads_names_the_blocker(db: Db, client: Client) -> None:
    """BLK-02, BLK-03: after ada blocks bob, no row of any table bob reads names ada, her events
    or her posts, though they shared circles (hers, and a friend's where she invited bob), events
    (hers, which bob authored too, and a friend's, with authors and approvals) and a chat, and bob
    had muted her; bob's calls about those things answer as if they did not exist."""
    ada, bob, cat, dan = db.users("ada", "bob", "cat", "dan")
    for a, b in ((ada, bob), (ada, cat), (ada, dan), (bob, cat), (bob, dan), (cat, dan)):
        db.befriend(a, b)
    ada_s, bob_s, cat_s = (client.as_user(u) for u in (ada, bob, cat))
    bob_s.mute_user(ada)
    ada_circle = db.circle(ada, "Ada's", members=[bob, cat])
    cat_circle = db.circle(cat, "Cat's", members=[ada])
    cat_s.set_circle_member_role(cat_circle, ada, CircleRole.ADMIN)
    ada_s.invite_to_circle(cat_circle, bob)
    bob_s.accept_circle_invitation(cat_circle)
    ada_s.invite_to_circle(cat_circle, dan)
    cat_s.set_circle_member_role(cat_circle, bob, CircleRole.ADMIN)  # bob may take posts off it
    kept = db.circle(ada, "Ada's, bob's now", members=[bob])  # bob stays: its only admin
    ada_s.set_circle_member_role(kept, bob, CircleRole.ADMIN)
    ada_s.leave_circle(kept)
    ada_post = db.post(ada, "to cat's circle", "circles", [cat_circle])
    ada_event = db.event(ada, "Ada's", authors=[cat, bob])
    cat_event = db.event(cat, "Cat's", authors=[ada])
    group = db.like_group(bob, cat_event, [dan])
    db.approve(group, cat, ada)
    ada_s.block_user(bob)

    named = rows_naming(db, bob, {ada, ada_event, ada_post})
    assert named == [], "\n".join(named)
    assert members_of(db, ada_circle) == {ada, cat}
    nobody = uuid.uuid4()
    assert (refusal(lambda: bob_s.remove_circle_post(cat_circle, ada_post))
            == refusal(lambda: bob_s.remove_circle_post(cat_circle, nobody)))
    rule = {"kind": "event", "event_id": str(ada_event)}
    assert (refusal(lambda: bob_s.create_dynamic_circle("x", rule))
            == refusal(lambda: bob_s.create_dynamic_circle("x", {**rule, "event_id": str(nobody)})))
    assert (refusal(lambda: bob_s.create_like_group(ada_event, []))
            == refusal(lambda: bob_s.create_like_group(nobody, [])))


@pytest.mark.parametrize("writer", ["user", "service_role"])
def test_a_block_by_an_events_creator_takes_the_blocked_out_of_its_groups(
    db: Db, client: Client, writer: str
) -> None:
    """BLK-02, BLK-03, LGR-11: once ada blocks bob (by her RPC, or by service_role's table
    write), bob takes part in none of her events: he leaves each like group applying to or
    attending one, whatever its status, and its chat; a group he created passes (a pending one
    is withdrawn). Nothing he reads names her events, as if she had deleted them; his group for
    a friend's event stays."""
    ada, bob, cat, dan = db.users("ada", "bob", "cat", "dan")
    db.befriend(bob, cat, dan)
    db.befriend(ada, cat)
    approved_his, approved_dans, rejected, pending = (
        db.event(ada, title) for title in ("A", "B", "C", "D"))
    cats = db.event(cat, "Cat's")
    his = db.like_group(bob, approved_his, [dan])
    dans = db.like_group(dan, approved_dans, [bob])
    db.approve(his, ada)
    db.approve(dans, ada)
    no = db.like_group(bob, rejected, [dan])
    assert db.approve(no, ada, approved=False) == "rejected"
    waiting = db.like_group(bob, pending, [dan])
    other = db.like_group(bob, cats, [dan])
    assert db.approve(other, cat) == "approved"
    bob_s = client.as_user(bob)
    for group in (his, dans, other):
        chat = db.chat_of(group)
        assert chat is not None
        bob_s.send_message(chat, "see you there")

    if writer == "user":
        client.as_user(ada).block_user(bob)
    else:
        with db.as_service() as conn:
            conn.execute("insert into public.blocks (blocker_id, blocked_id) values (%s, %s)",
                         (ada, bob))

    named = rows_naming(db, bob, {ada, approved_his, approved_dans, rejected, pending})
    assert named == [], "\n".join(named)
    assert [c.chat_id for c in bob_s.my_chats()] == [db.chat_of(other)]
    assert group_members(db, other) == {bob, dan}
    for group in (his, dans, no):
        assert group_members(db, group) == {dan}
    states = {g: db.one("select (status::text, creator_id) from public.like_groups where id = %s",
                        (g,)) for g in (his, dans, no)}
    assert states == {his: ("approved", str(dan)), dans: ("approved", str(dan)),
                      no: ("rejected", str(dan))}
    assert db.one("select count(*) from public.like_groups where id = %s", (waiting,)) == 0
    for group in (his, dans):
        active = {r[0] for r in db.admin.execute(
            "select user_id from public.chat_participants where chat_id = %s"
            " and left_at is null", (db.chat_of(group),))}
        assert active == {ada, dan}


def test_an_application_in_flight_meets_the_block_of_the_events_creator(
    db: Db, client: Client
) -> None:
    """BLK-02, BLK-03, LGR-12: bob applies to ada's event while her block of him is in flight
    (held up by a group it must change): his application waits for the block and is then
    answered as for an event that does not exist, so no group of his names her event."""
    ada, bob, dan = db.users("ada", "bob", "dan")
    db.befriend(bob, dan)
    attended, applied = db.event(ada, "A"), db.event(ada, "B")
    group = db.like_group(dan, attended, [bob])
    assert db.approve(group, ada) == "approved"
    with ThreadPoolExecutor(2) as pool:
        with db.as_service() as holder:
            holder.execute("select from public.like_groups where id = %s for update", (group,))
            blocking = pool.submit(db.outcome, ada, "select public.block_user(%s)", bob)
            db.await_waiting(1)
            applying = pool.submit(db.outcome, bob,
                                   "select public.create_like_group(%s, '{}')", applied)
            db.await_waiting(2)
        got = (blocking.result(timeout=20), applying.result(timeout=20))
    assert got == ("ok", "PT404 event_not_found")
    assert db.outcome(bob, "select public.create_like_group(%s, '{}')", uuid.uuid4()) == got[1]
    assert db.one("select count(*) from public.like_groups where event_id = %s", (applied,)) == 0


def test_a_block_parts_the_blocked_from_a_chat_opened_after_it_began(db: Db) -> None:
    """BLK-02, CHT-05: ada's block of bob began (its now() fixed) before a co-author's approval
    opened bob's group's chat, and waited: it still parts bob, his leaving never dated before
    his joining."""
    ada, bob, eve, dave = db.users("ada", "bob", "eve", "dave")
    db.befriend(bob, eve)
    db.befriend(ada, dave)
    event = db.event(ada, "E", authors=[dave])
    group = db.like_group(bob, event, [eve])
    assert db.approve(group, ada) == "pending"
    with ThreadPoolExecutor(1) as pool, psycopg.connect(db.url()) as holder:
        holder.execute("select pg_advisory_xact_lock(hashtextextended('blocks by/' || %s, 0))",
                       (str(ada),))
        blocking = pool.submit(db.outcome, ada, "select public.block_user(%s)", bob)
        db.await_waiting(1)
        assert db.approve(group, dave) == "approved"
        holder.commit()
        assert blocking.result(timeout=20) == "ok"
    assert db.one("select count(*) from public.like_group_members where user_id = %s", (bob,)) == 0
    assert db.one("select count(*) from public.chat_participants"
                  " where user_id = %s and left_at is null", (bob,)) == 0


@pytest.mark.parametrize("call", [
    "select public.leave_like_group(%(group)s)",
    "select public.withdraw_like_group(%(group)s)",
    "select public.remove_like_group_member(%(group)s, %(member)s)",
])
def test_a_group_call_the_block_in_flight_overtook_answers_as_for_none(db: Db, call: str) -> None:
    """BLK-02, BLK-03: bob, who created an approved group for ada's event, leaves it, withdraws
    it or removes its member while ada's block in flight parts him from it (and passes it to
    dan): he is then told the group does not exist, as for a random id, not that he is no member
    or no creator (which only a block makes of him)."""
    ada, bob, dan = db.users("ada", "bob", "dan")
    db.befriend(bob, dan)
    event = db.event(ada, "E")
    group = db.like_group(bob, event, [dan])
    assert db.approve(group, ada) == "approved"
    with ThreadPoolExecutor(2) as pool, psycopg.connect(db.url()) as holder:
        holder.execute("select kithdb.lock_rule_circles_of(%s)", (bob,))
        blocking = pool.submit(db.outcome, ada, "select public.block_user(%s)", bob)
        db.await_waiting(1)
        calling = pool.submit(db.outcome, bob, call % {"group": "%s", "member": "%s"},
                              *([group, dan] if "member" in call else [group]))
        db.await_waiting(2)
        holder.commit()
        got = (blocking.result(timeout=20), calling.result(timeout=20))
    args = [uuid.uuid4(), dan] if "member" in call else [uuid.uuid4()]
    assert got == ("ok", db.outcome(bob, call % {"group": "%s", "member": "%s"}, *args))


@DELETED_BY
def test_a_block_parting_an_attendee_and_anothers_deletion_do_not_deadlock(
    db: Db, by: str
) -> None:
    """BLK-02, ACC-02, DYN-03: ada's block parts bob from his approved groups for two of her
    events, each departure syncing its event's circles; dan, who attends both, deletes his
    account, whose lock phase takes those events' circles' locks in event order. With bob's
    groups in the other order, the two still both commit: the block takes the circles' locks
    first, in event order too."""
    ada, bob, dan, eve, cat = db.users("ada", "bob", "dan", "eve", "cat")
    db.befriend(bob, eve)
    db.befriend(dan, cat)
    for _ in range(12):  # until bob's groups, in id order, are for the events in reverse order
        events = [db.event(ada, "E"), db.event(ada, "F")]
        groups = [db.like_group(eve, e, [bob]) for e in events]
        if (min(groups, key=str) == groups[0]) != (min(events, key=str) == events[0]):
            break
    else:
        pytest.fail("no scene with the groups in reverse order")
    for group in groups:
        assert db.approve(group, ada) == "approved"
    for event in events:
        assert db.approve(db.like_group(cat, event, [dan]), ada) == "approved"
    with ThreadPoolExecutor(2) as pool, psycopg.connect(db.url()) as holder:
        holder.execute("select kithdb.lock_circles_of_event(%s)", (min(events, key=str),))
        deleting = pool.submit(db.delete_account, dan, by=by)
        db.await_waiting(1)
        blocking = pool.submit(db.outcome, ada, "select public.block_user(%s)", bob)
        db.await_waiting(2, timeout=5, unless_done=[blocking])
        holder.commit()
        got = (deleting.result(timeout=30), blocking.result(timeout=30))
    assert got == ("ok", "ok")
    assert db.one("select count(*) from public.like_group_members where user_id = %s", (bob,)) == 0


@DELETED_BY
def test_a_block_deciding_a_pending_group_and_anothers_deletion_do_not_deadlock(
    db: Db, by: str
) -> None:
    """BLK-04, LGR-13, ACC-02, DYN-03: ada's block takes bob out of cal's pending group for her
    event F, which is then approved (F's circles synced); dan, co-author of her event E where
    bob attends, and attendee of F, deletes his account, whose lock phase takes E's chat's lock
    and then E's and F's circles' locks. The block takes the chats' locks before any event's
    circles' lock too, so both commit."""
    ada, bob, cal, dan, eve, fay, cat = db.users("ada", "bob", "cal", "dan", "eve", "fay", "cat")
    db.befriend(ada, fay, dan)
    db.befriend(eve, bob)
    db.befriend(cal, bob)
    db.befriend(cat, dan)
    attended, decided = db.event(ada, "E", authors=[dan]), db.event(ada, "F", authors=[fay])
    assert db.approve(db.like_group(eve, attended, [bob]), ada, dan) == "approved"
    assert db.approve(db.like_group(cat, decided, [dan]), ada, fay) == "approved"
    pending = db.like_group(cal, decided, [bob])
    assert db.approve(pending, ada) == "pending"
    with ThreadPoolExecutor(2) as pool, psycopg.connect(db.url()) as holder:
        holder.execute("select kithdb.lock_circles_of_event(%s)", (decided,))
        blocking = pool.submit(db.outcome, ada, "select public.block_user(%s)", bob)
        db.await_waiting(1)
        deleting = pool.submit(db.delete_account, dan, by=by)
        db.await_waiting(2)
        holder.commit()
        got = (blocking.result(timeout=30), deleting.result(timeout=30))
    assert got == ("ok", "ok")
    assert db.one("select status::text from public.like_groups where id = %s", (pending,)) == (
        "approved")


def test_a_hidden_admin_never_decides_for_the_blocked(db: Db, client: Client) -> None:
    """BLK-03, CIR-03: in a friend's circle whose other admin blocked bob, bob stepping down is
    refused as it is where he is the only admin: what he may do never depends on someone hidden
    from him."""
    ada, bob, cat, dan = db.users("ada", "bob", "cat", "dan")
    for a, b in ((cat, ada), (cat, bob), (cat, dan), (dan, ada), (dan, bob)):
        db.befriend(a, b)
    shared = db.circle(cat, "Shared", members=[ada, bob])
    alone = db.circle(dan, "Alone", members=[bob])
    for circle, owner in ((shared, cat), (alone, dan)):
        client.as_user(owner).set_circle_member_role(circle, bob, CircleRole.ADMIN)
    client.as_user(cat).set_circle_member_role(shared, ada, CircleRole.ADMIN)
    client.as_user(cat).leave_circle(shared)
    client.as_user(dan).leave_circle(alone)
    client.as_user(ada).block_user(bob)
    bob_s = client.as_user(bob)
    assert (refusal(lambda: bob_s.set_circle_member_role(shared, bob, CircleRole.MEMBER))
            == refusal(lambda: bob_s.set_circle_member_role(alone, bob, CircleRole.MEMBER)))


def test_an_acceptance_by_table_write_never_waits_for_a_block(db: Db) -> None:
    """BLK-06: an invitation accepted by a table write takes no pair lock: a block in flight
    (holding it) and the acceptance never wait for each other in a cycle; the block then finds a
    member, not an invitation."""
    ada, bob = db.users("ada", "bob")
    db.befriend(ada, bob)
    circle = db.circle(ada, "C", invitees=[bob])
    with psycopg.connect(db.url()) as blocker:
        blocker.execute("select kithdb.lock_pair(%s, %s, true)", (ada, bob))
        with db.as_user(bob) as conn:
            conn.execute("set local statement_timeout = '2s'")
            conn.execute("update public.circle_members set status = 'member'"
                         " where circle_id = %s and user_id = %s", (circle, bob))
        blocker.rollback()
    assert members_of(db, circle) == {ada, bob}


def test_invitations_to_author_never_seat_or_show_a_blocked_pair(db: Db, client: Client) -> None:
    """BLK-02, BLK-03, BLK-04, EVT-08: an author's arrival withdraws the invitations of users in
    a block with them, and an invitation made by such a user stops naming them; two invitees in a
    block accepting at once are never both seated; the invitee hears only that the invitation is
    gone; an author's own re-insert answers as before the block."""
    ada, bob, cat, yan, zed = db.users("ada", "bob", "cat", "yan", "zed")
    db.befriend(cat, ada, bob, yan, zed)
    event = db.event(cat, "C")
    cat_s = client.as_user(cat)
    cat_s.add_event_author(event, ada)
    cat_s.add_event_author(event, bob)
    client.as_user(bob).block_user(ada)  # neither authors yet: both invitations stay
    client.as_user(bob).respond_event_author_invitation(event, accept=True)
    assert client.as_user(ada).event_author_invitations(event) == []  # withdrawn by his arrival
    gone = refusal(lambda: client.as_user(ada).respond_event_author_invitation(event,
                                                                               accept=True))
    never = refusal(lambda: client.as_user(zed).respond_event_author_invitation(event,
                                                                                accept=True))
    assert gone == never  # withdrawn, as for an invitation never made

    # Two invitees in a block accept at the same moment: the second finds no invitation.
    other = db.event(cat, "D")
    cat_s.add_event_author(other, ada)
    cat_s.add_event_author(other, bob)
    with ThreadPoolExecutor(1) as pool:
        with db.as_user(bob) as conn:
            conn.execute("select public.respond_event_author_invitation(%s, true)", (other,))
            second = pool.submit(db.outcome, ada,
                                 "select public.respond_event_author_invitation(%s, true)", other)
            time.sleep(0.5)
        assert second.result(timeout=20) == "PT404 event_author_invitation_not_found"
    assert ada not in {r[0] for r in db.admin.execute(
        "select user_id from public.event_authors where event_id = %s", (other,))}

    # bob invites yan to an event ada authors, then blocks her: ada still reads the invitation,
    # which names nobody who invited (no API role reads invited_by).
    third = db.event(cat, "E", authors=[ada])
    client.as_user(bob).unblock_user(ada)
    db.befriend(ada, bob)
    cat_s.add_event_author(third, bob)
    client.as_user(bob).respond_event_author_invitation(third, accept=True)
    client.as_user(bob).add_event_author(third, yan)
    client.as_user(bob).block_user(ada)  # bob, an author of cat's event, stays one
    seen = client.as_user(ada).event_author_invitations(third)
    assert [i.user_id for i in seen] == [yan]
    with pytest.raises(psycopg.errors.InsufficientPrivilege), db.as_user(ada) as conn:
        conn.execute("select invited_by from public.event_author_invitations")
    assert refusal(lambda: client.as_user(ada).add_event_author(third, yan))[:2] == (
        "23505", "already_invited")
    insert = "insert into public.event_authors (event_id, user_id) values (%s, %s)"
    assert db.outcome(ada, insert, third, ada) == "42501 event_author_requires_invitation"


def test_an_inviter_learns_nothing_of_a_strangers_blocks(db: Db, client: Client) -> None:
    """BLK-01, SEC-08, EVT-02: a user who is no friend of the event's creator is refused as one,
    whatever blocks stand between them and its other authors; asked directly, the authors' block
    check answers about them as about anyone else the caller may not invite."""
    ada, bob, xan, dot = db.users("ada", "bob", "xan", "dot")
    db.befriend(ada, bob)
    event = db.event(ada, "Gig", authors=[bob])
    client.as_user(xan).block_user(bob)
    answers = {
        who: (refusal(lambda: client.as_user(ada).add_event_author(event, who))[:2],  # noqa: B023
              db.outcome(ada, "select kithdb.require_unblocked_authors(%s, %s)", event, who))
        for who in (xan, dot)}
    assert answers[xan] == answers[dot] == (("42501", "author_not_friend_of_creator"), "ok")


def test_an_event_passes_to_an_author_who_blocked_none_of_the_others(
    db: Db, client: Client
) -> None:
    """BLK-02, EVT-09, SEC-05: a creator stepping down passes the event to the first author in
    line who blocked none of the others (the event becomes theirs, and one they blocked would
    have to leave it); when each blocked another, the first takes it and those it blocked leave;
    asked directly, the authors' block check says nothing about the caller's own pairs."""
    ada, bob, cat = db.users("ada", "bob", "cat")
    db.befriend(cat, ada, bob)
    event = db.event(cat, "C", authors=[bob, ada])  # bob joined first
    other = db.event(cat, "D", authors=[bob, ada])
    client.as_user(bob).block_user(ada)
    with db.as_user(ada) as conn:  # bob blocked ada: ada hears nothing of it
        conn.execute("select kithdb.require_unblocked_authors(%s, %s)", (event, bob))
    client.as_user(cat).leave_event_authors(event)
    assert db.one("select creator_id from public.events where id = %s", (event,)) == ada
    assert {r[0] for r in db.admin.execute(
        "select user_id from public.event_authors where event_id = %s", (event,))} == {ada, bob}

    # Each blocked the other (blocks made at the same moment; here by the DBA).
    db.admin.execute("insert into public.blocks (blocker_id, blocked_id) values (%s, %s)",
                     (ada, bob))
    client.as_user(cat).leave_event_authors(other)
    assert db.one("select creator_id from public.events where id = %s", (other,)) == bob
    assert {r[0] for r in db.admin.execute(
        "select user_id from public.event_authors where event_id = %s", (other,))} == {bob}


@pytest.mark.parametrize("hidden_from", ["member", "author"])
def test_an_approved_group_never_passes_to_a_member_hidden_from_another(
    db: Db, client: Client, hidden_from: str
) -> None:
    """LGR-11, BLK-03: a creator leaving an approved group passes it to the first member in line
    who blocked none of the others, members or the event's authors (who read creator_id too),
    so creator_id never names a member hidden from one of them."""
    gus, xia, yan, org = db.users("gus", "xia", "yan", "org")
    db.befriend(gus, xia, yan)
    event = db.event(org, "Gig")
    group = db.like_group(gus, event, [xia, yan])
    db.approve(group, org)
    first, second = sorted([xia, yan])
    client.as_user(first).block_user(second if hidden_from == "member" else org)
    client.as_user(gus).leave_like_group(group)
    assert db.one("select creator_id from public.like_groups where id = %s", (group,)) == second


def test_a_write_without_a_filter_passes_over_what_the_block_hides(db: Db) -> None:
    """BLK-03, SEC-08: a table write with no filter by a circle's admin reaches only the rows the
    admin reads: a member who blocked them is neither promoted nor counted, and their posts stay
    in the circle."""
    ada, bob, cy = db.users("ada", "bob", "cy")
    db.befriend(ada, bob, cy)
    circle = db.circle(ada, "Climbers", members=[bob, cy])
    bobs = db.post(bob, "bob's", "circles", [circle])
    cys = db.post(cy, "cy's", "circles", [circle])
    db.rpc(cy, "select public.block_user(%s)", ada)
    with db.as_user(ada) as conn:
        promoted = conn.execute("update public.circle_members set role = 'admin'").rowcount
        removed = conn.execute("delete from public.post_circles").rowcount
    assert (promoted, removed) == (2, 1)
    roles = dict(db.admin.execute("select user_id, role::text from public.circle_members"
                                  " where circle_id = %s", (circle,)).fetchall())
    assert roles == {ada: "admin", bob: "admin", cy: "member"}
    posts = [r[0] for r in db.admin.execute("select post_id from public.post_circles"
                                            " where circle_id = %s", (circle,))]
    assert posts == [cys] and bobs != cys


def test_an_unfiltered_delete_of_authors_passes_over_a_hidden_co_author(db: Db) -> None:
    """BLK-03, SEC-08, EVT-09: a creator's delete of event_authors with no filter reaches only
    the authors they read: with a co-author who blocked them, it answers as their own step-down
    and leaves the co-author in place, with the event."""
    ada, bob, cy, dan = db.users("ada", "bob", "cy", "dan")
    db.befriend(ada, bob)
    db.befriend(cy, dan)
    gig = db.event(ada, "Gig", authors=[bob])
    show = db.event(cy, "Show", authors=[dan])
    db.rpc(bob, "select public.block_user(%s)", ada)
    db.rpc(dan, "select public.block_user(%s)", cy)
    unfiltered = db.outcome(ada, "delete from public.event_authors")
    own = db.outcome(cy, "delete from public.event_authors where user_id = %s", cy)
    assert unfiltered == own == "ok"
    authors = db.admin.execute("select event_id, user_id from public.event_authors"
                               " where event_id in (%s, %s)", (gig, show)).fetchall()
    assert sorted(authors) == sorted([(gig, bob), (show, dan)])


@pytest.mark.parametrize("how", ["rpc", "table write"])
def test_the_last_admin_leaving_members_who_blocked_them_is_told_nothing(
    db: Db, how: str
) -> None:
    """BLK-03, CIR-03, SEC-08: an admin whose only fellow members blocked them leaves as from a
    circle of their own: the same answer as where nobody is left, and the longest-standing of
    those members takes the circle over."""
    ada, bob, cy, dee = db.users("ada", "bob", "cy", "dee")
    db.befriend(ada, bob, cy, dee)
    kept = db.circle(ada, "Kept", members=[cy, dee])
    emptied = db.circle(ada, "Emptied", members=[bob])
    for blocker in (cy, dee):
        db.rpc(blocker, "select public.block_user(%s)", ada)
    db.rpc(ada, "select public.remove_circle_member(%s, %s)", emptied, bob)
    leave = ("select public.leave_circle(%s)" if how == "rpc"
             else "delete from public.circle_members where circle_id = %s")
    assert db.outcome(ada, leave, kept) == db.outcome(ada, leave, emptied) == "ok"
    assert db.one("select count(*) from public.circles where id = %s", (emptied,)) == 0
    roles = dict(db.admin.execute("select user_id, role::text from public.circle_members"
                                  " where circle_id = %s", (kept,)).fetchall())
    assert roles == {cy: "admin", dee: "member"}


@pytest.mark.parametrize("others", [0, 1])
def test_a_member_leaves_a_circle_whose_admins_all_blocked_them(db: Db, others: int) -> None:
    """BLK-03, CIR-03, CIR-08: a member whose circle's only admin blocked them (and kept them,
    as another admin's circle) leaves it as any member does, with or without members they read
    left in it: a member's leaving takes no admin away."""
    ada, bob, cy, dee = db.users("ada", "bob", "cy", "dee")
    db.befriend(ada, bob, cy, dee)
    circle = db.circle(ada, "Ours", members=[bob, cy, dee][:2 + others])
    db.rpc(ada, "select public.set_circle_member_role(%s, %s, 'admin')", circle, bob)
    db.rpc(ada, "select public.leave_circle(%s)", circle)
    db.rpc(bob, "select public.block_user(%s)", cy)
    assert db.outcome(cy, "select public.leave_circle(%s)", circle) == "ok"
    assert db.one("select count(*) from public.circle_members where circle_id = %s",
                  (circle,)) == 1 + others


def test_a_block_and_a_promotion_of_the_blocked_never_deadlock(db: Db, client: Client) -> None:
    """BLK-02, CIR-03: a block taking the blocked user out of the blocker's circle and a co-admin
    promoting that user take the circle before the member's row, in one order: the later one
    waits, never 40P01."""
    ada, bob, cat = db.users("ada", "bob", "cat")
    db.befriend(ada, bob, cat)
    db.befriend(cat, bob)
    circle = db.circle(ada, "Ada's", members=[bob, cat])
    db.rpc(ada, "select public.set_circle_member_role(%s, %s, 'admin')", circle, cat)
    with ThreadPoolExecutor(2) as pool:
        # Bob's post in flight holds his membership, so both come to wait for it.
        with held(db, bob, "select public.create_post('mine', 'circles', array[%s]::uuid[])",
                  circle):
            blocking = pool.submit(db.outcome, ada, "select public.block_user(%s)", bob)
            db.await_waiting(1)
            promoting = pool.submit(
                db.outcome, cat, "select public.set_circle_member_role(%s, %s, 'admin')",
                circle, bob,
            )
            db.await_waiting(2)
        answers = (blocking.result(timeout=20), promoting.result(timeout=20))
    # Blocked first, the promotion finds nobody; promoted first, the block removes an admin.
    assert answers in {("ok", "PT404 circle_member_not_found"), ("ok", "ok")}
    assert members_of(db, circle) == {ada, cat}


def test_a_block_takes_the_blockers_rule_circles_after_their_rules_locks(db: Db) -> None:
    """BLK-02, DYN-03: a block locks the blocker's static circles before their rows, but not the
    blocker's rule circles, which every sync takes after the rule's locks: a stranger's block of
    the blocker, syncing the blocker's event circle meanwhile, never deadlocks with it."""
    bea, xia, wes, max_ = db.users("bea", "xia", "wes", "max")
    db.befriend(bea, xia, max_)
    event = db.event(bea, "Gig", authors=[xia])
    db.rpc(bea, "select public.create_dynamic_circle('Gig people', %s::jsonb)",
           f'{{"kind": "event", "event_id": "{event}"}}')
    circle = db.circle(bea, "Static", members=[xia, max_])
    # Unfriended first, so that the block ends no friendship, whose sync would take the rules'
    # locks before anything else.
    db.rpc(bea, "select public.remove_friendship(%s)", xia)
    with ThreadPoolExecutor(2) as pool, psycopg.connect(db.url()) as holder:
        # xia's row in the static circle, held, keeps bea's block waiting inside its triggers.
        holder.execute("select from public.circle_members where circle_id = %s and user_id = %s"
                       " for update", (circle, xia))
        blocking = pool.submit(db.outcome, bea, "select public.block_user(%s)", xia)
        db.await_waiting(1)
        strangers = pool.submit(db.outcome, wes, "select public.block_user(%s)", bea)
        db.await_waiting(2, unless_done=[strangers])
        holder.commit()
        assert (blocking.result(timeout=20), strangers.result(timeout=20)) == ("ok", "ok")


def test_nobody_invites_a_user_into_the_circle_of_someone_in_a_block_with_them(
    db: Db, client: Client
) -> None:
    """BLK-04, BLK-03: a co-admin's invitation of a user in a block with the circle's creator
    (whoever blocked whom, and also once the creator has left) is refused 42501 `blocked_pair`,
    by RPC and by table insert, so the blocked user never reads a circle whose `created_by`
    names the blocker; once the block is lifted the invitation goes through."""
    ada, bob, cat, dan = db.users("ada", "bob", "cat", "dan")
    db.befriend(ada, bob, cat, dan)
    db.befriend(cat, bob, dan)
    circle = db.circle(ada, "Ada's", members=[cat])
    db.rpc(ada, "select public.set_circle_member_role(%s, %s, 'admin')", circle, cat)
    client.as_user(ada).block_user(bob)
    insert = ("insert into public.circle_members (circle_id, user_id, status, invited_by)"
              " values (%s, %s, 'invited', %s)")
    assert refusal(lambda: client.as_user(cat).invite_to_circle(circle, bob))[:2] == (
        "42501", "blocked_pair")
    assert table_refusal(db, cat, insert, (circle, bob, cat))[:2] == ("42501", "blocked_pair")
    db.rpc(ada, "select public.leave_circle(%s)", circle)
    assert refusal(lambda: client.as_user(cat).invite_to_circle(circle, bob))[:2] == (
        "42501", "blocked_pair")
    client.as_user(ada).unblock_user(bob)
    client.as_user(bob).block_user(ada)
    assert refusal(lambda: client.as_user(cat).invite_to_circle(circle, bob))[:2] == (
        "42501", "blocked_pair")
    client.as_user(bob).unblock_user(ada)
    client.as_user(cat).invite_to_circle(circle, bob)
    client.as_user(cat).invite_to_circle(circle, dan)  # nobody in a block: as before
    assert members_of(db, circle) == {bob, cat, dan}


def test_the_creator_check_holds_for_every_writer_and_answers_an_admin_only_of_friends(
    db: Db,
) -> None:
    """BLK-04, BLK-03, SEC-05: service_role's invitation into the circle of someone in a block
    with the invitee is refused too (by RPC in an admin's name and by table insert); and the
    check's definer, called directly by an admin, answers nothing about a user who is not their
    friend (a stranger, or someone who blocked them), as the invitation would not get that far."""
    ada, cat, xia, hid, sam = db.users("ada", "cat", "xia", "hid", "sam")
    db.befriend(ada, cat, xia)
    db.befriend(cat, xia)
    circle = db.circle(cat, "Cat's", members=[ada])
    db.rpc(cat, "select public.set_circle_member_role(%s, %s, 'admin')", circle, ada)
    db.rpc(cat, "select public.block_user(%s)", xia)
    db.rpc(hid, "select public.block_user(%s)", cat)
    db.rpc(hid, "select public.block_user(%s)", ada)
    db.rpc(sam, "select public.block_user(%s)", cat)

    def as_service(statement: str, *params: Any, user: UUID | None = None) -> str:
        def run() -> None:
            with db.connect() as conn, request(conn, Role.SERVICE_ROLE, user) as c:
                c.execute(statement.encode(), params)
        return answer(run)

    assert as_service("select public.invite_to_circle(%s, %s)", circle, xia,
                      user=ada) == "42501 blocked_pair"
    assert as_service("insert into public.circle_members (circle_id, user_id, status, invited_by)"
                      " values (%s, %s, 'invited', %s)", circle, xia, ada) == "42501 blocked_pair"
    assert as_service("insert into public.circle_members (circle_id, user_id, role, status)"
                      " values (%s, %s, 'admin', 'member')", circle, xia) == "42501 blocked_pair"
    probe = "select kithdb.require_unblocked_creator(%s, %s)"
    assert db.outcome(ada, probe, circle, xia) == "42501 blocked_pair"  # a friend: as the RPC
    assert db.outcome(ada, probe, circle, hid) == "ok"  # hidden from ada: nothing
    assert db.outcome(ada, probe, circle, sam) == "ok"  # a stranger to ada: nothing
    assert db.outcome(xia, probe, circle, hid) == "ok"  # no admin: nothing


def test_inviting_a_member_again_tells_nothing_of_their_blocks(db: Db) -> None:
    """BLK-04, SEC-08: an admin's table insert of a friend who is in the circle already answers
    as for any member (the unique key's 23505), whether or not they are in a block with the
    circle's creator: the creator check asks only about someone who would join."""
    ada, cat, xia, yan = db.users("ada", "cat", "xia", "yan")
    db.befriend(ada, cat, xia, yan)
    db.befriend(cat, xia, yan)
    circle = db.circle(cat, "Cat's", members=[ada, xia, yan])
    db.rpc(cat, "select public.set_circle_member_role(%s, %s, 'admin')", circle, ada)
    db.rpc(xia, "select public.block_user(%s)", cat)  # xia stays: the circle is cat's
    insert = ("insert into public.circle_members (circle_id, user_id, status, invited_by)"
              " values (%s, %s, 'invited', %s)")
    blocked, plain = (table_refusal(db, ada, insert, (circle, u, ada)) for u in (xia, yan))
    assert blocked[0] == "23505"
    assert blocked[:3] == plain[:3]  # the DETAIL names each one's own key

