"""A user's account as a whole: the export and the deletion."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from uuid import UUID, uuid4

import psycopg
import pytest

from kithdb import Client, InvalidInput, PostAudience, ReportReason, ReportTargetKind
from kithdb.session import Role, request
from tests.conftest import DELETED_BY, Db, answer


def test_an_export_holds_what_the_caller_wrote_and_hides_what_they_may_not_read(
    db: Db, client: Client
) -> None:
    """ACC-01, BLK-03: ada's export holds her profile, friendships, posts, the messages she sent
    (in a chat she left too), the approvals she gave (on an event she no longer authors) and her
    reports; not a mute of someone who blocked her, nor anyone else's rows."""
    ada, bob, cat, dan = db.users("ada", "bob", "cat", "dan")
    db.befriend(cat, ada)
    db.befriend(bob, dan)
    event = db.event(cat, "Gig", authors=[ada])
    group = db.like_group(bob, event, [dan])
    db.approve(group, cat, ada)
    chat = db.chat_of(group)
    assert chat is not None
    ada_s = client.as_user(ada)
    ada_s.send_message(chat, "welcome")
    ada_s.leave_chat(chat)
    ada_s.leave_event_authors(event)
    post = ada_s.create_post("hello", PostAudience.PUBLIC)
    ada_s.mute_user(bob)
    ada_s.mute_user(dan)
    client.as_user(dan).block_user(ada)
    ada_s.report(ReportTargetKind.USER, bob, ReportReason.SPAM)
    client.as_user(bob).create_post("bob's", PostAudience.PUBLIC)

    data = ada_s.export_my_data()
    assert data["user_id"] == str(ada) and data["profile"]["id"] == str(ada)
    assert [f["status"] for f in data["friendships"]] == ["accepted"]
    assert [(p["id"], p["body"]) for p in data["posts"]] == [(str(post), "hello")]
    assert [m["body"] for m in data["chat_messages"]] == ["welcome"]
    assert [(v["group_id"], v["approved"]) for v in data["like_group_approvals"]] == [
        (str(group), True)]
    assert [m["muted_id"] for m in data["mutes"]] == [str(bob)]  # dan blocked her
    assert [r["target_id"] for r in data["reports"]] == [str(bob)]
    assert all("resolved_by" not in r for r in data["reports"])
    assert str(dan) not in str(data)  # nothing names the user who blocked her
    assert "bob's" not in str(data)


def test_an_export_holds_no_circle_the_caller_left(db: Db, client: Client) -> None:
    """ACC-01, CIR-10: a circle ada created and then left is no longer hers to read: her export
    holds none of what its admins wrote in it since, as it holds a circle she still takes part
    in."""
    ada, bob = db.users("ada", "bob")
    db.befriend(ada, bob)
    kept = db.circle(ada, "Ours", members=[bob])
    left = db.circle(ada, "Plans", members=[bob])
    db.rpc(ada, "select public.set_circle_member_role(%s, %s, 'admin')", left, bob)
    db.rpc(ada, "select public.leave_circle(%s)", left)
    assert db.outcome(bob, "update public.circles set description = 'a surprise for ada'"
                      " where id = %s", left) == "ok"
    data = client.as_user(ada).export_my_data()
    assert [c["id"] for c in data["circles_created"]] == [str(kept)]
    assert "a surprise for ada" not in str(data)


def test_an_export_holds_nothing_of_an_event_a_block_hid(db: Db, client: Client) -> None:
    """ACC-01, BLK-03: once cat, who made the event ada co-authored, blocks her, the event does
    not exist for ada: her export holds neither the invitation she made to author it nor her
    vote on a group applying to it, whose later fate would tell her of it."""
    ada, bob, cat, dan, eve = db.users("ada", "bob", "cat", "dan", "eve")
    db.befriend(cat, ada, eve)
    db.befriend(bob, dan)
    gig = db.event(cat, "Gig", authors=[ada])
    db.rpc(ada, "select public.add_event_author(%s, %s)", gig, eve)
    group = db.like_group(bob, gig, [dan])
    db.approve(group, ada)
    client.as_user(cat).block_user(ada)
    data = client.as_user(ada).export_my_data()
    assert data["event_author_invitations"] == [] and data["like_group_approvals"] == []
    assert str(gig) not in str(data) and str(group) not in str(data)


# Every table of kithdb's schemas and of auth, for a scan of each row.
ALL_TABLES = """
    select format('%I.%I', n.nspname, c.relname) from pg_class c
    join pg_namespace n on n.oid = c.relnamespace
    where c.relkind = 'r' and n.nspname in ('public', 'kithdb', 'auth') order by 1"""


def rows_naming(db: Db, user: UUID) -> dict[str, int]:
    """How many rows of each table hold ``user``'s id anywhere (as the DBA)."""
    found: dict[str, int] = {}
    for (table,) in db.admin.execute(ALL_TABLES.encode()).fetchall():
        count = db.one(f"select count(*) from {table} t where t::text like %s", (f"%{user}%",))
        if count:
            found[table] = count
    return found


def suspend_by_service(db: Db, report: UUID) -> str:
    """service_role's suspension of the user ``report`` is about, on a connection of its own (for
    races), as ``answer`` says it."""
    with db.connect() as conn, request(conn, Role.SERVICE_ROLE, None) as c:
        return answer(lambda: c.execute("select public.resolve_report(%s, 'suspend_user')",
                                        (report,)))


@contextmanager
def deletion_in_flight(
    db: Db, pool: ThreadPoolExecutor, user: UUID, *, by: str
) -> Iterator[Future[str]]:
    """``user``'s account deletion (as ``Db.delete_account``), waiting in its lock phase, with
    the user's own lock held, until the block ends: a friend's circle that holds the user is
    locked meanwhile."""
    bob = db.new_user("bob")
    db.befriend(bob, user)
    circle = db.circle(bob, "Bob's", members=[user])
    with db.as_service() as holder:
        holder.execute("select from public.circles where id = %s for update", (circle,))
        deleting = pool.submit(db.delete_account, user, by=by)
        db.await_waiting(1)
        yield deleting


