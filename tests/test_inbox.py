"""The inbox: notifications written by the database, read by their recipient alone, and the
caller's chats with their unread counts."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import Any
from uuid import UUID

import psycopg
import pytest

from kithdb import (
    Client,
    Message,
    Notification,
    NotificationKind,
    ReportReason,
    ReportTargetKind,
)
from kithdb.inbox import News
from kithdb.moderation import ModerationAction
from kithdb.session import Role, request
from tests.conftest import DELETED_BY, Db, refusal


def inbox(client: Client, user: UUID) -> list[tuple[str, UUID | None, UUID | None]]:
    """``user``'s notifications, oldest first, as (kind, actor, subject) with the subject the
    first of circle, event, like group and report that is set."""
    return [(str(n.kind), n.actor_id, n.circle_id or n.like_group_id or n.event_id or n.report_id)
            for n in reversed(client.as_user(user).notifications())]


def test_friend_requests(db: Db, client: Client) -> None:
    """NTF-01, NTF-04: a request notifies its addressee while it waits; an acceptance notifies
    the requester; a declined or withdrawn request leaves nothing behind."""
    ada, bob, cy = db.users("ada", "bob", "cy")
    client.as_user(ada).request_friendship(bob)
    assert inbox(client, bob) == [("friendship_requested", ada, None)]
    assert inbox(client, ada) == []
    client.as_user(bob).respond_friendship(ada, True)
    assert inbox(client, bob) == []
    assert inbox(client, ada) == [("friendship_accepted", bob, None)]
    client.as_user(cy).request_friendship(ada)
    client.as_user(ada).respond_friendship(cy, False)
    assert inbox(client, ada) == [("friendship_accepted", bob, None)]
    assert inbox(client, cy) == []
    client.as_user(bob).request_friendship(cy)
    client.as_user(bob).remove_friendship(cy)  # withdrawn
    assert inbox(client, cy) == []
    # Asking back is consent: the first asker learns it, the second's notification goes.
    dee = db.new_user("dee")
    client.as_user(dee).request_friendship(cy)
    client.as_user(cy).request_friendship(dee)
    assert inbox(client, cy) == []
    assert inbox(client, dee) == [("friendship_accepted", cy, None)]


def test_circle_and_author_invitations(db: Db, client: Client) -> None:
    """NTF-01, NTF-04: a circle or author invitation notifies the invitee while it waits."""
    ada, bob, cy, dee = db.users("ada", "bob", "cy", "dee")
    db.befriend(ada, bob, cy, dee)
    circle = db.circle(ada, "Book club")
    for invitee in (bob, cy, dee):
        client.as_user(ada).invite_to_circle(circle, invitee)
    assert inbox(client, bob) == [("circle_invitation", ada, circle)]
    client.as_user(bob).accept_circle_invitation(circle)
    client.as_user(cy).decline_circle_invitation(circle)
    client.as_user(ada).remove_circle_member(circle, dee)  # withdrawn
    assert inbox(client, bob) == inbox(client, cy) == inbox(client, dee) == []

    event = db.event(ada, "Gig")
    client.as_user(ada).add_event_author(event, bob)
    assert inbox(client, bob) == [("event_author_invitation", ada, event)]
    client.as_user(bob).respond_event_author_invitation(event, accept=True)
    assert inbox(client, bob) == []

    # A circle or event that ends takes its invitations' notifications along.
    short = db.circle(ada, "Short-lived")
    client.as_user(ada).invite_to_circle(short, cy)
    other = db.event(ada, "Cancelled at the source")
    client.as_user(ada).add_event_author(other, cy)
    assert len(inbox(client, cy)) == 2
    client.as_user(ada).leave_circle(short)  # the last member: the circle ends
    db.admin.execute("delete from public.events where id = %s", (other,))
    assert inbox(client, cy) == []
    assert db.one("select count(*) from public.notifications where circle_id = %s"
                  " or event_id = %s", (short, other)) == 0


def test_like_group_lifecycle(db: Db, client: Client) -> None:
    """NTF-01, NTF-04: an application notifies the event's authors while it is pending, the
    members its creator added, and every member its decision; an author who steps down and a
    member who leaves lose what named the group."""
    s = db.event_scene(3, 2)
    group = db.like_group(s.group_creator, s.event, s.friends)
    for author in s.authors:
        assert inbox(client, author) == [("like_group_applied", s.group_creator, group)]
    for friend in s.friends:
        assert inbox(client, friend) == [("like_group_member_added", s.group_creator, group)]
    assert inbox(client, s.group_creator) == []
    client.as_user(s.authors[2]).leave_event_authors(s.event)
    assert inbox(client, s.authors[2]) == []
    client.as_user(s.friends[1]).leave_like_group(group)
    assert inbox(client, s.friends[1]) == []
    assert db.approve(group, *s.authors[:2]) == "approved"
    for author in s.authors:
        assert inbox(client, author) == []
    for member in (s.group_creator, s.friends[0]):
        assert inbox(client, member)[-1] == ("like_group_approved", None, group)
    assert inbox(client, s.friends[1]) == []

    rejected = db.like_group(s.friends[1], s.event)
    db.approve(rejected, s.authors[0], approved=False)
    assert inbox(client, s.friends[1]) == [("like_group_rejected", None, rejected)]
    expired = db.overdue_group(s.event, [s.friends[1]])
    assert client.as_service().expire_like_groups() == 1
    assert inbox(client, s.friends[1])[-1] == ("like_group_expired", None, expired)

    withdrawn = db.like_group(s.group_creator, db.event(s.authors[0], "Later"), [s.friends[0]])
    assert inbox(client, s.authors[0])[-1] == ("like_group_applied", s.group_creator, withdrawn)
    client.as_user(s.group_creator).withdraw_like_group(withdrawn)
    assert db.one("select count(*) from public.notifications where like_group_id = %s",
                  (withdrawn,)) == 0


def test_report_resolved(db: Db, client: Client) -> None:
    """NTF-01: a reporter learns that their report was resolved, not by whom."""
    ada, bob, mod = db.users("ada", "bob", "mod")
    db.admin.execute("insert into public.moderators (user_id) values (%s)", (mod,))
    post = db.post(bob, "spam")
    report = client.as_user(ada).report(ReportTargetKind.POST, post, ReportReason.SPAM)
    assert inbox(client, ada) == []
    client.as_user(mod).resolve_report(report, ModerationAction.DISMISS)
    assert inbox(client, ada) == [("report_resolved", None, report)]
    assert inbox(client, bob) == inbox(client, mod) == []


def test_only_the_recipient_reads_and_marks(db: Db, client: Client) -> None:
    """NTF-02, NTF-05: the recipient alone reads their notifications and only marks them read,
    at the database's time and for good; no API user writes one."""
    ada, bob, eve = db.users("ada", "bob", "eve")
    client.as_user(ada).request_friendship(bob)
    client.as_user(eve).request_friendship(bob)
    mine = client.as_user(bob).notifications()
    assert len(mine) == 2
    assert client.as_user(bob).unread_notification_count() == 2
    for other in (ada, eve):
        assert client.as_user(other).notifications() == []
        assert client.as_user(other).unread_notification_count() == 0
        assert client.as_user(other).mark_notifications_read([n.id for n in mine]) == 0
        assert client.as_user(other).mark_notifications_read() == 0
    with db.as_anon() as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("select * from public.notifications")
    assert client.as_user(bob).unread_notification_count() == 2
    for statement in (
        "insert into public.notifications (recipient_id, kind) values (%s, 'report_resolved')",
        "update public.notifications set recipient_id = %s",
        "delete from public.notifications where recipient_id = %s",
    ):
        assert db.outcome(bob, statement, bob).startswith("42501")

    assert client.as_user(bob).mark_notifications_read([mine[0].id]) == 1
    assert client.as_user(bob).mark_notifications_read([mine[0].id]) == 0
    assert client.as_user(bob).unread_notification_count() == 1
    assert client.as_user(bob).notifications(unread_only=True)[0].id == mine[1].id
    # A table write marks read too, at the database's time, and never back.
    assert db.outcome(bob, "update public.notifications set read_at = null") == (
        "22023 notification_read_required")
    with db.as_user(bob) as conn:
        conn.execute("update public.notifications set read_at = now() + interval '1 year'"
                     " where id = %s", (mine[1].id,))
    assert db.one("select read_at <= now() from public.notifications where id = %s",
                  (mine[1].id,))
    assert client.as_user(bob).unread_notification_count() == 0
    assert client.as_user(bob).mark_notifications_read() == 0


