"""The docs and the code agree: every invariant is tested, every reason is documented."""

from __future__ import annotations

import re

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
        m.group(1)
        for path in ROOT.glob("migrations/*.sql")
        for m in re.finditer(r"detail = '([a-z0-9_]+)'", path.read_text())
    }
    errors_doc = (ROOT / "docs" / "ERRORS.md").read_text()
    documented = set(re.findall(r"^\| `([a-z0-9_]+)` \|", errors_doc, re.M))
    assert raised, "no reason found in migrations"
    assert sorted(raised - documented) == []
    assert sorted(documented - raised) == []
