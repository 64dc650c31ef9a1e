"""``kithdb.Client``: a pooled psycopg 3 client that acts as users the way PostgREST does."""

from __future__ import annotations

from collections.abc import Sequence
from types import TracebackType
from typing import Any
from uuid import UUID

from psycopg_pool import ConnectionPool

from kithdb.accounts import AccountsCalls
from kithdb.blocks import BlocksCalls
from kithdb.chats import ChatsCalls
from kithdb.circles import CirclesCalls
from kithdb.events import EventsCalls, EventsMaintenanceCalls
from kithdb.friends import FriendsCalls
from kithdb.inbox import InboxCalls, InboxMaintenanceCalls
from kithdb.like_groups import LikeGroupsCalls, MaintenanceCalls
from kithdb.moderation import ModerationCalls
from kithdb.posts import PostsCalls
from kithdb.routing import Router
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


class ServiceSession(
    MaintenanceCalls, EventsMaintenanceCalls, InboxMaintenanceCalls, ModerationCalls
):
    """Calls as ``service_role`` (no user): for maintenance functions."""


class Client:
    """A connection pool to a kithdb database.

    Connect as a login role that may switch into ``authenticated`` and ``service_role``
    (``authenticator`` in production, any superuser locally)::

        with Client("postgresql://authenticator@localhost/app") as client:
            client.as_user(alice).request_friendship(bob)

    The client prepares no statement unless ``prepare_threshold`` says when (psycopg's
    meaning): behind a transaction pooler (Supabase's on port 6543, PgBouncer in ``pool_mode =
    transaction``), psycopg's per-connection statement names would reach other clients'
    statements of the same name on a shared server connection, so leave it None there. Every
    call sets its role and claims for its own transaction only, so nothing else is needed.

    With ``read_urls`` (hot standbys, or Supabase's read replicas), calls that only read go to
    them in turn and the others to ``conninfo``; a user's reads after their own write go to the
    primary until the replica has replayed it (kithdb.routing). ``listen_url`` is where
    ``listen()`` connects (default ``conninfo``): LISTEN needs a session, so behind a
    transaction pooler give it a direct URL.
    """

    def __init__(self, conninfo: str, *, read_urls: Sequence[str] = (),
                 listen_url: str | None = None, min_size: int = 1, max_size: int = 8,
                 prepare_threshold: int | None = None) -> None:
        kwargs: dict[str, Any] = {"prepare_threshold": prepare_threshold}
        self.pool = ConnectionPool(conninfo, min_size=min_size, max_size=max_size, open=True,
                                   kwargs=kwargs)
        # A replica's connections are made as reads need them: one that is down costs nothing
        # until a read asks, and is then skipped for a while (kithdb.routing).
        replicas = [ConnectionPool(url, min_size=0, max_size=max_size, open=True, kwargs=kwargs)
                    for url in read_urls]
        self.router = Router(self.pool, replicas, listen_url)

    def as_user(self, user_id: UUID | str) -> UserSession:
        """A session acting as ``user_id`` (role ``authenticated``, JWT ``sub`` = user_id)."""
        uid = user_id if isinstance(user_id, UUID) else UUID(user_id)
        return UserSession(self.router, Role.AUTHENTICATED, uid)

    def as_service(self) -> ServiceSession:
        """A session as ``service_role`` (bypasses RLS; may run maintenance)."""
        return ServiceSession(self.router, Role.SERVICE_ROLE, None)

    def close(self) -> None:
        """Close every pooled connection, the replicas' too."""
        self.router.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
