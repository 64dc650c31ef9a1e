"""The kithdb views the policies read (kithdb.my_*): each holds the caller's own rows and nothing
of anyone else's, though it reads its tables past their RLS."""

from __future__ import annotations

from typing import Any

import psycopg
import pytest

from tests.conftest import Db

# view -> its column, and who holds what in the scene (conftest.scene): keys name ids.
HOLDINGS: dict[str, tuple[str, dict[str, set[str]]]] = {
    "my_circles": ("circle_id", {"o": {"C"}, "f": {"C"}, "s": set()}),
    "my_member_circles": ("circle_id", {"o": {"C"}, "f": {"C"}, "s": set()}),
    "my_admin_circles": ("circle_id", {"o": {"C"}, "f": set(), "s": set()}),
    "my_authored_events": ("event_id", {"o": {"E", "P"}, "f": set(), "s": set()}),
    "my_chats": ("chat_id", {"o": {"X"}, "f3": {"X"}, "f": set(), "s": set()}),
    "my_member_like_groups": ("group_id", {"f": {"G"}, "f3": {"A"}, "o": set(), "s": set()}),
    "my_like_groups": ("group_id", {"o": {"G", "R", "A"}, "f": {"G"}, "s": set()}),
    "my_posts": ("post_id", {"o": {"POST"}, "f": set(), "s": set()}),
    "my_circle_posts": ("post_id", {"o": {"POST"}, "f": {"POST"}, "s": set()}),
    "my_friends": ("friend_id", {"f": {"o"}, "s": set()}),
}


@pytest.mark.parametrize("view", list(HOLDINGS))
def test_a_policy_view_holds_only_the_callers_rows(db: Db, scene: dict[str, Any],
                                                   view: str) -> None:
    """SEC-07: as each user, the view gives exactly that user's own set; anon reads none."""
    column, holdings = HOLDINGS[view]
    for who, keys in holdings.items():
        with db.as_user(scene[who]) as conn:
            rows = conn.execute(f"select {column} from kithdb.{view}".encode()).fetchall()
        assert {r[0] for r in rows} == {scene[k] for k in keys}, who
    with pytest.raises(psycopg.errors.InsufficientPrivilege), db.as_anon() as conn:
        conn.execute(f"select from kithdb.{view}".encode())


def test_the_policy_arrays_answer_as_their_views(db: Db) -> None:
    """SEC-07, BLK-03, MUT-02: kithdb.my_blocker_ids(), my_hidden_event_ids() and
    my_muted_user_ids() give the caller what the caller's views and mutes show: bob, blocked by
    ada, gets her as his blocker and her event as hidden (not his own), and not his own mute of
    her; eve gets nothing of theirs."""
    ada, bob, eve, cy = db.users("ada", "bob", "eve", "cy")
    party = db.event(ada, "party")
    db.event(bob, "picnic")
    with db.as_user(bob) as conn:
        conn.execute("select public.mute_user(%s)", (ada,))
        conn.execute("select public.mute_user(%s)", (cy,))
    with db.as_user(ada) as conn:
        conn.execute("select public.block_user(%s)", (bob,))
    calls = ("select kithdb.my_blocker_ids(), kithdb.my_hidden_event_ids(),"
             " kithdb.my_muted_user_ids()")
    with db.as_user(bob) as conn:
        assert conn.execute(calls).fetchone() == ([ada], [party], [cy])
        assert conn.execute("select array_agg(muted_id) from public.mutes").fetchone() == ([cy],)
    with db.as_user(eve) as conn:
        assert conn.execute(calls).fetchone() == ([], [], [])
