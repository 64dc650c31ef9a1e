"""Realtime the Supabase way: the inbox's tables in the publication supabase_realtime, a logical
decoding round trip through it, and, against tests/realtime_standin.sql (a stand-in for the few
objects of Supabase's realtime schema, for these tests only), the broadcast triggers and the
policies on realtime.messages."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from uuid import UUID

import psycopg
import pytest

from kithdb import Client, migrate
from kithdb.embedded import Cluster
from kithdb.session import Role, request
from tests.conftest import ROOT, Db

STANDIN = ROOT / "tests" / "realtime_standin.sql"


def sql(url: str, query: str, *params: Any) -> list[tuple[Any, ...]]:
    """A superuser statement's rows."""
    with psycopg.connect(url, autocommit=True) as conn:
        cur = conn.execute(query.encode(), params)
        return cur.fetchall() if cur.description else []


def users(url: str, *names: str) -> list[UUID]:
    """Sign up one user per name."""
    return [UUID(str(sql(url, "insert into auth.users (id, email) values (gen_random_uuid(), %s)"
                            " returning id", f"{n}@example.test")[0][0])) for n in names]


def scene(url: str, author: UUID, member: UUID, *friends: UUID) -> UUID:
    """``author``'s event (its first author), and ``member`` a friend of each of ``friends``;
    the event's id."""
    for friend in friends:
        sql(url, "insert into public.friendships (user_id, friend_id, status, requested_by)"
                 " values (least(%s::uuid, %s::uuid), greatest(%s::uuid, %s::uuid), 'accepted',"
                 " %s)", member, friend, member, friend, member)
    [(event,)] = sql(url, "insert into public.events (creator_id, title, starts_at) values"
                          " (%s, 'Gig', now() + interval '1 day') returning id", author)
    return UUID(str(event))


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
        ada, bob = users(url, "ada", "bob")
        event = scene(url, ada, bob)
        sql(url, "select pg_create_logical_replication_slot('kithdb_test', 'pgoutput')")
        with Client(url) as client:
            group = client.as_user(bob).create_like_group(event)
            client.as_user(ada).approve_like_group(group)
            chat = client.as_user(bob).like_group(group)
            assert chat is not None and chat.chat_id is not None
            client.as_user(bob).send_message(chat.chat_id, "through the stream")
            client.as_user(bob).create_post("not published")
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
def realtime(db: Db) -> Iterator[str]:
    """A database with the realtime stand-in, then kithdb's migrations; its URL."""
    with db.empty_database("realtime") as url:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(STANDIN.read_bytes())
        migrate.apply(url)
        yield url


def as_user(url: str, user: UUID, topic: str, query: str, *params: Any) -> str:
    """One request as ``user`` with Realtime's topic set: the rows' count, or the SQLSTATE."""
    try:
        with psycopg.connect(url) as conn, request(conn, Role.AUTHENTICATED, user) as c:
            c.execute("select set_config('realtime.topic', %s, true)", (topic,))
            cur = c.execute(query.encode(), params)
            return str(len(cur.fetchall()) if cur.description else cur.rowcount)
    except psycopg.Error as err:
        return str(err.sqlstate)


def test_broadcast_reaches_the_users_who_read_it(db: Db, realtime: str) -> None:
    """NTF-08, BLK-07, CHT-05: where Realtime is installed, a new message goes to the topic
    user:<id> of each participant who reads it, a notification to its recipient's; a user
    receives only their own topic, and joins a chat's topic only while they take part in it."""
    url = realtime
    author, member, friend, outsider = users(url, "author", "member", "friend", "outsider")
    event = scene(url, author, member, friend)
    with Client(url) as client:
        group = client.as_user(member).create_like_group(event, [friend])
        client.as_user(author).approve_like_group(group)
        view = client.as_user(member).like_group(group)
        assert view is not None and view.chat_id is not None
        chat = view.chat_id
        sql(url, "delete from realtime.messages")
        client.as_user(friend).block_user(author)
        client.as_user(member).send_message(chat, "hello all")
        client.as_user(author).send_message(chat, "hi")
        client.as_user(friend).leave_chat(chat)
        client.as_user(member).send_message(chat, "after she left")
        client.as_user(outsider).request_friendship(member)
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
    assert as_user(url, member, f"chat:{chat}", send) == "1"
    assert as_user(url, member, f"chat:{chat}", read) == "1"
    for who in (outsider, friend):  # never in it; left it
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


def test_rollback_leaves_realtime_as_it_was(db: Db, realtime: str) -> None:
    """DEP-02, NTF-08: rolling kithdb back takes its policies, triggers and publication
    membership out of a Supabase-like database, and the publication it created."""
    migrate.rollback(realtime, everything=True)
    assert sql(realtime, "select count(*) from pg_policies where schemaname = 'realtime'") == [
        (0,)]
    assert sql(realtime, "select count(*) from pg_publication") == [(0,)]
