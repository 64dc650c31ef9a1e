"""The home feed and profile pages, against the posts policy, in a random town and under
concurrent change."""

from __future__ import annotations

import random
import threading
import time
from datetime import datetime
from typing import Any
from uuid import UUID

import psycopg
import pytest

from kithdb import Client, InvalidInput, NotFound
from kithdb.session import Role, request
from tests.conftest import Db

NIL = UUID(int=0)

# What a home feed holds, written as the rule reads (PST-08), run as the reader under RLS: the
# reader's own posts, their accepted friends' public and friends posts, and the posts of every
# circle they are a member of. RLS makes it also "what the posts table shows the reader".
EXPECTED = """
select p.id, p.created_at from public.posts p
where (p.created_at, p.id) < (%(at)s, %(id)s)
  and (p.author_id = %(me)s
       or (p.audience <> 'circles' and exists (
             select from public.friendships f
             where f.status = 'accepted'
               and ((f.user_id, f.friend_id) = (%(me)s, p.author_id)
                    or (f.user_id, f.friend_id) = (p.author_id, %(me)s))))
       or (p.audience = 'circles' and exists (
             select from public.post_circles pc
             join public.circle_members m on m.circle_id = pc.circle_id
             where pc.post_id = p.id and m.user_id = %(me)s and m.status = 'member')))
order by p.created_at desc, p.id desc
limit %(limit)s
"""
HOME_FEED = "select id, created_at from public.home_feed(%(limit)s, %(before)s, %(before_id)s)"


def expected(conn: psycopg.Connection[Any], me: UUID, *, limit: int = 1000,
             before: datetime | None = None, before_id: UUID | None = None) -> list[UUID]:
    """The home feed by its rule, as ``conn``'s user reads the tables (RLS on)."""
    at: datetime | str = before if before is not None else "infinity"
    rows = conn.execute(EXPECTED, {"me": me, "at": at, "id": before_id or NIL, "limit": limit})
    return [r[0] for r in rows]


def home_feed_ids(client: Client, me: UUID) -> list[UUID]:
    """Every page of ``me``'s home feed, 7 posts a call, as the Python client follows the
    cursor. Every page but the last is full: a client may stop at a short page."""
    pages = list(client.as_user(me).home_feed_pages(page_size=7))
    assert all(len(page) == 7 for page in pages[:-1]), [len(page) for page in pages]
    return [p.id for page in pages for p in page]


def random_town(db: Db, rng: random.Random, n: int = 12) -> tuple[list[UUID], list[UUID]]:
    """``n`` users with random friendships (accepted, pending, declined), four circles of random
    members and invitees, a friends-rule circle, and 120 posts of every audience, a third of
    them sharing one instant. The users and the circles."""
    users = db.users(*(f"user{i}" for i in range(n)))
    for i, a in enumerate(users):
        for b in users[i + 1:]:
            r = rng.random()
            if r < 0.45:
                status = "accepted" if r < 0.3 else "pending" if r < 0.4 else "declined"
                db.admin.execute(
                    "insert into public.friendships (user_id, friend_id, status, requested_by)"
                    " values (least(%s::uuid, %s::uuid), greatest(%s::uuid, %s::uuid), %s, %s)",
                    (a, b, a, b, status, a))
    friends = {u: [r[0] for r in db.admin.execute(
        "select case when user_id = %s then friend_id else user_id end from public.friendships"
        " where %s in (user_id, friend_id) and status = 'accepted'", (u, u))] for u in users}
    circles = []
    for k in range(4):
        admin = users[k]
        pool = friends[admin][:]
        rng.shuffle(pool)
        cut = rng.randint(0, len(pool))
        circles.append(db.circle(admin, f"Circle {k}", members=pool[:cut],
                                 invitees=pool[cut:cut + 2]))
    circles.append(db.friends_circle(users[4]))
    member_of = {u: [r[0] for r in db.admin.execute(
        "select circle_id from public.circle_members where user_id = %s and status = 'member'",
        (u,))] for u in users}
    for i in range(120):
        author = rng.choice(users)
        audience = rng.choice(["public", "friends", "circles"] if member_of[author]
                              else ["public", "friends"])
        mine = member_of[author]
        db.post(author, f"post {i}", audience,
                rng.sample(mine, rng.randint(1, min(2, len(mine)))) if audience == "circles"
                else None)
    db.admin.execute(
        "update public.posts set created_at = case when random() < 0.33"
        " then timestamptz '2026-11-01 12:00+00'"
        " else timestamptz '2026-11-01 12:00+00' + random() * interval '10 days' end")
    return users, circles


