"""``kithdb demo``: the mission told as a story, checked at every step.

Each step says in plain words what happened and checks it against the rules of
docs/INVARIANTS.md; the demo
returns False (and the CLI exits non-zero) as soon as a step does not behave.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from uuid import UUID

import psycopg
from psycopg.types.json import Jsonb

from kithdb.circles import CircleMemberStatus, CircleRole
from kithdb.client import Client
from kithdb.errors import KithdbError
from kithdb.friends import FriendshipStatus
from kithdb.inbox import NotificationKind
from kithdb.like_groups import LikeGroupStatus
from kithdb.moderation import ModerationAction, ReportReason, ReportTargetKind
from kithdb.posts import PostAudience


class DemoFailure(RuntimeError):
    """A step of the demo did not behave as the rules say."""


@dataclass
class Story:
    """Prints numbered steps and checks them."""

    say: Callable[[str], None] = print
    step: int = 0

    def tell(self, text: str) -> None:
        """Print the next numbered step."""
        self.step += 1
        self.say(f"{self.step:>2}. {text}")

    def check(self, ok: bool, what: str) -> None:
        """Fail the demo with ``what`` unless ``ok``."""
        if not ok:
            raise DemoFailure(what)


def sign_up(url: str, name: str) -> UUID:
    """Create a user as Supabase's sign-up would: a row in auth.users (profile by trigger)."""
    user_id = uuid.uuid4()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(
            "insert into auth.users (id, email, raw_user_meta_data) values (%s, %s, %s)",
            (user_id, f"{name.lower()}.{user_id.hex[:6]}@example.com",
             Jsonb({"display_name": name})),
        )
    return user_id


def friends_story(client: Client, url: str, story: Story) -> tuple[UUID, UUID]:
    """Ada and Grace sign up and become friends through the RPCs."""
    ada, grace = sign_up(url, "Ada"), sign_up(url, "Grace")
    story.tell("Ada and Grace sign up; each gets a profile.")

    status = client.as_user(ada).request_friendship(grace)
    story.check(status == FriendshipStatus.PENDING, f"request gave {status}, expected pending")
    story.tell("Ada asks Grace to be friends: the request is pending.")

    err = expect_refusal(
        story, lambda: client.as_user(ada).respond_friendship(grace, True),
        "not_friendship_addressee",
    )
    story.tell(f"Ada cannot accept her own request: refused ({err.sqlstate} {err.reason}).")

    status = client.as_user(grace).respond_friendship(ada, True)
    story.check(status == FriendshipStatus.ACCEPTED, f"respond gave {status}, expected accepted")
    story.check(client.as_user(grace).are_friends(ada, grace), "are_friends says no")
    story.tell("Grace accepts: Ada and Grace are friends.")
    return ada, grace


def expect_refusal(story: Story, call: Callable[[], object], reason: str) -> KithdbError:
    """Run ``call``, which the rules say must be refused with ``reason``."""
    try:
        call()
    except KithdbError as err:
        story.check(err.reason == reason, f"expected {reason}, got {err}")
        return err
    raise DemoFailure(f"expected a refusal ({reason}), but the call went through")