def test_blocks_and_mutes_silence(db: Db, client: Client) -> None:
    """NTF-03: a mute stops the muted user's notifications for its time; a block takes back
    the pair's notifications of each other and the blocked user's of the blocker's events."""
    ada, bob, cy = db.users("ada", "bob", "cy")
    client.as_user(bob).mute_user(ada)
    client.as_user(ada).request_friendship(bob)
    assert inbox(client, bob) == []
    client.as_user(ada).remove_friendship(bob)
    client.as_user(bob).unmute_user(ada)
    client.as_user(ada).request_friendship(bob)
    assert inbox(client, bob) == [("friendship_requested", ada, None)]

    # cy applies to ada's event with a friend; ada then blocks the friend.
    friend = db.new_user("friend")
    db.befriend(cy, friend)
    event = db.event(ada, "Party")
    group = db.like_group(cy, event, [friend])
    assert inbox(client, friend) == [("like_group_member_added", cy, group)]
    assert inbox(client, ada) == [("like_group_applied", cy, group)]
    client.as_user(bob).block_user(ada)
    assert inbox(client, bob) == []
    client.as_user(ada).block_user(friend)
    assert inbox(client, friend) == []
    assert inbox(client, ada) == [("like_group_applied", cy, group)]
    client.as_user(ada).block_user(cy)
    assert inbox(client, ada) == []


def test_prune(db: Db, client: Client) -> None:
    """NTF-06: the notifications read more than 30 days ago are pruned, by service_role only."""
    ada, bob, cy = db.users("ada", "bob", "cy")
    client.as_user(ada).request_friendship(bob)
    client.as_user(cy).request_friendship(bob)
    old, recent = client.as_user(bob).notifications()
    client.as_user(bob).mark_notifications_read([old.id])
    db.admin.execute("update public.notifications set created_at = now() - interval '40 days',"
                     " read_at = now() - interval '31 days' where id = %s", (old.id,))
    assert db.outcome(bob, "select public.prune_notifications()").startswith("42501")
    assert client.as_service().prune_notifications() == 1
    assert [n.id for n in client.as_user(bob).notifications()] == [recent.id]


def test_my_chats(db: Db, client: Client) -> None:
    """CHT-06, CHT-07: each chat with its last message the caller reads and how many messages
    by others came after their last read, newest activity first, paged; a chat left is gone."""
    s = db.event_scene(1, 1)
    author, creator, friend = s.authors[0], s.group_creator, s.friends[0]
    first = db.like_group(creator, s.event, [friend])
    db.approve(first, author)
    chat1 = db.chat_of(first)
    other_event = db.event(author, "Second")
    second = db.like_group(friend, other_event)
    db.approve(second, author)
    chat2 = db.chat_of(second)
    assert chat1 is not None and chat2 is not None
    me = client.as_user(author)
    rows = me.my_chats()
    assert [(r.chat_id, r.last_message, r.unread_count) for r in rows] == [
        (chat2, None, 0), (chat1, None, 0)]
    assert (rows[1].like_group_id, rows[1].event_id) == (first, s.event)
    client.as_user(creator).send_message(chat1, "hello")
    client.as_user(friend).send_message(chat1, "hi all")
    me.send_message(chat1, "welcome")
    rows = me.my_chats()
    assert [(r.chat_id, r.last_message, r.last_sender_id, r.unread_count) for r in rows] == [
        (chat1, "welcome", author, 2), (chat2, None, None, 0)]
    assert [r.chat_id for r in me.my_chats(limit=1, before=rows[0].last_message_at,
                                           before_id=rows[0].chat_id)] == [chat2]
    me.mark_chat_read(chat1)
    assert me.my_chats()[0].unread_count == 0
    client.as_user(friend).send_message(chat1, "one more")
    assert me.my_chats()[0].unread_count == 1
    assert client.as_user(friend).my_chats()[0].unread_count == 0 + 2  # never read: all by others
    # BLK-07: what the caller does not read is neither the last message nor unread.
    client.as_user(author).block_user(friend)
    top = me.my_chats()[0]
    assert (top.last_message, top.unread_count) == ("welcome", 0)
    client.as_user(author).unblock_user(friend)
    # Marked read by table write too, at the database's time, never back.
    with db.as_user(creator) as conn:
        conn.execute("update public.chat_participants set last_read_at = now() + interval '1 day'"
                     " where chat_id = %s and user_id = %s", (chat1, creator))
    assert db.one("select last_read_at <= now() from public.chat_participants"
                  " where chat_id = %s and user_id = %s", (chat1, creator))
    assert db.outcome(creator, "update public.chat_participants set last_read_at = null"
                      " where chat_id = %s", chat1) == "22023 chat_read_required"
    client.as_user(creator).leave_chat(chat1)
    assert client.as_user(creator).my_chats() == []
    for who in (creator, db.new_user("outsider")):
        assert refusal(partial(client.as_user(who).mark_chat_read, chat1))[:2] == (
            "PT404", "chat_not_found")
    assert refusal(lambda: me.my_chats(limit=0))[:2] == ("22023", "invalid_limit")


def test_client_knows_every_kind(db: Db) -> None:
    """NTF-01: the client's kinds are the database's."""
    kinds = db.one("select enum_range(null::public.notification_kind)::text[]")
    assert [k.value for k in NotificationKind] == kinds


