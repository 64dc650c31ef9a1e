"""Events and their authors through PostgREST-shaped sessions."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from uuid import UUID

import psycopg
import pytest

from kithdb import (
    Client,
    Conflict,
    EventStatus,
    InvalidInput,
    KithdbError,
    NotAllowed,
    NotFound,
    NotificationKind,
    WrongState,
)
from kithdb.errors import from_psycopg
from kithdb.session import Role, request
from tests.conftest import Db, refusal

SOON = datetime.now(UTC) + timedelta(days=7)


def authors_of(db: Db, event: UUID) -> set[UUID]:
    rows = db.admin.execute(
        "select user_id from public.event_authors where event_id = %s", (event,)
    ).fetchall()
    return {r[0] for r in rows}


@pytest.fixture
def party(db: Db) -> dict[str, UUID]:
    """creator's event 'Party' a week away; author is the creator's friend and its second
    author; friend is the creator's friend and no author; stranger knows nobody."""
    creator, author, friend, stranger = db.users("creator", "author", "friend", "stranger")
    db.befriend(creator, author, friend)
    event = db.event(creator, "Party", authors=[author])
    return {"creator": creator, "author": author, "friend": friend, "stranger": stranger,
            "event": event}


def test_create_event_makes_creator_author(db: Db, client: Client) -> None:
    """EVT-01: the creator is the first author; the title is trimmed."""
    creator = db.new_user("creator")
    event = client.as_user(creator).create_event("  Picnic ", SOON, None, "Bring food")
    got = client.as_user(creator).event(event)
    assert got is not None and (got.title, got.creator_id, got.description) == (
        "Picnic", creator, "Bring food"
    )
    assert client.as_user(creator).event_authors(event) == [creator]


def test_a_blank_title_is_refused_by_a_table_write_too(db: Db) -> None:
    """EVT-01: a title of white space and invisible characters only is blank, also to the
    table's check."""
    creator = db.new_user("creator")
    event = db.event(creator, "E")
    with pytest.raises(psycopg.Error) as raw, db.as_user(creator) as conn:
        conn.execute("update public.events set title = %s where id = %s", ("\t\ufeff", event))
    err = from_psycopg(raw.value)
    assert (err.sqlstate, err.reason) == ("23514", "events_title_not_blank")


@pytest.mark.parametrize(
    ("title", "starts", "ends", "description", "reason"),
    [
        ("  ", SOON, None, None, "event_title_required"),
        ("\n\u00a0\ufeff", SOON, None, None, "event_title_required"),
        (None, SOON, None, None, "event_title_required"),
        ("t" * 121, SOON, None, None, "event_title_too_long"),
        ("ok", SOON, None, "d" * 2001, "event_description_too_long"),
        ("ok", SOON, SOON, None, "event_ends_before_start"),
        ("ok", None, None, None, "missing_starts_at"),
    ],
)
def test_create_event_rejects_bad_input(
    db: Db, client: Client, title: str, starts: datetime, ends: datetime | None,
    description: str | None, reason: str,
) -> None:
    """EVT-01: invalid input is 22023 with a reason; nothing is written."""
    creator = db.new_user("creator")
    with pytest.raises(InvalidInput) as info:
        client.as_user(creator).create_event(title, starts, ends, description)
    assert (info.value.sqlstate, info.value.reason) == ("22023", reason)
    assert db.one("select count(*) from public.events") == 0


def test_authors_add_and_remove_authors(db: Db, client: Client, party: dict[str, UUID]) -> None:
    """EVT-02, EVT-08: authors invite friends of the creator, who become authors by accepting; an
    author other than the creator can invite the creator's friend."""
    p = party
    assert authors_of(db, p["event"]) == {p["creator"], p["author"]}
    client.as_user(p["author"]).add_event_author(p["event"], p["friend"])  # the creator's friend
    assert authors_of(db, p["event"]) == {p["creator"], p["author"]}  # invited, not yet (EVT-08)
    client.as_user(p["friend"]).respond_event_author_invitation(p["event"], accept=True)
    assert authors_of(db, p["event"]) == {p["creator"], p["author"], p["friend"]}
    client.as_user(p["friend"]).remove_event_author(p["event"], p["author"])
    assert authors_of(db, p["event"]) == {p["creator"], p["friend"]}


def test_author_rules(db: Db, client: Client, party: dict[str, UUID]) -> None:
    """EVT-02, EVT-03: every author rule refused with its SQLSTATE and reason."""
    p = party
    creator, stranger = client.as_user(p["creator"]), client.as_user(p["stranger"])
    cases: list[tuple[Callable[[], None], type[KithdbError], str]] = [
        (lambda: stranger.add_event_author(p["event"], p["friend"]), NotAllowed,
         "not_event_author"),
        (lambda: creator.add_event_author(p["event"], p["stranger"]), NotAllowed,
         "author_not_friend_of_creator"),
        (lambda: creator.add_event_author(p["event"], p["author"]), Conflict,
         "already_event_author"),
        (lambda: creator.add_event_author(p["event"], UUID(int=3)), NotFound, "user_not_found"),
        (lambda: creator.add_event_author(UUID(int=3), p["friend"]), NotFound, "event_not_found"),
        (lambda: creator.add_event_author(None, p["friend"]), InvalidInput, "missing_event_id"),  # type: ignore[arg-type]
        (lambda: creator.remove_event_author(p["event"], p["friend"]), NotFound,
         "event_author_not_found"),
        (lambda: client.as_user(p["author"]).remove_event_author(p["event"], p["creator"]),
         WrongState, "cannot_remove_event_creator"),
        (lambda: stranger.remove_event_author(p["event"], p["author"]), NotAllowed,
         "not_event_author"),
    ]
    for call, exc, reason in cases:
        with pytest.raises(exc) as info:
            call()
        assert info.value.reason == reason, reason
    assert authors_of(db, p["event"]) == {p["creator"], p["author"]}


