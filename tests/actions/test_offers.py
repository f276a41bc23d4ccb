"""A no that says what they want instead ("nah just book me in") gets that; "who reads this?" asked with an erasure is
answered before it."""
from __future__ import annotations

import pytest
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.offers import ActionAcceptOffer, ActionDeclineOffer
from bot.actions.privacy import ActionConfirmErasure
from bot.actions.runtime import Runtime
from bot.understanding.model import Part, understand
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


@pytest.mark.parametrize("channel,response", [("rest", "utter_who_reads"), ("whatsapp_cloud", "utter_who_reads_app")])
async def test_who_reads_this_asked_with_the_erasure_is_answered_before_it(
        runtime: Runtime, dispatcher: CollectingDispatcher, channel: str, response: str) -> None:
    tracker = make_tracker("please delete everything you hold about me. who reads this stuff anyway?",
                           intent="delete_my_data", channel=channel)
    events = await ActionConfirmErasure().run(dispatcher, tracker, {})
    assert [m.get("response") for m in dispatcher.messages][:1] == [response]
    assert any(e.get("name") == "pending_offer" and e.get("value") == "erase" for e in events)   # then asked once


async def test_ok_whatever_with_a_question_is_answered_and_the_offer_left_open(
        runtime: Runtime, dispatcher: CollectingDispatcher) -> None:
    tracker = make_tracker("ok whatever. u didnt say if it hurts tho", intent="affirm",
                           slots={"pending_offer": "keep_in_touch"})
    events = await ActionAcceptOffer().run(dispatcher, tracker, {})
    assert [e.get("name") for e in events if e.get("event") == "followup"] == ["action_answer"]
    assert not any(e.get("name") == "pending_offer" for e in events)      # no yes was said to the offer


async def test_a_clear_yes_with_a_question_still_accepts(runtime: Runtime, dispatcher: CollectingDispatcher) -> None:
    tracker = make_tracker("yes please, does it hurt though?", intent="affirm", slots={"pending_offer": "booking"})
    events = await ActionAcceptOffer().run(dispatcher, tracker, {})
    assert [e.get("name") for e in events if e.get("event") == "followup"] == ["action_start_booking"]


async def test_a_question_already_answered_this_turn_is_not_handed_back_to_the_answer(
        runtime: Runtime, dispatcher: CollectingDispatcher) -> None:
    """"ok but what are your opening hours" with nothing offered: answered once, never a loop between two actions
    (round 20: the hours were sent five times, then Rasa's circuit breaker left the conversation silent)."""
    text = "ok but what are your opening hours"
    tracker = make_tracker(text, intent="affirm")
    tracker.latest_message["understanding"] = understand(text, [Part(text, "faq", 0.9, "hours", 0.9)]).to_dict()
    tracker.events.append({"event": "action", "name": "action_answer"})
    events = await ActionAcceptOffer().run(dispatcher, tracker, {})
    assert [e for e in events if e.get("event") == "followup"] == []
    assert dispatcher.messages == []


async def test_an_erasure_asked_in_anger_is_met_with_an_apology_first(
        runtime: Runtime, dispatcher: CollectingDispatcher) -> None:
    tracker = make_tracker("You should have made that clearer before I typed medical information. Please delete "
                           "everything: my details, my answers and this conversation.", intent="delete_my_data")
    await ActionConfirmErasure().run(dispatcher, tracker, {})
    assert [m.get("response") for m in dispatcher.messages][:1] == ["utter_ack_sort_it"]
