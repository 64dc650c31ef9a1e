"""Mutes through PostgREST-shaped sessions: whose posts leave the muter's feeds, for how long,
and what nobody else can tell."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from uuid import UUID

import psycopg
import pytest

from kithdb import Client, Post, PostAudience, UserSession
from tests.conftest import Db, refusal


def authors(posts: list[Post]) -> set[UUID]:
    """Whose posts these are."""
    return {p.author_id for p in posts}


def paged(pages: Iterator[list[Post]]) -> list[Post]:
    return [p for page in pages for p in page]


def everywhere(s: UserSession, circle: UUID, author: UUID) -> dict[str, bool]:
    """Whether ``author``'s posts show in each of the caller's reads, read a post a page (so
    that every page after the first pages by its cursor)."""
    return {
        "feed": author in authors(paged(s.feed_pages(page_size=1))),
        "home_feed": author in authors(paged(s.home_feed_pages(page_size=1))),
        "circle": author in authors(paged(s.feed_pages(page_size=1, circle_id=circle))),
        "user_posts": author in authors(s.user_posts(author, limit=100)),
    }


def test_a_mute_hides_posts_from_the_muters_feeds_only(db: Db, client: Client) -> None:
    """MUT-01, MUT-02: the muted friend's posts leave the muter's feed, home feed and circle
    pages, not their profile page, and nobody else's feeds; the muted user reads no mute and
    still reads the muter; unmuting brings the posts back."""
    ada, bob, cat = db.users("ada", "bob", "cat")
    db.befriend(ada, bob, cat)
    db.befriend(bob, cat)
    circle = db.circle(ada, "C", members=[bob, cat])
    for audience in ("public", "friends"):
        db.post(bob, audience, audience)
    db.post(bob, "c", "circles", [circle])
    db.post(ada, "mine")
    db.post(ada, "mine, circles", "circles", [circle])
    ada_s, bob_s, cat_s = (client.as_user(u) for u in (ada, bob, cat))
    shown = {"feed": True, "home_feed": True, "circle": True, "user_posts": True}
    assert everywhere(ada_s, circle, bob) == shown

    ada_s.mute_user(bob)
    assert everywhere(ada_s, circle, bob) == {**shown, "feed": False, "home_feed": False,
                                             "circle": False}
    assert everywhere(cat_s, circle, bob) == shown
    assert everywhere(bob_s, circle, ada) == shown
    assert bob_s.mutes() == [] and [m.muted_id for m in ada_s.mutes()] == [bob]
    assert [f.status.value for f in ada_s.friendships()] == ["accepted"] * 2

    only_bob = db.circle(ada, "Only Bob's posts", members=[bob])
    db.post(bob, "c2", "circles", [only_bob])
    assert ada_s.feed(circle_id=only_bob) == []  # a page the mute empties is empty

    ada_s.unmute_user(bob)
    assert everywhere(ada_s, circle, bob) == shown


def test_a_mute_ends_by_itself(db: Db, client: Client) -> None:
    """MUT-01, MUT-02: a mute with an end hides the posts until then; muting again moves the
    end; once it has passed the posts come back without an unmute."""
    ada, bob = db.users("ada", "bob")
    db.befriend(ada, bob)
    db.post(bob, "hi", PostAudience.FRIENDS.value)
    ada_s = client.as_user(ada)
    ada_s.mute_user(bob, until=datetime.now(UTC) + timedelta(hours=1))
    assert bob not in authors(ada_s.home_feed()) | authors(ada_s.feed())
    ada_s.mute_user(bob, until=datetime.now(UTC) + timedelta(hours=2))
    assert len(ada_s.mutes()) == 1
    db.admin.execute("update public.mutes set created_at = now() - interval '2 hours',"
                     " until = now() - interval '1 second'")
    assert bob in authors(ada_s.home_feed()) and bob in authors(ada_s.feed())


def test_mute_refusals(db: Db, client: Client) -> None:
    """MUT-03: muting yourself, a past end, a missing id, a user who does not exist (or who
    blocked you: the same answer) and lifting a mute you never made are refused, each with its
    reason; nothing is written."""
    ada, bob, eve = db.users("ada", "bob", "eve")
    ada_s = client.as_user(ada)
    client.as_user(eve).block_user(ada)
    past = datetime.now(UTC) - timedelta(minutes=1)
    assert refusal(lambda: ada_s.mute_user(ada))[:2] == ("22023", "cannot_mute_self")
    assert refusal(lambda: ada_s.mute_user(bob, until=past))[:2] == ("22023", "mute_until_past")
    assert refusal(lambda: ada_s.mute_user(None))[:2] == (  # type: ignore[arg-type]
        "22023", "missing_user_id")
    nobody = refusal(lambda: ada_s.mute_user(uuid.uuid4()))
    assert nobody[:2] == ("PT404", "user_not_found")
    assert refusal(lambda: ada_s.mute_user(eve)) == nobody
    assert refusal(lambda: ada_s.unmute_user(bob))[:2] == ("PT404", "mute_not_found")
    assert ada_s.mutes() == []
    with db.as_service() as conn:  # service_role, for ada, is told the same
        conn.execute("select set_config('request.jwt.claims', %s, true)",
                     (f'{{"sub": "{ada}", "role": "service_role"}}',))
        with pytest.raises(psycopg.Error) as info:
            conn.execute("select public.mute_user(%s)", (uuid.uuid4(),))
    assert (info.value.sqlstate, info.value.diag.message_detail) == ("PT404", "user_not_found")


def test_a_mute_is_written_only_as_the_muter(db: Db) -> None:
    """MUT-01, MUT-03: as a table write, a user mutes only in their own name, only a user they
    see and never into the past, and changes or lifts only their own mutes."""
    ada, bob, eve = db.users("ada", "bob", "eve")
    db.rpc(eve, "select public.mute_user(%s)", bob)
    db.rpc(eve, "select public.block_user(%s)", ada)
    assert db.outcome(ada, "insert into public.mutes (muter_id, muted_id) values (%s, %s)",
                      bob, ada).startswith("42501")
    assert db.outcome(ada, "insert into public.mutes (muter_id, muted_id) values (%s, %s)",
                      ada, eve) == "PT404 user_not_found"  # eve blocked ada: nobody, to her
    assert db.outcome(bob, "insert into public.mutes (muter_id, muted_id, until)"
                      " values (%s, %s, now() - interval '1 day')", bob, ada) == (
        "23514 mutes_until_after_created")
    with db.as_user(ada) as conn:
        assert conn.execute("update public.mutes set until = now()").rowcount == 0
        assert conn.execute("delete from public.mutes").rowcount == 0
    assert db.one("select count(*) from public.mutes") == 1