def circle_story(
    client: Client, story: Story, ada: UUID, grace: UUID, linus: UUID
) -> UUID:
    """Ada creates a circle, invites Grace (who accepts) and cannot invite Linus."""
    climbers = client.as_user(ada).create_circle("  Climbers ", "Saturday bouldering")
    story.tell("Ada creates the circle 'Climbers' and is its admin.")

    client.as_user(ada).invite_to_circle(climbers, grace)
    [invitation] = [
        m for m in client.as_user(grace).circle_members(climbers) if m.user_id == grace
    ]
    story.check(invitation.status == CircleMemberStatus.INVITED, "Grace is not invited")
    story.tell("Ada invites her friend Grace; Grace sees the invitation.")

    client.as_user(grace).accept_circle_invitation(climbers)
    roles = {m.user_id: m.role for m in client.as_user(ada).circle_members(climbers)}
    story.check(roles == {ada: CircleRole.ADMIN, grace: CircleRole.MEMBER}, f"roles: {roles}")
    story.tell("Grace accepts: the circle has an admin (Ada) and a member (Grace).")

    err = expect_refusal(
        story, lambda: client.as_user(ada).invite_to_circle(climbers, linus), "invitee_not_friend"
    )
    story.tell(f"Ada cannot invite Linus, who is not her friend ({err.sqlstate} {err.reason}).")
    story.check(client.as_user(linus).my_circles() == [], "Linus sees the circle")
    story.tell("Linus does not even see that the circle exists.")

    err = expect_refusal(
        story, lambda: client.as_user(ada).leave_circle(climbers), "last_circle_admin"
    )
    story.tell(f"Ada cannot walk away as the last admin ({err.sqlstate} {err.reason}).")
    return climbers


def post_story(
    client: Client, url: str, story: Story, ada: UUID, grace: UUID, climbers: UUID
) -> UUID:
    """A post to a circle reaches its members and not a friend outside it."""
    alan = sign_up(url, "Alan")
    client.as_user(alan).request_friendship(ada)
    client.as_user(ada).respond_friendship(alan, True)
    story.tell("Alan signs up and becomes Ada's friend, but is not in 'Climbers'.")

    post = client.as_user(ada).create_post(
        "Bouldering on Saturday at 10, who's in?", PostAudience.CIRCLES, [climbers]
    )
    story.check(post in {p.id for p in client.as_user(grace).feed()}, "Grace misses the post")
    story.check(post not in {p.id for p in client.as_user(alan).feed()}, "Alan reads the post")
    story.tell(
        "Ada posts to 'Climbers': Grace reads it in her feed; Alan, a friend outside it, does not."
    )

    hello = client.as_user(ada).create_post("New phone, same number.", PostAudience.FRIENDS)
    alan_reads = {p.id for p in client.as_user(alan).feed()}
    story.check(hello in alan_reads, "Alan misses the friends post")
    story.tell("Ada posts to her friends: now Alan reads it too.")
    return alan


