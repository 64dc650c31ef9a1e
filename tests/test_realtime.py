"""Realtime the Supabase way: the inbox's tables in the publication supabase_realtime, a logical
decoding round trip through it, and, against tests/realtime_standin.sql (a stand-in for the few
objects of Supabase's realtime schema, for these tests only), the broadcast triggers and the
policies on realtime.messages."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from uuid import UUID

import psycopg
import pytest
from psycopg.conninfo import conninfo_to_dict

from kithdb import migrate
from kithdb.embedded import Cluster
from kithdb.session import Role, request
from tests.conftest import ROOT, Db

STANDIN = ROOT / "tests" / "realtime_standin.sql"


def sql(url: str, query: str, *params: Any) -> list[tuple[Any, ...]]:
    """A superuser statement's rows."""
    with psycopg.connect(url, autocommit=True) as conn:
        cur = conn.execute(query.encode(), params or None)
        return cur.fetchall() if cur.description else []


@contextmanager
def scene_db(url: str) -> Iterator[Db]:
    """The migrated database at ``url`` with the test helpers, as the scene builders' Db."""
    sql(url, (ROOT / "sql" / "test_helpers.sql").read_text())
    info = conninfo_to_dict(url)
    host, port, dbname = str(info["host"]), int(str(info["port"])), str(info["dbname"])
    with (psycopg.connect(url, autocommit=True) as admin,
          psycopg.connect(f"postgresql://authenticator@{host}:{port}/{dbname}") as api):
        yield Db(host, port, dbname, admin, api)


def published(url: str) -> list[str]:
    with psycopg.connect(url) as conn:
        rows = conn.execute("select schemaname || '.' || tablename from pg_publication_tables"
                            " where pubname = 'supabase_realtime' order by 1").fetchall()
    return [str(r[0]) for r in rows]


def test_the_inbox_is_published(db: Db) -> None:
    """NTF-08: chat messages and notifications, and nothing else of kithdb's, are in the
    publication supabase_realtime."""
    assert published(db.url()) == ["public.chat_messages", "public.notifications"]


def test_a_message_goes_through_logical_decoding(tmp_path: Path) -> None:
    """NTF-08: on a cluster with wal_level = logical, a message sent through the RPC is in the
    publication's pgoutput stream, and a post (not published) is not."""
    cluster = Cluster(tmp_path / "logical", settings={"wal_level": "logical"})
    try:
        url = cluster.start()
        migrate.apply(url)
        with scene_db(url) as d:
            ada, bob = d.users("ada", "bob")
            group = d.like_group(bob, d.event(ada, "Gig"))
            sql(url, "select pg_create_logical_replication_slot('kithdb_test', 'pgoutput')")
            d.approve(group, ada)
            d.rpc(bob, "select public.send_message(%s, 'through the stream')", d.chat_of(group))
            d.post(bob, "not published")
        rows = sql(url, "select data from pg_logical_slot_get_binary_changes('kithdb_test', null,"
                        " null, 'proto_version', '1', 'publication_names', 'supabase_realtime')")
        sql(url, "select pg_drop_replication_slot('kithdb_test')")
        stream = b"".join(bytes(r[0]) for r in rows)
        assert b"chat_messages" in stream and b"through the stream" in stream
        assert b"notifications" in stream
        assert b"not published" not in stream
    finally:
        cluster.stop()
        shutil.rmtree(tmp_path / "logical", ignore_errors=True)


@pytest.fixture
def realtime(db: Db) -> Iterator[Db]:
    """A database with the realtime stand-in, then kithdb's migrations, as a Db."""
    with db.empty_database("realtime") as url:
        sql(url, STANDIN.read_text())
        migrate.apply(url)
        with scene_db(url) as d:
            yield d


def as_user(url: str, user: UUID, topic: str, query: str, *params: Any) -> str:
    """One request as ``user`` with Realtime's topic set: the rows' count, or the SQLSTATE."""
    try:
        with psycopg.connect(url) as conn, request(conn, Role.AUTHENTICATED, user) as c:
            c.execute("select set_config('realtime.topic', %s, true)", (topic,))
            cur = c.execute(query.encode(), params)
            return str(len(cur.fetchall()) if cur.description else cur.rowcount)
    except psycopg.Error as err:
        return str(err.sqlstate)


