"""The RPC attack matrix, as data. Three tables: every RPC × {anon, no identity, all NULL, ids
that do not exist}, derived from the catalog so a new RPC is covered the day it is added;
BAD_CALLS, the wrong user, oversize text and the wrong state on a small scene; GOOD_CALLS, one
valid call per RPC from which each argument alone is set to NULL. After each refusal, nothing
was written."""

from __future__ import annotations

import json
from typing import Any
from uuid import UUID

import psycopg
import pytest

from kithdb.errors import from_psycopg
from kithdb.session import Role, request
from tests.conftest import Db, snapshot

MISSING = str(UUID(int=0xDEAD))
# A valid value per argument type, for the calls where only the ids are wrong.
VALID = {
    "text": "hello",
    "boolean": True,
    "integer": 20,
    "timestamp with time zone": "2099-01-01T00:00:00Z",
    "post_audience": "circles",
    "circle_role": "admin",
    "jsonb": json.dumps({"kind": "event", "event_id": MISSING}),
    "uuid": MISSING,
    "uuid[]": [MISSING],
}
# Text arguments that name a value of a list: the valid value per (RPC, argument).
VALID_TEXT = {("report", "p_target_kind"): "post", ("report", "p_reason"): "spam",
              ("resolve_report", "p_action"): "dismiss"}
SERVICE_ONLY = {"expire_like_groups", "expire_author_invitations", "prune_notifications"}
# Mark a set of the caller's own rows, where NULL means all of them and an id that is not the
# caller's is passed over (NTF-05): neither all NULL nor a missing id is refused.
OWN_ROWS_ONLY = {"mark_notifications_read"}
# Refuse every caller but a moderator first (MOD-03): the matrix calls them as one.
MODERATOR_ONLY = {"moderation_queue", "resolve_report"}


def rpcs(db: Db) -> list[tuple[str, list[tuple[str, str]]]]:
    rows = db.admin.execute(
        """
        select p.proname,
               coalesce(array_agg(a.name || ':' || format_type(a.type, null) order by a.ord)
                        filter (where a.name is not null and a.type is not null), '{}')
        from pg_proc p
        -- The input arguments: a TABLE function's output columns follow them in proargnames.
        left join lateral unnest(p.proargnames, p.proargtypes::oid[])
          with ordinality as a(name, type, ord) on true
        where p.pronamespace = 'public'::regnamespace
        group by p.oid, p.proname order by p.proname
        """
    ).fetchall()
    result = []
    for name, args in rows:
        pairs = [tuple(a.split(":", 1)) for a in args]
        result.append((str(name), [(n, t.replace("public.", "")) for n, t in pairs]))
    return result


def resolve(scene: dict[str, Any], arg: Any) -> Any:
    """A table cell's argument: scene keys (and lists of them) become the scene's ids."""
    if isinstance(arg, list):
        return [resolve(scene, x) for x in arg]
    return scene.get(arg, arg) if isinstance(arg, str) else arg


def call(db: Db, role: Role, user: UUID | None, name: str, values: list[Any]) -> str:
    """The SQLSTATE of the refusal (or 'ok')."""
    placeholders = ", ".join(["%s"] * len(values))
    try:
        with request(db.api, role, user) as conn:
            conn.execute(f"select public.{name}({placeholders})".encode(), values)
    except psycopg.Error as err:
        return from_psycopg(err).sqlstate or "?"
    return "ok"


