"""Apply and roll back the migrations in ``migrations/`` with yoyo.

The migrations ship inside the package (``kithdb/_data/migrations``), so an installed kithdb
needs no checkout. yoyo keeps its bookkeeping tables in schema ``yoyo`` here, out of ``public``,
so PostgREST does not expose them. A plain ``yoyo apply`` of the ``migrations/`` directory works
too; it keeps them in ``public``, behind RLS (DEP-04).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
from collections.abc import Iterator
from importlib.resources import files
from pathlib import Path
from typing import Any

import psycopg
from psycopg.conninfo import conninfo_to_dict
from yoyo import read_migrations
from yoyo.backends.core.postgresql import PostgresqlPsycopgBackend
from yoyo.connections import DatabaseURI, default_migration_table
from yoyo.exceptions import LockTimeout

BOOKKEEPING_SCHEMA = "yoyo"
# A migration that cannot take a lock within this time fails (55P03) and changes nothing, rather
# than wait behind a long transaction while every query after it queues behind the lock it
# asked for; on a live database, run it again (DEP-08).
LOCK_TIMEOUT = "5s"
# How long apply and rollback wait for the migrations' own lock (yoyo's lock row), which another
# apply or rollback holds while it runs.
LOCK_WAIT = 10
# A session advisory lock each run also holds, on a connection of its own: it goes with the run's
# connection, so it tells a live run from a lock row that a killed one left. 1804 sets it apart
# from kithdb's other advisory locks.
LIVE_RUN_LOCK = (1804, 0)


class MigrationError(Exception):
    """The migrations cannot be applied or rolled back as asked; nothing was changed."""


class MigrationLocked(MigrationError):
    """Another apply or rollback holds the migrations' lock, or one was killed holding it."""


class PackageDataMissing(MigrationError, FileNotFoundError):
    """SQL the package ships is not where it should be: a broken install or a wrong path."""


class UnknownMigrations(MigrationError):
    """The database records migrations that these files do not hold (another kithdb applied
    them), so applying or rolling back would act on a schema these files do not describe."""


class ChangedMigrations(MigrationError):
    """The database applied migrations from other versions of these files, so these files do not
    say what the database holds (DEP-14)."""


# Beside yoyo's tables: each migration kithdb applied, with the digest of its two files then.
CHECKSUMS = f"{BOOKKEEPING_SCHEMA}.kithdb_migration_checksums"


# A migration file: NNNN_name.sql with its NNNN_name.rollback.sql. Anything else in the directory
# (test helpers, a schema dump) is refused rather than applied.
_MIGRATION_FILE = re.compile(r"^[0-9]{4}_[a-z0-9_]+(\.rollback)?\.sql$")


def package_data(name: str) -> Path:
    """A file or directory the package ships in ``kithdb/_data`` (``migrations``, ``pgtap``,
    ``sql/test_helpers.sql``).

    In a wheel these are copies inside the installed package; in an editable install,
    ``kithdb/_data`` holds symlinks to the checkout's top-level directories.
    """
    resource = files("kithdb") / "_data" / name
    # yoyo and the exports read plain files; a package imported from a zip has none.
    if not isinstance(resource, Path):
        raise PackageDataMissing(f"kithdb must be installed as files, not a zip: no {name}")
    return resource


def migrations_dir() -> Path:
    """The migrations directory: ``$KITHDB_MIGRATIONS``, else the one the package ships."""
    configured = os.environ.get("KITHDB_MIGRATIONS")
    return Path(configured) if configured else package_data("migrations")


def _read_migrations() -> Any:
    """Read before any connection, so a broken install leaves the database untouched."""
    directory = migrations_dir()
    names = sorted(p.name for p in directory.glob("*.sql"))
    # yoyo reads a missing or empty directory as "nothing to do"; say what is wrong instead.
    if not names:
        raise PackageDataMissing(f"no migrations in {directory}")
    strangers = [name for name in names if not _MIGRATION_FILE.match(name)]
    if strangers or not names[0].startswith("0001_"):
        raise PackageDataMissing(
            f"{directory} is not a kithdb migrations directory"
            + (f" (it holds {', '.join(strangers)})" if strangers else " (no 0001_ migration)")
        )
    return read_migrations(str(directory))


