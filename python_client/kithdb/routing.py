"""Where a call runs: writes on the primary, reads on the read replicas in turn.

A caller reads their own writes: after a write, their reads go to the primary until the replica
asked has replayed the write's commit (its WAL position, compared with the replica's replay
position; no sleeps). A replica that cannot be reached is skipped for ``DOWN_FOR`` seconds.
"""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from uuid import UUID

import psycopg
from psycopg_pool import ConnectionPool, PoolTimeout

# How long a replica that failed to answer is left out, and how long to wait for one.
DOWN_FOR = 10.0
CONNECT_TIMEOUT = 2.0


class Router:
    """The primary's pool and the replicas' pools of one Client."""

    def __init__(self, primary: ConnectionPool, replicas: list[ConnectionPool],
                 listen_url: str | None = None) -> None:
        self.primary = primary
        self.replicas = replicas
        # Where listen() connects when not where the primary's pool does (kithdb.inbox).
        self.listen_url = listen_url
        self._turn = itertools.count()
        self._lock = threading.Lock()
        # Each caller's last write still to be replayed somewhere: its commit's WAL position.
        self._written: dict[UUID | None, int] = {}
        # What each replica was last seen to have replayed (it only grows).
        self._replayed: dict[int, int] = {}
        self._down_until: dict[int, float] = {}

    @contextmanager
    def write(self, user_id: UUID | None) -> Iterator[psycopg.Connection[Any]]:
        """A primary connection for a write; once it is committed, remember where the WAL
        stood, so that the caller's reads wait for a replica that has replayed it."""
        with self.primary.connection() as conn:
            yield conn
            if self.replicas:
                row = conn.execute("select pg_current_wal_lsn()::text").fetchone()
                conn.commit()
                if row:
                    with self._lock:
                        self._written[user_id] = lsn(row[0])

    @contextmanager
    def read(self, user_id: UUID | None) -> Iterator[psycopg.Connection[Any]]:
        """A replica connection for a read, in turn, that has replayed the caller's last write;
        the primary's when none has or none answers."""
        conn, pool = self._replica_for(user_id)
        if conn is None or pool is None:
            with self.primary.connection() as primary:
                yield primary
            return
        try:
            yield conn
        finally:
            pool.putconn(conn)

    def _replica_for(self, user_id: UUID | None
                     ) -> tuple[psycopg.Connection[Any] | None, ConnectionPool | None]:
        with self._lock:
            written = self._written.get(user_id, 0)
        start = next(self._turn)
        for k in range(len(self.replicas)):
            index = (start + k) % len(self.replicas)
            if self._down_until.get(index, 0.0) > time.monotonic():
                continue
            pool = self.replicas[index]
            try:
                conn = pool.getconn(timeout=CONNECT_TIMEOUT)
            except PoolTimeout:
                self._down_until[index] = time.monotonic() + DOWN_FOR
                continue
            if self._replayed.get(index, 0) < written:
                try:
                    row = conn.execute("select pg_last_wal_replay_lsn()::text").fetchone()
                    conn.rollback()
                except psycopg.OperationalError:
                    pool.putconn(conn)
                    self._down_until[index] = time.monotonic() + DOWN_FOR
                    continue
                with self._lock:
                    self._replayed[index] = max(self._replayed.get(index, 0),
                                                lsn(row[0]) if row and row[0] else 0)
            if self._replayed.get(index, 0) >= written:
                self._forget_replayed(user_id, written)
                return conn, pool
            pool.putconn(conn)
        return None, None

    def _forget_replayed(self, user_id: UUID | None, written: int) -> None:
        """Forget the caller's write once every replica is known to have replayed it."""
        if written and all(self._replayed.get(i, 0) >= written
                           for i in range(len(self.replicas))):
            with self._lock:
                if self._written.get(user_id) == written:
                    del self._written[user_id]

    def down(self) -> list[int]:
        """The replicas (by their place in ``read_urls``) left out for now."""
        now = time.monotonic()
        return sorted(i for i, until in self._down_until.items() if until > now)

    def close(self) -> None:
        """Close every pool."""
        for pool in (self.primary, *self.replicas):
            pool.close()


def lsn(text: str) -> int:
    """A WAL position (``16/B374D848``) as a number, to compare two."""
    high, _, low = text.partition("/")
    return (int(high, 16) << 32) + int(low, 16)
