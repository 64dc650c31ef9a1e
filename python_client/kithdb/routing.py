"""Where a call runs: writes on the primary, reads on the read replicas in turn.

A replica serves reads only while it is a standby of the primary's cluster that keeps up: at
most once per ``CHECK_EVERY`` seconds (when a read comes) it is asked what it has replayed, and
the primary where its WAL stands; a replica that has not replayed what the primary had written
at the previous check (replay paused, stuck or cut off) serves no read until it has, so a read
is at most about two intervals behind.
A caller reads their own writes: after a write, their reads go to the primary until the replica
asked has replayed the write's commit (compared by WAL position; no sleeps). A replica that
cannot be reached, or whose connection fails during a read, is left out for ``DOWN_FOR``
seconds and the read runs on the primary.
"""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from uuid import UUID

import psycopg
from psycopg_pool import ConnectionPool, PoolTimeout

DOWN_FOR = 10.0
CONNECT_TIMEOUT = 2.0
CHECK_EVERY = 1.0
# Where the primary's WAL ends, as a standby's replay position counts it. The insert position
# stands past the header of a page no record has begun on yet (after a segment switch, for one:
# a base backup, archive_timeout), where a standby that has replayed all of it stands at the
# page's start; a record never ends inside a page header, so such a position means that start.
_WAL_END = """
select (case
          when (p.at - '0/0'::pg_lsn)
               % pg_catalog.pg_size_bytes(pg_catalog.current_setting('wal_segment_size')) = 40
            then p.at - 40
          when (p.at - '0/0'::pg_lsn)
               % pg_catalog.current_setting('wal_block_size')::numeric = 24
            then p.at - 24
          else p.at
        end)::text
from (select pg_catalog.pg_current_wal_insert_lsn() as at) p
"""
# A replica that has not replayed a caller's write is asked again only after this long.
RECHECK_AFTER = 0.05


class ReplicaFailed(Exception):
    """A read failed on its replica (the connection, or replay cancelled it); the read is run
    again on the primary."""


@dataclass
class _Replica:
    pool: ConnectionPool
    replayed: int = 0  # what it was last seen to have replayed
    checked_at: float = float("-inf")
    primary_then: int | None = None  # where the primary's WAL stood at that check
    fresh: bool = False
    down_until: float = 0.0


