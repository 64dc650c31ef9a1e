"""Events and their authors through PostgREST-shaped sessions."""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from uuid import UUID

import psycopg
import pytest

from kithdb import Client, Conflict, InvalidInput, KithdbError, NotAllowed, NotFound, WrongState
from kithdb.errors import from_psycopg
from tests.conftest import Db

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


@pytest.mark.parametrize(
    ("title", "starts", "ends", "description", "reason"),
    [
        ("  ", SOON, None, None, "event_title_required"),
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
    """EVT-02: authors add friends of the creator; an author other than the creator can add the
    creator's friend."""
    p = party
    assert authors_of(db, p["event"]) == {p["creator"], p["author"]}
    client.as_user(p["author"]).add_event_author(p["event"], p["friend"])  # the creator's friend
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


def test_direct_author_insert_follows_the_rules(db: Db, party: dict[str, UUID]) -> None:
    """EVT-02: a table insert into event_authors obeys the friend-of-creator rule."""
    p = party
    insert = "insert into public.event_authors (event_id, user_id) values (%s, %s)"
    with pytest.raises(psycopg.Error) as raw, db.as_user(p["author"]) as conn:
        conn.execute(insert, (p["event"], p["stranger"]))
    assert from_psycopg(raw.value).reason == "author_not_friend_of_creator"
    with pytest.raises(psycopg.errors.InsufficientPrivilege), db.as_user(p["friend"]) as conn:
        conn.execute(insert, (p["event"], p["friend"]))  # not an author: RLS
    with db.as_user(p["author"]) as conn:
        conn.execute(insert, (p["event"], p["friend"]))
    assert p["friend"] in authors_of(db, p["event"])


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