def test_my_chats_reads_what_the_tables_show(db: Db, client: Client) -> None:
    """CHT-07, BLK-07, MOD-04, ACC-02: for every participant, my_chats' last message and unread
    count are those of the caller's own reads of chat_messages under RLS, whatever blocks,
    removed messages and deleted accounts lie behind them."""
    s = db.event_scene(2, 4)
    group = db.like_group(s.group_creator, s.event, s.friends)
    db.approve(group, *s.authors)
    chat = db.chat_of(group)
    assert chat is not None
    people = [*s.authors, s.group_creator, *s.friends]
    for i, who in enumerate(people):
        client.as_user(who).send_message(chat, f"hello {i}")
    a, b, c, gone = s.friends
    client.as_user(a).block_user(b)
    client.as_user(c).block_user(gone)
    client.as_user(c).mark_chat_read(chat)
    client.as_user(gone).send_message(chat, "from an account about to go")
    removed = client.as_user(s.authors[0]).send_message(chat, "removed by a moderator")
    db.admin.execute("update public.chat_messages set removed_at = now() where id = %s",
                     (removed,))
    client.as_user(gone).delete_my_account(confirm=str(gone))
    client.as_user(b).send_message(chat, "after the block")
    for who in people[:-1]:
        with db.as_user(who) as conn:
            last = conn.execute(
                "select id from public.chat_messages where chat_id = %s"
                " order by created_at desc, id desc limit 1", (chat,)).fetchone()
            unread = conn.execute(
                "select count(*) from public.chat_messages m where m.chat_id = %s"
                " and m.created_at > coalesce((select last_read_at from public.chat_participants"
                " where chat_id = %s and user_id = %s), '-infinity')"
                " and m.sender_id is distinct from %s", (chat, chat, who, who)).fetchone()
        [row] = client.as_user(who).my_chats()
        assert last is not None and unread is not None
        assert (row.last_message_id, row.unread_count) == (last[0], unread[0]), who


def listening(db: Db, user: UUID) -> None:
    """Wait until a connection listens for ``user`` (kithdb.listeners)."""
    deadline = time.monotonic() + 10
    while db.one("select count(*) from kithdb.listeners where user_id = %s", (user,)) == 0:
        assert time.monotonic() < deadline, "nobody listens"
        time.sleep(0.02)


def listen_raw(db: Db, user: UUID) -> psycopg.Connection[Any]:
    """A bare connection listening on ``user``'s channel, registered as listen() does."""
    conn = psycopg.connect(db.url("authenticator"), autocommit=True)
    conn.execute(f'listen "kithdb_user_{user}"'.encode())
    with request(conn, Role.AUTHENTICATED, user):
        conn.execute("select kithdb.start_listening()")
    return conn


def heard(db: Db, client: Client, user: UUID, act: Callable[[], object],
          expect: int) -> list[News]:
    """What ``user``'s listen() yields while ``act`` runs: ``expect`` items, or what came in two
    seconds after it."""
    with ThreadPoolExecutor(1) as pool:
        got = pool.submit(lambda: list(client.as_user(user).listen(timeout=2 + 3 * expect,
                                                                   stop_after=expect or None)))
        listening(db, user)
        act()
        return got.result()


def test_listen_hears_what_the_user_reads(db: Db, client: Client) -> None:
    """NTF-07, CHT-05, BLK-07: listen() yields each new notification and message of the user's,
    read back as them, at commit; nothing of a rolled-back write, of a blocked sender or of a
    chat the user left."""
    s = db.event_scene(1, 2)
    group = db.like_group(s.group_creator, s.event, s.friends)
    db.approve(group, s.authors[0])
    chat = db.chat_of(group)
    assert chat is not None
    a, b = s.friends
    stranger = db.new_user("stranger")

    def request_and_talk() -> None:
        client.as_user(stranger).request_friendship(a)
        client.as_user(b).send_message(chat, "see you")

    news = heard(db, client, a, request_and_talk, 2)
    assert isinstance(news[0], Notification) and news[0].kind == "friendship_requested"
    assert news[0].actor_id == stranger
    assert isinstance(news[1], Message) and (news[1].body, news[1].sender_id) == ("see you", b)

    def rolled_back() -> None:
        with pytest.raises(RuntimeError), db.as_user(b) as conn:
            conn.execute("select public.send_message(%s, 'never sent')", (chat,))
            raise RuntimeError

    assert heard(db, client, a, rolled_back, 0) == []
    client.as_user(a).block_user(b)
    assert heard(db, client, a, lambda: client.as_user(b).send_message(chat, "blocked"), 0) == []
    client.as_user(a).unblock_user(b)
    client.as_user(a).leave_chat(chat)
    assert heard(db, client, a, lambda: client.as_user(b).send_message(chat, "gone"), 0) == []


def test_channel_payloads_hold_ids_only(db: Db, client: Client) -> None:
    """NTF-07, CHT-05, BLK-07: what any listener of a user's channel hears is an id, never
    content; and nothing of a chat once the user is in a block with the sender, or left it."""
    s = db.event_scene(1, 2)
    group = db.like_group(s.group_creator, s.event, s.friends)
    db.approve(group, s.authors[0])
    chat = db.chat_of(group)
    assert chat is not None
    a, b = s.friends
    sender = client.as_user(s.group_creator)
    with listen_raw(db, a) as conn:
        message = sender.send_message(chat, "a secret plan")
        payloads = [json.loads(n.payload) for n in conn.notifies(timeout=5, stop_after=1)]
        assert payloads == [{"kind": "message", "id": str(message)}]
        client.as_user(a).block_user(s.group_creator)
        sender.send_message(chat, "to a blocker")
        client.as_user(a).unblock_user(s.group_creator)
        client.as_user(a).leave_chat(chat)
        sender.send_message(chat, "to one who left")
        client.as_user(b).send_message(chat, "ping")  # b is not a: a's channel stays quiet
        assert list(conn.notifies(timeout=1)) == []


def test_alisten(db: Db, client: Client) -> None:
    """NTF-07: alisten() yields the same, for asyncio."""
    ada, bob = db.users("ada", "bob")

    async def collect() -> list[News]:
        return [n async for n in client.as_user(bob).alisten(timeout=10, stop_after=1)]

    with ThreadPoolExecutor(1) as pool:
        got = pool.submit(asyncio.run, collect())
        listening(db, bob)
        client.as_user(ada).request_friendship(bob)
        [news] = got.result()
    assert isinstance(news, Notification) and news.actor_id == ada


def test_service_role_answers_for_the_user_in_its_token(db: Db, client: Client) -> None:
    """NTF-05, ID-04: service_role calling for a user counts and marks that user's
    notifications only."""
    ada, bob, cy, dee = db.users("ada", "bob", "cy", "dee")
    client.as_user(ada).request_friendship(bob)
    client.as_user(cy).request_friendship(dee)
    with request(db.api, Role.SERVICE_ROLE, bob) as conn:
        assert conn.execute("select public.unread_notification_count()").fetchone() == (1,)
        assert conn.execute("select public.mark_notifications_read()").fetchone() == (1,)
    assert client.as_user(dee).unread_notification_count() == 1


def test_a_notification_newer_than_the_readers_transaction_is_marked_read(
    db: Db, client: Client
) -> None:
    """NTF-05: marking all read takes in a notification committed after the reader's
    transaction began, at its own time."""
    ada, bob = db.users("ada", "bob")
    with db.as_user(bob) as conn:
        conn.execute("select now()")
        client.as_user(ada).request_friendship(bob)
        assert conn.execute("select public.mark_notifications_read()").fetchone() == (1,)
    assert client.as_user(bob).unread_notification_count() == 0


