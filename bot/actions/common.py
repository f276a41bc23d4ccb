"""Small helpers shared by the actions."""
from __future__ import annotations

import re
from typing import Any, Iterable, Optional

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.intake.answers import SUN_REACTION
from bot.intake.passing import area_words
from bot.nlp.readable import asks
from bot.nlp.vocabulary import load_vocabulary
from bot.understanding.model import Understanding

MESSAGING_CHANNELS = {"telegram", "twilio", "facebook", "whatsapp", "whatsapp_cloud"}
FAQ_CONFIDENCE = 0.5


def channel_of(tracker: Tracker) -> str:
    return tracker.get_latest_input_channel() or "rest"


def is_messaging_app(tracker: Tracker) -> bool:
    return channel_of(tracker) in MESSAGING_CHANNELS


def with_slots(tracker: Tracker, events: Iterable[Any]) -> Tracker:
    """A copy of ``tracker`` as it will be once these slot events are applied (the original is left alone):
    for helpers that read a slot an action is about to set."""
    future = tracker.copy()
    for event in events:
        if isinstance(event, dict) and event.get("event") == "slot":
            future.slots[event["name"]] = event.get("value")
    return future


def latest_intent(tracker: Tracker) -> tuple[Optional[str], float]:
    intent = tracker.latest_message.get("intent") or {}
    return intent.get("name"), float(intent.get("confidence") or 0.0)


def faq_response(tracker: Tracker, min_confidence: float = 0.0) -> Optional[str]:
    """The ``utter_faq/<topic>`` chosen by the response selector for the latest message."""
    selector = (tracker.latest_message.get("response_selector") or {}).get("faq") or {}
    response = selector.get("response") or {}
    key = response.get("intent_response_key")
    if not key or float(response.get("confidence") or 0.0) < min_confidence:
        return None
    return f"utter_{key}"


#: a question asked instead of an answer, but classified as another intent, is answered when the
#: response selector is at least this sure of the answer
SURE_ANSWER = 0.8
#: never taken for a question: these have their own handling in every form
OWN_HANDLING = {"stop", "start_over", "human_handoff", "delete_my_data", "correct_answer", "cancel_booking",
                "reschedule_booking"}


def question_asked(tracker: Tracker, text: str, min_confidence: float) -> Optional[str]:
    """The ``utter_faq/<topic>`` to give when the visitor asked a studio question instead of answering."""
    if not asks(text):
        return None
    intent, confidence = latest_intent(tracker)
    if intent == "faq" and confidence >= min_confidence:
        return faq_response(tracker)
    if intent in OWN_HANDLING:
        return None
    return faq_response(tracker, SURE_ANSWER)


def faq_ranking(tracker: Tracker) -> list[tuple[str, float]]:
    """(topic, confidence) pairs from the response selector, best first."""
    selector = (tracker.latest_message.get("response_selector") or {}).get("faq") or {}
    ranking = selector.get("ranking") or []
    return [(str(r.get("intent_response_key", "")).removeprefix("faq/"), float(r.get("confidence") or 0.0))
            for r in ranking if r.get("intent_response_key")]


def buttons(pairs: Iterable[tuple[str, str]]) -> list[dict[str, Any]]:
    return [{"title": title, "payload": payload} for title, payload in pairs]


#: treatments with a price of their own (``utter_price_<concern>``)
PRICED_CONCERNS = ("scar", "stretch_marks", "scalp", "vitiligo", "areola")


def utter_faq(dispatcher: CollectingDispatcher, response: str, values: dict[str, str],
              concern: Optional[str] = None) -> None:
    """Send a studio answer with the studio's facts filled in; the price of the treatment already known
    ("how much is it roughly" in the middle of the scar questions), not the whole list."""
    if response == "utter_faq/price" and concern in PRICED_CONCERNS:
        response = f"utter_price_{concern}"
    dispatcher.utter_message(response=response, **values)


async def notify_practitioner(kind: str, lead_id: Optional[str], summary: str) -> None:
    """Tell the practitioner (email / webhook, as configured). Never fails the chat."""
    from bot.actions.runtime import get_runtime
    from bot.notify import notify

    await notify(get_runtime().settings, kind, lead_id, summary)


#: the FAQ topic of a concern, to know what the visitor was last reading about
TOPIC_CONCERN = {"scars": "scar", "stretch_marks": "stretch_marks", "scalp": "scalp", "hair_growth": "scalp",
                 "vitiligo": "vitiligo", "areola": "areola"}


