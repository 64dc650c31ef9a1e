"""Posts, audiences and the feed through PostgREST-shaped sessions."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from uuid import UUID

import psycopg
import pytest

from kithdb import Client, InvalidInput, KithdbError, NotAllowed, NotFound, PostAudience
from kithdb.errors import from_psycopg
from kithdb.session import Role, request
from tests.conftest import Db

PUBLIC, FRIENDS, CIRCLES = PostAudience.PUBLIC, PostAudience.FRIENDS, PostAudience.CIRCLES


@pytest.fixture
def town(db: Db) -> dict[str, UUID]:
    """author has a friend, and created a circle 'Inner' with member and invitee; a stranger
    knows nobody. The author posted one post per audience: post_public, post_friends and
    post_circles (to Inner)."""
    author, friend, member, invitee, stranger = db.users(
        "author", "friend", "member", "invitee", "stranger")
    db.befriend(author, friend, member, invitee)
    inner = db.circle(author, "Inner", members=[member], invitees=[invitee])
    # The member is not the author's friend as far as the feed goes: unfriend to separate scopes.
    db.admin.execute(
        "delete from public.friendships where %s in (user_id, friend_id)", (member,)
    )
    return {
        "author": author, "friend": friend, "member": member, "invitee": invitee,
        "stranger": stranger, "inner": inner,
        "post_public": db.post(author, "hello world"),
        "post_friends": db.post(author, "friends only", "friends"),
        "post_circles": db.post(author, "inner circle only", "circles", [inner]),
    }


AUDIENCE_MATRIX = {
    # reader: which of the author's posts they read
    "author": {"public", "friends", "circles"},
    "friend": {"public", "friends"},
    "member": {"public", "circles"},
    "invitee": {"public", "friends"},  # invited to the circle, not a member; but a friend
    "stranger": {"public"},
}


@pytest.mark.parametrize("reader", list(AUDIENCE_MATRIX))
def test_audience_matrix(db: Db, client: Client, town: dict[str, UUID], reader: str) -> None:
    """PST-01: who reads which audience, by table read and by feed."""
    expected = {town[f"post_{a}"] for a in AUDIENCE_MATRIX[reader]}
    with db.as_user(town[reader]) as conn:
        rows = conn.execute("select id from public.posts").fetchall()
    assert {r[0] for r in rows} == expected
    assert {p.id for p in client.as_user(town[reader]).feed()} == expected


def test_anon_reads_nothing(db: Db, town: dict[str, UUID]) -> None:
    """PST-01, ID-02: anon reads not even public posts."""
    with pytest.raises(psycopg.errors.InsufficientPrivilege), db.as_anon() as conn:
        conn.execute("select * from public.posts")


def test_create_post_rules(db: Db, client: Client, town: dict[str, UUID]) -> None:
    """PST-02: circles need circles the author is a member of; bodies are 1–5000 characters."""
    t = town
    member = client.as_user(t["member"])
    invitee = client.as_user(t["invitee"])
    cases: list[tuple[Callable[[], object], type[KithdbError], str]] = [
        (lambda: member.create_post("x", CIRCLES), InvalidInput, "post_circles_required"),
        (lambda: member.create_post("x", CIRCLES, []), InvalidInput, "post_circles_required"),
        (lambda: member.create_post("x", PUBLIC, [t["inner"]]), InvalidInput,
         "post_circles_need_circles_audience"),
        (lambda: invitee.create_post("x", CIRCLES, [t["inner"]]), NotAllowed, "not_circle_member"),
        (lambda: client.as_user(t["stranger"]).create_post("x", CIRCLES, [t["inner"]]), NotFound,
         "circle_not_found"),
        (lambda: member.create_post("  "), InvalidInput, "post_body_required"),
        (lambda: member.create_post("\r\n\u2028\u200b"), InvalidInput, "post_body_required"),
        (lambda: member.create_post("\U000e0001\u180b\ufff9"), InvalidInput, "post_body_required"),
        (lambda: member.create_post("x" * 5001), InvalidInput, "post_body_too_long"),
    ]
    before = db.one("select count(*) from public.posts")
    for call, exc, reason in cases:
        with pytest.raises(exc) as info:
            call()
        assert info.value.reason == reason, reason
    assert db.one("select count(*) from public.posts") == before
    member.create_post("x" * 5000, CIRCLES, [t["inner"], t["inner"]])


def test_direct_writes(db: Db, town: dict[str, UUID]) -> None:
    """PST-02, PST-03: authors edit and delete their own posts; circle posts need a circle."""
    t = town
    with db.as_user(t["stranger"]) as conn:
        assert conn.execute("update public.posts set body = 'x'").rowcount == 0
        assert conn.execute("delete from public.posts").rowcount == 0
    with db.as_user(t["author"]) as conn:
        assert conn.execute(
            "update public.posts set body = 'edited' where id = %s", (t["post_public"],)
        ).rowcount == 1
    with pytest.raises(psycopg.Error) as raw, db.as_user(t["author"]) as conn:
        conn.execute("insert into public.posts (body, audience) values ('x', 'circles')")
    assert from_psycopg(raw.value).reason == "post_circles_required"
    with pytest.raises(psycopg.Error) as raw, db.as_user(t["author"]) as conn:
        conn.execute("insert into public.posts (author_id, body) values (%s, 'x')", (t["friend"],))
    assert from_psycopg(raw.value).sqlstate == "42501"
    with pytest.raises(psycopg.errors.InsufficientPrivilege), db.as_user(t["invitee"]) as conn:
        conn.execute(
            "insert into public.post_circles (post_id, circle_id) values (%s, %s)",
            (t["post_public"], t["inner"]),
        )


def test_a_blank_body_is_refused_by_a_table_write_too(db: Db, town: dict[str, UUID]) -> None:
    """PST-02: a body of white space and invisible characters only is blank, also to the
    table's check."""
    with pytest.raises(psycopg.Error) as raw, db.as_user(town["author"]) as conn:
        conn.execute("update public.posts set body = %s where id = %s",
                     ("\u00a0\n\u2060", town["post_public"]))
    err = from_psycopg(raw.value)
    assert (err.sqlstate, err.reason) == ("23514", "posts_body_not_blank")


