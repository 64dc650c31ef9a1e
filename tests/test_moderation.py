"""Reports and moderation through PostgREST-shaped sessions: what a report keeps, who reads it,
what each moderation action does, and the log nobody rewrites."""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from functools import partial
from uuid import UUID

import psycopg
import pytest

from kithdb import (
    Client,
    ModerationAction,
    PostAudience,
    ReportReason,
    ReportStatus,
    ReportTargetKind,
)
from kithdb.errors import from_psycopg
from kithdb.session import Role, request
from tests.conftest import Db, refusal

POST, MESSAGE, USER = ReportTargetKind.POST, ReportTargetKind.MESSAGE, ReportTargetKind.USER
SPAM = ReportReason.SPAM



def moderator(db: Db, name: str = "mod") -> UUID:
    """A user made a moderator, as a DBA would."""
    user = db.new_user(name)
    db.admin.execute("insert into public.moderators (user_id) values (%s)", (user,))
    return user


def test_a_report_keeps_what_was_reported(db: Db, client: Client) -> None:
    """MOD-01, MOD-02: a report of a post the reporter sees keeps its content after the post is
    deleted; the reporter reads their report and its status, nobody else does; a post the caller
    may not see answers as one that does not exist; one open report per reporter and target."""
    ada, bob, eve = db.users("ada", "bob", "eve")
    db.befriend(ada, bob)
    post = db.post(ada, "buy my course", PostAudience.FRIENDS.value)
    bob_s, ada_s, eve_s = (client.as_user(u) for u in (bob, ada, eve))

    report = bob_s.report(POST, post, SPAM, note="third time today")
    assert refusal(lambda: bob_s.report(POST, post, ReportReason.OTHER))[:2] == (
        "23505", "already_reported")
    hidden = refusal(lambda: eve_s.report(POST, post, SPAM))
    assert hidden[:2] == ("PT404", "report_target_not_found")
    assert refusal(lambda: eve_s.report(POST, uuid.uuid4(), SPAM)) == hidden

    with db.as_user(ada) as conn:
        assert conn.execute("delete from public.posts where id = %s", (post,)).rowcount == 1
    [mine] = bob_s.reports()
    assert (mine.id, mine.status, mine.target_user_id) == (report, ReportStatus.OPEN, ada)
    assert mine.snapshot["body"] == "buy my course" and mine.note == "third time today"
    assert ada_s.reports() == [] and eve_s.reports() == []


def test_a_report_by_table_write_gets_the_databases_snapshot(db: Db) -> None:
    """MOD-01, MOD-02: a report written as a table row is the reporter's own, open, with the
    snapshot the database takes; a hidden target is refused as a missing one is."""
    ada, bob, eve = db.users("ada", "bob", "eve")
    db.befriend(ada, bob)
    post = db.post(ada, "real words", PostAudience.FRIENDS.value)
    insert = ("insert into public.reports (target_kind, target_id, reason) values ('post', %s,"
              " 'hate')")
    with db.as_user(bob) as conn:
        conn.execute(insert, (post,))
    row = db.one("select jsonb_build_array(reporter_id, status, snapshot ->> 'body')"
                 " from public.reports")
    assert row == [str(bob), "open", "real words"]
    outcomes = []
    for target in (post, uuid.uuid4()):
        with pytest.raises(psycopg.Error) as info, db.as_user(eve) as conn:
            conn.execute(insert, (target,))
        err = from_psycopg(info.value)
        outcomes.append((err.sqlstate, err.message))
    assert outcomes[0] == outcomes[1] and outcomes[0][0] == "42501"
    assert db.outcome(bob, "insert into public.reports (target_kind, target_id, reason)"
                      " values ('user', %s, 'spam')", bob) == "22023 cannot_report_self"
    # The status, the snapshot and the reporter are not the writer's to choose.
    for column, value in (("status", "dismissed"), ("snapshot", "{}"), ("reporter_id", str(eve))):
        with pytest.raises(psycopg.Error) as info, db.as_user(bob) as conn:
            conn.execute(f"insert into public.reports (target_kind, target_id, reason, {column})"
                         f" values ('user', %s, 'spam', %s)".encode(), (ada, value))
        assert info.value.sqlstate == "42501"


