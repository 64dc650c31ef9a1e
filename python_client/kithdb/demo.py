"""``kithdb demo``: the mission told as a story, checked at every step.

Each step says in plain words what happened and checks it against the contract; the demo
returns False (and the CLI exits non-zero) as soon as a step does not behave.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from uuid import UUID

import psycopg
from psycopg.types.json import Jsonb

from kithdb.client import Client
from kithdb.errors import KithdbError
from kithdb.friends import FriendshipStatus


class DemoFailure(RuntimeError):
    """A step of the demo did not behave as the contract says."""


@dataclass
class Story:
    """Prints numbered steps and checks them."""

    say: Callable[[str], None] = print
    step: int = 0

    def tell(self, text: str) -> None:
        self.step += 1
        self.say(f"{self.step:>2}. {text}")

    def check(self, ok: bool, what: str) -> None:
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

    try:
        client.as_user(ada).respond_friendship(grace, True)
        raise DemoFailure("Ada accepted her own request")
    except KithdbError as err:
        story.check(err.reason == "not_friendship_addressee", f"unexpected refusal: {err}")
        story.tell(f"Ada cannot accept her own request: refused ({err.sqlstate} {err.reason}).")

    status = client.as_user(grace).respond_friendship(ada, True)
    story.check(status == FriendshipStatus.ACCEPTED, f"respond gave {status}, expected accepted")
    story.check(client.as_user(grace).are_friends(ada, grace), "are_friends says no")
    story.tell("Grace accepts: Ada and Grace are friends.")
    return ada, grace


def run(url: str, say: Callable[[str], None] = print) -> bool:
    """Tell the whole story against the migrated database at ``url``; True when all held."""
    story = Story(say)
    say("kithdb demo — every step is checked against the contract.\n")
    try:
        with Client(url, min_size=1, max_size=4) as client:
            friends_story(client, url, story)
    except (DemoFailure, KithdbError) as err:
        say(f"\nFAILED at step {story.step + 1}: {err}")
        return False
    say("\nEvery step behaved as the contract says.")
    return True
