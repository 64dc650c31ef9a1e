"""The README's Python example is the one that runs here."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

from tests import rest
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
    assert out.stdout.splitlines() == [
        "Bouldering on Saturday?", "approved", "23505 already_in_like_group"]


def test_readme_psql_example(db: Db) -> None:
    """The README's psql block, with two real users, runs as written in psql."""
    readme = (ROOT / "README.md").read_text()
    [block] = [b for b in re.findall(r"```sql\n(.*?)```", readme, re.S) if "<ada uuid>" in b]
    ada, bob = db.users("ada", "bob")
    script = block.replace("<ada uuid>", str(ada)).replace("<bob uuid>", str(bob))
    out = subprocess.run(
        ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-At", "-c", script, db.url()],
        capture_output=True, text=True, timeout=60, check=False,
    )
    assert out.returncode == 0, out.stderr
    assert "pending" in out.stdout.splitlines()
    assert db.one("select status::text from public.friendships") == "pending"


def _ada_bob_cat(db: Db) -> dict[str, str]:
    """Ada (signed in), her friends Bob and Dan, and Cat; Bob's friends post and Cat's public
    one (on feed, not on Ada's home feed: Cat is no friend); Dan's like group for Ada's event,
    which Ada rejected."""
    ada, bob, cat, dan = db.users("ada", "bob", "cat", "dan")
    db.befriend(ada, bob, dan)
    post = db.post(bob, "Bouldering on Saturday?", "friends")
    db.post(cat, "Anyone for chess?")
    group = db.like_group(dan, db.event(ada, "Climb"))
    db.approve(group, ada, approved=False)
    return {"ada": str(ada), "bob": str(bob), "cat": str(cat), "group": str(group),
            "post": str(post)}


def test_readme_supabase_js_example(db: Db) -> None:
    """The README's supabase-js block runs as written with @supabase/postgrest-js (what
    supabase-js uses for .rpc and .from) against the PostgREST stand-in."""
    readme = (ROOT / "README.md").read_text()
    [block] = re.findall(r"```js\n(.*?)```", readme, re.S)
    who = _ada_bob_cat(db)
    js_dir = ROOT / ".venv" / "js"
    installed = (js_dir / "node_modules" / "@supabase" / "postgrest-js").is_dir()
    assert installed, "make test installs it"
    script = js_dir / "readme_example.mjs"
    script.write_text(
        "import { PostgrestClient } from '@supabase/postgrest-js'\n"
        "const supabase = new PostgrestClient(process.env.REST_URL + '/rest/v1',"
        " { headers: { Authorization: 'Bearer ' + process.env.JWT } })\n"
        "const [bob, cat, groupId] = [process.env.BOB, process.env.CAT, process.env.GROUP]\n"
        + block
        + "console.log(JSON.stringify({ circleId, circles, feed, error }))\n"
    )
    with rest.serve(db.url("authenticator")) as url:
        env = {**os.environ, "REST_URL": url, "JWT": rest.jwt("authenticated", who["ada"]),
               "BOB": who["bob"], "CAT": who["cat"], "GROUP": who["group"]}
        out = subprocess.run(["node", str(script)], capture_output=True, text=True, env=env,
                             timeout=60, check=False)
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    [climbers] = [c for c in result["circles"] if c["id"] == result["circleId"]]
    assert climbers["name"] == "Climbers"
    assert {(m["user_id"], m["status"]) for m in climbers["circle_members"]} == {
        (who["ada"], "member"), (who["bob"], "invited")}
    assert [p["id"] for p in result["feed"]] == [who["post"]]
    assert (result["error"]["code"], result["error"]["details"]) == (
        "PT409", "like_group_not_pending")
    assert db.one("select status::text from public.friendships where %s in (user_id, friend_id)",
                  (who["cat"],)) == "pending"


def test_readme_supabase_py_example(db: Db) -> None:
    """The README's supabase-py line runs as written with the postgrest client supabase-py
    uses, against the PostgREST stand-in."""
    from postgrest import SyncPostgrestClient

    readme = (ROOT / "README.md").read_text()
    [line] = re.findall(r"with supabase-py: `(.*?)`", readme)
    ada = db.new_user("ada")
    with rest.serve(db.url("authenticator")) as url:
        auth = {"Authorization": f"Bearer {rest.jwt('authenticated', str(ada))}"}
        supabase = SyncPostgrestClient(f"{url}/rest/v1", headers=auth)
        response = eval(line, {"supabase": supabase})
    assert db.one("select name from public.circles where id = %s", (response.data,)) == "Climbers"
    assert db.one("select created_by from public.circles") == ada