def test_a_deleted_account_leaves_the_others_what_they_share(db: Db, client: Client) -> None:
    """ACC-02, EVT-09, EVT-10, LGR-11, CIR-03: ada deletes her account. Her event with another
    author passes to him; her event without one is cancelled for everyone, its approved group
    and chat going on, its pending group expired; her approved group passes to its next member, her
    pending one goes; her circle passes to its member; she leaves bob's friends circle and her
    invitation to his other circle goes (no decline is recorded for an account that is gone);
    her messages stay in the chat, sent by nobody; and no row anywhere names her, in one
    transaction."""
    ada, bob, cat, dan, fay = db.users("ada", "bob", "cat", "dan", "fay")
    db.befriend(ada, bob, cat, dan)
    db.befriend(bob, cat, dan)
    db.befriend(cat, dan, fay)
    hosted = db.event(ada, "Hosted", authors=[cat])
    alone = db.event(ada, "Alone")
    approved = db.like_group(bob, alone, [dan])
    assert db.approve(approved, ada) == "approved"
    pending = db.like_group(cat, alone, [fay])
    cats = db.event(cat, "Cat's")
    mine = db.like_group(ada, cats, [bob, dan])
    assert db.approve(mine, cat) == "approved"
    gone = db.like_group(ada, db.event(cat, "Cat's second"), [bob])
    circle = db.circle(ada, "Ada's", members=[bob])
    db.circle(bob, "Bob's", invitees=[ada])  # an invitation she never answered
    bobs_friends = client.as_user(bob).create_dynamic_circle("Bob's friends", {"kind": "friends"})
    chat = db.chat_of(approved)
    assert chat is not None
    ada_s = client.as_user(ada)
    ada_s.send_message(chat, "from ada")
    client.as_user(bob).send_message(chat, "from bob")
    ada_s.create_post("ada's post", PostAudience.PUBLIC)
    ada_s.mute_user(cat)
    ada_s.block_user(db.new_user("eve"))
    ada_s.report(ReportTargetKind.USER, dan, ReportReason.SPAM)

    ada_s.delete_my_account(confirm=str(ada))

    assert db.one("select count(*) from auth.users where id = %s", (ada,)) == 0
    assert rows_naming(db, ada) == {}
    bob_s = client.as_user(bob)
    bob_s.block_user(db.new_user("gus"))  # a reader who hides someone still reads her messages
    assert [(m.sender_id, m.body) for m in bob_s.messages(chat)] == [
        (None, "from ada"), (bob, "from bob")]
    assert db.one("select (creator_id, status)::text from public.events where id = %s",
                  (hosted,)) == f"({cat},scheduled)"
    assert db.one("select (creator_id, status)::text from public.events where id = %s",
                  (alone,)) == "(,cancelled)"
    with db.as_user(dan) as conn:  # a member of its group reads it cancelled, not vanished
        seen = conn.execute("select status::text from public.events where id = %s",
                            (alone,)).fetchall()
    assert seen == [("cancelled",)]
    assert db.one("select status::text from public.like_groups where id = %s",
                  (approved,)) == "approved"
    assert db.one("select status::text from public.like_groups where id = %s",
                  (pending,)) == "expired"
    # Members who joined together stand in line by id.
    assert db.one("select creator_id from public.like_groups where id = %s",
                  (mine,)) == min(bob, dan)
    assert db.one("select count(*) from public.like_groups where id = %s", (gone,)) == 0
    assert db.one("select role::text from public.circle_members where circle_id = %s"
                  " and user_id = %s", (circle, bob)) == "admin"
    assert db.one("select count(*) from public.circle_members where circle_id = %s",
                  (bobs_friends,)) == 3  # bob, cat and dan


def test_an_account_is_deleted_only_with_its_own_id_as_confirmation(
    db: Db, client: Client
) -> None:
    """ACC-02: delete_my_account with anything but the caller's own id (another user's id, an
    empty string, null) is 22023 account_confirmation_mismatch, and nothing goes."""
    ada, bob = db.users("ada", "bob")
    ada_s = client.as_user(ada)
    for wrong in (str(bob), "", "yes"):
        with pytest.raises(InvalidInput) as info:
            ada_s.delete_my_account(confirm=wrong)
        assert info.value.reason == "account_confirmation_mismatch"
    assert db.outcome(ada, "select public.delete_my_account(null)") == (
        "22023 account_confirmation_mismatch")
    assert db.one("select count(*) from public.profiles where id in (%s, %s)", (ada, bob)) == 2
    assert db.outcome(ada, "select public.delete_my_account(%s)", str(ada)) == "ok"
    assert db.one("select count(*) from public.profiles where id in (%s, %s)", (ada, bob)) == 1


def test_an_auth_user_deleted_by_the_operator_parts_the_same_way(db: Db) -> None:
    """ACC-02: deleting the auth user directly (Supabase's dashboard or admin API, a DBA) hands
    the event to its other author and keeps the messages, as delete_my_account does."""
    ada, bob = db.users("ada", "bob")
    db.befriend(ada, bob)
    event = db.event(ada, "Gig", authors=[bob])
    db.admin.execute("delete from auth.users where id = %s", (ada,))
    assert db.one("select creator_id from public.events where id = %s", (event,)) == bob
    assert rows_naming(db, ada) == {}


def test_a_profile_deleted_by_a_table_write_takes_its_auth_user(db: Db) -> None:
    """PRO-01, ACC-02: service_role deleting a profile, as an admin panel may, deletes the
    account: no auth user is left to sign in to an account that every write calls gone, and
    its email signs up again."""
    ada, bob = db.users("ada", "bob")
    db.befriend(ada, bob)
    email = db.one("select email from auth.users where id = %s", (ada,))
    with db.as_service() as conn:
        conn.execute("delete from public.profiles where id = %s", (ada,))
    assert db.one("select count(*) from auth.users where id = %s", (ada,)) == 0
    assert rows_naming(db, ada) == {}
    db.admin.execute("insert into auth.users (id, email) values (gen_random_uuid(), %s)", (email,))
    assert db.one("select count(*) from auth.users u join public.profiles p on p.id = u.id"
                  " where u.email = %s", (email,)) == 1


def test_a_suspended_user_may_still_delete_their_account(db: Db, client: Client) -> None:
    """ACC-02, MOD-05: a suspension refuses writes, never the account's deletion."""
    (ada,) = db.users("ada")
    db.admin.execute("insert into public.suspensions (user_id) values (%s)", (ada,))
    client.as_user(ada).delete_my_account(confirm=str(ada))
    assert db.one("select count(*) from public.profiles where id = %s", (ada,)) == 0