def test_authors_are_fixed_once_started(db: Db, client: Client, party: dict[str, UUID]) -> None:
    """EVT-04: no author is added or removed after the start, by RPC or table write."""
    p = party
    with db.as_user(p["creator"]) as conn:
        conn.execute(
            "update public.events set starts_at = now() - interval '1 minute', ends_at = null"
            " where id = %s", (p["event"],),
        )
    calls: list[Callable[[], None]] = [
        lambda: client.as_user(p["creator"]).add_event_author(p["event"], p["friend"]),
        lambda: client.as_user(p["creator"]).remove_event_author(p["event"], p["author"]),
    ]
    for call in calls:
        with pytest.raises(WrongState) as info:
            call()
        assert info.value.reason == "event_started"
    with pytest.raises(psycopg.Error) as raw, db.as_user(p["creator"]) as conn:
        conn.execute("delete from public.event_authors where user_id = %s", (p["author"],))
    assert from_psycopg(raw.value).reason == "event_started"
    assert authors_of(db, p["event"]) == {p["creator"], p["author"]}


def test_event_visibility_and_writes(db: Db, client: Client, party: dict[str, UUID]) -> None:
    """EVT-05, EVT-07: every signed-in user reads events; only authors change them, and only the
    creator deletes one."""
    p = party
    assert client.as_user(p["stranger"]).event(p["event"]) is not None
    assert client.as_user(p["stranger"]).event_authors(p["event"]) != []
    for who in ("stranger", "friend"):
        with db.as_user(p[who]) as conn:
            assert conn.execute("update public.events set title = 'x'").rowcount == 0
            assert conn.execute("delete from public.events").rowcount == 0
            assert conn.execute("delete from public.event_authors").rowcount == 0
    with db.as_user(p["author"]) as conn:
        assert conn.execute("update public.events set title = 'Big party'").rowcount == 1
    with pytest.raises(psycopg.Error) as raw, db.as_user(p["author"]) as conn:
        conn.execute("update public.events set creator_id = auth.uid()")
    assert from_psycopg(raw.value).sqlstate == "42501"
    with db.as_user(p["author"]) as conn:
        assert conn.execute("delete from public.events").rowcount == 0
    with db.as_user(p["creator"]) as conn:
        assert conn.execute("delete from public.events").rowcount == 1
    assert db.one("select count(*) from public.event_authors") == 0


def invitations_of(db: Db, event: UUID) -> set[UUID]:
    rows = db.admin.execute(
        "select user_id from public.event_author_invitations where event_id = %s", (event,)
    ).fetchall()
    return {r[0] for r in rows}


def test_nobody_becomes_an_author_without_accepting(
    db: Db, client: Client, party: dict[str, UUID]
) -> None:
    """EVT-08: an invitation is not authorship; the invitee and the authors see it, nobody else;
    declining, or an author withdrawing, ends it; accepting makes an author and uses it up."""
    p = party
    creator, friend = client.as_user(p["creator"]), client.as_user(p["friend"])
    creator.add_event_author(p["event"], p["friend"])
    assert authors_of(db, p["event"]) == {p["creator"], p["author"]}
    seen = {who: [(i.event_id, i.user_id)
                  for i in client.as_user(p[who]).event_author_invitations()]
            for who in ("creator", "author", "friend", "stranger")}
    assert seen == {"creator": [(p["event"], p["friend"])],
                    "author": [(p["event"], p["friend"])],
                    "friend": [(p["event"], p["friend"])], "stranger": []}
    with pytest.raises(Conflict) as info:
        creator.add_event_author(p["event"], p["friend"])
    assert info.value.reason == "already_invited"

    friend.respond_event_author_invitation(p["event"], accept=False)
    assert invitations_of(db, p["event"]) == set()
    assert p["friend"] not in authors_of(db, p["event"])
    # The decline's cool-down (RTL-05) over:
    db.admin.execute("update kithdb.event_author_declines set declined_at = '-infinity'")
    client.as_user(p["author"]).add_event_author(p["event"], p["friend"])
    with db.as_user(p["creator"]) as conn:  # an author withdraws by table write
        assert conn.execute("delete from public.event_author_invitations").rowcount == 1
    creator.add_event_author(p["event"], p["friend"])
    friend.respond_event_author_invitation(p["event"], accept=True)
    assert authors_of(db, p["event"]) == {p["creator"], p["author"], p["friend"]}
    assert invitations_of(db, p["event"]) == set()


