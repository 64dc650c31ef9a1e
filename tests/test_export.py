"""`kithdb export`: Sqitch and Supabase CLI deployments give the schema yoyo gives."""

from __future__ import annotations

import re
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from kithdb import export, migrate, schema
from tests.conftest import ROOT, Db
from tests.test_cli import KITHDB
from tests.test_migrations import package_objects


@pytest.fixture
def two_databases(db: Db) -> Iterator[tuple[str, str]]:
    """Two empty databases: one for yoyo, one for the exported tool."""
    with db.empty_database("yoyo") as yoyo_db, db.empty_database("other") as other_db:
        yield yoyo_db, other_db


def dump(url: str) -> str:
    """The schema without the tools' own bookkeeping (yoyo, sqitch, the Supabase CLI) and
    Supabase's extensions."""
    return schema.dump(url, exclude=("sqitch", "supabase_migrations", "extensions"))


def run_supabase_push(project: Path, url: str, *, timeout: float = 600
                      ) -> subprocess.CompletedProcess[str]:
    """`supabase db push` of ``project``'s supabase/migrations, by the Supabase CLI itself."""
    cli = ROOT / ".venv" / "js" / "node_modules" / ".bin" / "supabase"
    assert cli.is_file(), "make test installs js/package.json's tools"
    return subprocess.run(
        [str(cli), "db", "push", "--db-url", f"{url}?sslmode=disable", "--include-all", "--yes"],
        cwd=project, capture_output=True, text=True, timeout=timeout, check=False)


def supabase_push(project: Path, url: str) -> list[str]:
    """`supabase db push`, which must succeed; the migrations it applied."""
    done = run_supabase_push(project, url)
    assert done.returncode == 0, done.stdout + done.stderr
    return re.findall(r"^Applying migration (\S+)\.\.\.$", done.stdout + done.stderr, re.M)


