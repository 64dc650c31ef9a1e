"""Circles through PostgREST-shaped sessions: RPCs, table writes and races."""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from uuid import UUID

import psycopg
import pytest

from kithdb import (
    CircleMemberStatus,
    CircleRole,
    Client,
    Conflict,
    InvalidInput,
    KithdbError,
    NotAllowed,
    NotFound,
    PostAudience,
    WrongState,
)
from kithdb.errors import from_psycopg
from tests.conftest import Db

ADMIN, MEMBER = CircleRole.ADMIN, CircleRole.MEMBER


def rows_of(db: Db, circle: UUID) -> dict[UUID, tuple[str, str]]:
    rows = db.admin.execute(
        "select user_id, role::text, status::text from public.circle_members where circle_id = %s",
        (circle,),
    ).fetchall()
    return {r[0]: (r[1], r[2]) for r in rows}


def row_count(db: Db, circle: UUID) -> int:
    count: int = db.one(
        "select count(*) from public.circle_members where circle_id = %s", (circle,)
    )
    return count


def circle_exists(db: Db, circle: UUID) -> bool:
    return bool(db.one("select exists (select from public.circles where id = %s)", (circle,)))


def refusal(db: Db, user: UUID, query: str, params: tuple[object, ...] = ()) -> KithdbError:
    with pytest.raises(psycopg.Error) as info, db.as_user(user) as conn:
        conn.execute(query.encode(), params)
    return from_psycopg(info.value)


@pytest.fixture
def climbers(db: Db) -> dict[str, UUID]:
    """ada created and administers 'Climbers' with member bob and invitee cat; dan is ada's
    friend outside it; eve is a stranger."""
    ada, bob, cat, dan, eve = db.users("ada", "bob", "cat", "dan", "eve")
    db.befriend(ada, bob, cat, dan)
    circle = db.circle(ada, "Climbers", members=[bob], invitees=[cat])
    return {"ada": ada, "bob": bob, "cat": cat, "dan": dan, "eve": eve, "circle": circle}


def test_create_circle_makes_creator_admin(db: Db, client: Client) -> None:
    """CIR-01: one call creates the circle, trimmed, with the creator as admin member."""
    ada = db.new_user("ada")
    circle = client.as_user(ada).create_circle("  Book club  ", "Monthly")
    [c] = client.as_user(ada).my_circles()
    assert (c.id, c.name, c.description, c.created_by) == (circle, "Book club", "Monthly", ada)
    [m] = client.as_user(ada).circle_members(circle)
    assert (m.user_id, m.role, m.status) == (ada, ADMIN, CircleMemberStatus.MEMBER)
    assert m.invited_by is None


def test_a_blank_name_is_refused_by_a_table_write_too(db: Db, client: Client) -> None:
    """CIR-01: a name of white space and invisible characters only is blank, also to the
    table's check."""
    ada = db.new_user("ada")
    with pytest.raises(InvalidInput) as info:
        client.as_user(ada).update_circle(db.circle(ada, "x"), name="\u3000\u200b")
    assert (info.value.sqlstate, info.value.reason) == ("23514", "circles_name_not_blank")


@pytest.mark.parametrize(
    ("name", "description", "reason"),
    [
        (None, None, "circle_name_required"),
        ("   ", None, "circle_name_required"),
        ("\t\u3000\u200b", None, "circle_name_required"),
        ("x" * 51, None, "circle_name_too_long"),
        ("ok", "d" * 201, "circle_description_too_long"),
    ],
)
def test_create_circle_rejects_bad_input(
    db: Db, client: Client, name: str | None, description: str | None, reason: str
) -> None:
    """CIR-01: invalid names and descriptions are 22023 with a reason; nothing is written."""
    ada = db.new_user("ada")
    with pytest.raises(InvalidInput) as info:
        client.as_user(ada).create_circle(name, description)  # type: ignore[arg-type]
    assert (info.value.sqlstate, info.value.reason) == ("22023", reason)
    assert db.one("select count(*) from public.circles") == 0