def test_broadcast_reaches_the_users_who_read_it(db: Db, realtime: Db) -> None:
    """NTF-08, BLK-07, CHT-05: where Realtime is installed, a new message goes to the topic
    user:<id> of each participant who reads it, a notification to its recipient's; a user
    receives only their own topic, sends to none, and joins no chat's topic."""
    d = realtime
    url = d.url()
    author, member, friend, outsider = d.users("author", "member", "friend", "outsider")
    d.befriend(member, friend)
    group = d.like_group(member, d.event(author, "Gig"), [friend])
    d.approve(group, author)
    chat = d.chat_of(group)
    sql(url, "delete from realtime.messages")
    send_message = "select public.send_message(%s, %s)"
    d.rpc(friend, "select public.block_user(%s)", author)
    d.rpc(member, send_message, chat, "hello all")
    d.rpc(author, send_message, chat, "hi")
    d.rpc(friend, "select public.leave_chat(%s)", chat)
    d.rpc(member, send_message, chat, "after she left")
    d.rpc(outsider, "select public.request_friendship(%s)", member)
    # NTF-09: the broadcast reads who is in the chat after the announcement took its lock.
    [(fired,)] = sql(url, "select array_agg(tgfoid::regproc::text order by tgname collate \"C\")"
                          " from pg_trigger where tgrelid = 'public.chat_messages'::regclass")
    assert fired.index("kithdb.chat_messages_announce") < fired.index(
        "kithdb.chat_messages_broadcast")
    sent = sql(url, "select topic, event, payload -> 'record' ->> 'body' from realtime.messages"
                    " where event = 'message' order by inserted_at, topic")
    topics = {(t, body) for t, _, body in sent}
    assert topics == {
        (f"user:{author}", "hello all"), (f"user:{member}", "hello all"),
        (f"user:{friend}", "hello all"),
        (f"user:{author}", "hi"), (f"user:{member}", "hi"),
        (f"user:{author}", "after she left"), (f"user:{member}", "after she left"),
    }
    notes = sql(url, "select topic, payload -> 'record' ->> 'kind' from realtime.messages"
                     " where event = 'notification' and payload -> 'record' ->> 'kind'"
                     " = 'friendship_requested'")
    assert notes == [(f"user:{member}", "friendship_requested")]

    read = "select 1 from realtime.messages where topic = realtime.topic()"
    assert as_user(url, member, f"user:{member}", read) != "0"
    assert as_user(url, outsider, f"user:{member}", read) == "0"
    send = ("insert into realtime.messages (topic, extension, event, payload)"
            " values (realtime.topic(), 'broadcast', 'typing', '{}')")
    # BLK-07: nobody joins a chat's topic, nor sends to any topic: Realtime authorizes a topic
    # once, when it is joined, so a chat's topic would carry what the friend, who blocked the
    # author, sends there (and each one's presence) to the author, and back.
    sql(url, "insert into realtime.messages (topic, extension, event, payload)"
             " values (%s, 'broadcast', 'typing', '{}')", f"chat:{chat}")
    for who in (member, author, friend, outsider):
        assert as_user(url, who, f"chat:{chat}", send) == "42501"
        assert as_user(url, who, f"chat:{chat}", read) == "0"
    assert as_user(url, member, f"user:{member}", send) == "42501"
    # A row is read, or written, only on the topic being authorized: never another user's
    # rows under one's own topic, nor a row forged onto another topic.
    theirs = "select 1 from realtime.messages where topic = %s"
    assert as_user(url, outsider, f"user:{outsider}", theirs, f"user:{member}") == "0"
    forged = ("insert into realtime.messages (topic, extension, event, payload)"
              " values (%s, 'broadcast', 'notification', '{}')")
    assert as_user(url, member, f"chat:{chat}", forged, f"user:{author}") == "42501"


def test_rollback_leaves_realtime_as_it_was(db: Db, realtime: Db) -> None:
    """DEP-02, NTF-08: rolling kithdb back takes its policies, triggers and publication
    membership out of a Supabase-like database, and the publication it created."""
    url = realtime.url()
    migrate.rollback(url, everything=True)
    assert sql(url, "select count(*) from pg_policies where schemaname = 'realtime'") == [(0,)]
    assert sql(url, "select count(*) from pg_publication") == [(0,)]
