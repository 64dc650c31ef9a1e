"""The table attack matrix, as data: every table × {anon, stranger, member, admin, service_role}
× {select, insert, update, delete}, each cell one PostgREST-shaped request (a transaction as the
role, with the JWT claims set; kithdb.session.request) against one row of the shared scene
(tests.conftest.scene).

Outcomes: for select, update and delete the number of scene rows seen or changed ("0", "1"); for
insert "ok"; otherwise the SQLSTATE. A write that goes through is checked up to commit (deferred
constraints run) and then undone, so every cell sees the same scene; a refused write is
committed as PostgREST would, and the database must be unchanged afterwards."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import psycopg

from kithdb.errors import from_psycopg
from kithdb.session import Role, request
from tests.conftest import Db, snapshot

ACTORS = ("anon", "stranger", "member", "admin", "service_role")
ACTIONS = ("select", "insert", "update", "delete")


class _Undo(Exception):
    """Raised inside a request to roll back a write that went through."""


# table: (who is "member", who is "admin", the scene row, an insert, an update of that row).
# %(me)s is the caller; other %(key)s are scene ids.
TABLES: dict[str, tuple[str, str, str, str, str]] = {
    "profiles": ("f", "o", "id = %(o)s",
                 "insert into public.profiles (id, display_name) values (%(s2)s, 'x')",
                 "display_name = 'renamed'"),
    "blocks": ("f", "o", "blocker_id = %(o)s and blocked_id = %(blk)s",
               "insert into public.blocks (blocker_id, blocked_id) values (%(me)s, %(s2)s)",
               "created_at = created_at"),
    "mutes": ("f", "o", "muter_id = %(o)s and muted_id = %(f2)s",
              "insert into public.mutes (muter_id, muted_id) values (%(me)s, %(s2)s)",
              "until = now() + interval '1 day'"),
    "friendships": ("f", "o", "user_id = least(%(o)s::uuid, %(f)s::uuid)"
                    " and friend_id = greatest(%(o)s::uuid, %(f)s::uuid)",
                    "insert into public.friendships (user_id, friend_id, status, requested_by)"
                    " values (least(%(me)s::uuid, %(s2)s::uuid), greatest(%(me)s::uuid,"
                    " %(s2)s::uuid), 'pending', %(me)s)",
                    "status = status"),
    "circles": ("f", "o", "id = %(C)s",
                "insert into public.circles (name) values ('x')", "name = 'renamed'"),
    "circle_members": ("f", "o", "circle_id = %(C)s and user_id = %(f)s",
                       "insert into public.circle_members (circle_id, user_id, role, status)"
                       " values (%(C)s, %(s2)s, 'admin', 'member')",
                       "role = 'admin'"),
    "circle_opt_outs": ("f", "o", "circle_id = %(C)s and user_id = %(f)s",
                        "insert into public.circle_opt_outs (circle_id, user_id)"
                        " values (%(C)s, %(me)s)",
                        "created_at = created_at"),
    "events": ("f", "o", "id = %(E)s",
               "insert into public.events (creator_id, title, starts_at)"
               " values (%(me)s, 'x', now() + interval '1 day')",
               "title = 'renamed'"),
    "event_authors": ("f", "o", "event_id = %(E)s and user_id = %(o)s",
                      "insert into public.event_authors (event_id, user_id) values (%(E)s, %(s2)s)",
                      "user_id = %(s2)s"),
    "event_author_invitations": ("f2", "o", "event_id = %(E)s and user_id = %(f2)s",
                                 "insert into public.event_author_invitations (event_id, user_id)"
                                 " values (%(E)s, %(s2)s)",
                                 "created_at = created_at"),
    "like_groups": ("f", "o", "id = %(G)s",
                    "insert into public.like_groups (event_id, creator_id)"
                    " values (%(E)s, %(s2)s)",
                    "status = 'approved'"),
    "like_group_members": ("f", "o", "group_id = %(G)s and user_id = %(f)s",
                           "insert into public.like_group_members (group_id, user_id, event_id)"
                           " values (%(G)s, %(s2)s, %(E)s)",
                           "user_id = %(s2)s"),
    "like_group_approvals": ("f3", "o", "group_id = %(A)s and author_id = %(o)s",
                             "insert into public.like_group_approvals"
                             " (group_id, author_id, approved) values (%(G)s, %(o)s, true)",
                             "approved = false"),
    "chats": ("f3", "o", "id = %(X)s",
              "insert into public.chats (kind, like_group_id) values ('approved_group', %(G)s)",
              "like_group_id = %(G)s"),
    "chat_participants": ("f3", "o", "chat_id = %(X)s and user_id = %(f3)s",
                          "insert into public.chat_participants (chat_id, user_id)"
                          " values (%(X)s, %(s2)s)",
                          "user_id = %(s2)s"),
    "chat_messages": ("f3", "o", "id = %(M)s",
                      "insert into public.chat_messages (chat_id, sender_id, body)"
                      " values (%(X)s, %(me)s, 'hi')",
                      "body = 'edited'"),
    "notifications": ("f3", "o", "recipient_id = %(f3)s and like_group_id = %(A)s"
                      " and kind = 'like_group_approved'",
                      "insert into public.notifications (recipient_id, kind)"
                      " values (%(me)s, 'report_resolved')",
                      "read_at = now()"),
    "moderators": ("f", "mod", "user_id = %(mod)s",
                   "insert into public.moderators (user_id) values (%(s2)s)",
                   "created_at = created_at"),
    "reports": ("f", "mod", "id = %(REP)s",
                "insert into public.reports (target_kind, target_id, reason)"
                " values ('post', %(POST)s, 'spam')",
                "note = 'x'"),
    "suspensions": ("sus", "mod", "user_id = %(sus)s",
                    "insert into public.suspensions (user_id) values (%(s2)s)",
                    "until = null"),
    "moderation_log": ("f", "mod", "report_id = %(REP2)s",
                       "insert into public.moderation_log (action, target_kind, target_id)"
                       " values ('dismiss', 'user', %(o)s)",
                       "note = 'x'"),
    "rate_limits": ("f", "o", "action = 'report'",
                    "insert into public.rate_limits (action, max_count, per)"
                    " values ('report', 1, '1 day')",
                    "max_count = 5"),
    "posts": ("f", "o", "id = %(POST)s",
              "insert into public.posts (author_id, body) values (%(me)s, 'x')",
              "body = 'edited'"),
    "post_circles": ("f", "o", "post_id = %(POST)s and circle_id = %(C)s",
                     "insert into public.post_circles (post_id, circle_id)"
                     " values (%(POST)s, %(C)s)",
                     "circle_id = %(C)s"),
}

# The expected outcome of every cell: select insert update delete, per actor. ID-02: anon is
# refused everywhere; ID-04: service_role is trusted but the structural rules (PT409, 23514,
# 22023 here) hold for it too.
DENIED = "42501 42501 42501 42501"
HIDDEN = "0 42501 42501 42501"  # does not see the row, writes nothing
READ_ONLY = "1 42501 42501 42501"  # sees the row, writes nothing
NOTHING = "0 42501 42501 42501"  # sees no row, writes nothing


def outcomes(*cells: str) -> dict[str, str]:
    """One table's row of the matrix: a cell per actor, in ACTORS order."""
    return dict(zip(ACTORS, cells, strict=True))