def test_moderators_work_the_queue(db: Db, client: Client) -> None:
    """MOD-03, MOD-04, MOD-06, MOD-07: the queue is for moderators, oldest first, with how many
    reports each target has; removing a post hides it from all but its author (marked removed),
    resolves every open report on it, and is logged once; a resolved report cannot be resolved
    again."""
    ada, bob, cat = db.users("ada", "bob", "cat")
    mod = moderator(db)
    db.befriend(ada, bob, cat)
    circle = db.circle(ada, "C", members=[bob, cat])
    post = db.post(ada, "nasty", "circles", [circle])
    other = db.post(ada, "fine", PostAudience.PUBLIC.value)
    bob_s, cat_s, ada_s, mod_s = (client.as_user(u) for u in (bob, cat, ada, mod))
    first = bob_s.report(POST, post, ReportReason.HARASSMENT)
    second = cat_s.report(POST, post, ReportReason.HATE)
    third = cat_s.report(POST, other, SPAM)

    assert refusal(lambda: bob_s.moderation_queue())[:2] == ("42501", "not_moderator")
    assert refusal(lambda: bob_s.resolve_report(first, ModerationAction.DISMISS))[:2] == (
        "42501", "not_moderator")
    queue = mod_s.moderation_queue()
    assert [(q.report_id, q.target_reports) for q in queue] == [(first, 2), (second, 2), (third, 1)]
    assert [q.target_id for q in queue] == [post, post, other]
    assert queue[0].snapshot["body"] == "nasty"

    mod_s.resolve_report(first, ModerationAction.REMOVE_CONTENT, note="targeted abuse")
    assert [q.report_id for q in mod_s.moderation_queue()] == [third]
    for reader in (bob_s, cat_s):
        assert post not in {p.id for p in reader.feed()}
        assert post not in {p.id for p in reader.home_feed()}
        assert reader.feed(circle_id=circle) == []
        assert {r.status for r in reader.reports() if r.target_id == post} == {
            ReportStatus.ACTIONED}
    [own] = [p for p in ada_s.user_posts(ada) if p.id == post]
    assert own.removed_at is not None
    assert refusal(lambda: mod_s.resolve_report(first, ModerationAction.DISMISS))[:2] == (
        "PT409", "report_not_open")
    log = db.one("select jsonb_agg(jsonb_build_array(moderator_id, action, target_id, note))"
                 " from public.moderation_log")
    assert log == [[str(mod), "remove_content", str(post), "targeted abuse"]]
    # A friend's public post: the home feed reads it from indexes of its own.
    assert other in {p.id for p in bob_s.home_feed()}
    mod_s.resolve_report(third, ModerationAction.REMOVE_CONTENT)
    assert other not in {p.id for p in bob_s.home_feed()} | {p.id for p in bob_s.feed()}
    assert other not in {p.id for p in bob_s.user_posts(ada)}
    assert db.one("select count(*) from public.posts where id = %s", (post,)) == 1


def test_a_removed_message_is_read_by_its_sender_alone(db: Db, client: Client) -> None:
    """MOD-04, CHT-07: a removed chat message leaves everyone's chat but its sender's, who reads it
    marked removed."""
    scene = db.event_scene(n_authors=1, n_friends=1)
    group = db.like_group(scene.group_creator, scene.event, scene.friends)
    db.approve(group, *scene.authors)
    chat = db.chat_of(group)
    assert chat is not None
    sender, reader = scene.group_creator, scene.authors[0]
    message = client.as_user(sender).send_message(chat, "spam link")
    report = client.as_user(reader).report(MESSAGE, message, SPAM)
    client.as_service().resolve_report(report, ModerationAction.REMOVE_CONTENT)
    assert client.as_user(reader).messages(chat) == []
    [own] = client.as_user(sender).messages(chat)
    assert own.removed_at is not None
    assert db.one("select moderator_id is null from public.moderation_log")
    # CHT-07: the sender's chat list shows it as the last message, marked removed too.
    [summary] = client.as_user(sender).my_chats()
    assert (summary.last_message_id, summary.last_message_removed_at) == (message, own.removed_at)
    [summary] = client.as_user(reader).my_chats()
    assert (summary.last_message_id, summary.last_message_removed_at) == (None, None)