def test_rpc_matrix(db: Db) -> None:
    """ID-02, ID-03, SEC-05: the refusal every RPC owes each kind of bad call."""
    user = db.new_user("caller")
    db.new_user("bystander")
    moderator = db.new_user("moderator")
    db.admin.execute("insert into public.moderators (user_id) values (%s)", (moderator,))
    found = rpcs(db)
    assert len(found) >= 24
    before = snapshot(db)
    failures = []
    checked = 0
    for name, args in found:
        nulls: list[Any] = [None] * len(args)
        expected: dict[str, tuple[Role, UUID | None, list[Any], str]] = {
            "anon": (Role.ANON, None, nulls, "42501"),
            "no identity": (Role.AUTHENTICATED, None, nulls, "42501"),
        }
        caller = moderator if name in MODERATOR_ONLY else user
        if name in MODERATOR_ONLY:
            expected["not a moderator"] = (Role.AUTHENTICATED, user, nulls, "42501")
        if name not in SERVICE_ONLY | OWN_ROWS_ONLY and args:
            expected["all NULL"] = (Role.AUTHENTICATED, caller, nulls, "22023")
            # A page's cursor names a place in the order, not a row: any uuid will do.
            if any(t in ("uuid", "uuid[]", "jsonb") for n, t in args if n != "p_before_id"):
                valid = [VALID_TEXT.get((name, n), VALID[t]) for n, t in args]
                expected["missing ids"] = (Role.AUTHENTICATED, caller, valid, "PT404")
        for case, (role, who, values, sqlstate) in expected.items():
            checked += 1
            got = call(db, role, who, name, values)
            if got != sqlstate:
                failures.append(f"{name} {case}: expected {sqlstate}, got {got}")
    assert failures == []
    assert checked > 80, checked
    assert snapshot(db) == before, "a refused call wrote something"


@pytest.mark.parametrize("name", sorted(SERVICE_ONLY))
def test_service_only_rpcs(db: Db, name: str) -> None:
    """LGR-08: maintenance RPCs refuse signed-in users and serve service_role."""
    user = db.new_user("caller")
    assert call(db, Role.AUTHENTICATED, user, name, []) == "42501"
    assert call(db, Role.SERVICE_ROLE, None, name, []) == "ok"


