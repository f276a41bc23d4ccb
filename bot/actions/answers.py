"""Clarification: a message that was not understood gets the likely topics, then a person.

Answers themselves are composed by ``action_answer`` (:mod:`bot.actions.respond`).
A message the classifiers could not place, but that states facts about the
person ("I'm breastfeeding, is that ok"), is answered from those facts instead.
"""
from __future__ import annotations

import re

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.actions.booking_flow import noted_for_the_call, time_for_the_call
from bot.actions.common import buttons, faq_ranking
from bot.actions.name_fix import fix_name
from bot.actions.respond import (contact_added, context_of, format_told, plan_events, reply_values, speak,
                                 understanding_of, urgent_told)
from bot.actions.runtime import get_runtime
from bot.actions.topics import TOPICS
from bot.replies.plan import plan_reply
from bot.intake.answers import KEEP_HEALTH_OFFLINE
from bot.understanding.facts import DOWNPLAYED, SEEKING_HELP

CHECK_READY = ("Check if I'm ready", "/check_suitability")
BOOK = ("Book a consultation", "/book_consultation")
PERSON = ("Talk to a person", "/human_handoff")
#: a yes closing a message that says something else first ("…mum gave me the laptop. yeah thats fine")
_YES_LAST = re.compile(r"^\W*(?:yes|yeah|yep|yup|yea|ok(?:ay)?|sure)\W*(?:that'?s|thats|that is|sounds|it'?s|its)?\s*"
                       r"(?:fine|good|great|ok(?:ay)?|grand|perfect|lovely)?\W*(?:please|pls|thanks)?\W*$", re.IGNORECASE)
#: turning down more questions in anger ("too many questions mate")
TOO_MANY_QUESTIONS = re.compile(r"\b(?:too|so) many questions|\b(?:enough|all these|all the|lots of|loads of) questions\b",
                                re.IGNORECASE)
#: thanks, with or without an apology for asking ("thank you!! sorry for being a pain")
THANKS_ONLY = re.compile(r"^\W*(?:(?:oh|ok(?:ay)?|great|lovely|brilliant|perfect)?\W*(?:thank(?:s| you| u)|thanx|thx|ty|cheers|ta)\b)",
                         re.IGNORECASE)
NO_BOTHER = re.compile(r"\bsorry\b[^.?!]{0,25}\b(?:pain|bother\w*|nuisance|questions|hassle|going on|rambl\w*|long message)\b",
                       re.IGNORECASE)
#: facts that make a message answerable although no topic was recognised
ANSWERABLE_FACTS = ("urgent", "pregnant", "breastfeeding", "blood_thinners", "isotretinoin", "keloid", "radiotherapy",
                    "minor", "months_ago", "still_healing", "vitiligo_spreading", "diabetes", "medicine")


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


class ActionGoodbye(Action):
    """Goodbye, unless it waves away an urgent sign flagged earlier ("cant i just wait til monday"): then the doctor
    advice again, firmly; a farewell never sounds like agreement to wait."""

    def name(self) -> str:
        return "action_goodbye"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        text = str(tracker.latest_message.get("text") or "")
        told = urgent_told(tracker.events_after_latest_restart())
        response = "utter_urgent_hold" if told and DOWNPLAYED.search(text) else \
            "utter_urgent_agreed" if told and SEEKING_HELP.search(text) else "utter_goodbye"
        dispatcher.utter_message(response=response, **reply_values(get_runtime().settings))
        return [SlotSet("pending_offer", None)]


class ActionClarify(Action):
    """Two-stage fallback: first offer the likely topics, then rephrasing or a person."""

    def name(self) -> str:
        return "action_clarify"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        understanding = understanding_of(tracker)
        if DOWNPLAYED.search(understanding.text) and urgent_told(tracker.events_after_latest_restart()):
            dispatcher.utter_message(response="utter_urgent_hold", **reply_values(get_runtime().settings))
            return [SlotSet("pending_offer", None)]     # "cant i just wait til monday?" after the doctor advice
        if SEEKING_HELP.search(understanding.text) and urgent_told(tracker.events_after_latest_restart()):
            dispatcher.utter_message(response="utter_urgent_agreed", **reply_values(get_runtime().settings))
            return [SlotSet("pending_offer", None)]     # "ugh ok. calling 111 now": no menu of topics
        renamed = await fix_name(dispatcher, tracker, understanding.text)
        if renamed:                             # "the name on the booking should be Asha Shah", however it was read
            return renamed
        told = await format_told(tracker, understanding.text)
        if told:                                # "ok but is MY booking down as video or not lol", however it was read
            dispatcher.utter_message(text=told)
            return [SlotSet("pending_offer", None)]
        new_contact = await contact_added(tracker, understanding.text)
        if new_contact:                         # "oh and pls put my phone down too, 07700900902", however it was read
            dispatcher.utter_message(text=f"Thank you — I've added {new_contact} to your details.")
            return [SlotSet("pending_offer", None)]
        when = await time_for_the_call(tracker)
        if when:                                # "12.30 exactly on Wednesday please" just after asking for a call
            noted_for_the_call(dispatcher, when)
            return [SlotSet("pending_offer", None)]
        if THANKS_ONLY.search(understanding.text) and not understanding.asks and len(understanding.text.split()) <= 12:
            # "thank you!! sorry for being a pain": welcome, never a menu
            dispatcher.utter_message(response="utter_no_bother" if NO_BOTHER.search(understanding.text)
                                     else "utter_youre_welcome")
            return [SlotSet("pending_offer", None)]
        offer = tracker.get_slot("pending_offer")
        if (offer in ("intake", "booking") and understanding.tone == "frustration"
                and TOO_MANY_QUESTIONS.search(understanding.text)) or (
                offer == "intake" and KEEP_HEALTH_OFFLINE.search(understanding.text)):
            # "too many questions mate", "id rather go through the medical stuff with marta": a no to the questions
            return [FollowupAction("action_decline_offer")]
        last = re.split(r"(?<=[.!?])\s+", understanding.text.strip())[-1]
        if offer and offer != "erase" and _YES_LAST.match(last) and not understanding.asks:
            # "hi its callum now, mum gave me the laptop. yeah thats fine": the yes at the end answers the offer
            return [FollowupAction("action_accept_offer")]
        if understanding.facts.body_area and len(understanding.text.split()) <= 4 and not understanding.asks \
                and not understanding.tone and not understanding.facts.asked:
            # "neck", just after hearing about scars: where their mark is, heard; the next step offered again
            dispatcher.utter_message(response="utter_area_heard", area=understanding.facts.body_area,
                                     buttons=buttons([CHECK_READY, BOOK]), **reply_values(get_runtime().settings))
            return [SlotSet("pending_offer", "booking")]
        stated = understanding.facts.stated()
        own_case = understanding.asks and ("concern" in stated or "asks_price" in stated)
        settings = get_runtime().settings
        context = await context_of(tracker, settings)
        plan = plan_reply(understanding, context)
        if understanding.tone or own_case or any(fact in stated for fact in ANSWERABLE_FACTS) or understanding.facts.asked \
                or "utter_minor_why" in plan.said:     # "omg but why its just a consultation 😭" from a 17-year-old
            speak(plan, dispatcher, tracker, settings)
            return plan_events(plan, tracker)
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
