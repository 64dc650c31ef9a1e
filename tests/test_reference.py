"""docs/API.md is the reference of the surface in schema `public`, checked against the catalog
of a migrated database: every table and view with its columns (name, type, nullability,
default), the columns `authenticated` writes, each API role's privileges and the table's RLS
policies; every function with its exact signature as `pg_get_function_arguments` and
`pg_get_function_result` print it, and the API roles that may execute it (ID-02); every enum
with its values; every refusal listed with the SQLSTATE docs/ERRORS.md gives its reason.

The catalog is read with an empty search_path, so every type outside pg_catalog is printed
schema-qualified (`public.post_audience`), as API.md writes it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import psycopg

from tests.conftest import ROOT, Db

API_MD = ROOT / "docs" / "API.md"
API_ROLES = ("anon", "authenticated", "service_role")
COMMANDS = ("select", "insert", "update", "delete")

RELATION_HEADING = re.compile(r"^### `public\.(\w+)` \((table|view)\)$")
FUNCTION_HEADING = re.compile(r"^### `public\.(\w+)\(\)`$")
COLUMN_ROW = re.compile(r"^\| `(\w+)` \| `([^`]+)` \| (yes|no) \| (.*?) \| (.*?) \|$")
PRIVILEGES = re.compile(r"`(anon|authenticated|service_role)`: ([a-z, ]+)")
SQL_BLOCK = re.compile(r"^```sql\n(.*?)^```$", re.S | re.M)
CALLERS = re.compile(r"^Callers: (.+)$", re.M)
REFUSAL_ROW = re.compile(r"^\| (\w{5}) \| `([a-z0-9_]+)` \| .* \|$", re.M)
ENUM_ROW = re.compile(r"^\| `public\.(\w+)` \| (.+) \|$", re.M)


@dataclass
class Relation:
    """A table or view as API.md states it, or as the catalog has it."""

    kind: str
    # (name, type, nullable, default cell, writes by authenticated)
    columns: list[tuple[str, str, str, str, str]] = field(default_factory=list)
    privileges: dict[str, str] = field(default_factory=dict)


def sections(text: str) -> list[tuple[str, str]]:
    """(heading, body) for every `###` section."""
    parts = re.split(r"^(### .*)$", text, flags=re.M)
    return [(parts[i], parts[i + 1]) for i in range(1, len(parts) - 1, 2)]


def normalise(signature: str) -> str:
    """One line, single spaces, no space inside the argument list's parentheses."""
    flat = " ".join(signature.split())
    return flat.replace("( ", "(").replace(" )", ")")


def documented_relations() -> dict[str, Relation]:
    found: dict[str, Relation] = {}
    for heading, body in sections(API_MD.read_text()):
        m = RELATION_HEADING.match(heading)
        if not m:
            continue
        assert m.group(1) not in found, f"public.{m.group(1)} is documented twice"
        rel = Relation(m.group(2))
        for line in body.splitlines():
            row = COLUMN_ROW.match(line)
            if row:
                name, type_, nullable, default, writes = row.groups()
                # A generated column's cell says what it is generated from.
                default = "generated" if default.startswith("generated") else default
                rel.columns.append((name, type_, nullable, default, writes))
            if line.startswith("Privileges: "):
                rel.privileges = {r: p.strip() for r, p in PRIVILEGES.findall(line)}
        found[m.group(1)] = rel
    return found


def documented_functions() -> dict[str, tuple[str, str]]:
    """name -> (normalised signature, callers line)."""
    found: dict[str, tuple[str, str]] = {}
    for heading, body in sections(API_MD.read_text()):
        m = FUNCTION_HEADING.match(heading)
        if not m:
            continue
        blocks = SQL_BLOCK.findall(body)
        callers = CALLERS.search(body)
        assert len(blocks) == 1, f"public.{m.group(1)}() needs exactly one ```sql signature"
        assert callers, f"public.{m.group(1)}() has no `Callers:` line"
        assert m.group(1) not in found, f"public.{m.group(1)}() is documented twice"
        found[m.group(1)] = (normalise(blocks[0]), callers.group(1).strip())
    return found


def catalog(db: Db) -> psycopg.Connection[Any]:
    """A superuser connection on the test database with an empty search_path."""
    conn = db.connect("postgres")
    conn.execute("set search_path = ''")
    return conn


def package_object(alias: str, classid: str) -> str:
    """SQL: the object is not an extension's (pgTAP and plpgsql_check live outside public)."""
    return (
        f"not exists (select from pg_catalog.pg_depend d where d.classid = '{classid}'::regclass"
        f" and d.objid = {alias}.oid and d.deptype = 'e')"
    )


