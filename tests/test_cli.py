"""The ``kithdb`` command line and its embedded PostgreSQL, run as a user would."""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import psycopg

from kithdb.cli import build_parser
from tests.conftest import ROOT, Db

KITHDB = str(Path(sys.executable).parent / "kithdb")


def kithdb(home: Path, *args: str, migrations: Path | None = None
           ) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "KITHDB_HOME": str(home)}
    if migrations is not None:
        env["KITHDB_MIGRATIONS"] = str(migrations)
    return subprocess.run(
        [KITHDB, *args], capture_output=True, text=True, env=env, timeout=300
    )


def test_embedded_database_demo_and_rollback(tmp_path: Path) -> None:
    """DEP-02, DEP-14: the demo runs on a fresh embedded cluster; edited migrations are refused;
    rollback --all empties it."""
    home = tmp_path / "kithdb home"
    try:
        demo = kithdb(home, "demo")
        assert demo.returncode == 0, demo.stdout + demo.stderr
        assert "Grace accepts: Ada and Grace are friends." in demo.stdout
        assert "Ada cannot walk away as the last admin (PT409 last_circle_admin)." in demo.stdout
        assert "the group is approved and its chat opens for all four" in demo.stdout
        assert "Alan, a friend outside it, does not." in demo.stdout
        assert "group of Alan: expired" in demo.stdout
        assert "Every step behaved" in demo.stdout

        status = kithdb(home, "db", "status")
        assert status.returncode == 0 and status.stdout.startswith("running")
        url = kithdb(home, "db", "url").stdout.strip()
        assert url.startswith("postgresql://postgres@127.0.0.1:")

        again = kithdb(home, "migrate")
        assert again.stdout.strip() == "applied 0 migration(s)"
        # DEP-14: files edited since they were applied are refused, and the embedded database
        # told how to start afresh.
        edited = tmp_path / "edited"
        shutil.copytree(ROOT / "migrations", edited)
        with (edited / "0007_events.sql").open("a") as f:
            f.write("\n-- edited\n")
        refused = kithdb(home, "migrate", migrations=edited)
        assert refused.returncode == 1 and refused.stdout == ""
        assert "applied 0007_events from other versions of these files" in refused.stderr
        assert f"kithdb db stop, then remove {home}" in refused.stderr
        undone = kithdb(home, "rollback", "--all")
        assert undone.returncode == 0 and "0001_supabase_compat" in undone.stdout
        query = "select count(*) from pg_namespace where nspname = 'kithdb'"
        psql = kithdb(home, "psql", "-Atc", query)
        assert psql.stdout.strip() == "0", psql.stderr
    finally:
        kithdb(home, "db", "stop")
    assert kithdb(home, "db", "status").returncode == 3


def subcommands() -> dict[str, str]:
    """Each subcommand of the CLI's parser with its one-line description."""
    [sub] = [a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction)]
    return {action.dest: action.help or "" for action in sub._choices_actions}


def test_help_lists_every_command() -> None:
    """``kithdb --help`` lists exactly the parser's subcommands, each with its one-line
    description, and every subcommand answers ``--help``."""
    env = {**os.environ, "COLUMNS": "100"}
    out = subprocess.run([KITHDB, "--help"], capture_output=True, text=True, check=True,
                         env=env).stdout
    commands = out.split("\n  COMMAND\n", 1)[1].split("\n\n", 1)[0]
    listed = dict(re.findall(r"^    (\S+) +(\S.*)$", commands, re.M))
    assert len(listed) == len(commands.splitlines()), commands  # one line per subcommand
    expected = subcommands()
    assert {"db", "migrate", "rollback", "demo", "export", "psql"} <= set(expected)
    assert all(help_ and "\n" not in help_ for help_ in expected.values()), expected
    assert listed == expected
    for command in expected:
        sub = subprocess.run([KITHDB, command, "--help"], capture_output=True, text=True,
                             env=env)
        assert sub.returncode == 0, (command, sub.stderr)
        assert sub.stdout.startswith(f"usage: kithdb {command}"), sub.stdout


def test_a_bad_database_url_is_reported_without_its_password(tmp_path: Path) -> None:
    """DEP-16: a --database libpq cannot read is refused in one line that never shows its
    password, whatever part of the string libpq's own message would quote."""
    for url, secret in (
            ("postgresql://postgres:Pa%ss-S3cret@127.0.0.1:1/kithdb", "S3cret"),
            ("postgresql://postgres:S3cret%zz@127.0.0.1:1/kithdb", "S3cret"),
            ("postgresql://postgres@127.0.0.1:1/kithdb?password=S3cret%zz", "S3cret"),
            ("postgresql://postgres:S3cret@[::1/kithdb", "S3cret"),
            ("host=127.0.0.1 port=1 user=postgres password=S3cret word", "word"),
            ("host=127.0.0.1 port=1 user=postgres password='S3cret", "S3cret")):
        for command in ("migrate", "rollback", "demo"):
            run = kithdb(tmp_path / "unused home", command, "--database", url)
            assert run.returncode == 1, (url, run.stdout, run.stderr)
            assert secret not in run.stdout + run.stderr, (url, run.stderr)
            assert run.stderr.startswith("kithdb: ") and "Traceback" not in run.stderr, (
                url, run.stderr)


def test_migrate_takes_the_readmes_multi_host_url(db: Db, empty: str) -> None:
    """DEP-12, DEP-16: ``kithdb migrate`` takes the multi-host URL the README gives for a
    failover (a host that does not answer, then the primary, read-write), and migrates the
    database there."""
    name = empty.rsplit("/", 1)[1]
    url = (f"postgresql://postgres@127.0.0.1:1,{db.host}:{db.port}/{name}"
           "?target_session_attrs=read-write")
    done = subprocess.run([KITHDB, "migrate", "--database", url], capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    with psycopg.connect(empty) as conn:
        assert conn.execute("select to_regnamespace('kithdb')").fetchone() != (None,)
        row = conn.execute("select count(*) from yoyo._yoyo_migration").fetchone()
    assert row is not None and done.stdout.startswith(f"applied {row[0]} migration(s)")