def test_direct_insert_returning_shows_the_new_circle(db: Db) -> None:
    """CIR-01, CIR-02, CIR-10: supabase-js .insert().select() works; the creator is admin."""
    ada, eve = db.users("ada", "eve")
    with db.as_user(ada) as conn:
        row = conn.execute(
            "insert into public.circles (name) values ('Runners') returning id, created_by"
        ).fetchone()
    assert row is not None and row[1] == ada
    assert rows_of(db, row[0]) == {ada: ("admin", "member")}
    err = refusal(db, ada, "insert into public.circles (name, created_by) values ('x', %s)", (eve,))
    assert err.sqlstate == "42501"
    err = refusal(db, ada, "insert into public.circles (name, circle_type) values ('x', 'dynamic')")
    assert err.sqlstate == "42501"
    err = refusal(db, ada, "insert into public.circles (name) values (%s)", ("x" * 51,))
    assert (err.sqlstate, err.reason) == ("23514", "circles_name_length")


def test_invitation_flow(db: Db, client: Client, climbers: dict[str, UUID]) -> None:
    """CIR-05, CIR-07: invited → member by the invitee; declining removes the invitation."""
    circle = climbers["circle"]
    assert rows_of(db, circle)[climbers["cat"]] == ("member", "invited")
    assert rows_of(db, circle)[climbers["bob"]] == ("member", "member")
    client.as_user(climbers["cat"]).decline_circle_invitation(circle)
    assert climbers["cat"] not in rows_of(db, circle)
    client.as_user(climbers["ada"]).invite_to_circle(circle, climbers["dan"])
    client.as_user(climbers["dan"]).accept_circle_invitation(circle)
    assert rows_of(db, circle)[climbers["dan"]] == ("member", "member")


def test_invitation_refusals(db: Db, client: Client, climbers: dict[str, UUID]) -> None:
    """CIR-05, CIR-06, CIR-07: every invitation rule refused with its SQLSTATE and reason."""
    circle, s = climbers["circle"], climbers
    ada, bob, cat, eve = (client.as_user(s[n]) for n in ("ada", "bob", "cat", "eve"))
    before = rows_of(db, circle)
    cases: list[tuple[Callable[[], None], type[KithdbError], str]] = [
        (lambda: bob.invite_to_circle(circle, s["dan"]), NotAllowed, "not_circle_admin"),
        (lambda: eve.invite_to_circle(circle, s["dan"]), NotFound, "circle_not_found"),
        (lambda: cat.invite_to_circle(circle, s["dan"]), NotAllowed, "not_circle_admin"),
        (lambda: ada.invite_to_circle(circle, s["eve"]), NotAllowed, "invitee_not_friend"),
        (lambda: ada.invite_to_circle(circle, UUID(int=5)), NotFound, "user_not_found"),
        (lambda: ada.invite_to_circle(UUID(int=5), s["dan"]), NotFound, "circle_not_found"),
        (lambda: ada.invite_to_circle(circle, s["bob"]), Conflict, "already_circle_member"),
        (lambda: ada.invite_to_circle(circle, s["cat"]), Conflict, "already_invited"),
        (lambda: ada.invite_to_circle(circle, None), InvalidInput, "missing_user_id"),  # type: ignore[arg-type]
        (lambda: ada.invite_to_circle(None, s["dan"]), InvalidInput, "missing_circle_id"),  # type: ignore[arg-type]
        (lambda: bob.accept_circle_invitation(circle), Conflict, "already_circle_member"),
        (lambda: dan_accepts(client, s), NotFound, "circle_invitation_not_found"),
        (lambda: bob.decline_circle_invitation(circle), Conflict, "already_circle_member"),
        (lambda: eve.leave_circle(circle), NotFound, "circle_not_found"),
    ]
    for call, exc, reason in cases:
        with pytest.raises(exc) as info:
            call()
        assert info.value.reason == reason, call
    assert rows_of(db, circle) == before


def dan_accepts(client: Client, s: dict[str, UUID]) -> None:
    client.as_user(s["dan"]).accept_circle_invitation(s["circle"])


