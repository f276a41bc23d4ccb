"""The lead page's transcript shows what a practitioner typed in a takeover under their name, as the visitor saw it
(Rasa's events as the relay writes them: bot messages whose metadata names the person)."""
from __future__ import annotations

import json
import re
import time

from aiohttp.test_utils import TestClient
from sqlalchemy import insert

from bot.store.tracker_events import events
from tests.dashboard.factories import Store, add_lead


async def _bot(store: Store, conversation_id: str, text: str, at: float, metadata: dict[str, object]) -> None:
    data = {"event": "bot", "timestamp": at, "text": text, "metadata": metadata, "data": {}}
    async with store.tracker.begin() as conn:
        await conn.execute(insert(events), [{"sender_id": conversation_id, "type_name": "bot", "timestamp": at,
                                             "data": json.dumps(data), "intent_name": None, "action_name": None}])


async def _visitor(store: Store, conversation_id: str, text: str, at: float) -> None:
    data = {"event": "user", "timestamp": at, "text": text, "parse_data": {"intent": {"name": "greet"}}}
    async with store.tracker.begin() as conn:
        await conn.execute(insert(events), [{"sender_id": conversation_id, "type_name": "user", "timestamp": at,
                                             "data": json.dumps(data), "intent_name": None, "action_name": None}])


async def test_staff_replies_are_shown_under_the_practitioners_name(signed_in: TestClient, store: Store) -> None:
    lead = await add_lead(store.sessions, "Ana", conversation_id="web-ana-staff")
    start = time.time() - 600
    await _visitor(store, lead.conversation_id, "Can I talk to a person?", start)
    await _bot(store, lead.conversation_id, "Marta from the studio has joined the chat.", start + 10,
               {"staff": "Marta", "live": "joined"})
    await _bot(store, lead.conversation_id, "Hi Ana, Marta here. How can I help?", start + 20, {"staff": "Marta"})
    await _visitor(store, lead.conversation_id, "Is Saturday possible?", start + 30)
    await _bot(store, lead.conversation_id, "Marta has left the chat. You're chatting with the assistant again.",
               start + 40, {"live": "left"})
    await _bot(store, lead.conversation_id, "Your consultation with Lumen Skin Studio is confirmed.", start + 50,
               {"notice": True})
    page = await (await signed_in.get(f"/dashboard/leads/{lead.id}")).text()
    lines = re.findall(r'<li class="msg msg-(\w+)">\s*<div class="msg-meta">([^<·]+?) ·.*?<div class="msg-text">([^<]*)</div>',
                       page, re.DOTALL)
    assert [(kind, who.strip(), text) for kind, who, text in lines] == [
        ("visitor", "Visitor", "Can I talk to a person?"),
        ("assistant", "Assistant", "Marta from the studio has joined the chat."),
        ("staff", "Marta (studio)", "Hi Ana, Marta here. How can I help?"),
        ("visitor", "Visitor", "Is Saturday possible?"),
        ("assistant", "Assistant", "Marta has left the chat. You&#39;re chatting with the assistant again."),
        ("assistant", "Assistant", "Your consultation with Lumen Skin Studio is confirmed."),
    ]
