"""Rate limits and cool-downs through PostgREST-shaped sessions: each cap refuses the write past
it with PT429 and writes nothing, counts in a rolling window per user, and a declined request or
invitation is not repeated by its sender for a while."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from uuid import UUID

import psycopg
import pytest

from kithdb import Client, KithdbError, RateLimited, ReportReason, ReportTargetKind
from kithdb.errors import from_psycopg
from tests.conftest import Db, refusal


def set_limit(db: Db, action: str, max_count: int, per: str) -> None:
    """As service_role would: change one cap."""
    with db.as_service() as conn:
        conn.execute("update public.rate_limits set max_count = %s, per = %s::interval"
                     " where action = %s", (max_count, per, action))


def test_friend_requests_past_the_cap_are_refused(db: Db, client: Client) -> None:
    """RTL-01, RTL-02: past the day's cap, a request is refused with PT429 rate_limited and
    nothing is written; withdrawing requests does not give them back; the window rolls; another
    user has a cap of their own."""
    set_limit(db, "friend_request", 3, "1 day")
    ada, eve, *others = db.users("ada", "eve", *(f"u{i}" for i in range(5)))
    ada_s = client.as_user(ada)
    for other in others[:3]:
        ada_s.request_friendship(other)
    ada_s.remove_friendship(others[0])  # withdrawn: it was sent all the same
    assert refusal(lambda: ada_s.request_friendship(others[3]))[:2] == ("PT429", "rate_limited")
    with pytest.raises(RateLimited):
        ada_s.request_friendship(others[0])
    assert db.one("select count(*) from public.friendships where requested_by = %s", (ada,)) == 2
    client.as_user(eve).request_friendship(others[3])
    db.admin.execute("update kithdb.rate_events set at = at - interval '1 day 1 second'")
    ada_s.request_friendship(others[3])
    with db.as_service() as conn:  # service_role with no user is nobody's action
        conn.execute("insert into public.friendships (user_id, friend_id, status, requested_by)"
                     " values (least(%(a)s::uuid, %(b)s::uuid), greatest(%(a)s::uuid, %(b)s::uuid),"
                     " 'pending', %(a)s)", {"a": ada, "b": others[4]})


def test_a_chat_caps_messages_per_chat(db: Db, client: Client) -> None:
    """RTL-01: chat messages are capped per chat: past the cap in one chat, a message there is
    refused and nothing is written."""
    set_limit(db, "chat_message", 2, "1 minute")
    scene = db.event_scene(n_authors=1, n_friends=1)
    group = db.like_group(scene.group_creator, scene.event, scene.friends)
    db.approve(group, *scene.authors)
    chat = db.chat_of(group)
    assert chat is not None
    sender = client.as_user(scene.group_creator)
    sender.send_message(chat, "1")
    sender.send_message(chat, "2")
    assert refusal(lambda: sender.send_message(chat, "3"))[:2] == ("PT429", "rate_limited")
    assert [m.body for m in sender.messages(chat)] == ["1", "2"]
    client.as_user(scene.friends[0]).send_message(chat, "mine")
    other = db.event(scene.authors[0], "Other")
    db.approve(db.like_group(scene.group_creator, other, scene.friends), scene.authors[0])
    other_chat = db.one("select chat_id from public.like_groups where event_id = %s", (other,))
    sender.send_message(other_chat, "another chat, another count")


def test_reports_and_like_groups_and_invitations_are_capped(db: Db, client: Client) -> None:
    """RTL-01: reports, like-group applications and circle invitations each have their cap,
    also when written by table."""
    ada, bob, cat = db.users("ada", "bob", "cat")
    db.befriend(ada, bob, cat)
    set_limit(db, "report", 1, "1 day")
    set_limit(db, "like_group", 1, "1 day")
    set_limit(db, "circle_invitation", 1, "1 day")
    ada_s = client.as_user(ada)
    ada_s.report(ReportTargetKind.USER, bob, ReportReason.SPAM)
    assert refusal(lambda: ada_s.report(ReportTargetKind.USER, cat, ReportReason.SPAM))[:2] == (
        "PT429", "rate_limited")
    assert db.outcome(ada, "insert into public.reports (target_kind, target_id, reason)"
                      " values ('user', %s, 'spam')", cat) == "PT429 rate_limited"
    first, second = db.event(bob, "A"), db.event(bob, "B")
    ada_s.create_like_group(first, [])
    assert refusal(lambda: ada_s.create_like_group(second, []))[:2] == ("PT429", "rate_limited")
    circle = ada_s.create_circle("C")
    ada_s.invite_to_circle(circle, bob)
    assert refusal(lambda: ada_s.invite_to_circle(circle, cat))[:2] == ("PT429", "rate_limited")


def test_events_and_blocks_are_capped(db: Db, client: Client) -> None:
    """RTL-01: events made and blocks made each have their cap, by RPC and by table write; an
    unblock gives none back. Each event and block costs an account's deletion its locks, which
    uncapped could run the server's lock table out for everyone."""
    ada, bob, cat, dan = db.users("ada", "bob", "cat", "dan")
    set_limit(db, "event", 1, "1 day")
    set_limit(db, "block", 1, "1 day")
    ada_s = client.as_user(ada)
    starts = datetime.now(UTC) + timedelta(days=7)
    ada_s.create_event("Gig", starts)
    assert refusal(lambda: ada_s.create_event("Gig 2", starts))[:2] == ("PT429", "rate_limited")
    assert db.outcome(ada, "insert into public.events (title, starts_at)"
                      " values ('Gig 3', now() + interval '7 days')") == "PT429 rate_limited"
    assert db.one("select count(*) from public.events where creator_id = %s", (ada,)) == 1
    ada_s.block_user(bob)
    ada_s.unblock_user(bob)
    assert refusal(lambda: ada_s.block_user(cat))[:2] == ("PT429", "rate_limited")
    assert db.outcome(ada, "insert into public.blocks (blocker_id, blocked_id)"
                      " values (%s, %s)", ada, dan) == "PT429 rate_limited"
    assert db.one("select count(*) from public.blocks where blocker_id = %s", (ada,)) == 0
    client.as_user(bob).block_user(cat)  # a cap of his own


