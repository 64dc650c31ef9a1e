"""Friendships through PostgREST-shaped sessions: RPCs and direct table writes."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from uuid import UUID

import psycopg
import pytest

from kithdb import (
    Client,
    Conflict,
    FriendshipStatus,
    InvalidInput,
    KithdbError,
    NotAllowed,
    NotFound,
    WrongState,
)
from kithdb.errors import from_psycopg
from tests.conftest import Db

PENDING, ACCEPTED, DECLINED = (
    FriendshipStatus.PENDING,
    FriendshipStatus.ACCEPTED,
    FriendshipStatus.DECLINED,
)


def pair_status(db: Db, a: UUID, b: UUID) -> str | None:
    status: str | None = db.one(
        "select status::text from public.friendships where user_id = least(%s::uuid, %s::uuid)"
        " and friend_id = greatest(%s::uuid, %s::uuid)",
        (a, b, a, b),
    )
    return status


def refused(db: Db, user: UUID, query: str, params: tuple[object, ...]) -> KithdbError:
    """Run a direct write as ``user``; return the refusal, failing if it was accepted."""
    with pytest.raises(psycopg.Error) as info, db.as_user(user) as conn:
        conn.execute(query.encode(), params)
    return from_psycopg(info.value)


def test_request_then_accept(db: Db, client: Client) -> None:
    """FRI-03, FRI-07: the addressee's acceptance makes the pair friends."""
    ada, bob = db.users("ada", "bob")
    assert client.as_user(ada).request_friendship(bob) == PENDING
    assert not client.as_user(ada).are_friends(ada, bob)
    assert client.as_user(bob).respond_friendship(ada, True) == ACCEPTED
    assert client.as_user(ada).are_friends(ada, bob)
    assert client.as_user(bob).are_friends(bob, ada)
    assert pair_status(db, ada, bob) == "accepted"


def test_decline_then_resend(db: Db, client: Client) -> None:
    """FRI-05, FRI-07, RTL-03: a declined request is not a friendship; it may be sent again, by
    its sender once the cool-down is over, by its addressee at once."""
    ada, bob = db.users("ada", "bob")
    client.as_user(ada).request_friendship(bob)
    assert client.as_user(bob).respond_friendship(ada, False) == DECLINED
    assert not client.as_user(ada).are_friends(ada, bob)
    db.admin.execute("update public.rate_limits set per = '1 microsecond'"
                     " where action = 'repeat_declined'")
    assert client.as_user(ada).request_friendship(bob) == PENDING
    assert client.as_user(bob).respond_friendship(ada, False) == DECLINED
    db.admin.execute("update public.rate_limits set per = '30 days'"
                     " where action = 'repeat_declined'")
    assert client.as_user(bob).request_friendship(ada) == PENDING
    assert client.as_user(ada).respond_friendship(bob, True) == ACCEPTED


def test_asking_back_is_consent(db: Db, client: Client) -> None:
    """FRI-03: asking someone who already asked you makes you friends."""
    ada, bob = db.users("ada", "bob")
    client.as_user(ada).request_friendship(bob)
    assert client.as_user(bob).request_friendship(ada) == ACCEPTED
    assert db.one("select count(*) from public.friendships") == 1


@pytest.mark.parametrize(
    ("setup", "exc", "reason"),
    [
        ("pending", Conflict, "friendship_already_requested"),
        ("accepted", Conflict, "already_friends"),
    ],
)
def test_duplicate_requests(
    db: Db, client: Client, setup: str, exc: type[KithdbError], reason: str
) -> None:
    """FRI-01: one row per pair; asking again is a 23505 duplicate."""
    ada, bob = db.users("ada", "bob")
    client.as_user(ada).request_friendship(bob)
    if setup == "accepted":
        client.as_user(bob).respond_friendship(ada, True)
    with pytest.raises(exc) as info:
        client.as_user(ada).request_friendship(bob)
    assert (info.value.sqlstate, info.value.reason) == ("23505", reason)
    if setup == "accepted":
        with pytest.raises(Conflict, match="already friends"):
            client.as_user(bob).request_friendship(ada)


def test_nobody_befriends_themselves(db: Db, client: Client) -> None:
    """FRI-02: by RPC (22023) and by direct insert (23514)."""
    ada = db.new_user("ada")
    with pytest.raises(InvalidInput) as info:
        client.as_user(ada).request_friendship(ada)
    assert (info.value.sqlstate, info.value.reason) == ("22023", "cannot_befriend_self")
    err = refused(
        db, ada,
        "insert into public.friendships (user_id, friend_id, requested_by) values (%s, %s, %s)",
        (ada, ada, ada),
    )
    assert (err.sqlstate, err.reason) == ("23514", "friendships_ordered_pair")


