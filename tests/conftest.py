"""Test harness: one PostgreSQL cluster per session, migrated once into a template database,
and a fresh database cloned from it for every test (~0.05 s)."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from uuid import UUID

import psycopg
import pytest
from pytest_postgresql import factories

from kithdb import Client, migrate
from kithdb.errors import from_psycopg
from kithdb.session import Role, request

ROOT = Path(__file__).resolve().parents[1]
PG_CTL = str(Path(sys.executable).parent / "kithdb-pg-ctl")


def load_template(host: str, port: int, user: str, dbname: str, **_: Any) -> None:
    """Build the template every test database is cloned from."""
    url = f"postgresql://{user}@{host}:{port}/{dbname}"
    with psycopg.connect(url, autocommit=True) as conn:
        # pgTAP lives outside `public`, so checks over the package's schema never see it.
        conn.execute("create schema tap")
        conn.execute("create extension pgtap schema tap")
        conn.execute("grant usage on schema tap to public")
        conn.execute("create extension plpgsql_check schema tap")
    migrate.apply(url)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute((ROOT / "sql" / "test_helpers.sql").read_text().encode())


postgresql_proc = factories.postgresql_proc(executable=PG_CTL, load=[load_template])
postgresql = factories.postgresql("postgresql_proc")


@dataclass
class Db:
    """One test's database: a superuser connection plus PostgREST-shaped sessions."""

    host: str
    port: int
    dbname: str
    admin: psycopg.Connection[Any]
    api: psycopg.Connection[Any]

    def url(self, user: str = "postgres", dbname: str | None = None) -> str:
        return f"postgresql://{user}@{self.host}:{self.port}/{dbname or self.dbname}"

    def connect(self, user: str = "authenticator") -> psycopg.Connection[Any]:
        """A new connection; ``authenticator`` is the login role PostgREST uses."""
        return psycopg.connect(self.url(user))

    def new_user(self, name: str) -> UUID:
        """Sign a user up (a row in auth.users; the profile comes by trigger)."""
        row = self.admin.execute("select tests.create_user(%s)", (name,)).fetchone()
        assert row is not None
        return UUID(str(row[0]))

    def befriend(self, a: UUID, b: UUID) -> None:
        """Make ``a`` and ``b`` accepted friends (as the DBA, to set a scene)."""
        self.admin.execute(
            "insert into public.friendships (user_id, friend_id, status, requested_by)"
            " values (least(%s::uuid, %s::uuid), greatest(%s::uuid, %s::uuid), 'accepted', %s)",
            (a, b, a, b, a),
        )

    def as_user(self, user_id: UUID) -> AbstractContextManager[psycopg.Connection[Any]]:
        """One PostgREST request as ``user_id`` (CONTRACT §2 form)."""
        return request(self.api, Role.AUTHENTICATED, user_id)

    def as_anon(self) -> AbstractContextManager[psycopg.Connection[Any]]:
        return request(self.api, Role.ANON)

    def as_service(self) -> AbstractContextManager[psycopg.Connection[Any]]:
        return request(self.api, Role.SERVICE_ROLE)

    def outcome(self, user_id: UUID, statement: str, *params: Any, immediate: bool = False) -> str:
        """One request as ``user_id`` on a connection of its own (for races): "ok", or the
        refusal as "SQLSTATE reason". ``immediate`` checks deferred constraints per statement."""
        try:
            with self.connect() as conn, request(conn, Role.AUTHENTICATED, user_id) as c:
                if immediate:
                    c.execute("set constraints all immediate")
                c.execute(statement.encode(), params)
        except psycopg.Error as err:
            refusal = from_psycopg(err)
            return f"{refusal.sqlstate} {refusal.reason}"
        return "ok"

    def one(self, query: str, params: tuple[Any, ...] = ()) -> Any:
        """The first column of the first row of a superuser query."""
        row = self.admin.execute(query.encode(), params).fetchone()
        return None if row is None else row[0]


@pytest.fixture
def db(postgresql: psycopg.Connection[Any]) -> Iterator[Db]:
    postgresql.autocommit = True
    info = postgresql.info
    api = psycopg.connect(
        f"postgresql://authenticator@{info.host}:{info.port}/{info.dbname}"
    )
    try:
        yield Db(info.host, info.port, info.dbname, postgresql, api)
    finally:
        api.close()


@pytest.fixture
def client(db: Db) -> Iterator[Client]:
    """A kithdb.Client on the test database, connected as ``authenticator``."""
    with Client(db.url("authenticator"), min_size=1, max_size=8) as c:
        yield c


@pytest.fixture
def scene(db: Db) -> dict[str, Any]:
    """A small world for the attack matrices: owner o runs circle C (friend f a member) and
    event E; f's group G is pending, f2's group R was rejected, f3's group A was approved (by
    o) with chat X, where f3 wrote message M; o posted P to circle C; event P0 has started;
    s and s2 are strangers to everyone. Keys map to ids."""
    u = {n: db.new_user(n) for n in ("o", "f", "f2", "f3", "s", "s2")}
    for n in ("f", "f2", "f3"):
        db.befriend(u["o"], u[n])

    def rpc(who: str, query: str, *args: Any) -> Any:
        with db.as_user(u[who]) as conn:
            row = conn.execute(query.encode(), args).fetchone()
        return row[0] if row else None

    c = rpc("o", "select public.create_circle('C')")
    rpc("o", "select public.invite_to_circle(%s, %s)", c, u["f"])
    rpc("f", "select public.accept_circle_invitation(%s)", c)
    e = rpc("o", "select public.create_event('E', now() + interval '7 days')")
    p = rpc("o", "select public.create_event('P0', now() + interval '7 days')")
    g = rpc("f", "select public.create_like_group(%s)", e)
    r = rpc("f2", "select public.create_like_group(%s)", e)
    rpc("o", "select public.approve_like_group(%s, false)", r)
    a = rpc("f3", "select public.create_like_group(%s)", e)
    rpc("o", "select public.approve_like_group(%s)", a)
    x = db.one("select chat_id from public.like_groups where id = %s", (a,))
    m = rpc("f3", "select public.send_message(%s, 'hello')", x)
    post = rpc("o", "select public.create_post('for C', 'circles', array[%s]::uuid[])", c)
    db.admin.execute("update public.events set starts_at = now() - interval '1 hour'"
                     " where id = %s", (p,))
    rule = json.dumps({"kind": "event", "event_id": str(e)})
    return {**u, "C": c, "E": e, "P": p, "G": g, "R": r, "A": a, "X": x, "M": m, "POST": post,
            "RULE": rule}


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