def hub(db: Db, n_friends: int, posts_each: int) -> tuple[UUID, list[UUID]]:
    """A user with ``n_friends`` friends, each of whom wrote ``posts_each`` public or friends
    posts (as the DBA) over the last days, at times spread so that few coincide."""
    me, *friends = db.users("hub", *(f"friend{i}" for i in range(n_friends)))
    db.befriend(me, *friends)
    db.admin.execute(
        "insert into public.posts (author_id, body, audience, created_at)"
        " select f, 'post', (array['public', 'friends'])[1 + (g + n) %% 2]::public.post_audience,"
        "        now() - (g * 37 %% 500 + n * 613 %% 997) * interval '1 minute'"
        " from unnest(%s::uuid[]) with ordinality u(f, g), generate_series(1, %s) n",
        (friends, posts_each))
    return me, friends


def check_every_feed(db: Db, client: Client, users: list[UUID]) -> int:
    """PST-08 for each user: the home feed, paged by 7 rows, is the rule's list; each of its
    posts reads through the posts table. How many posts the feeds held in all."""
    held = 0
    for me in users:
        with db.as_user(me) as conn:
            want = expected(conn, me)
            table = {r[0] for r in conn.execute("select id from public.posts")}
        got = home_feed_ids(client, me)
        assert got == want, me
        assert set(got) <= table, me
        held += len(got)
    return held


def test_home_feed_is_the_rule_for_every_user(db: Db, client: Client) -> None:
    """PST-08: in a random town, every user's home feed, paged by (created_at, id) through ties,
    is their own posts, their friends' public and friends posts and their circles' posts, once
    each, newest first; nothing in it is hidden by the posts table; and each change of a
    friendship, a membership, an audience or a post shows on the next read."""
    rng = random.Random(7)
    users, circles = random_town(db, rng)
    assert check_every_feed(db, client, users) > 300  # not a comparison of empty feeds

    a_friendship = db.admin.execute(
        "select user_id, friend_id from public.friendships where status = 'accepted' limit 1"
    ).fetchone()
    assert a_friendship is not None
    db.rpc(a_friendship[0], "select public.remove_friendship(%s)", a_friendship[1])
    check_every_feed(db, client, users)

    member = db.admin.execute(
        "select circle_id, user_id from public.circle_members m where m.role = 'member'"
        " and m.status = 'member' and m.circle_id = any(%s) limit 1", (circles[:4],)).fetchone()
    assert member is not None
    db.rpc(member[1], "select public.leave_circle(%s)", member[0])
    check_every_feed(db, client, users)

    for change in ("update public.posts set audience = 'friends' where id = %s",
                   "delete from public.posts where id = %s"):
        post = db.one("select id from public.posts where audience = 'public' order by id limit 1")
        author = db.one("select author_id from public.posts where id = %s", (post,))
        with db.as_user(author) as conn:
            conn.execute(change.encode(), (post,))
        check_every_feed(db, client, users)


def test_home_feed_cursor_and_refusals(db: Db, client: Client) -> None:
    """PST-08: p_before alone skips every post at that instant, with p_before_id the page goes
    on from the post; the page holds 1–100 posts; p_before_id needs p_before; a caller with no
    user is refused."""
    me, friend = db.users("me", "friend")
    db.befriend(me, friend)
    for i in range(5):
        db.post(friend, f"post {i}")
    db.admin.execute("update public.posts set created_at = '2026-11-01 12:00+00'")
    first = client.as_user(me).home_feed(limit=2)
    assert len(first) == 2
    rest = client.as_user(me).home_feed(before=first[-1].created_at, before_id=first[-1].id)
    assert [p.id for p in first + rest] == sorted((p.id for p in first + rest), reverse=True)
    assert len(first + rest) == 5
    assert client.as_user(me).home_feed(before=first[-1].created_at) == []
    for limit in (0, 101):
        with pytest.raises(InvalidInput) as info:
            client.as_user(me).home_feed(limit=limit)
        assert info.value.reason == "invalid_limit"
    with pytest.raises(InvalidInput) as info:
        client.as_user(me).home_feed(before_id=first[0].id)
    assert info.value.reason == "missing_before"
    with db.as_service() as conn, pytest.raises(psycopg.errors.InsufficientPrivilege) as err:
        conn.execute("select * from public.home_feed()")
    assert err.value.diag.message_detail == "not_authenticated"