def test_a_suspension_made_while_the_user_deletes_their_account_never_refuses_it(
    db: Db, client: Client
) -> None:
    """ACC-02, MOD-05: a moderator suspends ada while she deletes her account: the deletion
    waits for the suspension and then goes through, the suspension with it."""
    ada, bob = db.users("ada", "bob")
    report = client.as_user(bob).report(ReportTargetKind.USER, ada, ReportReason.SPAM)
    with ThreadPoolExecutor(1) as pool:
        with db.as_service() as conn:
            conn.execute("select public.resolve_report(%s, 'suspend_user')", (report,))
            deleting = pool.submit(db.delete_account, ada)
            db.await_waiting(1, unless_done=[deleting])
        assert deleting.result(timeout=20) == "ok"
    assert db.one("select count(*) from public.profiles where id = %s", (ada,)) == 0
    assert db.one("select count(*) from public.suspensions") == 0


def test_a_suspension_made_while_the_user_deletes_their_account_answers_as_for_none(
    db: Db, client: Client
) -> None:
    """ACC-02, MOD-05: a moderator suspending ada while her deletion is being made waits for it
    and is told PT404 user_not_found, as for a user who does not exist, not a raw 23503."""
    ada, bob = db.users("ada", "bob")
    report = client.as_user(bob).report(ReportTargetKind.USER, ada, ReportReason.SPAM)

    with ThreadPoolExecutor(1) as pool:
        with db.as_user(ada) as conn:
            conn.execute("select public.delete_my_account(%s)", (str(ada),))
            suspending = pool.submit(suspend_by_service, db, report)
            db.await_waiting(1, unless_done=[suspending])
        assert suspending.result(timeout=20) == "PT404 user_not_found"


@DELETED_BY
@pytest.mark.parametrize("to", ["event", "circle"])
def test_a_decline_and_the_invitees_deletion_do_not_deadlock(
    db: Db, client: Client, by: str, to: str
) -> None:
    """ACC-03, RTL-04, RTL-05: bob declines ada's invitation (to author her event, or to her
    circle) while his account is being deleted (held, here, at his friendship with ada): the
    deletion waits for the decline, which records it first; neither fails with 40P01."""
    ada, bob = db.users("ada", "bob")
    db.befriend(ada, bob)
    if to == "event":
        target = db.event(ada, "E")
        client.as_user(ada).add_event_author(target, bob)
        decline, gone = ("select public.respond_event_author_invitation(%s, false)",
                         "PT404 event_author_invitation_not_found")
    else:
        target = db.circle(ada, "C")
        client.as_user(ada).invite_to_circle(target, bob)
        decline, gone = ("select public.decline_circle_invitation(%s)",
                         "PT404 circle_invitation_not_found")
    with ThreadPoolExecutor(2) as pool:
        with db.as_service() as holder:
            holder.execute("select from public.friendships for update")
            deleting = pool.submit(db.delete_account, bob, by=by)
            db.await_waiting(1)
            declining = pool.submit(db.outcome, bob, decline, target)
            db.await_waiting(2, unless_done=[declining])
        assert deleting.result(timeout=20) == "ok"
        assert declining.result(timeout=20) in {"ok", "42501 not_authenticated", gone}
    assert db.one("select count(*) from public.profiles where id = %s", (bob,)) == 0


@DELETED_BY
def test_a_report_being_resolved_and_its_reporters_deletion_do_not_deadlock(
    db: Db, client: Client, by: str
) -> None:
    """ACC-03, MOD-03: bob's report on ada is being resolved (waiting, here, for ada's running
    suspension) when bob's account is deleted: the deletion waits for the resolution, which
    notifies bob first; neither fails with 40P01."""
    ada, bob = db.users("ada", "bob")
    db.admin.execute("insert into public.suspensions (user_id) values (%s)", (ada,))
    report = client.as_user(bob).report(ReportTargetKind.USER, ada, ReportReason.SPAM)

    with ThreadPoolExecutor(2) as pool:
        with db.as_service() as holder:
            holder.execute("update public.suspensions set until = until where user_id = %s",
                           (ada,))
            resolving = pool.submit(suspend_by_service, db, report)
            db.await_waiting(1)
            deleting = pool.submit(db.delete_account, bob, by=by)
            db.await_waiting(2)
        assert (resolving.result(timeout=20), deleting.result(timeout=20)) == ("ok", "ok")
    assert db.one("select count(*) from public.profiles where id = %s", (bob,)) == 0


def test_a_request_racing_the_deletion_answers_as_for_a_missing_user(
    db: Db, client: Client
) -> None:
    """ACC-02, SEC-05: a friend request to an account being deleted waits for the deletion and
    answers PT404 user_not_found, never a raw foreign-key error; nothing of it is left."""
    ada, bob = db.users("ada", "bob")
    with ThreadPoolExecutor(1) as pool:
        with db.as_user(ada) as conn:
            conn.execute("select public.delete_my_account(%s)", (str(ada),))
            asking = pool.submit(db.outcome, bob, "select public.request_friendship(%s)", ada)
            time.sleep(0.5)
            assert not asking.done(), "the request did not wait for the deletion"
        assert asking.result(timeout=20) == "PT404 user_not_found"
    assert rows_naming(db, ada) == {}


def test_what_a_block_hid_stays_hidden_after_the_deletion(db: Db, client: Client) -> None:
    """ACC-02, BLK-03, BLK-07: ada blocked bob, and cat blocked ada, all three in one chat. After
    ada deletes her account, bob reads neither her messages nor her cancelled event, and cat not
    her messages; dan, in a block with nobody, reads them all."""
    ada, bob, cat, dan = db.users("ada", "bob", "cat", "dan")
    db.befriend(ada, bob, cat, dan)
    db.befriend(bob, cat, dan)
    event = db.event(dan, "Dan's")
    group = db.like_group(ada, event, [bob, cat])
    assert db.approve(group, dan) == "approved"
    chat = db.chat_of(group)
    assert chat is not None
    secret = db.rpc(ada, "select public.create_event('Party', now() + interval '1 day',"
                         " null, 'at my new address')")
    ada_s = client.as_user(ada)
    ada_s.send_message(chat, "before")
    ada_s.block_user(bob)
    client.as_user(cat).block_user(ada)
    ada_s.send_message(chat, "after")

    ada_s.delete_my_account(confirm=str(ada))

    def read(user: UUID) -> tuple[list[str], int]:
        messages = [m.body for m in client.as_user(user).messages(chat)]
        with db.as_user(user) as conn:
            events = conn.execute("select count(*) from public.events where id = %s",
                                  (secret,)).fetchone()
        assert events is not None
        return messages, events[0]

    assert read(bob) == ([], 0)
    assert read(cat) == ([], 1)
    assert read(dan) == (["before", "after"], 1)


