"""Model-based test: a small Python reference model of friendships, blocks and circles, driven in
lockstep with the database by Hypothesis; any divergence in outcome or state fails."""

from __future__ import annotations

from dataclasses import dataclass, field
from uuid import UUID

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from kithdb import CircleRole, Client, KithdbError
from tests.conftest import Db

N_USERS = 4
N_CIRCLES = 2


@dataclass
class Model:
    """The friendship, block and circle rules (FRI-01 to FRI-05, BLK-01 to BLK-04, CIR-03 to
    CIR-08, RTL-03, RTL-04), in plain Python."""

    # pair -> (status, requester)
    friends: dict[frozenset[int], tuple[str, int]] = field(default_factory=dict)
    # circle -> user -> (role, status); a circle absent from the dict does not exist
    circles: dict[int, dict[int, tuple[str, str]]] = field(default_factory=dict)
    # (circle, user) -> who invited them (None once unknown)
    inviters: dict[tuple[int, int], int | None] = field(default_factory=dict)
    creators: dict[int, int | None] = field(default_factory=dict)
    blocks: set[tuple[int, int]] = field(default_factory=set)  # (blocker, blocked)
    declined: set[tuple[int, int]] = field(default_factory=set)  # (circle, invitee)

    def are_friends(self, a: int, b: int) -> bool:
        return self.friends.get(frozenset((a, b)), ("", -1))[0] == "accepted"

    def hides(self, user: int, viewer: int) -> bool:
        """user blocked viewer, who did not block back: to viewer, user does not exist."""
        return (user, viewer) in self.blocks and (viewer, user) not in self.blocks

    def reach(self, me: int, other: int) -> str | None:
        """The refusal for naming other, if any: a blocker is nobody; a blocked user, blocked."""
        if self.hides(other, me):
            return "user_not_found"
        if (me, other) in self.blocks:
            return "user_blocked"
        return None

    def request(self, me: int, other: int) -> str:
        if me == other:
            return "cannot_befriend_self"
        refused = self.reach(me, other)
        if refused:
            return refused
        key = frozenset((me, other))
        status, by = self.friends.get(key, ("", -1))
        if status == "accepted":
            return "already_friends"
        if status == "pending" and by == me:
            return "friendship_already_requested"
        if status == "declined" and by == me:
            return "recently_declined"
        self.friends[key] = ("accepted", by) if status == "pending" else ("pending", me)
        return "ok"

    def block(self, me: int, other: int) -> str:
        if me == other:
            return "cannot_block_self"
        if self.hides(other, me):
            return "user_not_found"
        if (me, other) in self.blocks:
            return "already_blocked"
        self.blocks.add((me, other))
        self.friends.pop(frozenset((me, other)), None)
        for c, rows in list(self.circles.items()):
            for user, inviter in ((other, me), (me, other)):
                invited = rows.get(user, ("", ""))[1] == "invited"
                if invited and self.inviters.get((c, user)) == inviter:
                    del rows[user]
            others_admin = any(r == ("admin", "member") for u, r in rows.items() if u != other)
            if self.creators.get(c) == me and other in rows and others_admin:
                del rows[other]
            if self.inviters.get((c, other)) == me:
                self.inviters[(c, other)] = None
            if self.creators.get(c) == me and other in rows:
                self.creators[c] = None
        return "ok"

    def unblock(self, me: int, other: int) -> str:
        if (me, other) not in self.blocks:
            return "block_not_found"
        self.blocks.discard((me, other))
        return "ok"

    def respond(self, me: int, other: int, accept: bool) -> str:
        key = frozenset((me, other))
        if key not in self.friends or me == other:
            return "friendship_request_not_found"
        status, by = self.friends[key]
        if status != "pending":
            return "friendship_not_pending"
        if by == me:
            return "not_friendship_addressee"
        self.friends[key] = ("accepted" if accept else "declined", by)
        return "ok"

    def remove(self, me: int, other: int) -> str:
        key = frozenset((me, other))
        status, by = self.friends.get(key, ("", -1))
        if not status:
            return "friendship_not_found"
        if status == "declined" and by == me:  # RTL-03: the sender keeps their decline
            return "recently_declined"
        del self.friends[key]
        return "ok"

    def invite(self, me: int, c: int, other: int) -> str:
        rows = self.circles.get(c)
        if rows is None or me not in rows:
            return "circle_not_found"
        if rows[me] != ("admin", "member"):
            return "not_circle_admin"
        refused = self.reach(me, other)
        if refused:
            return refused
        if other in rows:
            return "already_circle_member" if rows[other][1] == "member" else "already_invited"
        if not self.are_friends(me, other):
            return "invitee_not_friend"
        if (c, other) in self.declined:
            return "recently_declined"
        rows[other] = ("member", "invited")
        self.inviters[(c, other)] = me
        return "ok"

    def accept(self, me: int, c: int) -> str:
        rows = self.circles.get(c, {})
        if me not in rows:
            return "circle_invitation_not_found"
        if rows[me][1] == "member":
            return "already_circle_member"
        rows[me] = ("member", "member")
        return "ok"

    def leave(self, me: int, c: int) -> str:
        rows = self.circles.get(c)
        if rows is None or me not in rows:
            return "circle_not_found"
        rest = {u: r for u, r in rows.items() if u != me}
        members = [u for u, r in rest.items() if r[1] == "member"]
        if rows[me][1] == "invited":
            self.declined.add((c, me))  # the invitee dropped it: a decline
            del rows[me]
            return "ok"
        if not members:
            del self.circles[c]  # the last member left
            return "ok"
        if not self.admin_left(me, rest):
            return "last_circle_admin"
        del rows[me]
        return "ok"

    def admin_left(self, me: int, rows: dict[int, tuple[str, str]]) -> bool:
        """Whether an admin remains that ``me`` sees (a hidden admin does not count)."""
        return any(r == ("admin", "member") and not self.hides(u, me) for u, r in rows.items())

    def set_role(self, me: int, c: int, other: int, role: str) -> str:
        rows = self.circles.get(c)
        if rows is None or me not in rows:
            return "circle_not_found"
        if rows[me] != ("admin", "member"):
            return "not_circle_admin"
        if other not in rows:
            return "circle_member_not_found"
        if rows[other][1] != "member":
            return "circle_member_not_joined"
        after = {**rows, other: (role, "member")}
        if not self.admin_left(me, after):
            return "last_circle_admin"
        rows[other] = (role, "member")
        return "ok"