def test_direct_writes_cannot_skip_invitation(db: Db, climbers: dict[str, UUID]) -> None:
    """CIR-05, CIR-06, CIR-07, CIR-08: table writes through PostgREST obey the same rules."""
    s, circle = climbers, climbers["circle"]
    insert = (
        "insert into public.circle_members (circle_id, user_id, role, status)"
        " values (%s, %s, %s, %s)"
    )
    # Joining without an invitation, even as the admin adding someone as member.
    assert refusal(db, s["dan"], insert, (circle, s["dan"], "member", "member")).sqlstate == "42501"
    err = refusal(db, s["ada"], insert, (circle, s["dan"], "member", "member"))
    assert err.reason == "circle_membership_requires_invitation"
    err = refusal(db, s["ada"], insert, (circle, s["eve"], "member", "invited"))
    assert err.reason == "invitee_not_friend"
    # The admin accepting in cat's place; cat promoting herself.
    update = "update public.circle_members set {} where circle_id = %s and user_id = %s"
    err = refusal(db, s["ada"], update.format("status = 'member'"), (circle, s["cat"]))
    assert err.reason == "only_invitee_accepts"
    err = refusal(db, s["bob"], update.format("role = 'admin'"), (circle, s["bob"]))
    assert err.reason == "not_circle_admin"
    err = refusal(db, s["ada"], update.format("role = 'admin'"), (circle, s["cat"]))
    assert (err.sqlstate, err.reason) == ("PT409", "circle_member_not_joined")
    err = refusal(db, s["bob"], update.format("status = 'invited'"), (circle, s["bob"]))
    assert err.reason == "circle_member_invalid_transition"
    # A member cannot remove someone else; the row survives.
    with db.as_user(s["bob"]) as conn:
        cur = conn.execute(
            "delete from public.circle_members where circle_id = %s and user_id = %s",
            (circle, s["cat"]),
        )
        assert cur.rowcount == 0
    # The legitimate direct invitation works like the RPC.
    with db.as_user(s["ada"]) as conn:
        conn.execute(insert.encode(), (circle, s["dan"], "member", "invited"))
    assert rows_of(db, circle)[s["dan"]] == ("member", "invited")


def test_no_writer_turns_a_member_back_into_an_invitee(db: Db, climbers: dict[str, UUID]) -> None:
    """CIR-07, CIR-13: service_role cannot demote a member to an invitee either; demoted, bob
    would leave the circle (declining) with his posts still on it."""
    s, circle = climbers, climbers["circle"]
    post = db.post(s["bob"], "Crag on Sunday?", "circles", [circle])
    with pytest.raises(psycopg.Error) as info, db.as_service() as conn:
        conn.execute("update public.circle_members set status = 'invited'"
                     " where circle_id = %s and user_id = %s", (circle, s["bob"]))
    err = from_psycopg(info.value)
    assert (err.sqlstate, err.reason) == ("PT409", "circle_member_invalid_transition")
    assert rows_of(db, circle)[s["bob"]] == ("member", "member")
    assert db.one("select count(*) from public.post_circles where post_id = %s", (post,)) == 1


def test_last_admin_stays(db: Db, client: Client, climbers: dict[str, UUID]) -> None:
    """CIR-03: the last admin can neither leave, be demoted nor be removed while members remain."""
    s, circle = climbers, climbers["circle"]
    ada = client.as_user(s["ada"])
    calls: list[Callable[[], None]] = [
        lambda: ada.leave_circle(circle),
        lambda: ada.set_circle_member_role(circle, s["ada"], MEMBER),
        lambda: ada.remove_circle_member(circle, s["ada"]),
    ]
    for call in calls:
        with pytest.raises(WrongState) as info:
            call()
        assert info.value.reason == "last_circle_admin"
    err = refusal(db, s["ada"], "delete from public.circle_members where user_id = auth.uid()")
    assert err.reason == "last_circle_admin"
    # With a second admin, the first may go.
    ada.set_circle_member_role(circle, s["bob"], ADMIN)
    ada.leave_circle(circle)
    assert rows_of(db, circle)[s["bob"]] == ("admin", "member")
    assert s["ada"] not in rows_of(db, circle)


