"""Reports and moderation: what users report, and what moderators do with it (MOD-01 to
MOD-07)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any
from uuid import UUID

from kithdb._caller import Caller


class ReportTargetKind(StrEnum):
    """``public.report_target_kind``."""

    POST = "post"
    MESSAGE = "message"
    USER = "user"
    CIRCLE = "circle"
    EVENT = "event"


class ReportReason(StrEnum):
    """``public.report_reason``."""

    SPAM = "spam"
    HARASSMENT = "harassment"
    HATE = "hate"
    VIOLENCE = "violence"
    SEXUAL = "sexual"
    SELF_HARM = "self_harm"
    OTHER = "other"


class ReportStatus(StrEnum):
    """``public.report_status``."""

    OPEN = "open"
    DISMISSED = "dismissed"
    ACTIONED = "actioned"


class ModerationAction(StrEnum):
    """``public.moderation_action``."""

    DISMISS = "dismiss"
    REMOVE_CONTENT = "remove_content"
    SUSPEND_USER = "suspend_user"


@dataclass(frozen=True)
class Report:
    """A row of ``public.reports`` as its reporter (or a moderator) reads it; who resolved it is
    in the moderation log, for moderators."""

    id: UUID
    reporter_id: UUID | None
    target_kind: ReportTargetKind
    target_id: UUID
    target_user_id: UUID | None
    reason: ReportReason
    note: str | None
    snapshot: dict[str, Any]
    status: ReportStatus
    created_at: datetime
    resolved_at: datetime | None
    resolution: ModerationAction | None

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Report:
        """Build from a row of :meth:`ModerationCalls.reports`."""
        resolution = row["resolution"]
        return cls(**{
            **row,
            "target_kind": ReportTargetKind(row["target_kind"]),
            "reason": ReportReason(row["reason"]),
            "status": ReportStatus(row["status"]),
            "resolution": None if resolution is None else ModerationAction(resolution),
        })


@dataclass(frozen=True)
class QueuedReport:
    """A row of ``moderation_queue()``: an open report and how many its target has."""

    report_id: UUID
    target_kind: ReportTargetKind
    target_id: UUID
    target_user_id: UUID | None
    reason: ReportReason
    note: str | None
    snapshot: dict[str, Any]
    reporter_id: UUID | None
    created_at: datetime
    target_reports: int


class ModerationCalls(Caller):
    """Reporting, and the moderators' queue and decisions, as the session's user."""

    def report(
        self,
        target_kind: ReportTargetKind,
        target_id: UUID,
        reason: ReportReason,
        *,
        note: str | None = None,
    ) -> UUID:
        """Report something you see; returns the report's id. Its content is kept as it is."""
        rows = self._rows(
            "select public.report(%s, %s, %s, %s) as id",
            (str(target_kind), target_id, str(reason), note),
        )
        report_id: UUID = rows[0]["id"]
        return report_id

    def reports(self) -> list[Report]:
        """Your reports, newest first, with their status (a moderator reads everyone's)."""
        rows = self._read_rows(
            "select id, reporter_id, target_kind, target_id, target_user_id, reason, note,"
            " snapshot, status, created_at, resolved_at, resolution"
            " from public.reports order by created_at desc, id"
        )
        return [Report.from_row(r) for r in rows]

    def moderation_queue(
        self, *, limit: int = 50, before: datetime | None = None
    ) -> list[QueuedReport]:
        """For moderators: the open reports (made before ``before``), oldest first."""
        rows = self._read_rows(
            "select * from public.moderation_queue(p_limit => %s, p_before => %s)",
            (limit, before),
        )
        return [
            QueuedReport(**{
                **r,
                "target_kind": ReportTargetKind(r["target_kind"]),
                "reason": ReportReason(r["reason"]),
            })
            for r in rows
        ]

    def resolve_report(
        self,
        report_id: UUID,
        action: ModerationAction,
        *,
        note: str | None = None,
        until: datetime | None = None,
    ) -> None:
        """For moderators: resolve the report and every open report on its target."""
        self._rows(
            "select public.resolve_report(%s, %s, %s, %s)", (report_id, str(action), note, until)
        )