def event_story(
    client: Client, url: str, story: Story, ada: UUID, grace: UUID, linus: UUID
) -> tuple[UUID, UUID, UUID]:
    """Ada invites Grace to author her event and Grace accepts; Linus makes a like group with
    Margaret; both authors approve; the chat opens; Margaret leaves the group. Returns the
    group, Margaret and the chat."""
    margaret = sign_up(url, "Margaret")
    client.as_user(linus).request_friendship(margaret)
    client.as_user(margaret).respond_friendship(linus, True)
    story.tell("Margaret signs up and becomes Linus's friend.")

    concert = client.as_user(ada).create_event(
        "Rooftop concert", datetime.now(UTC) + timedelta(days=2)
    )
    client.as_user(ada).add_event_author(concert, grace)
    story.check(client.as_user(linus).event_authors(concert) == [ada], "invited is an author")
    story.check(
        [i.event_id for i in client.as_user(grace).event_author_invitations()] == [concert],
        "Grace does not see her invitation",
    )
    story.tell("Ada creates 'Rooftop concert' and invites her friend Grace to author it.")
    client.as_user(grace).respond_event_author_invitation(concert, accept=True)
    story.check(
        set(client.as_user(linus).event_authors(concert)) == {ada, grace}, "authors are wrong"
    )
    story.tell("Grace accepts: she is its second author (nobody becomes one without saying yes).")

    client.as_user(ada).mark_notifications_read()
    story.check(client.as_user(ada).unread_notification_count() == 0, "Ada has unread news")
    story.tell("Ada marks her notifications read (Grace accepted her friend request): none unread.")

    group = client.as_user(linus).create_like_group(concert, [margaret])
    story.tell("Linus makes a like group with Margaret to attend together: it is pending.")
    [news] = client.as_user(ada).notifications(unread_only=True)
    story.check(news.kind == NotificationKind.LIKE_GROUP_APPLIED and news.actor_id == linus,
                f"Ada's notification: {news}")
    story.check(client.as_user(ada).unread_notification_count() == 1, "Ada's unread count")
    story.tell("Ada's unread count goes up to 1: Linus's group applies to her concert.")
    err = expect_refusal(
        story, lambda: client.as_user(ada).create_like_group(concert), "event_author_cannot_apply"
    )
    story.tell(
        f"Ada cannot make a like group for her own event ({err.sqlstate} {err.reason})."
    )

    status = client.as_user(ada).approve_like_group(group)
    story.check(status == LikeGroupStatus.PENDING, f"after one approval: {status}")
    story.tell("Ada approves: 1 of min(2 authors, 2 members) = 2 approvals, still pending.")
    status = client.as_user(grace).approve_like_group(group)
    story.check(status == LikeGroupStatus.APPROVED, f"after two approvals: {status}")
    view = client.as_user(linus).like_group(group)
    story.check(view is not None and view.chat_id is not None, "no chat after approval")
    assert view is not None and view.chat_id is not None
    chat = view.chat_id
    people = set(client.as_user(margaret).chat_participants(chat))
    story.check(people == {ada, grace, linus, margaret}, f"participants: {people}")
    story.tell("Grace approves too: the group is approved and its chat opens for all four.")
    story.check(client.as_user(ada).unread_notification_count() == 0, "Ada's unread count")
    [news] = client.as_user(margaret).notifications(unread_only=True)[:1]
    story.check(news.kind == NotificationKind.LIKE_GROUP_APPROVED and news.like_group_id == group,
                f"Margaret's newest notification: {news}")
    story.tell("Ada's unread count is back to 0 (the application is answered), and Margaret is"
               " notified: like_group_approved.")

    client.as_user(linus).send_message(chat, "Thanks for having us! We'll bring snacks.")
    [message] = client.as_user(ada).messages(chat)
    story.check(message.sender_id == linus, "the message is not Linus's")
    [summary] = client.as_user(ada).my_chats()
    story.check(summary.unread_count == 1, f"Ada's chat: {summary}")
    client.as_user(ada).mark_chat_read(chat)
    story.check(client.as_user(ada).my_chats()[0].unread_count == 0, "Ada's chat stays unread")
    story.tell(f"Linus writes in the chat: 1 unread for Ada, who reads \"{message.body}\" and"
               " marks the chat read.")
    client.as_user(margaret).send_message(chat, "See you there!")
    story.check(client.as_user(sign_up(url, "Eve")).messages(chat) == [], "Eve reads the chat")
    story.tell("Eve, who has nothing to do with it, sees nothing of the chat.")

    client.as_user(margaret).leave_like_group(group)
    people = set(client.as_user(linus).chat_participants(chat))
    story.check(people == {ada, grace, linus}, f"participants after Margaret left: {people}")
    story.check(client.as_user(margaret).messages(chat) == [], "Margaret still reads the chat")
    view = client.as_user(linus).like_group(group)
    story.check(view is not None and view.status == LikeGroupStatus.APPROVED, "not approved")
    story.tell("Margaret leaves the approved group, and with it its chat: the group goes on"
               " for Linus.")
    return group, margaret, chat


def account_story(
    client: Client, story: Story, ada: UUID, linus: UUID, margaret: UUID, chat: UUID
) -> None:
    """Margaret deletes her account; what she wrote to the others stays theirs."""
    client.as_user(margaret).delete_my_account(confirm=str(margaret))
    said = [(m.sender_id, m.body) for m in client.as_user(ada).messages(chat)]
    story.check(said == [(linus, "Thanks for having us! We'll bring snacks."),
                         (None, "See you there!")], f"the chat after Margaret left: {said}")
    story.tell("Margaret deletes her account: her profile and everything of hers go, but the"
               " message she wrote stays in the others' chat, from a deleted account.")


