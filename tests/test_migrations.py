"""Deployment: the yoyo commands of the README (apply, rollback --all) on a empty database."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

from kithdb import migrate, schema
from tests.conftest import ROOT, Db

YOYO = str(Path(sys.executable).parent / "yoyo")


def yoyo(command: str, url: str) -> None:
    args = [YOYO, command, "--batch", "--database", url.replace("postgresql://", "postgresql+psycopg://")]
    if command == "rollback":
        args.append("--all")
    subprocess.run([*args, str(ROOT / "migrations")], check=True, capture_output=True, timeout=120)


def package_objects(url: str) -> list[tuple[str, str]]:
    """Every object in public/kithdb other than yoyo's bookkeeping, plus our auth.users trigger."""
    with psycopg.connect(url) as conn:
        rows = conn.execute(
            """
            select 'relation', c.oid::regclass::text from pg_class c
            where c.relnamespace = 'public'::regnamespace and c.relname !~ '^_?yoyo'
            union all
            select 'function', p.oid::regprocedure::text from pg_proc p
            where p.pronamespace = 'public'::regnamespace
            union all
            select 'type', t.oid::regtype::text from pg_type t
            where t.typnamespace = 'public'::regnamespace and t.typtype = 'e'
            union all
            select 'schema', nspname from pg_namespace where nspname = 'kithdb'
            union all
            select 'trigger', tgname from pg_trigger
            where tgrelid = 'auth.users'::regclass and not tgisinternal
            """
        ).fetchall()
    return [(str(kind), str(name)) for kind, name in rows]


def test_apply_rollback_apply_is_identical(empty: str) -> None:
    """DEP-01, DEP-02, DEP-04: `yoyo apply --batch`, `yoyo rollback --batch --all` and
    `yoyo apply --batch` again, as the README gives them, on an empty database."""
    yoyo("apply", empty)
    first = schema.dump(empty)
    assert "CREATE TABLE public.friendships" in first
    assert package_objects(empty)

    with psycopg.connect(empty) as conn:
        exposed = conn.execute(
            "select count(*) from pg_class where relnamespace = 'public'::regnamespace"
            " and relname ~ 'yoyo' and relkind = 'r' and not relrowsecurity"
        ).fetchone()
    assert exposed == (0,), "DEP-04: yoyo's tables in public must have RLS"

    yoyo("rollback", empty)
    assert package_objects(empty) == []

    yoyo("apply", empty)
    assert schema.dump(empty) == first


def test_compat_never_replaces_supabase_objects(empty: str) -> None:
    """DEP-03: an existing auth.uid() (Supabase's) is left exactly as it was."""
    with psycopg.connect(empty, autocommit=True) as conn:
        conn.execute("create schema auth")
        conn.execute(
            "create function auth.uid() returns uuid language sql stable"
            " as $$ select '00000000-0000-0000-0000-00000000beef'::uuid $$"
        )
    yoyo("apply", empty)
    with psycopg.connect(empty) as conn:
        row = conn.execute("select auth.uid()").fetchone()
    assert row is not None
    assert str(row[0]).endswith("beef")


def test_every_prefix_applies_and_rolls_back(empty: str) -> None:
    """DEP-02: each prefix of the migration list applies and rolls back to nothing."""
    total = len(list((ROOT / "migrations").glob("*.rollback.sql")))
    for count in range(1, total + 1):
        assert len(migrate.apply(empty, count=count)) == count
        assert len(migrate.rollback(empty, everything=True)) == count
        assert package_objects(empty) == [], f"leftovers after the first {count} migrations"


