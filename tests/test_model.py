"""Model-based test: a small Python reference model of friendships and circles, driven in lockstep
with the database by Hypothesis; any divergence in outcome or state fails."""

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
    """The rules of CONTRACT §4.1 and §4.2, in plain Python."""

    # pair -> (status, requester)
    friends: dict[frozenset[int], tuple[str, int]] = field(default_factory=dict)
    # circle -> user -> (role, status); a circle absent from the dict does not exist
    circles: dict[int, dict[int, tuple[str, str]]] = field(default_factory=dict)

    def are_friends(self, a: int, b: int) -> bool:
        return self.friends.get(frozenset((a, b)), ("", -1))[0] == "accepted"

    def request(self, me: int, other: int) -> str:
        if me == other:
            return "cannot_befriend_self"
        key = frozenset((me, other))
        status, by = self.friends.get(key, ("", -1))
        if status == "accepted":
            return "already_friends"
        if status == "pending" and by == me:
            return "friendship_already_requested"
        self.friends[key] = ("accepted", by) if status == "pending" else ("pending", me)
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
        return "ok" if self.friends.pop(frozenset((me, other)), None) else "friendship_not_found"

    def invite(self, me: int, c: int, other: int) -> str:
        rows = self.circles.get(c)
        if rows is None or me not in rows:
            return "circle_not_found"
        if rows[me] != ("admin", "member"):
            return "not_circle_admin"
        if other in rows:
            return "already_circle_member" if rows[other][1] == "member" else "already_invited"
        if not self.are_friends(me, other):
            return "invitee_not_friend"
        rows[other] = ("member", "invited")
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
        if not members:
            del self.circles[c]  # the last member left
            return "ok"
        if not any(r == ("admin", "member") for r in rest.values()):
            return "last_circle_admin"
        del rows[me]
        return "ok"

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
        if not any(r == ("admin", "member") for r in after.values()):
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
    """FRI-01..FRI-05, CIR-03..CIR-08: the database and the model agree, step by step."""
    users = [db.new_user(f"m{i}") for i in range(N_USERS)]
    user_ids = st.integers(0, N_USERS - 1)

    class Machine(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            self.model = Model()
            self.circle_ids: dict[int, UUID] = {}
            db.admin.execute("delete from public.circles; delete from public.friendships")

        def s(self, i: int):  # type: ignore[no-untyped-def]
            return client.as_user(users[i])

        @initialize(owners=st.lists(user_ids, min_size=N_CIRCLES, max_size=N_CIRCLES))
        def make_circles(self, owners: list[int]) -> None:
            for c, owner in enumerate(owners):
                self.circle_ids[c] = self.s(owner).create_circle(f"c{c}")
                self.model.circles[c] = {owner: ("admin", "member")}

        @rule(me=user_ids, other=user_ids)
        def request(self, me: int, other: int) -> None:
            got = outcome(lambda: self.s(me).request_friendship(users[other]))
            assert got == self.model.request(me, other)

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
            by_id = {v: k for k, v in self.circle_ids.items()}
            members: dict[int, dict[int, tuple[str, str]]] = {}
            for circle, user, role, status in db.admin.execute(
                "select c.id, m.user_id, m.role::text, m.status::text from public.circles c"
                " join public.circle_members m on m.circle_id = c.id"
            ).fetchall():
                members.setdefault(by_id[circle], {})[index[user]] = (role, status)
            assert members == self.model.circles

    Machine.TestCase.settings = settings(
        max_examples=25, stateful_step_count=30, deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    Machine.TestCase().runTest()