def test_feed_pages_are_stable_under_equal_timestamps(db: Db, client: Client) -> None:
    """PST-04: 25 posts with one timestamp page in 3 pages without loss or repeat."""
    author = db.new_user("author")
    db.admin.execute(
        "insert into public.posts (author_id, body, created_at)"
        " select %s, 'post ' || g, '2026-01-01 12:00+00' from generate_series(1, 25) g",
        (author,),
    )
    pages = list(client.as_user(author).feed_pages(page_size=10))
    assert [len(p) for p in pages] == [10, 10, 5]
    ids = [p.id for page in pages for p in page]
    assert len(set(ids)) == 25
    assert ids == sorted(ids, reverse=True)


def test_feed_arguments(db: Db, client: Client, town: dict[str, UUID]) -> None:
    """PST-04: limits, circle filter, and refusals."""
    t = town
    member = client.as_user(t["member"])
    assert [p.id for p in member.feed(circle_id=t["inner"])] == [t["post_circles"]]
    assert len(member.feed(limit=1)) == 1
    for limit in (0, 101):
        with pytest.raises(InvalidInput) as info:
            member.feed(limit=limit)
        assert info.value.reason == "invalid_limit"
    with pytest.raises(NotFound):
        client.as_user(t["stranger"]).feed(circle_id=t["inner"])
    # A PostgREST client names its arguments: p_circle_id alone narrows the feed.
    with db.as_user(t["member"]) as conn:
        rows = conn.execute(
            "select id from public.feed(p_limit => 20, p_circle_id => %s)", (t["inner"],)
        ).fetchall()
    assert [r[0] for r in rows] == [t["post_circles"]]