def test_invitations_to_author_and_members_added_are_capped(db: Db, client: Client) -> None:
    """RTL-01, NTF-01: invitations to author an event and members put in a like group by its
    creator each have their cap, withdrawn or not, so that inviting and withdrawing again and
    again notifies nobody past it; the creator putting themselves in counts for nothing."""
    ada, bob, cat = db.users("ada", "bob", "cat")
    db.befriend(ada, bob, cat)
    set_limit(db, "event_author_invitation", 2, "1 day")
    set_limit(db, "like_group_member", 2, "1 day")
    ada_s = client.as_user(ada)
    event = db.event(ada, "Gig")
    for _ in range(2):
        ada_s.add_event_author(event, bob)
        assert db.outcome(ada, "delete from public.event_author_invitations"
                          " where event_id = %s", event) == "ok"
    assert refusal(lambda: ada_s.add_event_author(event, bob))[:2] == ("PT429", "rate_limited")
    group = db.like_group(bob, db.event(cat, "Party"), [ada])  # bob himself is not counted
    client.as_user(bob).remove_like_group_member(group, ada)
    client.as_user(bob).add_like_group_member(group, ada)
    client.as_user(bob).remove_like_group_member(group, ada)
    assert refusal(lambda: client.as_user(bob).add_like_group_member(group, ada))[:2] == (
        "PT429", "rate_limited")


def test_a_request_in_flight_counts_before_the_next(db: Db, client: Client) -> None:
    """RTL-01: while one request of a user is in flight (not committed), their next waits for
    it, then counts it: the cap of one lets one through."""
    set_limit(db, "friend_request", 1, "1 day")
    ada, bob, cat = db.users("ada", "bob", "cat")
    with ThreadPoolExecutor(1) as pool:
        with db.as_user(ada) as conn:
            conn.execute("select public.request_friendship(%s)", (bob,))
            asking = pool.submit(client.as_user(ada).request_friendship, cat)
            with pytest.raises(TimeoutError):
                asking.result(timeout=0.5)
        with pytest.raises(RateLimited):
            asking.result(timeout=10)


def test_concurrent_requests_never_pass_the_cap(db: Db, client: Client) -> None:
    """RTL-01: requests sent at once count one after another: exactly the cap goes through."""
    set_limit(db, "friend_request", 5, "1 day")
    ada, *others = db.users("ada", *(f"u{i}" for i in range(12)))
    client.pool.resize(min_size=4, max_size=12)

    def ask(other: UUID) -> str:
        try:
            client.as_user(ada).request_friendship(other)
        except KithdbError as err:
            return str(err.reason)
        return "ok"

    with ThreadPoolExecutor(12) as pool:
        outcomes = list(pool.map(ask, others))
    assert sorted(outcomes) == ["ok"] * 5 + ["rate_limited"] * 7


