"""Events, their authors and the invitations to author them (EVT-01 to EVT-09)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any
from uuid import UUID

from kithdb._caller import Caller


class EventStatus(StrEnum):
    """``public.event_status``: an event is scheduled until an author cancels it, for good."""

    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class Event:
    """A row of ``public.events``."""

    id: UUID
    # None only on a cancelled event whose creator deleted their account with no other author.
    creator_id: UUID | None
    title: str
    description: str | None
    starts_at: datetime
    ends_at: datetime | None
    created_at: datetime
    updated_at: datetime
    status: EventStatus
    cancelled_at: datetime | None

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Event:
        """Build from a ``select *`` row."""
        return cls(**{**row, "status": EventStatus(row["status"])})


@dataclass(frozen=True)
class EventAuthorInvitation:
    """A row of ``public.event_author_invitations``, as the API reads it: ``user_id`` is invited
    to author the event."""

    event_id: UUID
    user_id: UUID
    created_at: datetime

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> EventAuthorInvitation:
        """Build from a row of its columns."""
        return cls(**row)


class EventsCalls(Caller):
    """The event RPCs and reads, as the session's user."""

    def create_event(
        self,
        title: str,
        starts_at: datetime,
        ends_at: datetime | None = None,
        description: str | None = None,
    ) -> UUID:
        """Create an event with you as creator and first author; returns its id."""
        return UUID(
            str(
                self._scalar(
                    "select public.create_event(%s, %s, %s, %s)",
                    (title, starts_at, ends_at, description),
                )
            )
        )

    def add_event_author(self, event_id: UUID, user_id: UUID) -> None:
        """Invite a friend of the event's creator to author it (authors only, before the start);
        they become an author when they accept."""
        self._rows("select public.add_event_author(%s, %s)", (event_id, user_id))

    def respond_event_author_invitation(self, event_id: UUID, *, accept: bool) -> None:
        """Accept (you become an author) or decline your invitation to author the event."""
        self._rows("select public.respond_event_author_invitation(%s, %s)", (event_id, accept))

    def leave_event_authors(self, event_id: UUID) -> None:
        """Step down as an author; a creator passes the event to the first author in line who
        blocked none of the others. The last author cannot step down."""
        self._rows("select public.leave_event_authors(%s)", (event_id,))

    def remove_event_author(self, event_id: UUID, user_id: UUID) -> None:
        """Remove an author (authors only, before the start; never the creator)."""
        self._rows("select public.remove_event_author(%s, %s)", (event_id, user_id))

    def event_author_invitations(self, event_id: UUID | None = None) -> list[EventAuthorInvitation]:
        """The invitations you may see (yours, and those to the events you author), oldest
        first; ``event_id`` narrows to one event."""
        rows = self._read_rows(
            "select event_id, user_id, created_at from public.event_author_invitations"
            " where %s::uuid is null or event_id = %s order by created_at, event_id, user_id",
            (event_id, event_id),
        )
        return [EventAuthorInvitation.from_row(r) for r in rows]

    def cancel_event(self, event_id: UUID) -> None:
        """Cancel the event, for good (authors only): its pending like groups expire; approved
        groups keep their chats."""
        self._rows("select public.cancel_event(%s)", (event_id,))

    def event(self, event_id: UUID) -> Event | None:
        """One event, or None."""
        rows = self._read_rows("select * from public.events where id = %s", (event_id,))
        return Event.from_row(rows[0]) if rows else None

    def event_authors(self, event_id: UUID) -> list[UUID]:
        """The authors of an event, creator first."""
        rows = self._read_rows(
            "select a.user_id from public.event_authors a join public.events e on e.id = a.event_id"
            " where a.event_id = %s order by a.user_id <> e.creator_id, a.added_at, a.user_id",
            (event_id,),
        )
        return [r["user_id"] for r in rows]


class EventsMaintenanceCalls(Caller):
    """The events' upkeep, as ``service_role``."""

    def expire_author_invitations(self) -> int:
        """Withdraw the invitations to author events that have started; returns how many."""
        return int(self._scalar("select public.expire_author_invitations()"))
