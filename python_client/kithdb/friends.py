"""Friendships: requests, responses, removal (FRI-01 to FRI-07)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from uuid import UUID

from kithdb._caller import Caller


class FriendshipStatus(StrEnum):
    """``public.friendship_status``."""

    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"


@dataclass(frozen=True)
class Friendship:
    """A row of ``public.friendships`` seen from the caller's side."""

    user_id: UUID
    friend_id: UUID
    status: FriendshipStatus
    requested_by: UUID
    created_at: datetime
    updated_at: datetime


class FriendsCalls(Caller):
    """The friendship RPCs and reads, as the session's user."""

    def request_friendship(self, user_id: UUID) -> FriendshipStatus:
        """Ask ``user_id`` to be friends; ``ACCEPTED`` when they had already asked you."""
        return FriendshipStatus(
            self._scalar("select public.request_friendship(%s)", (user_id,))
        )

    def respond_friendship(self, user_id: UUID, accept: bool) -> FriendshipStatus:
        """Accept or decline the pending request that ``user_id`` sent you."""
        return FriendshipStatus(
            self._scalar("select public.respond_friendship(%s, %s)", (user_id, accept))
        )

    def remove_friendship(self, user_id: UUID) -> None:
        """End the friendship, or withdraw, dismiss or clear a request, with ``user_id``."""
        self._rows("select public.remove_friendship(%s)", (user_id,))

    def friendships(self) -> list[Friendship]:
        """Every friendship row the caller is part of (any status)."""
        rows = self._read_rows(
            "select user_id, friend_id, status, requested_by, created_at, updated_at"
            " from public.friendships order by updated_at desc"
        )
        return [
            Friendship(**{**r, "status": FriendshipStatus(r["status"])}) for r in rows
        ]

    def are_friends(self, a: UUID, b: UUID) -> bool:
        """Whether ``a`` and ``b`` are accepted friends (a caller sees only its own pairs)."""
        return bool(self._read_scalar("select kithdb.are_friends(%s, %s)", (a, b)))
