"""The inbox: notifications and the caller's chats with what is unread (NTF-01 to NTF-06,
CHT-06, CHT-07)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any
from uuid import UUID

from kithdb._caller import Caller


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
    # Messages by others after last_read_at.
    unread_count: int
    last_read_at: datetime | None


_NOTIFICATION_COLUMNS = (
    "id, kind, actor_id, circle_id, event_id, like_group_id, report_id, created_at, read_at"
)


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
        rows = self._rows(
            "select " + _NOTIFICATION_COLUMNS + " from public.notifications"
            " where (not %s or read_at is null)"
            " order by created_at desc, id desc limit %s",
            (unread_only, limit),
        )
        return [Notification.from_row(r) for r in rows]

    def unread_notification_count(self) -> int:
        """How many of your notifications are unread."""
        return int(self._scalar("select public.unread_notification_count()"))

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
        rows = self._rows(
            "select * from public.my_chats(p_limit => %s, p_before => %s, p_before_id => %s)",
            (limit, before, before_id),
        )
        return [ChatSummary(**r) for r in rows]

    def mark_chat_read(self, chat_id: UUID) -> None:
        """Mark a chat you take part in read up to now."""
        self._rows("select public.mark_chat_read(%s)", (chat_id,))


class InboxMaintenanceCalls(Caller):
    """The inbox's upkeep, as ``service_role``."""

    def prune_notifications(self) -> int:
        """Delete the notifications read more than 30 days ago; returns how many."""
        return int(self._scalar("select public.prune_notifications()"))