def expiry_story(client: Client, story: Story, ada: UUID, alan: UUID) -> UUID:
    """A like group nobody answers expires when its event starts."""
    starts = datetime.now(UTC) + timedelta(seconds=2)
    yoga = client.as_user(ada).create_event("Sunrise yoga", starts)
    group = client.as_user(alan).create_like_group(yoga)
    story.tell(
        "Alan makes a like group for Ada's 'Sunrise yoga', which starts in 2 seconds;"
        " nobody answers."
    )
    time.sleep(max(0.0, (starts - datetime.now(UTC)).total_seconds()) + 0.2)
    err = expect_refusal(
        story, lambda: client.as_user(ada).approve_like_group(group), "like_group_not_pending"
    )
    story.tell(f"The class has started: too late for Ada to approve ({err.sqlstate} {err.reason}).")
    expired = client.as_service().expire_like_groups()
    view = client.as_user(alan).like_group(group)
    story.check(
        expired >= 1 and view is not None and view.status == LikeGroupStatus.EXPIRED,
        "the forgotten like group did not expire",
    )
    story.tell(f"expire_like_groups (service_role, run by pg_cron) expires it ({expired} in all).")
    return group


def safety_story(client: Client, url: str, story: Story, ada: UUID, alan: UUID) -> None:
    """A block shuts a user out and hides the blocker; a mute quiets a friend, privately."""
    mallory = sign_up(url, "Mallory")
    client.as_user(mallory).request_friendship(ada)
    client.as_user(ada).block_user(mallory)
    mal = client.as_user(mallory)
    with psycopg.connect(url) as conn:
        request = conn.execute(
            "select count(*) from public.friendships where requested_by = %s", (mallory,)
        ).fetchone()
    story.check(request == (0,), "the request outlived the block")
    story.check(mal.blocks() == [], "Mallory reads the block")
    story.check(ada not in {p.author_id for p in mal.feed()}, "Mallory reads Ada's posts")
    story.tell(
        "Mallory asks Ada to be friends; Ada blocks her instead: the request is gone, and Mallory"
        " reads neither the block nor any of Ada's posts."
    )
    asked = expect_refusal(story, lambda: mal.request_friendship(ada), "user_not_found")
    nobody = expect_refusal(story, lambda: mal.request_friendship(uuid.uuid4()), "user_not_found")
    story.check(asked.message == nobody.message, "the answer tells Ada from nobody")
    expect_refusal(story, lambda: client.as_user(ada).request_friendship(mallory), "user_blocked")
    story.tell(
        "Asking Ada again, Mallory gets the answer a user who does not exist gets"
        f" ({asked.sqlstate} {asked.reason}); Ada, reaching out to Mallory, is told"
        " she blocked her."
    )

    sourdough = client.as_user(alan).create_post(
        "Fourth photo of my sourdough today.", PostAudience.PUBLIC
    )
    ada_s = client.as_user(ada)
    ada_s.mute_user(alan, until=datetime.now(UTC) + timedelta(days=1))
    story.check(alan not in {p.author_id for p in ada_s.feed()}, "Alan is still in Ada's feed")
    story.check(bool(ada_s.user_posts(alan)), "Alan's page lost his posts")
    story.check(client.as_user(alan).mutes() == [], "Alan reads the mute")
    story.tell(
        "Ada mutes Alan for a day: his posts leave her feed, his page still shows them, and"
        " Alan cannot tell."
    )
    moderation_story(client, url, story, ada, alan, sourdough)


