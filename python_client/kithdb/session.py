"""The PostgREST request form (CONTRACT §2), as a context manager.

``BEGIN; SET LOCAL ROLE <role>;
SELECT set_config('request.jwt.claims', '<claims>', true); …; COMMIT``

This is exactly what PostgREST runs for an HTTP request, so RLS and auth.uid() behave as
they would behind the API.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from typing import Any
from uuid import UUID

import psycopg
from psycopg import sql


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


@contextmanager
def request(
    conn: psycopg.Connection[Any],
    role: Role = Role.AUTHENTICATED,
    user_id: UUID | str | None = None,
) -> Iterator[psycopg.Connection[Any]]:
    """Run the block as one PostgREST request: one transaction as ``role`` with JWT claims.

    Commits when the block ends normally, rolls back when it raises.
    """
    with conn.transaction():
        conn.execute(sql.SQL("set local role {}").format(sql.Identifier(role.value)))
        conn.execute(
            "select set_config('request.jwt.claims', %s, true)", (claims(role, user_id),)
        )
        yield conn