def test_an_author_is_made_only_by_their_own_acceptance(db: Db, party: dict[str, UUID]) -> None:
    """EVT-08, EVT-02: by table write, an author cannot insert anyone into event_authors, and an
    invitee only themselves, with an invitation, as a friend of the creator."""
    p = party
    insert = "insert into public.event_authors (event_id, user_id) values (%s, %s)"
    invite = "insert into public.event_author_invitations (event_id, user_id) values (%s, %s)"
    assert db.outcome(p["author"], insert, p["event"], p["friend"]) == (
        "42501 event_author_requires_invitation")
    assert db.outcome(p["friend"], insert, p["event"], p["friend"]) == (
        "42501 event_author_requires_invitation")
    assert db.outcome(p["author"], invite, p["event"], p["stranger"]) == (
        "42501 author_not_friend_of_creator")
    assert db.outcome(p["friend"], invite, p["event"], p["friend"]) == "42501 not_event_author"
    assert db.outcome(p["author"], invite, p["event"], p["friend"]) == "ok"
    assert db.outcome(p["author"], insert, p["event"], p["friend"]) == (
        "42501 event_author_requires_invitation")
    db.admin.execute("delete from public.friendships where %s in (user_id, friend_id)"
                     " and %s in (user_id, friend_id)", (p["creator"], p["friend"]))
    assert db.outcome(p["friend"], insert, p["event"], p["friend"]) == (
        "42501 author_not_friend_of_creator")
    db.befriend(p["creator"], p["friend"])
    assert db.outcome(p["friend"], insert, p["event"], p["friend"]) == "ok"
    assert p["friend"] in authors_of(db, p["event"])
    assert invitations_of(db, p["event"]) == set()


def test_no_invitation_answers_alike(db: Db, client: Client, party: dict[str, UUID]) -> None:
    """EVT-08, SEC-08: accepting a withdrawn invitation, one never made, or one to an event that
    does not exist gets the same answer; an invitation to a started event cannot be accepted."""
    p = party
    creator, friend = client.as_user(p["creator"]), client.as_user(p["friend"])

    def answer(event: UUID) -> tuple[object, ...]:
        with pytest.raises(KithdbError) as info:
            friend.respond_event_author_invitation(event, accept=True)
        return info.value.sqlstate, info.value.reason, str(info.value)

    never = answer(p["event"])
    assert never[:2] == ("PT404", "event_author_invitation_not_found")
    assert answer(UUID(int=3)) == never
    creator.add_event_author(p["event"], p["friend"])
    with db.as_user(p["author"]) as conn:
        conn.execute("delete from public.event_author_invitations")
    assert answer(p["event"]) == never
    creator.add_event_author(p["event"], p["friend"])
    db.start(p["event"])
    assert answer(p["event"])[:2] == ("PT409", "event_started")
    assert p["friend"] not in authors_of(db, p["event"])


def test_an_author_steps_down(db: Db, client: Client, party: dict[str, UUID]) -> None:
    """EVT-09, EVT-03: an author steps down, even after the start; a creator who steps down
    passes the event to the author who joined first; the last author stays."""
    p = party
    client.as_user(p["creator"]).add_event_author(p["event"], p["friend"])
    client.as_user(p["friend"]).respond_event_author_invitation(p["event"], accept=True)
    client.as_user(p["creator"]).leave_event_authors(p["event"])
    assert authors_of(db, p["event"]) == {p["author"], p["friend"]}
    assert db.one("select creator_id from public.events where id = %s",
                  (p["event"],)) == p["author"]  # joined before friend
    with pytest.raises(KithdbError) as info:
        client.as_user(p["creator"]).leave_event_authors(p["event"])
    assert (info.value.sqlstate, info.value.reason) == ("42501", "not_event_author")
    db.start(p["event"])
    client.as_user(p["friend"]).remove_event_author(p["event"], p["friend"])  # herself
    with pytest.raises(WrongState) as left:
        client.as_user(p["author"]).leave_event_authors(p["event"])
    assert left.value.reason == "last_event_author"
    assert authors_of(db, p["event"]) == {p["author"]}
    with pytest.raises(psycopg.Error) as raw, db.as_user(p["author"]) as conn:
        conn.execute("update public.events set creator_id = %s where id = %s",
                     (p["friend"], p["event"]))
    assert from_psycopg(raw.value).sqlstate == "42501"  # no API user writes the creator


def test_a_creator_passes_the_event_only_by_stepping_down(
    db: Db, client: Client, party: dict[str, UUID]
) -> None:
    """EVT-09, SEC-05: no call of the API hands an event to another author while its creator
    stays one; the creator passes it by stepping down alone."""
    p = party
    for statement in ("select kithdb.pass_event(%s)", "select kithdb.pass_event_from(%s, %s)"):
        params = (p["event"], p["creator"])[:statement.count("%s")]
        assert not db.outcome(p["creator"], statement, *params).startswith("ok")
    assert db.one("select creator_id from public.events where id = %s",
                  (p["event"],)) == p["creator"]
    assert authors_of(db, p["event"]) == {p["creator"], p["author"]}


def test_the_creators_friend_who_blocked_an_author_does_not_exist_for_them(
    db: Db, client: Client
) -> None:
    """BLK-03, CIR-12: asked by an author whether a user is a friend of the event's creator, the
    check answers about a friend who blocked that author as about nobody."""
    ada, bob, cat = db.users("ada", "bob", "cat")
    db.befriend(ada, bob, cat)
    event = db.event(ada, "Gig", authors=[bob])
    client.as_user(cat).block_user(bob)
    ask = "select kithdb.is_friend_of_event_creator(%s, %s)"
    assert db.rpc(bob, ask, event, cat) == db.rpc(bob, ask, event, uuid.uuid4()) is False