def test_a_suspended_user_reads_but_never_writes(db: Db, client: Client) -> None:
    """MOD-05: until the suspension ends, every write of the suspended user is refused with
    42501 user_suspended, by RPC and by table write; reads go on; others are not affected."""
    ada, bob = db.users("ada", "bob")
    mod = moderator(db)
    db.befriend(ada, bob)
    db.post(ada, "before")
    report = client.as_user(bob).report(USER, ada, ReportReason.HARASSMENT)
    client.as_user(mod).resolve_report(report, ModerationAction.SUSPEND_USER,
                                       until=datetime.now(UTC) + timedelta(days=1))
    ada_s = client.as_user(ada)
    suspended = ("42501", "user_suspended")
    assert refusal(lambda: ada_s.create_post("after"))[:2] == suspended
    assert refusal(lambda: ada_s.block_user(bob))[:2] == suspended
    assert refusal(lambda: ada_s.create_circle("C"))[:2] == suspended
    assert refusal(lambda: ada_s.report(USER, bob, SPAM))[:2] == suspended
    assert db.outcome(ada, "update public.profiles set display_name = 'x' where id = %s",
                      ada).startswith("42501 user_suspended")
    assert refusal(lambda: ada_s.mark_notifications_read())[:2] == suspended
    assert db.outcome(ada, "update public.notifications set read_at = now()").startswith(
        "42501 user_suspended")
    assert [p.body for p in ada_s.feed()] == ["before"]
    client.as_user(bob).create_post("bob goes on")
    log = db.one("select jsonb_build_array(suspended_user_id, suspended_until > now())"
                 " from public.moderation_log")
    assert log == [str(ada), True]
    db.admin.execute("update public.suspensions set until = now() - interval '1 second'")
    ada_s.create_post("after")


@pytest.mark.parametrize("claims", ['{"sub": "not-a-uuid"}', '{"sub": ""}', "not json"])
def test_a_write_under_a_malformed_token_is_refused(db: Db, claims: str) -> None:
    """MOD-05, ID-01: the suspension check reads the caller as kithdb.uid() does, so a write
    statement under claims whose sub is no uuid is refused with 22P02 before anything else, even
    one that touches no row, whatever the session ran before and whatever suspensions exist."""
    ada = db.new_user("ada")
    with db.connect() as conn:
        # The same statement as a signed-in user first: its plan is the session's from then on.
        with request(conn, Role.AUTHENTICATED, ada) as c:
            c.execute("delete from public.posts where false")
        with pytest.raises(psycopg.errors.InvalidTextRepresentation), conn.transaction():
            conn.execute("set local role authenticated")
            conn.execute("select set_config('request.jwt.claims', %s, true)", (claims,))
            conn.execute("delete from public.posts where false")