def test_last_member_leaving_deletes_the_circle(
    db: Db, client: Client, climbers: dict[str, UUID]
) -> None:
    """CIR-04: when the last member leaves, the circle and its invitations are gone."""
    s, circle = climbers, climbers["circle"]
    client.as_user(s["ada"]).remove_circle_member(circle, s["bob"])
    assert circle_exists(db, circle)
    client.as_user(s["ada"]).leave_circle(circle)
    assert not circle_exists(db, circle)
    assert db.one("select count(*) from public.circle_members") == 0


def test_account_deletion_hands_over_admin(db: Db, climbers: dict[str, UUID]) -> None:
    """CIR-03: deleting the sole admin's account promotes the longest-standing member."""
    s, circle = climbers, climbers["circle"]
    db.admin.execute("delete from auth.users where id = %s", (s["ada"],))
    assert rows_of(db, circle) == {s["bob"]: ("admin", "member"), s["cat"]: ("member", "invited")}
    assert db.one("select created_by from public.circles where id = %s", (circle,)) is None


def test_visibility(db: Db, client: Client, climbers: dict[str, UUID]) -> None:
    """CIR-10: members and invitees see the circle and its list; nobody else sees anything."""
    s, circle = climbers, climbers["circle"]
    for name in ("ada", "bob", "cat"):
        assert [c.id for c in client.as_user(s[name]).my_circles()] == [circle]
        assert len(client.as_user(s[name]).circle_members(circle)) == 3
    for name in ("dan", "eve"):
        assert client.as_user(s[name]).my_circles() == []
        assert client.as_user(s[name]).circle_members(circle) == []
    client.as_user(s["ada"]).set_circle_member_role(circle, s["bob"], ADMIN)
    client.as_user(s["ada"]).leave_circle(circle)
    assert client.as_user(s["ada"]).my_circles() == []  # not even as its creator


def test_only_admins_edit_and_delete(db: Db, client: Client, climbers: dict[str, UUID]) -> None:
    """CIR-11: admins rename and delete by plain table writes; members and invitees cannot."""
    s, circle = climbers, climbers["circle"]
    for name in ("bob", "cat", "eve"):
        with db.as_user(s[name]) as conn:
            assert conn.execute("update public.circles set name = 'x'").rowcount == 0
            assert conn.execute("delete from public.circles").rowcount == 0
    renamed = client.as_user(s["ada"]).update_circle(circle, name="Boulderers")
    assert renamed.name == "Boulderers"
    err = refusal(db, s["ada"], "update public.circles set created_by = auth.uid()")
    assert err.sqlstate == "42501"
    err = refusal(db, s["ada"], "update public.circles set description = %s", ("d" * 201,))
    assert err.reason == "circles_description_length"
    with db.as_user(s["ada"]) as conn:
        assert conn.execute("delete from public.circles where id = %s", (circle,)).rowcount == 1
    assert db.one("select count(*) from public.circle_members") == 0


def test_roles_are_admin_business(db: Db, client: Client, climbers: dict[str, UUID]) -> None:
    """CIR-08: admins promote and remove; members cannot; the role of an invitee waits."""
    s, circle = climbers, climbers["circle"]
    bob = client.as_user(s["bob"])
    with pytest.raises(NotAllowed):
        bob.set_circle_member_role(circle, s["bob"], ADMIN)
    with pytest.raises(NotAllowed):
        bob.remove_circle_member(circle, s["cat"])
    with pytest.raises(WrongState) as info:
        client.as_user(s["ada"]).set_circle_member_role(circle, s["cat"], ADMIN)
    assert info.value.reason == "circle_member_not_joined"
    with pytest.raises(NotFound) as nf:
        client.as_user(s["ada"]).set_circle_member_role(circle, s["dan"], ADMIN)
    assert nf.value.reason == "circle_member_not_found"
    client.as_user(s["ada"]).remove_circle_member(circle, s["cat"])
    assert s["cat"] not in rows_of(db, circle)
    bob.leave_circle(circle)
    assert set(rows_of(db, circle)) == {s["ada"]}