@pytest.mark.parametrize("blocker", ["eve", "ada"])
def test_a_deleted_accounts_messages_stay_hidden_from_who_joins_the_chat_later(
    db: Db, client: Client, blocker: str
) -> None:
    """ACC-02, BLK-07: eve and ada are in a block (either way round), and eve is in none of
    ada's chats when ada deletes her account. When eve later joins one, as a new author of its
    event, she reads none of ada's messages there; dan, in a block with nobody, reads them."""
    ada, bob, dan, eve = db.users("ada", "bob", "dan", "eve")
    db.befriend(ada, bob)
    db.befriend(dan, eve)
    event = db.event(dan, "Dan's")
    group = db.like_group(ada, event, [bob])
    assert db.approve(group, dan) == "approved"
    chat = db.chat_of(group)
    assert chat is not None
    client.as_user(ada).send_message(chat, "hello")
    if blocker == "eve":
        client.as_user(eve).block_user(ada)
    else:
        client.as_user(ada).block_user(eve)

    client.as_user(ada).delete_my_account(confirm=str(ada))
    db.rpc(dan, "select public.add_event_author(%s, %s)", event, eve)
    db.rpc(eve, "select public.respond_event_author_invitation(%s, true)", event)

    assert [c.chat_id for c in client.as_user(eve).my_chats()] == [chat]
    assert [m.body for m in client.as_user(eve).messages(chat)] == []
    assert client.as_user(eve).my_chats()[0].last_message is None
    assert [m.body for m in client.as_user(dan).messages(chat)] == ["hello"]


def test_accounts_deleted_together_share_what_they_held(db: Db) -> None:
    """ACC-02: a DBA deleting two accounts in one statement, each an author of the other's
    event and both in an approved group: each event passes to the author left, or is
    cancelled, and the group to its remaining member; nothing names either."""
    ada, bob, cat, dan = db.users("ada", "bob", "cat", "dan")
    db.befriend(ada, bob, cat, dan)
    db.befriend(bob, cat, dan)
    hers = db.event(ada, "Hers", authors=[bob, cat])
    his = db.event(bob, "His", authors=[ada])
    group = db.like_group(ada, db.event(dan, "Dan's"), [bob, cat])
    assert db.approve(group, dan) == "approved"
    db.admin.execute("delete from auth.users where id = any(%s)", ([ada, bob],))
    assert db.one("select creator_id from public.events where id = %s", (hers,)) == cat
    assert db.one("select (creator_id, status)::text from public.events where id = %s",
                  (his,)) == "(,cancelled)"
    assert db.one("select creator_id from public.like_groups where id = %s", (group,)) == cat
    assert rows_naming(db, ada) == {} and rows_naming(db, bob) == {}


@DELETED_BY
@pytest.mark.parametrize(
    "racer", ["leave_circle", "remove_circle_member", "set_circle_member_role"])
def test_a_deletion_racing_a_write_in_its_circle_does_not_deadlock(
    db: Db, by: str, racer: str
) -> None:
    """ACC-02, CIR-03: ada, her circle's first admin, deletes her account while bob leaves it,
    or while dan, its other admin, removes her or makes her a member: both succeed or the
    write is refused as the circle then stands, never a deadlock, and one admin at least is
    left."""
    for _ in range(8):
        ada, bob, dan = db.users("ada", "bob", "dan")
        db.befriend(ada, bob, dan)
        circle = db.circle(ada, "Hers", members=[bob, dan])
        if racer != "leave_circle":
            db.rpc(ada, "select public.set_circle_member_role(%s, %s, 'admin')", circle, dan)
        writer, statement, args = {
            "leave_circle": (bob, "select public.leave_circle(%s)", (circle,)),
            "remove_circle_member": (dan, "select public.remove_circle_member(%s, %s)",
                                     (circle, ada)),
            "set_circle_member_role": (dan, "select public.set_circle_member_role(%s, %s,"
                                       " 'member')", (circle, ada)),
        }[racer]
        with ThreadPoolExecutor(2) as pool:
            deleting = pool.submit(db.delete_account, ada, by=by)
            writing = pool.submit(db.outcome, writer, statement, *args)
            got = (deleting.result(timeout=30), writing.result(timeout=30))
        assert got[0] == "ok" and got[1] in (
            "ok", "PT409 last_circle_admin", "PT404 circle_member_not_found"), got
        assert db.one("select count(*) from public.circle_members where circle_id = %s"
                      " and role = 'admin'", (circle,)) >= 1


@DELETED_BY
@pytest.mark.parametrize("racer", ["cancel_event", "remove_event_author"])
def test_a_deletion_racing_an_authors_write_does_not_deadlock(
    db: Db, by: str, racer: str
) -> None:
    """ACC-02, EVT-09, EVT-10: ada deleting her account while an author cancels her event, or
    while the creator of another event removes her from its authors: both succeed, whichever
    goes first, in every round (the two take their locks in one order)."""
    for _ in range(8):
        ada, bob, cat = db.users("ada", "bob", "cat")
        db.befriend(ada, bob, cat)
        hers = db.event(ada, "Hers", authors=[bob])
        cats = db.event(cat, "Cat's", authors=[ada])
        other = ((bob, "select public.cancel_event(%s)", (hers,)) if racer == "cancel_event"
                 else (cat, "select public.remove_event_author(%s, %s)", (cats, ada)))
        with ThreadPoolExecutor(2) as pool:
            deleting = pool.submit(db.delete_account, ada, by=by)
            racing = pool.submit(db.outcome, other[0], other[1], *other[2])
            got = (deleting.result(timeout=30), racing.result(timeout=30))
        assert got[0] == "ok" and got[1] in ("ok", "PT404 event_author_not_found",
                                             "42501 not_event_author"), got


