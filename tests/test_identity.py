"""Identity and roles: auth.uid() from the JWT claims, and what each API role may reach."""

from __future__ import annotations

import psycopg
import pytest

from kithdb import Client, NotAllowed
from kithdb.errors import from_psycopg
from tests.conftest import Db


def test_uid_reads_both_claim_forms(db: Db) -> None:
    """ID-01: auth.uid() answers for request.jwt.claims and the older request.jwt.claim.sub."""
    ada = db.new_user("ada")
    with db.as_user(ada) as conn:
        assert conn.execute("select auth.uid()").fetchone() == (ada,)
    with db.api.transaction():
        db.api.execute("set local role authenticated")
        db.api.execute("select set_config('request.jwt.claim.sub', %s, true)", (str(ada),))
        assert db.api.execute("select auth.uid(), auth.role()").fetchone() == (ada, None)
    with db.api.transaction():
        db.api.execute("set local role authenticated")
        assert db.api.execute("select auth.uid()").fetchone() == (None,)


def test_anon_can_execute_no_package_function(db: Db) -> None:
    """ID-02: anon may execute nothing of the package, in public or kithdb."""
    rows = db.admin.execute(
        """
        select p.oid::regprocedure::text from pg_proc p
        where p.pronamespace in ('public'::regnamespace, 'kithdb'::regnamespace)
          and has_function_privilege('anon', p.oid, 'execute')
        """
    ).fetchall()
    assert rows == []
    assert db.one("select count(*) from pg_proc where pronamespace = 'public'::regnamespace") > 0


def test_anon_can_read_no_package_table(db: Db) -> None:
    """ID-02: anon has no privilege on any package table, and a call through the API fails."""
    rows = db.admin.execute(
        """
        select c.relname from pg_class c
        where c.relnamespace in ('public'::regnamespace, 'kithdb'::regnamespace)
          and c.relkind in ('r', 'v', 'm')
          and (has_table_privilege('anon', c.oid, 'select, insert, update, delete'))
        """
    ).fetchall()
    assert rows == []
    ada = db.new_user("ada")
    with pytest.raises(psycopg.errors.InsufficientPrivilege), db.as_anon() as conn:
        conn.execute("select public.request_friendship(%s)", (ada,))


def test_rpc_without_identity_is_refused(db: Db) -> None:
    """ID-03: authenticated with no sub → 42501 not_authenticated."""
    ada = db.new_user("ada")
    with pytest.raises(psycopg.Error) as info, db.as_user(None) as conn:  # type: ignore[arg-type]
        conn.execute("select public.request_friendship(%s)", (ada,))
    err = from_psycopg(info.value)
    assert isinstance(err, NotAllowed)
    assert err.reason == "not_authenticated"


# The RPCs and table inserts that write a row naming their caller: called with a token that
# outlived its account.
WRITES_NAMING_THE_CALLER = {
    "block_user": "select public.block_user(%(friend)s)",
    "mute_user": "select public.mute_user(%(friend)s)",
    "request_friendship": "select public.request_friendship(%(stranger)s)",
    "create_circle": "select public.create_circle('Mine')",
    "create_dynamic_circle":
        "select public.create_dynamic_circle('Friends', '{\"kind\": \"friends\"}')",
    "create_event": "select public.create_event('Gig', now() + interval '1 day')",
    "create_post": "select public.create_post('hi')",
    "create_like_group": "select public.create_like_group(%(event)s)",
    "report": "select public.report('user', %(friend)s, 'spam')",
    "start_listening": "select kithdb.start_listening()",
    # The table inserts whose row names its caller, where nothing else refuses first.
    "insert into posts": "insert into public.posts (body) values ('hi')",
    "insert into circles": "insert into public.circles (name) values ('Mine')",
    "insert into events":
        "insert into public.events (title, starts_at) values ('Gig', now() + interval '1 day')",
    "insert into reports":
        "insert into public.reports (target_kind, target_id, reason)"
        " values ('user', %(friend)s, 'spam')",
    "insert into blocks":
        "insert into public.blocks (blocker_id, blocked_id) values (%(me)s, %(friend)s)",
    "insert into mutes":
        "insert into public.mutes (muter_id, muted_id) values (%(me)s, %(friend)s)",
    "insert into friendships":
        "insert into public.friendships (user_id, friend_id, requested_by)"
        " select least(%(me)s::uuid, %(stranger)s::uuid),"
        " greatest(%(me)s::uuid, %(stranger)s::uuid), %(me)s",
}


@pytest.mark.parametrize("rpc", WRITES_NAMING_THE_CALLER)
def test_a_token_outliving_its_account_is_refused(db: Db, rpc: str) -> None:
    """ID-03, ACC-02: ada's account is deleted by an operator while her token is still valid:
    an RPC or a table insert that would write a row naming her answers 42501 not_authenticated,
    as for no user, not a raw foreign-key error."""
    ada, bob, cat = db.users("ada", "bob", "cat")
    db.befriend(ada, bob)
    event = db.event(bob, "Gig")
    assert db.delete_account(ada, by="operator") == "ok"
    names = {"me": str(ada), "friend": str(bob), "stranger": str(cat), "event": str(event)}
    statement = WRITES_NAMING_THE_CALLER[rpc] % {k: f"'{v}'" for k, v in names.items()}
    assert db.outcome(ada, statement) == "42501 not_authenticated"


def test_signed_in_reads_gate_on_the_role(db: Db, client: Client) -> None:
    """ID-05, ID-02: profiles, events, their authors and public posts are read by any
    authenticated request — even one whose JWT has no sub — and by no anon one; nothing personal
    (a friends post among it) is read without a sub."""
    ada, bob = db.users("ada", "bob")
    db.befriend(ada, bob)
    db.event(ada, "Gig")
    db.circle(ada, "Inner")
    db.post(ada, "hello")
    db.post(ada, "friends only", "friends")
    shared = {"profiles": 2, "events": 1, "event_authors": 1, "posts": 1}
    personal = ["friendships", "circles", "circle_members", "like_groups", "chats"]
    with db.as_user(None) as conn:  # type: ignore[arg-type]
        for table, n in shared.items():
            assert conn.execute(f"select count(*) from public.{table}").fetchone() == (n,)
        for table in personal:
            assert conn.execute(f"select count(*) from public.{table}").fetchone() == (0,)
    for table in shared:
        with pytest.raises(psycopg.errors.InsufficientPrivilege), db.as_anon() as conn:
            conn.execute(f"select count(*) from public.{table}")
