"""Chats: participants only, through PostgREST-shaped sessions."""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor
from uuid import UUID

import psycopg
import pytest

from kithdb import Client, InvalidInput, NotFound
from kithdb.errors import from_psycopg
from kithdb.session import Role, request
from tests.conftest import Db


@pytest.fixture
def chat(db: Db) -> dict[str, UUID]:
    """An approved like group's chat: the event's author and the group's member; outsider
    sees nothing."""
    author, member, outsider = db.users("author", "member", "outsider")
    group = db.like_group(member, db.event(author, "Dinner"))
    db.approve(group, author)
    chat_id = db.chat_of(group)
    assert chat_id is not None
    return {"author": author, "member": member, "outsider": outsider, "chat": chat_id}


def test_participants_talk(db: Db, client: Client, chat: dict[str, UUID]) -> None:
    """CHT-03: participants send and read messages and see each other."""
    c = chat
    client.as_user(c["member"]).send_message(c["chat"], "Thanks for having us!")
    client.as_user(c["author"]).send_message(c["chat"], "Welcome")
    for who in ("author", "member"):
        msgs = client.as_user(c[who]).messages(c["chat"])
        assert [m.body for m in msgs] == ["Thanks for having us!", "Welcome"]
        talking = set(client.as_user(c[who]).chat_participants(c["chat"]))
        assert talking == {c["author"], c["member"]}


def test_outsiders_see_nothing(db: Db, client: Client, chat: dict[str, UUID]) -> None:
    """CHT-03: a non-participant sees no chat, participant or message, and cannot post."""
    c = chat
    client.as_user(c["author"]).send_message(c["chat"], "secret")
    outsider = client.as_user(c["outsider"])
    assert outsider.messages(c["chat"]) == []
    assert outsider.chat_participants(c["chat"]) == []
    with db.as_user(c["outsider"]) as conn:
        assert conn.execute("select count(*) from public.chats").fetchone() == (0,)
    with pytest.raises(NotFound) as info:
        outsider.send_message(c["chat"], "let me in")
    assert info.value.reason == "chat_not_found"
    with pytest.raises(psycopg.errors.InsufficientPrivilege), db.as_user(c["outsider"]) as conn:
        conn.execute(
            "insert into public.chat_messages (chat_id, body) values (%s, 'x')", (c["chat"],)
        )
    assert db.one("select count(*) from public.chat_messages") == 1


def test_message_rules(db: Db, client: Client, chat: dict[str, UUID]) -> None:
    """CHT-04: a body is 1–4000 characters and not blank (white space and invisible characters
    of every kind are blank); the sender is the caller."""
    c = chat
    member = client.as_user(c["member"])
    for body, reason in (("", "message_body_required"), ("   ", "message_body_required"),
                         ("\n\t\u00a0\u200b\u3000", "message_body_required"),
                         ("\u034f\ufe0f\U000e0020\u061c", "message_body_required"),
                         (None, "message_body_required"), ("x" * 4001, "message_body_too_long")):
        with pytest.raises(InvalidInput) as info:
            member.send_message(c["chat"], body)  # type: ignore[arg-type]
        assert info.value.reason == reason
    member.send_message(c["chat"], "x" * 4000)
    with pytest.raises(psycopg.errors.InsufficientPrivilege), db.as_user(c["member"]) as conn:
        conn.execute(
            "insert into public.chat_messages (chat_id, sender_id, body) values (%s, %s, 'x')",
            (c["chat"], c["author"]),
        )
    with db.as_user(c["member"]) as conn:
        conn.execute(
            "insert into public.chat_messages (chat_id, body) values (%s, 'hi')", (c["chat"],)
        )
    with pytest.raises(psycopg.errors.InsufficientPrivilege), db.as_user(c["member"]) as conn:
        conn.execute("update public.chat_messages set body = 'edited'")  # messages are never edited
    sent = db.one("select count(*) from public.chat_messages where sender_id = %s", (c["member"],))
    assert sent == 2


def test_a_blank_body_is_refused_by_a_table_write_too(db: Db, chat: dict[str, UUID]) -> None:
    """CHT-04: a body of white space and invisible characters only is blank, also to the
    table's check."""
    with pytest.raises(psycopg.Error) as raw, db.as_user(chat["member"]) as conn:
        conn.execute("insert into public.chat_messages (chat_id, body) values (%s, %s)",
                     (chat["chat"], "\u3000\r\n"))
    err = from_psycopg(raw.value)
    assert (err.sqlstate, err.reason) == ("23514", "chat_messages_body_not_blank")


