"""The PostgREST request form, as a context manager.

``BEGIN; SET LOCAL ROLE <role>;
SELECT set_config('request.jwt.claims', '<claims>', true); …; COMMIT``

This is exactly what PostgREST runs for an HTTP request, so RLS and auth.uid() behave as
they would behind the API.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from enum import StrEnum
from typing import Any
from uuid import UUID

import psycopg
from psycopg import IsolationLevel, sql
from psycopg.pq import TransactionStatus


class Role(StrEnum):
    """The API roles a request can run as."""

    ANON = "anon"
    AUTHENTICATED = "authenticated"
    SERVICE_ROLE = "service_role"


def claims(role: Role, user_id: UUID | str | None = None) -> str:
    """The JWT claims PostgREST would set for ``role`` and user ``user_id``."""
    body: dict[str, str] = {}
    if user_id is not None:
        body["sub"] = str(user_id)
    body["role"] = role.value
    return json.dumps(body)


# The role's own settings (``alter role … set``), the database's before the role-wide ones, as
# PostgREST applies them to each request it runs as that role ("impersonated role settings"):
# this is how the API roles' statement timeouts reach a request.
_ROLE_SETTINGS = """
select set_config('request.jwt.claims', %s, true),
       -- auth.uid(), auth.role(), auth.email() and auth.jwt() read these first (older
       -- PostgREST set them): a session value left on a pooled server connection must not
       -- speak for this request.
       set_config('request.jwt.claim.sub', '', true),
       set_config('request.jwt.claim.role', '', true),
       set_config('request.jwt.claim.email', '', true),
       set_config('request.jwt.claim', '', true),
       (select count(set_config(split_part(s.kv, '=', 1), substr(s.kv, strpos(s.kv, '=') + 1),
                                true))
        from (select distinct on (split_part(kv, '=', 1)) kv
              from pg_catalog.pg_db_role_setting r cross join unnest(r.setconfig) kv
              where r.setrole = (select oid from pg_catalog.pg_roles where rolname = current_user)
                and r.setdatabase in (0, (select oid from pg_catalog.pg_database
                                          where datname = current_database()))
              order by split_part(kv, '=', 1), r.setdatabase desc) s)
"""


def _refuse_inside_a_transaction(conn: psycopg.Connection[Any] | psycopg.AsyncConnection[Any]
                                 ) -> None:
    """A request is a transaction of its own (DEP-09). Inside one the caller opened it would be
    a savepoint, whose SET LOCAL role and claims outlive it for the rest of that transaction,
    and which cannot be read only: so it is refused before anything runs."""
    status = conn.info.transaction_status
    if status != TransactionStatus.IDLE:
        raise psycopg.ProgrammingError(
            "kithdb.session.request() runs its own transaction and cannot run inside a "
            f"transaction (the connection is {status.name}): commit or roll back first, or "
            "use a connection of its own"
        )


@contextmanager
def _as_postgrest(conn: psycopg.Connection[Any], read_only: bool) -> Iterator[None]:
    """Begin the block's transaction as PostgREST does: read committed (unless the connection
    was given a level of its own), read only for a read and read write otherwise, whatever
    defaults the session carries (another client's, on a pooled server connection); then give
    the connection back its own level and mode."""
    _refuse_inside_a_transaction(conn)
    own = conn.isolation_level, conn.read_only
    conn.isolation_level = own[0] or IsolationLevel.READ_COMMITTED
    conn.read_only = read_only
    try:
        yield
    finally:
        if conn.info.transaction_status == TransactionStatus.IDLE:
            conn.isolation_level, conn.read_only = own


@asynccontextmanager
async def _aas_postgrest(conn: psycopg.AsyncConnection[Any], read_only: bool
                         ) -> AsyncIterator[None]:
    """:func:`_as_postgrest` on an asynchronous connection."""
    _refuse_inside_a_transaction(conn)
    own = conn.isolation_level, conn.read_only
    await conn.set_isolation_level(own[0] or IsolationLevel.READ_COMMITTED)
    await conn.set_read_only(read_only)
    try:
        yield
    finally:
        if conn.info.transaction_status == TransactionStatus.IDLE:
            await conn.set_isolation_level(own[0])
            await conn.set_read_only(own[1])


@contextmanager
def request(
    conn: psycopg.Connection[Any],
    role: Role = Role.AUTHENTICATED,
    user_id: UUID | str | None = None,
    *,
    read_only: bool = False,
) -> Iterator[psycopg.Connection[Any]]:
    """Run the block as one PostgREST request: one transaction as ``role`` with JWT claims and
    the role's settings (its statement timeout among them), begun read committed (or at the
    level the connection was given) and, for a call that only reads, read only.

    Commits when the block ends normally, rolls back when it raises; refused
    (``psycopg.ProgrammingError``) on a connection already in a transaction. Nothing the session
    carries decides for the request, nor does the request leave anything on the connection
    (DEP-09): its isolation and read-only mode are set at BEGIN and the connection's own given
    back after it,
    and the role and the claims are never sent as prepared statements (behind a transaction
    pooler, the name of a statement prepared on this connection can reach another client's
    statement of that name on a shared server connection, its role switch among them).
    """
    with _as_postgrest(conn, read_only), conn.transaction():
        conn.execute(sql.SQL("set local role {}").format(sql.Identifier(role.value)),
                     prepare=False)
        conn.execute(_ROLE_SETTINGS, (claims(role, user_id),), prepare=False)
        yield conn


@asynccontextmanager
async def arequest(
    conn: psycopg.AsyncConnection[Any],
    role: Role = Role.AUTHENTICATED,
    user_id: UUID | str | None = None,
    *,
    read_only: bool = False,
) -> AsyncIterator[psycopg.AsyncConnection[Any]]:
    """:func:`request` on an asynchronous connection."""
    async with _aas_postgrest(conn, read_only), conn.transaction():
        await conn.execute(sql.SQL("set local role {}").format(sql.Identifier(role.value)),
                           prepare=False)
        await conn.execute(_ROLE_SETTINGS, (claims(role, user_id),), prepare=False)
        yield conn
