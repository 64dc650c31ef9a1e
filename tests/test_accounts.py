"""A user's account as a whole: the export."""

from __future__ import annotations

from kithdb import Client, PostAudience, ReportReason, ReportTargetKind
from tests.conftest import Db


def test_an_export_holds_what_the_caller_wrote_and_hides_what_they_may_not_read(
    db: Db, client: Client
) -> None:
    """ACC-01, BLK-03: ada's export holds her profile, friendships, posts, the messages she sent
    (in a chat she left too), the approvals she gave (on an event she no longer authors) and her
    reports; not a mute of someone who blocked her, nor anyone else's rows."""
    ada, bob, cat, dan = db.users("ada", "bob", "cat", "dan")
    db.befriend(cat, ada)
    db.befriend(bob, dan)
    event = db.event(cat, "Gig", authors=[ada])
    group = db.like_group(bob, event, [dan])
    db.approve(group, cat, ada)
    chat = db.chat_of(group)
    assert chat is not None
    ada_s = client.as_user(ada)
    ada_s.send_message(chat, "welcome")
    ada_s.leave_chat(chat)
    ada_s.leave_event_authors(event)
    post = ada_s.create_post("hello", PostAudience.PUBLIC)
    ada_s.mute_user(bob)
    ada_s.mute_user(dan)
    client.as_user(dan).block_user(ada)
    ada_s.report(ReportTargetKind.USER, bob, ReportReason.SPAM)
    client.as_user(bob).create_post("bob's", PostAudience.PUBLIC)

    data = ada_s.export_my_data()
    assert data["user_id"] == str(ada) and data["profile"]["id"] == str(ada)
    assert [f["status"] for f in data["friendships"]] == ["accepted"]
    assert [(p["id"], p["body"]) for p in data["posts"]] == [(str(post), "hello")]
    assert [m["body"] for m in data["chat_messages"]] == ["welcome"]
    assert [(v["group_id"], v["approved"]) for v in data["like_group_approvals"]] == [
        (str(group), True)]
    assert [m["muted_id"] for m in data["mutes"]] == [str(bob)]  # dan blocked her
    assert [r["target_id"] for r in data["reports"]] == [str(bob)]
    assert all("resolved_by" not in r for r in data["reports"])
    assert str(dan) not in str(data)  # nothing names the user who blocked her
    assert "bob's" not in str(data)