@DELETED_BY
@pytest.mark.parametrize("racer", ["add_like_group_member", "block_user", "unblock_user"])
def test_a_deletion_racing_a_write_naming_it_in_a_group_does_not_deadlock(
    db: Db, by: str, racer: str
) -> None:
    """ACC-02, BLK-06, LGR-13: ada, whom zed blocked, deletes her account while kim adds her to
    his group, while bob, in a group with her, blocks her, or while zed lifts his block: the
    write waits for the deletion or the deletion for the write, never a deadlock; a write that
    comes second answers as for a missing user or block."""
    ada, bob, kim, zed, cat = db.users("ada", "bob", "kim", "zed", "cat")
    db.befriend(kim, ada, bob)
    db.rpc(zed, "select public.block_user(%s)", ada)
    event = db.event(cat, "Gig")
    group = db.like_group(kim, event, [bob] if racer == "add_like_group_member" else [ada, bob])
    writer, statement, args = {
        "add_like_group_member": (kim, "select public.add_like_group_member(%s, %s)",
                                  (group, ada)),
        "block_user": (bob, "select public.block_user(%s)", (ada,)),
        "unblock_user": (zed, "select public.unblock_user(%s)", (ada,)),
    }[racer]
    with ThreadPoolExecutor(2) as pool:
        with db.as_service() as holder:
            # Holding the group's row lines the two up: each takes its first locks, then waits
            # for the row or for the other, which by then waits for what it holds.
            holder.execute("select from public.like_groups where id = %s for update", (group,))
            if racer == "add_like_group_member":
                writing = pool.submit(db.outcome, writer, statement, *args)
                time.sleep(0.3)
            deleting = pool.submit(db.delete_account, ada, by=by)
            time.sleep(0.3)
            if racer != "add_like_group_member":
                writing = pool.submit(db.outcome, writer, statement, *args)
                time.sleep(0.3)
        got = (deleting.result(timeout=20), writing.result(timeout=20))
    assert got[0] == "ok" and got[1] in (
        "ok", "PT404 user_not_found", "PT404 block_not_found"), got
    assert rows_naming(db, ada) == {}


@DELETED_BY
@pytest.mark.parametrize("racer", ["create_like_group", "delete_my_account"])
def test_a_deletion_meeting_a_block_made_while_it_waited_does_not_deadlock(
    db: Db, by: str, racer: str
) -> None:
    """ACC-02, BLK-06: uma's block of ada commits while ada's deletion waits for it, and cat
    names both in a new group, or uma deletes her own account, meanwhile: the deletion, which
    then has one more user's lock to take, takes its locks again in order; nothing deadlocks."""
    ada, uma = sorted(db.users("ada", "uma"), key=str, reverse=True)  # uma's id sorts first
    cat, fay = db.users("cat", "fay")
    db.befriend(cat, ada, uma)
    event = db.event(fay, "Gig")
    with ThreadPoolExecutor(2) as pool:
        with db.as_user(uma) as conn:
            conn.execute("select public.block_user(%s)", (ada,))
            deleting = pool.submit(db.delete_account, ada, by=by)
            time.sleep(0.3)
            racing = (
                pool.submit(db.outcome, cat, "select public.create_like_group(%s, %s::uuid[])",
                            event, [ada, uma])
                if racer == "create_like_group" else
                pool.submit(db.outcome, uma, "select public.delete_my_account(%s)", str(uma)))
            time.sleep(0.3)
        got = (deleting.result(timeout=20), racing.result(timeout=20))
    assert got[0] == "ok" and got[1] in ("ok", "PT404 user_not_found", "42501 blocked_pair"), got
    assert rows_naming(db, ada) == {}


@DELETED_BY
@pytest.mark.parametrize("racer", ["remove_friendship", "respond_friendship", "request_friendship"])
def test_a_friendship_ended_or_begun_as_the_account_is_deleted_does_not_deadlock(
    db: Db, by: str, racer: str
) -> None:
    """ACC-03, DYN-03: ada ends her friendship with zoe, or accepts zoe's request (answering it,
    or asking back), while zoe's account is deleted; each has a friends circle. The friendship's
    write takes both users' locks before its row, as the deletion takes zoe's first: the one
    that comes second waits for the other, and neither deadlocks."""
    ada, zoe = db.users("ada", "zoe")
    if racer == "remove_friendship":
        db.befriend(ada, zoe)
    else:
        db.rpc(zoe, "select public.request_friendship(%s)", ada)
    for user in (ada, zoe):
        db.friends_circle(user)
    statement = {
        "remove_friendship": "select public.remove_friendship(%s)",
        "respond_friendship": "select public.respond_friendship(%s, true)",
        "request_friendship": "select public.request_friendship(%s)",
    }[racer]
    with ThreadPoolExecutor(2) as pool:
        with db.connect("postgres") as holder:
            # Ada's write waits here for her friends circles, after all it takes before them.
            holder.execute("select kithdb.lock_rule_circles_of(%s)", (ada,))
            writing = pool.submit(db.outcome, ada, statement, zoe)
            db.await_waiting(1)
            deleting = pool.submit(db.delete_account, zoe, by=by)
            db.await_waiting(2)
        got = (writing.result(timeout=20), deleting.result(timeout=20))
    assert got == ("ok", "ok")
    assert rows_naming(db, zoe) == {}


@DELETED_BY
def test_two_users_asking_each_other_as_one_is_deleted_do_not_deadlock(db: Db, by: str) -> None:
    """ACC-03, FRI-01: zoe's request to ada is in flight while zoe's account is deleted, and ada
    asks zoe meanwhile. Each friendship call takes both users' locks before anything else,
    whatever the row says when it looks: ada's waits for the deletion, then answers as for a
    missing user; nothing deadlocks."""
    ada, zoe = db.users("ada", "zoe")
    for user in (ada, zoe):
        db.friends_circle(user)
    with ThreadPoolExecutor(2) as pool:
        with db.as_user(zoe) as conn:
            # Zoe's request commits when this block ends.
            conn.execute("select public.request_friendship(%s)", (ada,))
            deleting = pool.submit(db.delete_account, zoe, by=by)
            db.await_waiting(1)
            asking = pool.submit(db.outcome, ada, "select public.request_friendship(%s)", zoe)
            db.await_waiting(2)
        got = (deleting.result(timeout=20), asking.result(timeout=20))
    assert got == ("ok", "PT404 user_not_found")
    assert rows_naming(db, zoe) == {}


@DELETED_BY
def test_a_block_lifted_while_the_answer_waits_does_not_deadlock_with_a_deletion(
    db: Db, by: str
) -> None:
    """ACC-03, BLK-03: xan blocked cat; cat answers xan while cat's own lock is held, and xan
    meanwhile lifts the block, asks cat, and deletes her account. Cat's call, which began as
    one to a blocker and waited for cat's lock alone, takes xan's lock too once it finds the
    block gone, so it waits for the deletion and then finds no request; nothing deadlocks."""
    xan, cat = db.users("xan", "cat")
    circles = {user: db.friends_circle(user) for user in (xan, cat)}
    db.rpc(xan, "select public.block_user(%s)", cat)
    release = threading.Event()

    def hold_cats_lock() -> None:
        with db.connect("postgres") as conn:
            conn.execute("select kithdb.lock_user_blocks(%s, true)", (cat,))
            release.wait(20)

    with ThreadPoolExecutor(3) as pool:
        with db.as_user(xan) as conn:
            # Xan lifts her block and asks cat in one request, committed at the end of this block.
            conn.execute("select public.unblock_user(%s)", (cat,))
            conn.execute("select public.request_friendship(%s)", (cat,))
            holding = pool.submit(hold_cats_lock)
            db.await_waiting(1)
            answering = pool.submit(db.outcome, cat, "select public.respond_friendship(%s, true)",
                                    xan)
            db.await_waiting(2)
        with db.as_service() as holder:
            # Xan's deletion waits here for her friends circle, holding her lock.
            holder.execute("select from public.circles where id = %s for update", (circles[xan],))
            deleting = pool.submit(db.delete_account, xan, by=by)
            db.await_waiting(2)
            release.set()
            holding.result(timeout=20)
            db.await_waiting(2, unless_done=[answering])
        got = (answering.result(timeout=20), deleting.result(timeout=20))
    assert got == ("PT404 friendship_request_not_found", "ok")
    assert rows_naming(db, xan) == {}


