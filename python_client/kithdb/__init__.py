"""kithdb: the social core of an events-and-friends app, in PostgreSQL.

The rules live in the database; this package is a thin typed client, an embedded local
PostgreSQL for development, and the ``kithdb`` command line.
"""

from kithdb.circles import Circle, CircleMember, CircleMemberStatus, CircleRole, CircleType
from kithdb.client import Client, ServiceSession, UserSession
from kithdb.errors import (
    Conflict,
    InvalidInput,
    KithdbError,
    NotAllowed,
    NotFound,
    WrongState,
)
from kithdb.friends import Friendship, FriendshipStatus

__all__ = [
    "Circle",
    "CircleMember",
    "CircleMemberStatus",
    "CircleRole",
    "CircleType",
    "Client",
    "Conflict",
    "Friendship",
    "FriendshipStatus",
    "InvalidInput",
    "KithdbError",
    "NotAllowed",
    "NotFound",
    "ServiceSession",
    "UserSession",
    "WrongState",
]
