"""Test harness: one PostgreSQL cluster per session, migrated once into a template database,
and a fresh database cloned from it for every test (~0.05 s)."""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

import psycopg
import pytest
from pytest_postgresql import factories

from kithdb import Client, KithdbError, migrate
from kithdb.errors import from_psycopg
from kithdb.session import Role, request

ROOT = Path(__file__).resolve().parents[1]
# pytest-postgresql's pg_ctl: tests/pg_ctl runs tests/pg_ctl.py under this interpreter.
PG_CTL = str(ROOT / "tests" / "pg_ctl")
os.environ["KITHDB_TEST_PYTHON"] = sys.executable

# A race against an account's deletion, by the user (delete_my_account) and by an operator
# deleting the auth user, as Supabase's admin API does: the two take the account's locks alike
# (ACC-03).
DELETED_BY = pytest.mark.parametrize("by", ["user", "operator"])


def answer(run: Callable[[], object]) -> str:
    """What a call on a connection of its own answers: "ok", or its refusal as "SQLSTATE
    reason" (what races compare)."""
    try:
        run()
    except psycopg.Error as err:
        refused = from_psycopg(err)
        return f"{refused.sqlstate} {refused.reason}"
    return "ok"


def refusal(call: Callable[[], object]) -> tuple[str | None, str | None, str]:
    """What a refused call answers: SQLSTATE, reason and message, all of which a caller reads
    (fails when the call goes through)."""
    with pytest.raises(KithdbError) as info:
        call()
    return info.value.sqlstate, info.value.reason, info.value.message


def load_template(host: str, port: int, user: str, dbname: str, **_: Any) -> None:
    """Build the template every test database is cloned from."""
    url = f"postgresql://{user}@{host}:{port}/{dbname}"
    with psycopg.connect(url, autocommit=True) as conn:
        # pgTAP lives outside `public`, so checks over the package's schema never see it.
        conn.execute("create schema tap")
        conn.execute("create extension pgtap schema tap")
        conn.execute("grant usage on schema tap to public")
        conn.execute("create extension plpgsql_check schema tap")
    migrate.apply(url)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute((ROOT / "sql" / "test_helpers.sql").read_text().encode())


postgresql_proc = factories.postgresql_proc(executable=PG_CTL, load=[load_template])
postgresql = factories.postgresql("postgresql_proc")


@dataclass(frozen=True)
class EventScene:
    """An event and the people around it, made by :meth:`Db.event_scene`."""

    event: UUID
    # authors[0] created the event; the others are their friends, added as its authors.
    authors: list[UUID]
    # Who will create a like group for the event, and their friends (no author among them).
    group_creator: UUID
    friends: list[UUID]