def test_moderation_refusals(db: Db, client: Client) -> None:
    """MOD-03, MOD-06: what resolve_report and report refuse, each with its reason."""
    ada, bob = db.users("ada", "bob")
    mod = moderator(db)
    report = client.as_user(bob).report(USER, ada, SPAM)
    mod_s, bob_s = client.as_user(mod), client.as_user(bob)
    assert refusal(lambda: mod_s.resolve_report(report, "ban"))[:2] == (  # type: ignore[arg-type]
        "22023", "invalid_moderation_action")
    assert refusal(lambda: mod_s.resolve_report(report, ModerationAction.REMOVE_CONTENT))[:2] == (
        "22023", "moderation_action_not_applicable")
    past = datetime.now(UTC) - timedelta(minutes=1)
    assert refusal(lambda: mod_s.resolve_report(report, ModerationAction.SUSPEND_USER,
                                                until=past))[:2] == (
        "22023", "suspension_until_past")
    assert refusal(lambda: mod_s.resolve_report(uuid.uuid4(), ModerationAction.DISMISS))[:2] == (
        "PT404", "report_not_found")
    assert refusal(lambda: bob_s.report(USER, bob, SPAM))[:2] == ("22023", "cannot_report_self")
    assert refusal(lambda: bob_s.report("song", ada, SPAM))[:2] == (  # type: ignore[arg-type]
        "22023", "invalid_report_target_kind")
    assert refusal(lambda: bob_s.report(USER, ada, "rude"))[:2] == (  # type: ignore[arg-type]
        "22023", "invalid_report_reason")
    assert refusal(lambda: bob_s.report(USER, ada, SPAM, note="x" * 1001))[:2] == (
        "22023", "report_note_too_long")
    assert db.one("select count(*) from public.moderation_log") == 0
    circle = client.as_user(ada).create_circle("Ada's")
    about_circle = client.as_user(ada).report(ReportTargetKind.CIRCLE, circle, SPAM)
    suspend = ModerationAction.SUSPEND_USER
    assert refusal(lambda: mod_s.resolve_report(about_circle, suspend))[:2] == (
        "22023", "moderation_action_not_applicable")


@pytest.mark.parametrize("statement", [
    "update public.moderation_log set note = 'rewritten'",
    "delete from public.moderation_log",
    "truncate public.moderation_log",
])
def test_the_log_is_append_only(db: Db, client: Client, statement: str) -> None:
    """MOD-07: not service_role, not the table's owner, rewrites or deletes the log."""
    ada, bob = db.users("ada", "bob")
    report = client.as_user(bob).report(USER, ada, SPAM)
    client.as_service().resolve_report(report, ModerationAction.DISMISS, note="fine")
    for conn_of in (db.as_service, None):
        with pytest.raises(psycopg.Error) as info:
            if conn_of is None:
                with psycopg.connect(db.url()) as owner:
                    owner.execute(statement.encode())
            else:
                with conn_of() as conn:
                    conn.execute(statement.encode())
        assert info.value.sqlstate == "42501"
    assert db.one("select note from public.moderation_log") == "fine"


def test_a_removed_post_leaves_no_gap_in_a_home_feed_page(db: Db, client: Client) -> None:
    """MOD-04, PST-08: a friend's newest post removed, the home feed's page is still full: the
    removed post is nobody's head (it would set the page's floor and then be skipped)."""
    ada, bob = db.users("ada", "bob")
    db.befriend(ada, bob)
    db.post(ada, "p1")
    p2 = db.post(ada, "p2")
    b1 = db.post(bob, "b1")
    p3 = db.post(ada, "p3")
    report = client.as_user(bob).report(POST, p3, SPAM)
    client.as_service().resolve_report(report, ModerationAction.REMOVE_CONTENT)
    assert [p.id for p in client.as_user(bob).home_feed(limit=2)] == [b1, p2]


def test_a_post_removed_by_a_table_write_leaves_its_circles(db: Db, client: Client) -> None:
    """MOD-04, PST-08: service_role removing a circles post by a table write, as an operator's tool
    may, takes it off its circles as a moderator's removal does: no member reads it, on the
    circle's page or on their home feed."""
    ada, bob = db.users("ada", "bob")
    db.befriend(ada, bob)
    circle = db.circle(ada, "C", members=[bob])
    post = db.post(ada, "p", "circles", [circle])
    with db.as_service() as conn:
        conn.execute("update public.posts set removed_at = now() where id = %s", (post,))
    assert db.one("select count(*) from public.post_circles where post_id = %s", (post,)) == 0
    assert client.as_user(bob).home_feed() == []
    assert client.as_user(bob).feed(circle_id=circle) == []