def _refuse_unknown(url: str, migrations: Any) -> None:
    """Refuse a database that records migrations these files do not hold."""
    with psycopg.connect(url) as conn:
        table = conn.execute(
            "select to_regclass(%s)", (f"{BOOKKEEPING_SCHEMA}._yoyo_migration",)
        ).fetchone()
        if table is None or table[0] is None:
            return
        recorded = {r[0] for r in conn.execute(
            f"select migration_id from {BOOKKEEPING_SCHEMA}._yoyo_migration"
        )}
    unknown = sorted(recorded - {m.id for m in migrations})
    if unknown:
        raise UnknownMigrations(
            "the database records migrations these files do not hold: "
            + ", ".join(unknown)
            + "; roll them back with the kithdb that applied them"
        )


def checksum(migration: Any) -> str:
    """SHA-256 over a migration's file and its rollback's: an edit of either is a change."""
    digest = hashlib.sha256()
    forward = Path(migration.path)
    for path in (forward, forward.with_name(forward.name.removesuffix(".sql") + ".rollback.sql")):
        digest.update(path.read_bytes() if path.exists() else b"")
        digest.update(b"\0")
    return digest.hexdigest()


def _refuse_changed(url: str, migrations: Any) -> None:
    """Refuse a database that applied one of these migrations from another version of its files.
    Only what yoyo records as applied is compared: a digest left by an apply or a rollback that
    stopped part of the way is of nothing. A migration applied without kithdb (a plain ``yoyo
    apply``) has no digest and is taken as it is."""
    with psycopg.connect(url, autocommit=True) as conn:
        yoyos = conn.execute("select to_regclass(%s)",
                             (f"{BOOKKEEPING_SCHEMA}._yoyo_migration",)).fetchone()
        recorded = {} if yoyos is None or yoyos[0] is None else {
            str(i): str(h) for i, h in conn.execute(
                f"select c.migration_id, c.sha256 from {CHECKSUMS} c join"
                f" {BOOKKEEPING_SCHEMA}._yoyo_migration y on y.migration_id = c.migration_id")}
    changed = [m.id for m in migrations if m.id in recorded and recorded[m.id] != checksum(m)]
    if changed:
        raise ChangedMigrations(
            "the database applied " + ", ".join(changed) + " from other versions of these files,"
            " so these files do not describe it: roll back to before them with the kithdb"
            " that applied them, then migrate again (or start a throwaway database afresh)"
        )


def _note_checksums(url: str, pending: Any) -> None:
    """The digests of the migrations about to be applied, committed before yoyo applies any: a
    migration is never applied by kithdb without one, even if the apply is killed."""
    with psycopg.connect(url) as conn:
        for m in pending:
            conn.execute(f"insert into {CHECKSUMS} (migration_id, sha256) values (%s, %s)"
                         " on conflict (migration_id) do update"
                         " set sha256 = excluded.sha256, recorded_at = now()", (m.id, checksum(m)))


def _forget_unapplied(url: str) -> None:
    """Drop the digests of migrations yoyo does not record as applied (after an apply that
    failed, or a rollback). Only tidiness: the comparison passes over them anyway."""
    with contextlib.suppress(psycopg.Error), psycopg.connect(url) as conn:
        conn.execute(f"delete from {CHECKSUMS} c where not exists (select from"
                     f" {BOOKKEEPING_SCHEMA}._yoyo_migration y"
                     " where y.migration_id = c.migration_id)")


class _Backend(PostgresqlPsycopgBackend):  # type: ignore[misc]
    """yoyo's PostgreSQL backend on psycopg 3, with its bookkeeping in schema ``yoyo``, connected
    by the connection string kithdb's own checks use. yoyo's reading of a URL (a plain split)
    is not libpq's: it leaves a database name percent-encoded, takes the port before the path
    over one in the query, and refuses several hosts. Read twice, one URL could be checked and
    locked on one database and migrated on another (DEP-14)."""

    def connect(self, dburi: Any) -> Any:
        self.schema = BOOKKEEPING_SCHEMA
        # The URL as given, so that the options libpq takes from it, a service file or
        # PGOPTIONS reach this session as they reach kithdb's checks'; the lock timeout is set
        # on top of them (DEP-08).
        conn = psycopg.connect(dburi.args["conninfo"], autocommit=True)
        conn.execute(f"set lock_timeout = '{LOCK_TIMEOUT}'")
        return conn

    # yoyo commits a migration, then records it in a transaction of its own: a run killed
    # between the two leaves a migration applied but unrecorded, which the next apply runs
    # again (and fails on) and no rollback knows of. Here the migration and its record (and its
    # log row) are one transaction on one connection (DEP-18).

    def apply_one(self, migration: Any, force: bool = False, mark: bool = True) -> None:
        """Apply ``migration`` and record it as applied, in one transaction."""
        self._run_and_record(migration, "apply", force=force, record=mark)

    def rollback_one(self, migration: Any, force: bool = False) -> None:
        """Roll ``migration`` back and forget it was applied, in one transaction."""
        self._run_and_record(migration, "rollback", force=force, record=True)

    def _run_and_record(self, migration: Any, direction: str, *, force: bool,
                        record: bool) -> None:
        migration.load()
        if not migration.use_transactions:  # "-- transactional: false": yoyo's own way
            if direction == "apply":
                super().apply_one(migration, force=force, mark=record)
            else:
                super().rollback_one(migration, force=force)
            return
        self.ensure_internal_schema_updated()
        with self.copy() as backend, backend.transaction():
            # Inside this transaction yoyo runs the steps in a savepoint of it.
            migration.process_steps(backend, direction, force=force)
            # The bookkeeping tables are named unqualified: find them whatever search path the
            # migration left.
            backend.execute(f"set local search_path to {BOOKKEEPING_SCHEMA}")
            if record and direction == "apply":
                backend.mark_one(migration, log=False)
            elif record:
                backend.unmark_one(migration, log=False)
            backend.log_migration(migration, direction)


