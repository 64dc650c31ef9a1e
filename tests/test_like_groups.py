"""Like groups and the approval algorithm through PostgREST-shaped sessions."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from functools import partial
from uuid import UUID

import psycopg
import pytest

from kithdb import (
    Client,
    Conflict,
    InvalidInput,
    KithdbError,
    LikeGroupStatus,
    NotAllowed,
    NotFound,
    WrongState,
)
from kithdb.errors import from_psycopg
from kithdb.session import Role, request
from tests.conftest import Db, EventScene, refusal

PENDING, APPROVED, REJECTED, EXPIRED = (
    LikeGroupStatus.PENDING,
    LikeGroupStatus.APPROVED,
    LikeGroupStatus.REJECTED,
    LikeGroupStatus.EXPIRED,
)


def status_of(db: Db, group: UUID) -> str:
    status: str = db.one("select status::text from public.like_groups where id = %s", (group,))
    return status


def participants(db: Db, group: UUID) -> set[UUID]:
    """Who takes part in the group's chat, those who left it aside (nobody before it is
    approved)."""
    rows = db.admin.execute(
        "select user_id from public.chat_participants where chat_id = %s and left_at is null",
        (db.chat_of(group),),
    ).fetchall()
    return {r[0] for r in rows}


def members(db: Db, group: UUID) -> set[UUID]:
    rows = db.admin.execute(
        "select user_id from public.like_group_members where group_id = %s", (group,)
    ).fetchall()
    return {r[0] for r in rows}


@pytest.mark.parametrize(("n_authors", "n_members"), [(1, 1), (3, 1), (3, 3), (2, 3), (5, 10)])
def test_threshold_is_min_of_authors_and_members(
    db: Db, client: Client, n_authors: int, n_members: int
) -> None:
    """LGR-04, LGR-05, CHT-02: min(A, G) approvals approve; the chat holds members ∪ authors."""
    s = db.event_scene(n_authors, n_members - 1)
    group = db.like_group(s.group_creator, s.event, s.friends)
    needed = min(n_authors, n_members)
    for i, author in enumerate(s.authors[:needed]):
        got = client.as_user(author).approve_like_group(group)
        assert got == (APPROVED if i == needed - 1 else PENDING), (i, got)
    assert db.chat_of(group) is not None
    assert participants(db, group) == {s.group_creator, *s.friends, *s.authors}
    assert db.one("select count(*) from public.chats") == 1
    assert db.one("select decided_at is not null from public.like_groups where id = %s", (group,))


def test_any_rejection_rejects(db: Db, client: Client) -> None:
    """LGR-05, LGR-09, LGR-01: one current author's veto rejects, whatever the approvals; the
    rejected members may make a new group."""
    s = db.event_scene(3, 2)
    group = db.like_group(s.group_creator, s.event, s.friends)
    assert client.as_user(s.authors[0]).approve_like_group(group) == PENDING
    assert client.as_user(s.authors[1]).approve_like_group(group, False) == REJECTED
    assert db.chat_of(group) is None
    with pytest.raises(WrongState) as info:
        client.as_user(s.authors[2]).approve_like_group(group)
    assert info.value.reason == "like_group_not_pending"
    again = client.as_user(s.group_creator).create_like_group(s.event, s.friends)
    assert status_of(db, again) == "pending"


def test_a_new_approval_replaces_the_old(db: Db, client: Client) -> None:
    """LGR-05: one approval per author; approving again while pending replaces it."""
    s = db.event_scene(2, 1)
    group = db.like_group(s.group_creator, s.event, s.friends)
    assert client.as_user(s.authors[0]).approve_like_group(group) == PENDING
    assert client.as_user(s.authors[0]).approve_like_group(group) == PENDING
    assert db.one("select count(*) from public.like_group_approvals") == 1
    view = client.as_user(s.group_creator).like_group(group)
    assert view is not None and [a.approved for a in view.approvals] == [True]


def test_only_current_authors_approvals_count(db: Db, client: Client) -> None:
    """LGR-06, LGR-07: a removed author's approval stops counting; a new author raises the bar."""
    s = db.event_scene(3, 2)
    creator, b, c = s.authors
    group = db.like_group(s.group_creator, s.event, s.friends)
    client.as_user(creator).approve_like_group(group)
    client.as_user(b).approve_like_group(group)  # 2 of min(3, 3)
    client.as_user(creator).remove_event_author(s.event, b)  # now min(2, 3) = 2, but only 1 counts
    assert status_of(db, group) == "pending"
    assert client.as_user(c).approve_like_group(group) == APPROVED
    with pytest.raises(NotFound):  # no longer an author: the group is out of b's sight
        client.as_user(b).approve_like_group(group)


def test_removing_an_author_can_approve(db: Db, client: Client) -> None:
    """LGR-07: a departing author lowers the threshold and the group is re-decided at once."""
    s = db.event_scene(3, 4)
    creator, b, c = s.authors
    group = db.like_group(s.group_creator, s.event, s.friends)
    client.as_user(creator).approve_like_group(group)
    client.as_user(b).approve_like_group(group)
    client.as_user(creator).remove_event_author(s.event, c)
    assert status_of(db, group) == "approved"
    assert participants(db, group) == {s.group_creator, *s.friends, creator, b}


def test_removing_a_member_lowers_the_threshold(db: Db, client: Client) -> None:
    """LGR-07: existing approvals still count after a member leaves or is removed."""
    s = db.event_scene(3, 2)
    group = db.like_group(s.group_creator, s.event, s.friends)
    client.as_user(s.authors[0]).approve_like_group(group)
    client.as_user(s.authors[1]).approve_like_group(group)
    assert status_of(db, group) == "pending"
    assert client.as_user(s.group_creator).remove_like_group_member(group, s.friends[0]) == APPROVED
    assert participants(db, group) == {s.group_creator, s.friends[1], *s.authors}


def test_a_member_leaving_lowers_the_threshold(db: Db, client: Client) -> None:
    """LGR-07"""
    s = db.event_scene(2, 2)
    group = db.like_group(s.group_creator, s.event, s.friends)
    client.as_user(s.authors[0]).approve_like_group(group)
    client.as_user(s.friends[0]).leave_like_group(group)
    client.as_user(s.friends[1]).leave_like_group(group)
    assert status_of(db, group) == "approved"


def test_create_like_group_rules(db: Db, client: Client) -> None:
    """LGR-01, LGR-02, LGR-03: every rule of making a like group, with its SQLSTATE and reason."""
    s = db.event_scene(2, 10)
    stranger = db.new_user("stranger")
    db.befriend(s.group_creator, s.authors[1])
    me = client.as_user(s.group_creator)
    cases: list[tuple[Callable[[], object], type[KithdbError], str]] = [
        (lambda: me.create_like_group(s.event, s.friends), InvalidInput, "too_many_members"),
        (lambda: me.create_like_group(s.event, [stranger]), NotAllowed, "member_not_friend"),
        (lambda: me.create_like_group(s.event, [s.authors[1]]), NotAllowed,
         "event_author_cannot_apply"),
        (lambda: client.as_user(s.authors[1]).create_like_group(s.event), NotAllowed,
         "event_author_cannot_apply"),
        (lambda: me.create_like_group(UUID(int=9)), NotFound, "event_not_found"),
        (lambda: me.create_like_group(None), InvalidInput, "missing_event_id"),  # type: ignore[arg-type]
        (lambda: me.create_like_group(s.event, [UUID(int=9)]), NotFound, "user_not_found"),
        (lambda: me.create_like_group(s.event, [None]), InvalidInput, "missing_user_id"),  # type: ignore[list-item]
    ]
    for call, exc, reason in cases:
        with pytest.raises(exc) as info:
            call()
        assert info.value.reason == reason, reason
    assert db.one("select count(*) from public.like_groups") == 0
    # Nine friends and the group creator make ten: allowed; duplicates collapse.
    group = me.create_like_group(s.event, s.friends[:9] + s.friends[:2])
    members = db.one("select count(*) from public.like_group_members where group_id = %s", (group,))
    assert members == 10
    with pytest.raises(Conflict) as info:
        client.as_user(s.friends[0]).create_like_group(s.event)
    assert info.value.reason == "already_in_like_group"