def test_a_report_never_suspends_an_account_made_after_it_under_the_same_id(
    db: Db, client: Client
) -> None:
    """MOD-05: ada's post is reported, her account deleted, and an operator signs up a new user
    under her id: the old report suspends nobody, as for a user who does not exist."""
    ada, bob = db.users("ada", "bob")
    report = client.as_user(bob).report(POST, db.post(ada, "abusive words"), SPAM)
    db.admin.execute("delete from auth.users where id = %s", (ada,))
    db.admin.execute("insert into auth.users (id, email, raw_user_meta_data)"
                     " values (%s, 'new@example.test', '{\"display_name\": \"new\"}')", (ada,))
    assert db.one("select count(*) from public.profiles where id = %s", (ada,)) == 1
    assert refusal(partial(client.as_service().resolve_report, report,
                           ModerationAction.SUSPEND_USER))[:2] == ("PT404", "user_not_found")
    assert db.one("select count(*) from public.suspensions") == 0


def test_a_shorter_suspension_never_shortens_one(db: Db, client: Client) -> None:
    """MOD-05: a second suspension of a suspended user keeps the later end (none, here)."""
    ada, bob, cat = db.users("ada", "bob", "cat")
    service = client.as_service()
    service.resolve_report(client.as_user(bob).report(USER, ada, SPAM),
                           ModerationAction.SUSPEND_USER)
    service.resolve_report(client.as_user(cat).report(USER, ada, SPAM),
                           ModerationAction.SUSPEND_USER,
                           until=datetime.now(UTC) + timedelta(seconds=1))
    assert db.one("select until from public.suspensions") is None


def test_a_removal_waits_for_a_circle_row_in_flight(db: Db, client: Client) -> None:
    """MOD-04: the author putting their post on another circle while a moderator removes it: the
    removal waits for that row, then takes the post off every circle, that one too."""
    ada, bob = db.users("ada", "bob")
    db.befriend(ada, bob)
    first, second = db.circle(ada, "First", members=[bob]), db.circle(ada, "Second", members=[bob])
    post = db.post(ada, "p", "circles", [first])
    report = client.as_user(bob).report(POST, post, SPAM)
    with ThreadPoolExecutor(1) as pool:
        with db.as_user(ada) as conn:
            conn.execute("insert into public.post_circles (post_id, circle_id) values (%s, %s)",
                         (post, second))
            removing = pool.submit(client.as_service().resolve_report, report,
                                   ModerationAction.REMOVE_CONTENT)
            with pytest.raises(TimeoutError):
                removing.result(timeout=0.5)
        removing.result(timeout=10)
    assert db.one("select count(*) from public.post_circles where post_id = %s", (post,)) == 0
    assert client.as_user(bob).feed(circle_id=second) == []


def test_service_role_decides_as_itself(db: Db, client: Client) -> None:
    """MOD-03, MOD-07: service_role's decision is logged as service_role's (no moderator),
    whatever user its token names; a reporter does not read who resolved their report."""
    ada, bob, fay = db.users("ada", "bob", "fay")
    report = client.as_user(bob).report(USER, ada, SPAM)
    with request(db.api, Role.SERVICE_ROLE, fay) as conn:
        conn.execute("select public.resolve_report(%s, 'dismiss')", (report,))
    assert db.one("select moderator_id from public.moderation_log") is None
    assert db.outcome(bob, "select resolved_by from public.reports").startswith("42501")
    assert [r.status for r in client.as_user(bob).reports()] == [ReportStatus.DISMISSED]


def test_service_role_writes_as_itself_whatever_suspended_user_its_token_names(
    db: Db, client: Client
) -> None:
    """MOD-05, MOD-07, ID-04: a suspension refuses its user's writes, not service_role's, also
    when service_role's token names that user: its decision and its jobs go through."""
    ada, bob, cy = db.users("ada", "bob", "cy")
    db.admin.execute("insert into public.suspensions (user_id) values (%s)", (ada,))
    report = client.as_user(bob).report(USER, cy, SPAM)
    with request(db.api, Role.SERVICE_ROLE, ada) as conn:
        conn.execute("select public.resolve_report(%s, 'dismiss')", (report,))
        conn.execute("select public.expire_like_groups()")
    assert [r.status for r in client.as_user(bob).reports()] == [ReportStatus.DISMISSED]