@DELETED_BY
@pytest.mark.parametrize("statement", ["select public.remove_friendship(%s)",
                                       "select public.respond_friendship(%s, true)"])
def test_during_ones_own_deletion_a_blocker_answers_as_a_missing_user(
    db: Db, by: str, statement: str
) -> None:
    """ACC-03, BLK-03, ID-03: while ada's account is deleted, her token's friendship calls about
    xan, who blocked her, and about a user who does not exist both wait for the deletion (her
    own lock), then answer 42501 not_authenticated: neither the wait nor the answer tells a
    blocker from nobody."""
    ada, xan = db.users("ada", "xan")
    db.rpc(xan, "select public.block_user(%s)", ada)
    with ThreadPoolExecutor(3) as pool:
        with deletion_in_flight(db, pool, ada, by=by) as deleting:
            calls = [pool.submit(db.outcome, ada, statement, other) for other in (xan, uuid4())]
            db.await_waiting(3, unless_done=calls)
        answers = [call.result(timeout=20) for call in calls]
        assert deleting.result(timeout=20) == "ok"
    assert answers == ["42501 not_authenticated"] * 2


@DELETED_BY
def test_asking_back_as_ones_own_account_is_deleted_answers_that_it_is_gone(
    db: Db, by: str
) -> None:
    """ACC-03, ID-03: zoe asked ada; ada asks back while her own account is deleted. The request
    waits for the deletion, which holds her lock, then answers 42501 not_authenticated, not a
    raw foreign-key error naming the row it could not write."""
    ada, zoe = db.users("ada", "zoe")
    db.rpc(zoe, "select public.request_friendship(%s)", ada)
    with ThreadPoolExecutor(2) as pool:
        with deletion_in_flight(db, pool, ada, by=by) as deleting:
            asking = pool.submit(db.outcome, ada, "select public.request_friendship(%s)", zoe)
            db.await_waiting(2)
        got = (deleting.result(timeout=20), asking.result(timeout=20))
    assert got == ("ok", "42501 not_authenticated")
    assert rows_naming(db, ada) == {}


@DELETED_BY
@pytest.mark.parametrize("statement", ["select public.block_user(%s)",
                                       "select public.create_like_group(%s)"])
def test_a_write_made_as_ones_own_account_is_deleted_answers_that_it_is_gone(
    db: Db, by: str, statement: str
) -> None:
    """ACC-03, ID-03: ada blocks zoe, or applies to zoe's event, while her own account is
    deleted. The call waits for the deletion, which holds her lock, then answers 42501
    not_authenticated: not a raw foreign-key error naming the row it could not write, nor
    "no such user" about herself."""
    ada, zoe = db.users("ada", "zoe")
    target = zoe if "block" in statement else db.event(zoe, "Zoe's")
    with ThreadPoolExecutor(2) as pool:
        with deletion_in_flight(db, pool, ada, by=by) as deleting:
            calling = pool.submit(db.outcome, ada, statement, target)
            db.await_waiting(2)
        got = (deleting.result(timeout=20), calling.result(timeout=20))
    assert got == ("ok", "42501 not_authenticated")
    assert rows_naming(db, ada) == {}


@DELETED_BY
def test_an_application_waiting_as_ones_own_account_is_deleted_answers_that_it_is_gone(
    db: Db, by: str
) -> None:
    """ACC-03, ID-03: ada applies to zoe's event with her friend cat while the event's
    applications are held (an acceptance or a cancellation in flight), and her account is deleted
    meanwhile, her friendships with it: the application answers 42501 not_authenticated, not
    that cat is no friend or no user."""
    ada, zoe, cat = db.users("ada", "zoe", "cat")
    db.befriend(ada, cat)
    event = db.event(zoe, "Zoe's")
    with ThreadPoolExecutor(1) as pool, db.as_service() as holder:
        holder.execute("select kithdb.lock_event_applications(%s, true)", (event,))
        applying = pool.submit(db.outcome, ada, "select public.create_like_group(%s, %s)",
                               event, [cat])
        db.await_waiting(1, unless_done=[applying])
        assert db.delete_account(ada, by=by) == "ok"
    assert applying.result(timeout=20) == "42501 not_authenticated"
    assert rows_naming(db, ada) == {}


def test_an_operators_and_the_users_own_deletion_of_one_account_do_not_deadlock(db: Db) -> None:
    """ACC-03, MOD-05: an operator deletes ada's account, which is suspended, while she deletes
    it herself: the operator's delete holds her auth row through its lock phase, and her own
    deletion takes that row before anything else of hers (her suspension), so it waits, then
    finds her gone; neither deadlocks."""
    ada, bob = db.users("ada", "bob")
    db.befriend(ada, bob)
    db.admin.execute("insert into public.suspensions (user_id) values (%s)", (ada,))
    with ThreadPoolExecutor(2) as pool:
        with db.as_service() as holder:
            # The operator's lock phase waits here, holding the auth row.
            holder.execute("select kithdb.lock_user_blocks(%s, true)", (ada,))
            operator = pool.submit(db.delete_account, ada, by="operator")
            db.await_waiting(1)
            own = pool.submit(db.delete_account, ada)
            db.await_waiting(2)
        got = (operator.result(timeout=20), own.result(timeout=20))
    assert got == ("ok", "ok")
    assert rows_naming(db, ada) == {}