EXPECTED: dict[str, dict[str, str]] = {
    # table: outcomes(anon, stranger, member, admin, service_role)
    "profiles": outcomes(
        DENIED, "1 42501 0 42501", "1 42501 0 42501", "1 42501 1 42501", "1 23505 1 1",
    ),
    # BLK-01: a block is its blocker's alone; nobody updates one.
    "blocks": outcomes(DENIED, "0 ok 42501 0", "0 ok 42501 0", "1 ok 42501 1", "1 ok 1 1"),
    # MUT-01: a mute is its muter's alone, to make, change and lift.
    "mutes": outcomes(DENIED, "0 ok 0 0", "0 ok 0 0", "1 ok 1 1", "1 ok 1 1"),
    "friendships": outcomes(DENIED, "0 ok 0 0", "1 ok 1 1", "1 ok 1 1", "1 ok 1 1"),
    "circles": outcomes(DENIED, "0 ok 0 0", "1 ok 0 0", "1 ok 1 1", "1 ok 1 1"),
    "circle_members": outcomes(DENIED, "0 42501 0 0", "1 42501 42501 1", "1 42501 1 1", "1 ok 1 1"),
    # DYN-07: written by kithdb alone; the scene's row (f opted out of C, by the DBA) is f's.
    "circle_opt_outs": outcomes(DENIED, NOTHING, READ_ONLY, NOTHING, "1 ok 1 1"),
    # EVT-07: the creator cannot delete an event a group attends (the scene's A is approved).
    "events": outcomes(DENIED, "1 ok 0 0", "1 ok 0 0", "1 ok 1 PT409", "1 ok 1 1"),
    # EVT-08: nobody, not even service_role, moves an authorship to another user.
    "event_authors": outcomes(
        DENIED, "1 42501 42501 0", "1 42501 42501 0", "1 42501 42501 PT409", "1 ok 22023 PT409",
    ),
    # EVT-08: the invitee declines, an author withdraws; nobody but an author invites, and only
    # a friend of the creator (s2 is not); nobody changes an invitation.
    "event_author_invitations": outcomes(
        DENIED, "0 42501 42501 0", "1 42501 42501 1", "1 42501 42501 1", "1 ok 1 1",
    ),
    "like_groups": outcomes(DENIED, HIDDEN, READ_ONLY, READ_ONLY, "1 ok 23514 1"),
    # LGR-01: a member row is never updated, not even by service_role (delete and insert instead,
    # through the guard), so nothing takes it out of the one-active-group index.
    "like_group_members": outcomes(DENIED, HIDDEN, READ_ONLY, READ_ONLY, "1 ok 22023 1"),
    "like_group_approvals": outcomes(DENIED, HIDDEN, READ_ONLY, READ_ONLY, "1 ok PT409 PT409"),
    # SEC-12: the updates move a chat to another group and a participant to another user.
    "chats": outcomes(DENIED, HIDDEN, READ_ONLY, READ_ONLY, "1 ok 22023 23503"),
    "chat_participants": outcomes(DENIED, HIDDEN, READ_ONLY, READ_ONLY, "1 ok 22023 1"),
    # CHT-03: a message's sender is in its chat, whoever writes (service_role's token names
    # someone who is not).
    "chat_messages": outcomes(DENIED, HIDDEN, "1 ok 42501 42501", "1 ok 42501 42501",
                              "1 PT404 1 1"),
    # NTF-01, NTF-02, NTF-05: written by kithdb alone; f3, a member of the approved group A,
    # reads its notification and marks it read; o, who approved it, does not see it.
    "notifications": outcomes(DENIED, "0 42501 0 42501", "1 42501 1 42501", "0 42501 0 42501",
                              "1 ok 1 1"),
    # MOD-03: written by service_role alone; a moderator reads their own row.
    "moderators": outcomes(DENIED, NOTHING, NOTHING, "1 42501 42501 42501", "1 ok 1 1"),
    # MOD-01: f already reported POST, which the stranger and the moderator do not see; nobody
    # but service_role changes a report.
    "reports": outcomes(DENIED, NOTHING, "1 23505 42501 42501", "1 42501 42501 42501",
                        "1 ok 1 1"),
    "suspensions": outcomes(DENIED, NOTHING, "1 42501 42501 42501", "1 42501 42501 42501",
                            "1 ok 1 1"),
    # MOD-07: append-only, for service_role too; only kithdb.resolve_report writes it.
    "moderation_log": outcomes(DENIED, NOTHING, NOTHING, READ_ONLY, READ_ONLY),
    # RTL-02: every user reads the caps; service_role alone changes them.
    "rate_limits": outcomes(DENIED, READ_ONLY, READ_ONLY, READ_ONLY, "1 23505 1 1"),
    "posts": outcomes(DENIED, "0 ok 0 0", "1 ok 0 0", "1 ok 1 1", "1 ok 1 1"),
    "post_circles": outcomes(
        DENIED, "0 42501 42501 0", "1 42501 42501 0", "1 23505 42501 22023", "1 23505 1 22023",
    ),
}


