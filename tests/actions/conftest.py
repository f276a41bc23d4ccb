"""Actions run directly, with rasa-sdk trackers and a temporary leads database."""
from __future__ import annotations

from pathlib import Path
from typing import Any, AsyncIterator, Optional

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.runtime import Runtime, build_runtime, set_runtime
from bot.settings import load_settings
from bot.store.migrate import upgrade
from bot.store.tracker_events import events


@pytest.fixture
async def runtime(tmp_path: Path) -> AsyncIterator[Runtime]:
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'leads.db'}",
           "TRACKER_STORE_URL": f"sqlite:///{tmp_path / 'tracker.db'}"}
    settings = load_settings(environ=env)
    upgrade(settings.database_url)
    runtime = build_runtime(settings)
    async with runtime.tracker_engine.begin() as conn:
        await conn.run_sync(events.metadata.create_all)
    set_runtime(runtime)
    yield runtime
    set_runtime(None)
    await runtime.close()


def make_tracker(text: str = "", intent: str = "inform", confidence: float = 0.95, slots: Optional[dict] = None,
                 requested_slot: Optional[str] = None, faq: Optional[str] = None, channel: str = "rest",
                 sender: str = "visitor-1") -> Tracker:
    """A tracker whose latest message is ``text`` classified as ``intent`` (and FAQ topic ``faq``)."""
    message: dict[str, Any] = {"text": text, "intent": {"name": intent, "confidence": confidence},
                               "entities": [], "intent_ranking": [{"name": intent, "confidence": confidence}]}
    if faq:
        message["response_selector"] = {"faq": {"response": {"intent_response_key": f"faq/{faq}",
                                                             "confidence": 0.9},
                                                "ranking": [{"intent_response_key": f"faq/{faq}",
                                                             "confidence": 0.9}]}}
    all_slots = {**(slots or {}), "requested_slot": requested_slot}
    return Tracker.from_dict({
        "sender_id": sender, "slots": all_slots, "latest_message": message, "paused": False,
        "latest_event_time": None, "followup_action": None, "latest_input_channel": channel,
        "active_loop": {"name": "intake_form"} if requested_slot else {},
        "latest_action_name": "action_listen",
        "events": [{"event": "action", "name": "action_listen"},
                   {"event": "user", "text": text, "parse_data": message, "input_channel": channel},
                   *([{"event": "slot", "name": requested_slot, "value": all_slots.get(requested_slot)}]
                     if requested_slot and all_slots.get(requested_slot) is not None else [])],
    })


@pytest.fixture
def dispatcher() -> CollectingDispatcher:
    return CollectingDispatcher()