def test_bad_arguments(db: Db, client: Client) -> None:
    """Unknown users are PT404, NULL arguments 22023, each with its reason."""
    ada, bob = db.users("ada", "bob")
    me = client.as_user(ada)
    cases: list[tuple[Callable[[], object], type[KithdbError], str]] = [
        (lambda: me.request_friendship(UUID(int=7)), NotFound, "user_not_found"),
        (lambda: me.request_friendship(None), InvalidInput, "missing_user_id"),  # type: ignore[arg-type]
        (lambda: me.respond_friendship(None, True), InvalidInput, "missing_user_id"),  # type: ignore[arg-type]
        (lambda: me.respond_friendship(bob, None), InvalidInput, "missing_accept"),  # type: ignore[arg-type]
        (lambda: me.remove_friendship(None), InvalidInput, "missing_user_id"),  # type: ignore[arg-type]
        (lambda: me.respond_friendship(bob, True), NotFound, "friendship_request_not_found"),
        (lambda: me.remove_friendship(bob), NotFound, "friendship_not_found"),
    ]
    for call, exc, reason in cases:
        with pytest.raises(exc) as info:
            call()
        assert info.value.reason == reason
    assert db.one("select count(*) from public.friendships") == 0


def test_only_the_addressee_responds(db: Db, client: Client) -> None:
    """FRI-03: the requester cannot accept their own request (RPC or direct update)."""
    ada, bob = db.users("ada", "bob")
    client.as_user(ada).request_friendship(bob)
    with pytest.raises(NotAllowed) as info:
        client.as_user(ada).respond_friendship(bob, True)
    assert info.value.reason == "not_friendship_addressee"
    err = refused(db, ada, "update public.friendships set status = 'accepted'", ())
    assert (err.sqlstate, err.reason) == ("42501", "not_friendship_addressee")
    assert pair_status(db, ada, bob) == "pending"


def test_answered_request_cannot_be_answered_again(db: Db, client: Client) -> None:
    """FRI-05: responding to an accepted or declined pair is PT409."""
    ada, bob = db.users("ada", "bob")
    client.as_user(ada).request_friendship(bob)
    client.as_user(bob).respond_friendship(ada, True)
    with pytest.raises(WrongState) as info:
        client.as_user(bob).respond_friendship(ada, False)
    assert info.value.reason == "friendship_not_pending"
    assert pair_status(db, ada, bob) == "accepted"


def test_either_side_removes(db: Db, client: Client) -> None:
    """FRI-06: either side ends a friendship; a stranger cannot touch it and learns nothing."""
    ada, bob, eve = db.users("ada", "bob", "eve")
    client.as_user(ada).request_friendship(bob)
    client.as_user(bob).respond_friendship(ada, True)
    with pytest.raises(NotFound):
        client.as_user(eve).remove_friendship(bob)
    assert client.as_user(eve).friendships() == []
    with db.as_user(eve) as conn:
        assert conn.execute("delete from public.friendships").rowcount == 0
        assert conn.execute("update public.friendships set status = 'declined'").rowcount == 0
    assert pair_status(db, ada, bob) == "accepted"
    client.as_user(bob).remove_friendship(ada)
    assert pair_status(db, ada, bob) is None
    assert not client.as_user(ada).are_friends(ada, bob)


def test_each_side_sees_its_rows(db: Db, client: Client) -> None:
    """FRI-06: both sides see the pending row; the stranger sees none."""
    ada, bob, eve = db.users("ada", "bob", "eve")
    client.as_user(ada).request_friendship(bob)
    assert [f.requested_by for f in client.as_user(ada).friendships()] == [ada]
    assert [f.status for f in client.as_user(bob).friendships()] == [PENDING]
    assert client.as_user(eve).friendships() == []
    assert not client.as_user(eve).are_friends(ada, bob)


