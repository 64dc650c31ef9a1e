"""sql/schema.sql is the schema the migrations build, and every migration reverts exactly."""

from __future__ import annotations

import difflib
import re

from kithdb import migrate, schema
from tests.conftest import ROOT

SCHEMA_FILE = ROOT / "sql" / "schema.sql"
COMPAT = "0001_supabase_compat"


def first_difference(expected: str, actual: str) -> str:
    diff = difflib.unified_diff(
        expected.splitlines(), actual.splitlines(), "expected", "actual", lineterm="", n=2
    )
    return "\n".join(list(diff)[:40])


def test_schema_file_is_current(empty: str) -> None:
    """DEP-05: sql/schema.sql is exactly what the migrations build (`make schema` rewrites it)."""
    migrate.apply(empty)
    built = schema.dump(empty)
    checked_in = SCHEMA_FILE.read_text()
    assert built == checked_in, (
        "sql/schema.sql is stale; run `make schema` and review the diff:\n"
        + first_difference(checked_in, built)
    )


def test_every_migration_reverts_exactly(empty: str) -> None:
    """DEP-02, DEP-06: applying migration N and rolling it back leaves the schema after N−1.

    The compatibility migration is the one exception: its objects stay (DEP-02), so rolling it
    back leaves the schema it built.
    """
    before = schema.dump(empty)
    total = len(list((ROOT / "migrations").glob("*.rollback.sql")))
    for _ in range(total):
        (applied,) = migrate.apply(empty, count=1)
        after = schema.dump(empty)
        assert after != before, f"{applied} changed nothing"
        assert migrate.rollback(empty) == [applied]
        reverted = schema.dump(empty)
        expected = after if applied == COMPAT else before
        assert reverted == expected, (
            f"rolling back {applied} does not give back the schema before it:\n"
            + first_difference(expected, reverted)
        )
        migrate.apply(empty, count=1)
        before = after


def test_every_object_is_defined_once() -> None:
    """DEP-05: until the first release each module's migration holds its objects' current
    definitions, so no function, view, policy, trigger, index, table or type is created twice."""
    created = re.compile(
        r"^create (?:or replace )?(?:unique )?(?:constraint )?"
        r"(function|view|policy|trigger|index|table|type) ([\w.]+)(?:\s*\(([^)]*)\))?",
        re.M | re.I,
    )
    seen: dict[tuple[str, str], str] = {}
    twice: list[str] = []
    for path in sorted((ROOT / "migrations").glob("*.sql")):
        if path.name.endswith(".rollback.sql"):
            continue
        for kind, name, args in created.findall(path.read_text()):
            # Overloads differ by their argument types; policy and trigger names are unique here.
            key = (kind.lower(), f"{name}({' '.join((args or '').split())})")
            if key in seen:
                twice.append(f"{kind} {name}: {seen[key]} and {path.name}")
            seen[key] = path.name
    assert len(seen) > 200  # the pattern finds the schema, so an empty result is not a pass
    assert twice == []
