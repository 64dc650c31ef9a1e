"""Blocks and mutes: shutting a user out (BLK-01 to BLK-07), or only their posts out of your
feeds for a while (MUT-01 to MUT-03)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from kithdb._caller import Caller


@dataclass(frozen=True)
class Block:
    """A row of ``public.blocks``: a block the caller made."""

    blocker_id: UUID
    blocked_id: UUID
    created_at: datetime


@dataclass(frozen=True)
class Mute:
    """A row of ``public.mutes``: a mute the caller made (``until`` None: until lifted)."""

    muter_id: UUID
    muted_id: UUID
    until: datetime | None
    created_at: datetime


class BlocksCalls(Caller):
    """The block and mute RPCs and reads, as the session's user."""

    def block_user(self, user_id: UUID) -> None:
        """Block ``user_id``: ends your friendship or request with them; they cannot see you."""
        self._rows("select public.block_user(%s)", (user_id,))

    def unblock_user(self, user_id: UUID) -> None:
        """Lift your block of ``user_id``; a friendship it ended stays ended."""
        self._rows("select public.unblock_user(%s)", (user_id,))

    def blocks(self) -> list[Block]:
        """The blocks the caller made, newest first (nobody reads a block made against them)."""
        rows = self._read_rows(
            "select blocker_id, blocked_id, created_at from public.blocks"
            " order by created_at desc, blocked_id"
        )
        return [Block(**r) for r in rows]

    def mute_user(self, user_id: UUID, *, until: datetime | None = None) -> None:
        """Stop reading ``user_id``'s posts in your feeds until ``until`` (None: until you
        unmute them); muting again sets the new end. They are not told."""
        self._rows("select public.mute_user(%s, %s)", (user_id, until))

    def unmute_user(self, user_id: UUID) -> None:
        """Lift your mute of ``user_id``: their posts come back to your feeds."""
        self._rows("select public.unmute_user(%s)", (user_id,))

    def mutes(self) -> list[Mute]:
        """The mutes the caller made, ended ones included, newest first."""
        rows = self._read_rows(
            "select muter_id, muted_id, until, created_at from public.mutes"
            " order by created_at desc, muted_id"
        )
        return [Mute(**r) for r in rows]
