"""Exceptions for kithdb refusals, mapped from SQLSTATE as docs/ERRORS.md lists them.

Every refusal of the database carries a SQLSTATE and a snake_case reason code in DETAIL.
A constraint violation raised by PostgreSQL itself has its own DETAIL; its reason is then the
constraint's name, which is just as stable.
"""

from __future__ import annotations

import re

import psycopg

_REASON = re.compile(r"^[a-z][a-z0-9_]*$")


class KithdbError(Exception):
    """A call refused by the database (or a failure to reach it).

    Attributes:
        sqlstate: the five-character SQLSTATE, e.g. ``"PT409"``.
        reason: the stable snake_case reason code, e.g. ``"like_group_not_pending"``.
        message: the human message.
    """

    def __init__(self, message: str, *, sqlstate: str | None = None, reason: str | None = None):
        super().__init__(message)
        self.message = message
        self.sqlstate = sqlstate
        self.reason = reason

    def __str__(self) -> str:
        tail = f" [{self.sqlstate}{' ' + self.reason if self.reason else ''}]"
        return f"{self.message}{tail if self.sqlstate else ''}"


class NotAllowed(KithdbError):
    """42501: the caller may not do this (PostgREST 401/403)."""


class NotFound(KithdbError):
    """PT404: the row does not exist or is not visible to the caller (PostgREST 404)."""


class Conflict(KithdbError):
    """23505: a duplicate — already a member, already invited, already in a like group (409)."""


class WrongState(KithdbError):
    """PT409: the target is in the wrong state — not pending, started, last admin, full (409)."""


class RateLimited(KithdbError):
    """PT429: the caller did this too often lately; try again later (PostgREST 429)."""


class TryAgain(KithdbError):
    """40001 / 40P01: a concurrent write got in the way and nothing was done; the same call may
    simply be made again (PostgREST 500)."""


class InvalidInput(KithdbError):
    """22023 / 23514 (and other class 22/23 errors): the input is invalid (PostgREST 400)."""


_BY_SQLSTATE: dict[str, type[KithdbError]] = {
    "42501": NotAllowed,
    "PT404": NotFound,
    "23505": Conflict,
    "PT409": WrongState,
    "PT429": RateLimited,
    "40001": TryAgain,
    "40P01": TryAgain,
    "22023": InvalidInput,
    "23514": InvalidInput,
}


def from_psycopg(exc: psycopg.Error) -> KithdbError:
    """Translate a psycopg error into the matching :class:`KithdbError` subclass."""
    diag = exc.diag
    sqlstate = diag.sqlstate or getattr(exc, "sqlstate", None)
    detail = diag.message_detail
    reason = detail if detail and _REASON.match(detail) else diag.constraint_name
    message = diag.message_primary or str(exc).strip()
    cls = _BY_SQLSTATE.get(sqlstate or "")
    if cls is None and sqlstate and sqlstate[:2] in ("22", "23"):
        cls = InvalidInput
    return (cls or KithdbError)(message, sqlstate=sqlstate, reason=reason)
