"""Migrations fit for a live database: squawk refuses what would lock a populated table without
need, and `kithdb migrate` gives up on a lock it cannot take rather than queue behind it
(DEP-08)."""

from __future__ import annotations

import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor, wait
from pathlib import Path

import psycopg
import pytest

from kithdb import migrate
from tests.conftest import ROOT

SQUAWK = str(Path(sys.executable).parent / "squawk")
MIGRATIONS = sorted(p.stem for p in (ROOT / "migrations").glob("*.rollback.sql"))


def squawk(folder: Path) -> tuple[int, str]:
    """squawk with the project's configuration over ``folder``'s migrations, as `make lint`."""
    done = subprocess.run(
        [SQUAWK, "--config", str(ROOT / ".squawk.toml"), "--reporter", "gcc",
         str(folder / "*.sql")],
        capture_output=True, text=True, timeout=60, check=False)
    return done.returncode, done.stdout + done.stderr


def test_lint_refuses_what_locks_a_populated_table(tmp_path: Path) -> None:
    """DEP-08: a migration that adds a NOT NULL column without a default, builds an index
    without CONCURRENTLY or changes a column's type on a table of an earlier migration fails
    the lint; one that builds a table and its index together passes."""
    last = MIGRATIONS[-1].removesuffix(".rollback")
    (tmp_path / "0099_new_table.sql").write_text(
        f"-- depends: {last}\n"
        "create table public.moods (id uuid primary key, mood text not null);\n"
        "create index moods_mood_idx on public.moods (mood);\n")
    (tmp_path / "0099_new_table.rollback.sql").write_text("drop table public.moods;\n")
    assert squawk(tmp_path) == (0, "")

    (tmp_path / "0100_moods.sql").write_text(
        "-- depends: 0099_new_table\n"
        "alter table public.posts add column mood text not null;\n"
        "create index posts_mood_idx on public.posts (mood);\n"
        "alter table public.profiles alter column display_name type varchar(80);\n")
    code, out = squawk(tmp_path)
    assert code == 1
    found = {line.split(": ")[2].split()[0] for line in out.splitlines() if ": warning: " in line}
    assert found == {"adding-required-field", "require-concurrent-index-creation",
                     "changing-column-type", "prefer-text-field"}, out
    assert all(line.startswith(str(tmp_path / "0100_moods.sql"))
               for line in out.splitlines() if ": warning: " in line)


def test_migrate_gives_up_on_a_lock_it_cannot_take(empty: str) -> None:
    """DEP-08: while a transaction writes to a table that the next migration must lock (the
    inbox's triggers on chat_messages), `migrate` fails with 55P03 after the lock timeout
    instead of waiting for it, and applies nothing of that migration; once the writer is gone,
    it applies."""
    migrate.apply(empty, count=len(MIGRATIONS) - 1)
    with psycopg.connect(empty) as writer, ThreadPoolExecutor(1) as pool:
        writer.execute("lock table public.chat_messages in row exclusive mode")
        started = time.monotonic()
        attempt = pool.submit(migrate.apply, empty)
        # Waiting on the lock for good would hang here: the writer lets go after 30 s anyway.
        done, _ = wait([attempt], timeout=30)
        waited = time.monotonic() - started
        writer.rollback()
    assert done, "migrate waited for the lock"
    assert isinstance(attempt.exception(), psycopg.errors.LockNotAvailable)
    assert 4 < waited < 30
    with psycopg.connect(empty) as conn:
        assert conn.execute("select to_regclass('public.notifications')").fetchone() == (None,)
    assert migrate.apply(empty) == [MIGRATIONS[-1].removesuffix(".rollback")]


@pytest.mark.parametrize("given_by", ["url", "PGOPTIONS"])
def test_yoyos_session_keeps_the_urls_options_and_gets_the_lock_timeout(
    empty: str, given_by: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """DEP-08, DEP-14: the session that runs the migrations keeps the libpq options its URL or
    the environment gives (Supavisor's, a search_path, a role's settings), as kithdb's checks'
    sessions do, and gets the lock timeout too."""
    if given_by == "url":
        url = empty + "?options=-c%20kithdb_test.given%3Dyes"
    else:
        monkeypatch.setenv("PGOPTIONS", "-c kithdb_test.given=yes")
        url = empty
    backend = migrate._backend(url)
    try:
        row = backend.connection.execute(
            "select current_setting('kithdb_test.given', true), current_setting('lock_timeout')"
        ).fetchone()
    finally:
        backend.connection.close()
    assert row == ("yes", "5s")
