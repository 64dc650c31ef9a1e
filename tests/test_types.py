"""types/database.types.ts: Supabase's generator's output for the schema, fresh, and what a
supabase-js caller compiles against it (DEP-07)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from kithdb import export
from tests.conftest import ROOT

JS = ROOT / ".venv" / "js"
TYPES = ROOT / "types" / export.TYPES_FILE
PROGRAMS = ROOT / "tests" / "typescript"
ERROR = re.compile(r"^(?P<file>[\w.]+)\((?P<line>\d+),\d+\): error (?P<code>TS\d+):", re.M)


@pytest.fixture(scope="module")
def node_modules() -> Path:
    modules = JS / "node_modules"
    assert (modules / "typescript").is_dir(), "make test installs js/package.json's tools"
    return modules


def readme_program() -> str:
    """readme_calls.ts with the README's supabase-js blocks where its marker is."""
    readme = (ROOT / "README.md").read_text()
    blocks = re.findall(r"```js\n(.*?)```", readme, re.S) + re.findall(
        r"```ts\n(.*?)```", readme, re.S)
    assert len(blocks) == 2, "the README has one js and one ts block"
    harness = (PROGRAMS / "readme_calls.ts").read_text()
    assert harness.count("  // README\n") == 1
    return harness.replace("  // README\n", "".join(blocks))


def compile_errors(programs: dict[str, str]) -> list[tuple[str, int, str]]:
    """(file, line, code) of every error tsc --strict reports for ``programs``, compiled with
    the checked-in types (in a folder under the js tools, so that imports resolve there)."""
    with tempfile.TemporaryDirectory(dir=JS, prefix="tsc-") as folder:
        here = Path(folder)
        (here / export.TYPES_FILE).write_text(TYPES.read_text())
        for name, text in programs.items():
            (here / name).write_text(text)
        done = subprocess.run(
            [str(JS / "node_modules" / ".bin" / "tsc"), "--noEmit", "--strict",
             "--target", "es2022", "--module", "nodenext", "--moduleResolution", "nodenext",
             *programs],
            cwd=here, capture_output=True, text=True, timeout=300, check=False)
    errors = [(m["file"], int(m["line"]), m["code"]) for m in ERROR.finditer(done.stdout)]
    assert done.returncode == (2 if errors else 0), done.stdout + done.stderr
    return errors


def kithdb_export_types(target: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """`kithdb export types DIR`, as the README gives it."""
    return subprocess.run([str(Path(sys.executable).parent / "kithdb"), "export", "types",
                           str(target)], env={**os.environ, **env}, capture_output=True,
                          text=True, timeout=300, check=False)


def test_types_file_is_fresh(node_modules: Path, tmp_path: Path) -> None:
    """DEP-07: the checked-in types are what Supabase's generator prints for the migrations,
    written by `kithdb export types DIR` (and `make types`)."""
    done = kithdb_export_types(tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"wrote 1 files under {tmp_path}\n"
    written = tmp_path / export.TYPES_FILE
    assert written.read_text() == TYPES.read_text(), "types are stale: run `make types`"


def test_typed_calls_compile_and_wrong_ones_do_not(node_modules: Path) -> None:
    """DEP-07: the README's supabase-js calls compile against the types with
    createClient<Database>; a wrong RPC or table name, argument name, argument type or missing
    argument is a compile error, each on its own line."""
    wrong = (PROGRAMS / "wrong_calls.ts").read_text()
    expected = [("wrong_calls.ts", n, code) for n, line in enumerate(wrong.splitlines(), start=1)
                if (code := line.rpartition("// ")[2]).startswith("TS")]
    assert len(expected) == 5
    errors = compile_errors({"readme_calls.ts": readme_program(), "wrong_calls.ts": wrong})
    assert [e for e in errors if e[0] == "readme_calls.ts"] == []
    assert sorted(e for e in errors if e[0] == "wrong_calls.ts") == expected


def test_export_types_says_what_is_missing(tmp_path: Path) -> None:
    """Without the generator, `export types` names the npm package and version to install, and
    the command fails."""
    with pytest.raises(export.GeneratorMissing, match=r"@supabase/postgres-meta@0\.99\.0"):
        export.export_types(tmp_path, modules=tmp_path)
    done = kithdb_export_types(tmp_path / "out", KITHDB_NODE_MODULES=str(tmp_path))
    assert done.returncode == 1
    assert "npm i -E @supabase/postgres-meta@0.99.0" in done.stderr
    assert not (tmp_path / "out").exists()