def test_no_like_group_once_the_event_started(db: Db, client: Client) -> None:
    """LGR-01: nobody makes a like group once the event has started."""
    s = db.event_scene(1, 0)
    db.start(s.event)
    with pytest.raises(WrongState) as info:
        client.as_user(s.group_creator).create_like_group(s.event)
    assert info.value.reason == "event_started"


def test_membership_changes(db: Db, client: Client) -> None:
    """LGR-01, LGR-02, LGR-08: the creator adds and removes friends of pending groups only."""
    s = db.event_scene(1, 3)
    me, friend = client.as_user(s.group_creator), client.as_user(s.friends[0])
    group = me.create_like_group(s.event, [s.friends[0]])
    me.add_like_group_member(group, s.friends[1])
    cases: list[tuple[Callable[[], object], type[KithdbError], str]] = [
        (lambda: friend.add_like_group_member(group, s.friends[2]), NotAllowed,
         "not_like_group_creator"),
        (lambda: friend.remove_like_group_member(group, s.friends[1]), NotAllowed,
         "not_like_group_creator"),
        (lambda: friend.withdraw_like_group(group), NotAllowed, "not_like_group_creator"),
        (lambda: me.add_like_group_member(group, s.friends[1]), Conflict, "already_in_like_group"),
        (lambda: me.add_like_group_member(group, s.authors[0]), NotAllowed, "member_not_friend"),
        (lambda: me.remove_like_group_member(group, s.group_creator), WrongState,
         "cannot_remove_like_group_creator"),
        (lambda: me.remove_like_group_member(group, s.friends[2]), NotFound,
         "like_group_member_not_found"),
        (lambda: client.as_user(s.friends[2]).leave_like_group(group), NotFound,
         "like_group_not_found"),
        (lambda: client.as_user(s.friends[2]).approve_like_group(group), NotFound,
         "like_group_not_found"),
        (lambda: friend.approve_like_group(group), NotAllowed, "not_event_author"),
    ]
    for call, exc, reason in cases:
        with pytest.raises(exc) as info:
            call()
        assert info.value.reason == reason, reason
    assert me.remove_like_group_member(group, s.friends[1]) == PENDING
    me.leave_like_group(group)  # the creator leaving withdraws
    assert db.one("select count(*) from public.like_groups") == 0


def test_decided_groups_never_change(db: Db, client: Client) -> None:
    """LGR-09, SEC-12: after approval nothing about the group changes, by RPC or by the DBA, but
    that its members may leave it (LGR-11)."""
    s = db.event_scene(1, 2)
    me = client.as_user(s.group_creator)
    group = me.create_like_group(s.event, s.friends[:1])
    client.as_user(s.authors[0]).approve_like_group(group)
    calls: list[Callable[[], object]] = [
        lambda: me.add_like_group_member(group, s.friends[1]),
        lambda: me.remove_like_group_member(group, s.friends[0]),
        lambda: me.withdraw_like_group(group),
        lambda: client.as_user(s.authors[0]).approve_like_group(group, False),
    ]
    for call in calls:
        with pytest.raises(WrongState) as info:
            call()
        assert info.value.reason == "like_group_not_pending"
    for statement in (
        "update public.like_groups set status = 'rejected'",
        "update public.like_group_approvals set approved = false",
    ):
        with pytest.raises(psycopg.Error) as raw:
            db.admin.execute(statement.encode())
        assert raw.value.sqlstate == "PT409"
    # Nor is its approval moved away to a pending group of the same event (by the DBA): no vote
    # moves (SEC-12).
    other = client.as_user(s.friends[1]).create_like_group(s.event)
    with pytest.raises(psycopg.Error) as raw:
        db.admin.execute(
            "update public.like_group_approvals set group_id = %s where group_id = %s",
            (other, group),
        )
    assert from_psycopg(raw.value).reason == "like_group_approval_immutable"
    assert db.one("select count(*) from public.like_group_approvals where group_id = %s",
                  (group,)) == 1
    assert status_of(db, group) == "approved"


def test_expiry_at_event_start(db: Db, client: Client) -> None:
    """LGR-08: at the event's start a pending group is treated as expired, then expired by
    expire_like_groups()."""
    s = db.event_scene(2, 0)
    group = db.like_group(s.group_creator, s.event)
    db.start(s.event)
    with pytest.raises(WrongState) as info:
        client.as_user(s.authors[0]).approve_like_group(group)
    assert info.value.reason == "like_group_not_pending"
    with pytest.raises(NotAllowed):
        client.as_user(s.authors[0])._rows("select public.expire_like_groups()")
    assert client.as_service().expire_like_groups() == 1
    assert status_of(db, group) == "expired"
    assert client.as_service().expire_like_groups() == 0


def test_no_rpc_acts_on_an_overdue_group(db: Db, client: Client) -> None:
    """LGR-08: before expire_like_groups() marks it, an overdue group is expired to every RPC:
    nobody joins, leaves, is removed, withdraws or approves, and nothing is written."""
    s = db.event_scene(1, 2)
    me, friend = client.as_user(s.group_creator), client.as_user(s.friends[0])
    group = me.create_like_group(s.event, [s.friends[0]])
    db.start(s.event)
    calls: list[Callable[[], object]] = [
        lambda: me.add_like_group_member(group, s.friends[1]),
        lambda: me.remove_like_group_member(group, s.friends[0]),
        lambda: friend.leave_like_group(group),
        lambda: me.leave_like_group(group),
        lambda: me.withdraw_like_group(group),
        lambda: client.as_user(s.authors[0]).approve_like_group(group, False),
    ]
    for call in calls:
        with pytest.raises(WrongState) as info:
            call()
        assert info.value.reason == "like_group_not_pending"
    assert status_of(db, group) == "pending"  # not yet marked expired
    assert db.one("select count(*) from public.like_group_members") == 2
    assert db.one("select count(*) from public.like_group_approvals") == 0


def test_expiry_after_24_hours_frees_the_members(db: Db, client: Client) -> None:
    """LGR-08: a group older than 24 hours is expired; its members may make a new group."""
    s = db.event_scene(1, 1)
    old = db.overdue_group(s.event, [s.group_creator, s.friends[0]])
    group = client.as_user(s.friends[0]).create_like_group(s.event, [s.group_creator])
    assert status_of(db, old) == "expired"
    assert status_of(db, group) == "pending"


def test_expire_like_groups_frees_the_members(db: Db, client: Client) -> None:
    """LGR-08, LGR-01: a group expired by expire_like_groups() holds its members no more."""
    s = db.event_scene(1, 1)
    old = db.overdue_group(s.event, [s.group_creator, s.friends[0]])
    assert client.as_service().expire_like_groups() == 1
    assert status_of(db, old) == "expired"
    group = client.as_user(s.friends[0]).create_like_group(s.event, [s.group_creator])
    assert status_of(db, group) == "pending"


