"""Chats of approved like groups: participants only (CHT-01 to CHT-04)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from kithdb._caller import Caller


@dataclass(frozen=True)
class Message:
    """A row of ``public.chat_messages``."""

    id: UUID
    chat_id: UUID
    # None once its sender deleted their account.
    sender_id: UUID | None
    body: str
    created_at: datetime
    # When a moderator removed it; only its sender reads it then.
    removed_at: datetime | None = None


class ChatsCalls(Caller):
    """The chat RPCs and reads, as the session's user."""

    def send_message(self, chat_id: UUID, body: str) -> UUID:
        """Send ``body`` to a chat you take part in; returns the message id."""
        return UUID(str(self._scalar("select public.send_message(%s, %s)", (chat_id, body))))

    def leave_chat(self, chat_id: UUID) -> None:
        """Leave a chat: you read and send nothing more there and are never added back; your
        messages stay for the others."""
        self._rows("select public.leave_chat(%s)", (chat_id,))

    def chat_participants(self, chat_id: UUID) -> list[UUID]:
        """Who takes part in a chat you take part in, those who left it aside (empty
        otherwise)."""
        rows = self._read_rows(
            "select user_id from public.chat_participants where chat_id = %s and left_at is null"
            " order by user_id",
            (chat_id,),
        )
        return [r["user_id"] for r in rows]

    def messages(self, chat_id: UUID, limit: int = 50) -> list[Message]:
        """The newest ``limit`` messages of a chat, oldest first."""
        rows = self._read_rows(
            "select * from (select id, chat_id, sender_id, body, created_at, removed_at"
            " from public.chat_messages where chat_id = %s"
            " order by created_at desc, id desc limit %s) m order by created_at, id",
            (chat_id, limit),
        )
        return [Message(**r) for r in rows]