def test_every_kind_of_target_keeps_its_snapshot(db: Db, client: Client) -> None:
    """MOD-01, MOD-02: a post, a message, a user, a circle and an event are each reported with
    the words that make them, and whose they are."""
    scene = db.event_scene(n_authors=1, n_friends=1)
    author, creator, friend = scene.authors[0], scene.group_creator, scene.friends[0]
    group = db.like_group(creator, scene.event, [friend])
    db.approve(group, author)
    chat = db.chat_of(group)
    assert chat is not None
    circle = db.circle(creator, "Late night crew", members=[friend])
    targets = {
        ReportTargetKind.POST: (db.post(creator, "buy now", "public"), "body", "buy now"),
        ReportTargetKind.MESSAGE: (client.as_user(creator).send_message(chat, "psst"), "body",
                                   "psst"),
        ReportTargetKind.USER: (creator, "id", str(creator)),
        ReportTargetKind.CIRCLE: (circle, "name", "Late night crew"),
    }
    reporter = client.as_user(friend)
    for kind, (target, _, _) in targets.items():
        reporter.report(kind, target, SPAM)
    client.as_user(creator).report(ReportTargetKind.EVENT, scene.event, SPAM)
    got = {r.target_kind: (r.snapshot.get(key), r.target_user_id)
           for r in reporter.reports() for kind, (_, key, _) in targets.items()
           if r.target_kind == kind}
    assert got == {kind: (value, creator) for kind, (_, _, value) in targets.items()}
    [event_report] = client.as_user(creator).reports()
    assert (event_report.snapshot["title"], event_report.target_user_id) == ("Gig", author)


def test_nobody_reports_their_own_post_or_message(db: Db, client: Client) -> None:
    """MOD-01: the author of a post or the sender of a message does not report it, by RPC or table
    write, removed or not (22023 cannot_report_self); a circle's or an event's creator may report
    it, whose words may be another admin's or author's."""
    scene = db.event_scene(n_authors=1, n_friends=1)
    group = db.like_group(scene.group_creator, scene.event, scene.friends)
    db.approve(group, *scene.authors)
    chat = db.chat_of(group)
    assert chat is not None
    sender = scene.group_creator
    message = client.as_user(sender).send_message(chat, "my own words")
    post = client.as_user(sender).create_post("mine", audience=PostAudience.PUBLIC)
    own = client.as_user(sender)
    for kind, target in ((MESSAGE, message), (POST, post)):
        assert refusal(lambda: own.report(kind, target, SPAM))[:2] == (  # noqa: B023
            "22023", "cannot_report_self")
        assert db.outcome(sender, "insert into public.reports (target_kind, target_id, reason)"
                          " values (%s, %s, 'spam')", kind.value, target) == (
            "22023 cannot_report_self")
    report = client.as_user(scene.authors[0]).report(MESSAGE, message, SPAM)
    client.as_service().resolve_report(report, ModerationAction.REMOVE_CONTENT)
    assert refusal(lambda: own.report(MESSAGE, message, SPAM))[:2] == (
        "22023", "cannot_report_self")
    assert db.one("select count(*) from public.reports where reporter_id = %s", (sender,)) == 0
    assert client.as_user(scene.authors[0]).report(ReportTargetKind.EVENT, scene.event, SPAM)


def test_a_second_removal_keeps_the_first_ones_time(db: Db, client: Client) -> None:
    """MOD-04: content removed stays removed from the time a moderator first removed it; a later
    report on it resolved by removal (one made while the first resolution ran, or written by
    service_role) changes nothing but its own status and the log."""
    ada, bob, cat = db.users("ada", "bob", "cat")
    db.befriend(ada, bob, cat)
    post = client.as_user(ada).create_post("spam", audience=PostAudience.FRIENDS)
    first = client.as_user(bob).report(POST, post, SPAM)
    client.as_service().resolve_report(first, ModerationAction.REMOVE_CONTENT)
    removed_at = db.one("select removed_at from public.posts where id = %s", (post,))
    late = db.one("insert into public.reports (reporter_id, target_kind, target_id, reason)"
                  " values (%s, 'post', %s, 'spam') returning id", (cat, post))
    client.as_service().resolve_report(late, ModerationAction.REMOVE_CONTENT)
    assert db.one("select removed_at from public.posts where id = %s", (post,)) == removed_at
    assert db.one("select count(*) from public.moderation_log") == 2