def test_the_last_two_authors_never_both_step_down(
    db: Db, client: Client, party: dict[str, UUID]
) -> None:
    """EVT-09, EVT-03: the creator and the other author stepping down at the same moment: the
    second waits for the first, then is refused as the last author; the event keeps a creator
    who authors it."""
    p = party
    for first, second in (("creator", "author"), ("author", "creator")):
        event = db.event(p["creator"], f"Race {first}", authors=[p["author"]])
        with ThreadPoolExecutor(1) as pool:
            with db.as_user(p[first]) as conn:
                conn.execute("select public.leave_event_authors(%s)", (event,))
                leaving = pool.submit(db.outcome, p[second],
                                      "select public.leave_event_authors(%s)", event)
                time.sleep(0.5)
                assert not leaving.done(), "the second departure did not wait for the first"
            assert leaving.result(timeout=20) == "PT409 last_event_author"
        assert authors_of(db, event) == {p[second]}
        assert db.one("select creator_id from public.events where id = %s", (event,)) == (
            p[second])


def test_the_threshold_follows_the_authors_who_accepted(
    db: Db, client: Client, party: dict[str, UUID]
) -> None:
    """EVT-08, EVT-09, LGR-07: an invitee does not count in a group's threshold; an author who
    accepts does, and one who steps down stops counting, which decides the group at once."""
    p = party
    a, b = db.users("a", "b")
    db.befriend(a, b)
    group = db.like_group(a, p["event"], [b])  # two members, two authors: two approvals needed
    client.as_user(p["creator"]).add_event_author(p["event"], p["friend"])
    status = client.as_user(p["creator"]).approve_like_group(group)
    assert status.value == "pending"
    client.as_user(p["friend"]).respond_event_author_invitation(p["event"], accept=True)
    assert db.one("select status::text from public.like_groups where id = %s", (group,)) == (
        "pending")
    client.as_user(p["friend"]).leave_event_authors(p["event"])
    client.as_user(p["author"]).leave_event_authors(p["event"])
    assert db.one("select status::text from public.like_groups where id = %s", (group,)) == (
        "approved")


def test_a_started_event_keeps_its_start(db: Db, client: Client, party: dict[str, UUID]) -> None:
    """EVT-06, EVT-04: once started, starts_at is frozen, so moving it forward to change the
    authors and back is refused."""
    p = party
    with db.as_user(p["creator"]) as conn:
        conn.execute("update public.events set starts_at = now() - interval '1 minute',"
                     " ends_at = null where id = %s", (p["event"],))
    with pytest.raises(psycopg.Error) as raw, db.as_user(p["creator"]) as conn:
        conn.execute("update public.events set starts_at = now() + interval '1 day'"
                     " where id = %s", (p["event"],))
    err = from_psycopg(raw.value)
    assert (err.sqlstate, err.reason) == ("PT409", "event_started")
    with db.as_user(p["creator"]) as conn:
        assert conn.execute("update public.events set title = 'Still on' where id = %s",
                            (p["event"],)).rowcount == 1


def test_only_the_creator_deletes_an_event_nobody_attends(
    db: Db, client: Client, party: dict[str, UUID]
) -> None:
    """EVT-07: an author other than the creator cannot delete the event; its creator cannot
    once a group is approved (the group's chat would go with it)."""
    p = party
    with db.as_user(p["author"]) as conn:
        assert conn.execute("delete from public.events where id = %s", (p["event"],)).rowcount == 0
    db.befriend(p["friend"], p["stranger"])
    group = db.like_group(p["friend"], p["event"], [p["stranger"]])
    db.approve(group, p["creator"], p["author"])
    with pytest.raises(psycopg.Error) as raw, db.as_user(p["creator"]) as conn:
        conn.execute("delete from public.events where id = %s", (p["event"],))
    err = from_psycopg(raw.value)
    assert (err.sqlstate, err.reason) == ("PT409", "event_has_attendees")
    assert db.one("select count(*) from public.chats") == 1
    other = db.event(p["creator"], "Other")
    with db.as_user(p["creator"]) as conn:
        assert conn.execute("delete from public.events where id = %s", (other,)).rowcount == 1


def test_a_delete_racing_the_approval_keeps_the_event(
    db: Db, client: Client, party: dict[str, UUID]
) -> None:
    """EVT-07: the creator's delete that meets an approval in flight waits for it, then is
    refused: the approved group and its chat stay."""
    p = party
    db.befriend(p["friend"], p["stranger"])
    group = db.like_group(p["friend"], p["event"], [p["stranger"]])
    db.approve(group, p["creator"])
    with ThreadPoolExecutor(1) as pool:
        with db.as_user(p["author"]) as conn:
            status = conn.execute("select public.approve_like_group(%s)", (group,)).fetchone()
            assert status == ("approved",)

            deleting = pool.submit(db.outcome, p["creator"],
                                   "delete from public.events where id = %s", p["event"])
            time.sleep(0.5)
            assert not deleting.done(), "the delete did not wait for the approval"
        assert deleting.result(timeout=20) == "PT409 event_has_attendees"
    assert db.one("select count(*) from public.chats") == 1