def test_an_overdue_group_does_not_block_being_added(db: Db, client: Client) -> None:
    """LGR-08: a friend whose earlier group for the event is overdue but not yet marked expired
    can be added to a new group; the overdue group is expired on the way."""
    s = db.event_scene(1, 1)
    friend = s.friends[0]
    old = db.overdue_group(s.event, [friend])
    group = db.like_group(s.group_creator, s.event)
    client.as_user(s.group_creator).add_like_group_member(group, friend)
    assert status_of(db, old) == "expired"
    rows = db.admin.execute(
        "select user_id from public.like_group_members where group_id = %s", (group,)
    ).fetchall()
    assert {r[0] for r in rows} == {s.group_creator, friend}


def test_a_new_group_leaves_other_overdue_groups_alone(db: Db, client: Client) -> None:
    """LGR-08: making a group expires only the overdue groups holding one of the new members;
    it neither reads nor waits for the event's other groups (expire_like_groups() expires
    them)."""
    s = db.event_scene(1, 0)
    other = db.new_user("other")
    stale = db.overdue_group(s.event, [other])
    with ThreadPoolExecutor(1) as pool, db.as_service() as holder:
        # Another transaction holds the unrelated overdue group while someone makes a group.
        holder.execute("select from public.like_groups where id = %s for update", (stale,))
        created = pool.submit(client.as_user(s.group_creator).create_like_group, s.event)
        group = created.result(timeout=5)
    assert status_of(db, group) == "pending"
    assert status_of(db, stale) == "pending"  # overdue, left for expire_like_groups()
    assert client.as_service().expire_like_groups() == 1


def test_visibility(db: Db, client: Client) -> None:
    """LGR-10: members and the event's authors see the group, members and approvals; nobody
    else."""
    s = db.event_scene(2, 1)
    other = db.event_scene(1, 0)
    group = db.like_group(s.group_creator, s.event, s.friends)
    client.as_user(s.authors[1]).approve_like_group(group)
    for who in (s.group_creator, s.friends[0], *s.authors):
        view = client.as_user(who).like_group(group)
        assert view is not None and len(view.members) == 2 and len(view.approvals) == 1
    for who in (other.group_creator, other.authors[0]):
        assert client.as_user(who).like_group(group) is None
        with db.as_user(who) as conn:
            for table in ("like_groups", "like_group_members", "like_group_approvals"):
                assert conn.execute(f"select count(*) from public.{table}").fetchone() == (0,)
    assert client.as_user(s.authors[0]).pending_like_groups(s.event) == [group]


def test_no_direct_writes(db: Db, client: Client) -> None:
    """LGR-10: API users write like-group tables only through the RPCs."""
    s = db.event_scene(1, 1)
    group = db.like_group(s.group_creator, s.event, s.friends)
    for statement, params in (
        ("insert into public.like_groups (event_id, creator_id) values (%s, %s)",
         (s.event, s.group_creator)),
        ("update public.like_groups set status = 'approved'", ()),
        ("delete from public.like_group_members", ()),
        ("insert into public.like_group_approvals (group_id, author_id, approved)"
         " values (%s, %s, true)", (group, s.authors[0])),
    ):
        for who in (s.group_creator, s.authors[0]):
            with pytest.raises(psycopg.errors.InsufficientPrivilege), db.as_user(who) as conn:
                conn.execute(statement.encode(), params)
    assert status_of(db, group) == "pending"


def test_new_author_joins_approved_chats(db: Db, client: Client) -> None:
    """CHT-02: an approved group's chat follows the event's authors."""
    s = db.event_scene(1, 1)
    late = db.new_user("late")
    db.befriend(s.authors[0], late)
    group = db.like_group(s.group_creator, s.event, s.friends)
    client.as_user(s.authors[0]).approve_like_group(group)
    client.as_user(s.authors[0]).add_event_author(s.event, late)
    assert late not in participants(db, group)  # invited is not yet an author (EVT-08)
    client.as_user(late).respond_event_author_invitation(s.event, accept=True)
    assert late in participants(db, group)
    client.as_user(s.authors[0]).remove_event_author(s.event, late)
    assert late not in participants(db, group)
    db.befriend(s.authors[0], s.group_creator)
    with pytest.raises(WrongState) as info:
        client.as_user(s.authors[0]).add_event_author(s.event, s.group_creator)
    assert info.value.reason == "event_applicant_cannot_author"


def creator_read_by(db: Db, reader: UUID, group: UUID) -> list[UUID | None]:
    """The creator_id of the group, as ``reader`` reads it (nothing when they read no group)."""
    with db.as_user(reader) as conn:
        rows = conn.execute("select creator_id from public.like_groups where id = %s",
                            (group,)).fetchall()
    return [r[0] for r in rows]


def exists(db: Db, group: UUID) -> bool:
    found: bool = db.one("select exists (select from public.like_groups where id = %s)", (group,))
    return found


def test_a_creator_who_blocks_an_author_withdraws_their_application(
    db: Db, client: Client
) -> None:
    """LGR-12: a pending group whose creator blocks an author of its event is withdrawn; the
    author never reads it naming the user who blocked them."""
    s = db.event_scene(2, 1)
    group = db.like_group(s.group_creator, s.event, s.friends)
    client.as_user(s.group_creator).block_user(s.authors[1])
    assert not exists(db, group)
    assert creator_read_by(db, s.authors[1], group) == []


def test_a_creator_never_applies_to_an_author_they_blocked(db: Db, client: Client) -> None:
    """LGR-12, BLK-03: applying to an event one of whose authors the caller blocked is refused
    (42501 user_blocked). An author who blocked the caller is hidden from them and knows them:
    the caller's group is made, and they learn nothing of the authorship."""
    s = db.event_scene(3, 1)
    creator = client.as_user(s.group_creator)
    creator.block_user(s.authors[1])
    assert refusal(lambda: creator.create_like_group(s.event, member_ids=s.friends))[:2] == (
        "42501", "user_blocked")
    creator.unblock_user(s.authors[1])
    client.as_user(s.authors[2]).block_user(s.group_creator)
    group = creator.create_like_group(s.event, member_ids=s.friends)
    assert creator_read_by(db, s.authors[2], group) == [s.group_creator]


def test_a_new_author_the_creator_blocked_withdraws_the_application(
    db: Db, client: Client
) -> None:
    """LGR-12: when the event gains an author whom a pending group's creator blocked, the
    application is withdrawn, and the new author's acceptance goes through as any other."""
    s = db.event_scene(1, 1)
    late = db.new_user("late")
    db.befriend(s.authors[0], late)
    group = db.like_group(s.group_creator, s.event, s.friends)
    client.as_user(s.group_creator).block_user(late)
    client.as_user(s.authors[0]).add_event_author(s.event, late)
    client.as_user(late).respond_event_author_invitation(s.event, accept=True)
    assert not exists(db, group)


@pytest.mark.parametrize("reader", ["member", "author", "new author"])
@pytest.mark.parametrize("decision", ["approved", "rejected"])
def test_a_decided_group_passes_from_a_creator_who_blocks_a_reader(
    db: Db, client: Client, reader: str, decision: str
) -> None:
    """LGR-12, LGR-11: a decided group whose creator blocks one of its members or its event's
    authors, or whose event gains an author the creator blocked, passes to the next member
    in line; the creator stays a member, and the reader never reads them as its creator."""
    s = db.event_scene(1, 2)
    late = db.new_user("late")
    db.befriend(s.authors[0], late)
    group = db.like_group(s.group_creator, s.event, s.friends)
    assert db.approve(group, s.authors[0], approved=decision == "approved") == decision
    blocked = {"member": s.friends[1], "author": s.authors[0], "new author": late}[reader]
    client.as_user(s.group_creator).block_user(blocked)
    if reader == "new author":
        client.as_user(s.authors[0]).add_event_author(s.event, late)
        client.as_user(late).respond_event_author_invitation(s.event, accept=True)
    heir = db.one("select user_id from public.like_group_members where group_id = %s"
                  " and user_id <> %s order by created_at, user_id limit 1",
                  (group, s.group_creator))
    assert db.one("select creator_id from public.like_groups where id = %s", (group,)) == heir
    assert creator_read_by(db, blocked, group) == [heir]
    assert db.one("select count(*) from public.like_group_members where group_id = %s"
                  " and user_id = %s", (group, s.group_creator)) == 1
    assert status_of(db, group) == decision


