"""Answering: next steps after an FAQ, out-of-scope requests and clarification.

The FAQ answer itself is Rasa's ``utter_faq`` (response selector); the
studio's facts in it come from slots set at session start.
"""
from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.actions.common import buttons, concern_of, faq_ranking, faq_response
from bot.actions.redirects import pointer
from bot.actions.runtime import get_runtime
from bot.intake.readiness import guidance
from bot.actions.topics import OFFER_BOOKING_AFTER, OFFER_INTAKE_AFTER, STARTER_TOPICS, TOPICS

CHECK_READY = ("Check if I'm ready", "/check_suitability")
BOOK = ("Book a consultation", "/book_consultation")
PERSON = ("Talk to a person", "/human_handoff")
CONCERN_WORDS = {"stretch_marks": "stretch marks", "vitiligo": "vitiligo", "scalp": "scalp micropigmentation"}
REPHRASE = ("Sorry, I didn't quite follow. Could you say it another way? You can also ask about prices, healing "
            "time or aftercare, or say \"talk to a person\".")


def _follow_up(topic: str, tracker: Tracker) -> tuple[list[dict[str, Any]], str | None, str]:
    """Shortcut buttons after an answer, the offer a plain "yes" accepts, and the line that asks."""
    intake_done = tracker.get_slot("summary_confirmed") == "yes"
    if topic in OFFER_INTAKE_AFTER and not intake_done:
        return (buttons([CHECK_READY, BOOK]), "intake",
                "Would you like me to check whether now is a good time for you? It takes about three minutes.")
    if topic in OFFER_BOOKING_AFTER:
        return buttons([BOOK]), "booking", "Would you like to book a free consultation?"
    return [], None, ""


class ActionFaqFollowUp(Action):
    """After an answer, offer the natural next step (readiness check or booking)."""

    def name(self) -> str:
        return "action_faq_follow_up"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        response = faq_response(tracker)
        if response is None:
            return [SlotSet("pending_offer", None)]
        topic = response.removeprefix("utter_faq/")
        if topic == "healing_wait":     # the general answer covers scars and areolas; say the rest
            concern = concern_of(tracker)
            if concern in ("stretch_marks", "vitiligo", "scalp"):
                dispatcher.utter_message(text=f"For {CONCERN_WORDS[concern]}: "
                                              f"{guidance(concern, get_runtime().settings.readiness)}")
        shortcut_buttons, offer, line = _follow_up(topic, tracker)
        if shortcut_buttons:
            dispatcher.utter_message(text=line, buttons=shortcut_buttons)
        return [SlotSet("pending_offer", offer)]


class ActionOutOfScope(Action):
    def name(self) -> str:
        return "action_out_of_scope"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        studio = get_runtime().settings.studio
        where_else = pointer(tracker.latest_message.get("text") or "", studio)
        dispatcher.utter_message(
            text=(f"I'm sorry, that's outside what I can help with. I'm {studio.get('name', 'the studio')}'s "
                  "assistant for paramedical micropigmentation: camouflaging scars and stretch marks, scalp "
                  "micropigmentation for hair loss, stable vitiligo and areola reconstruction."
                  + (f"\n\n{where_else}" if where_else else "")),
            buttons=buttons([(TOPICS[t][0], TOPICS[t][1]) for t in STARTER_TOPICS] + [PERSON]))
        return [SlotSet("pending_offer", None)]


def _consecutive_clarifications(tracker: Tracker) -> int:
    """How many times in a row the assistant has already asked for clarification."""
    count = 0
    user_turns = 0
    for event in reversed(tracker.events):
        if event.get("event") == "action" and event.get("name") == "action_clarify":
            count += 1
        elif event.get("event") == "user":
            user_turns += 1
            intent = (event.get("parse_data") or {}).get("intent", {}).get("name")
            if user_turns > 1 and intent != "nlu_fallback":
                break
    return count


class ActionClarify(Action):
    """Two-stage fallback: first offer the likely topics, then rephrasing or a person."""

    def name(self) -> str:
        return "action_clarify"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        if _consecutive_clarifications(tracker) >= 1:
            dispatcher.utter_message(
                text=("I'm sorry, I'm still not sure what you mean. You can rephrase it in a few words, pick a "
                      "topic, or I can pass your question to a person at the studio."),
                buttons=buttons([PERSON, (TOPICS["price"][0], TOPICS["price"][1]), CHECK_READY]))
            return [SlotSet("pending_offer", None)]
        likely = [topic for topic, _ in faq_ranking(tracker) if topic in TOPICS][:3]
        ranking = [i.get("name") for i in tracker.latest_message.get("intent_ranking") or []][:4]
        options = [(TOPICS[t][0], TOPICS[t][1]) for t in likely]
        if "check_suitability" in ranking:
            options.insert(0, CHECK_READY)
        if "book_consultation" in ranking:
            options.insert(0, BOOK)
        dispatcher.utter_message(text="I want to be sure I understand. Did you mean one of these?",
                                 buttons=buttons(options[:4] + [PERSON]))
        return [SlotSet("pending_offer", None)]
