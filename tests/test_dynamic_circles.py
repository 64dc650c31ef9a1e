"""Dynamic circles: members derived from a rule and kept current."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any
from uuid import UUID

import psycopg
import pytest
from psycopg.types.json import Jsonb

from kithdb import (
    CircleRole,
    Client,
    InvalidInput,
    NotAllowed,
    NotFound,
    WrongState,
)
from kithdb.errors import from_psycopg
from kithdb.session import Role, request
from tests.conftest import DELETED_BY, Db, answer, refusal


def members(db: Db, circle: UUID) -> dict[UUID, str]:
    rows = db.admin.execute(
        "select user_id, role::text || '/' || status::text from public.circle_members"
        " where circle_id = %s", (circle,),
    ).fetchall()
    return {r[0]: r[1] for r in rows}


def test_friends_circle_follows_friendships(db: Db, client: Client) -> None:
    """DYN-01, DYN-03: every accepted friend, and only them, as friendships come and go."""
    me, a, b, c = db.users("me", "a", "b", "c")
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
    """DYN-01, DYN-03: authors and the members of approved like groups, as they change."""
    creator, author, guest, friend = db.users("creator", "author", "guest", "friend")
    db.befriend(creator, author)
    db.befriend(guest, friend)
    event = db.event(creator, "Show", starts_in=timedelta(days=1))
    circle = client.as_user(creator).create_dynamic_circle(
        "Show crew", {"kind": "event", "event_id": str(event)}
    )
    assert set(members(db, circle)) == {creator}
    client.as_user(creator).add_event_author(event, author)
    assert set(members(db, circle)) == {creator}  # an invitation is not authorship (EVT-08)
    client.as_user(author).respond_event_author_invitation(event, accept=True)
    assert set(members(db, circle)) == {creator, author}
    group = client.as_user(guest).create_like_group(event, [friend])
    assert set(members(db, circle)) == {creator, author}  # a pending group does not attend
    client.as_user(creator).approve_like_group(group)
    client.as_user(author).approve_like_group(group)
    assert set(members(db, circle)) == {creator, author, guest, friend}
    client.as_user(creator).remove_event_author(event, author)
    assert set(members(db, circle)) == {creator, guest, friend}


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


def test_event_rule_needs_an_event_you_author(db: Db, client: Client) -> None:
    """DYN-01: PT404 for a missing event, 42501 for one the creator does not author."""
    me, creator = db.users("me", "creator")
    event = db.event(creator, "Gala", starts_in=timedelta(days=1))
    with pytest.raises(NotFound) as nf:
        missing = {"kind": "event", "event_id": str(UUID(int=1))}
        client.as_user(me).create_dynamic_circle("x", missing)
    assert nf.value.reason == "event_not_found"
    with pytest.raises(NotAllowed) as na:
        client.as_user(me).create_dynamic_circle("x", {"kind": "event", "event_id": str(event)})
    assert na.value.reason == "not_event_author"


def test_no_manual_membership(db: Db, client: Client) -> None:
    """DYN-02: no invitations, role changes or removals by hand (leaving is DYN-07)."""
    me, a, b = db.users("me", "a", "b")
    db.befriend(me, a, b)
    circle = client.as_user(me).create_dynamic_circle("Friends", {"kind": "friends"})
    calls: list[Callable[[], None]] = [
        lambda: client.as_user(me).invite_to_circle(circle, a),
        lambda: client.as_user(me).set_circle_member_role(circle, a, CircleRole.ADMIN),
        lambda: client.as_user(me).remove_circle_member(circle, a),
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


def event_rule(event: UUID) -> dict[str, str]:
    return {"kind": "event", "event_id": str(event)}


def test_event_circle_goes_with_its_event(db: Db, client: Client) -> None:
    """DYN-04, ID-06: an event circle is deleted with its event; nobody can re-create the event
    under its id to take the circle, its members and its posts over."""
    creator, attacker = db.users("creator", "attacker")
    event = db.event(creator, "Gig", starts_in=timedelta(days=1))
    circle = client.as_user(creator).create_dynamic_circle("Crew", event_rule(event))
    db.post(creator, "crew only", "circles", [circle])
    with db.as_user(creator) as conn:
        assert conn.execute("delete from public.events where id = %s", (event,)).rowcount == 1
    assert db.one("select count(*) from public.circles where id = %s", (circle,)) == 0
    with pytest.raises(psycopg.Error) as info, db.as_user(attacker) as conn:
        conn.execute(
            "insert into public.events (id, creator_id, title, starts_at)"
            " values (%s, %s, 'Mine now', now() + interval '1 day')", (event, attacker),
        )
    assert from_psycopg(info.value).sqlstate == "42501"
    # Even a trusted writer re-creating the event under the old id finds no circle to inherit.
    db.admin.execute(
        "insert into public.events (id, creator_id, title, starts_at)"
        " values (%s, %s, 'Again', now() + interval '1 day')", (event, attacker),
    )
    assert db.one("select count(*) from public.circle_members where circle_id = %s",
                  (circle,)) == 0
    assert client.as_user(attacker).feed() == []


def test_rule_never_changes(db: Db, client: Client) -> None:
    """DYN-04: a dynamic circle's rule and type are fixed, for trusted writers too."""
    creator = db.new_user("creator")
    one = db.event(creator, "One", starts_in=timedelta(days=1))
    two = db.event(creator, "Two", starts_in=timedelta(days=1))
    circle = client.as_user(creator).create_dynamic_circle("Crew", event_rule(one))
    for change in ("rule = %s", "circle_type = 'static', rule = null"):
        params = (Jsonb(event_rule(two)),) if "%s" in change else ()
        with pytest.raises(psycopg.Error) as info:
            db.admin.execute(f"update public.circles set {change} where id = %s".encode(),
                             (*params, circle))
        assert from_psycopg(info.value).reason == "circle_rule_immutable"


