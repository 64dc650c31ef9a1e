"""The Python client: typed errors with reasons, pooling, threads."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
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
    PostAudience,
    TryAgain,
    WrongState,
)
from kithdb.errors import from_psycopg
from kithdb.session import Role, arequest, request
from tests.conftest import Db


def test_each_error_class_with_its_reason(db: Db, client: Client) -> None:
    """Every SQLSTATE of docs/ERRORS.md arrives as its class, with .sqlstate and .reason."""
    ada, bob = db.users("ada", "bob")
    me = client.as_user(ada)
    circle = me.create_circle("Solo")
    me.create_post("first")
    cases: list[tuple[Callable[[], object], type[KithdbError], str, str]] = [
        (lambda: client.as_user(bob).invite_to_circle(circle, ada), NotFound, "PT404",
         "circle_not_found"),
        (lambda: me.invite_to_circle(circle, bob), NotAllowed, "42501", "invitee_not_friend"),
        (lambda: me.create_circle(""), InvalidInput, "22023", "circle_name_required"),
        (lambda: me.set_circle_member_role(circle, ada, CircleRole.MEMBER),
         WrongState, "PT409", "last_circle_admin"),
    ]
    me.request_friendship(bob)
    cases.append((lambda: me.request_friendship(bob), Conflict, "23505",
                  "friendship_already_requested"))
    for call, cls, sqlstate, reason in cases:
        with pytest.raises(cls) as info:
            call()
        err = info.value
        assert isinstance(err, KithdbError) and not isinstance(err, psycopg.Error)
        assert (err.sqlstate, err.reason) == (sqlstate, reason)
        assert err.message and reason in str(err)


def test_a_deadlock_is_try_again(db: Db) -> None:
    """A write that PostgreSQL gives up on because another was in its way (40P01) arrives as
    TryAgain, the class of docs/ERRORS.md for the calls that may simply be made again."""

    def take(conn: psycopg.Connection[Any], key: int) -> KithdbError | None:
        try:
            conn.execute("select pg_advisory_xact_lock(%s)", (key,))
        except psycopg.Error as err:
            conn.rollback()  # lets the other go on
            return from_psycopg(err)
        return None

    first, second = db.connect("postgres"), db.connect("postgres")
    try:
        take(first, 1)
        take(second, 2)
        with ThreadPoolExecutor(2) as pool:
            crossing = pool.submit(take, first, 2)
            time.sleep(0.3)
            outcomes = [pool.submit(take, second, 1).result(timeout=20),
                        crossing.result(timeout=20)]
    finally:
        first.close()
        second.close()
    refused = [o for o in outcomes if o is not None]
    assert len(refused) == 1 and isinstance(refused[0], TryAgain), outcomes
    assert refused[0].sqlstate == "40P01"


def test_constraint_violations_name_their_constraint(db: Db, client: Client) -> None:
    """A table write refused by PostgreSQL itself carries the constraint's name as reason."""
    ada = db.new_user("ada")
    with pytest.raises(InvalidInput) as info:
        client.as_user(ada).update_circle(db.circle(ada, "x"), name=" padded ")
    assert (info.value.sqlstate, info.value.reason) == ("23514", "circles_name_trimmed")


def test_unreachable_database_is_a_kithdb_error(db: Db) -> None:
    """No psycopg exception leaks out of a client call, not even a connection failure."""
    with Client(db.url(dbname="no_such_database"), min_size=0, max_size=1) as broken:
        broken.pool.timeout = 2
        with pytest.raises(KithdbError):
            broken.as_user(UUID(int=1)).my_circles()


def test_one_client_many_threads(db: Db, client: Client) -> None:
    """16 threads share one Client (8 connections): 200 calls, each its own request."""
    users = db.users(*(f"u{i}" for i in range(16)))
    event = db.event(users[0], "Meetup")

    def work(i: int) -> int:
        me = client.as_user(users[i % 16])
        me.create_post(f"post {i}", PostAudience.PUBLIC)
        assert me.event(event) is not None
        return len(me.feed(limit=5))

    with ThreadPoolExecutor(16) as pool:
        pages = list(pool.map(work, range(200)))
    assert all(1 <= n <= 5 for n in pages)
    assert db.one("select count(*) from public.posts") == 200
    authors = db.one("select count(distinct author_id) from public.posts")
    assert authors == 16  # each call ran as its own user, never as a neighbour's


def test_a_request_leaves_its_connection_as_it_found_it(db: Db) -> None:
    """DEP-09: a request's isolation and read-only mode are its own: after it, a connection
    handed to it writes again at the level it had (the async twin too)."""
    ada = db.new_user("ada")
    with db.connect() as conn:
        with request(conn, Role.AUTHENTICATED, ada, read_only=True):
            pass
        assert (conn.isolation_level, conn.read_only) == (None, None)
        conn.execute("create temp table scratch (x int)")
        conn.commit()
        conn.isolation_level = psycopg.IsolationLevel.SERIALIZABLE
        with request(conn, Role.AUTHENTICATED, ada, read_only=True):
            pass
        assert (conn.isolation_level, conn.read_only) == (
            psycopg.IsolationLevel.SERIALIZABLE, None)

    async def in_async() -> tuple[object, object]:
        async with await psycopg.AsyncConnection.connect(db.url("authenticator")) as aconn:
            async with arequest(aconn, Role.AUTHENTICATED, ada, read_only=True):
                pass
            return aconn.isolation_level, aconn.read_only

    assert asyncio.run(in_async()) == (None, None)


def test_a_request_inside_an_open_transaction_is_refused(db: Db) -> None:
    """DEP-09: a request is a transaction of its own, so one asked for inside a transaction the
    caller opened is refused before it runs, rather than leave its role and claims on the rest of
    that transaction (or pass a write off as read only); the outer transaction goes on as the
    caller, and the connection takes a request again once it is idle (the async twin too)."""
    ada = db.new_user("ada")
    with db.connect() as conn:
        with conn.transaction():
            with pytest.raises(psycopg.ProgrammingError, match="inside a transaction"), \
                    request(conn, Role.AUTHENTICATED, ada, read_only=True):
                conn.execute("select public.create_circle('written by a read', null)")
            assert conn.execute(
                "select current_user, coalesce(current_setting('request.jwt.claims', true), '')"
            ).fetchone() == ("authenticator", "")
        conn.execute("select 1")  # psycopg's implicit transaction, left open
        with pytest.raises(psycopg.ProgrammingError, match="inside a transaction"), \
                request(conn, Role.AUTHENTICATED, ada):
            pass
        conn.rollback()
        with request(conn, Role.AUTHENTICATED, ada) as c:
            assert c.execute("select auth.uid()").fetchone() == (ada,)
    assert db.one("select count(*) from public.circles") == 0

    async def in_async() -> object:
        async with await psycopg.AsyncConnection.connect(db.url("authenticator")) as aconn, \
                aconn.transaction():
            with pytest.raises(psycopg.ProgrammingError, match="inside a transaction"):
                async with arequest(aconn, Role.AUTHENTICATED, ada):
                    pass
            cur = await aconn.execute("select current_user")
            return await cur.fetchone()

    assert asyncio.run(in_async()) == ("authenticator",)
