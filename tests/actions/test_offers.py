"""A no to the question asked that says what they want instead ("nah just book me in") gets that, not a goodbye."""
from __future__ import annotations

import pytest
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.offers import ActionDeclineOffer
from bot.actions.runtime import Runtime
from tests.actions.conftest import make_tracker


@pytest.mark.parametrize("offer,text,next_action", [
    ("booking", "nah just book me in", "action_start_booking"),
    ("keep_lead", "no thanks, can someone ring me", "action_human_handoff"),
    ("booking", "no, book later", None),
    ("booking", "no dont book me in", None),
])
async def test_a_no_that_asks_for_something_else_gets_it(runtime: Runtime, dispatcher: CollectingDispatcher,
                                                         offer: str, text: str, next_action: str) -> None:
    events = await ActionDeclineOffer().run(dispatcher, make_tracker(text, intent="deny",
                                                                     slots={"pending_offer": offer}), {})
    followups = [e.get("name") for e in events if e.get("event") == "followup"]
    assert followups == ([next_action] if next_action else []), events
    assert any(e.get("name") == "pending_offer" and e.get("value") is None for e in events)   # the offer is done
