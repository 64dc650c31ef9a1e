"""The docs and the code agree: every invariant is tested, every reason is documented."""

from __future__ import annotations

import re

from tests import rest
from tests.conftest import ROOT

INVARIANT_ID = re.compile(r"\b([A-Z]{2,4}-\d{2})\b")


def documented_invariants() -> set[str]:
    text = (ROOT / "docs" / "INVARIANTS.md").read_text()
    return {m.group(1) for m in re.finditer(r"^\| ([A-Z]{2,4}-\d{2}) \|", text, re.M)}


def test_every_invariant_has_a_test() -> None:
    sources = [*ROOT.glob("tests/*.py"), *ROOT.glob("pgtap/*.sql")]
    tested = {
        m.group(1)
        for path in sources
        if path.name != "test_docs.py"
        for m in INVARIANT_ID.finditer(path.read_text())
    }
    ids = documented_invariants()
    assert ids, "docs/INVARIANTS.md lists no invariant"
    assert sorted(ids - tested) == []
    assert sorted(tested - ids) == [], "tests cite IDs that docs/INVARIANTS.md does not define"


def test_every_reason_is_documented() -> None:
    raised = {
        m.group(1) or m.group(2)
        for path in ROOT.glob("migrations/*.sql")
        # A reason is raised with detail = '…', or given to kithdb.refuse_row_move by a trigger.
        for m in re.finditer(r"detail = '([a-z0-9_]+)'|refuse_row_move\(\s*'([a-z0-9_]+)'",
                             path.read_text())
    }
    errors_doc = (ROOT / "docs" / "ERRORS.md").read_text()
    documented = set(re.findall(r"^\| `([a-z0-9_]+)` \|", errors_doc, re.M))
    assert raised, "no reason found in migrations"
    assert sorted(raised - documented) == []
    assert sorted(documented - raised) == []


# The HTTP status PostgREST answers each SQLSTATE with (42501 → 401 for anon, else 403; 23505 →
# 409; PTxyz → xyz; 22023 and 23514 → 400; 25001 → 500), as the table of docs/ERRORS.md gives it.
HTTP_STATUS = {"42501": 403, "PT404": 404, "23505": 409, "PT409": 409, "PT429": 429, "22023": 400,
               "23514": 400, "25001": 500, "40001": 500, "40P01": 500}


def test_every_raised_sqlstate_is_documented() -> None:
    """Every SQLSTATE the package raises is in the table of docs/ERRORS.md, with the HTTP status
    PostgREST answers it with, so the status and the client's exception class are the intended
    ones."""
    sql = [path.read_text() for path in ROOT.glob("migrations/*.sql")]
    # A code kithdb raises only to catch it itself (to take its locks again) reaches no client.
    caught = {
        m.group(1) for text in sql for m in re.finditer(r"when sqlstate '([0-9A-Z]{5})'", text)
    }
    raised = {
        m.group(1) for text in sql for m in re.finditer(r"errcode = '([0-9A-Z]{5})'", text)
    } - caught
    # 23514 and 40P01 come from PostgreSQL itself (check constraints, deadlocks), never from an
    # explicit raise; 40001 from both (serialization failures, and pair_busy).
    assert raised <= set(HTTP_STATUS) and set(HTTP_STATUS) - raised == {"23514", "40P01"}
    errors_doc = (ROOT / "docs" / "ERRORS.md").read_text()
    documented = {}
    for sqlstates, http in re.findall(r"^\| ([0-9A-Z]{5}(?:, [0-9A-Z]{5})*) \| ([0-9 /]+) \|",
                                      errors_doc, re.M):
        for sqlstate in sqlstates.split(", "):
            documented[sqlstate] = int(http.split(" / ")[-1])
    assert documented == HTTP_STATUS


def test_rest_standin_maps_statuses_as_documented() -> None:
    """The PostgREST stand-in the README examples run against answers each SQLSTATE with the
    HTTP status of docs/ERRORS.md (42501 is 401 for anon)."""
    assert {s: rest.status_for(s, "authenticated") for s in HTTP_STATUS} == HTTP_STATUS
    assert rest.status_for("42501", "anon") == 401


def test_the_tree_stands_alone() -> None:
    """The project cites no document outside it, and its code says why it is as it is, never its
    history: migration and issue numbers live in CHANGELOG.md alone. A document a file names
    (``X.md``) is one of the repository's; no path climbs out of the checkout; no section of
    another document is cited (``§``)."""
    documents = {p.name for p in ROOT.glob("**/*.md") if ".venv" not in p.parts}
    named = re.compile(r"\b([\w-]+\.md)\b")
    outside = re.compile(r"\.\./[\w-]|§")
    history = re.compile(r"\bissue #\d+|\bsince 00\d\d\b|\(00\d\d\)|\bas of 00\d\d\b", re.I)
    found = []
    for path in sorted(ROOT.glob("**/*")):
        parts = path.relative_to(ROOT).parts
        if (not path.is_file() or path.suffix not in {".py", ".sql", ".md", ".toml"}
                or parts[0] in {".venv", ".git", ".kithdb", "build"}
                or parts[:2] == ("bench", "out")
                or path.name in {"CHANGELOG.md", "test_docs.py"}):
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            elsewhere = [d for d in named.findall(line) if d not in documents]
            if elsewhere or outside.search(line) or history.search(line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert found == []