def test_an_author_stepping_down_during_an_application_keeps_nothing_of_it(
    db: Db, client: Client
) -> None:
    """NTF-04: an application racing an author's step-down waits for it and does not notify
    them; the author's inbox names no group they cannot read any more."""
    s = db.event_scene(2, 1)
    leaving = s.authors[1]
    with ThreadPoolExecutor(1) as pool:
        with db.as_user(leaving) as conn:
            conn.execute("select public.leave_event_authors(%s)", (s.event,))
            applying = pool.submit(db.outcome, s.group_creator,
                                   "select public.create_like_group(%s, %s::uuid[])",
                                   s.event, s.friends)
            time.sleep(0.5)
            assert not applying.done(), "the application did not wait for the step-down"
        assert applying.result(timeout=20) == "ok"
    assert inbox(client, leaving) == []
    assert [k for k, _, _ in inbox(client, s.authors[0])] == ["like_group_applied"]


def test_a_block_during_an_application_takes_its_notification_back(
    db: Db, client: Client
) -> None:
    """NTF-03, BLK-06: an author blocking an applicant whose application is in flight waits for
    it, and then takes its notification back."""
    s = db.event_scene(1, 1)
    author = s.authors[0]
    with ThreadPoolExecutor(1) as pool:
        with db.as_user(s.group_creator) as conn:
            conn.execute("select public.create_like_group(%s, %s::uuid[])", (s.event, s.friends))
            blocking = pool.submit(db.outcome, author, "select public.block_user(%s)",
                                   s.group_creator)
            time.sleep(0.5)
            assert not blocking.done(), "the block did not wait for the application"
        assert blocking.result(timeout=20) == "ok"
    assert inbox(client, author) == []


def test_a_decision_is_not_told_to_whom_the_event_is_hidden(db: Db, client: Client) -> None:
    """NTF-03, BLK-03: a member whom the event's creator blocked learns nothing of the group's
    decision, which would name the event."""
    s = db.event_scene(1, 1)
    group = db.like_group(s.group_creator, s.event, s.friends)
    client.as_user(s.authors[0]).block_user(s.friends[0])
    assert db.approve(group, s.authors[0]) == "approved"
    assert inbox(client, s.friends[0]) == []
    assert inbox(client, s.group_creator) == [("like_group_approved", None, group)]


def test_a_decision_and_the_events_creator_blocking_a_member_do_not_deadlock(
    db: Db, client: Client
) -> None:
    """NTF-03, LGR-13, BLK-06: a decision that holds its group's row while the event's creator
    blocks one of its members (who would leave it while pending): nothing deadlocks; decided
    first, the group keeps the member, and the block takes the decision's notification to them
    back."""
    s = db.event_scene(1, 1)
    author, member = s.authors[0], s.friends[0]
    group = db.like_group(s.group_creator, s.event, s.friends)
    with ThreadPoolExecutor(2) as pool:
        with db.as_service() as holder:
            # Holding the group's row lines the two up: the decision takes it first, and the
            # block, which has its pair's lock by then, waits for it.
            holder.execute("select from public.like_groups where id = %s for update", (group,))
            deciding = pool.submit(db.outcome, author,
                                   "select public.approve_like_group(%s)", group)
            time.sleep(0.3)
            blocking = pool.submit(db.outcome, author, "select public.block_user(%s)", member)
            time.sleep(0.3)
        assert deciding.result(timeout=20) == "ok"
        assert blocking.result(timeout=20) == "ok"
    assert db.one("select status::text from public.like_groups where id = %s",
                  (group,)) == "approved"
    assert inbox(client, member) == []
    assert inbox(client, s.group_creator) == [("like_group_approved", None, group)]


def test_a_block_by_the_events_creator_takes_back_a_decision_in_flight(
    db: Db, client: Client
) -> None:
    """NTF-03, BLK-03: the event's creator blocking the creator of a group whose decision is in
    flight waits for it, and then takes its notification back: the event is hidden from
    them."""
    s = db.event_scene(1, 0)
    author = s.authors[0]
    group = db.like_group(s.group_creator, s.event)
    with ThreadPoolExecutor(1) as pool:
        with db.as_user(author) as conn:
            conn.execute("select public.approve_like_group(%s)", (group,))
            blocking = pool.submit(db.outcome, author, "select public.block_user(%s)",
                                   s.group_creator)
            time.sleep(0.5)
            assert not blocking.done(), "the block did not wait for the decision"
        assert blocking.result(timeout=20) == "ok"
    assert db.one("select status::text from public.like_groups where id = %s",
                  (group,)) == "approved"
    assert inbox(client, s.group_creator) == []


@pytest.mark.parametrize("level", [psycopg.IsolationLevel.REPEATABLE_READ,
                                   psycopg.IsolationLevel.SERIALIZABLE])
def test_a_decision_is_made_only_under_read_committed(
    db: Db, client: Client, level: psycopg.IsolationLevel
) -> None:
    """NTF-03, BLK-03: a decision whose snapshot predates a block by the event's creator would
    tell the blocked member (whom the block took out of the group) of the event: under
    REPEATABLE READ or SERIALIZABLE it is refused (25001 read_committed_required), and the group
    stays pending."""
    s = db.event_scene(1, 1)
    author, member = s.authors[0], s.friends[0]
    group = db.like_group(s.group_creator, s.event, [member])
    # Without the application's notification, which the decision takes back, the two writes
    # touch no row in common.
    db.admin.execute("delete from public.notifications where like_group_id = %s", (group,))
    conn = db.connect()
    try:
        conn.isolation_level = level
        with pytest.raises(psycopg.Error) as info, request(conn, Role.AUTHENTICATED, author):
            conn.execute("select 1")  # the snapshot is taken
            client.as_user(author).block_user(member)
            conn.execute("select public.approve_like_group(%s)", (group,))
        assert info.value.sqlstate == "25001"
        assert info.value.diag.message_detail == "read_committed_required"
    finally:
        conn.close()
    assert db.one("select status::text from public.like_groups where id = %s",
                  (group,)) == "pending"
    assert inbox(client, member) == []


def test_an_event_passed_to_a_blocker_leaves_no_notification_naming_it(
    db: Db, client: Client
) -> None:
    """NTF-03, NTF-04, BLK-03: when an event passes to an author who blocked a member of one of
    its groups, the event is hidden from the member, and so are the notifications naming it;
    the others keep theirs."""
    s = db.event_scene(2, 1)
    group = db.like_group(s.group_creator, s.event, s.friends)
    db.approve(group, *s.authors)
    member, heir = s.friends[0], s.authors[1]
    assert {k for k, _, _ in inbox(client, member)} == {"like_group_member_added",
                                                        "like_group_approved"}
    client.as_user(heir).block_user(member)
    client.as_user(s.authors[0]).leave_event_authors(s.event)
    assert db.one("select creator_id from public.events where id = %s", (s.event,)) == heir
    assert inbox(client, member) == []
    assert inbox(client, s.group_creator) == [("like_group_approved", None, group)]


