"""What is written for Supabase runs on a vanilla database kithdb migrated: Supabase Auth's own
tables, a Supabase project's seed file, and pgTAP tests written with supabase-test-helpers (the
README's example). The reference files are in tests/supabase/."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from uuid import UUID

import psycopg
import pytest

from kithdb import Client, FriendshipStatus, migrate, schema
from tests.conftest import ROOT, Db

SUPABASE = ROOT / "tests" / "supabase"
AUTH_TABLES = ["auth.users", "auth.identities"]


def psql(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    """psql as a user runs it on a file or command: stop at the first error."""
    return subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", *args, url],
                          capture_output=True, text=True, timeout=120, check=False)


def without_kithdb(dump: str) -> str:
    """A dump's blocks less those of kithdb's own objects (its sign-up trigger on auth.users)."""
    blocks = re.split(r"\n(?=--\n-- Name: )", dump)
    return "\n".join(b for b in blocks if "kithdb" not in b)


def test_auth_tables_are_supabase_auths(db: Db) -> None:
    """SUP-01: auth.users and auth.identities are, column for column (order, type, default,
    nullability, generated columns), with their constraints, indexes, comments and row-level
    security, what Supabase Auth v2.196.0's migrations make (scripts/supabase-auth-reference)."""
    reference = (SUPABASE / "auth_tables.sql").read_text()
    assert "Supabase Auth v2.196.0" in reference.splitlines()[0]
    ours = schema.dump(db.url(), tables=AUTH_TABLES, grants=False)
    assert "kithdb_create_profile" in ours
    assert without_kithdb(ours) == schema.normalise(reference.split("\n", 1)[1])


def test_a_supabase_seed_file_runs_unchanged(empty: str) -> None:
    """SUP-03, SUP-04, PRO-01, PRO-04: a Supabase project's seed file (users by hand with
    crypt() and uuid_generate_v4() unqualified, and as `supabase db dump` prints them) runs with
    psql on a database kithdb migrated; each user gets a profile named from the metadata Supabase
    Auth keeps, never an email address; the passwords check; and the users act in kithdb."""
    migrate.apply(empty)
    result = psql(empty, "-f", str(SUPABASE / "seed.sql"))
    assert result.returncode == 0, result.stderr
    with psycopg.connect(empty) as conn:
        names: dict[str, str] = dict(conn.execute(
            "select u.id::text, p.display_name from auth.users u join public.profiles p"
            " on p.id = u.id").fetchall())
        assert names == {
            "a0000000-0000-4000-8000-00000000000a": "Ada Lovelace",
            "b0000000-0000-4000-8000-00000000000b": "bobthebuilder",
            "d0000000-0000-4000-8000-00000000000d": "New member",
        }
        checked = conn.execute(
            "select email, encrypted_password = extensions.crypt('password123',"
            " encrypted_password), confirmed_at is not null"
            " from auth.users where email is not null order by email"
        ).fetchall()
        assert checked == [("ada@example.com", True, True), ("bob@example.com", True, True)]
        assert conn.execute(
            "select email from auth.identities order by email").fetchall() == [
                ("ada@example.com",), ("bob@example.com",)]
    ada, bob = UUID(int=0xA0000000_0000_4000_8000_00000000000A), UUID(
        int=0xB0000000_0000_4000_8000_00000000000B)
    with Client(empty.replace("postgres@", "authenticator@"), min_size=1, max_size=2) as client:
        client.as_user(ada).request_friendship(bob)
        assert client.as_user(bob).respond_friendship(ada, True) == FriendshipStatus.ACCEPTED


def test_a_seed_run_as_a_replica_gets_its_profiles_as_the_readme_says(empty: str) -> None:
    """SUP-04, PRO-01, PRO-04: users inserted under session_replication_role = replica, as a
    data-only dump may begin, fire no trigger and have no profile; the README's statement gives
    each the profile sign-up would have, and leaves the others alone."""
    migrate.apply(empty)
    with psycopg.connect(empty, autocommit=True) as conn:
        conn.execute("insert into auth.users (id, raw_user_meta_data) values"
                     " ('a0000000-0000-4000-8000-00000000000a', '{\"full_name\": \"Ada\"}')")
        conn.execute("update public.profiles set display_name = 'Ada L'")
        with conn.transaction():
            conn.execute("set local session_replication_role = replica")
            conn.execute("insert into auth.users (id, raw_user_meta_data) values"
                         " ('b0000000-0000-4000-8000-00000000000b', '{\"name\": \"Bob\"}')")
        profiles = "select display_name from public.profiles order by id"
        assert conn.execute(profiles).fetchall() == [("Ada L",)]
        readme = (ROOT / "README.md").read_text()
        [statement] = re.findall(r"```sql\n(-- after a seed run under .*?)```", readme, re.S)
        conn.execute(statement.encode())
        assert conn.execute(profiles).fetchall() == [("Ada L",), ("Bob",)]


def readme_pgtap_example() -> str:
    """The README's pgTAP file: its sql block that starts with the file's path."""
    readme = (ROOT / "README.md").read_text()
    [block] = re.findall(r"```sql\n(-- supabase/tests/.*?)```", readme, re.S)
    return str(block)