def test_a_delete_never_deadlocks_an_authors_departure(
    db: Db, client: Client, party: dict[str, UUID]
) -> None:
    """EVT-07, LGR-07: the creator's delete, an author stepping down and an approval in flight
    on another pending group all finish, in some order, without a deadlock."""
    p = party
    third = db.new_user("third")
    db.befriend(p["creator"], third)
    client.as_user(p["creator"]).add_event_author(p["event"], third)
    client.as_user(third).respond_event_author_invitation(p["event"], accept=True)
    groups = []
    for i in range(2):
        a, b = db.users(f"a{i}", f"b{i}")
        db.befriend(a, b)
        groups.append(db.like_group(a, p["event"], [b]))
    groups.sort()

    with ThreadPoolExecutor(2) as pool:
        with db.as_user(p["author"]) as conn:
            # An approval that leaves the higher group pending (2 members, 3 authors), held open.
            conn.execute("select public.approve_like_group(%s)", (groups[1],))
            deleting = pool.submit(db.outcome, p["creator"],
                                   "delete from public.events where id = %s", p["event"])
            time.sleep(0.5)
            leaving = pool.submit(db.outcome, third, "select public.remove_event_author(%s, %s)",
                                  p["event"], third)
            time.sleep(0.5)
        outcomes = [deleting.result(timeout=20), leaving.result(timeout=20)]
    # Each either went through or was refused as the rules say; a deadlock (40P01) or any other
    # error is neither.
    refusals = {"42501", "PT404", "23505", "PT409", "22023", "23514"}
    assert all(o == "ok" or o.split()[0] in refusals for o in outcomes), outcomes


def group_status(db: Db, group: UUID) -> str:
    status: str = db.one("select status::text from public.like_groups where id = %s", (group,))
    return status


def test_a_cancelled_event_keeps_its_attendees(
    db: Db, client: Client, party: dict[str, UUID]
) -> None:
    """EVT-10: an author cancels; pending groups expire at once, an approved group and its chat
    stay readable with the event shown cancelled; nothing new happens to it after, and it is
    never scheduled again."""
    p = party
    a, b, c, d = db.users("a", "b", "c", "d")
    db.befriend(a, b, c)
    db.befriend(p["creator"], d)
    approved = db.like_group(a, p["event"], [b])
    db.approve(approved, p["creator"], p["author"])
    pending = db.like_group(c, p["event"])
    chat = db.chat_of(approved)
    assert chat is not None
    client.as_user(a).send_message(chat, "see you there")
    client.as_user(p["creator"]).add_event_author(p["event"], d)
    with pytest.raises(NotAllowed):
        client.as_user(a).cancel_event(p["event"])
    client.as_user(p["author"]).cancel_event(p["event"])

    got = client.as_user(b).event(p["event"])
    assert got is not None and got.status == EventStatus.CANCELLED and got.cancelled_at
    assert (group_status(db, approved), group_status(db, pending)) == ("approved", "expired")
    assert [m.body for m in client.as_user(b).messages(chat)] == ["see you there"]
    refusals = [
        lambda: client.as_user(p["author"]).cancel_event(p["event"]),
        lambda: client.as_user(c).create_like_group(p["event"]),
        lambda: client.as_user(p["creator"]).add_event_author(p["event"], p["friend"]),
    ]
    for call in refusals:
        assert refusal(call)[:2] == ("PT409", "event_cancelled")
    # The invitation went with the cancellation (NTF-04).
    assert refusal(lambda: client.as_user(d).respond_event_author_invitation(
        p["event"], accept=True))[:2] == ("PT404", "event_author_invitation_not_found")
    for change in ("status = 'scheduled'", "title = 'On again'"):
        assert db.outcome(p["creator"], f"update public.events set {change} where id = %s",
                          p["event"]) == "PT409 event_cancelled"
    seen = client.as_user(d).event(p["event"])
    assert seen is not None and seen.status == EventStatus.CANCELLED


def test_an_author_cancels_by_table_write(db: Db, party: dict[str, UUID]) -> None:
    """EVT-10: the same cancellation by PostgREST's PATCH; the time is the database's."""
    p = party
    a = db.new_user("a")
    pending = db.like_group(a, p["event"])
    assert db.outcome(p["friend"], "update public.events set status = 'cancelled'") == "ok"
    assert db.one("select status::text from public.events") == "scheduled"  # not an author
    assert db.outcome(p["author"], "update public.events set status = 'cancelled'") == "ok"
    assert db.one("select cancelled_at is not null from public.events")
    assert group_status(db, pending) == "expired"


def test_a_cancellation_waits_for_groups_in_flight(
    db: Db, client: Client, party: dict[str, UUID]
) -> None:
    """EVT-10, LGR-09: a group being made while the event is cancelled is expired with the
    others; an approval in flight finishes first and its group stays approved."""
    p = party
    a, b = db.users("a", "b")
    approving = db.like_group(b, p["event"])
    db.approve(approving, p["creator"])
    with ThreadPoolExecutor(1) as pool:
        with db.as_user(a) as conn:
            made = conn.execute("select public.create_like_group(%s)", (p["event"],)).fetchone()
            cancelling = pool.submit(db.outcome, p["author"], "select public.cancel_event(%s)",
                                     p["event"])
            time.sleep(0.5)
            assert not cancelling.done(), "the cancellation did not wait for the new group"
        assert cancelling.result(timeout=20) == "ok"
    assert made is not None and group_status(db, made[0]) == "expired"
    other = db.event(p["creator"], "Other", authors=[p["author"]])
    db.befriend(a, b)
    group = db.like_group(b, other, [a])  # two members: both authors must approve
    db.approve(group, p["creator"])
    with ThreadPoolExecutor(1) as pool:
        with db.as_user(p["author"]) as conn:
            conn.execute("select public.approve_like_group(%s)", (group,))
            cancelling = pool.submit(db.outcome, p["creator"], "select public.cancel_event(%s)",
                                     other)
            time.sleep(0.5)
            assert not cancelling.done(), "the cancellation did not wait for the approval"
        assert cancelling.result(timeout=20) == "ok"
    assert group_status(db, group) == "approved"