@pytest.mark.parametrize("how", ["block", "new author"])
def test_a_decided_group_no_member_may_take_passes_to_nobody(
    db: Db, client: Client, how: str
) -> None:
    """LGR-12, BLK-01: a creator who applied alone, was rejected and blocks an author (or whose
    event gains an author they blocked) leaves the group with no creator: the block, and the
    new author's acceptance, go through."""
    s = db.event_scene(1, 0)
    late = db.new_user("late")
    db.befriend(s.authors[0], late)
    group = db.like_group(s.group_creator, s.event)
    assert db.approve(group, s.authors[0], approved=False) == "rejected"
    blocked = s.authors[0] if how == "block" else late
    client.as_user(s.group_creator).block_user(blocked)
    if how == "new author":
        client.as_user(s.authors[0]).add_event_author(s.event, late)
        client.as_user(late).respond_event_author_invitation(s.event, accept=True)
    assert creator_read_by(db, blocked, group) == [None]


def test_an_author_who_lifts_a_block_the_creator_returns_is_not_named_it(
    db: Db, client: Client
) -> None:
    """LGR-12, BLK-03: an author blocked a group's creator, who then blocked them back (as two
    blocks at the same instant, or service_role, may make): the author knew them, and the group
    stays. When the author lifts their block, the creator's block hides the creator from them
    again, and their application is withdrawn."""
    s = db.event_scene(2, 1)
    client.as_user(s.authors[1]).block_user(s.group_creator)
    group = db.like_group(s.group_creator, s.event, s.friends)
    db.admin.execute("insert into public.blocks (blocker_id, blocked_id) values (%s, %s)",
                     (s.group_creator, s.authors[1]))
    assert status_of(db, group) == "pending"
    client.as_user(s.authors[1]).unblock_user(s.group_creator)
    assert not exists(db, group)


def test_a_creator_who_blocked_an_author_is_refused_whoever_writes(db: Db) -> None:
    """LGR-12: service_role writing the tables directly cannot make a group whose creator
    blocked an author of its event (42501 user_blocked)."""
    s = db.event_scene(2, 0)
    db.rpc(s.group_creator, "select public.block_user(%s)", s.authors[1])
    with pytest.raises(psycopg.Error) as info, db.as_service() as conn:
        conn.execute("""
            with g as (insert into public.like_groups (event_id, creator_id)
                       values (%s, %s) returning id)
            insert into public.like_group_members (group_id, user_id, event_id)
            select g.id, %s, %s from g""",
                     (s.event, s.group_creator, s.group_creator, s.event))
    assert info.value.diag.message_detail == "user_blocked"


@pytest.mark.parametrize("blocker", ["event creator", "member"])
def test_no_member_joins_an_author_in_a_block_with_them(
    db: Db, client: Client, blocker: str
) -> None:
    """LGR-13, BLK-03: a friend in a block with an author of the event, either way round, is
    not put in a group applying to it, at its making or later: the creator is told 42501
    blocked_pair and never who blocked whom. So a member never reads a group for an event its
    creator's block hides from them."""
    s = db.event_scene(1, 2)
    if blocker == "event creator":
        client.as_user(s.authors[0]).block_user(s.friends[0])
    else:
        client.as_user(s.friends[0]).block_user(s.authors[0])
    creator = client.as_user(s.group_creator)
    assert refusal(lambda: creator.create_like_group(s.event, member_ids=s.friends))[:2] == (
        "42501", "blocked_pair")
    group = creator.create_like_group(s.event, member_ids=s.friends[1:])
    assert refusal(lambda: creator.add_like_group_member(group, s.friends[0]))[:2] == (
        "42501", "blocked_pair")


def test_an_author_hidden_from_the_creator_is_nobody_to_their_members(
    db: Db, client: Client
) -> None:
    """LGR-13, BLK-03: an author who blocked the group's creator, and a friend of theirs, is
    hidden from the creator: the creator applies with that friend as with anyone, and learns
    nothing of the block."""
    s = db.event_scene(2, 1)
    client.as_user(s.authors[1]).block_user(s.friends[0])
    client.as_user(s.authors[1]).block_user(s.group_creator)
    group = client.as_user(s.group_creator).create_like_group(s.event, member_ids=s.friends)
    assert members(db, group) == {s.group_creator, s.friends[0]}


@pytest.mark.parametrize("how", ["member blocks", "author blocks", "new author"])
def test_a_member_in_a_block_with_an_author_leaves_the_pending_group(
    db: Db, client: Client, how: str
) -> None:
    """LGR-13: a block between a pending group's member (not its creator) and an author of its
    event, or the event gaining an author in a block with that member, takes the member out."""
    s = db.event_scene(1, 2)
    late = db.new_user("late")
    db.befriend(s.authors[0], late)
    group = db.like_group(s.group_creator, s.event, s.friends)
    author = late if how == "new author" else s.authors[0]
    if how == "author blocks":
        client.as_user(author).block_user(s.friends[0])
    else:
        client.as_user(s.friends[0]).block_user(author)
    if how == "new author":
        client.as_user(s.authors[0]).add_event_author(s.event, late)
        client.as_user(late).respond_event_author_invitation(s.event, accept=True)
    assert members(db, group) == {s.group_creator, s.friends[1]}
    assert status_of(db, group) == "pending"


def test_an_application_takes_no_lock_per_member_and_author(db: Db) -> None:
    """LGR-13, EVT-11: a group of ten applying to an event with 20 authors waits for its members'
    blocks in flight with a lock per member, not one per member and author (200 more than the
    rest of the application takes): the shared lock table holds a few thousand for the whole
    server."""
    s = db.event_scene(1, 9)
    db.admin.execute("""
        insert into public.event_authors (event_id, user_id)
        select %s, tests.create_user('host ' || i) from generate_series(1, 19) i""",
                     (s.event,))
    with db.as_user(s.group_creator) as conn:
        conn.execute("select public.create_like_group(%s, %s::uuid[])", (s.event, s.friends))
        locks = conn.execute("select count(*) from pg_locks where locktype = 'advisory'"
                             " and pid = pg_backend_pid()").fetchone()
    assert locks is not None and locks[0] < 150, locks


def test_a_new_author_takes_no_lock_per_past_application(db: Db) -> None:
    """LGR-12: joining an event's authors waits for blocks in flight with one lock, not one per
    user who ever applied to it: an event with a thousand past applications takes a new author
    as a fresh one does, with a handful of advisory locks."""
    s = db.event_scene(1, 0)
    late = db.new_user("late")
    db.befriend(s.authors[0], late)
    db.admin.execute("""
        with u as (select tests.create_user('applicant ' || i) as id
                   from generate_series(1, 1000) i),
             g as (insert into public.like_groups (event_id, creator_id)
                   select %s, u.id from u returning id, creator_id)
        insert into public.like_group_members (group_id, user_id, event_id)
        select g.id, g.creator_id, %s from g""", (s.event, s.event))
    db.admin.execute("update public.like_groups set status = 'expired' where event_id = %s",
                     (s.event,))
    db.rpc(s.authors[0], "select public.add_event_author(%s, %s)", s.event, late)
    with db.as_user(late) as conn:
        conn.execute("select public.respond_event_author_invitation(%s, true)", (s.event,))
        locks = conn.execute("select count(*) from pg_locks where locktype = 'advisory'"
                             " and pid = pg_backend_pid()").fetchone()
    assert locks is not None and locks[0] < 10, locks


