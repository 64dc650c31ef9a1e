"""Through a transaction pooler, as on Supabase: PgBouncer in transaction mode in front of the
test cluster. No session state crosses a transaction (DEP-09); the Python client, the PostgREST
form and races behave as they do on direct connections."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import psycopg
import pytest

from kithdb import Client, FriendshipStatus, Notification
from kithdb.session import Role, request
from tests import pooler, rest
from tests import test_inbox as inbox
from tests import test_like_groups as like_groups
from tests.conftest import Db


@pytest.fixture(scope="session")
def bouncer(postgresql_proc: Any) -> Iterator[int]:
    """PgBouncer's port, in front of the session's cluster."""
    with pooler.serve(postgresql_proc.host, postgresql_proc.port) as port:
        yield port


def pooled_url(db: Db, bouncer: int, user: str = "authenticator") -> str:
    return f"postgresql://{user}@127.0.0.1:{bouncer}/{db.dbname}"


@pytest.fixture
def pooled(db: Db, bouncer: int) -> Iterator[Client]:
    """A kithdb.Client through the pooler, set up as the README says for one."""
    with Client(pooled_url(db, bouncer), max_size=8) as client:
        yield client


def test_no_session_state_crosses_a_transaction(db: Db, bouncer: int) -> None:
    """DEP-09: a transaction that acted as a user (kithdb's request form) leaves nothing behind on
    its server connection: the next transaction there, another client's, has its own role and no
    identity."""
    ada = db.new_user("ada")
    with psycopg.connect(pooled_url(db, bouncer)) as first, \
            psycopg.connect(pooled_url(db, bouncer)) as second:
        with request(first, Role.AUTHENTICATED, ada):
            row = first.execute("select pg_backend_pid(), auth.uid()").fetchone()
        assert row is not None and row[1] == ada
        with second.transaction():
            after = second.execute(
                "select pg_backend_pid(), current_user,"
                " coalesce(current_setting('request.jwt.claims', true), ''),"
                " current_setting('statement_timeout')").fetchone()
            second.execute("set local role authenticated")
            uid = second.execute("select auth.uid()").fetchone()
        assert after is not None
        assert after[0] == row[0], "the pooler gave the second client the same server connection"
        with db.connect() as fresh:
            timeout = fresh.execute("select current_setting('statement_timeout')").fetchone()
        assert timeout is not None
        # The role's statement timeout, which the request set for itself, went with it too.
        assert after[1:] == ("authenticator", "", timeout[0])
        assert uid == (None,)


def test_claims_left_in_a_session_do_not_speak_for_a_request(db: Db, bouncer: int) -> None:
    """DEP-09: session settings another client left on a shared server connection
    (``request.jwt.claim.sub``, ``.role``, ``.email`` and ``request.jwt.claim``, which auth.uid(),
    auth.role(), auth.email() and auth.jwt() read before the claims, as older PostgREST set them)
    do not speak for a request: it reads its own user."""
    ada, bob = db.users("ada", "bob")
    url = pooled_url(db, bouncer)
    with psycopg.connect(url) as other, psycopg.connect(url) as user:
        row = other.execute(
            "select pg_backend_pid(), set_config('request.jwt.claim.sub', %s, false),"
            " set_config('request.jwt.claim.role', 'service_role', false),"
            " set_config('request.jwt.claim.email', 'bob@example.test', false),"
            " set_config('request.jwt.claim', %s, false)",
            (str(bob), f'{{"sub": "{bob}", "role": "service_role"}}')).fetchone()
        other.commit()
        assert row is not None
        with pinned(url, off=row[0]), request(user, Role.AUTHENTICATED, ada):
            landed = user.execute("select pg_backend_pid(), kithdb.uid()").fetchone()
            seen = user.execute("select auth.uid(), auth.role(), auth.jwt() ->> 'sub',"
                                " current_setting('request.jwt.claim.email')").fetchone()
    assert landed == (row[0], ada)
    assert seen == (ada, "authenticated", str(ada), "")


def test_transaction_defaults_left_in_a_session_do_not_reach_a_request(
    db: Db, bouncer: int
) -> None:
    """DEP-09: a session's transaction defaults that another client left on a shared server
    connection (serializable, read only) do not decide for a request: it begins read committed,
    as PostgREST does, so a write between two users is not refused for its isolation, and read
    write; a read begins read only."""
    ada, bob = db.users("ada", "bob")
    url = pooled_url(db, bouncer)
    with psycopg.connect(url) as other:
        row = other.execute(
            "select pg_backend_pid(),"
            " set_config('default_transaction_isolation', 'serializable', false),"
            " set_config('default_transaction_read_only', 'on', false)").fetchone()
        other.commit()
    assert row is not None
    with pinned(url, off=row[0]), Client(url, min_size=1, max_size=1) as client:
        with client.pool.connection() as conn:
            landed = conn.execute("select pg_backend_pid(),"
                                  " current_setting('default_transaction_isolation')").fetchone()
            conn.rollback()
            with request(conn, Role.AUTHENTICATED, ada):
                write = conn.execute("select current_setting('transaction_isolation'),"
                                     " current_setting('transaction_read_only')").fetchone()
            with request(conn, Role.AUTHENTICATED, ada, read_only=True):
                read = conn.execute("select current_setting('transaction_isolation'),"
                                    " current_setting('transaction_read_only')").fetchone()
        assert landed == (row[0], "serializable")
        assert write == ("read committed", "off")
        assert read == ("read committed", "on")
        assert client.as_user(ada).request_friendship(bob) == FriendshipStatus.PENDING
        assert [f.status for f in client.as_user(bob).friendships()] == [FriendshipStatus.PENDING]


def test_prepared_statements_need_prepare_threshold_none(db: Db, bouncer: int) -> None:
    """DEP-09: why the client prepares nothing by default: a statement psycopg prepared on one
    server connection is missing on the next one PgBouncer 1.18 hands out (or, worse, another
    client's statement has its name there)."""
    query = "select 40 + 2"
    for threshold, fails in ((0, True), (None, False)):
        with psycopg.connect(pooled_url(db, bouncer), prepare_threshold=threshold) as conn, \
                psycopg.connect(pooled_url(db, bouncer)) as other:
            with conn.transaction():
                conn.execute(query)
            other.execute("select 1")  # holds the connection conn used, until it commits
            try:
                with conn.transaction():
                    conn.execute(query)
                failed = False
            except psycopg.errors.InvalidSqlStatementName:
                failed = True
            other.commit()
        assert failed is fails


@contextmanager
def pinned(url: str, *, on: int | None = None, off: int | None = None
           ) -> Iterator[psycopg.Connection[Any]]:
    """A client connection in an open transaction on a server connection of the pooler: backend
    ``on``, or any but ``off``; the other clients it took meanwhile let go of theirs."""
    held: list[psycopg.Connection[Any]] = []
    try:
        while True:
            conn = psycopg.connect(url)
            held.append(conn)
            row = conn.execute("select pg_backend_pid()").fetchone()
            assert row is not None and len(held) <= pooler.POOL_SIZE
            if (on is None or row[0] == on) and row[0] != off:
                for other in held[:-1]:
                    other.rollback()
                yield conn
                return
    finally:
        # Each lets go of its server connection at the end of its transaction: a client that
        # leaves in the middle of one makes PgBouncer close the server connection.
        for conn in held:
            conn.rollback()
            conn.close()


def test_a_prepared_statement_never_switches_a_request_role(db: Db, bouncer: int) -> None:
    """DEP-09: psycopg names its prepared statements per client connection, and
    PgBouncer 1.18 hands a server connection, with the statements prepared there, to any
    client. A request's role and claims are therefore never sent as prepared statements:
    otherwise a user's request that lands where a service_role client prepared its role switch
    under the same name runs as service_role."""
    ada = db.new_user("ada")
    query = "select pg_backend_pid(), current_user, kithdb.uid()"
    url = pooled_url(db, bouncer)
    with psycopg.connect(url) as service, psycopg.connect(url) as user:
        # psycopg's default threshold: the fifth run of a statement prepares it.
        with pinned(url):
            for _ in range(8):
                with request(service, Role.SERVICE_ROLE):
                    served = service.execute(query).fetchone()
        assert served is not None
        with pinned(url, on=served[0]):
            for _ in range(8):
                with request(user, Role.AUTHENTICATED, ada):
                    user.execute(query)
        with pinned(url, off=served[0]), request(user, Role.AUTHENTICATED, ada):
            landed = user.execute(query).fetchone()
    assert landed is not None and landed[0] == served[0]
    assert landed[1:] == ("authenticated", ada)


def test_the_client_prepares_nothing(db: Db) -> None:
    """DEP-09: kithdb.Client, as it comes, leaves no prepared statement on its connections,
    however often a call repeats."""
    ada = db.new_user("ada")
    with Client(db.url("authenticator"), max_size=1) as client:
        for _ in range(10):
            client.as_user(ada).unread_notification_count()
        with client.pool.connection() as conn:
            assert conn.execute("select count(*) from pg_prepared_statements").fetchone() == (0,)


def test_client_calls_through_the_pooler(db: Db, pooled: Client) -> None:
    """DEP-09: a user's calls through the pooler, each more often than psycopg's default
    threshold for preparing a statement, with other users' calls in between."""
    ada, bob = db.users("ada", "bob")
    db.befriend(ada, bob)
    unread = pooled.as_user(ada).unread_notification_count()
    for n in range(8):
        circle = pooled.as_user(ada).create_circle(f"Circle {n}")
        pooled.as_user(ada).invite_to_circle(circle, bob)
        assert pooled.as_user(bob).unread_notification_count() == 1
        pooled.as_user(bob).accept_circle_invitation(circle)
        assert len(pooled.as_user(bob).my_circles()) == n + 1
        assert pooled.as_user(bob).unread_notification_count() == 0
        assert pooled.as_user(ada).unread_notification_count() == unread


def test_listen_behind_the_pooler_uses_its_own_url(db: Db, bouncer: int) -> None:
    """DEP-09, NTF-07: a client behind the pooler listens on its ``listen_url`` (a direct,
    session connection) and hears a user's news written through the pooler; its channel stays
    on no pooled server connection."""
    ada, bob = db.users("ada", "bob")
    with Client(pooled_url(db, bouncer), listen_url=db.url("authenticator")) as client:
        news = inbox.heard(db, client, bob, lambda: client.as_user(ada).request_friendship(bob),
                           1)
        assert [(n.kind, n.actor_id) for n in news if isinstance(n, Notification)] == [
            ("friendship_requested", ada)]
        assert len(news) == 1
        with psycopg.connect(pooled_url(db, bouncer, "postgres")) as conn:
            rows = conn.execute("select pid from kithdb.listeners").fetchall()
            pooled = conn.execute("select pg_backend_pid()").fetchone()
        assert rows and pooled is not None and pooled[0] not in {r[0] for r in rows}


RACES = [
    like_groups.test_all_authors_approving_at_once,
    like_groups.test_approve_racing_withdraw,
    like_groups.test_friends_making_groups_with_a_shared_friend,
    inbox.test_an_author_stepping_down_during_an_application_keeps_nothing_of_it,
    inbox.test_a_block_during_an_application_takes_its_notification_back,
]


@pytest.mark.parametrize("race", RACES, ids=lambda race: race.__name__.removeprefix("test_"))
def test_races_through_the_pooler(db: Db, pooled: Client, race: Callable[[Db, Client], None]
                                  ) -> None:
    """DEP-09 and what each race proves (LGR-, NTF-): races of the direct-connection suite, as
    written there, with their calls through the pooler."""
    race(db, pooled)


def test_postgrest_form_through_the_pooler(db: Db, bouncer: int) -> None:
    """DEP-09: PostgREST's transaction form (role and claims per transaction) through the
    pooler: each request acts as its own token's user."""
    from postgrest import SyncPostgrestClient

    ada, bob = db.users("ada", "bob")
    with rest.serve(pooled_url(db, bouncer)) as url:
        clients = {who: SyncPostgrestClient(f"{url}/rest/v1", headers={
            "Authorization": f"Bearer {rest.jwt('authenticated', str(who))}"})
            for who in (ada, bob)}
        for n in range(6):
            for who, client in clients.items():
                made = client.rpc("create_circle", {"p_name": f"{who} {n}"}).execute()
                assert db.one("select created_by from public.circles where id = %s",
                              (made.data,)) == who
    assert db.one("select count(*) from public.circles") == 12
