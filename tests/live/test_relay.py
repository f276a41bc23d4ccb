"""The live loop against the real servers: the relay's hardening, and a website chat taken over from the dashboard.

The visitor is a socket.io client speaking the widget's protocol; the practitioner uses the dashboard of the
running web app over HTTP (the browser test does the same in Chromium).
"""
from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest

from tests.channels.socketio_client import SocketClient
from tests.live.conftest import Live
from tests.live.dashboard import Dashboard, conversation_path, relay

pytestmark = pytest.mark.conversation


def bot_messages(visitor: SocketClient) -> list[dict[str, Any]]:
    return [args[0] for name, args in visitor.events if name == "bot_uttered" and args and isinstance(args[0], dict)]


async def wait_for_message(visitor: SocketClient, test: Any, timeout: float = 30) -> dict[str, Any]:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while loop.time() < deadline:
        found = [m for m in bot_messages(visitor) if test(m)]
        if found:
            return found[-1]
        await asyncio.sleep(0.05)
    raise AssertionError(f"no such message among {bot_messages(visitor)}")


async def wait_for_new(visitor: SocketClient, before: int, timeout: float = 30) -> list[dict[str, Any]]:
    """The bot messages after the first ``before`` ones (waits for at least one, then for a quiet moment)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    for _ in range(int(timeout * 20)):
        if len(bot_messages(visitor)) > before or loop.time() > deadline:
            break
        await asyncio.sleep(0.05)
    await visitor.settle(quiet=1.0)
    return bot_messages(visitor)[before:]


async def test_the_relay_answers_only_the_dashboard(live: Live) -> None:
    body = {"conversation_id": "nobody-here", "staff": "Marta"}
    assert (await relay(live, "takeover", body, token=""))[0] == 401
    assert (await relay(live, "takeover", body, token="not-the-token"))[0] == 401
    assert (await relay(live, "takeover", body, token=live.relay_token[:-2]))[0] == 401
    assert (await relay(live, "takeover", body, headers={"X-Forwarded-For": "203.0.113.9"}))[0] == 403
    assert (await relay(live, "takeover", body, headers={"Content-Type": "text/plain"}))[0] == 415
    assert (await relay(live, "takeover", b"{not json"))[0] == 400
    assert (await relay(live, "takeover", {"conversation_id": "a b", "staff": "Marta"}))[0] == 400
    assert (await relay(live, "takeover", {"conversation_id": "x", "staff": ""}))[0] == 400
    assert (await relay(live, "reply", {"conversation_id": "x", "staff": "Marta", "text": "y" * 2001}))[0] == 400
    status, answer = await relay(live, "takeover", body)
    assert status == 404 and answer == {"error": "unknown conversation"}
    rows = live.assistant.tracker_rows("SELECT COUNT(*) AS n FROM events WHERE sender_id = :s", s="nobody-here")
    assert rows[0]["n"] == 0


async def test_a_channel_that_cannot_receive_pushes_is_not_taken_over(live: Live) -> None:
    chat = live.assistant.conversation()                       # the REST channel answers only in its response
    assert chat.say("hello")
    status, answer = await relay(live, "takeover", {"conversation_id": chat.sender_id, "staff": "Marta"})
    assert status == 409 and answer == {"error": "this channel cannot receive live messages"}
    kinds = [r["type_name"] for r in live.assistant.tracker_rows(
        "SELECT type_name FROM events WHERE sender_id = :s", s=chat.sender_id)]
    assert "pause" not in kinds and chat.say("how much does it cost?")     # the bot still answers
    dashboard = await Dashboard(live).sign_in()
    try:
        answer = await dashboard.act(conversation_path(live, chat.sender_id) + "/takeover")
        assert answer["ok"] is False and "cannot receive live messages" in answer["message"]
    finally:
        await dashboard.close()
    assert live.assistant.rows("SELECT * FROM takeovers WHERE conversation_id = :c", c=chat.sender_id) == []


async def test_a_website_chat_taken_over_and_handed_back(live: Live) -> None:
    dashboard = await Dashboard(live).sign_in()
    try:
        async with SocketClient(live.assistant.rasa_url) as visitor:
            session_id = await visitor.session()
            await visitor.emit("user_uttered", {"message": "hello", "session_id": session_id})
            await wait_for_message(visitor, lambda m: m.get("text"))
            await visitor.settle(quiet=1.0)
            path = conversation_path(live, session_id)
            assert path in (await dashboard.get("/dashboard/conversations"))[1]
            status, _ = await relay(live, "reply", {"conversation_id": session_id, "staff": "Marta", "text": "Hi"})
            assert status == 409                                  # no reply before a takeover

            answer = await dashboard.act(path + "/takeover")
            assert answer["ok"] and answer["delivery"] == "delivered", answer
            joined = await wait_for_message(visitor, lambda m: m.get("staff") == "Marta")
            assert joined["text"] == "Marta from the studio has joined the chat."

            before = len(bot_messages(visitor))
            await visitor.emit("user_uttered", {"message": "how much does it cost?", "session_id": session_id})
            await asyncio.sleep(3)
            assert len(bot_messages(visitor)) == before               # the bot stays silent
            _, page = await dashboard.get(path)
            assert "how much does it cost?" in page and "You are answering" in page

            answer = await dashboard.act(path + "/reply", text="Hi! Marta here. Scar camouflage starts at £180.")
            assert answer == {"ok": True, "message": "Sent.", "kind": "success", "delivery": "delivered"}
            reply = await wait_for_message(visitor, lambda m: "Marta here" in (m.get("text") or ""))
            assert reply == {"text": "Hi! Marta here. Scar camouflage starts at £180.", "staff": "Marta"}

            answer = await dashboard.act(path + "/handback")
            assert answer["ok"]
            await wait_for_message(visitor, lambda m: "chatting with the assistant again" in (m.get("text") or ""))
            before = len(bot_messages(visitor))
            await visitor.emit("user_uttered", {"message": "how much does it cost?", "session_id": session_id})
            answered = await wait_for_new(visitor, before)
            assert answered and all("staff" not in m for m in answered)      # the assistant answers again
    finally:
        await dashboard.close()

    events = live.assistant.tracker_rows(
        "SELECT type_name, data FROM events WHERE sender_id = :s ORDER BY id", s=session_id)
    kinds = [e["type_name"] for e in events]
    assert kinds.index("pause") < kinds.index("resume")
    staff = [json.loads(e["data"]) for e in events if e["type_name"] == "bot"
             and (json.loads(e["data"]).get("metadata") or {}).get("staff")]
    assert [s["text"] for s in staff] == ["Marta from the studio has joined the chat.",
                                          "Hi! Marta here. Scar camouflage starts at £180."]
    audit = live.assistant.rows("SELECT action, details FROM audit_log WHERE action IN "
                                "('takeover', 'live_reply', 'handback') ORDER BY id")
    assert [a["action"] for a in audit][-3:] == ["takeover", "live_reply", "handback"]
    assert all("£180" not in a["details"] for a in audit)
    takeover = live.assistant.rows("SELECT * FROM takeovers WHERE conversation_id = :c", c=session_id)
    assert len(takeover) == 1 and takeover[0]["end_reason"] == "handback" and takeover[0]["taken_by"] == "marta"