def attempt(db: Db, role: Role, me: UUID | None, query: str, params: dict[str, Any],
            action: str, *, reason: bool = False) -> str:
    """One cell: the outcome of ``query`` as one PostgREST request (a refusal's SQLSTATE, and
    with ``reason`` its reason too)."""
    outcome = ""
    try:
        with request(db.api, role, me) as conn:
            cur = conn.execute(query.encode(), params)
            outcome = str(len(cur.fetchall())) if action == "select" else (
                "ok" if action == "insert" else str(cur.rowcount))
            if outcome not in ("0", "") and action != "select":
                conn.execute("set constraints all immediate")
                raise _Undo
    except _Undo:
        pass
    except psycopg.Error as err:
        refused = from_psycopg(err)
        return f"{refused.sqlstate} {refused.reason}" if reason else refused.sqlstate or "?"
    return outcome


def test_table_matrix(db: Db, scene: dict[str, Any]) -> None:
    """SEC-01, SEC-02, ID-02, ID-04, PST-02, EVT-07, BLK-01, NTF-02, SEC-12 and each table's own
    rules: who reads and writes which row of every table, and nothing changes after a refusal."""
    assert set(TABLES) == set(EXPECTED) == {
        r[0] for r in db.admin.execute(
            "select relname from pg_class where relnamespace = 'public'::regnamespace"
            " and relkind = 'r' and relname !~ 'yoyo'").fetchall()
    }
    got: dict[str, dict[str, str]] = {}
    for table, (member, admin, where, insert, update) in TABLES.items():
        statements = {
            "select": f"select 1 from public.{table} where {where}",
            "insert": insert,
            "update": f"update public.{table} set {update} where {where}",
            "delete": f"delete from public.{table} where {where}",
        }
        got[table] = {}
        for actor in ACTORS:
            role = {"anon": Role.ANON, "service_role": Role.SERVICE_ROLE}.get(
                actor, Role.AUTHENTICATED)
            me = {"stranger": scene["s"], "member": scene[member], "admin": scene[admin]}.get(actor)
            # service_role has no user; its inserts name the stranger as the row's creator.
            creator = scene["s"] if actor == "service_role" else me
            cells = []
            for action in ACTIONS:
                before = snapshot(db)
                out = attempt(db, role, me, statements[action], {**scene, "me": creator}, action)
                assert snapshot(db) == before, f"{table} {actor} {action} changed the database"
                cells.append(out)
            got[table][actor] = " ".join(cells)
    diff = [f"{t} {a}: expected {EXPECTED[t][a]!r}, got {got[t][a]!r}"
            for t in TABLES for a in ACTORS if got[t][a] != EXPECTED[t][a]]
    assert diff == []