def _earlier_concern(tracker: Tracker) -> bool:
    """Whether an earlier message of the conversation named a treatment."""
    users = [e for e in tracker.events if e.get("event") == "user"][:-1]
    return any(((e.get("parse_data") or {}).get("understanding") or {}).get("facts", {}).get("concern") for e in users)


def concern_of(tracker: Tracker) -> Optional[str]:
    """The concern this message, or the conversation so far, is about."""
    vocabulary = load_vocabulary()
    said = str(tracker.latest_message.get("text") or "").lower()
    for entity in tracker.latest_message.get("entities") or []:
        sun_not_scar = SUN_REACTION.search(said) and "burn" in str(entity.get("value"))
        value = re.escape(str(entity.get("value") or "").lower())
        landmark = bool(value) and re.search(rf"\b(?:above|below|under|over|near|around|next to|beside)\s+(?:my |the |her |his )?"
                                             rf"(?:[a-z-]+\s+)?{value}", said)
        if landmark and tracker.get_slot("concern") is None and _earlier_concern(tracker):
            continue                            # "the loose skin above my section scar": a place, the stretch marks stay
        if entity.get("entity") == "concern" and not sun_not_scar:
            canonical = vocabulary.canonical("concern", str(entity.get("value", "")))
            if canonical:
                return canonical
    slot = tracker.get_slot("concern")
    if slot:
        canonical = vocabulary.canonical("concern", str(slot))
        if canonical:
            return canonical
    for event in reversed(tracker.events):
        if event.get("event") != "user":
            continue
        understood = (event.get("parse_data") or {}).get("understanding")
        if isinstance(understood, dict):        # what the person said, not the classifier's guess
            understanding = Understanding.from_dict(understood)
            concern = understanding.facts.concern or next(
                (TOPIC_CONCERN[t] for t in understanding.topics if t in TOPIC_CONCERN), None)
            if concern:
                return concern
            continue
        selector = ((event.get("parse_data") or {}).get("response_selector") or {}).get("faq") or {}
        key = str((selector.get("response") or {}).get("intent_response_key") or "").removeprefix("faq/")
        if (event.get("parse_data") or {}).get("intent", {}).get("name") == "faq" and key in TOPIC_CONCERN:
            return TOPIC_CONCERN[key]
    return None


def area_of(tracker: Tracker) -> Optional[str]:
    """The body area the visitor named ("left forearm", "abdomen" for a c-section scar), in their words where they
    say more than one word can: the latest message naming one about their own case, else the area slot."""
    for event in reversed(tracker.events):
        if event.get("event") != "user" or str(event.get("text") or "").startswith("/"):
            continue
        understood = (event.get("parse_data") or {}).get("understanding")
        if not isinstance(understood, dict):
            continue
        facts = Understanding.from_dict(understood).facts
        if facts.concern == "areola" and facts.both_sides:
            return "both breasts"               # "after my double mastectomy": which decides one price or the other
        if facts.body_area and not facts.for_someone_else and facts.concern != "scalp":
            return (area_words(str(event.get("text") or "")) or facts.body_area)[:100]
    if tracker.get_slot("concern") == "scalp":
        return "scalp"                          # hair loss: the scalp, not an area named in passing
    slot = tracker.get_slot("body_area")        # the intake's answer, or an area the classifier picked up
    return str(slot)[:100] if slot else None


def ran_this_turn(tracker: Tracker, action: str) -> bool:
    """Whether ``action`` already ran since the visitor's latest message: a follow-up to it again would loop
    (two actions handing the same message to each other until Rasa's circuit breaker stops the conversation)."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return False
        if event.get("event") == "action" and event.get("name") == action:
            return True
    return False


def responses_sent(tracker: Tracker) -> set[str]:
    """The domain responses already sent in this conversation (``utter_action`` of its bot events)."""
    return {str((e.get("metadata") or {}).get("utter_action") or "") for e in tracker.events if e.get("event") == "bot"}


def intake_declined(tracker: Tracker) -> bool:
    """Whether they turned down the health questions in this conversation (the consent, or the offer of them)."""
    if tracker.get_slot("health_consent") == "no":
        return True
    pending = None
    for event in tracker.events_after_latest_restart():
        if event.get("event") == "slot" and event.get("name") == "pending_offer":
            pending = event.get("value")
        elif event.get("event") == "action" and event.get("name") == "action_decline_offer" and pending == "intake":
            return True
    return False
