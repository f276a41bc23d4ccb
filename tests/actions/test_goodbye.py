"""A farewell that waves away an urgent sign the assistant flagged gets the doctor advice again, never "Take care!"."""
from __future__ import annotations

import pytest
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.answers import ActionClarify, ActionGoodbye
from bot.actions.runtime import Runtime
from tests.actions.conftest import make_tracker


def _after(urgent: bool, text: str):  # type: ignore[no-untyped-def]
    tracker = make_tracker(text, intent="goodbye")
    if urgent:
        tracker.events.insert(0, {"event": "bot", "text": "…see a doctor now…",
                                  "metadata": {"utter_action": "utter_urgent_infection"}})
    return tracker


@pytest.mark.parametrize("urgent,text,sent", [
    (True, "cant i just wait til monday", "utter_urgent_hold"),
    (True, "ok thanks bye", "utter_goodbye"),
    (False, "ill wait and see, bye", "utter_goodbye"),
])
async def test_a_farewell_after_an_urgent_sign(runtime: Runtime, dispatcher: CollectingDispatcher, urgent: bool,
                                               text: str, sent: str) -> None:
    await ActionGoodbye().run(dispatcher, _after(urgent, text), {})
    assert [m.get("response") for m in dispatcher.messages] == [sent]


async def test_an_unclear_message_waving_away_an_urgent_sign_gets_the_advice_again(
        runtime: Runtime, dispatcher: CollectingDispatcher) -> None:
    tracker = _after(True, "cant i just wait til monday")
    await ActionClarify().run(dispatcher, tracker, {})
    assert [m.get("response") for m in dispatcher.messages] == ["utter_urgent_hold"]