def test_event_circle_only_by_a_current_author(db: Db, client: Client) -> None:
    """DYN-01: a member of an approved like group cannot make the event's circle (it would
    show them every group's members); an author can."""
    creator, guest = db.users("creator", "guest")
    event = db.event(creator, "Show", starts_in=timedelta(days=1))
    db.approve(db.like_group(guest, event), creator)
    with pytest.raises(NotAllowed) as info:
        client.as_user(guest).create_dynamic_circle("Us", event_rule(event))
    assert info.value.reason == "not_event_author"
    assert db.one("select count(*) from public.circles") == 0


def test_event_circle_ends_when_its_creator_stops_being_an_author(
    db: Db, client: Client
) -> None:
    """DYN-04: an author who steps down keeps no live attendee list."""
    creator, author = db.users("creator", "author")
    db.befriend(creator, author)
    event = db.event(creator, "Show", authors=[author], starts_in=timedelta(days=1))
    circle = client.as_user(author).create_dynamic_circle("Mine", event_rule(event))
    kept = client.as_user(creator).create_dynamic_circle("Creator's", event_rule(event))
    client.as_user(creator).remove_event_author(event, author)
    assert db.one("select count(*) from public.circles where id = %s", (circle,)) == 0
    assert set(members(db, kept)) == {creator}


def test_rule_circle_creator_alone_reads_its_member_list(db: Db, client: Client) -> None:
    """DYN-05: a friends circle does not show its members the creator's friend list; each
    member sees the circle and their own row."""
    me, a, b = db.users("me", "a", "b")
    db.befriend(me, a, b)
    circle = client.as_user(me).create_dynamic_circle("Friends", {"kind": "friends"})
    assert {m.user_id for m in client.as_user(me).circle_members(circle)} == {me, a, b}
    assert {m.user_id for m in client.as_user(a).circle_members(circle)} == {a}
    assert [c.id for c in client.as_user(a).my_circles()] == [circle]


def test_event_id_in_upper_case_is_normalised(db: Db, client: Client) -> None:
    """DYN-01, DYN-03: an event rule written in upper case is stored in canonical form and
    follows the event like any other."""
    creator, author = db.users("creator", "author")
    db.befriend(creator, author)
    event = db.event(creator, "Show", starts_in=timedelta(days=1))
    rule = {"kind": "event", "event_id": str(event).upper()}
    circle = client.as_user(creator).create_dynamic_circle("Crew", rule)
    client.as_user(creator).add_event_author(event, author)
    client.as_user(author).respond_event_author_invitation(event, accept=True)
    assert set(members(db, circle)) == {creator, author}
    assert db.one("select rule ->> 'event_id' from public.circles where id = %s",
                  (circle,)) == str(event)