# Races ---------------------------------------------------------------------------------------

def test_adding_a_stranger_holds_none_of_their_groups(db: Db, client: Client) -> None:
    """LGR-13, SEC-11: a creator naming a stranger in add_like_group_member, while the call
    waits, holds no row of the stranger's own group: the stranger's friend leaves that group
    meanwhile."""
    s = db.event_scene(1, 1)
    stranger, friend = db.users("stranger", "friend")
    db.befriend(friend, stranger)
    mine = db.like_group(s.group_creator, s.event, s.friends)
    theirs = db.like_group(friend, s.event, [stranger])
    with ThreadPoolExecutor(2) as pool, db.admin.transaction():
        db.admin.execute("select kithdb.lock_pair(%s, %s, true)", (s.group_creator, stranger))
        adding = pool.submit(db.outcome, s.group_creator,
                             "select public.add_like_group_member(%s, %s)", mine, stranger)
        time.sleep(0.5)
        leaving = pool.submit(db.outcome, friend, "select public.leave_like_group(%s)", theirs)
        assert leaving.result(timeout=5) == "ok"
        assert not adding.done()
    assert adding.result(timeout=20) == "42501 member_not_friend"


def test_a_refused_application_takes_no_strangers_lock(db: Db, client: Client) -> None:
    """LGR-13, SEC-11: an application naming strangers, waiting for the event's applications
    lock, holds no lock of theirs: a stranger's block goes through meanwhile."""
    s = db.event_scene(1, 0)
    mallory, victim, other = db.users("mallory", "victim", "other")
    with ThreadPoolExecutor(2) as pool, db.admin.transaction():
        db.admin.execute("select kithdb.lock_event_applications(%s, true)", (s.event,))
        applying = pool.submit(db.outcome, mallory,
                               "select public.create_like_group(%s, %s::uuid[])",
                               s.event, [victim])
        time.sleep(0.5)
        blocking = pool.submit(db.outcome, victim, "select public.block_user(%s)", other)
        assert blocking.result(timeout=5) == "ok"
        assert not applying.done()
    assert applying.result(timeout=20) == "42501 member_not_friend"


def test_a_new_author_waits_for_the_lifting_of_a_block(db: Db, client: Client) -> None:
    """LGR-12, BLK-06: an author-to-be lifting their block of a creator who blocked them back
    while accepting the authorship in another request: the acceptance waits for the lifting,
    and the creator's application is withdrawn as if the two had come one after the other."""
    s = db.event_scene(1, 1)
    rex = db.new_user("rex")
    db.befriend(s.authors[0], rex)
    client.as_user(rex).block_user(s.group_creator)
    group = db.like_group(s.group_creator, s.event, s.friends)
    db.admin.execute("insert into public.blocks (blocker_id, blocked_id) values (%s, %s)",
                     (s.group_creator, rex))
    db.rpc(s.authors[0], "select public.add_event_author(%s, %s)", s.event, rex)
    with ThreadPoolExecutor(1) as pool:
        with db.as_user(rex) as conn:
            conn.execute("select public.unblock_user(%s)", (s.group_creator,))
            joining = pool.submit(db.outcome, rex,
                                  "select public.respond_event_author_invitation(%s, true)",
                                  s.event)
            time.sleep(0.5)
            assert not joining.done(), "the acceptance did not wait for the lifting"
        assert joining.result(timeout=20) == "ok"
    assert not exists(db, group)


def test_an_heir_is_chosen_after_their_block_in_flight(db: Db, client: Client) -> None:
    """LGR-12, LGR-11: a creator passing an approved group (by blocking an author) while the
    member first in line blocks another member: the passing waits for that block, and the
    group goes to the next member, who blocked nobody."""
    s = db.event_scene(1, 2)
    group = db.like_group(s.group_creator, s.event, s.friends)
    assert db.approve(group, s.authors[0]) == "approved"
    first, second = sorted(s.friends, key=str)
    with ThreadPoolExecutor(1) as pool:
        with db.as_user(first) as conn:
            conn.execute("select public.block_user(%s)", (second,))
            passing = pool.submit(db.outcome, s.group_creator,
                                  "select public.block_user(%s)", s.authors[0])
            time.sleep(0.5)
            assert not passing.done(), "the passing did not wait for the heir's block"
        assert passing.result(timeout=20) == "ok"
    assert db.one("select creator_id from public.like_groups where id = %s", (group,)) == second


def test_a_new_author_a_block_and_an_application_in_flight_do_not_deadlock(
    db: Db, client: Client
) -> None:
    """LGR-12, BLK-06, BLK-02: an application in flight, an invitee accepting (who waits for it
    before they lock anything else) and the former author who invited them blocking them: the
    block waits for nothing and withdraws the invitation, and the acceptance then answers as
    for a withdrawn one; nothing deadlocks."""
    s = db.event_scene(2, 0)
    mem = db.new_user("mem")
    db.befriend(s.authors[0], mem)
    db.befriend(s.authors[1], mem)
    db.rpc(s.authors[1], "select public.add_event_author(%s, %s)", s.event, mem)
    db.rpc(s.authors[1], "select public.remove_event_author(%s, %s)", s.event, s.authors[1])
    with ThreadPoolExecutor(2) as pool:
        with db.as_user(s.group_creator) as conn:
            conn.execute("select public.create_like_group(%s, '{}')", (s.event,))
            joining = pool.submit(db.outcome, mem,
                                  "select public.respond_event_author_invitation(%s, true)",
                                  s.event)
            time.sleep(0.5)
            blocking = pool.submit(db.outcome, s.authors[1], "select public.block_user(%s)", mem)
            assert blocking.result(timeout=20) == "ok"
            assert not joining.done(), "the acceptance did not wait for the application"
        assert joining.result(timeout=20) == "PT404 event_author_invitation_not_found"


@pytest.mark.parametrize("in_flight", ["block", "application"])
def test_a_new_author_waits_for_a_block_or_an_application_in_flight(
    db: Db, in_flight: str
) -> None:
    """LGR-12: an author joining the event while its group's creator blocks them, or while a
    creator who blocked them applies, waits for that write; committed first, the application
    is withdrawn as if it had come before."""
    s = db.event_scene(1, 1)
    late = db.new_user("late")
    db.befriend(s.authors[0], late)
    db.rpc(s.authors[0], "select public.add_event_author(%s, %s)", s.event, late)
    group = db.like_group(s.group_creator, s.event, s.friends) if in_flight == "block" else None
    if in_flight == "application":
        db.rpc(s.group_creator, "select public.block_user(%s)", late)
    with ThreadPoolExecutor(1) as pool:
        with db.as_user(s.group_creator) as conn:
            if in_flight == "block":
                conn.execute("select public.block_user(%s)", (late,))
            else:
                group = conn.execute("select public.create_like_group(%s, %s::uuid[])",
                                     (s.event, s.friends)).fetchone()[0]  # type: ignore[index]
            joining = pool.submit(db.outcome, late,
                                  "select public.respond_event_author_invitation(%s, true)",
                                  s.event)
            time.sleep(0.5)
            assert not joining.done(), f"the new author did not wait for the {in_flight}"
        assert joining.result(timeout=20) == "ok"
    assert group is not None and not exists(db, group)


