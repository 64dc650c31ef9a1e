"""Errors are not answers (SEC-08): for a row the caller may not act on, every table write and
every RPC gives the same answer whatever lies behind the row: whether it exists, is full, is
dynamic, is decided, whether the user it names is a friend of someone or in a like group.

Each probe is one PostgREST-shaped request by a stranger ``s`` (or by ``s`` acting on their own
rows next to someone else's). It runs once per hidden variant; the answers (SQLSTATE, message,
DETAIL, rows affected), with the variant's id written as ``<id>``, must be equal, and nothing
may be written."""

from __future__ import annotations

import json
from typing import Any
from uuid import UUID

import psycopg
import pytest

from kithdb.errors import from_psycopg
from tests.conftest import Db, snapshot

MISSING = str(UUID(int=0xDEAD))


@pytest.fixture
def hidden(db: Db, scene: dict[str, Any]) -> dict[str, Any]:
    """The shared scene (tests.conftest.scene) plus, out of the stranger's sight: a full circle
    CF, o's friends circle CD, o's event E2 with a full pending group GF, and o's friends post
    FP. The stranger s has their own circle S1 holding their circles post SP."""
    s = dict(scene)
    s["CF"] = db.circle(s["o"], "Full")
    db.admin.execute(
        "insert into public.circle_members (circle_id, user_id, status)"
        " select %s, tests.create_user('cf' || g), 'member' from generate_series(1, 149) g",
        (s["CF"],),
    )
    s["CD"] = db.friends_circle(s["o"])
    s["E2"] = db.event(s["o"], "E2")
    crowd = db.users(*(f"crowd{i}" for i in range(9)))
    creator = db.new_user("crowd creator")
    db.befriend(creator, *crowd)
    s["GF"] = db.like_group(creator, s["E2"], crowd)
    s["FP"] = db.post(s["o"], "friends only", "friends")
    s["S1"] = db.circle(s["s"], "Mine")
    s["SP"] = db.post(s["s"], "mine", "circles", [s["S1"]])
    s["MISSING"] = MISSING
    return s


# probe: (who, statement with {x} for the hidden row, the hidden variants of {x}).
CIRCLES = ["C", "CF", "CD", "MISSING"]
# In a pending group, in a rejected one, in an approved one; nobody's friend; no user.
EVENT_USERS = ["f", "f2", "f3", "s2", "MISSING"]
GROUPS = ["G", "R", "A", "GF", "MISSING"]
PROBES: list[tuple[str, str, list[str]]] = [
    # circles and their members
    ("s", "insert into public.circle_members (circle_id, user_id, role, status, invited_by)"
          " values ({x}, {s2}, 'member', 'invited', {s})", CIRCLES),
    ("s", "insert into public.circle_members (circle_id, user_id) values ({x}, {s})", CIRCLES),
    ("s", "update public.circle_members set role = 'admin' where circle_id = {x}", CIRCLES),
    ("s", "delete from public.circle_members where circle_id = {x}", CIRCLES),
    ("s", "update public.circles set name = 'mine' where id = {x}", CIRCLES),
    ("s", "delete from public.circles where id = {x}", CIRCLES),
    ("s", "insert into public.post_circles (post_id, circle_id) values ({SP}, {x})", CIRCLES),
    ("s", "delete from public.post_circles where circle_id = {x}", CIRCLES),
    ("s", "select public.invite_to_circle({x}, {s2})", CIRCLES),
    ("s", "select public.remove_circle_member({x}, {o})", CIRCLES),
    ("s", "select public.set_circle_member_role({x}, {o}, 'member')", CIRCLES),
    ("s", "select public.accept_circle_invitation({x})", CIRCLES),
    ("s", "select public.decline_circle_invitation({x})", CIRCLES),
    ("s", "select public.leave_circle({x})", CIRCLES),
    ("s", "select * from public.feed(20, p_circle_id => {x})", CIRCLES),
    ("s", "select * from public.feed(20, now(), gen_random_uuid(), {x})", CIRCLES),
    ("s", "select public.create_post('x', 'circles', array[{x}]::uuid[])", CIRCLES),
    ("s", "select public.remove_circle_post({x}, {POST})", CIRCLES),
    # event authors: what the named user is to the creator is hidden
    ("s", "insert into public.event_authors (event_id, user_id) values ({E}, {x})", EVENT_USERS),
    ("s", "insert into public.event_authors (event_id, user_id) values ({P}, {x})", EVENT_USERS),
    ("s", "delete from public.event_authors where event_id = {E} and user_id = {x}",
     EVENT_USERS),
    ("s", "select public.add_event_author({E}, {x})", EVENT_USERS),
    ("s", "select public.add_event_author({P}, {x})", EVENT_USERS),
    ("s", "select public.remove_event_author({E}, {x})", EVENT_USERS),
    ("f", "insert into public.event_authors (event_id, user_id) values ({E}, {x})", EVENT_USERS),
    ("s", "insert into public.event_author_invitations (event_id, user_id) values ({E}, {x})",
     EVENT_USERS),
    ("f", "insert into public.event_author_invitations (event_id, user_id) values ({E}, {x})",
     EVENT_USERS),
    ("s", "select public.respond_event_author_invitation({x}, true)", ["E", "E2", "MISSING"]),
    # events: whether a group attends is hidden from everyone but the authors
    ("s", "delete from public.events where id = {x}", ["E", "E2", "MISSING"]),
    ("f", "delete from public.events where id = {x}", ["E", "E2", "MISSING"]),
    ("s", "update public.events set title = 'mine' where id = {x}", ["E", "E2", "MISSING"]),
    # a like group with someone who is not a friend: their groups stay hidden
    ("s", "select public.create_like_group({E2}, array[{x}]::uuid[])", ["f", "f2", "f3", "s2"]),
    # like groups: status, size and existence are hidden
    ("s", "select public.add_like_group_member({x}, {s})", GROUPS),
    ("s", "select public.add_like_group_member({x}, {s2})", GROUPS),
    ("s", "select public.remove_like_group_member({x}, {f})", GROUPS),
    ("s", "select public.leave_like_group({x})", GROUPS),
    ("s", "select public.withdraw_like_group({x})", GROUPS),
    ("s", "select public.approve_like_group({x}, true)", GROUPS),
    ("s", "select public.approve_like_group({x}, false)", GROUPS),
    ("s", "insert into public.like_group_members (group_id, user_id, event_id)"
          " values ({x}, {s}, {E})", GROUPS),
    ("s", "delete from public.like_group_approvals where group_id = {x}", GROUPS),
    ("f2", "select public.add_like_group_member({x}, {f2})", ["G", "A", "GF", "MISSING"]),
    # chats
    ("s", "select public.send_message({x}, 'hi')", ["X", "MISSING"]),
    ("s", "insert into public.chat_messages (chat_id, sender_id, body) values ({x}, {s}, 'hi')",
     ["X", "MISSING"]),
    # posts: a circles post, a friends post, no post
    ("s", "update public.posts set body = 'mine' where id = {x}", ["POST", "FP", "MISSING"]),
    ("s", "delete from public.posts where id = {x}", ["POST", "FP", "MISSING"]),
    ("s", "insert into public.post_circles (post_id, circle_id) values ({x}, {S1})",
     ["POST", "FP", "MISSING"]),
    ("s", "select public.remove_circle_post({S1}, {x})", ["POST", "FP", "MISSING"]),
    # friendships: only the caller's own pairs exist for them
    ("s", "select public.respond_friendship({x}, true)", ["o", "f", "MISSING"]),
    ("s", "select public.remove_friendship({x})", ["o", "f", "MISSING"]),
    ("s", "update public.friendships set status = 'accepted' where {x} in (user_id, friend_id)",
     ["o", "f", "MISSING"]),
    ("s", "insert into public.friendships (user_id, friend_id, status, requested_by)"
          " values (least({o}::uuid, {x}::uuid), greatest({o}::uuid, {x}::uuid), 'pending', {o})",
     ["f", "s2", "MISSING"]),
]