def test_circle_feed_is_what_rls_shows(db: Db, client: Client) -> None:
    """PST-01, PST-04: feed(p_circle_id) — a member's fast path and everyone else's — returns
    exactly the circle's posts that the posts and post_circles policies show the caller."""
    u = dict(zip(("author", "member", "other", "invitee"),
                 db.users("author", "member", "other", "invitee"), strict=True))
    db.befriend(u["author"], u["member"], u["other"], u["invitee"])
    author, member = client.as_user(u["author"]), client.as_user(u["member"])
    c1 = db.circle(u["author"], "One", members=[u["member"]], invitees=[u["invitee"]])
    c2 = db.circle(u["author"], "Two", members=[u["member"], u["other"]])
    db.post(u["author"], "one", "circles", [c1])
    db.post(u["author"], "both", "circles", [c1, c2])
    db.post(u["author"], "two", "circles", [c2])
    db.post(u["member"], "member's", "circles", [c1])

    def by_rls(reader: UUID, circle: UUID) -> list[UUID]:
        with db.as_user(reader) as conn:
            rows = conn.execute(
                "select p.id from public.posts p join public.post_circles pc on pc.post_id = p.id"
                " where pc.circle_id = %s order by p.created_at desc, p.id desc",
                (circle,),
            ).fetchall()
        return [r[0] for r in rows]

    def check() -> None:
        for reader in u.values():
            for circle in (c1, c2):
                try:
                    fed = [p.id for p in client.as_user(reader).feed(circle_id=circle)]
                except NotFound:  # only for a circle the reader cannot see at all
                    with db.as_user(reader) as conn:
                        seen = conn.execute("select count(*) from public.circles where id = %s",
                                            (circle,)).fetchone()
                    assert seen == (0,) and by_rls(reader, circle) == [], (reader, circle)
                    continue
                assert fed == by_rls(reader, circle)

    check()
    assert len(member.feed(circle_id=c1)) == 3
    assert client.as_user(u["invitee"]).feed(circle_id=c1) == []
    # Left and invited back: not a member, and their own post left c1 with them (CIR-13), so the
    # RLS path shows them nothing of c1.
    member.leave_circle(c1)
    author.invite_to_circle(c1, u["member"])
    check()
    assert member.feed(circle_id=c1) == []
    # The definer page behind a member's feed gives a non-member nothing, even when called directly.
    with db.as_user(u["other"]) as conn:
        rows = conn.execute(
            "select * from kithdb.member_circle_feed_page(%s, 20, null, null)", (c1,)
        ).fetchall()
    assert rows == []


def test_a_circles_post_keeps_a_circle(db: Db, client: Client, town: dict[str, UUID]) -> None:
    """PST-02: the author cannot strip a circles post of its last circle; deleting the circle
    itself still works (the post is then its author's alone)."""
    t = town
    with pytest.raises(psycopg.Error) as raw, db.as_user(t["author"]) as conn:
        conn.execute("delete from public.post_circles where post_id = %s", (t["post_circles"],))
    assert from_psycopg(raw.value).reason == "post_circles_required"
    assert db.one("select count(*) from public.post_circles where post_id = %s",
                  (t["post_circles"],)) == 1
    author = client.as_user(t["author"])
    second = db.circle(t["author"], "Second")
    post = db.post(t["author"], "two circles", "circles", [t["inner"], second])
    with db.as_user(t["author"]) as conn:
        assert conn.execute("delete from public.post_circles where post_id = %s and circle_id = %s",
                            (post, second)).rowcount == 1
    # The circle goes (its last member leaves): its posts do not hold it back.
    author.leave_circle(second)
    assert db.one("select count(*) from public.circles where id = %s", (second,)) == 0
    client.as_user(t["member"]).leave_circle(t["inner"])
    with db.as_user(t["author"]) as conn:
        conn.execute("delete from public.circles where id = %s", (t["inner"],))
    assert db.one("select count(*) from public.post_circles where post_id = %s",
                  (t["post_circles"],)) == 0
    assert t["post_circles"] in {p.id for p in author.feed()}


def test_a_post_to_a_circle_that_goes_meanwhile(db: Db, client: Client) -> None:
    """PST-02, CIR-04: the only member leaves their circle (which deletes it) while their post to
    it is being made; the post waits for the leave, then is refused as "no such circle", not with
    the raw foreign-key error (the concurrency torture test's race, made deterministic)."""
    alone = db.new_user("alone")
    me = client.as_user(alone)
    circle = db.circle(alone, "Solo")
    with ThreadPoolExecutor(1) as pool:
        with db.as_user(alone) as conn:
            conn.execute("select public.leave_circle(%s)", (circle,))
            posting = pool.submit(me.create_post, "to Solo", CIRCLES, [circle])
            time.sleep(0.5)
            assert not posting.done(), "the post did not wait for the leave"
        with pytest.raises(NotFound) as gone:
            posting.result(timeout=20)
    assert gone.value.reason == "circle_not_found"
    assert db.one("select count(*) from public.posts where author_id = %s", (alone,)) == 0


@pytest.mark.parametrize("share", [
    "select public.create_post('to Ours', 'circles', array[%s]::uuid[])",
    "insert into public.post_circles (post_id, circle_id)"
    " select p.id, %s from public.posts p where p.body = 'mine'",
])
def test_a_post_to_a_circle_its_admin_deletes_meanwhile(db: Db, share: str) -> None:
    """PST-02, CIR-04: a member shares a post to a circle, by RPC or table insert, while its
    admin deletes the circle by table write (which holds the circle's row, then deletes the
    memberships): the share is refused as "no such circle" (PT404 circle_not_found) and the
    deletion goes through, never a deadlock."""
    ada, bob = db.users("ada", "bob")
    db.befriend(ada, bob)
    circle = db.circle(ada, "Ours", members=[bob])
    db.post(bob, "mine", "circles", circles=[db.circle(bob, "Bob's")])
    with ThreadPoolExecutor(1) as pool, db.as_user(ada) as conn:
        conn.execute("select from public.circles where id = %s for update", (circle,))
        sharing = pool.submit(db.outcome, bob, share, circle)
        time.sleep(0.3)
        conn.execute("delete from public.circles where id = %s", (circle,))
    assert sharing.result(timeout=20) == "PT404 circle_not_found"
    assert db.one("select count(*) from public.circles where id = %s", (circle,)) == 0