def sqitch(project: Path, *args: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    """A sqitch command in ``project``, with no user configuration."""
    env = {"SQITCH_USER_CONFIG": "/dev/null", "HOME": str(project), "PATH": "/usr/bin:/bin"}
    return subprocess.run(["sqitch", *args], cwd=project, capture_output=True, text=True,
                          env=env, timeout=timeout, check=False)


def test_supabase_export_deploys_like_yoyo(tmp_path: Path, two_databases: tuple[str, str]) -> None:
    """DEP-01: the Supabase CLI's `db push` of the exported supabase/migrations on a vanilla
    database gives yoyo's schema, and a second push applies only a migration added since; the
    exported tests pass under pg_prove with pgTAP in schema extensions, as on Supabase."""
    yoyo_db, supa_db = two_databases
    files = export.export_supabase(tmp_path)
    migrations = sorted((tmp_path / "supabase" / "migrations").glob("*.sql"))
    assert [p.name.split("_", 1)[1] for p in migrations] == [
        p.name.split("_", 1)[1] for p in sorted((ROOT / "migrations").glob("0*.sql"))
        if not p.name.endswith(".rollback.sql")
    ]
    tests = sorted((tmp_path / "supabase" / "tests").glob("*.sql"))
    assert [t.name for t in tests] == sorted(p.name for p in (ROOT / "pgtap").glob("*.sql"))
    assert len(files) == len(migrations) + len(tests)
    migrate.apply(yoyo_db)
    assert supabase_push(tmp_path, supa_db) == [p.name for p in migrations]
    assert dump(supa_db) == dump(yoyo_db)

    added = tmp_path / "supabase" / "migrations" / "20260201000000_app_notes.sql"
    added.write_text("create table public.app_notes (id bigint primary key, body text);\n")
    assert supabase_push(tmp_path, supa_db) == [added.name]
    with psycopg.connect(supa_db) as conn:
        assert conn.execute(
            "select count(*) from supabase_migrations.schema_migrations").fetchone() == (
            len(migrations) + 1,)
        conn.execute("drop table public.app_notes")
        conn.commit()
    with psycopg.connect(supa_db, autocommit=True) as conn:
        # Where Supabase keeps pgTAP: schema extensions, which the compatibility migration made.
        conn.execute("create extension pgtap schema extensions")
    host_port = supa_db.rsplit("@", 1)[1].rsplit("/", 1)
    host, port = host_port[0].split(":")
    proved = subprocess.run(
        ["pg_prove", "-h", host, "-p", port, "-U", "postgres", "-d", host_port[1],
         *map(str, tests)],
        capture_output=True, text=True,
    )
    assert proved.returncode == 0, proved.stdout + proved.stderr


@pytest.mark.skipif(shutil.which("sqitch") is None, reason="sqitch is not installed")
def test_sqitch_export_deploys_verifies_and_reverts(
    tmp_path: Path, two_databases: tuple[str, str]
) -> None:
    """DEP-01, DEP-02: `sqitch deploy --verify` gives yoyo's schema; `sqitch revert` removes it."""
    yoyo_db, sqitch_db = two_databases
    export.export_sqitch(tmp_path)
    migrate.apply(yoyo_db)
    target = "db:pg:" + sqitch_db.removeprefix("postgresql:")
    deployed = sqitch(tmp_path, "deploy", "--verify", target)
    assert deployed.returncode == 0, deployed.stdout + deployed.stderr
    assert dump(sqitch_db) == dump(yoyo_db)
    reverted = sqitch(tmp_path, "revert", "-y", target)
    assert reverted.returncode == 0, reverted.stdout + reverted.stderr
    assert package_objects(sqitch_db) == []


@pytest.mark.parametrize("tool", ["supabase", "sqitch"])
def test_an_exported_deployment_gives_up_on_a_lock_it_cannot_take(
    tool: str, tmp_path: Path, empty: str
) -> None:
    """DEP-08: while a transaction writes to a table that the last migration must lock (the
    inbox's triggers on chat_messages), the exported migrations deployed by the Supabase CLI or
    by Sqitch fail with 55P03 after the lock timeout instead of waiting for it, and apply nothing
    of that migration; once the writer is gone, they apply."""
    if tool == "sqitch" and shutil.which("sqitch") is None:
        pytest.skip("sqitch is not installed")
    last = sorted((ROOT / "migrations").glob("*.rollback.sql"))[-1].name.removesuffix(
        ".rollback.sql")
    target = "db:pg:" + empty.removeprefix("postgresql:")

    def deploy(timeout: float) -> subprocess.CompletedProcess[str]:
        if tool == "supabase":
            return run_supabase_push(tmp_path, empty, timeout=timeout)
        return sqitch(tmp_path, "deploy", target, timeout=timeout)

    if tool == "supabase":
        export.export_supabase(tmp_path)
        [held] = (tmp_path / "supabase" / "migrations").glob(f"*_{last.split('_', 1)[1]}.sql")
        aside = held.rename(tmp_path / held.name)
        assert deploy(600).returncode == 0
        aside.rename(held)
    else:
        export.export_sqitch(tmp_path)
        changes = [line.split()[0] for line in (tmp_path / "sqitch.plan").read_text().splitlines()
                   if line[:1].isdigit()]
        assert changes[-1] == last
        assert sqitch(tmp_path, "deploy", "--to", changes[-2], target).returncode == 0
    with psycopg.connect(empty) as writer:
        writer.execute("lock table public.chat_messages in row exclusive mode")
        started = time.monotonic()
        # Waiting on the lock for good would end in TimeoutExpired here.
        attempt = deploy(60)
        waited = time.monotonic() - started
        writer.rollback()
    assert attempt.returncode != 0
    assert "lock timeout" in attempt.stdout + attempt.stderr, attempt.stdout + attempt.stderr
    assert 4 < waited < 60
    with psycopg.connect(empty) as conn:
        assert conn.execute("select to_regclass('public.notifications')").fetchone() == (None,)
    done = deploy(600)
    assert done.returncode == 0, done.stdout + done.stderr
    with psycopg.connect(empty) as conn:
        found = conn.execute("select to_regclass('public.notifications') is not null")
        assert found.fetchone() == (True,)


@pytest.mark.parametrize("tool", ["sqitch", "supabase"])
def test_an_export_writes_through_no_symlink_in_its_directory(tmp_path: Path, tool: str) -> None:
    """DEP-17: ``kithdb export`` writes only inside its directory: where a symlink stands for a
    file or a folder it would write (planted in a shared directory by someone else, say), it
    refuses in one line, and what the link points at stays as it was."""
    first = next(m for m, _, _, _ in export.migrations())
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    victim = elsewhere / "victim.txt"
    victim.write_text("precious\n")
    out = tmp_path / "out"
    if tool == "sqitch":
        (out / "deploy").mkdir(parents=True)
        (out / "deploy" / f"{first}.sql").symlink_to(victim)
        (out / "verify").symlink_to(elsewhere)
    else:
        (out / "supabase").mkdir(parents=True)
        (out / "supabase" / "migrations").symlink_to(elsewhere)

    done = subprocess.run([str(KITHDB), "export", tool, str(out)], capture_output=True,
                          text=True, check=False)

    assert done.returncode == 1, done.stdout + done.stderr
    assert done.stderr.startswith("kithdb: ") and "symbolic link" in done.stderr, done.stderr
    assert "Traceback" not in done.stderr
    assert victim.read_text() == "precious\n"
    assert sorted(p.name for p in elsewhere.iterdir()) == ["victim.txt"]