def _backend(url: str) -> Any:
    """yoyo's backend for ``url``, as ``yoyo.get_backend`` makes one, bar the URL's parsing."""
    uri = DatabaseURI(scheme="postgresql+psycopg", username=None, password=None, hostname=None,
                      port=None, database=None, args={"conninfo": url})
    backend = _Backend(uri, default_migration_table)
    backend.init_database()
    return backend


def _ensure_bookkeeping_schema(url: str) -> None:
    """yoyo's schema, and in it the digests of the migrations kithdb applied."""
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"create schema if not exists {BOOKKEEPING_SCHEMA}")
        conn.execute(f"create table if not exists {CHECKSUMS} (migration_id text primary key,"
                     " sha256 text not null, recorded_at timestamptz not null default now())")


@contextlib.contextmanager
def _locked(url: str, backend: Any, *, break_lock: bool) -> Iterator[None]:
    """yoyo's lock on the migrations, under this run's live-run lock. ``break_lock`` first frees
    a lock row that a killed run left, and refuses while another run is live."""
    with psycopg.connect(url, autocommit=True) as guard:
        row = guard.execute("select pg_try_advisory_lock(%s, %s)", LIVE_RUN_LOCK).fetchone()
        alone = bool(row and row[0])
        if break_lock:
            if not alone:
                raise MigrationLocked("another kithdb migrate or rollback is running: its lock"
                                      " is not broken; wait for it to end")
            backend.break_lock()
        try:
            with backend.lock(timeout=LOCK_WAIT):
                yield
        except LockTimeout as held:
            raise MigrationLocked(
                f"the migrations are locked: another kithdb migrate or rollback is running, or"
                f" one was killed while it ran ({held}); if none is running, run the command"
                f" again with --break-lock"
            ) from held


def apply(url: str, *, count: int | None = None, break_lock: bool = False) -> list[str]:
    """Apply every pending migration (or the first ``count`` of them); return the ids applied.
    ``break_lock`` frees the migrations' lock a killed apply or rollback left."""
    migrations = _read_migrations()
    conninfo_to_dict(url)  # a string libpq cannot read is refused before anything changes
    _ensure_bookkeeping_schema(url)
    _refuse_unknown(url, migrations)
    backend = _backend(url)
    with _locked(url, backend, break_lock=break_lock):
        _refuse_changed(url, migrations)
        pending = backend.to_apply(migrations)
        if count is not None:
            pending = pending[:count]
        _note_checksums(url, pending)
        try:
            backend.apply_migrations(pending)
        finally:
            _forget_unapplied(url)
    return [m.id for m in pending]


def rollback(url: str, *, everything: bool = False, break_lock: bool = False) -> list[str]:
    """Roll back the newest applied migration, or all of them; return the ids rolled back.
    ``break_lock`` frees the migrations' lock a killed apply or rollback left."""
    migrations = _read_migrations()
    conninfo_to_dict(url)  # a string libpq cannot read is refused before anything changes
    _ensure_bookkeeping_schema(url)
    _refuse_unknown(url, migrations)
    backend = _backend(url)
    with _locked(url, backend, break_lock=break_lock):
        _refuse_changed(url, migrations)
        applied = backend.to_rollback(migrations)
        chosen = applied if everything else applied[:1]
        try:
            backend.rollback_migrations(chosen)
        finally:
            _forget_unapplied(url)
    return [m.id for m in chosen]
