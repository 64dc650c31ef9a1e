"""Through a transaction pooler, as on Supabase: PgBouncer in transaction mode in front of the
test cluster. No session state crosses a transaction (DEP-09); the Python client, the PostgREST
form and races behave as they do on direct connections."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import psycopg
import pytest

from kithdb import Client
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
    with Client(pooled_url(db, bouncer), max_size=8, prepare_threshold=None) as client:
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


def test_prepared_statements_need_prepare_threshold_none(db: Db, bouncer: int) -> None:
    """DEP-09: why the client is told `prepare_threshold=None`: a statement psycopg prepared on
    one server connection is missing on the next one PgBouncer 1.18 hands out."""
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