def test_a_circle_feed_page_reads_a_page(db: Db, client: Client) -> None:
    """PST-05, PST-04: post_circles keeps its post's created_at (filled in, refused when wrong,
    following the post); a member pages a circle of 300 posts (many at one instant) through the
    fast path without loss or repetition, in the order RLS gives; and one page of 20 reads 20
    posts from the feed index, with no sort over the circle's posts."""
    author, member = db.users("author", "member")
    db.befriend(author, member)
    circle = db.circle(author, "Big", members=[member])
    with db.admin.transaction():  # a circles post needs its circle by commit (PST-02)
        db.admin.execute(
            "insert into public.posts (author_id, body, audience, created_at)"
            " select %s, 'post ' || g, 'circles',"
            "        '2026-01-01'::timestamptz + (g / 4) * interval '1 s'"  # four per instant
            " from generate_series(1, 299) g",
            (author,),
        )
        db.admin.execute("insert into public.post_circles (post_id, circle_id)"
                         " select p.id, %s from public.posts p where p.author_id = %s",
                         (circle, author))
    newest = db.post(author, "newest", "circles", [db.circle(author, "Other")])
    with db.as_user(author) as conn:  # PostgREST-shaped: the author leaves post_created_at out
        conn.execute("insert into public.post_circles (post_id, circle_id) values (%s, %s)",
                     (newest, circle))
    mismatched = ("select count(*) from public.post_circles pc join public.posts p"
                  " on p.id = pc.post_id where pc.post_created_at <> p.created_at")
    assert db.one(mismatched) == 0
    with pytest.raises(psycopg.errors.ForeignKeyViolation):
        db.admin.execute("insert into public.post_circles (post_id, circle_id, post_created_at)"
                         " select id, %s, created_at - interval '1 day' from public.posts"
                         " where id = %s", (db.circle(author, "Third"), newest))
    with db.as_service() as conn:  # a backdated post moves in its circles' feeds too
        conn.execute("update public.posts set created_at = '2025-01-01' where body = 'post 7'")
    assert db.one(mismatched) == 0

    with db.as_user(member) as conn:
        expected = [r[0] for r in conn.execute(
            "select p.id from public.posts p join public.post_circles pc on pc.post_id = p.id"
            " where pc.circle_id = %s order by p.created_at desc, p.id desc", (circle,))]
    pages = client.as_user(member).feed_pages(page_size=20, circle_id=circle)
    paged = [p.id for page in pages for p in page]
    assert len(expected) == 300 and paged == expected

    db.admin.execute("analyze public.posts, public.post_circles")  # as autovacuum would have
    plans: list[str] = []
    with db.connect("postgres") as conn, conn.transaction():
        conn.add_notice_handler(lambda d: plans.append(d.message_primary or ""))
        conn.execute("load 'auto_explain'")
        for setting in ("log_min_duration = 0", "log_analyze = on", "log_format = json",
                        "log_nested_statements = on", "log_level = notice"):
            conn.execute(f"set local auto_explain.{setting}".encode())
        conn.execute("set local role authenticated")
        conn.execute("select set_config('request.jwt.claims', %s, true)",
                     (f'{{"sub":"{member}","role":"authenticated"}}',))
        rows = conn.execute(
            "select * from public.feed(20, p_circle_id => %s)", (circle,)
        ).fetchall()
        assert len(rows) == 20
    page = next(p for p in plans if "post_circles_feed_idx" in p)
    assert '"Sort"' not in page
    posts_scan = page[page.index('"posts_pkey"'):]
    assert int(posts_scan.split('"Actual Loops": ')[1].split(",")[0]) <= 20


