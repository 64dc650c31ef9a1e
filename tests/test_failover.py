"""A failover loses nothing acknowledged (DEP-12): a primary with a synchronous hot standby dies
mid-load, the standby is promoted, and a client on a multi-host URL carries on writing."""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path
from uuid import UUID

import psycopg

from kithdb import Client, KithdbError, migrate
from kithdb.embedded import Cluster


def test_a_failover_loses_no_acknowledged_write(tmp_path: Path) -> None:
    """DEP-12: with synchronous replication to the standby, every post whose create_post
    returned before the primary died is on the promoted standby, and the same Client (one
    multi-host URL with target_session_attrs=read-write) writes again once it is promoted."""
    primary = Cluster(tmp_path / "primary")
    primary.start()
    standby = Cluster(tmp_path / "standby")
    try:
        migrate.apply(primary.url())
        with psycopg.connect(primary.url(), autocommit=True) as conn:
            row = conn.execute("insert into auth.users (id, email) values"
                               " (gen_random_uuid(), 'ada@example.test') returning id").fetchone()
        assert row is not None
        ada: UUID = row[0]
        standby.init_standby_of(primary.port or 0)
        standby.start()
        with psycopg.connect(primary.url(), autocommit=True) as conn:
            # From now on the primary waits for the standby's flush before it acknowledges a
            # commit (set once the standby streams: before, every commit would wait for it).
            conn.execute("alter system set synchronous_standby_names = 'standby'")
            conn.execute("select pg_reload_conf()")
            deadline = time.monotonic() + 30
            while conn.execute("select sync_state from pg_stat_replication"
                               " where application_name = 'standby'").fetchone() != ("sync",):
                assert time.monotonic() < deadline, "the standby never became synchronous"
                time.sleep(0.05)

        hosts = f"127.0.0.1:{primary.port},127.0.0.1:{standby.port}"
        url = (f"postgresql://authenticator@{hosts}/kithdb"
               "?target_session_attrs=read-write&connect_timeout=2")
        acknowledged: list[UUID] = []
        refused: list[str] = []
        after_failover = threading.Event()
        promoted = threading.Event()

        def write() -> None:
            with Client(url, max_size=2) as client:
                n = 0
                while not after_failover.is_set():
                    n += 1
                    try:
                        acknowledged.append(client.as_user(ada).create_post(f"post {n}"))
                    except KithdbError as err:
                        refused.append(str(err))
                        time.sleep(0.05)
                        continue
                    if promoted.is_set() and len(acknowledged) >= before + 20:
                        after_failover.set()

        before = 10**9
        with psycopg.connect(primary.url(), autocommit=True) as conn:
            sender = conn.execute("select pid from pg_stat_replication").fetchone()
        assert sender is not None
        writer = threading.Thread(target=write)
        writer.start()
        time.sleep(1.5)
        # The primary stops sending WAL for a moment before it dies, as a slow network would
        # have it: without synchronous replication, what it acknowledged meanwhile is lost.
        os.kill(sender[0], signal.SIGSTOP)
        time.sleep(0.5)
        primary.stop(crash=True)
        before = len(acknowledged)
        standby.promote()
        promoted.set()
        writer.join(timeout=120)
        assert not writer.is_alive(), "the client never wrote again"
        assert before > 20, "the load had not started"
        with psycopg.connect(standby.url()) as conn:
            found = conn.execute("select count(*) from public.posts where id = any(%s)",
                                 (acknowledged,)).fetchone()
            assert conn.execute("select pg_is_in_recovery()").fetchone() == (False,)
        assert found == (len(acknowledged),)
    finally:
        standby.stop()
        primary.stop()