def test_direct_writes_cannot_skip_consent(db: Db) -> None:
    """FRI-03, FRI-04, FRI-05, FRI-06: what PostgREST table writes cannot do."""
    ada, bob, eve = db.users("ada", "bob", "eve")
    lo, hi = sorted([ada, bob])
    insert = (
        "insert into public.friendships (user_id, friend_id, status, requested_by)"
        " values (%s, %s, %s, %s)"
    )
    # Imposing a friendship, or asking in someone else's name.
    assert refused(db, ada, insert, (lo, hi, "accepted", ada)).reason == (
        "friendship_requires_consent"
    )
    assert refused(db, ada, insert, (lo, hi, "pending", bob)).reason == (
        "friendship_requires_consent"
    )
    # A stranger creating a pair between two others.
    assert refused(db, eve, insert, (lo, hi, "pending", eve)).sqlstate in ("42501", "23514")
    # A legitimate request through the table works like the RPC.
    with db.as_user(ada) as conn:
        conn.execute(insert.encode(), (lo, hi, "pending", ada))
    assert refused(
        db, bob, "update public.friendships set status = 'accepted', requested_by = %s", (bob,)
    ).reason == "friendship_requested_by_immutable"
    assert refused(
        db, ada, "update public.friendships set user_id = %s", (eve,)
    ).sqlstate == "42501"  # no column privilege on the pair
    with db.as_user(bob) as conn:
        conn.execute("update public.friendships set status = 'accepted'")
    err = refused(db, ada, "update public.friendships set status = 'pending'", ())
    assert (err.sqlstate, err.reason) == ("PT409", "friendship_invalid_transition")
    assert pair_status(db, ada, bob) == "accepted"


def test_service_role_is_trusted(db: Db) -> None:
    """FRI-03, ID-04: service_role (like a DBA in psql) is trusted with any status."""
    ada, bob = db.users("ada", "bob")
    lo, hi = sorted([ada, bob])
    with db.as_service() as conn:
        conn.execute(
            "insert into public.friendships (user_id, friend_id, status, requested_by)"
            " values (%s, %s, 'accepted', %s)",
            (lo, hi, ada),
        )
    assert pair_status(db, ada, bob) == "accepted"


def test_crossed_requests_wait_and_accept(db: Db, client: Client) -> None:
    """FRI-01, FRI-03: while Ada's request is uncommitted, Bob's request waits, then accepts."""
    ada, bob = db.users("ada", "bob")
    holder = db.connect()
    try:
        holder.execute("begin")
        holder.execute("set local role authenticated")
        holder.execute(
            "select set_config('request.jwt.claims', %s, true)",
            (f'{{"sub":"{ada}","role":"authenticated"}}',),
        )
        holder.execute("select public.request_friendship(%s)", (bob,))
        with ThreadPoolExecutor(1) as pool:
            later = pool.submit(client.as_user(bob).request_friendship, ada)
            with pytest.raises(TimeoutError):
                later.result(timeout=0.5)  # blocked on Ada's uncommitted row
            holder.execute("commit")
            assert later.result(timeout=10) == ACCEPTED
    finally:
        holder.close()
    assert db.one("select count(*) from public.friendships") == 1
    assert pair_status(db, ada, bob) == "accepted"


def test_simultaneous_requests_many_pairs(db: Db, client: Client) -> None:
    """FRI-01: 20 pairs ask each other at the same moment → 20 rows, all accepted, no errors."""
    pairs = [(db.new_user(f"a{i}"), db.new_user(f"b{i}")) for i in range(20)]
    barriers = [threading.Barrier(2, timeout=10) for _ in pairs]

    def ask(i: int, me: UUID, other: UUID) -> FriendshipStatus:
        barriers[i].wait()  # both sides of pair i call at the same moment
        return client.as_user(me).request_friendship(other)

    with ThreadPoolExecutor(8) as pool:
        futures = []
        for i, (a, b) in enumerate(pairs):
            futures += [pool.submit(ask, i, a, b), pool.submit(ask, i, b, a)]
        results = [f.result(timeout=60) for f in futures]
    assert results.count(ACCEPTED) == 20
    assert results.count(PENDING) == 20
    assert db.one("select count(*) from public.friendships where status = 'accepted'") == 20


@pytest.mark.parametrize(("statement", "expected"), [
    ("select public.remove_friendship(%s)", "PT404 friendship_not_found"),
    ("select public.respond_friendship(%s, true)", "PT404 friendship_request_not_found"),
    ("select public.request_friendship(%s)", "PT404 user_not_found"),
])
def test_a_blocked_users_friendship_rpc_waits_for_none_of_the_blockers_writes(
    db: Db, statement: str, expected: str
) -> None:
    """ACC-03, BLK-03: the friendship RPCs take the other user's lock, but not a blocker's (a
    request is refused before, as ada's profile is hidden from him). Bob, whom ada blocked, is
    answered at once while ada's lock is held (her account's deletion, her being added to a
    group or as an event's author): he cannot time her writes."""
    ada, bob = db.users("ada", "bob")
    db.rpc(ada, "select public.block_user(%s)", bob)
    with ThreadPoolExecutor(1) as pool, db.as_service() as holder:
        holder.execute("select kithdb.lock_user_blocks(%s, true)", (ada,))
        calling = pool.submit(db.outcome, bob, statement, ada)
        assert calling.result(timeout=5) == expected
