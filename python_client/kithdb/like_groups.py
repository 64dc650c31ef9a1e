"""Like groups: friends who ask together to attend an event, and its authors' threshold approval
(docs/INVARIANTS.md, LGR-01 to LGR-10)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from uuid import UUID

from kithdb._caller import Caller


class LikeGroupStatus(StrEnum):
    """``public.like_group_status``."""

    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    EXPIRED = "expired"


@dataclass(frozen=True)
class Approval:
    """One author's yes (``approved``) or no on a group."""

    author_id: UUID
    approved: bool
    created_at: datetime


@dataclass(frozen=True)
class LikeGroup:
    """A like group with its members and approvals, as the caller may see it."""

    id: UUID
    event_id: UUID
    # None once an approved group's creator left with nobody to take it from them.
    creator_id: UUID | None
    status: LikeGroupStatus
    chat_id: UUID | None
    created_at: datetime
    decided_at: datetime | None
    members: tuple[UUID, ...]
    approvals: tuple[Approval, ...]


class LikeGroupsCalls(Caller):
    """The like-group RPCs and reads, as the session's user."""

    def create_like_group(self, event_id: UUID, member_ids: Sequence[UUID] = ()) -> UUID:
        """Make a like group for ``event_id`` with up to 9 of your friends; returns its id."""
        return UUID(
            str(
                self._scalar(
                    "select public.create_like_group(%s, %s::uuid[])", (event_id, list(member_ids))
                )
            )
        )

    def add_like_group_member(self, group_id: UUID, user_id: UUID) -> None:
        """Add a friend to your pending group (creator only)."""
        self._rows("select public.add_like_group_member(%s, %s)", (group_id, user_id))

    def remove_like_group_member(self, group_id: UUID, user_id: UUID) -> LikeGroupStatus:
        """Remove a member (creator only); returns the status, which the lower threshold may
        have turned into approved."""
        return LikeGroupStatus(
            self._scalar("select public.remove_like_group_member(%s, %s)", (group_id, user_id))
        )

    def leave_like_group(self, group_id: UUID) -> None:
        """Leave a group: a pending one (the creator leaving withdraws it), or an approved one
        with its chat (the group goes on without you, passing to the first member in line who
        blocked none of the others if you created it)."""
        self._rows("select public.leave_like_group(%s)", (group_id,))

    def withdraw_like_group(self, group_id: UUID) -> None:
        """Withdraw your pending group (creator only): it is deleted."""
        self._rows("select public.withdraw_like_group(%s)", (group_id,))

    def approve_like_group(
        self, group_id: UUID, approved: bool = True, *, member_ids: Sequence[UUID] | None = None
    ) -> LikeGroupStatus:
        """Approve (or, with ``approved=False``, reject) as an author of the event; returns the
        status after it. ``member_ids``, the members you read (``like_group(...).members``), makes
        it refused (``WrongState``, ``like_group_changed``) if they changed since."""
        return LikeGroupStatus(
            self._scalar(
                "select public.approve_like_group(%s, %s, %s::uuid[])",
                (group_id, approved, None if member_ids is None else list(member_ids)),
            )
        )

    def like_group(self, group_id: UUID) -> LikeGroup | None:
        """A group with its members and approvals, or None when it is not visible to you."""
        rows = self._read_rows(
            """
            select g.*,
              array(select m.user_id from public.like_group_members m
                    where m.group_id = g.id order by m.created_at, m.user_id) as members,
              coalesce((select jsonb_agg(jsonb_build_object(
                          'author_id', a.author_id, 'approved', a.approved,
                          'created_at', a.created_at) order by a.created_at)
                        from public.like_group_approvals a where a.group_id = g.id),
                       '[]') as approvals
            from public.like_groups g where g.id = %s
            """,
            (group_id,),
        )
        if not rows:
            return None
        r = rows[0]
        return LikeGroup(
            id=r["id"],
            event_id=r["event_id"],
            creator_id=r["creator_id"],
            status=LikeGroupStatus(r["status"]),
            chat_id=r["chat_id"],
            created_at=r["created_at"],
            decided_at=r["decided_at"],
            members=tuple(r["members"]),
            approvals=tuple(
                Approval(
                    UUID(a["author_id"]),
                    bool(a["approved"]),
                    datetime.fromisoformat(a["created_at"]),
                )
                for a in r["approvals"]
            ),
        )

    def pending_like_groups(self, event_id: UUID | None = None) -> list[UUID]:
        """Pending groups you can see (as an author: your approval queue), oldest first."""
        rows = self._read_rows(
            "select id from public.like_groups where status = 'pending'"
            " and (%s::uuid is null or event_id = %s) order by created_at, id",
            (event_id, event_id),
        )
        return [r["id"] for r in rows]


class MaintenanceCalls(Caller):
    """Maintenance RPCs (service_role only)."""

    def expire_like_groups(self) -> int:
        """Mark overdue pending groups expired; returns how many."""
        return int(self._scalar("select public.expire_like_groups()"))