def test_a_profile_page_is_what_the_posts_table_shows(db: Db, client: Client) -> None:
    """PST-09: user_posts is one author's posts as the posts table shows them to the caller,
    newest first, paged through ties; an unknown user is PT404 user_not_found."""
    author, friend, member, stranger = db.users("author", "friend", "member", "stranger")
    db.befriend(author, friend, member)
    inner = db.circle(author, "Inner", members=[member])
    db.admin.execute("delete from public.friendships where %s in (user_id, friend_id)", (member,))
    for i in range(4):
        for audience in ("public", "friends", "circles"):
            db.post(author, f"{audience} {i}", audience, [inner] if audience == "circles" else None)
    db.post(friend, "someone else's")
    db.admin.execute(
        "update public.posts set created_at = '2026-11-01 12:00+00' where body like '%% 1'")
    for reader, audiences in ((author, 3), (friend, 2), (member, 2), (stranger, 1)):
        with db.as_user(reader) as conn:
            table = [r[0] for r in conn.execute(
                "select id from public.posts where author_id = %s"
                " order by created_at desc, id desc", (author,))]
        pages, before, before_id = [], None, None
        while page := client.as_user(reader).user_posts(author, limit=5, before=before,
                                                        before_id=before_id):
            pages += page
            before, before_id = page[-1].created_at, page[-1].id
        assert [p.id for p in pages] == table
        assert len(table) == 4 * audiences
    with pytest.raises(NotFound) as missing:
        client.as_user(stranger).user_posts(UUID(int=42))
    assert missing.value.reason == "user_not_found"
    with db.as_anon() as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("select * from public.user_posts(%s)", (author,))
    with db.as_service() as conn, pytest.raises(psycopg.errors.InsufficientPrivilege) as err:
        conn.execute("select * from public.user_posts(%s)", (author,))
    assert err.value.diag.message_detail == "not_authenticated"


def test_home_feed_under_concurrent_change(db: Db) -> None:
    """PST-08, PST-10: while friendships, memberships, audiences and posts change on other
    connections, each read of the first two pages of a home feed equals the rule evaluated, under
    RLS, in the same snapshot; for a town's users and for a hub with 70 friends (whose feed is
    read through author_activity) whose friends post, delete and come and go."""
    rng = random.Random(11)
    users, circles = random_town(db, rng, n=8)
    star, fans = hub(db, 70, 2)
    stop = threading.Event()
    failures: list[str] = []
    reads, posted = [0], [0]

    def fan(wrng: random.Random) -> None:
        """A fan posts, deletes their newest post, or leaves the hub and comes back."""
        a = wrng.choice(fans)
        kind = wrng.randrange(3)
        if kind == 0:
            posted[0] += db.outcome(a, "select public.create_post('fan news', %s)",
                                    wrng.choice(["public", "friends"])) == "ok"
        elif kind == 1:
            db.outcome(a, "delete from public.posts where id = (select id from public.posts"
                          " where author_id = %s order by created_at desc limit 1)", a)
        else:
            db.outcome(star, "select public.remove_friendship(%s)", a)
            db.outcome(a, "select public.request_friendship(%s)", star)
            db.outcome(star, "select public.respond_friendship(%s, true)", a)

    def writer(seed: int) -> None:
        wrng = random.Random(seed)
        while not stop.is_set():
            if wrng.random() < 0.5:
                fan(wrng)
                continue
            a, b = wrng.sample(users, 2)
            kind = wrng.randrange(5)
            if kind == 0:
                db.outcome(a, "select public.request_friendship(%s)", b)
                db.outcome(b, "select public.respond_friendship(%s, true)", a)
            elif kind == 1:
                db.outcome(a, "select public.remove_friendship(%s)", b)
            elif kind == 2:
                db.outcome(a, "select public.leave_circle(%s)", wrng.choice(circles[:4]))
            elif kind == 3:
                db.outcome(a, "select public.create_post('new', 'friends')")
            else:
                db.outcome(a, "update public.posts set audience = %s"
                              " where id = (select id from public.posts where author_id = %s"
                              " and audience <> 'circles' order by random() limit 1)",
                           wrng.choice(["public", "friends"]), a)
                db.outcome(a, "delete from public.posts where id = (select id from public.posts"
                              " where author_id = %s order by random() limit 1)", a)

    def reader(seed: int) -> None:
        rrng = random.Random(seed)
        with db.connect() as conn:
            conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
            while not stop.is_set():
                me = star if rrng.random() < 0.5 else rrng.choice(users)
                with request(conn, Role.AUTHENTICATED, me) as c:
                    first = c.execute(HOME_FEED, {"limit": 5, "before": None,
                                                  "before_id": None}).fetchall()
                    second = (c.execute(HOME_FEED, {"limit": 5, "before": first[-1][1],
                                                    "before_id": first[-1][0]}).fetchall()
                              if len(first) == 5 else [])
                    want = expected(c, me, limit=10)
                got = [r[0] for r in first + second]
                if got != want:
                    failures.append(f"{me}: {got} != {want}")
                reads[0] += 1

    threads = [threading.Thread(target=writer, args=(s,)) for s in range(3)]
    threads += [threading.Thread(target=reader, args=(100 + s,)) for s in range(2)]
    for t in threads:
        t.start()
    time.sleep(6)
    stop.set()
    for t in threads:
        t.join()
    assert not failures, failures[:3]
    assert reads[0] > 50
    assert posted[0] > 10


