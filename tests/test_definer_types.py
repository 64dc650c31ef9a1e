"""A definer resolves no name through the caller's temporary schema: with `search_path = ''`,
PostgreSQL still looks up type names in `pg_temp` first, so a definer that writes `uuid` where it
means `pg_catalog.uuid` runs a domain the caller made, with the domain's check running as the
definer's owner. A caller needs a direct SQL session in role `authenticated` for it (PostgREST
gives none): the login `authenticator`'s password, say."""

from __future__ import annotations

from typing import Any

import psycopg

from kithdb.session import Role, request
from tests.conftest import Db
from tests.test_rpc_matrix import GOOD_CALLS, resolve

TRAP = """
create function pg_temp.trap(anyelement) returns boolean language plpgsql as $$
begin
  if current_user <> 'authenticated' then
    raise exception 'pg_temp type used as %', current_user using errcode = 'XX666';
  end if;
  return true;
end $$;
"""


def type_shadows(db: Db) -> list[tuple[str, str]]:
    """A domain for every type name of pg_catalog (arrays aside): (name, base), the base the
    type itself where a domain may stand on it, else text (pseudo-types such as record)."""
    rows = db.admin.execute(
        "select t.typname, case when t.typtype = 'b' and t.typname <> 'unknown'"
        " then t.typname else 'text' end"
        " from pg_type t where t.typnamespace = 'pg_catalog'::regnamespace"
        " and t.typname !~ '^_' and t.typtype in ('b', 'p', 'r', 'm')")
    return [(str(n), str(b)) for n, b in rows]


def call_with_traps(db: Db, shadows: list[tuple[str, str]], user: Any, statement: str,
                    params: list[Any]) -> str:
    """``statement`` as ``user``, on a session whose temporary schema shadows every type name
    with a domain that fails when checked by anyone but the caller, then rolled back. "ok",
    "trapped" or the refusal's SQLSTATE."""
    with db.connect() as conn:
        try:
            # Rolled back, deferred triggers fired first: each call meets the scene as built.
            with request(conn, Role.AUTHENTICATED, user) as c:
                c.execute(TRAP.encode())
                for name, base in shadows:
                    c.execute(f"create domain pg_temp.{name} as pg_catalog.{base}"
                              f" check (pg_temp.trap(value))".encode())
                c.execute(statement.encode(), params)
                c.execute("set constraints all immediate")
                raise psycopg.Rollback()  # the request's own transaction
        except psycopg.Error as err:
            return "trapped" if err.sqlstate == "XX666" else str(err.sqlstate)
    return "ok"


def test_no_definer_resolves_a_type_in_pg_temp(db: Db, scene: dict[str, Any]) -> None:
    """SEC-04: every RPC called validly, the home feed of a caller with many friends, and a read
    of every table (whose policies call definer predicates), each under shadowing domains for
    every type name of pg_catalog (record too): no definer ever checks one as its owner.
    auth.uid() is Supabase's own text
    (the compat migration copies it), whose casts name uuid and jsonb unqualified."""
    fans = db.users(*(f"fan{i}" for i in range(70)))
    db.befriend(scene["s2"], *fans)
    for fan in fans[:3]:
        db.post(fan, "hello")
    calls: list[tuple[Any, str, list[Any]]] = []
    for name, (caller, args) in sorted(GOOD_CALLS.items()):
        values = [resolve(scene, a) for a in args]
        placeholders = ", ".join(["%s"] * len(values))
        calls.append((scene[caller], f"select public.{name}({placeholders})", values))
    calls.append((scene["s2"], "select * from public.home_feed(5)", []))
    tables = [r[0] for r in db.admin.execute(
        "select c.oid::regclass::text from pg_class c where c.relnamespace = 'public'::regnamespace"
        " and c.relkind in ('r', 'v') and c.relname !~ 'yoyo'")]
    calls += [(scene["o"], f"select * from {t}", []) for t in tables]
    shadows = type_shadows(db)
    assert len(shadows) > 90 and ("record", "text") in shadows and ("uuid", "uuid") in shadows
    outcomes = {statement: call_with_traps(db, shadows, who, statement, params)
                for who, statement, params in calls}
    trapped = [s for s, o in outcomes.items() if o == "trapped"]
    assert trapped == [], trapped
    # The calls ran: a trap that nothing reaches would prove nothing.
    # Most calls went through (some of the matrix's calls are refused by the scene's state, after
    # their definers ran): a trap that nothing reaches would prove nothing.
    assert sum(o == "ok" for o in outcomes.values()) >= 30, outcomes