def test_a_departure_waits_for_a_removal_in_flight(
    db: Db, client: Client, party: dict[str, UUID]
) -> None:
    """EVT-09, EVT-03: the creator steps down while another author's removal is in flight: the
    departure waits for it, then passes the event to an author who is still one, or is refused
    as the last."""
    p = party
    db.befriend(p["creator"], p["stranger"])
    event = db.event(p["creator"], "Three", authors=[p["author"], p["friend"]])
    with ThreadPoolExecutor(1) as pool:
        with db.as_user(p["friend"]) as conn:  # removes the author who joined first
            conn.execute("select public.remove_event_author(%s, %s)", (event, p["author"]))
            leaving = pool.submit(db.outcome, p["creator"],
                                  "select public.leave_event_authors(%s)", event)
            time.sleep(0.5)
            assert not leaving.done(), "the departure did not wait for the removal"
        assert leaving.result(timeout=20) == "ok"
    assert authors_of(db, event) == {p["friend"]}
    assert db.one("select creator_id from public.events where id = %s", (event,)) == p["friend"]

    event = db.event(p["creator"], "Two", authors=[p["author"]])
    with ThreadPoolExecutor(1) as pool:
        with db.as_user(p["creator"]) as conn:
            conn.execute("select public.remove_event_author(%s, %s)", (event, p["author"]))
            leaving = pool.submit(db.outcome, p["creator"],
                                  "select public.leave_event_authors(%s)", event)
            time.sleep(0.5)
        assert leaving.result(timeout=20) == "PT409 last_event_author"
    assert authors_of(db, event) == {p["creator"]}


STEP_DOWNS = {
    "rpc": "select public.leave_event_authors(%s)",
    "table write": "delete from public.event_authors where event_id = %s and user_id = auth.uid()",
}


@pytest.mark.parametrize("step_down", STEP_DOWNS)
def test_a_creators_step_down_a_cancellation_and_an_acceptance_do_not_deadlock(
    db: Db, client: Client, step_down: str
) -> None:
    """EVT-09, EVT-10, LGR-12: an acceptance of an authorship waiting for the event's
    applications, a cancellation holding the event's row and waiting for them too, and the
    creator's step-down, by RPC or table write: all three finish, none deadlocked (the step-down
    takes the event's row before the authors' lock, as the cancellation does)."""
    ada, bob, wes = db.users("ada", "bob", "wes")
    db.befriend(ada, bob, wes)
    event = db.event(ada, "Gig", authors=[bob])
    client.as_user(ada).add_event_author(event, wes)
    with ThreadPoolExecutor(3) as pool:
        with db.as_service() as conn:
            conn.execute("select kithdb.lock_event_applications(%s, true)", (event,))
            accepting = pool.submit(db.outcome, wes,
                                    "select public.respond_event_author_invitation(%s, true)",
                                    event)
            db.await_waiting(1)
            cancelling = pool.submit(db.outcome, bob, "select public.cancel_event(%s)", event)
            db.await_waiting(2)
            leaving = pool.submit(db.outcome, ada, STEP_DOWNS[step_down], event)
            db.await_waiting(3)
        got = [f.result(timeout=20) for f in (accepting, cancelling, leaving)]
    assert got == ["ok", "ok", "ok"]
    assert db.one("select (creator_id, status)::text from public.events where id = %s",
                  (event,)) == f"({bob},cancelled)"


@pytest.mark.parametrize("step_down", ["select public.leave_event_authors(%s)",
                                       "select public.remove_event_author(%s, auth.uid())"])
def test_a_creators_step_down_and_their_own_deletion_do_not_deadlock(
    db: Db, step_down: str
) -> None:
    """EVT-09, ACC-02: a creator stepping down (leaving, or removing themselves) while their own
    account's deletion holds their event's row: the step-down waits for the deletion, which
    passes the event; no deadlock."""
    ada, bob = db.users("ada", "bob")
    db.befriend(ada, bob)
    event = db.event(ada, "Gig", authors=[bob])
    with ThreadPoolExecutor(2) as pool:
        with db.as_service() as conn:
            # The deletion takes the event's row, then waits here for its applications.
            conn.execute("select kithdb.lock_event_applications(%s, true)", (event,))
            deleting = pool.submit(db.outcome, ada, "select public.delete_my_account(%s)",
                                   str(ada))
            db.await_waiting(1)
            leaving = pool.submit(db.outcome, ada, step_down, event)
            db.await_waiting(2)
        got = (deleting.result(timeout=20), leaving.result(timeout=20))
    assert got[0] == "ok" and got[1] in (
        "ok", "42501 not_event_author", "PT404 event_author_not_found"), got
    assert db.one("select creator_id from public.events where id = %s", (event,)) == bob


def test_authors_change_only_under_read_committed(db: Db, party: dict[str, UUID]) -> None:
    """EVT-09: a departure in a transaction that keeps its first snapshot could miss one that
    committed while it waited: refused."""
    p = party
    conn = db.connect()
    try:
        conn.execute("begin isolation level repeatable read")
        conn.execute("set local role authenticated")
        conn.execute("select set_config('request.jwt.claims', %s, true)",
                     (f'{{"sub": "{p["author"]}", "role": "authenticated"}}',))
        with pytest.raises(psycopg.Error) as raw:
            conn.execute("select public.leave_event_authors(%s)", (p["event"],))
        assert from_psycopg(raw.value).reason == "read_committed_required"
    finally:
        conn.close()
    assert authors_of(db, p["event"]) == {p["creator"], p["author"]}