def test_rule_circles_are_capped(db: Db, client: Client) -> None:
    """DYN-06: at most 5 event circles per event and 10 rule circles per creator."""
    creator = db.new_user("creator")
    event = db.event(creator, "Show", starts_in=timedelta(days=1))
    for i in range(5):
        client.as_user(creator).create_dynamic_circle(f"c{i}", event_rule(event))
    with pytest.raises(WrongState) as info:
        client.as_user(creator).create_dynamic_circle("c5", event_rule(event))
    assert info.value.reason == "too_many_event_circles"
    for i in range(5):
        client.as_user(creator).create_dynamic_circle(f"f{i}", {"kind": "friends"})
    with pytest.raises(WrongState) as info:
        client.as_user(creator).create_dynamic_circle("f5", {"kind": "friends"})
    assert info.value.reason == "too_many_rule_circles"
    assert db.one("select count(*) from public.circles") == 10


def test_rule_circle_caps_hold_under_concurrency(db: Db, client: Client) -> None:
    """DYN-06: eight authors racing for an event's last circles end with five."""
    creator = db.new_user("creator")
    authors = db.users(*(f"a{i}" for i in range(8)))
    db.befriend(creator, *authors)
    event = db.event(creator, "Show", authors=authors, starts_in=timedelta(days=1))

    def make(author: UUID) -> str:
        try:
            client.as_user(author).create_dynamic_circle("c", event_rule(event))
        except WrongState as err:
            return err.reason or "?"
        return "ok"

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(make, authors))
    assert sorted(results) == ["ok"] * 5 + ["too_many_event_circles"] * 3
    assert db.one("select count(*) from public.circles") == 5


def test_a_request_that_is_not_friendship_leaves_circles_alone(db: Db, client: Client) -> None:
    """DYN-03, DYN-06: only a change into or out of an accepted friendship re-derives friends
    circles; a stranger's request, its refusal, a no-op update of it or its withdrawal never
    re-derives (nor locks) the circles of the person it names."""
    victim, eve = db.users("victim", "eve")
    circle = client.as_user(victim).create_dynamic_circle("Friends", {"kind": "friends"})
    # No cool-down, so that eve's second request runs (RTL-03 is tested on its own).
    db.admin.execute("update public.rate_limits set per = '1 microsecond'"
                     " where action = 'repeat_declined'")
    with db.connect("postgres") as holder:
        holder.execute("select from public.circles where id = %s for update", (circle,))
        steps = [
            ("select public.request_friendship(%s)", eve, victim),
            ("update public.friendships set status = status where requested_by = %s", eve, eve),
            ("select public.respond_friendship(%s, false)", victim, eve),
            ("select public.request_friendship(%s)", eve, victim),
            ("select public.remove_friendship(%s)", eve, victim),
        ]
        for statement, who, arg in steps:
            with db.as_user(who) as conn:
                conn.execute("set local lock_timeout = '1s'")
                conn.execute(statement.encode(), (arg,))
    assert set(members(db, circle)) == {victim}


def test_a_circle_made_while_a_friendship_ends_follows_it(db: Db, client: Client) -> None:
    """DYN-03: a friends circle created while one of the creator's friendships ends waits for
    that change, so the former friend is not left in it (nor a new one left out)."""
    me, ex = db.users("me", "ex")
    db.befriend(me, ex)
    with ThreadPoolExecutor(1) as pool:
        with db.as_user(me) as conn:
            conn.execute("select public.remove_friendship(%s)", (ex,))
            creating = pool.submit(client.as_user(me).create_dynamic_circle, "Friends",
                                   {"kind": "friends"})
            time.sleep(0.5)
        circle = creating.result(timeout=20)
    assert set(members(db, circle)) == {me}