def test_an_event_passed_during_a_decision_takes_its_notification_back(
    db: Db, client: Client
) -> None:
    """NTF-03, BLK-03, EVT-09: the event passes, by its creator stepping down, to an author who
    blocked a group's creator while the group's decision is in flight: the pass waits for the
    decision, and the notification naming the event, now hidden from them, goes."""
    s = db.event_scene(2, 0)
    creator, heir = s.authors
    group = db.like_group(s.group_creator, s.event)
    client.as_user(heir).block_user(s.group_creator)
    with ThreadPoolExecutor(1) as pool:
        with db.as_user(heir) as conn:
            conn.execute("select public.approve_like_group(%s)", (group,))
            passing = pool.submit(db.outcome, creator,
                                  "select public.leave_event_authors(%s)", s.event)
            time.sleep(0.5)
            assert not passing.done(), "the pass did not wait for the decision"
        assert passing.result(timeout=20) == "ok"
    assert db.one("select creator_id from public.events where id = %s", (s.event,)) == heir
    assert inbox(client, s.group_creator) == []


PASSES = {
    "step-down": "select public.leave_event_authors(%s)",
    "deletion": "select public.delete_my_account(%s)",
}


@pytest.mark.parametrize("pass_", PASSES)
def test_an_event_passing_to_an_author_blocking_in_flight_waits_for_the_block(
    db: Db, client: Client, pass_: str
) -> None:
    """NTF-03, BLK-03, EVT-09: an event passing, by its creator stepping down or deleting their
    account, to an author whose block of a member of its groups is in flight waits for the
    block; then it passes, and the notifications naming the event, now hidden from the member,
    go. (A rejected group: an approved one's chat would make the pass wait anyway.)"""
    s = db.event_scene(2, 1)
    group = db.like_group(s.group_creator, s.event, s.friends)
    db.approve(group, s.authors[0], approved=False)
    creator, heir = s.authors
    member = s.friends[0]
    param = s.event if pass_ == "step-down" else str(creator)
    with ThreadPoolExecutor(1) as pool:
        with db.as_user(heir) as conn:
            conn.execute("select public.block_user(%s)", (member,))
            passing = pool.submit(db.outcome, creator, PASSES[pass_], param)
            time.sleep(0.5)
            assert not passing.done(), "the pass did not wait for the heir's block"
        assert passing.result(timeout=20) == "ok"
    assert db.one("select creator_id from public.events where id = %s", (s.event,)) == heir
    assert inbox(client, member) == []


def test_a_pass_waits_for_no_block_of_the_heir_by_someone_else(db: Db, client: Client) -> None:
    """EVT-09, NTF-03: a block of the heir by a stranger, in flight, does not hold up the
    creator's step-down: only the heir's own blocks are waited for, so nobody else can keep an
    event from passing."""
    s = db.event_scene(2, 0)
    creator, heir = s.authors
    stranger = db.new_user("stranger")
    with ThreadPoolExecutor(1) as pool, db.as_user(stranger) as conn:
        conn.execute("select public.block_user(%s)", (heir,))
        passing = pool.submit(db.outcome, creator, PASSES["step-down"], s.event)
        assert passing.result(timeout=5) == "ok"
    assert db.one("select creator_id from public.events where id = %s", (s.event,)) == heir


def test_a_block_by_the_heir_of_an_event_in_flight_waits_for_it(db: Db, client: Client) -> None:
    """NTF-03, BLK-03, EVT-09: the heir of an event passing in flight, blocking a member of its
    groups, waits for the pass, and then takes back the notifications naming the event, now
    theirs and hidden from the member."""
    s = db.event_scene(2, 1)
    group = db.like_group(s.group_creator, s.event, s.friends)
    db.approve(group, s.authors[0], approved=False)
    creator, heir = s.authors
    member = s.friends[0]
    with ThreadPoolExecutor(1) as pool:
        with db.as_user(creator) as conn:
            conn.execute(PASSES["step-down"], (s.event,))
            blocking = pool.submit(db.outcome, heir, "select public.block_user(%s)", member)
            time.sleep(0.5)
            assert not blocking.done(), "the block did not wait for the pass"
        assert blocking.result(timeout=20) == "ok"
    assert db.one("select creator_id from public.events where id = %s", (s.event,)) == heir
    assert inbox(client, member) == []


def test_an_event_passing_to_an_author_who_blocked_its_creator_does_not_wait_for_them(
    db: Db, client: Client
) -> None:
    """BLK-03, EVT-09: an heir who blocked the creator does not exist for them, so their block of
    someone else in flight does not delay the creator's step-down."""
    s = db.event_scene(2, 1)
    creator, heir = s.authors
    client.as_user(heir).block_user(creator)
    with ThreadPoolExecutor(1) as pool, db.as_user(heir) as conn:
        conn.execute("select public.block_user(%s)", (s.friends[0],))
        passing = pool.submit(db.outcome, creator, PASSES["step-down"], s.event)
        assert passing.result(timeout=5) == "ok"
    assert db.one("select creator_id from public.events where id = %s", (s.event,)) == heir


def test_a_removed_author_hears_nothing_more_of_the_chat(db: Db, client: Client) -> None:
    """NTF-07, NTF-08, CHT-02: an author removed from the event leaves its groups' chats, and
    their channel carries none of the chat's new messages."""
    s = db.event_scene(2, 1)
    group = db.like_group(s.group_creator, s.event, s.friends)
    db.approve(group, *s.authors)
    chat = db.chat_of(group)
    assert chat is not None
    removed = s.authors[1]
    with listen_raw(db, removed) as conn:
        client.as_user(s.group_creator).send_message(chat, "before")
        assert len(list(conn.notifies(timeout=5, stop_after=1))) == 1
        client.as_user(s.authors[0]).remove_event_author(s.event, removed)
        client.as_user(s.group_creator).send_message(chat, "after the removal")
        assert list(conn.notifies(timeout=1)) == []
    assert client.as_user(removed).my_chats() == []


@pytest.mark.parametrize("departure", ["leave", "removal", "block"])
def test_a_departure_waits_for_the_messages_in_flight(
    db: Db, client: Client, departure: str
) -> None:
    """NTF-09, CHT-05, BLK-07: a participant leaving the chat, removed from it, or blocking the
    sender of a message in flight there waits for that message; committed first, it is announced
    to them as to one present, and the next message is not."""
    s = db.event_scene(2, 1)
    group = db.like_group(s.group_creator, s.event, s.friends)
    db.approve(group, *s.authors)
    chat = db.chat_of(group)
    assert chat is not None
    sender = s.group_creator
    departing, actor, statement, param = {
        "leave": (s.friends[0], s.friends[0], "select public.leave_chat(%s)", chat),
        "removal": (s.authors[1], s.authors[0], "select public.remove_event_author(%s, %s)",
                    s.event),
        "block": (s.friends[0], s.friends[0], "select public.block_user(%s)", sender),
    }[departure]
    params = (param, departing) if departure == "removal" else (param,)
    with listen_raw(db, departing) as ear, ThreadPoolExecutor(1) as pool:
        with db.as_user(sender) as conn:
            conn.execute("select public.send_message(%s, 'in flight')", (chat,))
            going = pool.submit(db.outcome, actor, statement, *params)
            time.sleep(0.5)
            assert not going.done(), f"the {departure} did not wait for the message in flight"
        assert going.result(timeout=20) == "ok"
        assert len(list(ear.notifies(timeout=5, stop_after=1))) == 1
        client.as_user(sender).send_message(chat, "after")
        assert list(ear.notifies(timeout=1)) == []