def test_an_event_is_created_under_repeatable_read(db: Db) -> None:
    """LGR-12, EVT-01: only a new author of an existing event waits for its applications in
    flight (which needs READ COMMITTED); an event's creator, its first author, meets none, so a
    REPEATABLE READ transaction (a DBA's, a Python caller's) still creates an event."""
    ada = db.new_user("ada")
    conn = db.connect()
    try:
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        with request(conn, Role.AUTHENTICATED, ada) as c:
            event = c.execute("select public.create_event('Gig', now() + interval '1 day')"
                              ).fetchone()
        assert event is not None
    finally:
        conn.close()
    assert db.one("select creator_id from public.events where id = %s", (event[0],)) == ada


def test_an_event_holds_at_most_twenty_authors_and_invitations(db: Db, client: Client) -> None:
    """EVT-11: the creator and 19 invitations fill an event; the next invitation is refused
    (PT409 event_authors_full), and so it stays once an invitee accepts; a trusted writer may
    add more."""
    ada, *friends = db.users("ada", *(f"friend {i}" for i in range(21)))
    db.befriend(ada, *friends)
    event = db.event(ada, "Gig")
    host = client.as_user(ada)
    for friend in friends[:19]:
        host.add_event_author(event, friend)
    assert refusal(lambda: host.add_event_author(event, friends[19]))[:2] == (
        "PT409", "event_authors_full")
    client.as_user(friends[0]).respond_event_author_invitation(event, accept=True)
    assert refusal(lambda: host.add_event_author(event, friends[19]))[:2] == (
        "PT409", "event_authors_full")
    db.admin.execute("insert into public.event_authors (event_id, user_id) values (%s, %s)",
                     (event, friends[20]))


def test_an_author_removed_while_their_invitation_waits_is_told_they_are_no_author(
    db: Db,
) -> None:
    """SEC-08, EVT-02: an invitation that waited for the inviter's own removal is refused as
    from anyone who is no author (42501 not_event_author), not with a reason about the
    invitee."""
    ada, bob, cy = db.users("ada", "bob", "cy")
    db.befriend(ada, bob, cy)
    event = db.event(ada, "Gig", authors=[bob])
    with ThreadPoolExecutor(1) as pool:
        with db.as_user(ada) as conn:
            conn.execute("select public.remove_event_author(%s, %s)", (event, bob))
            inviting = pool.submit(db.outcome, bob, "select public.add_event_author(%s, %s)",
                                   event, cy)
            db.await_waiting(1, unless_done=[inviting])
        assert inviting.result(timeout=20) == "42501 not_event_author"


def test_a_started_events_invitations_are_expired(
    db: Db, client: Client, party: dict[str, UUID]
) -> None:
    """EVT-04, NTF-04: once the event starts, an invitation to author it can only be refused, so
    expire_author_invitations() (service_role only) withdraws it and its notification; an event
    that has not started keeps its invitations."""
    p = party
    later = db.event(p["creator"], "Later")
    for event in (p["event"], later):
        client.as_user(p["creator"]).add_event_author(event, p["friend"])
    db.start(p["event"])
    accept = lambda: client.as_user(p["friend"]).respond_event_author_invitation(  # noqa: E731
        p["event"], accept=True)
    assert refusal(accept)[:2] == ("PT409", "event_started")
    with pytest.raises(NotAllowed):
        client.as_user(p["creator"])._rows("select public.expire_author_invitations()")

    assert client.as_service().expire_author_invitations() == 1
    assert client.as_service().expire_author_invitations() == 0
    friend = client.as_user(p["friend"])
    assert [i.event_id for i in friend.event_author_invitations()] == [later]
    assert [(n.kind, n.event_id) for n in friend.notifications()] == [
        (NotificationKind.EVENT_AUTHOR_INVITATION, later)]
    assert friend.unread_notification_count() == 1
    assert refusal(accept)[:2] == ("PT404", "event_author_invitation_not_found")


def test_the_expiry_waits_for_no_notification_being_marked_read(
    db: Db, client: Client, party: dict[str, UUID]
) -> None:
    """EVT-04, NTF-04: the expiry takes each invitation's notification as it takes the
    invitation, skipping one its invitee is marking read in flight: the two never deadlock, and
    the next run withdraws what was skipped."""
    p = party
    events = sorted(db.event(p["creator"], f"E{i}") for i in range(2))
    for event in events:
        client.as_user(p["creator"]).add_event_author(event, p["friend"])
        db.start(event)
    notes = [db.one("select id from public.notifications where recipient_id = %s"
                    " and event_id = %s", (p["friend"], event)) for event in events]
    with ThreadPoolExecutor(1) as pool:
        with db.as_user(p["friend"]) as conn:  # marks the later event's notification read
            conn.execute("select public.mark_notifications_read(%s)", ([notes[1]],))
            expiry = pool.submit(client.as_service().expire_author_invitations)
            time.sleep(0.5)
            # Then the earlier one's, which the expiry has taken by then.
            conn.execute("select public.mark_notifications_read(%s)", ([notes[0]],))
        assert expiry.result(timeout=20) == 1
    assert client.as_service().expire_author_invitations() == 1
    assert client.as_user(p["friend"]).event_author_invitations() == []
    assert client.as_user(p["friend"]).notifications() == []


