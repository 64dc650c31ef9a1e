"""Dynamic circles (CONTRACT §4.3): members derived from a rule and kept current."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

import psycopg
import pytest

from kithdb import CircleRole, Client, InvalidInput, NotAllowed, NotFound
from kithdb.errors import from_psycopg
from tests.conftest import Db


def members(db: Db, circle: UUID) -> dict[UUID, str]:
    rows = db.admin.execute(
        "select user_id, role::text || '/' || status::text from public.circle_members"
        " where circle_id = %s", (circle,),
    ).fetchall()
    return {r[0]: r[1] for r in rows}


def test_friends_circle_follows_friendships(db: Db, client: Client) -> None:
    """DYN-01, DYN-03: every accepted friend, and only them, as friendships come and go."""
    me, a, b, c = (db.new_user(n) for n in ("me", "a", "b", "c"))
    db.befriend(me, a)
    circle = client.as_user(me).create_dynamic_circle("My friends", {"kind": "friends"})
    assert members(db, circle) == {me: "admin/member", a: "member/member"}
    client.as_user(b).request_friendship(me)
    assert b not in members(db, circle)  # pending is not friendship
    client.as_user(me).respond_friendship(b, True)
    assert members(db, circle)[b] == "member/member"
    client.as_user(c).request_friendship(me)
    client.as_user(me).respond_friendship(c, False)
    assert c not in members(db, circle)
    client.as_user(a).remove_friendship(me)
    assert set(members(db, circle)) == {me, b}
    [seen] = client.as_user(b).my_circles()
    assert seen.rule == {"kind": "friends"}


def test_event_circle_follows_attendance(db: Db, client: Client) -> None:
    """DYN-01, DYN-03: authors and approved applicants, as they change."""
    host, cohost, guest, pal = (db.new_user(n) for n in ("host", "cohost", "guest", "pal"))
    db.befriend(host, cohost)
    db.befriend(guest, pal)
    event = client.as_user(host).create_event("Show", datetime.now(UTC) + timedelta(days=1))
    circle = client.as_user(host).create_dynamic_circle(
        "Show crew", {"kind": "event", "event_id": str(event)}
    )
    assert set(members(db, circle)) == {host}
    client.as_user(host).add_event_author(event, cohost)
    assert set(members(db, circle)) == {host, cohost}
    group = client.as_user(guest).create_like_group(event, [pal])
    assert set(members(db, circle)) == {host, cohost}  # pending applicants do not attend
    client.as_user(host).approve_like_group(group)
    client.as_user(cohost).approve_like_group(group)
    assert set(members(db, circle)) == {host, cohost, guest, pal}
    client.as_user(host).remove_event_author(event, cohost)
    assert set(members(db, circle)) == {host, guest, pal}
    # An approved guest may make the event's circle too.
    rule = {"kind": "event", "event_id": str(event)}
    mine = client.as_user(pal).create_dynamic_circle("Us", rule)
    assert members(db, mine)[pal] == "admin/member"


@pytest.mark.parametrize(
    "rule",
    [
        None, {}, [], "friends", {"kind": "everyone"}, {"kind": "friends", "extra": 1},
        {"kind": "event"}, {"kind": "event", "event_id": "not-a-uuid"},
        {"kind": "event", "event_id": 42},
    ],
)
def test_bad_rules(db: Db, client: Client, rule: Any) -> None:
    """DYN-01: a malformed rule is 22023 invalid_circle_rule; nothing is created."""
    me = db.new_user("me")
    with pytest.raises(InvalidInput) as info:
        client.as_user(me).create_dynamic_circle("x", rule)
    assert info.value.reason == "invalid_circle_rule"
    assert db.one("select count(*) from public.circles") == 0


def test_event_rule_needs_an_event_you_attend(db: Db, client: Client) -> None:
    """DYN-01: PT404 for a missing event, 42501 for one the creator does not attend."""
    me, host = db.new_user("me"), db.new_user("host")
    event = client.as_user(host).create_event("Gala", datetime.now(UTC) + timedelta(days=1))
    with pytest.raises(NotFound) as nf:
        missing = {"kind": "event", "event_id": str(UUID(int=1))}
        client.as_user(me).create_dynamic_circle("x", missing)
    assert nf.value.reason == "event_not_found"
    with pytest.raises(NotAllowed) as na:
        client.as_user(me).create_dynamic_circle("x", {"kind": "event", "event_id": str(event)})
    assert na.value.reason == "not_event_attendee"


def test_no_manual_membership(db: Db, client: Client) -> None:
    """DYN-02: no invitations, role changes, removals or departures by hand."""
    me, a, b = db.new_user("me"), db.new_user("a"), db.new_user("b")
    db.befriend(me, a)
    db.befriend(me, b)
    circle = client.as_user(me).create_dynamic_circle("Friends", {"kind": "friends"})
    calls: list[Callable[[], None]] = [
        lambda: client.as_user(me).invite_to_circle(circle, a),
        lambda: client.as_user(me).set_circle_member_role(circle, a, CircleRole.ADMIN),
        lambda: client.as_user(me).remove_circle_member(circle, a),
        lambda: client.as_user(a).leave_circle(circle),
    ]
    for call in calls:
        with pytest.raises(NotAllowed) as info:
            call()
        assert info.value.reason == "dynamic_circle_membership"
    with pytest.raises(psycopg.Error) as raw, db.as_user(me) as conn:
        conn.execute(
            "update public.circle_members set role = 'admin' where circle_id = %s and user_id = %s",
            (circle, a),
        )
    assert from_psycopg(raw.value).reason == "dynamic_circle_membership"
    with pytest.raises(psycopg.Error) as raw, db.as_user(me) as conn:
        conn.execute(
            "insert into public.circles (name, circle_type) values ('x', 'dynamic')"
        )
    assert from_psycopg(raw.value).sqlstate == "42501"
    assert set(members(db, circle)) == {me, a, b}
    # The admin still renames it and may delete it.
    client.as_user(me).update_circle(circle, name="Everyone")
    with db.as_user(me) as conn:
        assert conn.execute("delete from public.circles where id = %s", (circle,)).rowcount == 1
