"""One user, everyone's problem: statement timeouts, bulk inserts, oversize arrays."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import psycopg
import pytest

from kithdb import Client, InvalidInput, PostAudience
from kithdb.errors import from_psycopg
from tests.conftest import Db, snapshot


def test_api_roles_have_supabase_statement_timeouts(db: Db) -> None:
    """SEC-09: a request as anon runs under a 3 s statement timeout and one as authenticated
    under 8 s, as on Supabase; service_role, the trusted maintenance role, has none."""
    user = db.new_user("ada")
    with db.as_anon() as conn:
        assert conn.execute("show statement_timeout").fetchone() == ("3s",)
    with db.as_user(user) as conn:
        assert conn.execute("show statement_timeout").fetchone() == ("8s",)
    with db.as_service() as conn:
        assert conn.execute("show statement_timeout").fetchone() == ("0",)


def test_a_request_that_runs_too_long_is_cancelled(db: Db) -> None:
    """SEC-09: the timeout is what PostgREST applies to the request's own transaction: a
    lowered one cancels a slow statement with 57014."""
    user = db.new_user("ada")
    db.admin.execute(
        f"alter role authenticated in database {db.dbname} set statement_timeout = '50ms'"
    )
    with pytest.raises(psycopg.errors.QueryCanceled), db.as_user(user) as conn:
        conn.execute("select pg_sleep(1)")


BULK = {
    "posts": "insert into public.posts (body) select 'x' from generate_series(1, %s)",
    "events": "insert into public.events (title, starts_at)"
              " select 'x', now() + interval '1 day' from generate_series(1, %s)",
    "circles": "insert into public.circles (name) select 'x' from generate_series(1, %s)",
}


@pytest.mark.parametrize("table", sorted(BULK))
def test_one_request_inserts_at_most_100_rows(db: Db, table: str) -> None:
    """SEC-10: an API statement that would insert more than 100 rows into a table is refused
    with 22023 too_many_rows, and inserts nothing; 100 go through."""
    user = db.new_user("ada")
    # Events are rate-limited too (RTL-01): room for the 100 this test makes.
    db.admin.execute("update public.rate_limits set max_count = 200 where action = 'event'")
    before = snapshot(db)
    with pytest.raises(psycopg.Error) as raw, db.as_user(user) as conn:
        conn.execute(BULK[table].encode(), (101,))
    err = from_psycopg(raw.value)
    assert (err.sqlstate, err.reason) == ("22023", "too_many_rows")
    assert snapshot(db) == before
    with db.as_user(user) as conn:
        assert conn.execute(BULK[table].encode(), (100,)).rowcount == 100


def test_every_table_api_users_insert_into_is_limited(db: Db) -> None:
    """SEC-10: every public table that authenticated may insert into has the limit."""
    rows = db.admin.execute(
        """
        select c.relname,
               exists (select from pg_trigger t where t.tgrelid = c.oid
                       and t.tgname = c.relname || '_insert_limit')
        from pg_class c
        where c.relnamespace = 'public'::regnamespace and c.relkind = 'r'
          and (has_table_privilege('authenticated', c.oid, 'insert')
               or exists (select from pg_attribute a where a.attrelid = c.oid and a.attnum > 0
                          and has_column_privilege('authenticated', c.oid, a.attnum, 'insert')))
        order by 1
        """
    ).fetchall()
    assert len(rows) >= 8
    assert [name for name, limited in rows if not limited] == []


@pytest.mark.parametrize(
    ("rpc", "args", "reason"),
    [
        ("create_post", ["x", PostAudience.CIRCLES.value, "ids"], "too_many_circles"),
        ("create_like_group", ["event", "ids"], "too_many_members"),
        ("mark_notifications_read", ["ids"], "too_many_notifications"),
    ],
)
def test_oversize_arrays_are_refused_first(db: Db, rpc: str, args: list[Any], reason: str) -> None:
    """SEC-11: an array argument past its bound of 100 (20,000 copies of one id here) is refused
    with 22023 before any other check or work: the ids need not even exist."""
    user = db.new_user("ada")
    missing = UUID(int=7)
    values = [[missing] * 20_000 if a == "ids" else missing if a == "event" else a for a in args]
    placeholders = ", ".join(["%s"] * len(values))
    with pytest.raises(psycopg.Error) as raw, db.as_user(user) as conn:
        conn.execute(f"select public.{rpc}({placeholders})".encode(), values)
    err = from_psycopg(raw.value)
    assert (err.sqlstate, err.reason) == ("22023", reason)


def test_array_bounds_admit_what_the_rules_admit(db: Db, client: Client) -> None:
    """SEC-11, PST-02: an array holds at most 100 ids; within that, duplicates collapse as
    before."""
    me = db.new_user("me")
    circle = db.circle(me, "c")
    post = client.as_user(me).create_post("to c", PostAudience.CIRCLES, [circle] * 100)
    assert db.one("select count(*) from public.post_circles where post_id = %s", (post,)) == 1
    with pytest.raises(InvalidInput) as info:
        client.as_user(me).create_post("too many", PostAudience.CIRCLES, [circle] * 101)
    assert info.value.reason == "too_many_circles"