def catalog_relations(db: Db) -> dict[str, Relation]:
    found: dict[str, Relation] = {}
    with catalog(db) as conn:
        rels = conn.execute(
            "select c.oid, c.relname, case c.relkind when 'v' then 'view' else 'table' end"
            " from pg_catalog.pg_class c"
            " where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p', 'v', 'm')"
            f" and {package_object('c', 'pg_class')} order by c.relname"
        ).fetchall()
        for oid, name, kind in rels:
            rel = Relation(kind)
            for col in conn.execute(
                """
                select a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod),
                       case when a.attnotnull then 'no' else 'yes' end,
                       case when a.attgenerated <> '' then 'generated'
                            when d.adbin is not null
                              then '`' || pg_catalog.pg_get_expr(d.adbin, d.adrelid) || '`'
                            else '' end,
                       concat_ws(', ',
                         case when pg_catalog.has_column_privilege('authenticated', a.attrelid,
                                     a.attnum, 'INSERT') then 'insert' end,
                         case when pg_catalog.has_column_privilege('authenticated', a.attrelid,
                                     a.attnum, 'UPDATE') then 'update' end)
                from pg_catalog.pg_attribute a
                left join pg_catalog.pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
                where a.attrelid = %s and a.attnum > 0 and not a.attisdropped
                order by a.attnum
                """,
                (oid,),
            ).fetchall():
                rel.columns.append(col)
            for role in API_ROLES:
                granted = [
                    cmd
                    for cmd in COMMANDS
                    if conn.execute(
                        "select pg_catalog.has_table_privilege(%s, %s, %s)"
                        " or (%s <> 'delete' and pg_catalog.has_any_column_privilege(%s, %s, %s))",
                        (role, oid, cmd, cmd, role, oid, cmd),
                    ).fetchone()
                    == (True,)
                ]
                rel.privileges[role] = ", ".join(granted) or "none"
            found[name] = rel
    return found


def test_every_relation_in_public_is_documented_with_its_columns(db: Db) -> None:
    """ID-02, ID-06: every table and view in `public` has its section in docs/API.md, with its
    columns in catalog order (name, type, nullable, default), the columns `authenticated` may
    insert or update, and what each API role may do (`anon` nothing); no section documents a
    relation the database does not have."""
    documented = documented_relations()
    actual = catalog_relations(db)
    assert sorted(set(actual) - set(documented)) == [], "undocumented in docs/API.md"
    assert sorted(set(documented) - set(actual)) == [], "documented but not in the database"
    for name, rel in actual.items():
        doc = documented[name]
        assert doc.kind == rel.kind, f"public.{name} is a {rel.kind}"
        assert doc.columns == rel.columns, f"columns of public.{name}"
        assert doc.privileges == rel.privileges, f"privileges of public.{name}"
        assert rel.privileges["anon"] == "none"


def test_every_policy_is_named_in_its_tables_section(db: Db) -> None:
    """SEC-01: each table's section names exactly the RLS policies the table has."""
    bodies = {
        m.group(1): body
        for heading, body in sections(API_MD.read_text())
        if (m := RELATION_HEADING.match(heading))
    }
    with catalog(db) as conn:
        rows = conn.execute(
            "select tablename, array_agg(policyname::text order by policyname)"
            " from pg_catalog.pg_policies where schemaname = 'public' group by tablename"
        ).fetchall()
    assert rows
    for table, policies in rows:
        named = set(re.findall(rf"`({re.escape(table)}_\w+)`", bodies[table]))
        assert sorted(p for p in named if p.endswith(COMMANDS)) == sorted(policies), table


def test_every_function_in_public_is_documented_with_its_signature(db: Db) -> None:
    """ID-02, SEC-05: every function in `public` has its section in docs/API.md with its exact
    signature (argument names, types, defaults, return type) and the API roles that may execute
    it (never `anon`); no section documents a function the database does not have."""
    documented = documented_functions()
    with catalog(db) as conn:
        rows = conn.execute(
            "select p.proname, 'public.' || p.proname || '('"
            " || pg_catalog.pg_get_function_arguments(p.oid) || ') RETURNS '"
            " || pg_catalog.pg_get_function_result(p.oid),"
            " array(select r from unnest(%s::text[]) r"
            "       where pg_catalog.has_function_privilege(r, p.oid, 'EXECUTE'))"
            " from pg_catalog.pg_proc p where p.pronamespace = 'public'::regnamespace"
            f" and {package_object('p', 'pg_proc')} order by p.proname",
            (list(API_ROLES),),
        ).fetchall()
    names = [r[0] for r in rows]
    assert len(names) == len(set(names)), "an overloaded RPC: document each signature"
    assert sorted(set(names) - set(documented)) == [], "undocumented in docs/API.md"
    assert sorted(set(documented) - set(names)) == [], "documented but not in the database"
    for name, signature, roles in rows:
        doc_signature, doc_callers = documented[name]
        assert doc_signature == normalise(signature), f"signature of public.{name}()"
        assert doc_callers == ", ".join(f"`{r}`" for r in roles), f"callers of public.{name}()"
        assert "anon" not in roles


def test_every_enum_in_public_is_documented_with_its_values(db: Db) -> None:
    """The Types table of docs/API.md lists each enum of `public` with its values in order."""
    documented = {name: values.strip() for name, values in ENUM_ROW.findall(API_MD.read_text())}
    with catalog(db) as conn:
        rows = conn.execute(
            "select t.typname, string_agg('`' || e.enumlabel || '`', ', '"
            " order by e.enumsortorder)"
            " from pg_catalog.pg_type t join pg_catalog.pg_enum e on e.enumtypid = t.oid"
            " where t.typnamespace = 'public'::regnamespace group by t.typname"
        ).fetchall()
    assert dict(rows) == documented


def test_every_refusal_in_the_reference_is_in_errors_doc() -> None:
    """Each refusal docs/API.md lists for an RPC is a reason of docs/ERRORS.md, with the
    SQLSTATE docs/ERRORS.md gives it."""
    errors = dict(
        re.findall(
            r"^\| `([a-z0-9_]+)` \| (\w{5}) \|", (ROOT / "docs" / "ERRORS.md").read_text(), re.M
        )
    )
    refusals = REFUSAL_ROW.findall(API_MD.read_text())
    assert refusals
    wrong = sorted(
        {f"{sqlstate} {reason}" for sqlstate, reason in refusals if errors.get(reason) != sqlstate}
    )
    assert wrong == []