def test_a_deep_feed_page_reads_a_page(db: Db, client: Client) -> None:
    """PST-04: the main feed keeps one generic plan, and in it the keyset is still an
    index condition under the posts policy: a page 200 posts deep reads 20 posts from
    posts_feed_idx, not the 200 above it. Pages without p_before_id exclude the cursor's instant;
    with it they neither lose nor repeat a post."""
    author, reader = db.users("author", "reader")
    db.admin.execute(
        "insert into public.posts (author_id, body, created_at)"
        " select %s, 'post ' || g, '2026-01-01'::timestamptz + (g / 2) * interval '1 s'"
        " from generate_series(1, 300) g",  # two per instant
        (author,),
    )
    expected = [r[0] for r in db.admin.execute(
        "select id from public.posts order by created_at desc, id desc")]
    paged = [p.id for page in client.as_user(reader).feed_pages(page_size=20) for p in page]
    assert len(expected) == 300 and paged == expected
    cursor = db.one("select created_at from public.posts order by created_at desc, id desc"
                    " offset 199 limit 1")
    db.admin.execute("analyze public.posts")  # as autovacuum would have
    plans: list[str] = []
    with db.connect("postgres") as conn, conn.transaction():
        conn.add_notice_handler(lambda d: plans.append(d.message_primary or ""))
        conn.execute("set local role authenticated")
        conn.execute("select set_config('request.jwt.claims', %s, true)",
                      (f'{{"sub":"{reader}","role":"authenticated"}}',))
        for _ in range(6):  # past the five custom plans a plan cache would try first
            conn.execute("select * from public.feed(20, %s)", (cursor,)).fetchall()
        conn.execute("reset role")
        conn.execute("load 'auto_explain'")
        for setting in ("log_min_duration = 0", "log_analyze = on", "log_format = json",
                        "log_nested_statements = on", "log_level = notice"):
            conn.execute(f"set local auto_explain.{setting}".encode())
        conn.execute("set local role authenticated")
        rows = conn.execute("select created_at from public.feed(20, %s)", (cursor,)).fetchall()
    assert len(rows) == 20 and all(r[0] < cursor for r in rows)
    page = next(p for p in plans if '"posts_feed_idx"' in p)
    scan = page[page.index('"posts_feed_idx"'):]
    assert '"Index Cond"' in scan
    assert int(scan.split('"Actual Rows": ')[1].split(",")[0]) == 20
    assert '"Rows Removed by Filter": 0' in scan or '"Rows Removed by Filter"' not in scan



def nested_plans(db: Db, reader: UUID, queries: list[str], gucs: tuple[str, ...] = ()) -> list[Any]:
    """What auto_explain reports (JSON, EXPLAIN ANALYZE: "Plan", and "JIT" where it compiled) of
    every statement ``queries`` run, nested ones included, as ``reader`` in the PostgREST form;
    ``gucs`` are set first."""
    plans: list[Any] = []

    def keep(diag: psycopg.errors.Diagnostic) -> None:
        text = diag.message_primary or ""
        if "plan:" in text:
            plans.append(json.loads(text[text.index("{"):]))

    with db.connect("postgres") as conn, conn.transaction():
        conn.add_notice_handler(keep)
        conn.execute("load 'auto_explain'")
        for setting in ("log_min_duration = 0", "log_analyze = on", "log_format = json",
                        "log_nested_statements = on", "log_level = notice"):
            conn.execute(f"set local auto_explain.{setting}".encode())
        for setting in gucs:
            conn.execute(f"set local {setting}".encode())
        conn.execute("set local role authenticated")
        conn.execute("select set_config('request.jwt.claims', %s, true)",
                     (f'{{"sub":"{reader}","role":"authenticated"}}',))
        for query in queries:
            conn.execute(query.encode()).fetchall()
    return plans