def test_helpers(db: Db, climbers: dict[str, UUID]) -> None:
    """CIR-12: is_circle_member / is_circle_admin / has_circle_access answer for any user."""
    s = climbers
    got = {
        name: db.admin.execute(
            "select kithdb.is_circle_member(%s, %s), kithdb.is_circle_admin(%s, %s),"
            " kithdb.has_circle_access(%s, %s)",
            (s["circle"], s[name]) * 3,
        ).fetchone()
        for name in ("ada", "bob", "cat", "eve")
    }
    assert got == {
        "ada": (True, True, True),
        "bob": (True, False, True),
        "cat": (False, False, True),
        "eve": (False, False, False),
    }


def fill(db: Db, circle: UUID, rows: int) -> None:
    """Add members (as the DBA) until the circle holds ``rows`` rows."""
    db.admin.execute(
        """
        insert into public.circle_members (circle_id, user_id, status)
        select %s, tests.create_user('filler' || g), 'member'
        from generate_series(1, %s - (select count(*) from public.circle_members
                                       where circle_id = %s)) g
        """,
        (circle, rows, circle),
    )


def test_capacity_is_150(db: Db, client: Client) -> None:
    """CIR-09, ID-04: the 151st row is refused with PT409 circle_full, by RPC and DBA alike."""
    ada, friend, more = db.users("ada", "friend", "more")
    db.befriend(ada, friend, more)
    circle = db.circle(ada, "Big")
    fill(db, circle, 149)
    client.as_user(ada).invite_to_circle(circle, friend)
    with pytest.raises(WrongState) as info:
        client.as_user(ada).invite_to_circle(circle, more)
    assert info.value.reason == "circle_full"
    with pytest.raises(psycopg.Error) as dba:
        db.admin.execute(
            "insert into public.circle_members (circle_id, user_id) values (%s, %s)", (circle, more)
        )
    assert dba.value.sqlstate == "PT409"
    assert row_count(db, circle) == 150


def test_concurrent_invites_respect_the_cap(db: Db, client: Client) -> None:
    """CIR-09: 20 concurrent invitations into a circle with 140 rows → exactly 10 succeed."""
    ada = db.new_user("ada")
    circle = db.circle(ada, "Busy")
    fill(db, circle, 140)
    friends = db.users(*(f"f{i}" for i in range(20)))
    db.befriend(ada, *friends)
    start = threading.Barrier(20, timeout=10)

    def invite(f: UUID) -> str:
        start.wait()
        try:
            client.as_user(ada).invite_to_circle(circle, f)
            return "ok"
        except KithdbError as err:
            return err.reason or "?"

    with ThreadPoolExecutor(20) as pool:
        client.pool.resize(min_size=1, max_size=20)
        outcomes = list(pool.map(invite, friends))
    assert outcomes.count("ok") == 10
    assert outcomes.count("circle_full") == 10
    assert row_count(db, circle) == 150


def test_two_admins_demoting_each_other(db: Db, client: Client, climbers: dict[str, UUID]) -> None:
    """CIR-03: two admins demote each other at the same moment → exactly one admin remains."""
    s, circle = climbers, climbers["circle"]
    client.as_user(s["ada"]).set_circle_member_role(circle, s["bob"], ADMIN)
    for _ in range(5):
        start = threading.Barrier(2, timeout=10)

        def demote(me: UUID, other: UUID, start: threading.Barrier = start) -> str:
            start.wait()
            try:
                client.as_user(me).set_circle_member_role(circle, other, MEMBER)
                return "ok"
            except KithdbError as err:
                return err.reason or "?"

        with ThreadPoolExecutor(2) as pool:
            a = pool.submit(demote, s["ada"], s["bob"])
            b = pool.submit(demote, s["bob"], s["ada"])
            outcomes = sorted([a.result(), b.result()])
        admins = [u for u, (role, status) in rows_of(db, circle).items() if role == "admin"]
        assert len(admins) == 1
        assert outcomes in (["last_circle_admin", "ok"], ["not_circle_admin", "ok"])
        # Restore two admins for the next round.
        other = s["bob"] if admins == [s["ada"]] else s["ada"]
        client.as_user(admins[0]).set_circle_member_role(circle, other, ADMIN)


