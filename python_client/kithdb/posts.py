"""Posts with audience scopes, the feeds and profile pages (docs/API.md, Posts)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any
from uuid import UUID

from kithdb._caller import Caller


class PostAudience(StrEnum):
    """``public.post_audience``."""

    PUBLIC = "public"
    FRIENDS = "friends"
    CIRCLES = "circles"


@dataclass(frozen=True)
class Post:
    """A row of ``public.posts``."""

    id: UUID
    author_id: UUID
    body: str
    audience: PostAudience
    created_at: datetime
    updated_at: datetime
    # When a moderator removed it; only its author reads it then.
    removed_at: datetime | None = None

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Post:
        """Build from a ``select *`` row."""
        return cls(**{**row, "audience": PostAudience(row["audience"])})


class PostsCalls(Caller):
    """The post RPCs, the feeds and profile pages, as the session's user."""

    def create_post(
        self,
        body: str,
        audience: PostAudience = PostAudience.PUBLIC,
        circle_ids: Sequence[UUID] | None = None,
    ) -> UUID:
        """Post ``body``; audience ``CIRCLES`` needs circles you are a member of."""
        return UUID(
            str(
                self._scalar(
                    "select public.create_post(%s, %s, %s::uuid[])",
                    (body, audience.value, None if circle_ids is None else list(circle_ids)),
                )
            )
        )

    def feed(
        self,
        *,
        limit: int = 20,
        before: datetime | None = None,
        before_id: UUID | None = None,
        circle_id: UUID | None = None,
    ) -> list[Post]:
        """One page of the posts you may read, newest first by ``(created_at, id)``.

        For the next page pass the last post's ``created_at`` as ``before`` and its ``id`` as
        ``before_id``; ``circle_id`` narrows the feed to one circle.
        """
        rows = self._read_rows(
            "select * from public.feed(p_limit => %s, p_before => %s, p_before_id => %s,"
            " p_circle_id => %s)",
            (limit, before, before_id, circle_id),
        )
        return [Post.from_row(r) for r in rows]

    def feed_pages(
        self, *, page_size: int = 20, circle_id: UUID | None = None
    ) -> Iterator[list[Post]]:
        """Every page of the feed, following the ``(created_at, id)`` cursor."""
        return _pages(lambda before, before_id: self.feed(
            limit=page_size, before=before, before_id=before_id, circle_id=circle_id))

    def home_feed(
        self,
        *,
        limit: int = 20,
        before: datetime | None = None,
        before_id: UUID | None = None,
    ) -> list[Post]:
        """One page of your home feed: your posts, your friends' public and friends posts and
        your circles' posts, newest first by ``(created_at, id)``; page as :meth:`feed` does."""
        rows = self._read_rows(
            "select * from public.home_feed(p_limit => %s, p_before => %s, p_before_id => %s)",
            (limit, before, before_id),
        )
        return [Post.from_row(r) for r in rows]

    def home_feed_pages(self, *, page_size: int = 20) -> Iterator[list[Post]]:
        """Every page of the home feed, following the ``(created_at, id)`` cursor."""
        return _pages(lambda before, before_id: self.home_feed(
            limit=page_size, before=before, before_id=before_id))

    def user_posts(
        self,
        user_id: UUID,
        *,
        limit: int = 20,
        before: datetime | None = None,
        before_id: UUID | None = None,
    ) -> list[Post]:
        """One page of ``user_id``'s posts that you may read (a profile page), newest first by
        ``(created_at, id)``; page as :meth:`feed` does."""
        rows = self._read_rows(
            "select * from public.user_posts(p_user_id => %s, p_limit => %s, p_before => %s,"
            " p_before_id => %s)",
            (user_id, limit, before, before_id),
        )
        return [Post.from_row(r) for r in rows]


def _pages(
    page: Callable[[datetime | None, UUID | None], list[Post]],
) -> Iterator[list[Post]]:
    """Call ``page`` with the cursor of the last post it returned, until a page is empty."""
    before: datetime | None = None
    before_id: UUID | None = None
    while rows := page(before, before_id):
        yield rows
        before, before_id = rows[-1].created_at, rows[-1].id
