"""The composed answer and the two-stage clarification, run directly."""
from __future__ import annotations

from typing import Any

from rasa_sdk.executor import CollectingDispatcher

from bot.actions.answers import ActionClarify
from bot.actions.respond import ActionAnswer
from bot.actions.runtime import Runtime
from bot.understanding import Part, understand
from tests.actions.conftest import make_tracker


def _with_parts(text: str, parts: list[Part], **kwargs: Any) -> Any:
    tracker = make_tracker(text, **kwargs)
    tracker.latest_message["understanding"] = understand(text, parts).to_dict()
    return tracker


def _responses(dispatcher: CollectingDispatcher) -> list[str]:
    return [m.get("response") for m in dispatcher.messages]


async def test_a_treatment_answer_offers_the_readiness_check(runtime: Runtime) -> None:
    dispatcher = CollectingDispatcher()
    tracker = _with_parts("scar?", [Part("scar?", "faq", 0.9, "scars", 0.9)], intent="faq", faq="scars")
    events = await ActionAnswer().run(dispatcher, tracker, {})
    assert _responses(dispatcher) == ["utter_faq/scars", "utter_offer_intake"]
    assert events[0]["value"] == "intake"          # a plain "yes" now starts the intake


async def test_two_questions_get_both_answers_in_order(runtime: Runtime) -> None:
    dispatcher = CollectingDispatcher()
    text = "thanks! and how much for the crown? does it hurt"
    parts = [Part("thanks!", "thanks", 0.9), Part("and how much for the crown?", "faq", 0.9, "price", 0.95),
             Part("does it hurt", "faq", 0.9, "pain", 0.97)]
    await ActionAnswer().run(dispatcher, _with_parts(text, parts, intent="faq"), {})
    said = _responses(dispatcher)
    assert said[:2] == ["utter_price_scalp", "utter_brief_pain"]    # one price, not the price list; both short


async def test_breastfeeding_changes_the_answer(runtime: Runtime) -> None:
    dispatcher = CollectingDispatcher()
    text = "I'm breastfeeding, how long after a c-section can I have my scar done?"
    await ActionAnswer().run(dispatcher, _with_parts(text, [Part(text, "faq", 0.9, "healing_wait", 0.9)],
                                                     intent="faq"), {})
    assert "utter_note_breastfeeding" in _responses(dispatcher)


async def test_urgent_signs_get_only_the_doctor_message(runtime: Runtime) -> None:
    dispatcher = CollectingDispatcher()
    text = "my scar is hot, swollen and oozing, is that normal after the session?"
    events = await ActionAnswer().run(dispatcher, _with_parts(text, [Part(text, "faq", 0.9, "risks", 0.9)],
                                                              intent="faq"), {})
    assert _responses(dispatcher) == ["utter_urgent_infection"]
    assert events[0]["value"] is None               # nothing offered beside it


async def test_a_clear_question_with_facts_is_answered_not_clarified(runtime: Runtime) -> None:
    dispatcher = CollectingDispatcher()
    await ActionClarify().run(dispatcher, make_tracker("on apixaban is that a prob", intent="nlu_fallback",
                                                       confidence=0.3), {})
    assert "utter_note_blood_thinners" in _responses(dispatcher)


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


async def test_a_minor_is_told_the_studios_age_policy(runtime: Runtime) -> None:
    dispatcher = CollectingDispatcher()
    text = "im 16 how much is it to cover my scar"
    await ActionAnswer().run(dispatcher, _with_parts(text, [Part(text, "faq", 0.9, "price", 0.9)], intent="faq"), {})
    assert "utter_note_minor" in _responses(dispatcher) and "utter_offer_booking" not in _responses(dispatcher)


async def test_a_yes_closing_a_message_about_something_else_answers_the_offer(
        runtime: Runtime, dispatcher: CollectingDispatcher) -> None:
    tracker = make_tracker("hi its callum now, mum gave me the laptop. yeah thats fine", intent="nlu_fallback",
                           slots={"pending_offer": "intake"})
    events = await ActionClarify().run(dispatcher, tracker, {})
    assert [e.get("name") for e in events if e.get("event") == "followup"] == ["action_accept_offer"]
    assert dispatcher.messages == []


async def test_too_many_questions_turns_the_optional_questions_down(
        runtime: Runtime, dispatcher: CollectingDispatcher) -> None:
    tracker = make_tracker("too many questions mate", intent="nlu_fallback", slots={"pending_offer": "intake"})
    events = await ActionClarify().run(dispatcher, tracker, {})
    assert [e.get("name") for e in events if e.get("event") == "followup"] == ["action_decline_offer"]


async def test_a_body_area_alone_is_heard_and_the_next_step_offered(
        runtime: Runtime, dispatcher: CollectingDispatcher) -> None:
    events = await ActionClarify().run(dispatcher, make_tracker("neck", intent="nlu_fallback"), {})
    assert [m.get("response") for m in dispatcher.messages] == ["utter_area_heard"]
    assert any(e.get("name") == "pending_offer" and e.get("value") == "booking" for e in events)


async def test_thanks_with_an_apology_is_welcomed_not_clarified(runtime: Runtime) -> None:
    dispatcher = CollectingDispatcher()
    await ActionClarify().run(dispatcher, make_tracker("thank you!! sorry for being a pain", intent="nlu_fallback",
                                                       confidence=0.3), {})
    assert _responses(dispatcher) == ["utter_no_bother"]
