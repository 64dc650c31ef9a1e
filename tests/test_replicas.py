"""Hot standbys: the embedded setup's replicas (`kithdb db start --replicas N`), and every read
on a standby giving the caller what the primary gives them (DEP-10)."""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from uuid import UUID

import psycopg
import pytest

from kithdb import Client, KithdbError, PostAudience, routing
from kithdb.embedded import Cluster, free_port
from kithdb.session import Role, request
from tests.conftest import Db

KITHDB = str(Path(sys.executable).parent / "kithdb")

# Every read RPC of the API (docs/API.md) with arguments for the scene below; a test holds this
# list to the catalog's non-volatile functions of public.
READS = {
    "feed": "select * from public.feed(50)",
    "home_feed": "select * from public.home_feed(50)",
    "user_posts": "select * from public.user_posts(%(bob)s, 50)",
    "my_chats": "select * from public.my_chats(50)",
    "unread_notification_count": "select public.unread_notification_count()",
    "export_my_data": "select public.export_my_data() - 'exported_at'",
    "moderation_queue": "select * from public.moderation_queue(50)",
}


@contextmanager
def hot_standby(port: int, home: Path) -> Iterator[Cluster]:
    """A hot standby of the cluster at ``port`` (pg_basebackup, streaming replication)."""
    replica = Cluster(home)
    replica.init_standby_of(port)
    replica.start()
    try:
        yield replica
    finally:
        replica.stop()


