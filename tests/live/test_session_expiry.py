"""A Rasa session that expires during a takeover does not end it: against the real assistant.

Rasa starts a new session when the visitor writes more than ``session_expiration_time`` (60 minutes) after their
last message, and its ``SessionStarted`` un-pauses the conversation. The conversation is made an hour and a half
old by moving its stored events back in time (what Rasa reads to decide), instead of waiting.
"""
from __future__ import annotations

import asyncio
import json

import pytest
from sqlalchemy import text

from tests.channels.socketio_client import SocketClient
from tests.live.conftest import Live
from tests.live.dashboard import Dashboard, conversation_path
from tests.live.test_outcomes import open_chat
from tests.live.test_relay import bot_messages, wait_for_message, wait_for_new

pytestmark = pytest.mark.conversation
EARLIER = 90 * 60.0


def age_conversation(live: Live, conversation_id: str, seconds: float) -> None:
    """Move every stored event of the conversation ``seconds`` back (the column and the event's own timestamp)."""
    with live.assistant.tracker_db.begin() as conn:
        rows = conn.execute(text("SELECT id, data FROM events WHERE sender_id = :s"), {"s": conversation_id}).all()
        for row_id, data in rows:
            event = json.loads(data)
            event["timestamp"] = float(event.get("timestamp") or 0) - seconds
            conn.execute(text("UPDATE events SET timestamp = timestamp - :d, data = :data WHERE id = :i"),
                         {"d": seconds, "data": json.dumps(event), "i": row_id})


async def stored_turn(live: Live, conversation_id: str, said: str) -> list[str]:
    """The kinds of event Rasa stored from the visitor's message ``said`` on (it saves a turn all at once)."""
    for _ in range(600):
        rows = live.assistant.tracker_rows("SELECT type_name, data FROM events WHERE sender_id = :s ORDER BY id",
                                           s=conversation_id)
        found = [i for i, r in enumerate(rows) if r["type_name"] == "user" and json.loads(r["data"]).get("text") == said]
        if found:
            return [r["type_name"] for r in rows[found[-1]:]]
        await asyncio.sleep(0.05)
    raise AssertionError(f"Rasa never stored {said!r}")


async def test_a_new_session_keeps_the_person_answering(live: Live) -> None:
    dashboard = await Dashboard(live).sign_in()
    try:
        async with SocketClient(live.assistant.rasa_url) as visitor:
            session_id = await open_chat(live, visitor)
            path = conversation_path(live, session_id)
            assert (await dashboard.act(path + "/takeover"))["ok"]
            await wait_for_message(visitor, lambda m: m.get("staff") == "Marta")
            age_conversation(live, session_id, EARLIER)

            before = len(bot_messages(visitor))
            await visitor.emit("user_uttered", {"message": "sorry, got busy. is the price the same?",
                                                "session_id": session_id})
            turn = await stored_turn(live, session_id, "sorry, got busy. is the price the same?")
            kinds = [r["type_name"] for r in live.assistant.tracker_rows(
                "SELECT type_name FROM events WHERE sender_id = :s ORDER BY id", s=session_id)]
            assert kinds.count("session_started") == 2                   # the session did expire
            assert "bot" not in turn and [k for k in turn if k == "action"] == []   # nothing predicted
            assert len(bot_messages(visitor)) == before                # and nothing said to the visitor
            _, page = await dashboard.get(path)
            assert "You are answering" in page and "is the price the same?" in page

            answer = await dashboard.act(path + "/reply", text="Yes, it is still £180. Marta")
            assert answer["ok"] and answer["delivery"] == "delivered"     # the chat is still taken over
            await wait_for_message(visitor, lambda m: "still £180" in (m.get("text") or ""))

            assert (await dashboard.act(path + "/handback"))["ok"]
            await wait_for_message(visitor, lambda m: "chatting with the assistant again" in (m.get("text") or ""))
            before = len(bot_messages(visitor))
            await visitor.emit("user_uttered", {"message": "how much does it cost?", "session_id": session_id})
            answered = await wait_for_new(visitor, before)
            assert answered and all("staff" not in m for m in answered)      # the assistant answers again
    finally:
        await dashboard.close()
    kinds = [r["type_name"] for r in live.assistant.tracker_rows(
        "SELECT type_name FROM events WHERE sender_id = :s ORDER BY id", s=session_id)]
    restarted = len(kinds) - 1 - kinds[::-1].index("session_started")
    assert kinds[restarted + 1:].index("pause") < kinds[restarted + 1:].index("resume")   # paused again at once
