"""The built wheel is the whole product: installed into a fresh venv, far from this checkout, its
``kithdb`` command migrates a database and rolls it back with the SQL the wheel carries."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

from kithdb import migrate
from tests.conftest import ROOT

# Directories of the checkout a build never reads; some are large, some belong to the server.
_NOT_SOURCE = {".git", ".venv", ".kithdb", ".mypy_cache", ".ruff_cache", ".pytest_cache",
               ".hypothesis", "build", "dist", "node_modules", "__pycache__"}


def _run(args: list[str | Path], *, cwd: Path, env: dict[str, str] | None = None,
         timeout: float = 180) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True,
                            text=True, timeout=timeout)
    assert result.returncode == 0, f"{args}\n{result.stdout}\n{result.stderr}"
    return result


def _copy_source(target: Path) -> Path:
    """The checkout minus caches, so the build neither races other builds over ``build/`` and
    ``*.egg-info`` nor picks up files a stale ``build/lib`` still holds."""

    def ignore(directory: str, names: list[str]) -> set[str]:
        skipped = {n for n in names if n in _NOT_SOURCE or n.endswith(".egg-info")}
        if Path(directory) == ROOT / "bench":
            skipped.add("out")
        return skipped

    shutil.copytree(ROOT, target, symlinks=True, ignore=ignore)
    return target


def _state(url: str) -> tuple[bool, bool, list[str]]:
    """(schema kithdb exists, table public.posts exists, migration ids yoyo recorded)."""
    with psycopg.connect(url, autocommit=True) as conn:
        row = conn.execute(
            "select to_regnamespace('kithdb') is not null, to_regclass('public.posts') is not null,"
            " to_regclass('yoyo._yoyo_migration') is not null"
        ).fetchone()
        assert row is not None
        recorded = [] if not row[2] else [r[0] for r in conn.execute(
            "select migration_id from yoyo._yoyo_migration order by migration_id"
        ).fetchall()]
    return bool(row[0]), bool(row[1]), recorded


def test_wheel_installed_elsewhere_migrates_and_rolls_back(
    tmp_path: Path, empty: str
) -> None:
    """`pip wheel` → fresh venv → `kithdb migrate` / `kithdb rollback --all`, run from a
    directory outside the checkout, deploy and remove every migration of ``migrations/``."""
    source = _copy_source(tmp_path / "source")
    dist, venv, elsewhere = tmp_path / "dist", tmp_path / "venv", tmp_path / "elsewhere"
    elsewhere.mkdir()
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    _run([*pip, "wheel", "--no-deps", "-w", dist, source], cwd=elsewhere)
    wheels = list(dist.glob("kithdb-*.whl"))
    assert len(wheels) == 1, wheels
    shutil.rmtree(source)

    # pip installs into the venv from outside it (--python), which spares the venv its own pip.
    _run([sys.executable, "-m", "venv", "--without-pip", venv], cwd=elsewhere)
    python = venv / "bin" / "python"
    _run([*pip, "--python", python, "install", wheels[0]], cwd=elsewhere)

    env = {k: v for k, v in os.environ.items()
           if k not in {"PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "KITHDB_MIGRATIONS"}}
    env["PYTHONNOUSERSITE"] = "1"

    def kithdb(*args: str) -> str:
        return _run([venv / "bin" / "kithdb", *args], cwd=elsewhere, env=env).stdout

    where = _run([python, "-c", "from kithdb.migrate import migrations_dir; "
                  "print(migrations_dir().resolve())"], cwd=elsewhere, env=env).stdout.strip()
    assert Path(where).is_relative_to(venv.resolve()), where
    assert not Path(where).is_relative_to(ROOT), where

    expected = sorted(p.name.removesuffix(".sql") for p in (ROOT / "migrations").glob("*.sql")
                      if not p.name.endswith(".rollback.sql"))
    assert _state(empty) == (False, False, [])

    applied = kithdb("migrate", "--database", empty)
    assert applied.startswith(f"applied {len(expected)} migration(s)"), applied
    assert _state(empty) == (True, True, expected)

    undone = kithdb("rollback", "--all", "--database", empty)
    assert undone.startswith(f"rolled back {len(expected)} migration(s)"), undone
    assert _state(empty) == (False, False, [])

    # The pgTAP files and their helpers ship too: the Supabase export needs them.
    kithdb("export", "supabase", str(elsewhere / "export"))
    exported = sorted(p.name for p in (elsewhere / "export" / "supabase" / "tests").glob("*.sql"))
    assert exported == sorted(p.name for p in (ROOT / "pgtap").glob("*.sql"))


def test_this_install_reads_the_checkouts_sql() -> None:
    """In the editable install the tests run on, the package's SQL is the checkout's own files,
    so an edit to ``migrations/`` or ``pgtap/`` needs no reinstall."""
    for name in ("migrations", "pgtap"):
        shipped = migrate.package_data(name)
        assert shipped.resolve() == ROOT / name
        assert sorted(p.name for p in shipped.glob("*.sql")) == sorted(
            p.name for p in (ROOT / name).glob("*.sql"))
    helpers = migrate.package_data("sql/test_helpers.sql")
    assert helpers.resolve() == ROOT / "sql" / "test_helpers.sql"


def test_no_migrations_is_an_error_not_an_empty_deploy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KITHDB_MIGRATIONS", str(tmp_path))
    with pytest.raises(migrate.PackageDataMissing, match="no migrations in"):
        migrate.apply("postgresql://nobody@127.0.0.1:1/never_reached")