# Bad calls that need a scene: the wrong user, oversize text, the wrong state. One row per call:
# (rpc, case, caller, arguments from the scene, expected SQLSTATE, expected reason).
# The scene is tests.conftest.scene.
LONG = "x" * 100_001
BAD_CALLS: list[tuple[str, str, str, list[Any], str, str]] = [
    # wrong user
    ("invite_to_circle", "member, not admin", "f", ["C", "s"], "42501", "not_circle_admin"),
    ("set_circle_member_role", "member, not admin", "f", ["C", "o", "member"], "42501",
     "not_circle_admin"),
    ("remove_circle_member", "member, not admin", "f", ["C", "o"], "42501", "not_circle_admin"),
    ("invite_to_circle", "stranger", "s", ["C", "s"], "PT404", "circle_not_found"),
    ("accept_circle_invitation", "not invited", "s", ["C"], "PT404",
     "circle_invitation_not_found"),
    ("decline_circle_invitation", "not invited", "s", ["C"], "PT404",
     "circle_invitation_not_found"),
    ("leave_circle", "not a member", "s", ["C"], "PT404", "circle_not_found"),
    ("add_event_author", "not an author", "f", ["E", "f"], "42501", "not_event_author"),
    ("remove_event_author", "not an author", "s", ["E", "o"], "42501", "not_event_author"),
    ("approve_like_group", "member, not an author", "f", ["G", True], "42501", "not_event_author"),
    ("withdraw_like_group", "author, not the creator", "o", ["G"], "42501",
     "not_like_group_creator"),
    ("add_like_group_member", "not in the group", "s", ["G", "s"], "PT404", "like_group_not_found"),
    ("remove_like_group_member", "not in the group", "s", ["G", "f"], "PT404",
     "like_group_not_found"),
    ("leave_like_group", "not in the group", "s", ["G"], "PT404", "like_group_not_found"),
    ("send_message", "not a participant", "s", ["X", "hi"], "PT404", "chat_not_found"),
    ("respond_friendship", "nobody asked", "s", ["o", True], "PT404",
     "friendship_request_not_found"),
    # BLK-01, BLK-03, BLK-04: o blocked blk.
    ("block_user", "self", "o", ["o"], "22023", "cannot_block_self"),
    ("block_user", "twice", "o", ["blk"], "23505", "already_blocked"),
    ("block_user", "the blocker, by the blocked", "blk", ["o"], "PT404", "user_not_found"),
    ("unblock_user", "not blocked", "o", ["s"], "PT404", "block_not_found"),
    ("unblock_user", "the blocker, by the blocked", "blk", ["o"], "PT404", "block_not_found"),
    ("request_friendship", "someone the caller blocked", "o", ["blk"], "42501", "user_blocked"),
    ("invite_to_circle", "someone the caller blocked", "o", ["C", "blk"], "42501", "user_blocked"),
    ("add_event_author", "someone the caller blocked", "o", ["E", "blk"], "42501", "user_blocked"),
    ("invite_to_circle", "the blocker, by the blocked", "blk", ["C", "o"], "PT404",
     "circle_not_found"),
    # MOD-01, MOD-03, MOD-05, MOD-06: f reported POST (REP); REP2 is resolved; sus is suspended.
    ("report", "a post the caller may not see", "s", ["post", "POST", "spam", None], "PT404",
     "report_target_not_found"),
    ("report", "twice", "f", ["post", "POST", "hate", None], "23505", "already_reported"),
    ("moderation_queue", "not a moderator", "f", [20, None], "42501", "not_moderator"),
    ("resolve_report", "not a moderator", "f", ["REP", "dismiss", None, None], "42501",
     "not_moderator"),
    ("resolve_report", "resolved already", "mod", ["REP2", "dismiss", None, None], "PT409",
     "report_not_open"),
    ("create_post", "suspended", "sus", ["b", "public", None], "42501", "user_suspended"),
    ("report", "suspended", "sus", ["user", "o", "spam", None], "42501", "user_suspended"),
    # MUT-03: o muted f2.
    ("mute_user", "self", "o", ["o", None], "22023", "cannot_mute_self"),
    ("mute_user", "past end", "o", ["s", "2000-01-01T00:00Z"], "22023", "mute_until_past"),
    ("mute_user", "the blocker, by the blocked", "blk", ["o", None], "PT404", "user_not_found"),
    ("unmute_user", "not muted", "o", ["s"], "PT404", "mute_not_found"),
    ("unmute_user", "muted by someone else", "f", ["f2"], "PT404", "mute_not_found"),
    ("request_friendship", "the blocker, by the blocked", "blk", ["o"], "PT404", "user_not_found"),
    ("remove_friendship", "not friends", "s", ["o"], "PT404", "friendship_not_found"),
    ("feed", "circle not visible", "s", [20, None, None, "C"], "PT404", "circle_not_found"),
    ("create_post", "someone else's circle", "s", ["x", "circles", ["C"]], "PT404",
     "circle_not_found"),
    ("create_like_group", "with someone not their friend", "s", ["E", ["f2"]], "42501",
     "member_not_friend"),
    # oversize text
    ("create_circle", "name too long", "o", [LONG, None], "22023", "circle_name_too_long"),
    ("create_circle", "description too long", "o", ["ok", LONG], "22023",
     "circle_description_too_long"),
    ("create_event", "title too long", "o", [LONG, "2099-01-01T00:00Z", None, None], "22023",
     "event_title_too_long"),
    ("create_event", "description too long", "o", ["ok", "2099-01-01T00:00Z", None, LONG],
     "22023", "event_description_too_long"),
    ("send_message", "body too long", "f3", ["X", LONG], "22023", "message_body_too_long"),
    ("create_post", "body too long", "o", [LONG, "public", None], "22023", "post_body_too_long"),
    ("create_dynamic_circle", "name too long", "o", [LONG, "RULE", None], "22023",
     "circle_name_too_long"),
    # wrong state
    ("approve_like_group", "group decided", "o", ["R", True], "PT409", "like_group_not_pending"),
    ("withdraw_like_group", "group decided", "f2", ["R"], "PT409", "like_group_not_pending"),
    ("add_like_group_member", "group decided", "f2", ["R", "f"], "PT409",
     "like_group_not_pending"),
    ("create_like_group", "already in a pending group", "f", ["E", []], "23505",
     "already_in_like_group"),
    ("request_friendship", "already friends", "o", ["f"], "23505", "already_friends"),
    ("invite_to_circle", "already a member", "o", ["C", "f"], "23505", "already_circle_member"),
    ("accept_circle_invitation", "already a member", "f", ["C"], "23505", "already_circle_member"),
    ("leave_circle", "last admin", "o", ["C"], "PT409", "last_circle_admin"),
    ("remove_event_author", "themselves, the last author", "o", ["E", "o"], "PT409",
     "last_event_author"),
    ("add_event_author", "event started", "o", ["P", "f"], "PT409", "event_started"),
    ("add_event_author", "already invited", "o", ["E", "f2"], "23505", "already_invited"),
    ("add_event_author", "a like-group applicant", "o", ["E", "f"], "PT409",
     "event_applicant_cannot_author"),
    ("respond_event_author_invitation", "not invited", "s", ["E", True], "PT404",
     "event_author_invitation_not_found"),
    ("respond_event_author_invitation", "someone else's invitation", "o", ["E", False], "PT404",
     "event_author_invitation_not_found"),
    ("leave_event_authors", "not an author", "f2", ["E"], "42501", "not_event_author"),
    ("cancel_event", "not an author", "f", ["E"], "42501", "not_event_author"),
    ("leave_chat", "not a participant", "s", ["X"], "PT404", "chat_not_found"),
    ("rejoin_circle", "never left it", "s", ["C"], "PT404", "circle_not_found"),
    ("leave_event_authors", "the last author", "o", ["P"], "PT409", "last_event_author"),
    ("create_like_group", "event started", "f", ["P", []], "PT409", "event_started"),
]