def test_feed_answers_as_the_posts_table(db: Db, town: dict[str, UUID]) -> None:
    """PST-04: feed, the one feed RPC, returns what the posts table shows the caller under RLS,
    in (created_at, id) order, for every reader, circle filter and cursor (with and without the
    cursor's id), and refuses bad calls with 22023 or PT404."""
    author, member = town["author"], town["member"]
    db.befriend(author, member)  # to be invited (the fixture unfriended them)
    outer = db.circle(author, "Outer", members=[member])
    for i in range(6):  # enough for pages of 4 to need a cursor
        db.post(author, f"public {i}")
        db.post(author, f"inner {i}", "circles", [town["inner"], outer])
        db.post(member, f"outer {i}", "circles", [outer])
    cursor_at, cursor_id = db.admin.execute(
        "select created_at, id from public.posts order by created_at desc, id desc offset 5 limit 1"
    ).fetchone() or (None, None)
    table = (
        "select p.id from public.posts p where (%(circle)s::uuid is null or exists ("
        "  select from public.post_circles pc"
        "  where pc.post_id = p.id and pc.circle_id = %(circle)s))"
        " and (%(before)s::timestamptz is null or (p.created_at, p.id)"
        "      < (%(before)s, coalesce(%(before_id)s::uuid, %(nil)s::uuid)))"
        " order by p.created_at desc, p.id desc limit 4"
    )
    feed = (
        "select id from public.feed(p_limit => 4, p_before => %(before)s,"
        " p_before_id => %(before_id)s, p_circle_id => %(circle)s)"
    )
    compared = 0
    for reader in ("author", "friend", "member", "invitee", "stranger"):
        for circle in (None, town["inner"], outer):
            for before, before_id in ((None, None), (cursor_at, None), (cursor_at, cursor_id)):
                args = {"circle": circle, "before": before, "before_id": before_id,
                        "nil": UUID(int=0)}
                with db.as_user(town[reader]) as conn:
                    expected = [r[0] for r in conn.execute(table, args)]
                    try:
                        with conn.transaction():
                            got: list[UUID] | str = [r[0] for r in conn.execute(feed, args)]
                    except psycopg.Error as e:
                        got = e.sqlstate or "?"
                if got == "PT404":  # a circle the reader is neither member nor invitee of
                    assert circle is not None and expected == [], (reader, circle, before)
                    continue
                assert got == expected, (reader, circle, before, before_id)
                compared += bool(expected)
    assert compared >= 20  # most combinations return posts: the comparison is not of emptiness
    with db.as_user(town["member"]) as conn:
        inner = f"'{town['inner']}'::uuid"  # the member's own circle: no fast path past a check
        for call in ("public.feed(0)", "public.feed(101)",
                     f"public.feed(101, p_circle_id => {inner})",
                     f"public.feed(0, p_circle_id => {inner})",
                     f"public.feed(20, null, gen_random_uuid(), {inner})",
                     "public.feed(20, p_circle_id => gen_random_uuid())",
                     "public.feed(20, null, gen_random_uuid())"):
            with pytest.raises(psycopg.Error) as err, conn.transaction():
                conn.execute(f"select * from {call}")
            assert err.value.sqlstate in ("22023", "PT404"), call


def nodes(plan: Any) -> Iterator[Any]:
    """A plan node and every node below it, sub-plans included."""
    yield plan
    for child in plan.get("Plans", []):
        yield from nodes(child)


def test_a_feed_page_probes_only_the_posts_it_reads(db: Db, client: Client) -> None:
    """PST-06, PST-01: a reader in three circles holding 3,000 older posts reads a page of 20
    (public posts, posts of their circles, posts of a circle they are not in): through the feed
    and through a plain table read (PostgREST's GET /posts), the policy probes the circles of the
    circles posts the page meets, one by one, and never collects the 3,000; the feed's page is
    never JIT-compiled, even where every plan would be."""
    creator, reader, other = db.users("creator", "reader", "other")
    db.befriend(creator, reader, other)
    mine = [db.circle(creator, name, members=[reader]) for name in ("A", "B", "C")]
    theirs = db.circle(creator, "D", invitees=[other])
    batches: list[tuple[UUID | None, str, int, int]] = [  # circle, audience, first, count
        *((c, "circles", 1000 * i, 1000) for i, c in enumerate(mine)),  # the 3,000, older
        (mine[0], "circles", 5000, 8), (theirs, "circles", 5100, 8), (None, "public", 5200, 8),
    ]
    with db.admin.transaction():  # a circles post needs its circle by commit (PST-02)
        for shared_with, audience, first, count in batches:
            db.admin.execute(
                "with p as (insert into public.posts (author_id, body, audience, created_at)"
                "  select %s, 'post ' || g, %s, '2026-01-01'::timestamptz + g * interval '1 s'"
                "  from generate_series(%s::int, %s::int) g returning id)"
                " insert into public.post_circles (post_id, circle_id)"
                " select id, %s from p where %s::uuid is not null",
                (creator, audience, first, first + count - 1, shared_with, shared_with))
    db.admin.execute("analyze")  # as autovacuum would have
    table_read = ("select p.id from public.posts p"
                  " order by p.created_at desc, p.id desc limit 20")
    with db.as_user(reader) as conn:
        expected = [r[0] for r in conn.execute(table_read.encode())]
    assert len(expected) == 20
    assert [p.id for p in client.as_user(reader).feed()] == expected
    # Visible: the 8 public, the 8 of circle A, then the 3,000 below; D's 8 are skipped.
    assert db.one("select count(*) from public.posts where id = any(%s) and audience = 'circles'",
                  (expected,)) == 12

    jit_everything = ("jit = on", "jit_above_cost = 0", "jit_inline_above_cost = 0",
                      "jit_optimize_above_cost = 0")
    plans = nested_plans(db, reader, [table_read, "select * from public.feed(20)"],
                         jit_everything)
    pages = [p for p in plans
             if any(n.get("Index Name") == "posts_feed_idx" for n in nodes(p["Plan"]))]
    assert len(pages) == 2  # the table read, and the statement inside feed
    for page in pages:
        scan = next(n for n in nodes(page["Plan"]) if n.get("Index Name") == "posts_feed_idx")
        read = scan["Actual Rows"] + scan.get("Rows Removed by Filter", 0)
        probes = [n for n in nodes(scan) if n.get("Index Name") == "post_circles_pkey"]
        assert probes, "the circles branch probes post_circles by post"
        assert all(not n.get("Subplan Name", "").startswith("hashed") for n in nodes(scan))
        assert sum(n["Actual Loops"] for n in probes) <= read < 3000
    if db.one("select pg_jit_available()"):
        table, feed = pages
        assert "JIT" in table, "the session JIT-compiles what it can"
        assert "JIT" not in feed