def test_two_blocks_touching_the_same_groups_do_not_deadlock(db: Db) -> None:
    """BLK-02, BLK-04, NTF-03, BLK-06: cat blocks mia while dan blocks nat; each block changes
    both groups (one for cat's event, made by mia with dan and nat, which cat's block withdraws
    and dan's takes nat out of; one for dan's, made by nat with cat and mia, the other way
    round): each takes them in one order, so neither waits for the other while holding what it
    needs."""
    cat, dan, mia, nat = db.users("cat", "dan", "mia", "nat")
    db.befriend(mia, dan, nat)
    db.befriend(nat, cat)
    cats, dans = db.event(cat, "Cat's"), db.event(dan, "Dan's")
    first = db.like_group(mia, cats, [dan, nat])
    second = db.like_group(nat, dans, [cat, mia])
    with ThreadPoolExecutor(2) as pool:
        with db.as_service() as holder:
            # Holding the first group lines the two up: dan's block waits for it before any other
            # group's row; cat's takes the second group's and then waits for the first.
            holder.execute("select from public.like_groups where id = %s for update", (first,))
            dans_block = pool.submit(db.outcome, dan, "select public.block_user(%s)", nat)
            time.sleep(0.3)
            cats_block = pool.submit(db.outcome, cat, "select public.block_user(%s)", mia)
            time.sleep(0.3)
        assert (dans_block.result(timeout=20), cats_block.result(timeout=20)) == ("ok", "ok")
    members = {g: {r[0] for r in db.admin.execute(
        "select user_id from public.like_group_members where group_id = %s", (g,))}
        for g in (first, second)}
    assert members == {first: set(), second: set()}
    assert not exists(db, first) and not exists(db, second)


def test_a_creator_blocking_an_author_and_a_new_author_do_not_deadlock(db: Db) -> None:
    """BLK-02, LGR-07, BLK-06: ada blocks bob, an author of her event, while wes accepts its
    authorship: both change the event's authors and re-decide its pending group, and take the
    event's authors' lock before the group's row; nothing deadlocks."""
    ada, bob, wes, mia = db.users("ada", "bob", "wes", "mia")
    db.befriend(ada, bob, wes)
    event = db.event(ada, "Hers", authors=[bob])
    db.rpc(ada, "select public.add_event_author(%s, %s)", event, wes)
    group = db.like_group(mia, event)
    with ThreadPoolExecutor(2) as pool:
        with db.as_service() as holder:
            # Holding wes's invitation lines the two up: his acceptance waits for it holding the
            # event's authors' lock; ada's block comes meanwhile.
            holder.execute("select from public.event_author_invitations"
                           " where event_id = %s and user_id = %s for update", (event, wes))
            accepting = pool.submit(db.outcome, wes,
                                    "select public.respond_event_author_invitation(%s, true)",
                                    event)
            time.sleep(0.3)
            blocking = pool.submit(db.outcome, ada, "select public.block_user(%s)", bob)
            time.sleep(0.3)
        assert (accepting.result(timeout=20), blocking.result(timeout=20)) == ("ok", "ok")
    assert status_of(db, group) == "pending"
    assert {r[0] for r in db.admin.execute(
        "select user_id from public.event_authors where event_id = %s", (event,))} == {ada, wes}



def run_together(calls: list[Callable[[], object]]) -> list[object]:
    """Run the calls in real threads released at the same moment; return results or errors."""
    start = threading.Barrier(len(calls), timeout=20)

    def go(call: Callable[[], object]) -> object:
        start.wait()
        try:
            return call()
        except KithdbError as err:
            return err

    with ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(go, calls))


def test_friends_making_groups_with_a_shared_friend(db: Db, client: Client) -> None:
    """LGR-01: 8 friends make a group at once, each with the same friend → exactly one pending
    group."""
    s = db.event_scene(1, 0)
    shared = db.new_user("shared")
    creators = db.users(*(f"a{i}" for i in range(8)))
    for a in creators:
        db.befriend(a, shared)
    client.pool.resize(min_size=1, max_size=8)
    results = run_together(
        [partial(client.as_user(a).create_like_group, s.event, [shared]) for a in creators]
    )
    errors = [r for r in results if isinstance(r, KithdbError)]
    assert len(errors) == 7
    assert {(e.sqlstate, e.reason) for e in errors} == {("23505", "already_in_like_group")}
    assert db.one("select count(*) from public.like_groups") == 1
    assert db.one(
        "select count(*) from public.like_group_members where user_id = %s", (shared,)
    ) == 1


def test_all_authors_approving_at_once(db: Db, client: Client) -> None:
    """LGR-05, CHT-01: five authors approve at the same moment → one decision, one chat."""
    for _ in range(3):
        s = db.event_scene(5, 2)
        group = db.like_group(s.group_creator, s.event, s.friends)
        client.pool.resize(min_size=1, max_size=8)
        results = run_together(
            [partial(client.as_user(a).approve_like_group, group) for a in s.authors]
        )
        assert results.count(APPROVED) == 1
        assert results.count(PENDING) == 2
        assert [r.reason for r in results if isinstance(r, KithdbError)] == [
            "like_group_not_pending"
        ] * 2
        assert db.one("select count(*) from public.chats where like_group_id = %s", (group,)) == 1


def test_approve_racing_withdraw(db: Db, client: Client) -> None:
    """LGR-09: approve and withdraw at once → either approved with a chat, or gone."""
    for _ in range(5):
        s = db.event_scene(1, 1)
        group = db.like_group(s.group_creator, s.event, s.friends)
        approve, withdraw = run_together([
            partial(client.as_user(s.authors[0]).approve_like_group, group),
            partial(client.as_user(s.group_creator).withdraw_like_group, group),
        ])
        if approve == APPROVED:
            assert isinstance(withdraw, WrongState)
            assert db.chat_of(group) is not None
        else:
            assert isinstance(approve, NotFound) and withdraw is None
            assert db.one("select count(*) from public.like_groups where id = %s", (group,)) == 0
        assert db.one("select count(*) from public.chats c where not exists"
                      " (select from public.like_groups g where g.chat_id = c.id)") == 0


def test_approve_racing_expire_like_groups(db: Db, client: Client) -> None:
    """LGR-08, LGR-09: approval and expiry at once end in exactly one of the two."""
    for _ in range(5):
        s = db.event_scene(1, 0)
        group = db.like_group(s.group_creator, s.event)
        # Due in 50 ms: whichever runs first decides.
        db.admin.execute(
            "update public.events set starts_at = now() + interval '50 milliseconds'"
            " where id = %s", (s.event,),
        )
        approve, expired = run_together([
            partial(client.as_user(s.authors[0]).approve_like_group, group),
            client.as_service().expire_like_groups,
        ])
        final = status_of(db, group)
        assert final in ("approved", "expired")
        if final == "approved":
            assert approve == APPROVED and expired == 0 and db.chat_of(group) is not None
        else:
            # Only expire_like_groups() marks a group expired, and an overdue group refuses
            # every approval.
            assert isinstance(approve, WrongState) and expired == 1
            assert db.chat_of(group) is None


