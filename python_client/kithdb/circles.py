"""Circles: invitation-based groups of friends with admins (CIR-01 to CIR-13), and dynamic
circles whose members follow a rule (DYN-01 to DYN-06)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any
from uuid import UUID

from psycopg.types.json import Jsonb

from kithdb._caller import Caller
from kithdb.errors import NotFound


class CircleType(StrEnum):
    """``public.circle_type``."""

    STATIC = "static"
    DYNAMIC = "dynamic"


class CircleRole(StrEnum):
    """``public.circle_role``."""

    ADMIN = "admin"
    MEMBER = "member"


class CircleMemberStatus(StrEnum):
    """``public.circle_member_status``."""

    INVITED = "invited"
    MEMBER = "member"


@dataclass(frozen=True)
class Circle:
    """A row of ``public.circles``."""

    id: UUID
    name: str
    description: str | None
    created_by: UUID | None
    circle_type: CircleType
    created_at: datetime
    updated_at: datetime
    rule: dict[str, Any] | None = None
    event_id: UUID | None = None

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Circle:
        """Build from a ``select *`` row."""
        return cls(**{**row, "circle_type": CircleType(row["circle_type"])})


@dataclass(frozen=True)
class CircleMember:
    """A row of ``public.circle_members``: a member or an invitation."""

    circle_id: UUID
    user_id: UUID
    role: CircleRole
    status: CircleMemberStatus
    invited_by: UUID | None
    created_at: datetime
    updated_at: datetime

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> CircleMember:
        """Build from a ``select *`` row."""
        return cls(
            **{
                **row,
                "role": CircleRole(row["role"]),
                "status": CircleMemberStatus(row["status"]),
            }
        )


class CirclesCalls(Caller):
    """The circle RPCs and reads, as the session's user."""

    def create_circle(self, name: str, description: str | None = None) -> UUID:
        """Create a circle with you as its admin; returns its id."""
        return UUID(str(self._scalar("select public.create_circle(%s, %s)", (name, description))))

    def create_dynamic_circle(
        self, name: str, rule: dict[str, Any], description: str | None = None
    ) -> UUID:
        """Create a circle whose members follow ``rule`` (``{"kind": "friends"}`` or
        ``{"kind": "event", "event_id": "..."}``); you are its admin. Returns its id."""
        return UUID(
            str(
                self._scalar(
                    "select public.create_dynamic_circle(%s, %s, %s)",
                    (name, Jsonb(rule), description),
                )
            )
        )

    def invite_to_circle(self, circle_id: UUID, user_id: UUID) -> None:
        """Invite your friend ``user_id`` (admins only)."""
        self._rows("select public.invite_to_circle(%s, %s)", (circle_id, user_id))

    def accept_circle_invitation(self, circle_id: UUID) -> None:
        """Accept your invitation: you become a member."""
        self._rows("select public.accept_circle_invitation(%s)", (circle_id,))

    def decline_circle_invitation(self, circle_id: UUID) -> None:
        """Decline your invitation: it is removed."""
        self._rows("select public.decline_circle_invitation(%s)", (circle_id,))

    def leave_circle(self, circle_id: UUID) -> None:
        """Leave the circle (the last member leaving deletes it). A dynamic circle's rule skips
        you until you rejoin it; its creator leaving ends it."""
        self._rows("select public.leave_circle(%s)", (circle_id,))

    def rejoin_circle(self, circle_id: UUID) -> None:
        """Rejoin a dynamic circle you left: you are a member again if its rule selects you."""
        self._rows("select public.rejoin_circle(%s)", (circle_id,))

    def remove_circle_member(self, circle_id: UUID, user_id: UUID) -> None:
        """Remove a member or an invitation (admins only)."""
        self._rows("select public.remove_circle_member(%s, %s)", (circle_id, user_id))

    def set_circle_member_role(self, circle_id: UUID, user_id: UUID, role: CircleRole) -> None:
        """Make a member an admin or a plain member (admins only)."""
        self._rows(
            "select public.set_circle_member_role(%s, %s, %s)", (circle_id, user_id, role.value)
        )

    def remove_circle_post(self, circle_id: UUID, post_id: UUID) -> None:
        """Take a post off a circle you administer; the post itself stays."""
        self._rows("select public.remove_circle_post(%s, %s)", (circle_id, post_id))

    def update_circle(
        self, circle_id: UUID, *, name: str | None = None, description: str | None = None
    ) -> Circle:
        """Rename or re-describe a circle (admins only) through a plain table write."""
        rows = self._rows(
            "update public.circles set name = coalesce(%s, name),"
            " description = coalesce(%s, description) where id = %s returning *",
            (name, description, circle_id),
        )
        if not rows:
            raise NotFound(
                "no circle you administer with this id", sqlstate="PT404", reason="circle_not_found"
            )
        return Circle.from_row(rows[0])

    def my_circles(self) -> list[Circle]:
        """Circles you are a member of or invited to, newest first."""
        return [
            Circle.from_row(r)
            for r in self._read_rows("select * from public.circles order by created_at desc, id")
        ]

    def circle_members(self, circle_id: UUID) -> list[CircleMember]:
        """Members and invitations of a circle you have access to (admins first)."""
        rows = self._read_rows(
            "select * from public.circle_members where circle_id = %s"
            " order by role, status desc, created_at, user_id",
            (circle_id,),
        )
        return [CircleMember.from_row(r) for r in rows]