@dataclass
class Db:
    """One test's database: a superuser connection plus PostgREST-shaped sessions.

    Scenes are built with the builders below (``users``, ``befriend``, ``circle``, ``event``,
    ``like_group``, ``approve``, ``post``, ``event_scene``): each acts through the RPCs as the
    user who would do it, so a scene holds only what the rules allow, and a builder that breaks
    a rule fails the test at once. Friendships and moved clocks are set as the DBA."""

    host: str
    port: int
    dbname: str
    admin: psycopg.Connection[Any]
    api: psycopg.Connection[Any]

    def url(self, user: str = "postgres", dbname: str | None = None) -> str:
        return f"postgresql://{user}@{self.host}:{self.port}/{dbname or self.dbname}"

    def connect(self, user: str = "authenticator") -> psycopg.Connection[Any]:
        """A new connection; ``authenticator`` is the login role PostgREST uses."""
        return psycopg.connect(self.url(user))

    def new_user(self, name: str) -> UUID:
        """Sign a user up (a row in auth.users; the profile comes by trigger)."""
        row = self.admin.execute("select tests.create_user(%s)", (name,)).fetchone()
        assert row is not None
        return UUID(str(row[0]))

    def users(self, *names: str) -> list[UUID]:
        """Sign up one user per name, in order."""
        return [self.new_user(name) for name in names]

    def befriend(self, user: UUID, *friends: UUID) -> None:
        """Make ``user`` an accepted friend of each of ``friends`` (as the DBA, to set a scene)."""
        for friend in friends:
            self.admin.execute(
                "insert into public.friendships (user_id, friend_id, status, requested_by)"
                " values (least(%s::uuid, %s::uuid), greatest(%s::uuid, %s::uuid), 'accepted', %s)",
                (user, friend, user, friend, user),
            )

    def as_user(self, user_id: UUID) -> AbstractContextManager[psycopg.Connection[Any]]:
        """One PostgREST request as ``user_id``: role ``authenticated``, JWT ``sub`` = user_id."""
        return request(self.api, Role.AUTHENTICATED, user_id)

    def as_anon(self) -> AbstractContextManager[psycopg.Connection[Any]]:
        return request(self.api, Role.ANON)

    def as_service(self) -> AbstractContextManager[psycopg.Connection[Any]]:
        return request(self.api, Role.SERVICE_ROLE)

    def rpc(self, user: UUID, statement: str, *params: Any) -> Any:
        """One request as ``user``; the first column of its first row (None without one)."""
        with self.as_user(user) as conn:
            row = conn.execute(statement.encode(), params).fetchone()
        return None if row is None else row[0]

    def friends_circle(self, owner: UUID) -> UUID:
        """``owner``'s dynamic circle of their friends (DYN-03), named "Friends"."""
        circle: UUID = self.rpc(owner, "select public.create_dynamic_circle('Friends', %s::jsonb)",
                                '{"kind": "friends"}')
        return circle

    def circle(self, admin: UUID, name: str = "Circle", *, members: Iterable[UUID] = (),
               invitees: Iterable[UUID] = ()) -> UUID:
        """``admin``'s circle: each of ``members`` invited and accepted, then each of
        ``invitees`` invited. All of them must be friends of the admin."""
        circle: UUID = self.rpc(admin, "select public.create_circle(%s)", name)
        for member in members:
            self.rpc(admin, "select public.invite_to_circle(%s, %s)", circle, member)
            self.rpc(member, "select public.accept_circle_invitation(%s)", circle)
        for invitee in invitees:
            self.rpc(admin, "select public.invite_to_circle(%s, %s)", circle, invitee)
        return circle

    def event(self, creator: UUID, title: str = "Event", *, authors: Iterable[UUID] = (),
              starts_in: timedelta = timedelta(days=7)) -> UUID:
        """``creator``'s event, starting ``starts_in`` from now, with ``authors`` (friends of
        the creator) invited, each accepting."""
        event: UUID = self.rpc(creator, "select public.create_event(%s, now() + %s)",
                               title, starts_in)
        for author in authors:
            self.rpc(creator, "select public.add_event_author(%s, %s)", event, author)
            self.rpc(author, "select public.respond_event_author_invitation(%s, true)", event)
        return event

    def start(self, event: UUID, ago: timedelta = timedelta(seconds=1)) -> None:
        """Move the event's start ``ago`` into the past (as the DBA: no API user may)."""
        self.admin.execute("update public.events set starts_at = now() - %s, ends_at = null"
                           " where id = %s", (ago, event))

    def like_group(self, creator: UUID, event: UUID, members: Iterable[UUID] = ()) -> UUID:
        """``creator``'s pending like group for ``event`` with ``members`` (their friends)."""
        group: UUID = self.rpc(creator, "select public.create_like_group(%s, %s::uuid[])",
                               event, list(members))
        return group

    def approve(self, group: UUID, *authors: UUID, approved: bool = True) -> str:
        """Each author in turn approves (or rejects) the group; its status after the last."""
        status = ""
        for author in authors:
            status = self.rpc(author, "select public.approve_like_group(%s, %s)::text",
                              group, approved)
        return status

    def overdue_group(self, event: UUID, members: list[UUID]) -> UUID:
        """A pending group made 25 hours ago (overdue, not yet expired), written as the DBA;
        its creator is members[0]."""
        group: UUID = self.one(
            """
            with g as (insert into public.like_groups (event_id, creator_id, created_at)
                       values (%s, %s, now() - interval '25 hours') returning id)
            insert into public.like_group_members (group_id, user_id, event_id)
            select g.id, u, %s from g, unnest(%s::uuid[]) u returning group_id
            """,
            (event, members[0], event, members),
        )
        return group

    def chat_of(self, group: UUID) -> UUID | None:
        """The chat of a group (None until it is approved)."""
        chat: UUID | None = self.one("select chat_id from public.like_groups where id = %s",
                                     (group,))
        return chat

    def post(self, author: UUID, body: str, audience: str = "public",
             circles: Iterable[UUID] | None = None) -> UUID:
        """``author``'s post; a ``circles`` post goes on ``circles``."""
        post: UUID = self.rpc(author, "select public.create_post(%s, %s, %s::uuid[])", body,
                              audience, None if circles is None else list(circles))
        return post

    def event_scene(self, n_authors: int, n_friends: int) -> EventScene:
        """An event a week away with ``n_authors`` authors, and a group creator with
        ``n_friends`` friends, none of whom knows an author."""
        authors = self.users(*(f"author{i}" for i in range(n_authors)))
        self.befriend(authors[0], *authors[1:])
        event = self.event(authors[0], "Gig", authors=authors[1:])
        group_creator, *friends = self.users("group creator",
                                             *(f"friend{i}" for i in range(n_friends)))
        self.befriend(group_creator, *friends)
        return EventScene(event, authors, group_creator, friends)

    def outcome(self, user_id: UUID, statement: str, *params: Any, immediate: bool = False) -> str:
        """One request as ``user_id`` on a connection of its own (for races): "ok", or the
        refusal as "SQLSTATE reason". ``immediate`` checks deferred constraints per statement."""
        def run() -> None:
            with self.connect() as conn, request(conn, Role.AUTHENTICATED, user_id) as c:
                if immediate:
                    c.execute("set constraints all immediate")
                c.execute(statement.encode(), params)

        return answer(run)

    def delete_account(self, user_id: UUID, *, by: str = "user") -> str:
        """The deletion of ``user_id``'s account on a connection of its own (for races), as
        ``outcome`` answers: by the user (``delete_my_account``), or by an ``operator`` deleting
        the auth user, as Supabase's admin API does."""
        if by == "user":
            return self.outcome(user_id, "select public.delete_my_account(%s)", str(user_id))
        assert by == "operator", by

        def run() -> None:
            with self.connect("postgres") as conn:
                conn.execute("delete from auth.users where id = %s", (user_id,))

        return answer(run)

    def await_waiting(self, sessions: int, timeout: float = 20, *,
                      unless_done: Iterable[Future[Any]] = ()) -> None:
        """Return once ``sessions`` sessions of this database wait for a lock: a race lined up by
        what each side waits for, not by how soon a thread starts. Also once every call of
        ``unless_done`` has ended, for a race whose sides need not wait at all."""
        calls = list(unless_done)
        deadline = time.monotonic() + timeout
        while self.one("select count(*) from pg_stat_activity"
                       " where datname = current_database() and wait_event_type = 'Lock'"
                       ) < sessions:
            if calls and all(call.done() for call in calls):
                return
            if time.monotonic() > deadline:
                raise AssertionError(f"fewer than {sessions} sessions came to wait for a lock")
            time.sleep(0.02)

    def one(self, query: str, params: tuple[Any, ...] = ()) -> Any:
        """The first column of the first row of a superuser query."""
        row = self.admin.execute(query.encode(), params).fetchone()
        return None if row is None else row[0]

    @contextmanager
    def empty_database(self, suffix: str) -> Iterator[str]:
        """A database with nothing of kithdb in it (from template0) beside this one; its URL."""
        name = f"{self.dbname}_{suffix}"
        self.admin.execute(f'create database "{name}" template template0'.encode())
        try:
            yield self.url(dbname=name)
        finally:
            self.admin.execute(f'drop database "{name}" with (force)'.encode())