def test_becoming_author_racing_joining_a_group(db: Db, client: Client) -> None:
    """LGR-03: becoming an author and being added to a group at the same moment → never both."""
    for i in range(8):
        s = db.event_scene(1, 0)
        x = db.new_user(f"x{i}")
        db.befriend(s.authors[0], x)
        db.befriend(s.group_creator, x)
        client.as_user(s.authors[0]).add_event_author(s.event, x)
        author, member = run_together([
            partial(client.as_user(x).respond_event_author_invitation, s.event, accept=True),
            partial(client.as_user(s.group_creator).create_like_group, s.event, [x]),
        ])
        assert isinstance(author, KithdbError) or isinstance(member, KithdbError), (author, member)
        both = db.one(
            "select count(*) from public.like_group_members m join public.event_authors a"
            " on a.event_id = m.event_id and a.user_id = m.user_id"
        )
        assert both == 0


def test_author_added_while_a_group_is_being_approved(db: Db, client: Client) -> None:
    """CHT-02: an author added (or removed) while a group's approval is still in flight waits
    for it, then joins (or leaves) the chat the approval opened — never a chat without them."""
    s = db.event_scene(1, 0)
    late = db.new_user("late")
    db.befriend(s.authors[0], late)
    for change in ("add", "remove"):
        if change == "remove":  # late is an author now, from the first round
            s = EventScene(s.event, s.authors, db.new_user("group creator 2"), [])
        group = db.like_group(s.group_creator, s.event, [])
        creator = client.as_user(s.authors[0])
        if change == "add":
            creator.add_event_author(s.event, late)
            step = partial(client.as_user(late).respond_event_author_invitation, s.event,
                           accept=True)
        else:
            step = partial(creator.remove_event_author, s.event, late)
        with ThreadPoolExecutor(1) as pool:
            # The approval holds the group row until it commits; the author change runs meanwhile.
            with db.as_user(s.authors[0]) as conn:
                conn.execute("select public.approve_like_group(%s)", (group,))
                done = pool.submit(step)
                time.sleep(0.5)
                assert not done.done(), "the author change did not wait for the approval"
            done.result(timeout=20)
        assert (late in participants(db, group)) == (change == "add")


def test_a_member_leaves_an_approved_group_and_its_chat(db: Db, client: Client) -> None:
    """LGR-11, CHT-05: from an approved group a member leaves, its chat too; the group stays
    approved for the others; a creator who leaves passes it to the member who joined first, and
    the last member leaving leaves it with no creator; a rejected group keeps its members."""
    s = db.event_scene(1, 2)
    group = db.like_group(s.group_creator, s.event, s.friends)
    db.approve(group, s.authors[0])
    chat = db.chat_of(group)
    assert chat is not None
    client.as_user(s.friends[0]).send_message(chat, "hello")
    client.as_user(s.group_creator).leave_like_group(group)  # all joined at once: uuid order
    first, second = sorted(s.friends)
    assert db.admin.execute("select status::text, creator_id from public.like_groups"
                            " where id = %s", (group,)).fetchone() == ("approved", first)
    client.as_user(first).leave_like_group(group)
    assert members(db, group) == {second}
    assert set(participants(db, group)) == {second, s.authors[0]}
    assert client.as_user(first).messages(chat) == []  # out of the chat
    assert [m.body for m in client.as_user(second).messages(chat)] == ["hello"]
    client.as_user(second).leave_like_group(group)
    assert db.admin.execute("select status::text, creator_id from public.like_groups"
                            " where id = %s", (group,)).fetchone() == ("approved", None)
    assert set(participants(db, group)) == {s.authors[0]}

    other = db.event_scene(2, 1)
    rejected = db.like_group(other.group_creator, other.event, other.friends)
    db.approve(rejected, other.authors[0], approved=False)
    assert refusal(lambda: client.as_user(other.friends[0]).leave_like_group(rejected))[:2] == (
        "PT409", "like_group_not_pending")


def test_a_member_leaving_and_an_author_stepping_down_do_not_deadlock(db: Db) -> None:
    """LGR-11, CHT-02, NTF-09, DYN-03: a member leaving an approved group and an author of its
    event stepping down, at once: both leave the group's chat (its lock) and change who attends
    the event (its circles' lock), in the same order, so neither waits for the other while
    holding what the other waits for."""
    s = db.event_scene(2, 1)
    group = db.like_group(s.group_creator, s.event, s.friends)
    assert db.approve(group, *s.authors) == "approved"
    with ThreadPoolExecutor(2) as pool:
        with db.as_service() as conn:
            # The leave's and the step-down's syncs of the event's circles wait here.
            conn.execute("select pg_advisory_xact_lock(hashtextextended('event circles/' || %s,"
                         " 0))", (str(s.event),))
            leaving = pool.submit(db.outcome, s.friends[0],
                                  "select public.leave_like_group(%s)", group)
            db.await_waiting(1)
            stepping_down = pool.submit(db.outcome, s.authors[1],
                                        "select public.leave_event_authors(%s)", s.event)
            db.await_waiting(2)
        got = (leaving.result(timeout=20), stepping_down.result(timeout=20))
    assert got == ("ok", "ok")
    assert set(participants(db, group)) == {s.group_creator, s.authors[0]}


def test_a_participant_leaves_a_chat_for_good(db: Db, client: Client) -> None:
    """CHT-05: an author leaves a group's chat alone: they read and send nothing there, cannot
    undo it by table write, and are not added back when the authors change, nor by stepping
    down and accepting again; the others keep their messages; leaving twice answers as for a
    chat that does not exist."""
    s = db.event_scene(2, 1)
    group = db.like_group(s.group_creator, s.event, s.friends)
    db.approve(group, *s.authors)
    chat = db.chat_of(group)
    assert chat is not None
    author = client.as_user(s.authors[1])
    author.send_message(chat, "welcome")
    assert db.outcome(s.authors[1], "update public.chat_participants set left_at = null"
                      " where chat_id = %s", chat) == "22023 chat_left_required"
    author.leave_chat(chat)
    assert author.messages(chat) == []
    assert refusal(lambda: author.send_message(chat, "again"))[:2] == ("PT404", "chat_not_found")
    assert [m.body for m in client.as_user(s.group_creator).messages(chat)] == ["welcome"]
    assert s.authors[1] not in client.as_user(s.group_creator).chat_participants(chat)
    assert refusal(lambda: author.leave_chat(chat)) == refusal(
        lambda: author.leave_chat(UUID(int=9)))
    assert db.outcome(s.authors[1], "update public.chat_participants set left_at = null") == "ok"
    assert s.authors[1] not in participants(db, group)  # the update saw no row of theirs
    late = db.new_user("late")
    db.befriend(s.authors[0], late)
    client.as_user(s.authors[0]).add_event_author(s.event, late)
    client.as_user(late).respond_event_author_invitation(s.event, accept=True)
    assert participants(db, group) == {s.group_creator, *s.friends, s.authors[0], late}
    # Stepping down and accepting again does not undo the leaving either.
    author.leave_event_authors(s.event)
    client.as_user(s.authors[0]).add_event_author(s.event, s.authors[1])
    author.respond_event_author_invitation(s.event, accept=True)
    assert author.messages(chat) == []
    assert s.authors[1] not in participants(db, group)