def moderation_story(
    client: Client, url: str, story: Story, ada: UUID, alan: UUID, post: UUID
) -> None:
    """A report reaches a moderator, who removes the post for all but its author."""
    barbara = sign_up(url, "Barbara")
    with psycopg.connect(url) as conn:
        conn.execute("insert into public.moderators (user_id) values (%s)", (barbara,))
    report = client.as_user(ada).report(
        ReportTargetKind.POST, post, ReportReason.SPAM, note="every day, four times"
    )
    [queued] = client.as_user(barbara).moderation_queue()
    story.check(queued.report_id == report, "the report is not in the queue")
    story.check(queued.snapshot.get("body") == "Fourth photo of my sourdough today.",
                "the report lost what it reported")
    story.tell(
        "Ada reports Alan's post as spam; Barbara, a moderator (a row the DBA writes), finds it"
        " in her queue with the post's words as they were."
    )
    client.as_user(barbara).resolve_report(report, ModerationAction.REMOVE_CONTENT)
    mine = [p for p in client.as_user(alan).user_posts(alan) if p.id == post]
    story.check(bool(mine) and mine[0].removed_at is not None, "Alan lost his post")
    story.check(post not in {p.id for p in client.as_user(ada).user_posts(alan)},
                "Ada still reads the removed post")
    story.check([r.status.value for r in client.as_user(ada).reports()] == ["actioned"],
                "Ada's report is not actioned")
    story.tell(
        "Barbara removes it: nobody but Alan reads it any more (he sees it marked removed), and"
        " Ada sees her report actioned. The moderation log keeps who did what, append-only."
    )


FINAL_STATE = """
select 'circle ' || c.name,
       string_agg(p.display_name || ' (' || m.role || ', ' || m.status || ')', ', '
                  order by m.role, p.display_name)
from public.circles c
join public.circle_members m on m.circle_id = c.id
join public.profiles p on p.id = m.user_id
where c.id = any(%(circles)s)
group by c.id, c.name
union all
select 'event ' || e.title,
       'group of ' || (select string_agg(p.display_name, ', ' order by p.display_name)
                       from public.like_group_members m join public.profiles p on p.id = m.user_id
                       where m.group_id = g.id)
       || ': ' || g.status
       || case when g.chat_id is null then '' else
            ', chat of ' || (select count(*) from public.chat_participants cp
                             where cp.chat_id = g.chat_id and cp.left_at is null)
            || ' with ' || (select count(*) from public.chat_messages cm
                            where cm.chat_id = g.chat_id) || ' message(s)' end
from public.like_groups g join public.events e on e.id = g.event_id
where g.id = any(%(groups)s)
"""


def final_state(url: str, circles: list[UUID], groups: list[UUID]) -> list[tuple[str, str]]:
    """What the story left behind, read as the DBA."""
    with psycopg.connect(url) as conn:
        rows = conn.execute(FINAL_STATE, {"circles": circles, "groups": groups}).fetchall()
    return [(str(a), str(b)) for a, b in rows]


def run(url: str, say: Callable[[str], None] = print) -> bool:
    """Tell the whole story against the migrated database at ``url``; True when all held."""
    story = Story(say)
    say("kithdb demo — every step is checked against the rules of docs/INVARIANTS.md.\n")
    try:
        with Client(url, min_size=1, max_size=4) as client:
            ada, grace = friends_story(client, url, story)
            linus = sign_up(url, "Linus")
            climbers = circle_story(client, story, ada, grace, linus)
            alan = post_story(client, url, story, ada, grace, climbers)
            concert, margaret, chat = event_story(client, url, story, ada, grace, linus)
            forgotten = expiry_story(client, story, ada, alan)
            safety_story(client, url, story, ada, alan)
            account_story(client, story, ada, linus, margaret, chat)
        rows = final_state(url, [climbers], [concert, forgotten])
    except (DemoFailure, KithdbError) as err:
        say(f"\nFAILED at step {story.step + 1}: {err}")
        return False
    width = max(len(what) for what, _ in rows)
    say("\nFinal state:")
    for what, state in rows:
        say(f"  {what:<{width}}  {state}")
    say("\nEvery step behaved as the rules say.")
    return True
