"""Every RPC × {anon, no identity, NULL arguments, ids that do not exist}: one table of data,
derived from the catalog so a new RPC is covered the day it is added. After each refusal,
nothing was written."""

from __future__ import annotations

import json
from typing import Any
from uuid import UUID

import psycopg
import pytest

from kithdb.errors import from_psycopg
from kithdb.session import Role, request
from tests.conftest import Db

MISSING = str(UUID(int=0xDEAD))
# A valid value per argument type, for the calls where only the ids are wrong.
VALID = {
    "text": "hello",
    "boolean": True,
    "integer": 20,
    "timestamp with time zone": "2099-01-01T00:00:00Z",
    "post_audience": "circles",
    "circle_role": "admin",
    "jsonb": json.dumps({"kind": "event", "event_id": MISSING}),
    "uuid": MISSING,
    "uuid[]": [MISSING],
}
SERVICE_ONLY = {"expire_like_groups"}


def rpcs(db: Db) -> list[tuple[str, list[tuple[str, str]]]]:
    rows = db.admin.execute(
        """
        select p.proname,
               coalesce(array_agg(a.name || ':' || format_type(a.type, null) order by a.ord)
                        filter (where a.name is not null), '{}')
        from pg_proc p
        left join lateral unnest(p.proargnames, p.proargtypes::oid[])
          with ordinality as a(name, type, ord) on true
        where p.pronamespace = 'public'::regnamespace
        group by p.oid, p.proname order by p.proname
        """
    ).fetchall()
    result = []
    for name, args in rows:
        pairs = [tuple(a.split(":", 1)) for a in args]
        result.append((str(name), [(n, t.replace("public.", "")) for n, t in pairs]))
    return result


def snapshot(db: Db) -> str:
    """A fingerprint of every row of every package table."""
    tables = [r[0] for r in db.admin.execute(
        "select c.oid::regclass::text from pg_class c where c.relnamespace = 'public'::regnamespace"
        " and c.relkind = 'r' and c.relname !~ 'yoyo' order by 1").fetchall()]
    parts = [
        db.admin.execute(f"select md5(coalesce(string_agg(t::text, ',' order by t::text), ''))"
                         f" from {t} t".encode()).fetchone()
        for t in tables
    ]
    return ",".join(str(p) for p in parts)


def call(db: Db, role: Role, user: UUID | None, name: str, values: list[Any]) -> str:
    """The SQLSTATE of the refusal (or 'ok')."""
    placeholders = ", ".join(["%s"] * len(values))
    try:
        with request(db.api, role, user) as conn:
            conn.execute(f"select public.{name}({placeholders})".encode(), values)
    except psycopg.Error as err:
        return from_psycopg(err).sqlstate or "?"
    return "ok"


def test_rpc_matrix(db: Db) -> None:
    """ID-02, ID-03, SEC-05: the refusal every RPC owes each kind of bad call."""
    user = db.new_user("caller")
    db.new_user("bystander")
    found = rpcs(db)
    assert len(found) >= 24
    before = snapshot(db)
    failures = []
    checked = 0
    for name, args in found:
        nulls: list[Any] = [None] * len(args)
        expected: dict[str, tuple[Role, UUID | None, list[Any], str]] = {
            "anon": (Role.ANON, None, nulls, "42501"),
            "no identity": (Role.AUTHENTICATED, None, nulls, "42501"),
        }
        if name not in SERVICE_ONLY and args:
            expected["all NULL"] = (Role.AUTHENTICATED, user, nulls, "22023")
            if any(t in ("uuid", "uuid[]", "jsonb") for _, t in args):
                valid = [VALID[t] for _, t in args]
                expected["missing ids"] = (Role.AUTHENTICATED, user, valid, "PT404")
        for case, (role, who, values, sqlstate) in expected.items():
            checked += 1
            got = call(db, role, who, name, values)
            if got != sqlstate:
                failures.append(f"{name} {case}: expected {sqlstate}, got {got}")
    assert failures == []
    assert checked > 80, checked
    assert snapshot(db) == before, "a refused call wrote something"


@pytest.mark.parametrize("name", sorted(SERVICE_ONLY))
def test_service_only_rpcs(db: Db, name: str) -> None:
    """LGR-08: maintenance RPCs refuse signed-in users and serve service_role."""
    user = db.new_user("caller")
    assert call(db, Role.AUTHENTICATED, user, name, []) == "42501"
    assert call(db, Role.SERVICE_ROLE, None, name, []) == "ok"