def test_a_yes_counts_only_for_the_members_its_author_saw(db: Db, client: Client) -> None:
    """LGR-05, NTF-01: a member added to a pending group takes back the approvals it had, so a
    yes never counts for a member who joined after it; each author who had said yes finds the
    application new and unread in their inbox, to approve the group as it is. A member removed
    takes nothing back."""
    s = db.event_scene(2, 3)
    me = client.as_user(s.group_creator)
    group = me.create_like_group(s.event, s.friends[:1])
    for author in s.authors:
        client.as_user(author).mark_notifications_read()
    assert db.approve(group, s.authors[0]) == "pending"
    (before,) = client.as_user(s.authors[0]).notifications()
    me.add_like_group_member(group, s.friends[1])
    assert db.one("select count(*) from public.like_group_approvals") == 0
    (after,) = client.as_user(s.authors[0]).notifications()
    assert (str(after.kind), after.like_group_id, after.read_at) == (
        "like_group_applied", group, None)
    assert after.id != before.id
    assert client.as_user(s.authors[1]).unread_notification_count() == 0
    assert db.approve(group, s.authors[1]) == "pending"
    me.add_like_group_member(group, s.friends[2])
    assert db.approve(group, s.authors[1]) == "pending"
    assert me.remove_like_group_member(group, s.friends[2]) == PENDING
    assert db.approve(group, s.authors[0]) == "approved"
    assert db.one("select count(*) from public.like_group_members where group_id = %s",
                  (group,)) == 3


def test_an_approval_on_members_that_changed_since_is_refused(db: Db, client: Client) -> None:
    """LGR-05: an author who passes the members they read approves or rejects only that group:
    once a member was added or left since, the call is refused (PT409 like_group_changed) and
    nothing is recorded; the members as they are now, in any order, go through."""
    s = db.event_scene(2, 3)
    group = db.like_group(s.group_creator, s.event, s.friends[:2])
    author = client.as_user(s.authors[0])
    seen = author.like_group(group)
    assert seen is not None and set(seen.members) == {s.group_creator, *s.friends[:2]}
    client.as_user(s.group_creator).add_like_group_member(group, s.friends[2])
    for approved in (True, False):
        with pytest.raises(WrongState) as info:
            author.approve_like_group(group, approved, member_ids=seen.members)
        assert info.value.reason == "like_group_changed"
    assert db.one("select count(*) from public.like_group_approvals where group_id = %s",
                  (group,)) == 0
    now = author.like_group(group)
    assert now is not None
    assert author.approve_like_group(
        group, member_ids=[*reversed(now.members), now.members[0]]) == LikeGroupStatus.PENDING
    client.as_user(s.friends[2]).leave_like_group(group)
    with pytest.raises(WrongState) as info:
        client.as_user(s.authors[1]).approve_like_group(group, member_ids=now.members)
    assert info.value.reason == "like_group_changed"
    assert client.as_user(s.authors[1]).approve_like_group(
        group, member_ids=seen.members) == LikeGroupStatus.APPROVED


def test_the_members_an_author_reads_are_the_members_they_approve(
    db: Db, client: Client
) -> None:
    """LGR-05, BLK-03: a member hidden from the author (who blocked the author, in a group whose
    creator the author blocked) is not asked of them: the members the author reads go through
    (the decision still counts the hidden member: a known gap), and the list is checked like any
    argument, a list of lists read as its elements."""
    s = db.event_scene(2, 1)
    client.as_user(s.authors[1]).block_user(s.group_creator)
    client.as_user(s.friends[0]).block_user(s.authors[1])
    group = client.as_user(s.group_creator).create_like_group(s.event, member_ids=s.friends)
    author = client.as_user(s.authors[1])
    seen = author.like_group(group)
    assert seen is not None and seen.members == (s.group_creator,)
    assert author.approve_like_group(group, member_ids=seen.members) == LikeGroupStatus.PENDING
    for bad, reason in (([s.group_creator, None], "missing_user_id"),
                        ([s.group_creator] * 101, "too_many_members")):
        with pytest.raises(InvalidInput) as wrong:
            author._scalar("select public.approve_like_group(%s, true, %s::uuid[])",
                           (group, bad))
        assert wrong.value.reason == reason
    # A list of lists is read as its elements, as everywhere an array is passed.
    assert author._scalar("select public.approve_like_group(%s, true, array[array[%s, %s]])",
                          (group, s.group_creator, s.group_creator)) == "pending"
    other = db.event(s.authors[0], "Other")
    nested = db.rpc(s.group_creator, "select public.create_like_group(%s, array[array[%s]])",
                    other, s.friends[0])
    assert members(db, nested) == {s.group_creator, s.friends[0]}




def test_a_request_that_waited_past_the_start_acts_as_of_when_it_began(db: Db) -> None:
    """LGR-01, LGR-08: every check of a like-group request reads one time, its start: a deciding
    approval that began before the event's start and waited past it for the group (another
    author's approval in flight) approves the group as of when it began, its decision time before
    the start, never half of it (a vote in an expired group)."""
    s = db.event_scene(2, 1)
    soon = db.event(s.authors[0], "Soon", authors=[s.authors[1]],
                    starts_in=timedelta(seconds=1))
    group = db.like_group(s.group_creator, soon, s.friends)
    with ThreadPoolExecutor(1) as pool:
        with db.as_user(s.authors[0]) as first:
            first.execute("select public.approve_like_group(%s)", (group,))
            deciding = pool.submit(db.outcome, s.authors[1],
                                   "select public.approve_like_group(%s)", group)
            db.await_waiting(1, unless_done=[deciding])
            time.sleep(1.2)
        assert deciding.result(timeout=20) == "ok"
    assert db.one("select g.status::text = 'approved' and g.decided_at < e.starts_at"
                  " from public.like_groups g join public.events e on e.id = g.event_id"
                  " where g.id = %s", (group,))
    assert db.chat_of(group) is not None


# Each group step, as (who calls it, its statement): the scene's first author, its group
# creator, or its first friend; {group} and {other} (the scene's third friend) filled in.
STEPS_ON_A_GROUP = {
    "approve": ("author", "select public.approve_like_group({group}, true, array[{members}])"),
    "add member": ("creator", "select public.add_like_group_member({group}, {other})"),
    "remove member": ("creator", "select public.remove_like_group_member({group}, {member})"),
    "leave": ("member", "select public.leave_like_group({group})"),
    "withdraw": ("creator", "select public.withdraw_like_group({group})"),
}


@pytest.mark.parametrize("step", STEPS_ON_A_GROUP)
def test_a_group_step_is_taken_only_under_read_committed(db: Db, client: Client,
                                                         step: str) -> None:
    """LGR-05, LGR-07: a step on a like group decides on what its transaction reads. Under
    REPEATABLE READ a member added after its snapshot would be approved unseen, and a removal
    would leave a group pending whose threshold another author's yes had met: each step is
    refused (25001 read_committed_required), and the group and its rows stay as they were."""
    s = db.event_scene(2, 3)
    group = db.like_group(s.group_creator, s.event, s.friends[:2])
    caller, statement = STEPS_ON_A_GROUP[step]
    who = {"author": s.authors[0], "creator": s.group_creator, "member": s.friends[0]}[caller]
    members = ", ".join(f"'{u}'::uuid" for u in (s.group_creator, *s.friends[:2]))
    sql = statement.format(group=f"'{group}'", other=f"'{s.friends[2]}'",
                           member=f"'{s.friends[1]}'", members=members)

    def state() -> tuple[object, ...]:
        return db.admin.execute(
            "select g.status::text,"
            " array(select m.user_id from public.like_group_members m where m.group_id = g.id"
            "       order by m.user_id),"
            " (select count(*) from public.like_group_approvals a where a.group_id = g.id)"
            " from public.like_groups g where g.id = %s", (group,)).fetchone() or ()

    before = state()
    conn = db.connect()
    try:
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        with pytest.raises(psycopg.Error) as info, request(conn, Role.AUTHENTICATED, who):
            conn.execute(sql.encode())
        assert (info.value.sqlstate, info.value.diag.message_detail) == (
            "25001", "read_committed_required")
    finally:
        conn.close()
    assert state() == before