@DELETED_BY
def test_a_deletion_cancels_an_event_passed_to_it_while_it_waited_without_deadlock(
    db: Db, by: str,
) -> None:
    """ACC-02, EVT-09: fay steps down from her event, which passes to ada, while ada deletes her
    account and cat applies to it naming ada: the deletion, which then has the event to cancel,
    takes its locks again in order; nothing deadlocks, and the event is cancelled."""
    ada, cat, fay = db.users("ada", "cat", "fay")
    db.befriend(cat, ada, fay)
    db.befriend(fay, ada)
    event = db.event(fay, "Gig", authors=[ada])
    with ThreadPoolExecutor(2) as pool:
        with db.as_user(fay) as conn:
            conn.execute("select public.leave_event_authors(%s)", (event,))
            deleting = pool.submit(db.delete_account, ada, by=by)
            time.sleep(0.3)
            applying = pool.submit(db.outcome, cat,
                                   "select public.create_like_group(%s, %s::uuid[])",
                                   event, [ada])
            time.sleep(0.3)
        got = (deleting.result(timeout=20), applying.result(timeout=20))
    assert got[0] == "ok" and got[1] in (
        "PT404 user_not_found", "PT409 event_cancelled", "42501 event_author_cannot_apply"), got
    assert db.one("select (creator_id, status)::text from public.events where id = %s",
                  (event,)) == "(,cancelled)"


@DELETED_BY
def test_a_deletion_waits_for_a_block_by_the_heir_of_its_event_before_its_rows(
    db: Db, by: str, client: Client
) -> None:
    """ACC-02, NTF-03, LGR-13: the heir of ada's event is blocking a member of one of its pending
    groups (lined up behind a held pair lock) as ada deletes her account: the deletion waits for
    that block before it locks the groups the block takes the member out of, so neither
    deadlocks; the event passes to the heir, and the member is out of the group."""
    ada, hal, gus, uma = db.users("ada", "hal", "gus", "uma")
    db.befriend(ada, hal)
    db.befriend(gus, uma)
    event = db.event(ada, "Gig", authors=[hal])
    group = db.like_group(gus, event, [uma])
    with ThreadPoolExecutor(2) as pool:
        with db.as_service() as conn:
            conn.execute("select kithdb.lock_pair(%s, %s, true)", (hal, uma))
            blocking = pool.submit(db.outcome, hal, "select public.block_user(%s)", uma)
            db.await_waiting(1)
            deleting = pool.submit(db.delete_account, ada, by=by)
            time.sleep(0.5)  # it waits for the block, or, taking no lock of the heir's, ends
        got = (blocking.result(timeout=20), deleting.result(timeout=20))
    assert got == ("ok", "ok")
    assert db.one("select creator_id from public.events where id = %s", (event,)) == hal
    assert db.one("select count(*) from public.like_group_members where group_id = %s"
                  " and user_id = %s", (group, uma)) == 0
    assert [n.event_id for n in client.as_user(uma).notifications()] == []


def test_a_deletion_ends_while_others_block_and_unblock_the_account(db: Db) -> None:
    """ACC-02, BLK-06: twelve users block and unblock ada over and over while she deletes her
    account: each change to her blocks made while the deletion waits makes it take its locks
    again, but not for good; it ends within the API's statement timeout."""
    ada, *others = db.users("ada", *(f"u{i}" for i in range(12)))
    done = threading.Event()

    def churn(user: UUID) -> set[str]:
        seen = set()
        with psycopg.connect(db.url("authenticator")) as conn:
            while not done.is_set():
                for statement in ("select public.block_user(%s)",
                                  "select public.unblock_user(%s)"):
                    try:
                        with request(conn, Role.AUTHENTICATED, user) as c:
                            c.execute(statement, (ada,))
                        seen.add("ok")
                    except psycopg.Error as err:
                        seen.add(f"{err.sqlstate} {err.diag.message_detail}")
        return seen

    with ThreadPoolExecutor(len(others)) as pool:
        churning = [pool.submit(churn, u) for u in others]
        time.sleep(0.5)
        try:
            deleted = db.outcome(ada, "select public.delete_my_account(%s)", str(ada))
        finally:
            done.set()
        seen = set().union(*(c.result(timeout=30) for c in churning))
    assert deleted == "ok"
    assert seen <= {"ok", "PT404 user_not_found", "PT404 block_not_found"}, seen
    assert rows_naming(db, ada) == {}


def test_accounts_in_a_block_deleted_together(db: Db, client: Client) -> None:
    """ACC-02, BLK-03: a DBA deleting, in one statement, a user and someone who blocked them
    (whose event and messages would stay hidden from them) deletes both."""
    xia, ada, bob, org = db.users("xia", "ada", "bob", "org")  # xia's row goes first
    db.befriend(ada, xia, bob)
    db.event(ada, "Hers")
    group = db.like_group(ada, db.event(org, "Gig"), [xia, bob])
    assert db.approve(group, org) == "approved"
    chat = db.chat_of(group)
    assert chat is not None
    client.as_user(ada).send_message(chat, "hi")
    client.as_user(ada).block_user(xia)
    db.admin.execute("delete from auth.users where id = any(%s)", ([xia, ada],))
    assert rows_naming(db, ada) == {} and rows_naming(db, xia) == {}


def test_an_event_a_block_hid_cannot_be_applied_to_after_the_deletion(
    db: Db, client: Client
) -> None:
    """ACC-02, BLK-03: ada blocked xia; ada's event passes to bob when she deletes her account.
    To xia it stays a missing event: reading it, applying to it, or making a circle of its
    attendees all answer as for an event that does not exist."""
    ada, bob, xia, yan = db.users("ada", "bob", "xia", "yan")
    db.befriend(ada, bob, xia)
    db.befriend(xia, yan)
    event = db.event(ada, "Hers", authors=[bob])
    client.as_user(ada).block_user(xia)
    client.as_user(ada).delete_my_account(confirm=str(ada))
    assert db.one("select creator_id from public.events where id = %s", (event,)) == bob
    assert db.outcome(xia, "select public.create_like_group(%s, %s::uuid[])", event,
                      [yan]) == "PT404 event_not_found"
    assert db.outcome(xia, "select public.create_dynamic_circle('c', %s::jsonb)",
                      f'{{"kind": "event", "event_id": "{event}"}}') == "PT404 event_not_found"