def test_accept_racing_remove(db: Db, client: Client) -> None:
    """CIR-07, CIR-08: an invitee accepting while the admin removes the invitation ends in a
    state that matches what each call reported."""
    ada = db.new_user("ada")
    guests = db.users(*(f"g{i}" for i in range(10)))
    db.befriend(ada, *guests)
    circle = db.circle(ada, "Race", invitees=guests)
    for g in guests:
        start = threading.Barrier(2, timeout=10)

        def accept(g: UUID = g, start: threading.Barrier = start) -> str:
            start.wait()
            try:
                client.as_user(g).accept_circle_invitation(circle)
                return "accepted"
            except NotFound:
                return "gone"

        def remove(g: UUID = g, start: threading.Barrier = start) -> str:
            start.wait()
            client.as_user(ada).remove_circle_member(circle, g)
            return "removed"

        with ThreadPoolExecutor(2) as pool:
            fa, fr = pool.submit(accept), pool.submit(remove)
            assert fr.result() == "removed"
            # Accepted (the removal came second) or gone (it came first); any other refusal
            # raises here.
            fa.result()
        assert g not in rows_of(db, circle)  # removal wins either way: it came last or first
    assert rows_of(db, circle) == {ada: ("admin", "member")}


def test_a_member_who_goes_takes_their_posts_off(
    db: Db, client: Client, climbers: dict[str, UUID]
) -> None:
    """CIR-13: a member removed from a circle (or leaving it) takes their posts off it: the
    circle no longer shows them, and the post stays its author's alone."""
    s = climbers
    post = db.post(s["bob"], "bob's", "circles", [s["circle"]])
    other = db.post(s["ada"], "ada's", "circles", [s["circle"]])
    client.as_user(s["ada"]).remove_circle_member(s["circle"], s["bob"])
    assert db.one("select count(*) from public.post_circles where post_id = %s", (post,)) == 0
    assert db.one("select count(*) from public.post_circles where post_id = %s", (other,)) == 1
    assert post in {p.id for p in client.as_user(s["bob"]).feed()}
    client.as_user(s["cat"]).accept_circle_invitation(s["circle"])
    assert post not in {p.id for p in client.as_user(s["cat"]).feed(circle_id=s["circle"])}


def test_an_admin_takes_a_post_off_their_circle(
    db: Db, client: Client, climbers: dict[str, UUID]
) -> None:
    """CIR-13, SEC-08: an admin takes any post off their circle, by RPC or table delete; a
    member may not, and someone outside gets the answer a missing circle gets."""
    s = climbers
    post = db.post(s["bob"], "bob's", "circles", [s["circle"]])
    with pytest.raises(NotAllowed) as na:
        client.as_user(s["bob"]).remove_circle_post(s["circle"], post)
    assert na.value.reason == "not_circle_admin"
    with pytest.raises(NotFound) as nf:
        client.as_user(s["eve"]).remove_circle_post(s["circle"], post)
    assert nf.value.reason == "circle_not_found"
    client.as_user(s["ada"]).remove_circle_post(s["circle"], post)
    assert db.one("select count(*) from public.post_circles where post_id = %s", (post,)) == 0
    with pytest.raises(NotFound) as again:
        client.as_user(s["ada"]).remove_circle_post(s["circle"], post)
    assert again.value.reason == "circle_post_not_found"
    second = db.post(s["bob"], "again", "circles", [s["circle"]])
    with db.as_user(s["ada"]) as conn:
        assert conn.execute("delete from public.post_circles where post_id = %s",
                            (second,)).rowcount == 1


def test_a_post_racing_its_authors_removal_leaves_with_them(
    db: Db, client: Client, climbers: dict[str, UUID]
) -> None:
    """CIR-13: a post made while its author is being removed waits for the removal, then is
    refused; it never stays on the circle of someone who has left it."""
    s = climbers
    with ThreadPoolExecutor(1) as pool, db.as_user(s["ada"]) as conn:
        conn.execute("select public.remove_circle_member(%s, %s)", (s["circle"], s["bob"]))
        posting = pool.submit(client.as_user(s["bob"]).create_post, "still here",
                              PostAudience.CIRCLES, [s["circle"]])
        time.sleep(0.5)
        assert not posting.done(), "the post did not wait for the removal"
    with pytest.raises(NotAllowed) as info:
        posting.result(timeout=20)
    assert info.value.reason == "not_circle_member"
    on_circle = "select count(*) from public.post_circles where circle_id = %s"
    assert db.one(on_circle, (s["circle"],)) == 0


