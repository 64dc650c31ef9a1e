"""Runs the pgTAP files: one pytest test per file (TAP parsed here), and pg_prove over all."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import psycopg
import pytest

from tests.conftest import ROOT, Db

PGTAP_FILES = sorted((ROOT / "pgtap").glob("*.sql"))


def run_psql(url: str, path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["psql", "-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1", "-f", str(path), url],
        capture_output=True,
        text=True,
        timeout=300,
    )


def run_tap(url: str, path: Path) -> str:
    """The file's TAP output on the database at ``url``; fails unless its whole plan passed."""
    result = run_psql(url, path)
    tap = result.stdout
    plan = re.search(r"^1\.\.(\d+)$", tap, re.M)
    failures = [line for line in tap.splitlines() if line.startswith("not ok")]
    assert result.returncode == 0, result.stderr + tap
    assert plan, f"no TAP plan in output:\n{tap}\n{result.stderr}"
    assert not failures, "\n".join(failures) + "\n\n" + tap
    passed = len(re.findall(r"^ok \d+", tap, re.M))
    assert passed == int(plan.group(1)), f"planned {plan.group(1)}, passed {passed}:\n{tap}"
    return tap


@pytest.mark.parametrize("path", PGTAP_FILES, ids=[p.stem for p in PGTAP_FILES])
def test_pgtap_file(db: Db, path: Path) -> None:
    """The file passes its whole plan, and each assertion's description starts with its ID."""
    tap = run_tap(db.url(), path)
    # Every assertion names the invariants it proves, first (docs/INVARIANTS.md).
    named = re.compile(r"^ok \d+ - [A-Z]{2,3}-\d{2}\b")
    unnamed = [line for line in tap.splitlines()
               if line.startswith("ok ") and not named.match(line)]
    assert not unnamed, "descriptions without an invariant ID first:\n" + "\n".join(unnamed)


@pytest.mark.skipif(shutil.which("pg_prove") is None, reason="pg_prove not installed")
def test_pg_prove_passes(db: Db) -> None:
    """The same files through pg_prove, as a DBA would run them."""
    result = subprocess.run(
        ["pg_prove", "-h", db.host, "-p", str(db.port), "-U", "postgres", "-d", db.dbname,
         *map(str, PGTAP_FILES)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Result: PASS" in result.stdout


def test_acting_as_a_user_needs_a_transaction(db: Db) -> None:
    """ID-01: outside a transaction block tests.act_as() refuses, because its role would last one
    statement and the assertions after it would run as the superuser, past every policy."""
    db.admin.execute("select tests.create_user('loose')")
    with pytest.raises(psycopg.Error, match="needs a transaction block"):
        db.admin.execute("select tests.act_as('loose')")
    with db.admin.transaction():
        db.admin.execute("select tests.act_as('loose')")
        assert db.one("select current_user") == "authenticated"