def test_an_event_circle_made_while_an_author_leaves_follows_it(
    db: Db, client: Client
) -> None:
    """DYN-03: an event circle created while another author steps down does not keep them."""
    creator, author = db.users("creator", "author")
    db.befriend(creator, author)
    event = db.event(creator, "Show", authors=[author], starts_in=timedelta(days=1))
    with ThreadPoolExecutor(1) as pool:
        with db.as_user(author) as conn:
            conn.execute("select public.remove_event_author(%s, %s)", (event, author))
            creating = pool.submit(client.as_user(creator).create_dynamic_circle, "Crew",
                                   event_rule(event))
            time.sleep(0.5)
        circle = creating.result(timeout=20)
    assert set(members(db, circle)) == {creator}


def test_a_member_leaves_a_rule_circle_until_they_rejoin(db: Db, client: Client) -> None:
    """DYN-07: a member leaves a rule circle, by RPC or table delete; the rule skips them while
    their friendship changes; rejoining brings them back when the rule selects them; the creator
    leaving ends the circle; rejoining a circle never left answers as for no circle."""
    me, a, b = db.users("me", "a", "b")
    db.befriend(me, a, b)
    circle = client.as_user(me).create_dynamic_circle("Friends", {"kind": "friends"})
    client.as_user(a).leave_circle(circle)
    with db.as_user(b) as conn:
        assert conn.execute("delete from public.circle_members where circle_id = %s",
                            (circle,)).rowcount == 1
    assert set(members(db, circle)) == {me}
    client.as_user(a).remove_friendship(me)
    db.befriend(me, a)
    assert set(members(db, circle)) == {me}  # the rule skips them
    with db.as_user(a) as conn:
        assert conn.execute("select circle_id from public.circle_opt_outs").fetchall() == [
            (circle,)]
    client.as_user(a).rejoin_circle(circle)
    assert set(members(db, circle)) == {me, a}
    assert refusal(lambda: client.as_user(a).rejoin_circle(circle)) == refusal(
        lambda: client.as_user(a).rejoin_circle(UUID(int=5)))
    client.as_user(me).leave_circle(circle)
    assert db.one("select count(*) from public.circles where id = %s", (circle,)) == 0


def test_service_role_leaves_and_rejoins_a_rule_circle_for_a_member(
    db: Db, client: Client
) -> None:
    """DYN-07, ID-04: service_role calling leave_circle for the member its token names leaves as
    the member's own call does: the rule skips them while their friendship changes, and
    rejoin_circle, by service_role too, brings them back."""
    me, a = db.users("me", "a")
    db.befriend(me, a)
    circle = client.as_user(me).create_dynamic_circle("Friends", {"kind": "friends"})
    with request(db.api, Role.SERVICE_ROLE, a) as conn:
        conn.execute("select public.leave_circle(%s)", (circle,))
    client.as_user(a).remove_friendship(me)
    db.befriend(me, a)
    assert set(members(db, circle)) == {me}  # the rule skips them
    with request(db.api, Role.SERVICE_ROLE, a) as conn:
        conn.execute("select public.rejoin_circle(%s)", (circle,))
    assert set(members(db, circle)) == {me, a}


def test_a_block_moves_only_the_pair_in_each_others_rule_circles(db: Db, client: Client) -> None:
    """BLK-02, BLK-04, DYN-03, DYN-07: a block takes each of the pair out of the other's event
    circles (the blocked user no longer attends the blocker's events), and no one else out of
    any circle; lifting it brings back whom the rule selects, but not one who left the circle."""
    ada, bob, cat = db.users("ada", "bob", "cat")
    db.befriend(ada, bob, cat)
    db.befriend(bob, cat)
    adas_event = db.event(ada, "Ada's", authors=[bob, cat])
    bobs_event = db.event(bob, "Bob's", authors=[cat])
    db.approve(db.like_group(ada, bobs_event), bob)

    def event_circle(user: UUID, event: UUID) -> UUID:
        return client.as_user(user).create_dynamic_circle(
            "Crew", {"kind": "event", "event_id": str(event)})

    adas, bobs, cats = (event_circle(ada, adas_event), event_circle(bob, bobs_event),
                        event_circle(cat, adas_event))
    client.as_user(cat).leave_circle(bobs)
    client.as_user(bob).block_user(ada)
    assert (set(members(db, adas)), set(members(db, bobs)), set(members(db, cats))) == (
        {ada, cat}, {bob}, {ada, bob, cat})
    client.as_user(bob).unblock_user(ada)
    assert (set(members(db, adas)), set(members(db, bobs)), set(members(db, cats))) == (
        {ada, bob, cat}, {bob}, {ada, bob, cat})