def test_a_caller_with_many_friends_reads_the_rule(db: Db, client: Client) -> None:
    """PST-08, PST-10: a caller with more friends than the page needs reads their posts from
    the time index while they are dense, else probes the friends who posted last first; every
    page is still the rule's: among a friend's circles posts the caller may not read, when those
    friends' newest posts are gone (author_activity later than the truth), when strangers' posts
    bury the friends' (more recent authors than the search reads), and when a few friends' posts
    stand among the strangers' (too few to settle a page)."""
    me, friends = hub(db, 80, 3)
    closed = db.circle(friends[0], "closed")
    for i in range(10):
        db.post(friends[0], f"closed {i}", "circles", [closed])

    def same() -> int:
        with db.as_user(me) as conn:
            want = expected(conn, me)
        assert home_feed_ids(client, me) == want
        return len(want)

    assert same() == 240
    # The newest post of the 30 friends who posted last goes: their activity runs ahead.
    db.admin.execute(
        "delete from public.posts where id in (select distinct on (author_id) id"
        " from public.posts where audience <> 'circles'"
        " order by author_id, created_at desc, id desc"
        " limit 30)")
    assert same() == 210
    # 1,500 strangers post after everyone: more than 16 authors per friend to read past.
    db.admin.execute(
        "insert into public.posts (author_id, body, created_at)"
        " select tests.create_user('stranger' || g), 'noise',"
        "        now() + g * interval '1 second'"
        " from generate_series(1, 1500) g")
    assert same() == 210
    db.admin.execute(
        "insert into public.posts (author_id, body, created_at)"
        " select f, 'among strangers', now() + (1000 + g) * interval '1 second'"
        " from unnest(%s::uuid[]) with ordinality u(f, g)", (friends[1:4],))
    assert same() == 213


def test_author_activity_is_never_earlier_than_a_post(db: Db, client: Client) -> None:
    """PST-10: whoever writes a post (the RPC, a table insert, service_role moving created_at,
    the author opening a circles post to friends), author_activity holds a time at or after every
    public or friends post of its author."""
    ada, bob = db.users("ada", "bob")
    client.as_user(ada).create_post("hello")
    inner = db.post(ada, "inner", "circles", [db.circle(ada, "Inner")])
    with db.as_service() as conn:
        conn.execute("update public.posts set created_at = now() + interval '2 days'"
                     " where id = %s", (inner,))
    with db.as_user(ada) as conn:
        conn.execute("update public.posts set audience = 'friends' where id = %s", (inner,))
    with db.as_user(bob) as conn:
        conn.execute("insert into public.posts (body) values ('a'), ('b')")
    with db.as_service() as conn:
        conn.execute("update public.posts set created_at = created_at + interval '1 day'"
                     " where author_id = %s", (bob,))
        conn.execute("insert into public.posts (author_id, body, created_at)"
                     " values (%s, 'old', '2020-01-01')", (ada,))
    late = db.admin.execute(
        "select count(*) from public.posts p left join kithdb.author_activity a"
        " on a.author_id = p.author_id where p.audience <> 'circles'"
        " and (a.last_shared_at is null or a.last_shared_at < p.created_at)").fetchone()
    assert late == (0,)
    assert db.one("select count(*) from kithdb.author_activity") == 2