@pytest.mark.parametrize(
    ("rpc", "case", "caller", "args", "sqlstate", "reason"), BAD_CALLS,
    ids=[f"{r[0]}: {r[1]}" for r in BAD_CALLS],
)
def test_bad_calls(db: Db, scene: dict[str, Any], rpc: str, case: str, caller: str,
                   args: list[Any], sqlstate: str, reason: str) -> None:
    """ID-03, SEC-05, and the rule each row names: wrong user, oversize text and wrong state are
    refused with their SQLSTATE and reason, and nothing is written."""

    values = [resolve(scene, a) for a in args]
    before = snapshot(db)
    placeholders = ", ".join(["%s"] * len(values))
    with pytest.raises(psycopg.Error) as info, db.as_user(scene[caller]) as conn:
        conn.execute(f"select * from public.{rpc}({placeholders})".encode(), values)
    err = from_psycopg(info.value)
    assert (err.sqlstate, err.reason) == (sqlstate, reason), str(info.value)
    assert snapshot(db) == before, "a refused call wrote something"



# A call per RPC whose arguments are all valid for the scene, to set one argument at a time to
# NULL. Where NULL means "absent" (ACCEPTS_NULL) the call goes through; everywhere else it is
# refused with 22023 and nothing is written.
GOOD_CALLS: dict[str, tuple[str, list[Any]]] = {
    "accept_circle_invitation": ("s", ["C"]),
    "block_user": ("o", ["s"]),
    "cancel_event": ("o", ["E"]),
    "add_event_author": ("o", ["E", "f"]),
    "add_like_group_member": ("f", ["G", "o"]),
    "approve_like_group": ("o", ["G", True, None]),
    "create_circle": ("o", ["n", "d"]),
    "create_dynamic_circle": ("o", ["n", "RULE", "d"]),
    "create_event": ("o", ["t", "2099-01-01T00:00Z", "2099-01-02T00:00Z", "d"]),
    "create_like_group": ("s", ["E", []]),
    "create_post": ("o", ["b", "circles", ["C"]]),
    "decline_circle_invitation": ("s", ["C"]),
    "feed": ("o", [20, "2099-01-01T00:00Z", MISSING, "C"]),
    "home_feed": ("o", [20, "2099-01-01T00:00Z", MISSING]),
    "invite_to_circle": ("o", ["C", "s"]),
    "leave_circle": ("f", ["C"]),
    "leave_like_group": ("f", ["G"]),
    "leave_chat": ("f3", ["X"]),
    "export_my_data": ("o", []),
    "delete_my_account": ("o", ["o"]),
    "rejoin_circle": ("f", ["C"]),
    "leave_event_authors": ("o", ["E"]),
    "respond_event_author_invitation": ("f2", ["E", True]),
    "mute_user": ("o", ["s", "2099-01-01T00:00Z"]),
    "remove_circle_member": ("o", ["C", "f"]),
    "remove_circle_post": ("o", ["C", "POST"]),
    "remove_event_author": ("o", ["E", "f"]),
    "remove_friendship": ("o", ["f"]),
    "remove_like_group_member": ("f", ["G", "f"]),
    "request_friendship": ("s", ["o"]),
    "respond_friendship": ("o", ["s", True]),
    "send_message": ("f3", ["X", "hi"]),
    "set_circle_member_role": ("o", ["C", "f", "admin"]),
    "unblock_user": ("o", ["blk"]),
    "report": ("s", ["user", "f", "spam", "n"]),
    "moderation_queue": ("mod", [20, "2099-01-01T00:00Z"]),
    "resolve_report": ("mod", ["REP", "dismiss", "n", "2099-01-01T00:00Z"]),
    "unmute_user": ("o", ["f2"]),
    "user_posts": ("s", ["o", 20, "2099-01-01T00:00Z", MISSING]),
    "withdraw_like_group": ("f", ["G"]),
    "mark_notifications_read": ("o", [["o"]]),
    "unread_notification_count": ("o", []),
    "my_chats": ("f3", [20, "2099-01-01T00:00Z", MISSING]),
    "mark_chat_read": ("f3", ["X"]),
}
ACCEPTS_NULL = {
    "create_circle.p_description", "create_dynamic_circle.p_description",
    "create_event.p_ends_at", "create_event.p_description", "create_like_group.p_member_ids",
    "approve_like_group.p_member_ids",
    "feed.p_before_id", "feed.p_circle_id", "mute_user.p_until", "home_feed.p_before_id",
    "user_posts.p_before_id", "report.p_note", "moderation_queue.p_before",
    "resolve_report.p_note", "resolve_report.p_until", "mark_notifications_read.p_ids",
    "my_chats.p_before_id",
}


