"""kithdb: the social core of an events-and-friends app, in PostgreSQL.

The rules live in the database; this package is a thin typed client, an embedded local
PostgreSQL for development, and the ``kithdb`` command line.
"""

from kithdb.blocks import Block, Mute
from kithdb.chats import Message
from kithdb.circles import Circle, CircleMember, CircleMemberStatus, CircleRole, CircleType
from kithdb.client import Client, ServiceSession, UserSession
from kithdb.errors import (
    Conflict,
    InvalidInput,
    KithdbError,
    NotAllowed,
    NotFound,
    RateLimited,
    TryAgain,
    WrongState,
)
from kithdb.events import Event, EventAuthorInvitation, EventStatus
from kithdb.friends import Friendship, FriendshipStatus
from kithdb.inbox import ChatSummary, Notification, NotificationKind
from kithdb.like_groups import Approval, LikeGroup, LikeGroupStatus
from kithdb.moderation import (
    ModerationAction,
    QueuedReport,
    Report,
    ReportReason,
    ReportStatus,
    ReportTargetKind,
)
from kithdb.posts import Post, PostAudience

__all__ = [
    "Approval",
    "Block",
    "ChatSummary",
    "Circle",
    "CircleMember",
    "CircleMemberStatus",
    "CircleRole",
    "CircleType",
    "Client",
    "Conflict",
    "Event",
    "EventAuthorInvitation",
    "EventStatus",
    "Friendship",
    "FriendshipStatus",
    "InvalidInput",
    "KithdbError",
    "LikeGroup",
    "LikeGroupStatus",
    "Message",
    "ModerationAction",
    "Mute",
    "NotAllowed",
    "NotFound",
    "Notification",
    "NotificationKind",
    "Post",
    "PostAudience",
    "QueuedReport",
    "RateLimited",
    "Report",
    "ReportReason",
    "ReportStatus",
    "ReportTargetKind",
    "ServiceSession",
    "TryAgain",
    "UserSession",
    "WrongState",
]