@pytest.mark.parametrize("departure", ["step-down", "deletion"])
def test_departures_from_several_chats_and_a_block_do_not_deadlock(
    db: Db, departure: str
) -> None:
    """NTF-09, CHT-02, ACC-02: an author leaving the chats of an event's approved groups (by
    stepping down, or with their account) and a block between two other authors in those chats
    take the chats' locks in one order, so neither holds one the other waits for."""
    # Each departure leaves the chats in the order their groups were approved; the block takes
    # their locks in id order. The holder stops the block at the first of those; a departure
    # that reaches it only later holds another of them then, unless it too keeps to id order.
    for attempt in range(10):
        authors = db.users(*(f"{role} {attempt}" for role in
                             ("creator", "blocker", "blocked", "departing")))
        db.befriend(authors[0], *authors[1:])
        event = db.event(authors[0], "Gig", authors=authors[1:])
        chats = []
        for name in ("one", "two", "three"):
            creator, friend = db.users(f"{name} creator {attempt}", f"{name} friend {attempt}")
            db.befriend(creator, friend)
            group = db.like_group(creator, event, [friend])
            assert db.approve(group, *authors[:2]) == "approved"
            chats.append(str(db.chat_of(group)))
        if chats[0] != min(chats):
            break
    first = min(chats)
    blocker, blocked, departing = authors[1:]
    statement, param = {
        "step-down": ("select public.leave_event_authors(%s)", event),
        "deletion": ("select public.delete_my_account(%s)", str(departing)),
    }[departure]
    with ThreadPoolExecutor(2) as pool:
        with db.as_service() as conn:
            conn.execute("select pg_advisory_xact_lock_shared(1803, hashtext(%s))", (first,))
            blocking = pool.submit(db.outcome, blocker, "select public.block_user(%s)", blocked)
            db.await_waiting(1)
            going = pool.submit(db.outcome, departing, statement, param)
            db.await_waiting(2)
        got = (blocking.result(timeout=20), going.result(timeout=20))
    assert got == ("ok", "ok")


@DELETED_BY
def test_a_block_parting_events_and_a_deletion_in_their_chats_do_not_deadlock(
    db: Db, by: str
) -> None:
    """NTF-09, BLK-02, ACC-02: a block that parts the blocked user from the blocker's event (and
    so from its chat) while the two share another chat, against the deletion of an account in
    both chats: the block takes the locks of all the chats it touches at once, in id order, as
    the deletion does, so neither holds one the other waits for."""
    for attempt in range(20):
        blocker, blocked, other_creator = db.users(*(f"{role} {attempt}" for role in
                                                     ("blocker", "blocked", "other creator")))
        deleting, first_friend, second_friend = db.users(
            *(f"{role} {attempt}" for role in ("deleting", "first friend", "second friend")))
        db.befriend(blocker, blocked)
        db.befriend(other_creator, blocker, blocked)
        db.befriend(deleting, first_friend, second_friend)
        parted = db.event(blocker, "Gig", authors=[blocked])
        shared = db.event(other_creator, "Other gig", authors=[blocker, blocked])
        parted_group = db.like_group(deleting, parted, [first_friend])
        shared_group = db.like_group(deleting, shared, [second_friend])
        assert db.approve(parted_group, blocker, blocked) == "approved"
        assert db.approve(shared_group, other_creator, blocker) == "approved"
        parted_chat, shared_chat = str(db.chat_of(parted_group)), str(db.chat_of(shared_group))
        # The block parts the blocked user from the chat of the larger id before it reaches
        # the one of the smaller: its order, unless it takes them all at once.
        if shared_chat < parted_chat:
            break
    with ThreadPoolExecutor(2) as pool:
        with db.as_service() as conn:
            conn.execute("select pg_advisory_xact_lock_shared(1803, hashtext(%s))",
                         (parted_chat,))
            blocking = pool.submit(db.outcome, blocker, "select public.block_user(%s)", blocked)
            db.await_waiting(1)
            going = pool.submit(db.delete_account, deleting, by=by)
            db.await_waiting(2)
        got = (blocking.result(timeout=20), going.result(timeout=20))
    assert got == ("ok", "ok")


def test_a_block_parting_an_attendee_and_their_own_leaving_do_not_deadlock(db: Db) -> None:
    """NTF-09, BLK-02, CHT-05: a block that parts the blocked user from the approved group they
    attend for the blocker's event, and so from its chat, while they leave that chat themselves:
    the block takes their row in the chat before the chat's lock, as their leaving does, so
    neither holds what the other waits for. The block waits, and the leaving finds nothing left
    to leave."""
    blocker, blocked, applicant = db.users("blocker", "blocked", "applicant")
    db.befriend(applicant, blocked)
    event = db.event(blocker, "Gig")
    group = db.like_group(applicant, event, [blocked])
    assert db.approve(group, blocker) == "approved"
    chat = str(db.chat_of(group))
    with ThreadPoolExecutor(2) as pool:
        with db.as_service() as conn:
            conn.execute("select pg_advisory_xact_lock_shared(1803, hashtext(%s))", (chat,))
            parting = pool.submit(db.outcome, blocker, "select public.block_user(%s)", blocked)
            db.await_waiting(1)
            leaving = pool.submit(db.outcome, blocked, "select public.leave_chat(%s)", chat)
            db.await_waiting(2)
        got = (parting.result(timeout=20), leaving.result(timeout=20))
    assert got == ("ok", "PT404 chat_not_found")


@pytest.mark.parametrize("friends", [True, False])
def test_a_block_and_the_blocked_authors_new_event_circle_do_not_deadlock(
    db: Db, friends: bool
) -> None:
    """NTF-09, DYN-03, BLK-02: a block of an author of the blocker's event while that author
    creates the event's circle: the block holds the author's authorship before any rule-circles
    lock, as the creation does, so one waits for the other."""
    blocker, blocked, group_creator, friend = db.users("blocker", "blocked", "group creator",
                                                       "friend")
    db.befriend(blocker, blocked)
    db.befriend(group_creator, friend)
    event = db.event(blocker, "Gig", authors=[blocked])
    group = db.like_group(group_creator, event, [friend])
    assert db.approve(group, blocker, blocked) == "approved"
    if not friends:
        db.rpc(blocker, "select public.remove_friendship(%s)", blocked)
    rule = json.dumps({"kind": "event", "event_id": str(event)})
    with ThreadPoolExecutor(2) as pool:
        with db.as_service() as conn:
            conn.execute("select pg_advisory_xact_lock_shared(1803, hashtext(%s))",
                         (str(db.chat_of(group)),))
            blocking = pool.submit(db.outcome, blocker, "select public.block_user(%s)", blocked)
            db.await_waiting(1)
            creating = pool.submit(db.outcome, blocked,
                                   "select public.create_dynamic_circle('Gig', %s::jsonb)", rule)
            db.await_waiting(2, unless_done=[creating])
        got = (blocking.result(timeout=20), creating.result(timeout=20))
    assert got[0] == "ok" and got[1] in ("ok", "42501 not_event_author"), got