@pytest.fixture(scope="session")
def standby(postgresql_proc: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    """A hot standby of the session's cluster: every test database, created on the primary, is
    on it too."""
    with hot_standby(postgresql_proc.port, tmp_path_factory.mktemp("replicas") / "standby") as s:
        yield s


def replayed(db: Db, standby: Cluster) -> str:
    """Wait until the standby has replayed everything the primary has written; the standby's
    URL for the test's database."""
    caught_up(db.url(), standby.url("postgres"))
    return standby_url(db, standby)


def caught_up(primary_url: str, standby_url: str) -> None:
    """Wait until the standby has replayed all the primary has written so far."""
    with psycopg.connect(primary_url, autocommit=True) as primary:
        lsn = primary.execute("select pg_current_wal_lsn()::text").fetchone()
    with psycopg.connect(standby_url, autocommit=True) as standby:
        deadline = time.monotonic() + 30
        while standby.execute("select pg_last_wal_replay_lsn() >= %s::pg_lsn", lsn
                              ).fetchone() != (True,):
            assert time.monotonic() < deadline, "the standby did not catch up"
            time.sleep(0.02)


def standby_url(db: Db, standby: Cluster) -> str:
    """The test database on the standby, as PostgREST's login role."""
    return f"postgresql://authenticator@127.0.0.1:{standby.port}/{db.dbname}"


def reads(url: str, user: UUID, role: Role, names: dict[str, UUID]) -> dict[str, Any]:
    """What ``user`` reads through every read RPC and from every table of public (or the
    refusal), in a read-only transaction, so that a read that writes fails on the primary too."""
    out: dict[str, Any] = {}
    with psycopg.connect(url) as conn:
        tables = [r[0] for r in conn.execute(
            "select c.relname from pg_class c where c.relnamespace = 'public'::regnamespace"
            " and c.relkind in ('r', 'p', 'v') order by 1")]
        conn.commit()  # a request is a transaction of its own (DEP-09)
        with request(conn, role, user, read_only=True):
            queries = {**READS, **{t: f"select * from public.{t}" for t in tables}}
            for name, query in queries.items():
                try:
                    with conn.transaction():
                        rows = conn.execute(query.encode(), names).fetchall()
                    out[name] = sorted(map(repr, rows))
                except psycopg.errors.InsufficientPrivilege as refused:
                    out[name] = f"refused: {refused.diag.message_primary}"
    return out


def test_every_read_gives_the_same_rows_on_a_standby(db: Db, standby: Cluster) -> None:
    """DEP-10: every read RPC and every table read, as a user under RLS (and as service_role),
    answers on a hot standby exactly what it answers on the primary, once the standby has
    replayed: nothing in a read writes."""
    ada, bob, cat, dan = db.users("ada", "bob", "cat", "dan")
    db.befriend(ada, bob, dan)
    db.post(bob, "Bouldering on Saturday?", "friends")
    db.post(cat, "Anyone for chess?")
    circle = db.circle(ada, "Climbers", members=[bob])
    db.post(ada, "Circle news", "circles", circles=[circle])
    event = db.event(ada, "Climb", authors=[bob])
    group = db.like_group(dan, event)
    db.approve(group, ada)
    chat = db.chat_of(group)
    db.rpc(dan, "select public.send_message(%s, %s)", chat, "See you there")
    db.rpc(cat, "select public.block_user(%s)", dan)
    db.rpc(ada, "select public.request_friendship(%s)", cat)
    db.overdue_group(event, [cat])  # pending past its deadline: reads do not expire it
    url = replayed(db, standby)
    names = {"bob": bob}
    for user in (ada, bob, cat, dan):
        on_primary = reads(db.url("authenticator"), user, Role.AUTHENTICATED, names)
        if user == ada:
            assert len(on_primary["feed"]) == 3 and len(on_primary["my_chats"]) == 1
            assert on_primary["moderation_queue"] == "refused: only a moderator can do this"
        assert reads(url, user, Role.AUTHENTICATED, names) == on_primary
    as_service = reads(db.url("authenticator"), ada, Role.SERVICE_ROLE, names)
    assert reads(url, ada, Role.SERVICE_ROLE, names) == as_service


def test_the_read_list_is_every_read_rpc(db: Db) -> None:
    """DEP-10: READS names every function of public that does not write (stable or
    immutable), so a new read RPC joins the standby test."""
    rows = db.admin.execute(
        "select p.proname from pg_proc p where p.pronamespace = 'public'::regnamespace"
        " and p.provolatile <> 'v' order by 1").fetchall()
    assert sorted(READS) == [r[0] for r in rows]


def bodies(client: Client, reader: UUID, author: UUID) -> list[str]:
    return [p.body for p in client.as_user(reader).user_posts(author)]


def test_reads_go_to_replicas_and_callers_read_their_own_writes(db: Db, standby: Cluster
                                                                 ) -> None:
    """DEP-11: with read replicas, a user reads their own write at once (from the primary) while
    the replica has not replayed it; a replica that stopped replaying serves nobody after a
    check; one that keeps up serves the reads."""
    ada, bob = db.users("ada", "bob")
    db.befriend(ada, bob)
    with Client(db.url("authenticator"), read_urls=[replayed(db, standby)]) as client, \
            psycopg.connect(standby.url(db.dbname), autocommit=True) as replay:
        replay.execute("select pg_wal_replay_pause()")
        try:
            client.as_user(ada).create_post("Climbing?", PostAudience.FRIENDS)
            assert bodies(client, ada, ada) == ["Climbing?"]  # her own write, at once
            assert replay.execute("select count(*) from public.posts").fetchone() == (0,)
            time.sleep(routing.CHECK_EVERY * 1.2)
            assert bodies(client, bob, ada) == ["Climbing?"]  # the paused replica is left out
        finally:
            replay.execute("select pg_wal_replay_resume()")
        replayed(db, standby)
        time.sleep(routing.CHECK_EVERY * 1.2)
        assert bodies(client, bob, ada) == ["Climbing?"]  # a check finds the replica fresh
        replay.execute("select pg_wal_replay_pause()")
        try:
            db.post(ada, "Written past the client", "friends")
            # Within a check's interval, both read the replica, which has not replayed it.
            assert bodies(client, ada, ada) == ["Climbing?"]
            assert bodies(client, bob, ada) == ["Climbing?"]
            # Two checks later it has not replayed what the primary had at the first: left out.
            for _ in range(2):
                time.sleep(routing.CHECK_EVERY * 1.2)
                seen = bodies(client, bob, ada)
            assert seen == ["Written past the client", "Climbing?"]
        finally:
            replay.execute("select pg_wal_replay_resume()")


def test_a_replica_serves_after_a_wal_segment_switch(db: Db, standby: Cluster) -> None:
    """DEP-11: a replica that has replayed everything serves reads also when the primary's last
    act was a WAL segment switch (a base backup, archive_timeout), whose insert position stands
    past the next page's header, where no record has begun."""
    ada = db.new_user("ada")
    query = "select pg_is_in_recovery() as on_standby"
    with Client(db.url("authenticator"), read_urls=[standby_url(db, standby)]) as client:
        db.admin.execute("select pg_switch_wal()")
        caught_up(db.url(), standby.url("postgres"))
        for _ in range(2):
            client.as_user(ada)._read_rows(query)
            time.sleep(routing.CHECK_EVERY * 1.2)
        assert client.as_user(ada)._read_rows(query) == [{"on_standby": True}]


def test_reads_take_the_replicas_in_turn(db: Db, standby: Cluster,
                                        tmp_path_factory: pytest.TempPathFactory) -> None:
    """DEP-11: with two live replicas, reads go to each in turn, and none to the primary."""
    ada = db.new_user("ada")
    with hot_standby(db.port, tmp_path_factory.mktemp("replicas") / "second") as second, \
            Client(db.url("authenticator"),
                   read_urls=[replayed(db, standby), replayed(db, second)]) as client:
        query = "select pg_is_in_recovery() as on_standby, inet_server_port() as port"
        # Until a check finds a replica fresh (WAL the primary writes on its own, a standby
        # snapshot, can land between the replicas' catching up and their first check).
        deadline = time.monotonic() + 10
        while not client.as_user(ada)._read_rows(query)[0]["on_standby"]:
            assert time.monotonic() < deadline, "no replica served"
            time.sleep(0.1)
        replicas = {standby.port, second.port}
        # And the next checks find both so. A replica asked after a quiet spell must have
        # replayed all the primary has at that moment, which WAL the primary writes on its own
        # can deny it for an interval: at most three tries.
        for _ in range(3):
            caught_up(db.url(), standby.url("postgres"))
            caught_up(db.url(), second.url("postgres"))
            time.sleep(routing.CHECK_EVERY * 1.2)
            served = [client.as_user(ada)._read_rows(query)[0] for _ in range(6)]
            if {row["port"] for row in served} == replicas:
                break
    assert all(row["on_standby"] for row in served), served
    ports = [row["port"] for row in served]
    assert set(ports) == replicas
    assert all(a != b for a, b in itertools.pairwise(ports)), ports


def test_a_standby_of_another_primary_serves_nobody(db: Db, standby: Cluster,
                                                     tmp_path: Path) -> None:
    """DEP-11: a read URL that names a hot standby of another cluster (a staging replica in a
    production setting), however far it has replayed, serves no read: its data is not this
    primary's. Here the primary is a new cluster, and the read URL the test cluster's standby."""
    other = Cluster(tmp_path / "other")
    other.start()
    try:
        with psycopg.connect(other.url("postgres"), autocommit=True) as conn:
            conn.execute(f'create database "{db.dbname}"'.encode())
            conn.execute("create role authenticated nologin;"
                         " create role authenticator login in role authenticated")
            primary_at = conn.execute("select pg_current_wal_insert_lsn()").fetchone()
        foreign = replayed(db, standby)
        with psycopg.connect(foreign) as conn:
            # Further along than this primary, so that positions alone would let it serve.
            assert conn.execute("select pg_last_wal_replay_lsn() > %s::pg_lsn",
                                primary_at).fetchone() == (True,)
        query = "select pg_is_in_recovery() as on_standby"
        primary = f"postgresql://authenticator@127.0.0.1:{other.port}/{db.dbname}"
        with Client(primary, read_urls=[foreign]) as client:
            served = []
            for _ in range(3):
                served += client.as_user(UUID(int=1))._read_rows(query)
                time.sleep(routing.CHECK_EVERY * 1.2)
        assert served == [{"on_standby": False}] * 3
    finally:
        other.stop()


def test_a_replica_connection_that_fails_mid_read_falls_back(db: Db, standby: Cluster) -> None:
    """DEP-11: a read whose replica connection dies (the standby restarting) runs again on the
    primary, and the replica is left out for a while."""
    ada = db.new_user("ada")
    db.post(ada, "Hello")
    with Client(db.url("authenticator"), read_urls=[replayed(db, standby)]) as client:
        assert bodies(client, ada, ada) == ["Hello"]
        assert client.router.down() == []
        with psycopg.connect(standby.url(db.dbname), autocommit=True) as conn:
            # With a timeout, it returns once the backend is gone: the next read must meet a
            # dead connection, not one still winding down.
            conn.execute("select pg_terminate_backend(pid, 10000) from pg_stat_activity"
                         " where usename = 'authenticator'")
        assert bodies(client, ada, ada) == ["Hello"]
        assert client.router.down() == [0]


def test_a_read_cancelled_by_replay_runs_on_the_primary(db: Db, standby: Cluster) -> None:
    """DEP-11: a read that replay cancels on a replica (a recovery conflict: the primary locked
    or vacuumed away what the read holds; 40001) runs again on the primary, and the replica,
    which is sound, stays in service."""
    ada = db.new_user("ada")
    db.post(ada, "Hello")
    with psycopg.connect(standby.url("postgres"), autocommit=True) as conn:
        conn.execute("alter system set max_standby_streaming_delay = 0")
        conn.execute("select pg_reload_conf()")
    try:
        with Client(db.url("authenticator"), read_urls=[replayed(db, standby)]) as client:
            read: list[Any] = []
            # A read that holds posts on the standby for a while.
            reader = threading.Thread(target=lambda: read.append(client.as_user(ada)._read_rows(
                "select pg_is_in_recovery() as on_standby, count(*) as posts"
                " from (select pg_sleep(3)) s, public.posts")))
            reader.start()
            with psycopg.connect(standby.url(db.dbname), autocommit=True) as conn:
                deadline = time.monotonic() + 10
                while conn.execute("select count(*) from pg_stat_activity"
                                   " where query like '%%pg_sleep(3)%%'"
                                   " and pid <> pg_backend_pid()").fetchone() != (1,):
                    assert time.monotonic() < deadline, "the read did not start on the standby"
                    time.sleep(0.01)
            with db.connect("postgres") as primary, primary.transaction():
                primary.execute("lock table public.posts in access exclusive mode")
            reader.join(timeout=30)
            assert read == [[{"on_standby": False, "posts": 1}]]
            assert client.router.down() == []
    finally:
        with psycopg.connect(standby.url("postgres"), autocommit=True) as conn:
            conn.execute("alter system reset max_standby_streaming_delay")
            conn.execute("select pg_reload_conf()")


def test_a_statement_timeout_on_a_replica_is_the_callers(db: Db, standby: Cluster) -> None:
    """DEP-11: a read cancelled on a replica by its statement timeout fails for its caller, as
    on the primary, and leaves the replica in service."""
    ada = db.new_user("ada")
    db.post(ada, "Hello")
    db.admin.execute(f'alter role authenticated in database "{db.dbname}"'
                     " set statement_timeout = '1ms'".encode())
    with Client(db.url("authenticator"), read_urls=[replayed(db, standby)]) as client:
        with pytest.raises(KithdbError) as cancelled:
            client.as_user(ada).export_my_data()
        assert cancelled.value.sqlstate == "57014"
        assert client.router.down() == []
    db.admin.execute(f'alter role authenticated in database "{db.dbname}"'
                     " reset statement_timeout".encode())


def test_a_replica_that_is_down_is_skipped(db: Db, standby: Cluster) -> None:
    """DEP-11: a read replica that does not answer is passed over, in turn, for the next one,
    and left out for a while rather than asked again on every read."""
    ada = db.new_user("ada")
    db.post(ada, "Hello")
    nobody = f"postgresql://authenticator@127.0.0.1:{free_port()}/{db.dbname}"
    with Client(db.url("authenticator"), read_urls=[nobody, replayed(db, standby)]) as client:
        for _ in range(4):
            started = time.monotonic()
            assert bodies(client, ada, ada) == ["Hello"]
        assert time.monotonic() - started < 1  # the last reads did not wait for the dead one
        assert client.router.down() == [0]


def test_cli_starts_reports_and_stops_replicas(tmp_path: Path) -> None:
    """DEP-10: `kithdb db start --replicas 1` starts a primary and a hot standby that replays
    what the primary writes; `db status` shows its replay lag; `db stop` stops both."""
    env = {**os.environ, "KITHDB_HOME": str(tmp_path / "kithdb")}

    def kithdb(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([KITHDB, *args], capture_output=True, text=True, env=env,
                              timeout=180, check=False)

    started = kithdb("db", "start", "--replicas", "1")
    try:
        assert started.returncode == 0, started.stderr
        primary_url, replica_url = (line.rsplit(": ", 1)[1]
                                    for line in started.stdout.splitlines())
        assert "hot standby replica-1 running" in started.stdout
        assert kithdb("migrate").returncode == 0
        caught_up(primary_url, replica_url)
        with psycopg.connect(replica_url, autocommit=True) as replica:
            assert replica.execute("select pg_is_in_recovery(),"
                                   " to_regclass('public.notifications') is not null"
                                   ).fetchone() == (True, True)
            with pytest.raises(psycopg.errors.ReadOnlySqlTransaction):
                replica.execute("create table public.scratch (x integer)")
        status = kithdb("db", "status")
        assert status.returncode == 0
        assert f"replica-1: running at {replica_url}, replay lag 0 bytes" in status.stdout
    finally:
        stopped = kithdb("db", "stop")
    assert stopped.returncode == 0
    status = kithdb("db", "status")
    assert status.returncode == 3
    assert "replica-1: stopped" in status.stdout

    # Started again on another port, the primary still feeds its standby.
    (tmp_path / "kithdb" / "port").write_text(f"{free_port()}\n")
    again = kithdb("db", "start", "--replicas", "1")
    try:
        assert again.returncode == 0, again.stderr
        primary_url, replica_url = (line.rsplit(": ", 1)[1] for line in again.stdout.splitlines())
        assert primary_url != started.stdout.splitlines()[0].rsplit(": ", 1)[1]
        with psycopg.connect(primary_url, autocommit=True) as primary:
            primary.execute("create table public.scratch (x integer)")
        caught_up(primary_url, replica_url)  # fails when the standby lost its primary
    finally:
        kithdb("db", "stop")