def test_a_friendship_moves_only_the_pair_in_each_others_friends_circles(
    db: Db, client: Client
) -> None:
    """DYN-03: a friendship that ends takes each side out of the other's friends circle and no
    one else; one that begins brings each into the other's."""
    ada, bob, cat = db.users("ada", "bob", "cat")
    db.befriend(ada, bob, cat)
    db.befriend(bob, cat)
    adas, bobs = (client.as_user(u).create_dynamic_circle("Friends", {"kind": "friends"})
                  for u in (ada, bob))
    client.as_user(bob).remove_friendship(ada)
    assert (set(members(db, adas)), set(members(db, bobs))) == ({ada, cat}, {bob, cat})
    db.befriend(bob, ada)
    assert (set(members(db, adas)), set(members(db, bobs))) == ({ada, bob, cat}, {ada, bob, cat})


def test_an_attendee_who_leaves_leaves_the_event_circles_alone(db: Db, client: Client) -> None:
    """DYN-03: a member of an approved like group who leaves it leaves the event's circles; the
    group's other members, who still attend, stay."""
    creator, guest, friend = db.users("creator", "guest", "friend")
    db.befriend(guest, friend)
    event = db.event(creator, "Show")
    group = client.as_user(guest).create_like_group(event, [friend])
    client.as_user(creator).approve_like_group(group)
    circle = client.as_user(creator).create_dynamic_circle(
        "Show crew", {"kind": "event", "event_id": str(event)})
    assert set(members(db, circle)) == {creator, guest, friend}
    client.as_user(friend).leave_like_group(group)
    assert set(members(db, circle)) == {creator, guest}


def test_service_roles_opt_outs_take_effect_at_once(db: Db, client: Client) -> None:
    """DYN-03, DYN-07: an opt-out service_role writes takes its user out of the circle at once,
    and deleting it brings them back, as the user's own leave_circle and rejoin_circle do."""
    me, a, b = db.users("me", "a", "b")
    db.befriend(me, a, b)
    circle = db.friends_circle(me)
    with db.as_service() as conn:
        conn.execute("insert into public.circle_opt_outs (circle_id, user_id) values (%s, %s)",
                     (circle, a))
    assert set(members(db, circle)) == {me, b}
    with db.as_service() as conn:
        conn.execute("delete from public.circle_opt_outs where circle_id = %s", (circle,))
    assert set(members(db, circle)) == {me, a, b}


def test_service_roles_opt_out_and_the_members_leave_at_once_never_deadlock(
    db: Db, client: Client
) -> None:
    """DYN-07: an opt-out service_role writes takes the circle before its row, as the member's
    own leave_circle does, so the two wait for each other instead of deadlocking."""
    me, a, b = db.users("me", "a", "b")
    db.befriend(me, a, b)
    circle, other = db.friends_circle(me), db.friends_circle(b)

    def opt_out() -> None:
        # Two rows, the second slow: the first is written a second before its trigger syncs.
        with db.connect() as conn, request(conn, Role.SERVICE_ROLE) as c:
            c.execute("insert into public.circle_opt_outs (circle_id, user_id)"
                      " select v.c, v.u from (values (%s::uuid, %s::uuid, 0),"
                      " (%s::uuid, %s::uuid, 1)) v (c, u, k)"
                      " where case when v.k = 1 then (select true from pg_sleep(1)) else true end",
                      (circle, a, other, me))

    with ThreadPoolExecutor(1) as pool:
        opting = pool.submit(answer, opt_out)
        while not db.one("select count(*) from pg_stat_activity where wait_event = 'PgSleep'"):
            time.sleep(0.01)
        leaving = db.outcome(a, "select public.leave_circle(%s)", circle)
        assert (opting.result(timeout=10), leaving) == ("ok", "PT404 circle_not_found")
    assert set(members(db, circle)) == {me, b}


