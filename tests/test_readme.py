"""The README's Python example is the one that runs here."""

from __future__ import annotations

import re
import subprocess
import sys

from tests.conftest import ROOT, Db


def test_readme_python_example(db: Db) -> None:
    readme = (ROOT / "README.md").read_text()
    [code] = re.findall(r"```python\n(.*?)```", readme, re.S)
    assert "Cluster.default().start()" in code
    code = code.replace("Cluster.default().start()", repr(db.url()))
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == ["approved", "23505 already_in_like_group"]


def test_readme_psql_example(db: Db) -> None:
    """The README's psql block, with two real users, runs as written in psql."""
    readme = (ROOT / "README.md").read_text()
    [block] = re.findall(r"```sql\n(.*?)```", readme, re.S)
    ada, bob = db.new_user("ada"), db.new_user("bob")
    script = block.replace("<ada uuid>", str(ada)).replace("<bob uuid>", str(bob))
    out = subprocess.run(
        ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-At", "-c", script, db.url()],
        capture_output=True, text=True, timeout=60, check=False,
    )
    assert out.returncode == 0, out.stderr
    assert "pending" in out.stdout.splitlines()
    assert db.one("select status::text from public.friendships") == "pending"