def test_the_readmes_pgtap_example_runs_with_supabase_test_helpers(
    empty: str, tmp_path: Path
) -> None:
    """SUP-04: the README's pgTAP file, written with supabase-test-helpers as Supabase projects
    write their RLS tests, passes under pg_prove on a database kithdb migrated, the helpers
    installed as their README's manual installation says; and a wrong expectation fails it."""
    migrate.apply(empty)
    setup = psql(empty, "-c", "create extension pgtap with schema extensions",
                 "-f", str(SUPABASE / "supabase_test_helpers.sql"))
    assert setup.returncode == 0, setup.stderr
    example = readme_pgtap_example()
    tests = tmp_path / "supabase" / "tests"
    tests.mkdir(parents=True)

    def prove(body: str) -> subprocess.CompletedProcess[str]:
        (tests / "circles.test.sql").write_text(body)
        return subprocess.run(["pg_prove", "-d", empty, str(tests / "circles.test.sql")],
                              capture_output=True, text=True, timeout=120, check=False)

    passed = prove(example)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "Result: PASS" in passed.stdout
    assert "array['Climbers']" in example
    failed = prove(example.replace("array['Climbers']", "array['Chess']"))
    assert failed.returncode != 0
    assert "Result: FAIL" in failed.stdout


def test_compat_leaves_a_supabase_projects_objects_alone(empty: str) -> None:
    """DEP-03: where `auth.users` and schema `extensions` exist (a Supabase project), the
    compatibility migration changes neither: the table keeps its shape and its row-level
    security setting, and the database's search path stays unset."""
    with psycopg.connect(empty, autocommit=True) as conn:
        conn.execute("create schema auth")
        conn.execute("create table auth.users (id uuid primary key, email text,"
                     " raw_user_meta_data jsonb, marker text)")
        conn.execute("create schema extensions")
    migrate.apply(empty)
    with psycopg.connect(empty) as conn:
        columns = conn.execute(
            "select array_agg(attname::text order by attnum) from pg_attribute"
            " where attrelid = 'auth.users'::regclass and attnum > 0").fetchone()
        assert columns == (["id", "email", "raw_user_meta_data", "marker"],)
        assert conn.execute("select relrowsecurity from pg_class"
                            " where oid = 'auth.users'::regclass").fetchone() == (False,)
        assert conn.execute("select count(*) from pg_db_role_setting s join pg_database d"
                            " on d.oid = s.setdatabase where d.datname = current_database()"
                            ).fetchone() == (0,)


def search_path(url: str) -> str:
    """The search path a new session on ``url`` starts with."""
    with psycopg.connect(url) as conn:
        row = conn.execute("show search_path").fetchone()
    assert row is not None
    return str(row[0])


def test_a_database_without_a_search_path_gets_supabases(empty: str) -> None:
    """SUP-03: a database nothing sets a search path for gets Supabase's, with schema
    extensions."""
    migrate.apply(empty)
    assert search_path(empty) == '"$user", public, extensions'


# What a DBA may have set before kithdb came, and the search path a session (of a role with no
# setting of its own) then starts with.
OWN_PATHS = {
    "database": (["alter database {db} set search_path = public, pg_temp"], "public, pg_temp"),
    "every role": (["alter role all set search_path = public, pg_temp"], "public, pg_temp"),
    "server": (["alter system set search_path = public, pg_temp"], "public, pg_temp"),
    # The migrating role's own setting hides the server's from its session.
    "server, and the migrating role": (
        ["alter system set search_path = public, pg_temp",
         'alter role postgres in database {db} set search_path = "$user", public'],
        "public, pg_temp"),
}
# Grants through which an API role could put a function before pgcrypto's.
API_ROLE_MAY_CREATE = {
    "public, for everyone": ["grant create on schema public to public"],
    "public, for authenticator": ["grant create on schema public to authenticator"],
    "public, for a role service_role may become": [
        "create role kithdb_test_writer", "grant create on schema public to kithdb_test_writer",
        "grant kithdb_test_writer to service_role"],
    "the database (a schema named after a role)": [
        "grant create on database {db} to authenticated"],
}


def api_search_path(url: str) -> str:
    """The search path a session of PostgREST's login role starts with."""
    return search_path(url.replace("postgres@", "authenticator@"))


@pytest.mark.parametrize("setting", list(OWN_PATHS))
def test_a_search_path_set_elsewhere_is_kept(empty: str, setting: str) -> None:
    """DEP-03, SUP-03: where a search path is set for the database, for every role or for the
    server (also when the migrating role's own setting hides it from the migration), kithdb
    sets none that would override it."""
    statements, expected = OWN_PATHS[setting]
    database = empty.rsplit("/", 1)[1]
    with psycopg.connect(empty, autocommit=True) as conn:
        for statement in statements:
            conn.execute(statement.format(db=f'"{database}"').encode())
        conn.execute("select pg_reload_conf()")
        try:
            migrate.apply(empty)
            assert api_search_path(empty) == expected
            assert conn.execute("select to_regnamespace('extensions') is not null").fetchone() == (
                True,)
        finally:
            conn.execute("alter role all reset search_path")
            conn.execute("alter system reset search_path")
            conn.execute("select pg_reload_conf()")


@pytest.mark.parametrize("grant", list(API_ROLE_MAY_CREATE))
def test_no_search_path_where_an_api_role_may_create_before_extensions(
    empty: str, grant: str
) -> None:
    """SUP-03: where an API role, or a role it may become, may create in `public` or in the
    database (a schema named after the role running a seed file, "$user"), which come before
    `extensions`, kithdb adds no path through which their function of crypt()'s name would run
    as whoever runs a seed file."""
    database = empty.rsplit("/", 1)[1]
    with psycopg.connect(empty, autocommit=True) as conn:
        for statement in API_ROLE_MAY_CREATE[grant]:
            conn.execute(statement.format(db=f'"{database}"').encode())
        try:
            migrate.apply(empty)
            assert api_search_path(empty) == '"$user", public'
        finally:
            if "kithdb_test_writer" in " ".join(API_ROLE_MAY_CREATE[grant]):
                conn.execute("revoke all on schema public from kithdb_test_writer")
                conn.execute("drop role kithdb_test_writer")
