"""``kithdb.Client``: a pooled psycopg 3 client that acts as users the way PostgREST does."""

from __future__ import annotations

from types import TracebackType
from uuid import UUID

from psycopg_pool import ConnectionPool

from kithdb.accounts import AccountsCalls
from kithdb.blocks import BlocksCalls
from kithdb.chats import ChatsCalls
from kithdb.circles import CirclesCalls
from kithdb.events import EventsCalls
from kithdb.friends import FriendsCalls
from kithdb.inbox import InboxCalls, InboxMaintenanceCalls
from kithdb.like_groups import LikeGroupsCalls, MaintenanceCalls
from kithdb.moderation import ModerationCalls
from kithdb.posts import PostsCalls
from kithdb.session import Role


class UserSession(
    AccountsCalls,
    BlocksCalls,
    FriendsCalls,
    CirclesCalls,
    PostsCalls,
    EventsCalls,
    LikeGroupsCalls,
    ChatsCalls,
    InboxCalls,
    ModerationCalls,
):
    """Every user RPC (docs/API.md) as one signed-in user; each call is its own transaction."""


class ServiceSession(MaintenanceCalls, InboxMaintenanceCalls, ModerationCalls):
    """Calls as ``service_role`` (no user): for maintenance functions."""


class Client:
    """A connection pool to a kithdb database.

    Connect as a login role that may switch into ``authenticated`` and ``service_role``
    (``authenticator`` in production, any superuser locally)::

        with Client("postgresql://authenticator@localhost/app") as client:
            client.as_user(alice).request_friendship(bob)

    Behind a transaction pooler (Supabase's on port 6543, PgBouncer in ``pool_mode =
    transaction``), pass ``prepare_threshold=None``: psycopg then prepares no statement on a
    server connection that the pooler may give to someone else before the next transaction.
    Every call sets its role and claims for its own transaction only, so nothing else is needed.
    """

    def __init__(self, conninfo: str, *, min_size: int = 1, max_size: int = 8,
                 prepare_threshold: int | None = 5) -> None:
        self.pool = ConnectionPool(conninfo, min_size=min_size, max_size=max_size, open=True,
                                   kwargs={"prepare_threshold": prepare_threshold})

    def as_user(self, user_id: UUID | str) -> UserSession:
        """A session acting as ``user_id`` (role ``authenticated``, JWT ``sub`` = user_id)."""
        uid = user_id if isinstance(user_id, UUID) else UUID(user_id)
        return UserSession(self.pool, Role.AUTHENTICATED, uid)

    def as_service(self) -> ServiceSession:
        """A session as ``service_role`` (bypasses RLS; may run maintenance)."""
        return ServiceSession(self.pool, Role.SERVICE_ROLE, None)

    def close(self) -> None:
        """Close every pooled connection."""
        self.pool.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