@DELETED_BY
@pytest.mark.parametrize("departure", ["block", "step-down", "leave"])
def test_a_departure_syncing_circles_and_a_deletion_in_them_do_not_deadlock(
    db: Db, by: str, departure: str
) -> None:
    """NTF-09, DYN-03, ACC-02: a departure from an event's chat that then syncs the event's
    circles (a block between two of its authors, an author stepping down, a member leaving its
    group) against the deletion of an account in that chat and in an event circle of the event:
    both take the chat's lock, then the event's circles' lock, then the circle's row."""
    creator, author, other_author, group_creator, friend, deleting = db.users(
        "creator", "author", "other author", "group creator", "friend", "deleting")
    # The deleted account is a member of the group, or for a member's leave (which would hold
    # the group's row first) another author.
    as_author = departure == "leave"
    db.befriend(creator, author, other_author, deleting)
    db.befriend(group_creator, friend, deleting)
    event = db.event(creator, "Gig",
                     authors=[author, other_author, *([deleting] if as_author else [])])
    group = db.like_group(group_creator, event, [friend, *([] if as_author else [deleting])])
    assert db.approve(group, creator, author, *([] if as_author else [other_author])) == (
        "approved")
    # A block syncs the event circles of its two users (blocks_sync_circles).
    owner = author if departure == "block" else creator
    circle = db.rpc(owner, "select public.create_dynamic_circle('Gig', %s::jsonb)",
                    json.dumps({"kind": "event", "event_id": str(event)}))
    assert db.one("select count(*) from public.circle_members where circle_id = %s"
                  " and user_id = %s", (circle, deleting)) == 1
    actor, statement, param = {
        "block": (author, "select public.block_user(%s)", other_author),
        "step-down": (author, "select public.leave_event_authors(%s)", event),
        "leave": (friend, "select public.leave_like_group(%s)", group),
    }[departure]
    with ThreadPoolExecutor(2) as pool:
        with db.as_service() as conn:
            conn.execute("select pg_advisory_xact_lock_shared(1803, hashtext(%s))",
                         (str(db.chat_of(group)),))
            going = pool.submit(db.outcome, actor, statement, param)
            db.await_waiting(1)
            deleted = pool.submit(db.delete_account, deleting, by=by)
            db.await_waiting(2)
        got = (going.result(timeout=20), deleted.result(timeout=20))
    assert got == ("ok", "ok")


@DELETED_BY
def test_a_block_ending_a_friendship_and_a_deletion_in_its_friends_circle_do_not_deadlock(
    db: Db, by: str
) -> None:
    """NTF-09, DYN-03, ACC-02: a block that ends a friendship (syncing the blocker's friends
    circle) between two users in a chat with an account being deleted, which is in that friends
    circle: both take the friends circle's row before the chat's lock."""
    creator, blocker, blocked, deleting = db.users("creator", "blocker", "blocked", "deleting")
    db.befriend(creator, blocker, blocked)
    db.befriend(blocker, blocked, deleting)
    event = db.event(creator, "Gig", authors=[blocker, blocked])
    group = db.like_group(deleting, event)
    assert db.approve(group, creator) == "approved"
    circle = db.friends_circle(blocker)
    assert db.one("select count(*) from public.circle_members where circle_id = %s"
                  " and user_id = %s", (circle, deleting)) == 1
    with ThreadPoolExecutor(2) as pool:
        with db.as_service() as conn:
            # The deletion waits here, after its chat; the block after its friends circle.
            conn.execute("select pg_advisory_xact_lock(hashtextextended('event circles/' || %s,"
                         " 0))", (str(event),))
            going = pool.submit(db.delete_account, deleting, by=by)
            db.await_waiting(1)
            blocking = pool.submit(db.outcome, blocker, "select public.block_user(%s)", blocked)
            db.await_waiting(2)
        got = (going.result(timeout=20), blocking.result(timeout=20))
    assert got == ("ok", "ok")


def test_two_blocks_of_users_in_one_chat_do_not_deadlock(db: Db) -> None:
    """NTF-09, BLK-02, DYN-03: two blocks naming one user, between authors in one chat, the
    first ending a friendship and the second not: each takes its users' rule-circles locks
    before the chat's lock, so neither holds the chat while waiting for the other's."""
    creator, first, second, third, group_creator, friend = db.users(
        "creator", "first", "second", "third", "group creator", "friend")
    db.befriend(creator, first, second, third)
    db.befriend(first, second)
    db.befriend(group_creator, friend)
    event = db.event(creator, "Gig", authors=[first, second, third])
    group = db.like_group(group_creator, event, [friend])
    assert db.approve(group, creator, first) == "approved"
    chat = db.chat_of(group)
    with ThreadPoolExecutor(2) as pool:
        with db.as_service() as conn:
            conn.execute("select pg_advisory_xact_lock_shared(1803, hashtext(%s))", (str(chat),))
            unfriendly = pool.submit(db.outcome, third, "select public.block_user(%s)", first)
            db.await_waiting(1)
            ending_friendship = pool.submit(db.outcome, first,
                                            "select public.block_user(%s)", second)
            db.await_waiting(2)
        got = (unfriendly.result(timeout=20), ending_friendship.result(timeout=20))
    assert got == ("ok", "ok")


@DELETED_BY
def test_a_block_in_a_chat_with_an_account_being_deleted_does_not_deadlock(db: Db, by: str) -> None:
    """NTF-09, DYN-03, ACC-02: a block between two users in a chat with an account being deleted,
    one of whom that account had blocked: the block takes both users' rule-circles locks, then
    the chat's; the deletion leaves the chat, and its own block's end takes no rule-circles lock
    after (it changes no one else's circles), so neither waits for the other in a cycle."""
    creator, blocker, group_creator = db.users("creator", "blocker", "group creator")
    # The deletion's old block's end took the rule-circles locks of its two users in id order:
    # the holder holds the deleted account's, which the other block does not take.
    blocked, deleting = sorted(db.users("blocked", "deleting"), key=str, reverse=True)
    db.befriend(creator, blocker, blocked)
    db.befriend(group_creator, deleting)
    event = db.event(creator, "Gig", authors=[blocker, blocked])
    group = db.like_group(group_creator, event, [deleting])
    assert db.approve(group, creator, blocker) == "approved"
    db.rpc(deleting, "select public.block_user(%s)", blocked)
    with ThreadPoolExecutor(2) as pool:
        with db.as_service() as conn:
            conn.execute("select pg_advisory_xact_lock(hashtextextended('rule circles/' || %s,"
                         " 0))", (str(deleting),))
            going = pool.submit(db.delete_account, deleting, by=by)
            db.await_waiting(1, unless_done=[going])
            blocking = pool.submit(db.outcome, blocker, "select public.block_user(%s)", blocked)
            db.await_waiting(2, unless_done=[going, blocking])
        got = (going.result(timeout=20), blocking.result(timeout=20))
    assert got == ("ok", "ok")