class Router:
    """The primary's pool and the replicas' pools of one Client."""

    def __init__(self, primary: ConnectionPool, replicas: list[ConnectionPool],
                 listen_url: str | None = None) -> None:
        self.primary = primary
        self.replicas = [_Replica(pool) for pool in replicas]
        # Where listen() connects when not where the primary's pool does (kithdb.inbox).
        self.listen_url = listen_url
        self._turn = itertools.count()
        self._lock = threading.Lock()
        # Each caller's last write not yet known replayed everywhere: its commit's WAL position.
        self._written: dict[UUID | None, int] = {}
        # The primary's cluster, which a replica must be a standby of (read at the first check).
        self._system: int | None = None

    @contextmanager
    def write(self, user_id: UUID | None) -> Iterator[psycopg.Connection[Any]]:
        """A primary connection for a write; once it is committed, remember where the WAL
        ends, so that the caller's reads wait for a replica that has replayed it."""
        with self.primary.connection() as conn:
            yield conn
            if self.replicas:
                conn.commit()  # the position read next is then past the write's commit
                row = conn.execute(_WAL_END).fetchone()
                conn.commit()
                if row:
                    with self._lock:
                        self._written[user_id] = max(self._written.get(user_id, 0), lsn(row[0]))

    @contextmanager
    def read(self, user_id: UUID | None) -> Iterator[psycopg.Connection[Any]]:
        """A connection for a read: a fresh replica's, in turn, that has replayed the caller's
        last write, else the primary's. A replica connection that fails raises ReplicaFailed
        (the replica is left out; run the read again), and so does a read that replay cancels
        (the replica stays in)."""
        found = self._replica_for(user_id)
        if found is None:
            with self.primary.connection() as primary:
                yield primary
            return
        conn, replica = found
        try:
            yield conn
        except psycopg.errors.SerializationFailure as exc:
            # A read at read committed fails so on a standby only when replay cancels it (a
            # recovery conflict: the primary locked or vacuumed away what it held). The replica
            # is sound; the read is run again on the primary.
            raise ReplicaFailed() from exc
        except psycopg.OperationalError as exc:
            # A lost connection leaves the replica out; a cancelled statement (its timeout) is
            # the caller's, as on the primary.
            if not conn.broken:
                raise
            replica.down_until = time.monotonic() + DOWN_FOR
            raise ReplicaFailed() from exc
        finally:
            replica.pool.putconn(conn)

    def _replica_for(self, user_id: UUID | None
                     ) -> tuple[psycopg.Connection[Any], _Replica] | None:
        with self._lock:
            written = self._written.get(user_id, 0)
        start = next(self._turn)
        for k in range(len(self.replicas)):
            replica = self.replicas[(start + k) % len(self.replicas)]
            if replica.down_until > time.monotonic():
                continue
            try:
                conn = replica.pool.getconn(timeout=CONNECT_TIMEOUT)
            except PoolTimeout:
                replica.down_until = time.monotonic() + DOWN_FOR
                continue
            since = time.monotonic() - replica.checked_at
            if replica.replayed < written and since < RECHECK_AFTER:
                replica.pool.putconn(conn)  # asked a moment ago: it has not replayed the write
                continue
            try:
                if since >= CHECK_EVERY or replica.replayed < written:
                    self._check(replica, conn)
            except psycopg.Error:
                replica.pool.putconn(conn)
                replica.down_until = time.monotonic() + DOWN_FOR
                continue
            if replica.fresh and replica.replayed >= written:
                return conn, replica
            replica.pool.putconn(conn)
        return None

    def _check(self, replica: _Replica, conn: psycopg.Connection[Any]) -> None:
        """Ask the replica what it has replayed (and whether it is a standby at all), and the
        primary where its WAL stands; forget the writes every replica has replayed."""
        # The primary first: a replica that keeps up can then have replayed all of it.
        try:
            with self.primary.connection(timeout=CONNECT_TIMEOUT) as primary:
                now = primary.execute(_WAL_END).fetchone()
                if self._system is None:
                    self._system = _system_identifier(primary)
        except (psycopg.OperationalError, PoolTimeout):
            # Without the primary there is nothing to measure against: the replica keeps what
            # it was found to be, and is asked again in an interval.
            replica.checked_at = time.monotonic()
            return
        row = conn.execute("select pg_is_in_recovery(),"
                           " coalesce(pg_last_wal_replay_lsn(), '0/0')::text").fetchone()
        system = _system_identifier(conn)
        conn.rollback()
        assert row is not None and now is not None
        # A standby of another cluster (a staging replica named by mistake) is no replica of
        # this primary, however far it has replayed: its positions and data are another's.
        standby, replayed = bool(row[0]) and system == self._system, lsn(row[1])
        with self._lock:
            replica.replayed = max(replica.replayed, replayed) if standby else 0
            # Measured against the previous check only while it is recent: after a quiet spell
            # the replica must have replayed all the primary has now.
            recent = time.monotonic() - replica.checked_at <= 2 * CHECK_EVERY
            behind = (replica.primary_then if recent and replica.primary_then is not None
                      else lsn(now[0]))
            replica.fresh = standby and replayed >= behind
            replica.primary_then, replica.checked_at = lsn(now[0]), time.monotonic()
            # Replicas left out do not hold positions back: back in, they must first replay
            # all the primary has (their last check is old by then).
            serving = [r.replayed for r in self.replicas
                       if r.fresh and r.down_until <= time.monotonic()]
            everywhere = min(serving, default=0)
            for user, position in list(self._written.items()):
                if position <= everywhere:
                    del self._written[user]

    def down(self) -> list[int]:
        """The replicas (by their place in ``read_urls``) left out for now."""
        now = time.monotonic()
        return [i for i, r in enumerate(self.replicas) if r.down_until > now]

    def close(self) -> None:
        """Close every pool."""
        for pool in (self.primary, *(r.pool for r in self.replicas)):
            pool.close()


def _system_identifier(conn: psycopg.Connection[Any]) -> int:
    """The cluster's identifier, which its standbys share (set by initdb)."""
    row = conn.execute("select system_identifier from pg_catalog.pg_control_system()").fetchone()
    assert row is not None
    return int(row[0])


def lsn(text: str) -> int:
    """A WAL position (``16/B374D848``) as a number, to compare two."""
    high, _, low = text.partition("/")
    return (int(high, 16) << 32) + int(low, 16)
