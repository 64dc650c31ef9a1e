"""The inbox: notifications and the caller's chats with what is unread (NTF-01 to NTF-06,
CHT-06, CHT-07)."""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any, LiteralString
from uuid import UUID

import psycopg
from psycopg import sql
from psycopg.rows import dict_row
from psycopg_pool import ConnectionPool

from kithdb._caller import Caller
from kithdb.chats import Message
from kithdb.errors import KithdbError, from_psycopg
from kithdb.session import Role, arequest, request


class NotificationKind(StrEnum):
    """``public.notification_kind``: what happened to the recipient."""

    FRIENDSHIP_REQUESTED = "friendship_requested"
    FRIENDSHIP_ACCEPTED = "friendship_accepted"
    CIRCLE_INVITATION = "circle_invitation"
    EVENT_AUTHOR_INVITATION = "event_author_invitation"
    LIKE_GROUP_APPLIED = "like_group_applied"
    LIKE_GROUP_MEMBER_ADDED = "like_group_member_added"
    LIKE_GROUP_APPROVED = "like_group_approved"
    LIKE_GROUP_REJECTED = "like_group_rejected"
    LIKE_GROUP_EXPIRED = "like_group_expired"
    REPORT_RESOLVED = "report_resolved"


@dataclass(frozen=True)
class Notification:
    """A row of ``public.notifications``."""

    id: UUID
    kind: NotificationKind
    # Who did it; None for a decision or a moderator's resolution.
    actor_id: UUID | None
    circle_id: UUID | None
    event_id: UUID | None
    like_group_id: UUID | None
    report_id: UUID | None
    created_at: datetime
    read_at: datetime | None

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Notification:
        """A notification from a row of ``public.notifications``."""
        return cls(**{**row, "kind": NotificationKind(row["kind"])})


@dataclass(frozen=True)
class ChatSummary:
    """A row of ``public.my_chats``: one of your chats and what is new in it."""

    chat_id: UUID
    like_group_id: UUID | None
    event_id: UUID | None
    # When the last message you may read there was sent; when the chat opened, without one.
    last_message_at: datetime
    last_message_id: UUID | None
    last_message: str | None
    last_sender_id: UUID | None
    # When a moderator removed the last message: only its sender reads a removed one (MOD-04).
    last_message_removed_at: datetime | None
    # Messages by others after last_read_at.
    unread_count: int
    last_read_at: datetime | None


_NOTIFICATION_COLUMNS = (
    "id, kind, actor_id, circle_id, event_id, like_group_id, report_id, created_at, read_at"
)
# What a channel's payload names, read back as the listening user: RLS decides what they get.
_READ_BACK: dict[str, LiteralString] = {
    "notification": "select " + _NOTIFICATION_COLUMNS + " from public.notifications where id = %s",
    "message": "select id, chat_id, sender_id, body, created_at, removed_at"
               " from public.chat_messages where id = %s",
}
News = Notification | Message


def _first(row: tuple[Any, ...] | None) -> str:
    """The first column of a row that must be there."""
    if row is None:
        raise KithdbError("no result")
    return str(row[0])


def _parse(payload: str) -> tuple[str, UUID] | None:
    """The kind and id a payload names; None for a payload kithdb never sends."""
    try:
        body = json.loads(payload)
        kind, item_id = str(body["kind"]), UUID(body["id"])
    except (ValueError, KeyError, TypeError):
        return None
    return (kind, item_id) if kind in _READ_BACK else None


def _news(kind: str, row: dict[str, Any]) -> News:
    """A read-back row as the client's type of it."""
    return Notification.from_row(row) if kind == "notification" else Message(**row)


def _connect_args(pool: ConnectionPool, listen_url: str | None) -> tuple[str, dict[str, Any]]:
    """How a listening connection connects: ``listen_url``, else as the pool does (its
    connection string, and keyword arguments; a pool may be given functions that make them)."""
    conninfo, kwargs = pool.conninfo, pool.kwargs or {}
    return (listen_url or (conninfo() if callable(conninfo) else conninfo),
            kwargs() if callable(kwargs) else kwargs)