def test_no_direct_chat_writes(db: Db, chat: dict[str, UUID]) -> None:
    """CHT-01: API users neither open chats nor join them."""
    c = chat
    for statement, params in (
        ("insert into public.chats (kind) values ('approved_group')", ()),
        ("insert into public.chat_participants (chat_id, user_id) values (%s, %s)",
         (c["chat"], c["outsider"])),
        ("delete from public.chat_participants", ()),
    ):
        with pytest.raises(psycopg.errors.InsufficientPrivilege), db.as_user(c["author"]) as conn:
            conn.execute(statement.encode(), params)


def test_a_message_sent_as_its_sender_leaves_is_sent_or_refused_as_for_no_chat(db: Db) -> None:
    """CHT-03, CHT-05: bob sends a message while he leaves the chat in another session: the
    message is sent, or refused as a chat that does not exist is (PT404 chat_not_found), never
    with a bare row-security error."""
    ada, bob = db.users("ada", "bob")
    event = db.event(ada, "E")
    db.admin.execute("update public.rate_limits set max_count = 100 where action = 'like_group'")
    send = "select public.send_message(%s, 'on my way')"
    answers = set()
    with ThreadPoolExecutor(2) as pool:
        for _ in range(40):
            group = db.like_group(bob, event, [])
            db.approve(group, ada)
            chat = db.chat_of(group)
            leaving = pool.submit(db.outcome, bob, "select public.leave_chat(%s)", chat)
            sending = pool.submit(db.outcome, bob, send, chat)
            assert leaving.result(timeout=20) == "ok"
            answers.add(sending.result(timeout=20))
            db.rpc(bob, "select public.leave_like_group(%s)", group)
    assert answers <= {"ok", db.outcome(bob, send, uuid.uuid4())}, answers


@pytest.mark.parametrize("departure", ["own leaving", "block by the creator"])
def test_a_message_that_waited_for_its_senders_departure_is_refused(
    db: Db, departure: str
) -> None:
    """CHT-05, CHT-03, BLK-02: bob's message, sent while his departure from the chat (his own
    leaving in another session, or a block by the event's creator) is being made, waits for it
    and is then refused as a chat that does not exist is; nobody reads a message of his written
    after he left."""
    ada, bob, cy = db.users("ada", "bob", "cy")
    db.befriend(bob, cy)
    event = db.event(ada, "E")
    group = db.like_group(bob, event, [cy])
    db.approve(group, ada)
    chat = db.chat_of(group)
    leaver, leave, whom = ((bob, "select public.leave_chat(%s)", chat)
                           if departure == "own leaving"
                           else (ada, "select public.block_user(%s)", bob))
    with ThreadPoolExecutor(1) as pool:
        with db.as_user(leaver) as conn:
            conn.execute(leave.encode(), (whom,))
            sending = pool.submit(db.outcome, bob, "select public.send_message(%s, 'late')", chat)
            db.await_waiting(1, unless_done=[sending])
        answer = sending.result(timeout=20)
    assert answer == db.outcome(bob, "select public.send_message(%s, 'x')", uuid.uuid4())
    assert db.one("select count(*) from public.chat_messages where sender_id = %s", (bob,)) == 0


def test_leaving_a_chat_that_opened_after_ones_request_began(db: Db) -> None:
    """CHT-05: bob's request began before a co-author's approval opened his group's chat: his
    leaving it is dated no earlier than his joining, not refused by the table's check."""
    ada, bob, dave, eve = db.users("ada", "bob", "dave", "eve")
    db.befriend(ada, dave)
    db.befriend(bob, eve)
    event = db.event(ada, "E", authors=[dave])
    group = db.like_group(bob, event, [eve])
    assert db.approve(group, ada) == "pending"
    with db.connect() as own, request(own, Role.AUTHENTICATED, bob) as conn:
        conn.execute("select now()")  # the request's time is fixed here
        assert db.approve(group, dave) == "approved"
        conn.execute("select public.leave_chat(%s)", (db.chat_of(group),))
    assert db.one("select left_at >= joined_at from public.chat_participants"
                  " where user_id = %s", (bob,)) is True
