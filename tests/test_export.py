"""`kithdb export`: Sqitch and Supabase CLI deployments give the schema yoyo gives."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from kithdb import export, migrate, schema
from tests.conftest import ROOT, Db
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


def supabase_push(project: Path, url: str) -> list[str]:
    """`supabase db push` of ``project``'s supabase/migrations, by the Supabase CLI itself; the
    migrations it applied."""
    cli = ROOT / ".venv" / "js" / "node_modules" / ".bin" / "supabase"
    assert cli.is_file(), "make test installs js/package.json's tools"
    done = subprocess.run(
        [str(cli), "db", "push", "--db-url", f"{url}?sslmode=disable", "--include-all", "--yes"],
        cwd=project, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    return re.findall(r"^Applying migration (\S+)\.\.\.$", done.stdout + done.stderr, re.M)


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
    env = {"SQITCH_USER_CONFIG": "/dev/null", "HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    deployed = subprocess.run(["sqitch", "deploy", "--verify", target], cwd=tmp_path,
                              capture_output=True, text=True, env=env)
    assert deployed.returncode == 0, deployed.stdout + deployed.stderr
    assert dump(sqitch_db) == dump(yoyo_db)
    reverted = subprocess.run(["sqitch", "revert", "-y", target], cwd=tmp_path,
                              capture_output=True, text=True, env=env)
    assert reverted.returncode == 0, reverted.stdout + reverted.stderr
    assert package_objects(sqitch_db) == []