def answer(db: Db, who: UUID, statement: str, params: dict[str, Any], hidden_id: str) -> str:
    """What the caller learns: the error's SQLSTATE, message and DETAIL, or the rows a read
    returns and the number a write changes."""
    try:
        with db.as_user(who) as conn:
            cur = conn.execute(statement.encode(), params)
            rows = cur.fetchall() if cur.description else []
            got = f"rows {cur.rowcount}: {rows}"
    except psycopg.Error as err:
        diag = err.diag
        reason = from_psycopg(err).reason
        got = f"{diag.sqlstate} {diag.message_primary} | {diag.message_detail} | {reason}"
    return got.replace(hidden_id, "<id>")


@pytest.mark.parametrize(("who", "template", "variants"), PROBES,
                         ids=[f"{p[0]}: {p[1][:60]}" for p in PROBES])
def test_same_answer_whatever_is_hidden(db: Db, hidden: dict[str, Any], who: str,
                                        template: str, variants: list[str]) -> None:
    """SEC-08: a probe that differs only in the hidden row gets one answer, and writes
    nothing."""
    statement = template.replace("{", "%(").replace("}", ")s")
    before = snapshot(db)
    answers = {}
    for variant in variants:
        params = {**{k: str(v) for k, v in hidden.items()}, "x": str(hidden[variant])}
        answers[variant] = answer(db, hidden[who], statement, params, str(hidden[variant]))
    assert snapshot(db) == before, "a probe wrote something"
    assert len(set(answers.values())) == 1, json.dumps(answers, indent=1)


def test_definer_predicates_answer_only_about_the_caller(db: Db, hidden: dict[str, Any]) -> None:
    """CIR-12, SEC-05: the membership predicates that read past RLS are not executable by a
    signed-in user; the definer checks that are, answer a stranger's question about someone
    else's circle or event the way they answer about nothing at all."""
    h = hidden
    for predicate in ("is_circle_member", "is_circle_admin", "has_circle_access"):
        with pytest.raises(psycopg.errors.InsufficientPrivilege), db.as_user(h["s"]) as conn:
            conn.execute(f"select kithdb.{predicate}(%s, %s)".encode(), (h["C"], h["o"]))
    with db.as_user(h["s"]) as conn:
        new = [conn.execute("select kithdb.is_new_circle(%s)", (h[c],)).fetchone()
               for c in ("C", "CF", "MISSING")]
        friend = [conn.execute("select kithdb.is_friend_of_event_creator(%s, %s)",
                               (h["E"], h[u])).fetchone() for u in ("f", "s2", "MISSING")]
    assert len(set(new)) == 1, new
    assert len(set(friend)) == 1, friend
