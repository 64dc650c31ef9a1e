"""The one place where client calls reach the database."""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Any, LiteralString
from uuid import UUID

import psycopg
from psycopg.rows import dict_row

from kithdb.errors import KithdbError, from_psycopg
from kithdb.routing import ReplicaFailed, Router
from kithdb.session import Role, request


class Caller:
    """Runs each call as its own PostgREST-shaped request (kithdb.session.request) on a pooled
    connection: a write on the primary, a read where the router sends it (a read replica when
    there are some)."""

    def __init__(self, router: Router, role: Role, user_id: UUID | None) -> None:
        self._router = router
        self._pool = router.primary
        self.role = role
        self.user_id = user_id

    def _rows(self, query: LiteralString, params: tuple[Any, ...] = ()) -> list[dict[str, Any]]:
        """A call that may write, on the primary."""
        return self._run(self._router.write(self.user_id), query, params, read_only=False)

    def _read_rows(self, query: LiteralString, params: tuple[Any, ...] = ()
                   ) -> list[dict[str, Any]]:
        """A call that only reads (a stable RPC or a table read): on a replica when the router
        has one for it, run again on the primary when the replica's connection fails."""
        try:
            return self._run(self._router.read(self.user_id), query, params, read_only=True)
        except ReplicaFailed:
            return self._run(self._router.primary.connection(), query, params, read_only=True)

    def _run(self, connection: AbstractContextManager[psycopg.Connection[Any]],
             query: LiteralString, params: tuple[Any, ...], *, read_only: bool
             ) -> list[dict[str, Any]]:
        try:
            with (
                connection as conn,
                request(conn, self.role, self.user_id, read_only=read_only),
                conn.cursor(row_factory=dict_row) as cur,
            ):
                cur.execute(query, params)
                return cur.fetchall() if cur.description else []
        except psycopg.Error as exc:
            raise from_psycopg(exc) from exc

    def _scalar(self, query: LiteralString, params: tuple[Any, ...] = ()) -> Any:
        return self._first(self._rows(query, params), query)

    def _read_scalar(self, query: LiteralString, params: tuple[Any, ...] = ()) -> Any:
        return self._first(self._read_rows(query, params), query)

    @staticmethod
    def _first(rows: list[dict[str, Any]], query: str) -> Any:
        if not rows:
            raise KithdbError(f"no result from {query!r}")
        return next(iter(rows[0].values()))