# SEC-12: what service_role's update of each column that says which row it is, whose it is or
# where it belongs answers (every uuid and key column, read from the catalog, and KINDS), when it
# names another row; then, after " / ", when it clears a nullable column ("-": the scene row's is
# null), and where that goes through, when the cleared column is set again. A refusal, or "1"
# where the change is the row's to make. Only what `on delete set null` clears may be cleared,
# and never set again.
MOVE = "22023 {}_immutable"
IMMUTABLE = {
    "profiles": {"id": MOVE.format("profile_id")},
    "blocks": dict.fromkeys(("blocker_id", "blocked_id"), MOVE.format("block_pair")),
    "mutes": dict.fromkeys(("muter_id", "muted_id"), MOVE.format("mute_pair")),
    "friendships": {"user_id": MOVE.format("friendship_pair"),
                    "friend_id": MOVE.format("friendship_pair"),
                    # who asked is changed only by asking again, after a decline (FRI-05)
                    "requested_by": "PT409 friendship_invalid_transition"},
    # a circle's event follows its rule
    "circles": {"id": MOVE.format("circle_id"),
                "created_by": " / ".join((MOVE.format("circle_creator"), "1",
                                          MOVE.format("circle_creator"))),
                "event_id": "428C9 None / -"},
    "circle_members": {"circle_id": "42501 circle_member_immutable",
                       "user_id": "42501 circle_member_immutable",
                       "invited_by": " / ".join(("42501 circle_member_immutable", "1",
                                                 "42501 circle_member_immutable"))},
    # an event's creator passes on only by stepping down, and goes only with their account
    # (EVT-09, ACC-02)
    "events": {"id": MOVE.format("event_id"),
               "creator_id": "42501 event_creator_immutable / 42501 event_creator_immutable"},
    "event_authors": dict.fromkeys(("event_id", "user_id"), MOVE.format("event_author")),
    "event_author_invitations": {
        **dict.fromkeys(("event_id", "user_id"), MOVE.format("event_author_invitation")),
        "invited_by": " / ".join((MOVE.format("event_author_invitation"), "1",
                                  MOVE.format("event_author_invitation")))},
    "chats": {"id": MOVE.format("chat"),
              "like_group_id": MOVE.format("chat") + " / " + MOVE.format("chat")},
    "chat_participants": dict.fromkeys(("chat_id", "user_id"), MOVE.format("chat_participant")),
    "chat_messages": {**dict.fromkeys(("id", "chat_id"), MOVE.format("chat_message")),
                      "sender_id": " / ".join((MOVE.format("chat_message"), "1",
                                               MOVE.format("chat_message")))},
    "like_groups": {**dict.fromkeys(("id", "event_id"), MOVE.format("like_group")),
                    "creator_id": MOVE.format("like_group") + " / " + MOVE.format("like_group"),
                    # a pending group has no chat (CHT-01)
                    "chat_id": "23514 like_groups_chat_when_approved / -"},
    "like_group_members": dict.fromkeys(("group_id", "user_id", "event_id"),
                                        MOVE.format("like_group_member")),
    "like_group_approvals": dict.fromkeys(("id", "group_id", "author_id"),
                                          MOVE.format("like_group_approval")),
    # a post's time is its place in the feeds, and its circle rows follow it (PST-07)
    "posts": {"id": MOVE.format("post"), "author_id": MOVE.format("post"), "created_at": "1"},
    "post_circles": {"post_id": MOVE.format("post_circle"),
                     "circle_id": MOVE.format("post_circle"),
                     "post_created_at": "23503 post_circles_post_created_at_fkey"},
    "circle_opt_outs": dict.fromkeys(("circle_id", "user_id"), MOVE.format("circle_opt_out")),
    "moderators": {"user_id": MOVE.format("moderator")},
    "reports": {**dict.fromkeys(("id", "target_kind", "target_id"), MOVE.format("report")),
                "reporter_id": " / ".join((MOVE.format("report"), "1", MOVE.format("report"))),
                "target_user_id": MOVE.format("report") + " / " + MOVE.format("report"),
                # who resolved a report is written by its resolution (MOD-06)
                "resolved_by": "1 / -"},
    # the report a suspension cites is its reason, not whose it is
    "suspensions": {"user_id": MOVE.format("suspension"), "report_id": "1 / -"},
    # no role holds UPDATE on the log (MOD-07)
    "moderation_log": {"id": "42501 None", "target_id": "42501 None",
                       "report_id": "42501 None / 42501 None",
                       **dict.fromkeys(("moderator_id", "suspended_user_id"), "42501 None / -")},
    "rate_limits": {"action": "23505 rate_limits_pkey"},  # every action has its cap
    "notifications": {
        **dict.fromkeys(("id", "recipient_id", "kind"), MOVE.format("notification")),
        **dict.fromkeys(("actor_id", "circle_id", "report_id"),
                        MOVE.format("notification") + " / -"),
        **dict.fromkeys(("event_id", "like_group_id"),
                        MOVE.format("notification") + " / " + MOVE.format("notification"))},
}