def test_a_moderator_neither_reads_nor_judges_reports_about_themselves(
    db: Db, client: Client
) -> None:
    """MOD-08: reports about a moderator, or what they wrote, are hidden from them (the queue,
    the table, and resolving answers as for no report), so they neither clear their own record
    nor learn who reported them; another moderator resolves them, but only service_role
    suspends a moderator."""
    bob = db.new_user("bob")
    mod, mod2 = moderator(db, "mod"), moderator(db, "mod2")
    post = db.post(mod, "my take", PostAudience.PUBLIC.value)
    bob_s, mod_s, mod2_s = (client.as_user(u) for u in (bob, mod, mod2))
    about_mod = bob_s.report(USER, mod, ReportReason.HARASSMENT)
    about_post = bob_s.report(POST, post, SPAM)

    assert mod_s.moderation_queue() == []
    assert mod_s.reports() == []
    assert {q.report_id for q in mod2_s.moderation_queue()} == {about_mod, about_post}
    nothing = refusal(lambda: mod_s.resolve_report(uuid.uuid4(), ModerationAction.DISMISS))
    for report in (about_mod, about_post):
        assert refusal(partial(mod_s.resolve_report, report, ModerationAction.DISMISS)) == nothing
    assert refusal(lambda: mod2_s.resolve_report(about_mod, ModerationAction.SUSPEND_USER))[:2] == (
        "42501", "target_is_moderator")
    assert db.one("select count(*) from public.moderation_log") == 0
    mod2_s.resolve_report(about_post, ModerationAction.REMOVE_CONTENT)
    with db.as_service() as conn:
        conn.execute("select public.resolve_report(%s, 'suspend_user')", (about_mod,))
    assert db.one("select count(*) from public.suspensions where user_id = %s", (mod,)) == 1


def test_a_removal_acts_only_on_the_content_reported(db: Db, client: Client) -> None:
    """MOD-04, MOD-08: a post deleted after its report, and written again under its id by
    service_role for someone else, is not the reported post: removing the report's content
    leaves it alone."""
    ada, bob, cat = db.users("ada", "bob", "cat")
    mod = moderator(db)
    post = db.post(ada, "nasty", PostAudience.PUBLIC.value)
    report = client.as_user(bob).report(POST, post, SPAM)
    with db.as_user(ada) as conn:
        conn.execute("delete from public.posts where id = %s", (post,))
    with db.as_service() as conn:
        conn.execute("insert into public.posts (id, author_id, body, audience)"
                     " values (%s, %s, 'restored', 'public')", (post, cat))
    client.as_user(mod).resolve_report(report, ModerationAction.REMOVE_CONTENT)
    assert db.one("select removed_at from public.posts where id = %s", (post,)) is None
    assert post in {p.id for p in client.as_user(bob).user_posts(cat)}


def test_a_moderator_resolving_a_target_leaves_the_reports_about_them_open(
    db: Db, client: Client
) -> None:
    """MOD-06, MOD-08: a target's reports can name different users (an event passes on): a
    moderator resolving the target resolves the reports they read, and a report about them
    stays open for another moderator."""
    mod, yan, zoe, bob = db.users("mod", "yan", "zoe", "bob")
    db.admin.execute("insert into public.moderators (user_id) values (%s)", (mod,))
    db.befriend(mod, yan)
    event = db.event(mod, "Gig", authors=[yan])
    about_mod = client.as_user(zoe).report(ReportTargetKind.EVENT, event, SPAM)
    client.as_user(mod).leave_event_authors(event)
    about_yan = client.as_user(bob).report(ReportTargetKind.EVENT, event, SPAM)
    client.as_user(mod).resolve_report(about_yan, ModerationAction.DISMISS)
    status = dict(db.admin.execute("select id, status::text from public.reports").fetchall())
    assert status == {about_mod: "open", about_yan: "dismissed"}
