"""pg_cron: where the extension exists, the migrations schedule expire_author_invitations(),
expire_like_groups() and prune_notifications()."""

from __future__ import annotations

import shutil
from pathlib import Path

import psycopg
import pytest

from kithdb import migrate
from kithdb.embedded import Cluster, find_bindir

HAS_PG_CRON = (find_bindir().parent / "lib" / "pg_cron.so").exists()


def jobs(url: str) -> list[tuple[str, str, str]]:
    with psycopg.connect(url) as conn:
        rows = conn.execute("select jobname, schedule, command from cron.job"
                            " order by jobname").fetchall()
    return [(str(a), str(b), str(c)) for a, b, c in rows]


@pytest.mark.skipif(not HAS_PG_CRON, reason="postgresql-15-cron is not installed")
def test_migrations_schedule_and_unschedule_jobs(tmp_path: Path) -> None:
    """EVT-04, LGR-08, NTF-06: a cluster with pg_cron gets the every-minute expiries and the
    daily prune; rollback removes them."""
    cluster = Cluster(
        tmp_path / "cron",
        settings={"shared_preload_libraries": "pg_cron", "cron.database_name": "kithdb"},
    )
    try:
        url = cluster.start()
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("create extension pg_cron")
        migrate.apply(url)
        assert jobs(url) == [
            ("kithdb_expire_author_invitations", "* * * * *",
             "select public.expire_author_invitations()"),
            ("kithdb_expire_like_groups", "* * * * *", "select public.expire_like_groups()"),
            ("kithdb_prune_notifications", "17 3 * * *", "select public.prune_notifications()"),
        ]
        migrate.rollback(url, everything=True)
        assert jobs(url) == []
    finally:
        cluster.stop()
        shutil.rmtree(tmp_path / "cron", ignore_errors=True)