def test_a_post_leaves_its_circles_with_its_audience(
    db: Db, client: Client, town: dict[str, UUID]
) -> None:
    """PST-07: a circles post whose audience changes to friends is off its circles at once: the
    circle's members who are not the author's friends no longer read it, on the circle page
    either."""
    t = town
    member = client.as_user(t["member"])
    assert t["post_circles"] in {p.id for p in member.feed(circle_id=t["inner"])}
    with db.as_user(t["author"]) as conn:
        conn.execute("update public.posts set audience = 'friends' where id = %s",
                     (t["post_circles"],))
    assert db.one("select count(*) from public.post_circles where post_id = %s",
                  (t["post_circles"],)) == 0
    assert t["post_circles"] not in {p.id for p in member.feed(circle_id=t["inner"])}
    assert t["post_circles"] not in {p.id for p in member.feed()}


@pytest.mark.parametrize("first", ["audience", "circle"])
def test_an_audience_change_and_a_circle_row_in_flight_leave_no_public_post_on_a_circle(
    db: Db, client: Client, first: str
) -> None:
    """PST-07, PST-08: the author turning a circles post public while another request of theirs
    puts it on a second circle: whichever comes first, the post ends on no circle (a circle row
    left on a public post would head that circle on every member's home feed, which then drops
    it and ends the page short). The later one waits for the earlier."""
    author, member = db.users("author", "member")
    db.befriend(author, member)
    first_circle = db.circle(author, "First", members=[member])
    second_circle = db.circle(author, "Second", members=[member])
    post = db.post(author, "p", "circles", [first_circle])
    to_public = "update public.posts set audience = 'public' where id = %s", post
    on_second = ("insert into public.post_circles (post_id, circle_id) values (%s, %s)",
                 post, second_circle)
    held, racing = (to_public, on_second) if first == "audience" else (on_second, to_public)
    with ThreadPoolExecutor(1) as pool:
        with db.as_user(author) as conn:
            conn.execute(held[0], held[1:])
            race = pool.submit(db.outcome, author, *racing)
            db.await_waiting(1, unless_done=[race])
            assert not race.done(), "the later request waits for the earlier"
        outcome = race.result(timeout=20)
    assert outcome == ("22023 post_circles_need_circles_audience" if first == "audience"
                       else "ok")
    assert db.one("select audience::text from public.posts where id = %s", (post,)) == "public"
    assert db.one("select count(*) from public.post_circles where post_id = %s", (post,)) == 0


@pytest.mark.parametrize("change", ["audience = 'public'", "removed_at = now()"])
def test_a_post_leaves_its_circles_only_under_read_committed(db: Db, change: str) -> None:
    """PST-07, MOD-04: taking a post off its circles waits for a circle row being added, and
    must then see it: a transaction that keeps its first snapshot would leave it, so the change
    is refused there (service_role's here), and the post stays as it was."""
    me = db.new_user("me")
    post = db.post(me, "p", "circles", [db.circle(me, "C")])
    conn = db.connect()
    try:
        conn.execute("begin isolation level repeatable read")
        conn.execute("set local role service_role")
        with pytest.raises(psycopg.Error) as raw:
            conn.execute(f"update public.posts set {change} where id = %s".encode(), (post,))
        err = from_psycopg(raw.value)
        assert (err.sqlstate, err.reason) == ("25001", "read_committed_required")
    finally:
        conn.close()
    assert db.one("select count(*) from public.post_circles where post_id = %s", (post,)) == 1