def test_a_start_is_fixed_from_the_moment_it_comes(db: Db, party: dict[str, UUID]) -> None:
    """EVT-06: a request that began before the start and moves it after the start came is
    refused, as one that began after."""
    p = party
    event = db.event(p["creator"], "Soon", starts_in=timedelta(seconds=1))
    with pytest.raises(psycopg.Error) as raw, db.as_user(p["creator"]) as conn:
        conn.execute("select 1")  # the request begins before the start
        time.sleep(1.5)
        conn.execute("update public.events set starts_at = starts_at + interval '1 day'"
                     " where id = %s", (event,))
    assert from_psycopg(raw.value).reason == "event_started"


def test_the_expiry_leaves_an_event_whose_start_is_being_moved(
    db: Db, client: Client, party: dict[str, UUID]
) -> None:
    """EVT-04, EVT-06: a start moved to the future just before it came, by a request still in
    flight when the expiry runs, keeps the event's invitations: the expiry skips an event being
    changed, without waiting for it."""
    p = party
    event = db.event(p["creator"], "Soon", starts_in=timedelta(seconds=1))
    client.as_user(p["creator"]).add_event_author(event, p["friend"])
    with db.as_user(p["creator"]) as conn:
        conn.execute("update public.events set starts_at = starts_at + interval '1 day'"
                     " where id = %s", (event,))
        time.sleep(1.5)
        assert client.as_service().expire_author_invitations() == 0
    assert client.as_service().expire_author_invitations() == 0
    assert [i.event_id for i in client.as_user(p["friend"]).event_author_invitations()] == [event]


def test_a_deletion_of_the_event_and_an_acceptance_never_deadlock(
    db: Db, party: dict[str, UUID]
) -> None:
    """EVT-07, EVT-08: the creator deletes an event (nobody attends it) as a friend accepts to
    author it: the acceptance takes the event's row before its invitation's, in the order the
    deletion's cascade takes them, so one waits for the other; it becomes an author first, or is
    told the invitation is gone."""
    p = party
    answers: set[tuple[str, str]] = set()
    with ThreadPoolExecutor(2) as pool:
        for _ in range(30):
            event = db.event(p["creator"], "Short-lived")
            db.rpc(p["creator"], "select public.add_event_author(%s, %s)", event, p["friend"])
            start = threading.Barrier(2)

            def race(user: UUID, statement: str, start: threading.Barrier = start,
                     event: UUID = event) -> str:
                start.wait()
                return db.outcome(user, statement, event)

            accepting = pool.submit(race, p["friend"],
                                    "select public.respond_event_author_invitation(%s, true)")
            deleting = pool.submit(race, p["creator"],
                                   "delete from public.events where id = %s")
            answers.add((accepting.result(timeout=20), deleting.result(timeout=20)))
    assert answers <= {("ok", "ok"), ("PT404 event_author_invitation_not_found", "ok")}, answers


def test_an_acceptance_is_refused_once_the_start_came(
    db: Db, client: Client, party: dict[str, UUID]
) -> None:
    """EVT-04: an acceptance whose request began before the start, and that reaches the
    invitation after it came, is refused as one that began after."""
    p = party
    event = db.event(p["creator"], "Soon", starts_in=timedelta(seconds=1))
    client.as_user(p["creator"]).add_event_author(event, p["friend"])
    with pytest.raises(psycopg.Error) as raw, db.as_user(p["friend"]) as conn:
        conn.execute("select 1")  # the request begins before the start
        time.sleep(1.5)
        conn.execute("select public.respond_event_author_invitation(%s, true)", (event,))
    assert from_psycopg(raw.value).reason == "event_started"
    assert authors_of(db, event) == {p["creator"]}


def test_an_invitation_by_table_write_racing_the_events_deletion_is_not_found(db: Db) -> None:
    """EVT-02, SEC-05: an author invites by table insert while the creator deletes the event by
    table write: the invitation waits for the deletion and is refused as for an event that does
    not exist (PT404 event_not_found), as add_event_author answers, not with a raw foreign-key
    error."""
    ada, bob, cat = db.users("ada", "bob", "cat")
    db.befriend(ada, bob, cat)
    db.befriend(bob, cat)
    event = db.event(ada, "Gig", authors=[bob])
    with ThreadPoolExecutor(1) as pool, db.as_user(ada) as conn:
        conn.execute("select from public.events where id = %s for update", (event,))
        inviting = pool.submit(
            db.outcome, bob,
            "insert into public.event_author_invitations (event_id, user_id) values (%s, %s)",
            event, cat)
        db.await_waiting(1)
        conn.execute("delete from public.events where id = %s", (event,))
    assert inviting.result(timeout=20) == "PT404 event_not_found"


@pytest.mark.parametrize("call", ["select public.cancel_event(%s)",
                                  "select public.leave_event_authors(%s)"])
def test_a_call_that_waited_for_the_events_deletion_finds_no_event(db: Db, call: str) -> None:
    """EVT-10, EVT-09: a co-author cancels the event, or steps down, while its creator deletes
    it by table write: the call waits for the deletion and answers that there is no such event
    (PT404 event_not_found), not a success that did nothing."""
    ada, bob = db.users("ada", "bob")
    db.befriend(ada, bob)
    event = db.event(ada, "Gig", authors=[bob])
    with ThreadPoolExecutor(1) as pool, db.as_user(ada) as conn:
        conn.execute("select from public.events where id = %s for update", (event,))
        calling = pool.submit(db.outcome, bob, call, event)
        db.await_waiting(1)
        conn.execute("delete from public.events where id = %s", (event,))
    assert calling.result(timeout=20) == "PT404 event_not_found"
