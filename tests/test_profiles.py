"""Profiles: one per user, created on sign-up."""

from __future__ import annotations

import psycopg
import pytest
from psycopg.types.json import Jsonb

from tests.conftest import Db


def test_sign_up_creates_exactly_one_profile(db: Db) -> None:
    """PRO-01: the auth.users trigger creates the profile, with a display name."""
    ada = db.new_user("ada")
    assert db.one("select display_name from public.profiles where id = %s", (ada,)) == "ada"
    assert db.one("select count(*) from public.profiles") == 1
    db.admin.execute("delete from auth.users where id = %s", (ada,))
    assert db.one("select count(*) from public.profiles") == 0


def test_display_name_is_at_most_80_characters(db: Db) -> None:
    """PRO-02"""
    ada = db.new_user("ada")
    with pytest.raises(psycopg.errors.CheckViolation), db.as_user(ada) as conn:
        conn.execute("update public.profiles set display_name = %s", ("x" * 81,))
    with db.as_user(ada) as conn:
        conn.execute("update public.profiles set display_name = %s", ("x" * 80,))
    length = db.one("select char_length(display_name) from public.profiles where id = %s", (ada,))
    assert length == 80


def test_everyone_sees_profiles_but_edits_only_their_own(db: Db) -> None:
    """PRO-03"""
    ada, bob = db.users("ada", "bob")
    with db.as_user(ada) as conn:
        assert conn.execute("select count(*) from public.profiles").fetchone() == (2,)
        cur = conn.execute(
            "update public.profiles set display_name = 'hacked' where id = %s", (bob,)
        )
        assert cur.rowcount == 0
    assert db.one("select display_name from public.profiles where id = %s", (bob,)) == "bob"
    with pytest.raises(psycopg.errors.InsufficientPrivilege), db.as_user(ada) as conn:
        conn.execute("delete from public.profiles where id = %s", (ada,))


@pytest.mark.parametrize(
    ("meta", "expected"),
    [
        ({"display_name": " Ada L. "}, "Ada L."),
        ({"full_name": "Ada Lovelace"}, "Ada Lovelace"),
        ({"name": "ada"}, "ada"),
        ({}, "New member"),
        (None, "New member"),
        ({"display_name": "  "}, "New member"),
    ],
)
def test_display_name_never_shows_the_email(db: Db, meta: object, expected: str) -> None:
    """PRO-04: a new profile's name comes from the sign-up metadata, else a neutral placeholder;
    never from the email address, which every signed-in user could then read."""
    user = db.one(
        "insert into auth.users (id, email, raw_user_meta_data)"
        " values (gen_random_uuid(), 'ada.private@example.test', %s) returning id",
        (None if meta is None else Jsonb(meta),),
    )
    assert db.one("select display_name from public.profiles where id = %s", (user,)) == expected
