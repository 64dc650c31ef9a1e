"""Blocks: shutting a user out (BLK-01 to BLK-06)."""

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


class BlocksCalls(Caller):
    """The block RPCs and reads, as the session's user."""

    def block_user(self, user_id: UUID) -> None:
        """Block ``user_id``: ends your friendship or request with them; they cannot see you."""
        self._rows("select public.block_user(%s)", (user_id,))

    def unblock_user(self, user_id: UUID) -> None:
        """Lift your block of ``user_id``; a friendship it ended stays ended."""
        self._rows("select public.unblock_user(%s)", (user_id,))

    def blocks(self) -> list[Block]:
        """The blocks the caller made, newest first (nobody reads a block made against them)."""
        rows = self._rows(
            "select blocker_id, blocked_id, created_at from public.blocks"
            " order by created_at desc, blocked_id"
        )
        return [Block(**r) for r in rows]