class InboxCalls(Caller):
    """Notifications and chat read state, as the session's user."""

    def notifications(
        self,
        *,
        limit: int = 50,
        unread_only: bool = False,
    ) -> list[Notification]:
        """Your newest ``limit`` notifications, newest first (only the unread ones with
        ``unread_only``)."""
        rows = self._read_rows(
            "select " + _NOTIFICATION_COLUMNS + " from public.notifications"
            " where (not %s or read_at is null)"
            " order by created_at desc, id desc limit %s",
            (unread_only, limit),
        )
        return [Notification.from_row(r) for r in rows]

    def unread_notification_count(self) -> int:
        """How many of your notifications are unread."""
        return int(self._read_scalar("select public.unread_notification_count()"))

    def mark_notifications_read(self, ids: Sequence[UUID] | None = None) -> int:
        """Mark your notifications ``ids`` read (all of them when None); returns how many were
        unread."""
        return int(
            self._scalar(
                "select public.mark_notifications_read(%s::uuid[])",
                (None if ids is None else list(ids),),
            )
        )

    def my_chats(
        self,
        *,
        limit: int = 20,
        before: datetime | None = None,
        before_id: UUID | None = None,
    ) -> list[ChatSummary]:
        """Your chats, newest activity first by ``(last_message_at, chat_id)``, each with its last
        message and how many messages by others you have not read; page with the last row's
        ``last_message_at`` and ``chat_id``."""
        rows = self._read_rows(
            "select * from public.my_chats(p_limit => %s, p_before => %s, p_before_id => %s)",
            (limit, before, before_id),
        )
        return [ChatSummary(**r) for r in rows]

    def mark_chat_read(self, chat_id: UUID) -> None:
        """Mark a chat you take part in read up to now."""
        self._rows("select public.mark_chat_read(%s)", (chat_id,))

    def listen(
        self, *, timeout: float | None = None, stop_after: int | None = None
    ) -> Iterator[News]:
        """Each new notification and chat message of yours, as it is committed, read back as you
        (what you may not read is skipped); until ``timeout`` seconds have passed or
        ``stop_after`` items came, or forever. Listens on a connection of its own, outside the
        pool, to the client's ``listen_url`` when it has one: LISTEN lives in a session, so
        behind a transaction pooler that must be a direct URL."""
        if self.user_id is None:
            raise KithdbError("listen() needs a user")
        deadline = None if timeout is None else time.monotonic() + timeout
        count = 0
        try:
            conninfo, kwargs = _connect_args(self._pool, self._router.listen_url)
            with psycopg.connect(conninfo, **{**kwargs, "autocommit": True}) as conn:
                # Listen first, then register: kithdb announces only to registered users.
                with request(conn, Role.AUTHENTICATED, self.user_id, read_only=True):
                    channel = conn.execute("select kithdb.user_channel(kithdb.uid())").fetchone()
                name = _first(channel)
                conn.execute(sql.SQL("listen {}").format(sql.Identifier(name)))
                with request(conn, Role.AUTHENTICATED, self.user_id):
                    conn.execute("select kithdb.start_listening()")
                while stop_after is None or count < stop_after:
                    left = None if deadline is None else deadline - time.monotonic()
                    if left is not None and left <= 0:
                        return
                    # The generator holds the connection: leave it before reading back.
                    for note in list(conn.notifies(timeout=left, stop_after=1)):
                        parsed = _parse(note.payload) if note.channel == name else None
                        if parsed is None:
                            continue
                        kind, item_id = parsed
                        with (request(conn, Role.AUTHENTICATED, self.user_id, read_only=True),
                              conn.cursor(row_factory=dict_row) as cur):
                            row = cur.execute(_READ_BACK[kind], (item_id,)).fetchone()
                        if row is not None:
                            count += 1
                            yield _news(kind, row)
        except psycopg.Error as exc:
            raise from_psycopg(exc) from exc

    async def alisten(
        self, *, timeout: float | None = None, stop_after: int | None = None
    ) -> AsyncIterator[News]:
        """:meth:`listen` for asyncio: the same items, from an asynchronous connection."""
        if self.user_id is None:
            raise KithdbError("alisten() needs a user")
        deadline = None if timeout is None else time.monotonic() + timeout
        count = 0
        try:
            conninfo, kwargs = _connect_args(self._pool, self._router.listen_url)
            async with await psycopg.AsyncConnection.connect(
                    conninfo, **{**kwargs, "autocommit": True}) as conn:
                # Listen first, then register: kithdb announces only to registered users.
                async with arequest(conn, Role.AUTHENTICATED, self.user_id, read_only=True):
                    cur = await conn.execute("select kithdb.user_channel(kithdb.uid())")
                    channel = await cur.fetchone()
                name = _first(channel)
                await conn.execute(sql.SQL("listen {}").format(sql.Identifier(name)))
                async with arequest(conn, Role.AUTHENTICATED, self.user_id):
                    await conn.execute("select kithdb.start_listening()")
                while stop_after is None or count < stop_after:
                    left = None if deadline is None else deadline - time.monotonic()
                    if left is not None and left <= 0:
                        return
                    # The generator holds the connection: leave it before reading back.
                    notes = [n async for n in conn.notifies(timeout=left, stop_after=1)]
                    for note in notes:
                        parsed = _parse(note.payload) if note.channel == name else None
                        if parsed is None:
                            continue
                        kind, item_id = parsed
                        async with (arequest(conn, Role.AUTHENTICATED, self.user_id,
                                             read_only=True),
                                    conn.cursor(row_factory=dict_row) as cur):
                            await cur.execute(_READ_BACK[kind], (item_id,))
                            row = await cur.fetchone()
                        if row is not None:
                            count += 1
                            yield _news(kind, row)
        except psycopg.Error as exc:
            raise from_psycopg(exc) from exc


class InboxMaintenanceCalls(Caller):
    """The inbox's upkeep, as ``service_role``."""

    def prune_notifications(self) -> int:
        """Delete the notifications read more than 30 days ago; returns how many."""
        return int(self._scalar("select public.prune_notifications()"))