def outcome(call: object) -> str:
    try:
        call()  # type: ignore[operator]
    except KithdbError as err:
        return err.reason or "?"
    return "ok"


def test_model(db: Db, client: Client) -> None:
    """FRI-01..FRI-05, BLK-01..BLK-04, CIR-03..CIR-08, RTL-03, RTL-04: the database and the
    model agree, step by step."""
    users = db.users(*(f"m{i}" for i in range(N_USERS)))
    user_ids = st.integers(0, N_USERS - 1)

    class Machine(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            self.model = Model()
            self.circle_ids: dict[int, UUID] = {}
            db.admin.execute("delete from public.circles; delete from public.friendships;"
                             " delete from public.blocks; delete from kithdb.circle_declines;"
                             " delete from kithdb.rate_events")

        def s(self, i: int):  # type: ignore[no-untyped-def]
            return client.as_user(users[i])

        @initialize(creators=st.lists(user_ids, min_size=N_CIRCLES, max_size=N_CIRCLES))
        def make_circles(self, creators: list[int]) -> None:
            for c, creator in enumerate(creators):
                self.circle_ids[c] = self.s(creator).create_circle(f"c{c}")
                self.model.circles[c] = {creator: ("admin", "member")}
                self.model.creators[c] = creator

        @rule(me=user_ids, other=user_ids)
        def request(self, me: int, other: int) -> None:
            got = outcome(lambda: self.s(me).request_friendship(users[other]))
            assert got == self.model.request(me, other)

        @rule(me=user_ids, other=user_ids)
        def block(self, me: int, other: int) -> None:
            got = outcome(lambda: self.s(me).block_user(users[other]))
            assert got == self.model.block(me, other)

        @rule(me=user_ids, other=user_ids)
        def unblock(self, me: int, other: int) -> None:
            got = outcome(lambda: self.s(me).unblock_user(users[other]))
            assert got == self.model.unblock(me, other)

        @rule(me=user_ids, other=user_ids, accept=st.booleans())
        def respond(self, me: int, other: int, accept: bool) -> None:
            got = outcome(lambda: self.s(me).respond_friendship(users[other], accept))
            assert got == self.model.respond(me, other, accept)

        @rule(me=user_ids, other=user_ids)
        def remove(self, me: int, other: int) -> None:
            got = outcome(lambda: self.s(me).remove_friendship(users[other]))
            assert got == self.model.remove(me, other)

        @rule(me=user_ids, c=st.integers(0, N_CIRCLES - 1), other=user_ids)
        def invite(self, me: int, c: int, other: int) -> None:
            got = outcome(lambda: self.s(me).invite_to_circle(self.circle_ids[c], users[other]))
            assert got == self.model.invite(me, c, other)

        @rule(me=user_ids, c=st.integers(0, N_CIRCLES - 1))
        def accept(self, me: int, c: int) -> None:
            got = outcome(lambda: self.s(me).accept_circle_invitation(self.circle_ids[c]))
            assert got == self.model.accept(me, c)

        @rule(me=user_ids, c=st.integers(0, N_CIRCLES - 1))
        def leave(self, me: int, c: int) -> None:
            got = outcome(lambda: self.s(me).leave_circle(self.circle_ids[c]))
            assert got == self.model.leave(me, c)

        @rule(me=user_ids, c=st.integers(0, N_CIRCLES - 1), other=user_ids,
              role=st.sampled_from(["admin", "member"]))
        def set_role(self, me: int, c: int, other: int, role: str) -> None:
            circle = self.circle_ids[c]
            got = outcome(lambda: self.s(me).set_circle_member_role(circle, users[other],
                                                                    CircleRole(role)))
            assert got == self.model.set_role(me, c, other, role)

        @invariant()
        def same_state(self) -> None:
            rows = db.admin.execute(
                "select user_id, friend_id, status::text, requested_by from public.friendships"
            ).fetchall()
            index = {u: i for i, u in enumerate(users)}
            got = {frozenset((index[a], index[b])): (s, index[r]) for a, b, s, r in rows}
            assert got == self.model.friends
            blocks = db.admin.execute("select blocker_id, blocked_id from public.blocks").fetchall()
            assert {(index[a], index[b]) for a, b in blocks} == self.model.blocks
            by_id = {v: k for k, v in self.circle_ids.items()}
            members: dict[int, dict[int, tuple[str, str]]] = {}
            for circle, user, role, status in db.admin.execute(
                "select c.id, m.user_id, m.role::text, m.status::text from public.circles c"
                " join public.circle_members m on m.circle_id = c.id"
            ).fetchall():
                members.setdefault(by_id[circle], {})[index[user]] = (role, status)
            assert members == self.model.circles

    # A case the search once found, replayed on every run: the sender of a declined request
    # cannot clear it by removing the friendship (RTL-03).
    found = Machine()
    found.make_circles(creators=[0, 0])
    found.request(me=3, other=0)
    found.respond(accept=False, me=0, other=3)
    found.remove(me=3, other=0)
    found.same_state()
    found.teardown()
    Machine.TestCase.settings = settings(
        max_examples=25, stateful_step_count=30, deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    Machine.TestCase().runTest()


# Like groups and authors -----------------------------------------------------------------------
# One event created by user 0 with a second author, user 1; anyone may be invited to author it,
# step down, or make like groups. Friends: 0 and 1 with everyone, and 2–3, 2–4, 3–4 among the
# others (5 has none of them for a friend).
LG_USERS = 6
LG_FRIENDS = {frozenset(p) for p in [(0, i) for i in range(1, 6)] + [(1, i) for i in range(2, 6)]
              + [(2, 3), (2, 4), (3, 4)]}


@dataclass
class Group:
    """A like group in the model."""

    creator: int | None
    members: set[int]
    status: str = "pending"
    approvals: dict[int, bool] = field(default_factory=dict)
    # Who left the group once it was approved, and so its chat, for good (CHT-05).
    left_chat: set[int] = field(default_factory=set)


@dataclass
class LikeGroupModel:
    """The like-group rules (LGR-01 to LGR-07) and the author rules (EVT-02, EVT-08, EVT-09)
    for one event that has not started."""

    uuids: list[UUID]
    groups: dict[int, Group] = field(default_factory=dict)  # withdrawn groups are absent
    authors: list[int] = field(default_factory=lambda: [0, 1])  # in the order they joined
    invited: set[int] = field(default_factory=set)
    deleted: set[int] = field(default_factory=set)  # accounts deleted (ACC-02)

    @property
    def creator(self) -> int:
        return self.authors[0]

    def active(self, u: int) -> bool:
        return any(u in g.members and g.status in ("pending", "approved")
                   for g in self.groups.values())

    def decide(self, g: Group) -> None:
        if any(not v for a, v in g.approvals.items() if a in self.authors):
            g.status = "rejected"
        elif g.members and sum(v for a, v in g.approvals.items() if a in self.authors) >= min(
                len(self.authors), len(g.members)):
            g.status = "approved"

    def redecide(self) -> None:
        for g in self.groups.values():
            if g.status == "pending":
                self.decide(g)

    def invite(self, me: int, other: int) -> str:
        if me not in self.authors:
            return "not_event_author"
        if other in self.deleted:
            return "user_not_found"
        if other in self.authors:
            return "already_event_author"
        if frozenset((self.creator, other)) not in LG_FRIENDS:
            return "author_not_friend_of_creator"
        if self.active(other):
            return "event_applicant_cannot_author"
        if other in self.invited:
            return "already_invited"
        self.invited.add(other)
        return "ok"

    def respond(self, me: int, accept: bool) -> str:
        if me not in self.invited:
            return "event_author_invitation_not_found"
        if not accept:
            self.invited.discard(me)
            return "ok"
        if frozenset((self.creator, me)) not in LG_FRIENDS:
            return "author_not_friend_of_creator"
        if self.active(me):
            return "event_applicant_cannot_author"
        self.invited.discard(me)
        self.authors.append(me)
        self.redecide()
        return "ok"

    def step_down(self, me: int) -> str:
        if me not in self.authors:
            return "not_event_author"
        if len(self.authors) == 1:
            return "last_event_author"
        self.authors.remove(me)  # the creator's place passes to the next in line
        self.redecide()
        return "ok"

    def create(self, me: int, others: list[int], gid: int) -> str:
        # The database checks the members in uuid order, each fully, before the next.
        for u in sorted({me, *others}, key=lambda i: self.uuids[i]):
            if u in self.deleted:
                return "user_not_found"
            if u != me and frozenset((me, u)) not in LG_FRIENDS:
                return "member_not_friend"
            if u in self.authors:
                return "event_author_cannot_apply"
            if self.active(u):
                return "already_in_like_group"
        self.groups[gid] = Group(me, {me, *others})
        return "ok"

    def visible(self, me: int, gid: int) -> Group | None:
        g = self.groups.get(gid)
        return g if g and (me in g.members or me in self.authors) else None

    def approve(self, me: int, gid: int, approved: bool) -> str:
        g = self.visible(me, gid)
        if g is None:
            return "like_group_not_found"
        if me not in self.authors:
            return "not_event_author"
        if g.status != "pending":
            return "like_group_not_pending"
        g.approvals[me] = approved
        self.decide(g)
        return "ok"

    def withdraw(self, me: int, gid: int) -> str:
        g = self.visible(me, gid)
        if g is None:
            return "like_group_not_found"
        if g.creator != me:
            return "not_like_group_creator"
        if g.status != "pending":
            return "like_group_not_pending"
        del self.groups[gid]
        return "ok"

    def delete_account(self, me: int) -> str:
        """ACC-02: votes go, then the authorship (the event passes to the next in line), then
        the memberships: an approved group goes on, a pending one re-decides, one of their own
        that is not approved goes."""
        self.deleted.add(me)
        self.invited.discard(me)
        for g in self.groups.values():
            g.approvals.pop(me, None)
        if me in self.authors:
            self.authors.remove(me)
            self.redecide()
        for gid, g in list(self.groups.items()):
            if me not in g.members:
                continue
            if g.creator == me and g.status != "approved":
                del self.groups[gid]
                continue
            g.members.discard(me)
            if g.creator == me:
                g.creator = min(g.members, key=lambda u: self.uuids[u], default=None)
            if g.status == "pending":
                self.decide(g)
        return "ok"

    def leave(self, me: int, gid: int) -> str:
        g = self.visible(me, gid)
        if g is None:
            return "like_group_not_found"
        if me not in g.members:
            return "like_group_member_not_found"
        if g.status == "approved":  # the group goes on without them (LGR-11)
            g.members.discard(me)
            g.left_chat.add(me)
            if g.creator == me:  # to the member who joined first: all joined at its creation
                g.creator = min(g.members, key=lambda u: self.uuids[u], default=None)
            return "ok"
        if g.status != "pending":
            return "like_group_not_pending"
        if g.creator == me:
            del self.groups[gid]
        else:
            g.members.discard(me)
            self.decide(g)
        return "ok"


def test_like_group_model(db: Db, client: Client) -> None:
    """LGR-01..LGR-07, LGR-11, CHT-01, CHT-02, CHT-05, EVT-02, EVT-08, EVT-09, ACC-02: new
    groups, approvals, withdrawals, departures, invitations to author, acceptances, authors
    stepping down and accounts deleted agree with the model step by step; an approved group has
    exactly its members and current authors in its chat, but those who left it."""
    users = db.users(*(f"g{i}" for i in range(LG_USERS)))
    for pair in LG_FRIENDS:
        a, b = sorted(pair)
        db.befriend(users[a], users[b])
    anyone = st.integers(0, LG_USERS - 1)
    slots = st.integers(0, 7)

    class Machine(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            # An account deleted in the example before is signed up again, with its friends.
            gone = {i for i, u in enumerate(users)
                    if db.one("select count(*) from public.profiles where id = %s", (u,)) == 0}
            for i in gone:
                users[i] = db.new_user(f"g{i}")
            for pair in LG_FRIENDS:
                if pair & gone:
                    a, b = sorted(pair)
                    db.befriend(users[a], users[b])
            self.model = LikeGroupModel(users)
            self.ids: list[UUID] = []  # model group id -> database id
            db.admin.execute("delete from kithdb.rate_events")
            self.event = db.event(users[0], "E", authors=[users[1]])

        def gid(self, slot: int) -> int:
            return slot % len(self.ids) if self.ids else -1

        def uuid(self, gid: int) -> UUID:
            return self.ids[gid] if gid >= 0 else UUID(int=0)

        @rule(me=anyone, other=anyone)
        def invite(self, me: int, other: int) -> None:
            if me in self.model.deleted:
                return
            got = outcome(lambda: client.as_user(users[me]).add_event_author(
                self.event, users[other]))
            assert got == self.model.invite(me, other)

        @rule(me=anyone, accept=st.booleans())
        def respond(self, me: int, accept: bool) -> None:
            if me in self.model.deleted:
                return
            got = outcome(lambda: client.as_user(users[me]).respond_event_author_invitation(
                self.event, accept=accept))
            assert got == self.model.respond(me, accept)

        @rule(me=anyone)
        def step_down(self, me: int) -> None:
            if me in self.model.deleted:
                return
            got = outcome(lambda: client.as_user(users[me]).leave_event_authors(self.event))
            assert got == self.model.step_down(me)

        @rule(me=anyone, others=st.lists(anyone, max_size=2))
        def create(self, me: int, others: list[int]) -> None:
            if me in self.model.deleted:
                return
            created: list[UUID] = []
            got = outcome(lambda: created.append(client.as_user(users[me]).create_like_group(
                self.event, [users[o] for o in others])))
            assert got == self.model.create(me, others, len(self.ids))
            self.ids.extend(created)

        @rule(me=anyone, slot=slots, approved=st.booleans())
        def approve(self, me: int, slot: int, approved: bool) -> None:
            if me in self.model.deleted:
                return
            gid = self.gid(slot)
            got = outcome(lambda: client.as_user(users[me]).approve_like_group(
                self.uuid(gid), approved))
            assert got == self.model.approve(me, gid, approved)

        @rule(me=anyone, slot=slots)
        def withdraw(self, me: int, slot: int) -> None:
            if me in self.model.deleted:
                return
            gid = self.gid(slot)
            got = outcome(lambda: client.as_user(users[me]).withdraw_like_group(self.uuid(gid)))
            assert got == self.model.withdraw(me, gid)

        @rule(me=anyone, slot=slots)
        def leave(self, me: int, slot: int) -> None:
            if me in self.model.deleted:
                return
            gid = self.gid(slot)
            got = outcome(lambda: client.as_user(users[me]).leave_like_group(self.uuid(gid)))
            assert got == self.model.leave(me, gid)

        @rule(me=anyone)
        def delete_account(self, me: int) -> None:
            if me in self.model.deleted:
                return
            # The event's last author deleting cancels it: tests/test_accounts.py tells that.
            if self.model.authors == [me]:
                return
            got = outcome(lambda: client.as_user(users[me]).delete_my_account(
                confirm=str(users[me])))
            assert got == self.model.delete_account(me)

        @invariant()
        def same_state(self) -> None:
            index = {u: i for i, u in enumerate(users)}
            by_id = {u: i for i, u in enumerate(self.ids)}
            got: dict[int, tuple[str, int | None, set[int], dict[int, bool], set[int] | None]] = {}
            for gid, status, creator, chat in db.admin.execute(
                "select id, status::text, creator_id, chat_id from public.like_groups"
                " where event_id = %s", (self.event,)
            ).fetchall():
                members = {index[r[0]] for r in db.admin.execute(
                    "select user_id from public.like_group_members where group_id = %s", (gid,))}
                approvals = {index[r[0]]: r[1] for r in db.admin.execute(
                    "select author_id, approved from public.like_group_approvals"
                    " where group_id = %s", (gid,))}
                chat_users = None if chat is None else {index[r[0]] for r in db.admin.execute(
                    "select user_id from public.chat_participants where chat_id = %s"
                    " and left_at is null", (chat,))}
                got[by_id[gid]] = (status, index.get(creator), members, approvals, chat_users)
            want = {
                gid: (g.status, g.creator, g.members, g.approvals,
                      (g.members | set(self.model.authors)) - g.left_chat
                      if g.status == "approved" else None)
                for gid, g in self.model.groups.items()
            }
            assert got == want
            authors = [index[r[0]] for r in db.admin.execute(
                "select a.user_id from public.event_authors a join public.events e"
                " on e.id = a.event_id where a.event_id = %s"
                " order by a.user_id <> e.creator_id, a.added_at", (self.event,))]
            invited = {index[r[0]] for r in db.admin.execute(
                "select user_id from public.event_author_invitations where event_id = %s",
                (self.event,))}
            assert (authors, invited) == (self.model.authors, self.model.invited)

    # A case the search once found, replayed on every run: a member who left an approved group
    # left its chat, and becoming an author later does not bring them back (CHT-05).
    found = Machine()
    found.create(me=2, others=[])
    found.approve(approved=True, me=0, slot=0)
    found.leave(me=2, slot=0)
    found.invite(me=0, other=2)
    found.respond(accept=True, me=2)
    found.same_state()
    found.teardown()
    Machine.TestCase.settings = settings(
        max_examples=25, stateful_step_count=30, deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    Machine.TestCase().runTest()