def test_nobody_brings_an_event_a_block_hid_to_the_user_it_hides_from(db: Db) -> None:
    """ACC-02, BLK-04, LGR-13: ada blocked xia, then deleted her account; her event passes to
    bob and stays hidden from xia. As while ada's block stood, bob cannot invite xia to author
    it, nor can yan put xia in a like group for it (42501 blocked_pair), and xia reads neither."""
    ada, bob, xia, yan = db.users("ada", "bob", "xia", "yan")
    db.befriend(ada, bob, xia)
    db.befriend(bob, xia)
    db.befriend(xia, yan)
    event = db.event(ada, "Hers", authors=[bob])
    db.rpc(ada, "select public.block_user(%s)", xia)
    assert db.delete_account(ada, by="operator") == "ok"
    assert db.outcome(bob, "select public.add_event_author(%s, %s)", event,
                      xia) == "42501 blocked_pair"
    assert db.outcome(yan, "select public.create_like_group(%s, %s::uuid[])", event,
                      [xia]) == "42501 blocked_pair"
    with db.as_user(xia) as conn:
        assert conn.execute("select count(*) from public.event_author_invitations").fetchone() \
            == conn.execute("select count(*) from public.like_groups").fetchone() == (0,)


def test_a_group_whose_creator_left_is_nobodys_to_withdraw_or_change(
    db: Db, client: Client
) -> None:
    """LGR-10, ACC-02: once an approved group's creator deleted their account and nobody took
    it, nobody is its creator: withdrawing it or adding or removing members is refused as for a
    non-creator, before any other answer."""
    author, creator, friend = db.users("author", "creator", "friend")
    db.befriend(author, friend)
    group = db.like_group(creator, db.event(author, "Gig"))
    db.approve(group, author)
    client.as_user(creator).delete_my_account(confirm=str(creator))
    for statement, args in (("select public.withdraw_like_group(%s)", (group,)),
                            ("select public.add_like_group_member(%s, %s)", (group, friend)),
                            ("select public.remove_like_group_member(%s, %s)", (group, friend))):
        assert db.outcome(author, statement, *args).split()[1] in (
            "not_like_group_creator", "like_group_not_found"), statement


@DELETED_BY
def test_an_acceptance_of_an_invitation_by_an_account_being_deleted_does_not_deadlock(
    db: Db, by: str
) -> None:
    """ACC-02, CIR-04: bob accepts ada's invitation while ada's account, her circle's last
    member, is deleted: the deletion holds the circle before her profile, and the acceptance
    waits for the circle holding nothing of hers, so the deletion ends the circle and the
    acceptance finds no invitation, never a deadlock."""
    ada, bob = db.users("ada", "bob")
    db.befriend(ada, bob)
    circle = db.circle(ada, "Hers", invitees=[bob])
    event = db.event(ada, "Hers too")
    with ThreadPoolExecutor(2) as pool, psycopg.connect(db.url()) as holder:
        # The deletion's last lock before its profile, held here: it stops there, holding the
        # circle, while the acceptance comes.
        holder.execute("select pg_advisory_xact_lock(hashtextextended(%s, 0))",
                       (f"event circles/{event}",))
        deleting = pool.submit(db.delete_account, ada, by=by)
        db.await_waiting(1)
        accepting = pool.submit(db.outcome, bob,
                                "select public.accept_circle_invitation(%s)", circle)
        db.await_waiting(2)
        holder.commit()
        got = (deleting.result(timeout=30), accepting.result(timeout=30))
    assert got == ("ok", "PT404 circle_invitation_not_found")


@DELETED_BY
def test_an_audience_change_racing_the_authors_deletion_does_not_deadlock(
    db: Db, by: str
) -> None:
    """ACC-03, ID-03, PST-10: ada turns her circles post public by table write (which holds the
    post's row first) while her account is deleted (which holds her profile, then waits for the
    post). The change answers 42501 not_authenticated at once, and the deletion goes through:
    never a deadlock that fails the deletion."""
    ada, bob = db.users("ada", "bob")
    db.befriend(ada, bob)
    post = db.post(ada, "mine", "circles", circles=[db.circle(ada, "Ours", members=[bob])])
    with ThreadPoolExecutor(1) as pool, db.as_user(ada) as conn:
        conn.execute("select from public.posts where id = %s for no key update", (post,))
        deleting = pool.submit(db.delete_account, ada, by=by)
        db.await_waiting(1)
        with pytest.raises(psycopg.Error) as info:
            conn.execute("update public.posts set audience = 'public' where id = %s", (post,))
        assert (info.value.sqlstate, info.value.diag.message_detail) == (
            "42501", "not_authenticated")
    assert deleting.result(timeout=20) == "ok"
    assert rows_naming(db, ada) == {}


def test_a_trusted_posts_write_during_the_authors_deletion_waits_as_before(db: Db) -> None:
    """ACC-03, MOD-03: while ada's account is being deleted (her profile held), service_role
    removes her post, as a moderator's resolution does: the write needs nothing of her profile
    and goes through; it is not told that an account is gone."""
    ada = db.new_user("ada")
    post = db.post(ada, "hers")
    db.admin.execute("insert into public.suspensions (user_id) values (%s)", (ada,))
    with ThreadPoolExecutor(1) as pool, db.connect("postgres") as holder:
        # The deletion holds her profile, then waits here, at her suspension.
        holder.execute("select from public.suspensions where user_id = %s for update", (ada,))
        deleting = pool.submit(db.delete_account, ada)
        db.await_waiting(1)
        with db.as_service() as conn:
            conn.execute("update public.posts set removed_at = now() where id = %s", (post,))
        holder.rollback()
    assert deleting.result(timeout=20) == "ok"


@DELETED_BY
@pytest.mark.parametrize("insert", [
    "insert into public.blocks (blocker_id, blocked_id) values (%s, %s)",
    "insert into public.mutes (muter_id, muted_id) values (%s, %s)",
])
def test_a_table_insert_naming_a_user_being_deleted_answers_as_for_none(
    db: Db, by: str, insert: str
) -> None:
    """ACC-02, BLK-01, MUT-01: bob blocks or mutes ada by table insert while her account is
    being deleted: the insert waits for the deletion and answers PT404 user_not_found, as
    block_user and mute_user do, and as for a user who never was; not a raw foreign-key
    error."""
    ada, bob = db.users("ada", "bob")
    nobody = uuid4()
    assert db.outcome(bob, insert, bob, nobody) == "PT404 user_not_found"
    db.admin.execute("insert into public.suspensions (user_id) values (%s)", (ada,))
    with ThreadPoolExecutor(2) as pool, db.connect("postgres") as holder:
        # The deletion holds her profile, then waits here, at her suspension.
        holder.execute("select from public.suspensions where user_id = %s for update", (ada,))
        deleting = pool.submit(db.delete_account, ada, by=by)
        db.await_waiting(1)
        inserting = pool.submit(db.outcome, bob, insert, bob, ada)
        db.await_waiting(2)
        holder.rollback()
        got = (deleting.result(timeout=20), inserting.result(timeout=20))
    assert got == ("ok", "PT404 user_not_found")