def test_a_post_joins_a_circle_only_under_read_committed(db: Db) -> None:
    """PST-07, MOD-04: a circle row must see an audience change or a removal that committed
    while it waited for the post: a transaction that keeps its first snapshot would not, so the
    row is refused there, and the post stays on its one circle."""
    me = db.new_user("me")
    first, second = db.circle(me, "First"), db.circle(me, "Second")
    post = db.post(me, "p", "circles", [first])
    conn = db.connect()
    try:
        conn.execute("begin isolation level repeatable read")
        conn.execute("set local role service_role")
        with pytest.raises(psycopg.Error) as raw:
            conn.execute("insert into public.post_circles (post_id, circle_id) values (%s, %s)",
                         (post, second))
        err = from_psycopg(raw.value)
        assert (err.sqlstate, err.reason) == ("25001", "read_committed_required")
    finally:
        conn.close()
    assert db.one("select count(*) from public.post_circles where post_id = %s", (post,)) == 1


def test_only_a_circles_post_goes_on_a_circle(db: Db, town: dict[str, UUID]) -> None:
    """PST-07: a public or friends post cannot be put on a circle, where the circle page would
    show it to members the audience leaves out."""
    t = town
    for audience in ("public", "friends"):
        with pytest.raises(psycopg.Error) as raw, db.as_user(t["author"]) as conn:
            conn.execute("insert into public.post_circles (post_id, circle_id) values (%s, %s)",
                         (t[f"post_{audience}"], t["inner"]))
        err = from_psycopg(raw.value)
        assert (err.sqlstate, err.reason) == ("22023", "post_circles_need_circles_audience")


def test_two_removals_never_strip_a_post_of_every_circle(db: Db, client: Client) -> None:
    """PST-02: two concurrent requests of the author, each taking the post off one of its two
    circles, cannot leave it with none: the check of the second waits for the first. The checks
    run at statement end here, so that the two always meet; at commit they meet by chance."""
    me = db.new_user("me")
    x, y = db.circle(me, "X"), db.circle(me, "Y")
    post = db.post(me, "two circles", "circles", [x, y])
    with ThreadPoolExecutor(1) as pool:
        with db.connect() as first, request(first, Role.AUTHENTICATED, me) as c1:
            c1.execute("set constraints all immediate")
            c1.execute("delete from public.post_circles where post_id = %s and circle_id = %s",
                       (post, x))

            removing = pool.submit(db.outcome, me, "delete from public.post_circles"
                                   " where post_id = %s and circle_id = %s", post, y,
                                   immediate=True)
            time.sleep(0.5)
        assert removing.result(timeout=20) == "22023 post_circles_required"
    assert db.one("select count(*) from public.post_circles where post_id = %s", (post,)) == 1


def test_an_admin_removal_never_deadlocks_the_authors_edit(db: Db, client: Client) -> None:
    """PST-02, CIR-13: while an admin takes a post off their circle, the author's audience change
    waits for it and then goes through; the two never deadlock."""
    admin, author = db.users("admin", "author")
    db.befriend(admin, author)
    circle = db.circle(admin, "C", members=[author])
    post = db.post(author, "p", "circles", [circle])
    with ThreadPoolExecutor(1) as pool:
        with db.as_user(admin) as conn:
            conn.execute("select public.remove_circle_post(%s, %s)", (circle, post))

            editing = pool.submit(db.outcome, author,
                                  "update public.posts set audience = 'public' where id = %s", post)
            time.sleep(0.5)
        assert editing.result(timeout=20) == "ok"
    assert db.one("select audience::text from public.posts where id = %s", (post,)) == "public"


def test_a_list_of_lists_of_circles_is_read_as_its_circles(
    db: Db, town: dict[str, UUID]
) -> None:
    """PST-02, ID-03: p_circle_ids given as a list of lists posts to its circles, and a NULL in
    it is refused with its reason (22023 missing_circle_id), not a raw error."""
    t = town
    post = db.rpc(t["author"], "select public.create_post('nested', 'circles', array[array[%s]])",
                  t["inner"])
    assert db.one("select array_agg(circle_id) from public.post_circles where post_id = %s",
                  (post,)) == [t["inner"]]
    assert db.outcome(t["author"], "select public.create_post('x', 'circles',"
                      " array[array[%s, null]]::uuid[])", t["inner"]) == "22023 missing_circle_id"