@pytest.fixture
def db(postgresql: psycopg.Connection[Any]) -> Iterator[Db]:
    postgresql.autocommit = True
    info = postgresql.info
    api = psycopg.connect(
        f"postgresql://authenticator@{info.host}:{info.port}/{info.dbname}"
    )
    try:
        yield Db(info.host, info.port, info.dbname, postgresql, api)
    finally:
        api.close()


@pytest.fixture
def empty(db: Db) -> Iterator[str]:
    """The URL of an empty database, for migrating from nothing."""
    with db.empty_database("empty") as url:
        yield url


@pytest.fixture
def client(db: Db) -> Iterator[Client]:
    """A kithdb.Client on the test database, connected as ``authenticator``."""
    with Client(db.url("authenticator"), min_size=1, max_size=8) as c:
        yield c


@pytest.fixture
def scene(db: Db) -> dict[str, Any]:
    """The small world the attack matrices probe, keyed by the names their tables use: o created
    circle C (friend f a member) and events E and P0; f's like group G is pending, f2's group R
    was rejected, f3's group A was approved (by o) with chat X, where f3 wrote message M; o
    invited f2 to author E; f has an opt-out row for C (as if C were dynamic); o
    posted POST to circle C; P0 has started; s and s2 are strangers to everyone; o blocked blk
    and muted f2. RULE is an event rule for E. mod moderates; f reported POST (REP, open); s
    reported o (REP2, dismissed by service_role: one log row); sus is suspended."""
    o, f, f2, f3, s, s2, blk = db.users("o", "f", "f2", "f3", "s", "s2", "blk")
    db.befriend(o, f, f2, f3)
    c = db.circle(o, "C", members=[f])
    e = db.event(o, "E")
    p = db.event(o, "P0")
    g = db.like_group(f, e)
    r = db.like_group(f2, e)
    db.approve(r, o, approved=False)
    a = db.like_group(f3, e)
    db.approve(a, o)
    db.rpc(o, "select public.add_event_author(%s, %s)", e, f2)
    db.admin.execute("insert into public.circle_opt_outs (circle_id, user_id) values (%s, %s)",
                     (c, f))
    x = db.chat_of(a)
    m = db.rpc(f3, "select public.send_message(%s, 'hello')", x)
    post = db.post(o, "for C", "circles", [c])
    db.start(p, timedelta(hours=1))
    rule = json.dumps({"kind": "event", "event_id": str(e)})
    db.rpc(o, "select public.block_user(%s)", blk)
    db.rpc(o, "select public.mute_user(%s)", f2)
    mod, sus = db.users("mod", "sus")
    db.admin.execute("insert into public.moderators (user_id) values (%s)", (mod,))
    rep = db.rpc(f, "select public.report('post', %s, 'spam')", post)
    rep2 = db.rpc(s, "select public.report('user', %s, 'other')", o)
    db.admin.execute("select public.resolve_report(%s, 'dismiss', 'fine')", (rep2,))
    db.admin.execute("insert into public.suspensions (user_id) values (%s)", (sus,))
    return {"o": o, "f": f, "f2": f2, "f3": f3, "s": s, "s2": s2, "blk": blk, "C": c, "E": e,
            "P": p, "G": g, "R": r, "A": a, "X": x, "M": m, "POST": post, "RULE": rule,
            "mod": mod, "sus": sus, "REP": rep, "REP2": rep2}


def snapshot(db: Db) -> str:
    """A fingerprint of every row of every package table."""
    tables = [r[0] for r in db.admin.execute(
        "select c.oid::regclass::text from pg_class c where c.relnamespace = 'public'::regnamespace"
        " and c.relkind = 'r' and c.relname !~ 'yoyo' order by 1").fetchall()]
    parts = [
        db.admin.execute(f"select md5(coalesce(string_agg(t::text, ',' order by t::text), ''))"
                         f" from {t} t".encode()).fetchone()
        for t in tables
    ]
    return ",".join(str(p) for p in parts)