@pytest.mark.parametrize("invite", [
    "select public.invite_to_circle(%s, %s)",
    "insert into public.circle_members (circle_id, user_id) values (%s, %s)",
])
def test_an_invitation_into_a_circle_that_just_ended_is_not_found(db: Db, invite: str) -> None:
    """CIR-04, SEC-05: an admin's invitation, by RPC or table insert, racing their own leaving,
    which ends the circle (its last member), answers PT404 circle_not_found, never a raw
    foreign-key error."""
    ada, bob = db.users("ada", "bob")
    db.befriend(ada, bob)
    circle = db.circle(ada, "Alone")
    with ThreadPoolExecutor(1) as pool:
        with db.as_user(ada) as conn:
            conn.execute("select public.leave_circle(%s)", (circle,))
            assert db.one("select count(*) from public.circles where id = %s", (circle,)) == 1

            inviting = pool.submit(db.outcome, ada, invite, circle, bob)
            db.await_waiting(1)
        assert inviting.result(timeout=20) == "PT404 circle_not_found"
    assert db.one("select count(*) from public.circles where id = %s", (circle,)) == 0


def test_a_decline_racing_the_circles_end_does_not_deadlock(db: Db) -> None:
    """CIR-04, RTL-04: an invitee declining while the last member leaves (whose circle deletion
    removes the invitation) never deadlocks: the decline of a circle being deleted is not
    recorded, and both requests succeed."""
    ada, bob = db.users("ada", "bob")
    db.befriend(ada, bob)
    circle = db.circle(ada, "Ending", invitees=[bob])
    # The decline's row lock is held while its statement goes on (a CTE's after-triggers run at
    # the statement's end): the last member's leaving reaches the invitation in that window.
    declining_sql = ("with d as (delete from public.circle_members where circle_id = %s"
                     " and user_id = %s returning 1) select pg_sleep(1.5) from d")
    with ThreadPoolExecutor(2) as pool:
        declining = pool.submit(db.outcome, bob, declining_sql, circle, bob)
        time.sleep(0.5)
        leaving = pool.submit(db.outcome, ada, "select public.leave_circle(%s)", circle)
        assert (declining.result(timeout=20), leaving.result(timeout=20)) == ("ok", "ok")
    assert db.one("select count(*) from public.circles where id = %s", (circle,)) == 0


def test_circle_churn_never_deadlocks(db: Db, client: Client) -> None:
    """CIR-04, CIR-13, PST-02: six friends who post to (by RPC and by table write), join, leave
    and end a few circles at once, one user often in two requests, only ever get documented
    refusals: never a deadlock (a post racing its author's leaving, which ends the circle) and
    never a raw constraint error."""
    users = db.users(*(f"u{i}" for i in range(6)))
    for i, a in enumerate(users):
        db.befriend(a, *users[i + 1:])
    circles = [db.circle(users[0], "First", members=users[1:3])]
    client.pool.resize(min_size=4, max_size=16)
    deadline = time.monotonic() + 8
    unexpected: list[str] = []
    expected = {"42501", "PT404", "23505", "PT409", "22023"}

    def one_call(rng: random.Random) -> None:
        me, other = rng.sample(users, 2)
        s = client.as_user(me)
        circle = rng.choice(circles[-3:])
        ops: list[Callable[[], object]] = [
            lambda: s.invite_to_circle(circle, other),
            lambda: s.accept_circle_invitation(circle),
            lambda: s.decline_circle_invitation(circle),
            lambda: s.leave_circle(circle),
            lambda: s.remove_circle_member(circle, other),
            lambda: s.set_circle_member_role(circle, other, rng.choice([ADMIN, MEMBER])),
            lambda: s.create_post("p", PostAudience.CIRCLES, [circle]),
            lambda: table_post(me, circle),
            lambda: circles.append(s.create_circle("More")),
        ]
        ops += ops[:4] + ops[6:8]  # joining, leaving and posting most: where the races are
        rng.choice(ops)()

    def table_post(me: UUID, circle: UUID) -> None:
        """A post as a PostgREST table write (one statement), not through create_post."""
        got = db.outcome(
            me,
            "with p as (insert into public.posts (body, audience) values ('t', 'circles')"
            " returning id) insert into public.post_circles (post_id, circle_id)"
            " select p.id, %s from p",
            circle,
        )
        if got != "ok" and got.split()[0] not in expected:
            unexpected.append(got)

    def churn(seed: int) -> None:
        rng = random.Random(seed)
        while time.monotonic() < deadline:
            try:
                one_call(rng)
            except KithdbError as err:
                if err.sqlstate not in expected:
                    where = getattr(getattr(err.__cause__, "diag", None), "context", None) or ""
                    unexpected.append(f"{err.sqlstate} {err.message}\n{where}")

    with ThreadPoolExecutor(16) as pool:
        list(pool.map(churn, range(16)))
    assert unexpected == [], "\n\n".join(unexpected[:5])
    assert len(circles) > 3  # the churn made circles as well as ending them