def test_a_declined_request_is_not_repeated_for_a_while(db: Db, client: Client) -> None:
    """RTL-03: the sender of a declined request may not ask again during the cool-down (PT409
    recently_declined), by RPC or table write; the addressee asking first is no repeat; after
    the cool-down the sender may."""
    ada, bob, cat, dan = db.users("ada", "bob", "cat", "dan")
    ada_s, bob_s = client.as_user(ada), client.as_user(bob)
    ada_s.request_friendship(bob)
    bob_s.respond_friendship(ada, False)
    assert refusal(lambda: ada_s.request_friendship(bob))[:2] == ("PT409", "recently_declined")
    assert db.outcome(ada, "update public.friendships set status = 'pending'"
                      " where requested_by = %s", ada) == "PT409 recently_declined"
    assert bob_s.request_friendship(ada).value == "pending"  # the addressee asks: no repeat
    client.as_user(cat).request_friendship(dan)
    client.as_user(dan).respond_friendship(cat, False)
    set_limit(db, "repeat_declined", 0, "1 microsecond")  # the cool-down is over
    client.as_user(cat).request_friendship(dan)


def test_a_declined_invitation_is_not_repeated_for_a_while(db: Db, client: Client) -> None:
    """RTL-04: after the invitee declines a circle's invitation, that circle does not invite
    them again during the cool-down (PT409 recently_declined); another circle may; an invitation
    an admin withdrew is no decline."""
    ada, bob, cat = db.users("ada", "bob", "cat")
    db.befriend(ada, bob, cat)
    ada_s = client.as_user(ada)
    first, second = ada_s.create_circle("First"), ada_s.create_circle("Second")
    ada_s.invite_to_circle(first, bob)
    client.as_user(bob).decline_circle_invitation(first)
    assert refusal(lambda: ada_s.invite_to_circle(first, bob))[:2] == ("PT409", "recently_declined")
    ada_s.invite_to_circle(second, bob)
    ada_s.invite_to_circle(first, cat)
    ada_s.remove_circle_member(first, cat)
    ada_s.invite_to_circle(first, cat)
    db.admin.execute("update kithdb.circle_declines set declined_at = now() - interval '31 days'")
    ada_s.invite_to_circle(first, bob)


def test_an_event_does_not_ask_again_a_user_who_declined_to_author_it(
    db: Db, client: Client
) -> None:
    """RTL-05: after the invitee declines to author an event, no author of it invites them again
    during the cool-down (PT409 recently_declined), by RPC or table write; another event may; an
    invitation an author withdrew is no decline, nor one accepted and left."""
    ada, bob, cat, dan = db.users("ada", "bob", "cat", "dan")
    db.befriend(ada, bob, cat, dan)
    first = db.event(ada, "First", authors=[dan])
    second = db.event(ada, "Second")
    ada_s = client.as_user(ada)
    ada_s.add_event_author(first, bob)
    client.as_user(bob).respond_event_author_invitation(first, accept=False)
    assert refusal(lambda: ada_s.add_event_author(first, bob))[:2] == ("PT409", "recently_declined")
    assert refusal(lambda: client.as_user(dan).add_event_author(first, bob))[:2] == (
        "PT409", "recently_declined")
    with pytest.raises(psycopg.Error) as raw, db.as_user(dan) as conn:
        conn.execute("insert into public.event_author_invitations (event_id, user_id)"
                     " values (%s, %s)", (first, bob))
    assert from_psycopg(raw.value).reason == "recently_declined"
    ada_s.add_event_author(second, bob)
    ada_s.add_event_author(first, cat)
    with db.as_user(ada) as conn:
        conn.execute("delete from public.event_author_invitations where user_id = %s", (cat,))
    ada_s.add_event_author(first, cat)
    client.as_user(cat).respond_event_author_invitation(first, accept=True)
    client.as_user(cat).leave_event_authors(first)
    ada_s.add_event_author(first, cat)
    db.admin.execute(
        "update kithdb.event_author_declines set declined_at = now() - interval '31 days'")
    ada_s.add_event_author(first, bob)


@pytest.mark.parametrize("into", ["circle", "event"])
def test_an_invitation_a_block_withdrew_is_no_decline(db: Db, client: Client, into: str) -> None:
    """RTL-04, RTL-05, BLK-02: cat invited bob into ada's circle, or to author an event ada
    authors; bob's block of ada withdraws that invitation. Bob declined nothing of cat's: once
    he unblocks ada, cat invites him again at once."""
    ada, bob, cat = db.users("ada", "bob", "cat")
    db.befriend(cat, ada, bob)
    cat_s = client.as_user(cat)
    if into == "circle":
        target = db.circle(ada, "Ada's", members=[cat])
        db.rpc(ada, "select public.set_circle_member_role(%s, %s, 'admin')", target, cat)

        def invite() -> None:
            cat_s.invite_to_circle(target, bob)
    else:
        target = db.event(cat, "Gig", authors=[ada])

        def invite() -> None:
            cat_s.add_event_author(target, bob)
    invite()
    client.as_user(bob).block_user(ada)
    client.as_user(bob).unblock_user(ada)
    invite()


