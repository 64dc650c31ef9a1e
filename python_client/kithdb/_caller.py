"""The one place where client calls reach the database."""

from __future__ import annotations

from typing import Any, LiteralString
from uuid import UUID

import psycopg
from psycopg.rows import dict_row
from psycopg_pool import ConnectionPool

from kithdb.errors import KithdbError, from_psycopg
from kithdb.session import Role, request


class Caller:
    """Runs each call as its own PostgREST-shaped request (kithdb.session.request) on a pooled
    connection."""

    def __init__(self, pool: ConnectionPool, role: Role, user_id: UUID | None) -> None:
        self._pool = pool
        self.role = role
        self.user_id = user_id

    def _rows(self, query: LiteralString, params: tuple[Any, ...] = ()) -> list[dict[str, Any]]:
        try:
            with (
                self._pool.connection() as conn,
                request(conn, self.role, self.user_id),
                conn.cursor(row_factory=dict_row) as cur,
            ):
                cur.execute(query, params)
                return cur.fetchall() if cur.description else []
        except psycopg.Error as exc:
            raise from_psycopg(exc) from exc

    def _scalar(self, query: LiteralString, params: tuple[Any, ...] = ()) -> Any:
        rows = self._rows(query, params)
        if not rows:
            raise KithdbError(f"no result from {query!r}")
        return next(iter(rows[0].values()))