def test_a_directory_of_other_sql_is_refused(
    empty: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """DEP-02: pointed at a directory of SQL that is not kithdb's migrations (the test helpers
    beside them), migrate refuses before it touches the database."""
    monkeypatch.setenv("KITHDB_MIGRATIONS", str(ROOT / "sql"))
    with pytest.raises(migrate.MigrationError, match="not a kithdb migrations directory"):
        migrate.apply(empty)
    with psycopg.connect(empty) as conn:
        assert conn.execute("select to_regnamespace('tests')").fetchone() == (None,)


def test_a_database_migrated_by_other_files_is_refused(empty: str) -> None:
    """DEP-01, DEP-02: a database that records a migration these files do not hold (applied by
    another kithdb) is neither migrated nor rolled back: both would act on a schema the files do
    not describe."""
    migrate.apply(empty)
    with psycopg.connect(empty, autocommit=True) as conn:
        conn.execute(
            "insert into yoyo._yoyo_migration (migration_hash, migration_id, applied_at_utc)"
            " values ('x', '0099_gone', now())"
        )
    for act in (migrate.apply, migrate.rollback):
        with pytest.raises(migrate.UnknownMigrations, match="0099_gone"):
            act(empty)
    with psycopg.connect(empty) as conn:
        applied = len(list((ROOT / "migrations").glob("*.rollback.sql")))
        assert conn.execute("select count(*) from yoyo._yoyo_migration").fetchone() == (
            applied + 1,)


def test_a_migration_edited_after_it_was_applied_is_refused(
    empty: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """DEP-14: a database migrated by files that were edited since (a newer kithdb's edit of an
    unreleased module, or a hand edit) is neither migrated nor rolled back: the files do not say
    what the database holds, and yoyo alone would skip the edit in silence."""
    edited = tmp_path / "migrations"
    shutil.copytree(ROOT / "migrations", edited)
    monkeypatch.setenv("KITHDB_MIGRATIONS", str(edited))
    migrate.apply(empty, count=3)
    assert migrate.apply(empty) != []  # the rest, from unchanged files
    for name in ("0002_kithdb_core.sql", "0002_kithdb_core.rollback.sql"):
        original = (edited / name).read_text()
        (edited / name).write_text(original + "\n-- edited\n")
        for act in (migrate.apply, migrate.rollback):
            with pytest.raises(migrate.ChangedMigrations, match="0002_kithdb_core"):
                act(empty)
        (edited / name).write_text(original)
    # The files as they were applied: both act again, and a rollback forgets what it undid.
    assert migrate.apply(empty) == []
    assert len(migrate.rollback(empty, everything=True)) == len(list(edited.glob("*.rollback.sql")))
    (edited / "0002_kithdb_core.sql").write_text(
        (edited / "0002_kithdb_core.sql").read_text() + "\n-- edited\n")
    assert len(migrate.apply(empty)) == len(list(edited.glob("*.rollback.sql")))


def test_a_failed_apply_keeps_the_digests_of_what_it_applied(
    empty: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """DEP-14: an apply that fails part of the way keeps the digests of the migrations it applied
    before, so a later edit of one of them is still refused."""
    edited = tmp_path / "migrations"
    shutil.copytree(ROOT / "migrations", edited)
    monkeypatch.setenv("KITHDB_MIGRATIONS", str(edited))
    third = edited / "0003_profiles.sql"
    original = third.read_text()
    third.write_text(original + "\nselect 1 / 0;\n")
    with pytest.raises(psycopg.Error):
        migrate.apply(empty)
    third.write_text(original)
    second = edited / "0002_kithdb_core.sql"
    second.write_text(second.read_text() + "\n-- edited\n")
    with pytest.raises(migrate.ChangedMigrations, match="0002_kithdb_core"):
        migrate.apply(empty)


def test_a_digest_of_a_migration_not_applied_refuses_nothing(empty: str) -> None:
    """DEP-14: a digest left for a migration the database does not hold (a rollback killed part
    of the way, or one by plain yoyo) is of nothing: the migration applies from today's file."""
    migrate.apply(empty, count=3)
    with psycopg.connect(empty, autocommit=True) as conn:
        conn.execute("insert into yoyo.kithdb_migration_checksums (migration_id, sha256)"
                     " values ('0015_inbox', 'a digest of another file')")
    assert "0015_inbox" in migrate.apply(empty)


def test_a_lock_a_killed_run_left_is_named_and_freed(
    empty: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """DEP-14: the migrations' lock that an apply killed while it ran leaves behind makes the next
    apply and rollback say so and how to free it (MigrationLocked, --break-lock), and changes
    nothing; break_lock frees it."""
    migrate.apply(empty, count=2)
    with psycopg.connect(empty, autocommit=True) as conn:
        conn.execute("insert into yoyo.yoyo_lock (locked, ctime, pid) values (1, now(), 99999)")
    monkeypatch.setattr(migrate, "LOCK_WAIT", 1)
    for act in (migrate.apply, migrate.rollback):
        with pytest.raises(migrate.MigrationLocked, match="--break-lock"):
            act(empty)
    with psycopg.connect(empty) as conn:
        assert conn.execute("select count(*) from yoyo._yoyo_migration").fetchone() == (2,)
    assert len(migrate.apply(empty, break_lock=True)) > 0


def test_a_live_runs_lock_is_never_broken(empty: str) -> None:
    """DEP-14: --break-lock frees only a lock that no live run holds: while another apply or
    rollback runs (its connection holds the live-run lock), it is refused and nothing is done."""
    migrate.apply(empty, count=2)
    with psycopg.connect(empty, autocommit=True) as live:
        live.execute("select pg_advisory_lock(%s, %s)", migrate.LIVE_RUN_LOCK)
        live.execute("insert into yoyo.yoyo_lock (locked, ctime, pid) values (1, now(), 99999)")
        with pytest.raises(migrate.MigrationLocked, match="is not broken"):
            migrate.apply(empty, break_lock=True)
        assert live.execute("select count(*) from yoyo.yoyo_lock").fetchone() == (1,)
    assert len(migrate.apply(empty, break_lock=True)) > 0


def database_of(db: Db, name: str) -> str:
    """A connection string naming database ``name`` as it is spelled, with no URL decoding."""
    return f"host={db.host} port={db.port} user=postgres dbname='{name}'"


def applied(conninfo: str) -> int:
    """How many migrations yoyo records in the database (0 without its bookkeeping)."""
    with psycopg.connect(conninfo) as conn:
        row = conn.execute("select to_regclass('yoyo._yoyo_migration')").fetchone()
        if row is None or row[0] is None:
            return 0
        count = conn.execute("select count(*) from yoyo._yoyo_migration").fetchone()
    return int(count[0]) if count else 0


def test_migrate_checks_and_changes_the_one_database_the_url_names(db: Db) -> None:
    """DEP-14: apply and rollback check, lock and change the database libpq reads from the URL,
    all of them: a percent-encoded name (``_%41`` is ``_A``) or a port given in the query (which
    libpq takes over the one before the path) is never read otherwise for the migrations, so no
    check is made on one database and the change on another."""
    with db.empty_database("A"), db.empty_database("%41"):
        meant, other = database_of(db, f"{db.dbname}_A"), database_of(db, f"{db.dbname}_%41")
        encoded = f"postgresql://postgres@{db.host}:{db.port}/{db.dbname}_%41"
        assert migrate.apply(encoded, count=2) != []
        assert (applied(meant), applied(other)) == (2, 0)
        assert migrate.rollback(encoded) != []
        assert (applied(meant), applied(other)) == (1, 0)
        port_in_query = f"postgresql://postgres@{db.host}:1/{db.dbname}_A?port={db.port}"
        done = migrate.apply(port_in_query)
        assert (applied(meant), applied(other)) == (len(done) + 1, 0)
        with psycopg.connect(other) as conn:
            assert conn.execute("select to_regnamespace('yoyo')").fetchone() == (None,)


# Dies at once (as SIGKILL, an OOM kill or a lost connection would end it) right after the first
# commit once public.profiles (0003's table) exists, whatever that commit was for.
KILLED_AFTER_A_COMMIT = """
import os, signal, sys
import psycopg
from yoyo.backends.core.postgresql import PostgresqlBackend
from kithdb import migrate
commit = PostgresqlBackend.commit
def commit_then_die_once_profiles_exist(self):
    commit(self)
    with psycopg.connect(sys.argv[1]) as conn:
        if conn.execute("select to_regclass('public.profiles')").fetchone() != (None,):
            os.kill(os.getpid(), signal.SIGKILL)
PostgresqlBackend.commit = commit_then_die_once_profiles_exist
migrate.apply(sys.argv[1])
"""


def test_a_migrate_killed_after_a_commit_leaves_what_it_applied_recorded(empty: str) -> None:
    """DEP-18: a migration and yoyo's record of it commit together, so a migrate killed at any
    commit leaves every migration either applied and recorded or neither: the next migrate
    (freeing the lock the killed run left) applies the rest and a rollback undoes everything."""
    killed = subprocess.run([sys.executable, "-c", KILLED_AFTER_A_COMMIT, empty],
                            capture_output=True, text=True, timeout=120)
    assert killed.returncode == -9, killed.stderr
    with psycopg.connect(empty) as conn:
        recorded = {r[0] for r in conn.execute("select migration_id from yoyo._yoyo_migration")}
    assert "0003_profiles" in recorded
    rest = migrate.apply(empty, break_lock=True)
    assert len(recorded) + len(rest) == len(list((ROOT / "migrations").glob("*.rollback.sql")))
    migrate.rollback(empty, everything=True)
    with psycopg.connect(empty) as conn:
        assert conn.execute("select to_regclass('public.profiles')").fetchone() == (None,)