@pytest.mark.parametrize("accept", [
    "select public.accept_circle_invitation(%s)",
    "update public.circle_members set status = 'member' where circle_id = %s",
])
def test_an_acceptance_racing_the_last_members_leaving_is_never_lost(db: Db, accept: str) -> None:
    """CIR-04, CIR-03, CIR-07: an invitee accepting (by RPC or table write) while the circle's
    last member leaves is either a member of a circle that stays, or was never one: an
    acceptance that succeeded is not deleted with the circle afterwards. Here it came first, so
    the last admin may not leave."""
    ada, bob = db.users("ada", "bob")
    db.befriend(ada, bob)
    circle = db.circle(ada, "Ending", invitees=[bob])
    with ThreadPoolExecutor(1) as pool:
        with db.as_user(bob) as conn:
            conn.execute(accept.encode(), (circle,))
            leaving = pool.submit(db.outcome, ada, "select public.leave_circle(%s)", circle)
            db.await_waiting(1)
        assert leaving.result(timeout=20) == "PT409 last_circle_admin"
    assert rows_of(db, circle) == {ada: ("admin", "member"), bob: ("member", "member")}


def test_an_acceptance_racing_a_role_change_and_leaving_never_deadlocks(db: Db) -> None:
    """CIR-03, CIR-08: while an invitee's acceptance commits, their own leaving (another
    request) and an admin's role change for them wait for the circle in one order: each answers
    as if it came alone, never 40P01."""
    ada, bob = db.users("ada", "bob")
    db.befriend(ada, bob)
    circle = db.circle(ada, "Busy", invitees=[bob])
    with ThreadPoolExecutor(2) as pool:
        with db.as_user(bob) as conn:
            conn.execute("select public.accept_circle_invitation(%s)", (circle,))
            leaving = pool.submit(db.outcome, bob, "select public.leave_circle(%s)", circle)
            db.await_waiting(1)
            promoting = pool.submit(
                db.outcome, ada, "select public.set_circle_member_role(%s, %s, 'admin')",
                circle, bob,
            )
            db.await_waiting(2)
        answers = (leaving.result(timeout=20), promoting.result(timeout=20))
    # Leaving first, the promotion finds nobody; promoted first, bob leaves as one of two admins.
    assert answers in {("ok", "PT404 circle_member_not_found"), ("ok", "ok")}
    assert rows_of(db, circle) == {ada: ("admin", "member")}


def test_a_role_written_again_unchanged_waits_for_nothing(db: Db) -> None:
    """CIR-08: a client that PATCHes a member's whole row, its role unchanged, while an admin's
    change holds the circle changes nothing and is refused nothing (no 40001 circle_busy)."""
    ada, bob = db.users("ada", "bob")
    db.befriend(ada, bob)
    circle = db.circle(ada, "Ours", members=[bob])
    with db.as_user(ada) as conn:
        conn.execute("update public.circles set name = 'Renamed' where id = %s", (circle,))
        assert db.outcome(bob, "update public.circle_members set role = 'member'"
                               " where user_id = %s", bob) == "ok"