def set_again(db: Db, clear: str, update: str, ids: dict[str, Any]) -> str:
    """A column cleared, then set, in one request as service_role: "1", or the refusal as
    "SQLSTATE reason"; never committed."""
    try:
        with request(db.api, Role.SERVICE_ROLE) as conn:
            conn.execute(clear.encode(), ids)
            conn.execute(update.encode(), ids)
            conn.execute("set constraints all immediate")
            raise _Undo
    except _Undo:
        return "1"
    except psycopg.Error as err:
        refused = from_psycopg(err)
        return f"{refused.sqlstate} {refused.reason}"


# Columns that say what a row is about without being a uuid or a key, and another value for each.
KINDS = {("reports", "target_kind"): "'user'", ("notifications", "kind"): "'report_resolved'"}


def test_no_row_moves(db: Db, scene: dict[str, Any]) -> None:
    """SEC-12, ID-04, BLK-01, CIR-02, CIR-07, EVT-08, PST-07, DYN-05: not even service_role moves
    a row to another id, owner or parent (a circle to another creator, who would read a rule
    circle's member list; a membership, an authorship or a post's circle row past the checks of
    its insert): every uuid and key column of every table, set to another existing row's id
    (and, where it may be null, cleared and set again), answers as listed, and the database is
    unchanged after a refusal."""
    o, f = scene["o"], scene["f"]
    other_event = db.event(o, "E2")
    group = db.like_group(f, other_event)
    db.approve(group, o)
    ids = {**scene, "C2": db.circle(o, "C2"), "X2": db.chat_of(group),
           "POST2": db.post(o, "other")}
    # Another existing row of the table each foreign key names; a random id elsewhere.
    other = {"profiles": "%(s2)s", "users": "%(s2)s", "events": "%(P)s", "circles": "%(C2)s",
             "like_groups": "%(R)s", "chats": "%(X2)s", "posts": "%(POST2)s",
             "reports": "%(REP2)s"}
    columns = db.admin.execute("""
        select c.relname, a.attname, a.atttypid = 'uuid'::regtype, not a.attnotnull,
               (select r.relname from pg_constraint k join pg_class r on r.oid = k.confrelid
                where k.conrelid = c.oid and k.contype = 'f' and k.conkey = array[a.attnum])
        from pg_class c
        join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
        where c.relnamespace = 'public'::regnamespace and c.relkind = 'r'
          and c.relname !~ 'yoyo'
          and (a.atttypid = 'uuid'::regtype
               or exists (select from pg_constraint k where k.conrelid = c.oid
                          and k.contype in ('p', 'u', 'f') and a.attnum = any(k.conkey))
               or (c.relname, a.attname) in (('reports', 'target_kind'), ('notifications', 'kind')))
        order by c.relname, a.attnum""").fetchall()
    got: dict[str, dict[str, str]] = {}
    for table, column, is_uuid, nullable, referenced in columns:
        if referenced:
            value = other[referenced]
        elif (table, column) in KINDS:
            value = KINDS[table, column]
        elif is_uuid:
            value = "gen_random_uuid()"
        elif column == "action":
            value = "'chat_message'"
        else:
            value = f"{column} - interval '1 day'"
        where = TABLES[table][2]
        # A column the scene row leaves null has nothing to clear ("-").
        clear = nullable and db.admin.execute(
            f"select {column} is not null from public.{table} where {where}".encode(),
            ids).fetchone() == (True,)
        cells = []
        for new in [value, "null"] if clear else [value]:
            before = snapshot(db)
            cells.append(attempt(
                db, Role.SERVICE_ROLE, None,
                f"update public.{table} set {column} = {new} where {where}", ids,
                "update", reason=True))
            assert snapshot(db) == before, f"{table}.{column}: the refusal changed the database"
        if cells[1:] == ["1"]:
            cells.append(set_again(db, f"update public.{table} set {column} = null where {where}",
                                   f"update public.{table} set {column} = {value}"
                                   f" where {where}", ids))
        got.setdefault(table, {})[column] = " / ".join(cells + ["-"] * (nullable and not clear))
    assert set(got) == set(IMMUTABLE)
    diff = [f"{t}.{c}: expected {IMMUTABLE[t].get(c)!r}, got {got[t].get(c)!r}"
            for t in got for c in got[t].keys() | IMMUTABLE[t].keys()
            if got[t].get(c) != IMMUTABLE[t].get(c)]
    assert not diff, "\n".join(diff)