def test_a_reinvitation_in_flight_meets_the_decline(db: Db, client: Client) -> None:
    """RTL-05: an author inviting bob again while his decline commits waits for it (the old
    invitation's key) and is then refused as any re-invitation in the cool-down is."""
    ada, bob = db.users("ada", "bob")
    db.befriend(ada, bob)
    event = db.event(ada, "E")
    client.as_user(ada).add_event_author(event, bob)
    with ThreadPoolExecutor(1) as pool:
        with db.as_user(bob) as conn:
            conn.execute("select public.respond_event_author_invitation(%s, false)", (event,))
            inviting = pool.submit(db.outcome, ada, "select public.add_event_author(%s, %s)",
                                   event, bob)
            db.await_waiting(1, unless_done=[inviting])
        assert inviting.result(timeout=20) == "PT409 recently_declined"
    assert db.one("select count(*) from public.event_author_invitations") == 0


def test_a_circle_reinvitation_in_flight_meets_the_decline(db: Db, client: Client) -> None:
    """RTL-04: an admin inviting bob again by table write while his decline commits waits for it
    (the old invitation's key) and is then refused as any re-invitation in the cool-down is."""
    ada, bob = db.users("ada", "bob")
    db.befriend(ada, bob)
    circle = db.circle(ada, "C")
    client.as_user(ada).invite_to_circle(circle, bob)
    with ThreadPoolExecutor(1) as pool:
        with db.as_user(bob) as conn:
            conn.execute("select public.decline_circle_invitation(%s)", (circle,))
            inviting = pool.submit(db.outcome, ada, "insert into public.circle_members"
                                   " (circle_id, user_id, status) values (%s, %s, 'invited')",
                                   circle, bob)
            db.await_waiting(1, unless_done=[inviting])
        assert inviting.result(timeout=20) == "PT409 recently_declined"
    assert db.one("select count(*) from public.circle_members where user_id = %s", (bob,)) == 0


def test_the_sender_cannot_clear_a_recent_decline(db: Db, client: Client) -> None:
    """RTL-03, BLK-02: the sender of a declined request cannot clear it during the cool-down
    (by RPC or table write) to ask again; a block by the sender still ends it."""
    ada, bob = db.users("ada", "bob")
    client.as_user(ada).request_friendship(bob)
    client.as_user(bob).respond_friendship(ada, False)
    assert refusal(lambda: client.as_user(ada).remove_friendship(bob))[:2] == (
        "PT409", "recently_declined")
    assert db.outcome(ada, "delete from public.friendships where %s in (user_id, friend_id)",
                      bob) == "PT409 recently_declined"
    assert refusal(lambda: client.as_user(ada).request_friendship(bob))[:2] == (
        "PT409", "recently_declined")
    assert client.as_user(bob).notifications() == []
    client.as_user(ada).block_user(bob)  # BLK-02: a block ends the declined request all the same
    assert db.one("select count(*) from public.friendships where %s in (user_id, friend_id)",
                  (ada,)) == 0


@pytest.mark.parametrize("blocker", ["sender", "addressee"])
def test_a_block_ends_a_decline_but_not_its_cool_down(
    db: Db, client: Client, blocker: str
) -> None:
    """RTL-03, BLK-02: a block and its lifting do not start a declined request's cool-down over,
    whoever blocked: its sender asking again is refused until it is over, by RPC or table write;
    the addressee asking first still is no repeat. An addressee clearing the decline without a
    block forgives it."""
    ada, bob, cat = db.users("ada", "bob", "cat")
    for sender, addressee in ((ada, bob), (ada, cat)):
        client.as_user(sender).request_friendship(addressee)
        client.as_user(addressee).respond_friendship(sender, False)
    who = ada if blocker == "sender" else bob
    other = bob if who == ada else ada
    client.as_user(who).block_user(other)
    client.as_user(who).unblock_user(other)
    assert refusal(lambda: client.as_user(ada).request_friendship(bob))[:2] == (
        "PT409", "recently_declined")
    insert = ("insert into public.friendships (user_id, friend_id, requested_by)"
              " values (least(%s, %s::uuid), greatest(%s, %s::uuid), %s)")
    assert db.outcome(ada, insert, ada, bob, ada, bob, ada) == "PT409 recently_declined"
    assert client.as_user(bob).notifications() == []
    client.as_user(cat).remove_friendship(ada)  # cat forgives: nothing is kept
    client.as_user(ada).request_friendship(cat)
    client.as_user(bob).request_friendship(ada)  # the addressee asking first forgives too
    client.as_user(ada).respond_friendship(bob, True)
    client.as_user(bob).remove_friendship(ada)
    assert client.as_user(ada).request_friendship(bob).value == "pending"
