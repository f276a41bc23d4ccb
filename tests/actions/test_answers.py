"""Follow-ups after answers and the two-stage clarification, run directly."""
from __future__ import annotations

from rasa_sdk.executor import CollectingDispatcher

from bot.actions.answers import ActionClarify, ActionFaqFollowUp
from bot.actions.runtime import Runtime
from tests.actions.conftest import make_tracker


async def test_a_treatment_answer_offers_the_readiness_check(runtime: Runtime) -> None:
    dispatcher = CollectingDispatcher()
    events = await ActionFaqFollowUp().run(dispatcher, make_tracker("scar?", intent="faq", faq="scars"), {})
    assert [b["payload"] for b in dispatcher.messages[0]["buttons"]] == ["/check_suitability", "/book_consultation"]
    assert events[0]["value"] == "intake"          # a plain "yes" now starts the intake


async def test_a_general_answer_offers_nothing(runtime: Runtime) -> None:
    dispatcher = CollectingDispatcher()
    events = await ActionFaqFollowUp().run(dispatcher, make_tracker("hurt?", intent="faq", faq="pain"), {})
    assert dispatcher.messages == [] and events[0]["value"] is None


async def test_clarification_first_offers_likely_topics_then_a_person(runtime: Runtime) -> None:
    first = CollectingDispatcher()
    tracker = make_tracker("perment?", intent="nlu_fallback", confidence=0.3, faq="permanence")
    await ActionClarify().run(first, tracker, {})
    titles = [b["title"] for b in first.messages[0]["buttons"]]
    assert titles[0] == "Is it permanent?" and titles[-1] == "Talk to a person"
    tracker.events.insert(0, {"event": "action", "name": "action_clarify"})
    tracker.events.insert(0, {"event": "user", "text": "hmm", "parse_data": {"intent": {"name": "nlu_fallback"}}})
    second = CollectingDispatcher()
    await ActionClarify().run(second, tracker, {})
    assert "still not sure" in second.messages[0]["text"]