@DELETED_BY
def test_leaving_a_chat_during_ones_own_deletion_does_not_deadlock(db: Db, by: str) -> None:
    """NTF-09, CHT-05, ACC-02: a user leaving one of their chats in another session while their
    account's deletion waits for a message in flight in another: the deletion, which takes all
    its chats' locks at once, takes its rows in them first, as a departure does, so the leave
    either ends first or waits for it."""
    # The deletion's cascade removes the user from the chat they joined first, first; it must
    # be the one of the larger id, for its locks to reach the other chat before its row.
    for attempt in range(10):
        leaver = db.new_user(f"leaver {attempt}")
        chats = []
        for name in ("first", "second"):
            creator, group_creator, friend = db.users(*(f"{name} {role} {attempt}" for role in
                                                        ("creator", "group creator", "friend")))
            db.befriend(creator, leaver)
            db.befriend(group_creator, friend)
            event = db.event(creator, "Gig", authors=[leaver])
            group = db.like_group(group_creator, event, [friend])
            assert db.approve(group, creator, leaver) == "approved"
            chats.append(str(db.chat_of(group)))
        if chats[0] > chats[1]:
            break
    joined_first, other = chats
    with ThreadPoolExecutor(2) as pool:
        with db.as_service() as conn:
            conn.execute("select pg_advisory_xact_lock_shared(1803, hashtext(%s))",
                         (joined_first,))
            deleting = pool.submit(db.delete_account, leaver, by=by)
            db.await_waiting(1)
            leaving = pool.submit(db.outcome, leaver, "select public.leave_chat(%s)", other)
            db.await_waiting(2)
        got = (deleting.result(timeout=20), leaving.result(timeout=20))
    assert got[0] == "ok" and got[1] in ("ok", "PT404 chat_not_found"), got


@pytest.mark.parametrize("level", [psycopg.IsolationLevel.REPEATABLE_READ,
                                   psycopg.IsolationLevel.SERIALIZABLE])
def test_a_message_is_sent_only_under_read_committed(
    db: Db, client: Client, level: psycopg.IsolationLevel
) -> None:
    """NTF-09, BLK-06: a message whose snapshot predates a departure would be announced to who
    left: under REPEATABLE READ or SERIALIZABLE it is refused (25001 read_committed_required),
    and the participant who left hears nothing."""
    s = db.event_scene(1, 1)
    group = db.like_group(s.group_creator, s.event, s.friends)
    db.approve(group, *s.authors)
    chat = db.chat_of(group)
    assert chat is not None
    conn = db.connect()
    try:
        with listen_raw(db, s.group_creator) as ear:
            conn.isolation_level = level
            with pytest.raises(psycopg.Error) as info, request(conn, Role.AUTHENTICATED,
                                                               s.friends[0]):
                conn.execute("select 1")  # the snapshot is taken
                client.as_user(s.group_creator).leave_chat(chat)
                conn.execute("select public.send_message(%s, 'after you left')", (chat,))
            assert list(ear.notifies(timeout=1)) == []
        assert info.value.sqlstate == "25001"
        assert info.value.diag.message_detail == "read_committed_required"
    finally:
        conn.close()


def test_nothing_is_announced_to_whom_nobody_listens(db: Db, client: Client) -> None:
    """NTF-07: a change is announced only for users a connection listens for: a bare LISTEN that
    did not register hears nothing, and a registration ends with its connection."""
    ada, bob = db.users("ada", "bob")
    with psycopg.connect(db.url(), autocommit=True) as conn:
        conn.execute(f'listen "kithdb_user_{bob}"'.encode())
        client.as_user(ada).request_friendship(bob)
        assert list(conn.notifies(timeout=1)) == []
    with listen_raw(db, bob) as conn:
        client.as_user(ada).remove_friendship(bob)
        client.as_user(ada).request_friendship(bob)
        assert len(list(conn.notifies(timeout=5, stop_after=1))) == 1
    gone = listen_raw(db, ada)  # a registration whose connection ended goes at the next one
    pid = gone.info.backend_pid
    gone.close()
    while db.one("select count(*) from pg_stat_activity where pid = %s", (pid,)):
        time.sleep(0.02)
    listen_raw(db, bob).close()
    assert db.one("select count(*) from kithdb.listeners where user_id = %s", (ada,)) == 0


def test_a_write_that_changes_nothing_does_not_notify_again(db: Db, client: Client) -> None:
    """NTF-01, NTF-05, RTL-01: an update of a pending request that changes neither its status nor
    its requester, by either of the pair, writes no new notification: the read one stays read,
    and a requester cannot ring the addressee's inbox again, uncounted, for every request of
    theirs at once."""
    ada, bob, cy = db.users("ada", "bob", "cy")
    client.as_user(ada).request_friendship(bob)
    client.as_user(ada).request_friendship(cy)
    client.as_user(bob).mark_notifications_read()
    (first,) = client.as_user(bob).notifications()
    for user in (ada, bob, ada):
        with db.as_user(user) as conn:
            conn.execute("update public.friendships set requested_by = requested_by,"
                         " status = status where status = 'pending'")
    assert client.as_user(bob).notifications() == [first]
    assert client.as_user(bob).unread_notification_count() == 0
    assert [n.kind for n in client.as_user(cy).notifications()] == ["friendship_requested"]


def test_a_cancellation_takes_the_invitations_to_author_the_event_back(
    db: Db, client: Client
) -> None:
    """NTF-04, EVT-10: a cancelled event's invitations to author it go, and their notifications
    with them: the inbox keeps no question that can no longer be answered."""
    ada, bob, cy = db.users("ada", "bob", "cy")
    db.befriend(ada, bob, cy)
    event = db.event(ada, "Gig")
    other = db.event(ada, "Picnic")
    for e in (event, other):
        client.as_user(ada).add_event_author(e, bob)
    client.as_user(ada).add_event_author(event, cy)
    client.as_user(ada).cancel_event(event)
    assert inbox(client, cy) == []
    assert inbox(client, bob) == [("event_author_invitation", ada, other)]
    assert db.one("select count(*) from public.event_author_invitations where event_id = %s",
                  (event,)) == 0


def test_a_cancellation_waits_for_an_invitation_in_flight_and_takes_it_back(
    db: Db, client: Client
) -> None:
    """EVT-10, NTF-04: an invitation to author the event made while it is cancelled is
    withdrawn with the others: the cancellation waits for it (the event's authors lock)."""
    ada, bob, cy = db.users("ada", "bob", "cy")
    db.befriend(ada, bob, cy)
    event = db.event(ada, "Gig", authors=[bob])
    with ThreadPoolExecutor(1) as pool:
        with db.as_user(bob) as conn:
            conn.execute("select public.add_event_author(%s, %s)", (event, cy))
            cancelling = pool.submit(db.outcome, ada, "select public.cancel_event(%s)", event)
            db.await_waiting(1, unless_done=[cancelling])
        assert cancelling.result(timeout=20) == "ok"
    assert inbox(client, cy) == []
    assert db.one("select count(*) from public.event_author_invitations") == 0