@DELETED_BY
def test_a_friends_circle_created_while_a_friend_is_deleted_leaves_them_out(
    db: Db, by: str
) -> None:
    """DYN-03, ACC-02: bob creates a friends circle while his friend ada's account is being
    deleted (her profile gone, the deletion not yet committed): the circle waits for the
    deletion and is made without her, not refused with a raw foreign-key error."""
    ada, bob, cat = db.users("ada", "bob", "cat")
    db.befriend(bob, ada, cat)
    post = db.post(ada, "hers")
    with ThreadPoolExecutor(2) as pool:
        with db.as_service() as conn:
            # The deletion waits here, after her profile's row, at her post.
            conn.execute("select from public.posts where id = %s for share", (post,))
            deleting = pool.submit(db.delete_account, ada, by=by)
            db.await_waiting(1)
            creating = pool.submit(db.outcome, bob, "select public.create_dynamic_circle("
                                   "'Friends', '{\"kind\": \"friends\"}')")
            db.await_waiting(2)
        assert (deleting.result(timeout=20), creating.result(timeout=20)) == ("ok", "ok")
    members = db.admin.execute(
        "select m.user_id from public.circle_members m join public.circles c on c.id = m.circle_id"
        " where c.created_by = %s and c.name = 'Friends'", (bob,)).fetchall()
    assert {m[0] for m in members} == {bob, cat}


def test_a_sync_waits_for_no_deletion_of_a_member_already_in(db: Db) -> None:
    """DYN-03, ACC-02: ada, in bob's friends circle, is being deleted by a DBA (her profile gone,
    the deletion not yet committed) when bob accepts cat's request: the sync that adds cat
    holds nothing of the members already in, so it ends at once, not behind ada's deletion."""
    ada, bob, cat, dan = db.users("ada", "bob", "cat", "dan")
    db.befriend(bob, ada)
    db.friends_circle(bob)
    db.rpc(ada, "select public.mute_user(%s)", dan)
    db.rpc(cat, "select public.request_friendship(%s)", bob)

    def delete_profile() -> None:
        with db.connect("postgres") as conn:
            conn.execute("delete from public.profiles where id = %s", (ada,))

    with ThreadPoolExecutor(2) as pool:
        with db.as_service() as conn:
            # The deletion waits here, after her profile's row, at her mute.
            conn.execute("select from public.mutes where muter_id = %s for share", (ada,))
            deleting = pool.submit(delete_profile)
            db.await_waiting(1)
            accepting = pool.submit(db.outcome, bob,
                                    "select public.respond_friendship(%s, true)", cat)
            assert accepting.result(timeout=5) == "ok"
        deleting.result(timeout=20)
    members = db.admin.execute(
        "select m.user_id from public.circle_members m join public.circles c on c.id = m.circle_id"
        " where c.created_by = %s", (bob,)).fetchall()
    assert {m[0] for m in members} == {bob, cat}


def test_an_event_circle_made_while_its_event_is_deleted_is_not_found(db: Db) -> None:
    """DYN-04, EVT-03: a co-author makes the event's circle while its creator deletes the event
    by table write (which holds the event's row, then its authors'): the circle waits for the
    deletion and is refused as for an event that does not exist (PT404 event_not_found), never
    a deadlock with the deletion."""
    ada, bob = db.users("ada", "bob")
    db.befriend(ada, bob)
    event = db.event(ada, "Gig", authors=[bob])
    rule = json.dumps({"kind": "event", "event_id": str(event)})
    with ThreadPoolExecutor(1) as pool, db.as_user(ada) as conn:
        conn.execute("select from public.events where id = %s for update", (event,))
        creating = pool.submit(db.outcome, bob,
                               "select public.create_dynamic_circle('Gig', %s)", rule)
        db.await_waiting(1)
        conn.execute("delete from public.events where id = %s", (event,))
    assert creating.result(timeout=20) == "PT404 event_not_found"
    assert db.one("select count(*) from public.circles where created_by = %s", (bob,)) == 0
