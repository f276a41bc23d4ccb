"""A takeover reaching the messaging apps (WhatsApp Cloud, Telegram, Twilio, Messenger) through the local fakes of
their APIs, and WhatsApp's 24-hour window: outside it only the approved template goes, and the dashboard says so."""
from __future__ import annotations

import json
import random
import time

import pytest

from tests.channels.visitors import MESSAGING, Visitor
from tests.live.conftest import TEMPLATE, Live
from tests.live.dashboard import Dashboard, conversation_path

pytestmark = pytest.mark.conversation


@pytest.mark.parametrize("channel", MESSAGING)
async def test_a_takeover_reaches_the_messaging_app(live: Live, channel: str) -> None:
    visitor = Visitor(live.assistant, live.fakes, channel)
    assert visitor.say("hello") == 200
    greeted = len(visitor.replies())
    assert greeted > 0
    dashboard = await Dashboard(live).sign_in()
    try:
        path = conversation_path(live, visitor.id)
        status, page = await dashboard.get(path)
        assert status == 200 and "only a template" not in page

        answer = await dashboard.act(path + "/takeover")
        assert answer["ok"] and answer["delivery"] == "delivered", answer
        assert visitor.replies()[greeted:] == ["Marta from the studio has joined the chat."]

        assert visitor.say("is anyone there? I'd like to ask about my scar") == 200
        assert len(visitor.replies()) == greeted + 1                # the bot stays silent
        _, page = await dashboard.get(path)
        assert "is anyone there?" in page

        answer = await dashboard.act(path + "/reply", text="Yes, Marta here. Tell me about it.")
        assert answer["delivery"] == "delivered"
        assert visitor.replies()[-1] == "Yes, Marta here. Tell me about it."

        assert (await dashboard.act(path + "/handback"))["ok"]
        assert visitor.replies()[-1] == "Marta has left the chat. You're chatting with the assistant again."
        before = len(visitor.replies())
        assert visitor.say("how much does scar camouflage cost?") == 200
        assert len(visitor.replies()) > before                    # the assistant answers again
    finally:
        await dashboard.close()


def add_old_whatsapp_message(live: Live, phone: str, hours_ago: float) -> None:
    """A WhatsApp conversation whose visitor last wrote ``hours_ago`` (as Rasa stores it)."""
    at = time.time() - hours_ago * 3600
    data = {"event": "user", "timestamp": at, "text": "hello", "input_channel": "whatsapp_cloud",
            "message_id": f"wamid.{random.randint(10**8, 10**9)}", "metadata": {},
            "parse_data": {"text": "hello", "intent": {"name": "greet", "confidence": 1.0}, "entities": []}}
    with live.assistant.tracker_db.begin() as conn:
        from sqlalchemy import text
        conn.execute(text("INSERT INTO events (sender_id, type_name, timestamp, intent_name, action_name, data) "
                          "VALUES (:s, 'user', :t, 'greet', NULL, :d)"), {"s": phone, "t": at, "d": json.dumps(data)})


async def test_outside_the_whatsapp_window_only_the_template_goes(live: Live) -> None:
    phone = "4477" + str(random.randint(10**7, 10**8))
    add_old_whatsapp_message(live, phone, hours_ago=25)
    dashboard = await Dashboard(live).sign_in()
    try:
        path = conversation_path(live, phone)
        status, page = await dashboard.get(path)
        assert status == 200 and "only a template message can be sent" in page

        answer = await dashboard.act(path + "/takeover")
        assert answer["ok"] and answer["delivery"] == "template"
        assert "only a template message can be sent" in answer["message"]
        sent = live.fakes.graph.whatsapp_messages(phone)
        assert [m["type"] for m in sent] == ["template"] and sent[0]["template"]["name"] == TEMPLATE

        answer = await dashboard.act(path + "/reply", text="Hello again, this is Marta.")
        assert not answer["ok"] and answer["delivery"] == "closed" and "Nothing was sent" in answer["message"]
        assert len(live.fakes.graph.whatsapp_messages(phone)) == 1   # one template, then nothing until they reply
        assert (await dashboard.act(path + "/handback"))["ok"]
    finally:
        await dashboard.close()