def test_each_null_argument(db: Db, scene: dict[str, Any]) -> None:
    """ID-03: each argument alone set to NULL, the others valid: refused with 22023 unless NULL
    means "absent" for it; nothing is written by a refusal. Every RPC is in GOOD_CALLS."""
    found = {name: args for name, args in rpcs(db) if name not in SERVICE_ONLY}
    assert set(found) == set(GOOD_CALLS)
    failures = []
    # An approval that goes through decides the group the others need pending: it comes last.
    for name, args in sorted(found.items(), key=lambda item: item[0] == "approve_like_group"):
        caller, good = GOOD_CALLS[name]
        for i, (arg, _) in enumerate(args):
            values = [None if j == i else resolve(scene, v) for j, v in enumerate(good)]
            expected = "ok" if f"{name}.{arg}" in ACCEPTS_NULL else "22023"
            before = snapshot(db)
            got = call(db, Role.AUTHENTICATED, scene[caller], name, values)
            if got != expected:
                failures.append(f"{name}({arg} => NULL): expected {expected}, got {got}")
            if expected != "ok" and snapshot(db) != before:
                failures.append(f"{name}({arg} => NULL) wrote something")
            if got == "ok" and name == "resolve_report":  # resolved: the next call needs another
                scene["REP"] = db.rpc(scene["f"], "select public.report('post', %s, 'spam')",
                                      scene["POST"])
    assert failures == []



def test_service_role_may_run_every_step_of_the_rpcs_it_may_call(
    db: Db, scene: dict[str, Any]
) -> None:
    """ID-04: service_role, which API.md lists as a caller of the user RPCs, acting for the user
    its token names, is never stopped by a step it may not run (a raw permission error, no
    reason): each good call, as service_role, in a transaction rolled back after it."""
    failures = []
    for name in sorted(set(GOOD_CALLS) - MODERATOR_ONLY):
        caller, good = GOOD_CALLS[name]
        values = [str(v) if name == "delete_my_account" else v for v in resolve(scene, good)]
        with db.connect() as conn:
            try:
                with conn.transaction(force_rollback=True):
                    conn.execute("set local role service_role")
                    conn.execute("select set_config('request.jwt.claims', %s, true)",
                                 (json.dumps({"sub": str(scene[caller]),
                                              "role": "service_role"}),))
                    conn.execute(
                        f"select public.{name}({', '.join(['%s'] * len(values))})".encode(),
                        values)
            except psycopg.errors.InsufficientPrivilege as err:
                if str(err).startswith("permission denied"):
                    failures.append(f"{name}: {err}")
            except psycopg.Error:
                pass  # a refusal with its reason: what this scene's state answers
    assert failures == []
