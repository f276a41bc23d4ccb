"""Handing the conversation to a person at the studio, with what they need to call back well.

A request for a person records who to ask for, what it is about (in the visitor's words), how to reach
them (email and/or phone on the lead; on messaging apps the same app is enough) and when suits them.
What the request already says is kept ("can someone call me after 5pm, I want to ask if…"); only the
rest is asked, in ``handoff_contact_form``, and "skip" leaves an optional item out. The practitioner's
notification never carries the reason, which may be about health: only that one was given.
"""
from __future__ import annotations

import dataclasses

import re
from datetime import datetime, timezone
from typing import Any, Optional

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.actions.common import area_of, channel_of, concern_of, latest_intent, notify_practitioner
from bot.actions.form_turn import FormTurn
from bot.actions.respond import keep_contact_way, understanding_of
from bot.replies.plan import FEELINGS
from bot.actions.runtime import get_runtime
from bot.actions.booking_flow import answer_question
from bot.understanding.age import about_someone_else
from bot.contact import Contact, is_skip, read_contact_in, without_contact
from bot.intake.answers import addressed, name_in_message
from bot.intake.answers import YES, yes_no_unsure
from bot.handoff.context import contact_time, is_request, name_answer, read_request, reason_answer, time_answer
from bot.hours import before_opening_note, contact_expectation
from bot.intake.questions import (ALL_SLOTS, CONCERN_SLOTS, HEALTH_SCREEN, QUESTIONS, WHEN_ASKED, display_value,
                                  required_slots)
from bot.nlp.readable import asks
from bot.nlp.vocabulary import load_vocabulary
from bot.store.leads import add_handoff, get_lead, get_or_create_lead, keep_answers, open_handoff
from bot.store.models import Lead

#: the feeling acknowledged before anything else, when the request carries one
ACKNOWLEDGE = {"complaint": "utter_ack_complaint", "frustration": "utter_ack_frustration",
               "distress": "utter_ack_distress"}
MESSAGING_REACHABLE = {"whatsapp", "whatsapp_cloud", "telegram", "twilio", "facebook"}
FORM = "handoff_contact_form"
SLOTS = ("handoff_name", "handoff_reason", "handoff_contact", "handoff_time")
GIVEN, SKIPPED = "given", "skipped"
#: the conversation's language slot: "es" once the visitor wrote in Spanish (set by action_answer and here)
LANGUAGE_SLOT = "conversation_language"
#: the first words of a request's reason when the visitor wrote in Spanish
SPEAKS_SPANISH = "In Spanish:"


def spanish(tracker: Tracker) -> bool:
    """Whether the request is held in Spanish: the visitor wrote in it, now or earlier in the conversation."""
    return tracker.get_slot(LANGUAGE_SLOT) == "es" or understanding_of(tracker).language == "Spanish"


def say(dispatcher: CollectingDispatcher, tracker: Tracker, response: str, **values: Any) -> None:
    """A domain response, in Spanish (its ``_es`` twin) when the conversation is."""
    dispatcher.utter_message(response=f"{response}_es" if spanish(tracker) else response, **values)


def _region() -> str:
    return str(get_runtime().settings.studio.get("country", "GB"))


def _text(value: Any) -> str:
    return " ".join(str(value or "").split())


def _kept(value: Any) -> Optional[str]:
    """A slot's value as stored: skipped or stopped items are not."""
    return None if value in (None, GIVEN, SKIPPED) else str(value)


def _asked_again(tracker: Tracker, text: str) -> bool:
    """"I want to speak to a person" instead of an answer: the visitor wants it over with."""
    intent, confidence = latest_intent(tracker)
    bare = is_request(text) and read_request(text, _region()).reason is None
    return bare or (intent == "human_handoff" and confidence >= 0.8)


#: messages that ask for something to happen, not about something
REQUESTS = ("book_consultation", "check_suitability", "human_handoff", "affirm", "deny", "stop", "cancel_booking",
            "reschedule_booking", "delete_my_data", "start_over")
#: a message that says nothing about what the call is for ("Aye", "are you even listening", "I want a PERSON")
_NO_REASON = re.compile(r"^\W*(?:yes|yeah|yep|aye|ok(?:ay)?|sure|please|go on|y|no|nope|nah|are you (?:even )?"
                        r"listening|hello\W*|anyone there|what|why|seriously|"
                        r"s[ií]|vale|claro|de acuerdo|por favor|venga|bueno|gracias|perfecto)\b[\w\s,!?.'áéíóúñ]{0,25}$",
                        re.IGNORECASE)   # "Sí vale, por favor" is a yes in Spanish, not what the call is about


def _earlier_reason(tracker: Tracker) -> Optional[str]:
    """What the visitor wrote about before asking for a person, when the request itself says nothing: the
    last earlier message that reads as a reason (not a yes, a button or a complaint about being heard)."""
    said = [(str(e.get("text") or ""), ((e.get("parse_data") or {}).get("intent") or {}).get("name"))
            for e in tracker.events if e.get("event") == "user"][:-1]
    for text, intent in reversed(said[-6:]):
        if text.startswith("/") or _NO_REASON.match(text) or len(text.split()) < 4 or intent in REQUESTS:
            continue                            # "I'd like to book a consultation" is no reason to call
        reason = read_request(text, _region()).reason
        if reason:
            return reason
    return None


async def _lead(tracker: Tracker) -> Optional[Lead]:
    async with get_runtime().sessions() as session:
        return await get_lead(session, tracker.sender_id)


async def _remember(tracker: Tracker, contact: Contact = Contact(), name: Optional[str] = None) -> None:  # noqa: B008 - frozen
    """Keep an email and/or phone (both when both are given) and a first name on the lead."""
    if not contact and not name:
        return
    async with get_runtime().sessions.begin() as session:
        lead = await get_or_create_lead(session, tracker.sender_id, channel_of(tracker))
        lead.email = contact.email or lead.email
        lead.phone = contact.phone or lead.phone
        lead.first_name = lead.first_name or name
        lead.concern = lead.concern or concern_of(tracker)     # chosen in the questions they left: not lost
        lead.body_area = lead.body_area or area_of(tracker)


async def _keep_the_answers_so_far(tracker: Tracker) -> None:
    """A person asked for in the middle of the questions: what the visitor already said about the treatment (its
    area, when it happened…) stays with the lead, so the person who calls back knows it. The general health
    screen is kept only when the visitor sends the summary."""
    values = {slot: tracker.get_slot(slot) for slot in ALL_SLOTS}
    if values.get("health_consent") != "yes" or values.get("summary_confirmed") == "yes":
        return
    concern = load_vocabulary().canonical("concern", str(values.get("concern") or "")) or concern_of(tracker)
    values["concern"] = concern
    about_it = ("concern", *CONCERN_SLOTS.get(str(concern), ()), *WHEN_ASKED.values())
    kept = [s for s in required_slots(values) if values.get(s) is not None and s in about_it
            and s not in HEALTH_SCREEN]
    await keep_answers(get_runtime().sessions, tracker.sender_id, channel_of(tracker), concern,
                       [(s, QUESTIONS[s].label, display_value(s, values[s])) for s in kept])


def _reachable(tracker: Tracker, lead: Optional[Lead]) -> bool:
    if channel_of(tracker) in MESSAGING_REACHABLE:
        return True   # the studio can answer in the same app
    return bool(lead and (lead.email or lead.phone))


def _summary(reason: Optional[str]) -> str:
    """The notification's words: never the reason itself."""
    return "A visitor asked to talk to a person" + (" (reason given)" if reason else "")


async def _open(tracker: Tracker, name: Optional[str], reason: Optional[str], when: Optional[str]) -> None:
    runtime = get_runtime()
    if spanish(tracker) and not (reason or "").startswith(SPEAKS_SPANISH):
        reason = f"{SPEAKS_SPANISH} {reason}" if reason else SPEAKS_SPANISH     # who calls back must know
    handoff, created = await add_handoff(runtime.sessions, tracker.sender_id, channel_of(tracker), "person",
                                         name=name, reason=reason, contact_time=when)
    if created:
        await notify_practitioner("handoff", handoff.lead_id, _summary(reason))


_ANY_TIME = re.compile(r"^\W*(?:any ?time|whenever|any day|doesn'?t matter|no preference|either)\b", re.IGNORECASE)


def _expectation(contact_time: Optional[str] = None, in_spanish: bool = False) -> str:
    """When a person will be in touch: the time the visitor asked for, else the studio's next open hours."""
    if contact_time and not _ANY_TIME.match(contact_time):
        return (f"Les he dicho cuándo le viene bien: {contact_time}." if in_spanish
                else f"I've told them when suits you: {contact_time}."
                + before_opening_note(get_runtime().settings, contact_time))
    return contact_expectation(get_runtime().settings, datetime.now(timezone.utc), in_spanish)


def _after(tracker: Tracker, action: str) -> bool:
    """Whether the action that ran just before this one was ``action``."""
    names = [e.get("name") for e in tracker.events if e.get("event") == "action"]
    return bool(names) and names[-1] == action


def _contact(tracker: Tracker, text: str) -> Contact:
    """The contact details in an answer; a number without a prefix from a Spanish speaker may be Spanish."""
    return read_contact_in(text, (_region(), "ES") if spanish(tracker) else (_region(),))


def _passed_on(dispatcher: CollectingDispatcher, tracker: Tracker, question: str) -> dict[str, Any]:
    """A question only the person who calls can answer ("can it be fixed, yes or no?"): said so, and added to the
    request's reason, so it is answered on the call; the form's question is asked again."""
    say(dispatcher, tracker, "utter_handoff_question_passed_on")
    earlier = _kept(tracker.get_slot("handoff_reason"))
    asked = reason_answer(question) or question.strip()
    return {"handoff_reason": f"{earlier} — asks: {asked}" if earlier else f"Asks: {asked}"}


#: a question about the form itself ("is that all you need?", "is that ok?"): nothing to answer or pass on
_ABOUT_THE_FORM = re.compile(r"^\W*(?:and\s+)?(?:is|was|will) (?:that|this|it) (?:all|ok|okay|fine|enough|right|alright)\W*"
                             r"(?:you need\W*)?$", re.IGNORECASE)


async def _question_beside(dispatcher: CollectingDispatcher, tracker: Tracker, text: str) -> dict[str, Any]:
    """A question asked beside an answer ("07700 900 851, her mobile. She's a bit hard of hearing, is that ok?",
    "Grace Adeyemi. Is 67 too old for it?"): answered when the assistant knows, else passed on with the request;
    the answer itself is kept either way."""
    question = " ".join(s for s in re.split(r"(?<=[.!?])\s+", text) if "?" in s).strip()
    if not question or _ABOUT_THE_FORM.match(question):
        return {}
    if await answer_question(dispatcher, tracker, text, visit=False):
        return {}
    return _passed_on(dispatcher, tracker, question)


def _language(tracker: Tracker) -> list[EventType]:
    """Remember that the conversation is in Spanish, so the questions that follow are asked in it."""
    return [SlotSet(LANGUAGE_SLOT, "es")] if spanish(tracker) and tracker.get_slot(LANGUAGE_SLOT) != "es" else []


class ActionHumanHandoff(Action):
    """A request for a person: record what it already says, ask the rest."""

    def name(self) -> str:
        return "action_human_handoff"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        text = _text(tracker.latest_message.get("text"))
        if tracker.get_slot("pending_offer") == "keep_lead" and \
                yes_no_unsure(re.split(r"[,.;!—-]", text)[0]) == YES:
            # "yes please, get in touch when I'm ready" accepts the follow-up offered, it is no new request
            return [FollowupAction("action_accept_offer")]
        pause = [ActiveLoop(None), SlotSet("requested_slot", None), SlotSet("pending_offer", None)]
        understanding = understanding_of(tracker)
        acknowledgement = f"utter_ack_{understanding.feeling}" if understanding.tone == "distress" \
            and understanding.feeling in FEELINGS else ACKNOWLEDGE.get(understanding.tone or "")
        if acknowledgement:                 # "I want to complain… call me after 5pm": the feeling first
            dispatcher.utter_message(response=acknowledgement)
        request = read_request(_text(tracker.latest_message.get("text")), _region())
        later = tracker.get_slot("handoff_reason") if _after(tracker, "action_keep_in_touch") else None
        if later:                           # "get in touch in 8 months" with nobody to reach yet: that is the reason,
            around = later.partition(", ")[2]   # and "around April 2027" is when (no time of day asked months ahead)
            request = dataclasses.replace(request, reason=later, contact_time=request.contact_time or around or None)
        elif request.reason is None or _NO_REASON.match(request.reason):
            # "Aye" to "shall someone contact you?", "I want someone to call me today" after a complaint: the
            # reason is what they wrote before
            request = dataclasses.replace(request, reason=_earlier_reason(tracker))
        await _remember(tracker, request.contact, request.name)
        await _keep_the_answers_so_far(tracker)
        if await open_handoff(get_runtime().sessions, tracker.sender_id) is not None:
            way = await keep_contact_way(tracker, text)     # "tell the person to whatsapp me first"
            await _open(tracker, request.name, request.reason or (f"Prefers {way} first" if way else None),
                        request.contact_time)    # adds what is new
            held = await open_handoff(get_runtime().sessions, tracker.sender_id)
            # the time they asked for, never "within a few hours" to someone who said "evenings only"
            say(dispatcher, tracker, "utter_handoff_already",
                expectation=_expectation(held.contact_time if held else None, spanish(tracker)))
            return [*pause, *_language(tracker)]
        lead = await _lead(tracker)
        known = {"handoff_name": request.name or (lead.first_name if lead else None),
                 "handoff_reason": request.reason,
                 "handoff_contact": GIVEN if _reachable(tracker, lead) else None,
                 "handoff_time": request.contact_time}
        if all(known.values()):
            await _open(tracker, known["handoff_name"], request.reason, request.contact_time)
            say(dispatcher, tracker, "utter_handoff_done", thanks="Gracias." if spanish(tracker) else "Thank you.",
                expectation=_expectation(request.contact_time, spanish(tracker)))
            return [*pause, *_language(tracker)]
        if later:
            say(dispatcher, tracker, "utter_handoff_later", when=request.contact_time or "later")
        else:                               # "I don't type to computers": the studio's number, straight away
            say(dispatcher, tracker, "utter_handoff_start_noted" if request.reason else "utter_handoff_start")
        return [*pause, *_language(tracker), *(SlotSet(k, v) for k, v in known.items()), FollowupAction(FORM)]


class ActionAskHandoffName(Action):
    def name(self) -> str:
        return "action_ask_handoff_name"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        say(dispatcher, tracker, "utter_handoff_ask_name")
        return []


class ActionAskHandoffReason(Action):
    def name(self) -> str:
        return "action_ask_handoff_reason"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        say(dispatcher, tracker, "utter_handoff_ask_reason")
        return []


class ActionAskHandoffContact(Action):
    def name(self) -> str:
        return "action_ask_handoff_contact"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        say(dispatcher, tracker, "utter_handoff_ask_contact")
        return []


class ActionAskHandoffTime(Action):
    def name(self) -> str:
        return "action_ask_handoff_time"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        say(dispatcher, tracker, "utter_handoff_ask_time")
        return []


class ValidateHandoffContactForm(FormTurn):
    """Who to ask for, what about, how to reach them and when: each answer read for all it tells.

    Each turn is decided like every form's (:class:`~bot.actions.form_turn.FormTurn`): "skip" and a
    contact detail are answers, "stop" or "never mind" leave without passing anything on."""

    exits = {"stop": "action_stop_handoff", "delete_my_data": "action_confirm_erasure"}
    #: "No. I don't want a call. The booking is enough." (but "no calls, WhatsApp me" is how to reach them)
    refusal = re.compile(r"^(?!.*\b(?:whats ?app|email|e-mail|text|sms|message|instead)\b).*\b(?:(?:don'?t|do not|didn'?t|did not) "
                         r"(?:want|need|ask for|wanna)\b[^.?!]{0,12}\b(?:call\w*|phone call|ring|person|call ?back|human|"
                         r"contact\w*)|no (?:call|person|callback|call-back)s?(?: needed| please| thanks)?\W*$|^\W*no person\b|"
                         r"\bnever asked (?:for )?(?:a |any |to be )?(?:person|call\w*|call ?back|human))",
                         re.IGNORECASE | re.DOTALL)

    def name(self) -> str:
        return "validate_handoff_contact_form"

    def is_free_text(self, slot: str) -> bool:
        return slot in ("handoff_name", "handoff_reason")

    def expected(self, slot: str, text: str, tracker: Tracker) -> bool:
        return is_skip(text) or bool(_contact(tracker, text))

    def leaving_events(self) -> list[EventType]:
        return [SlotSet(s, None) for s in SLOTS]

    async def required_slots(self, domain_slots: list[str], dispatcher: CollectingDispatcher, tracker: Tracker,
                             domain: DomainDict) -> list[str]:
        return list(SLOTS)

    @staticmethod
    async def _contact_in(tracker: Tracker, text: str) -> dict[str, Any]:
        """An email and/or phone given in any answer is kept, and not asked for again."""
        contact = _contact(tracker, text)
        if not contact:
            return {}
        await _remember(tracker, contact)
        return {"handoff_contact": GIVEN}

    async def validate_handoff_name(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                    domain: DomainDict) -> dict[str, Any]:
        if tracker.get_slot("requested_slot") != "handoff_name":
            return {"handoff_name": value}
        text = _text(value)
        extra = await self._contact_in(tracker, text)
        if is_skip(text) or _asked_again(tracker, text):
            return {"handoff_name": SKIPPED, **extra}
        name = name_answer(text)
        if name is None:
            if not extra and is_request(text):      # "I'd rather speak to Marta directly, can she ring me?"
                say(dispatcher, tracker, "utter_handoff_arranging")
            elif not extra and asks(text) and await answer_question(dispatcher, tracker, text, visit=False):
                pass                            # "and roughly how much for both sides?": answered, then asked again
            elif not extra and asks(text):      # "just tell me yes or no, can it be fixed": theirs to answer
                return {"handoff_name": None, **_passed_on(dispatcher, tracker, text)}
            elif not extra:
                say(dispatcher, tracker, "utter_handoff_no_name")
            return {"handoff_name": None, **extra}
        await _remember(tracker, name=name)
        return {"handoff_name": name, **extra, **await _question_beside(dispatcher, tracker, text)}

    async def validate_handoff_reason(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                      domain: DomainDict) -> dict[str, Any]:
        if tracker.get_slot("requested_slot") != "handoff_reason":
            return {"handoff_reason": value}
        text = _text(value)
        extra = await self._contact_in(tracker, text)
        reason = read_request(text, _region()).reason if is_request(text) else reason_answer(text)
        if reason and _NO_REASON.match(reason):
            reason = _earlier_reason(tracker)   # "are you even listening": what they said before is the reason
        return {"handoff_reason": reason or SKIPPED, **extra}

    async def validate_handoff_contact(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                       domain: DomainDict) -> dict[str, Any]:
        if tracker.get_slot("requested_slot") != "handoff_contact":
            return {"handoff_contact": value}
        text = _text(value)
        extra = await self._contact_in(tracker, text)
        if not extra and asks(text) and await answer_question(dispatcher, tracker, text, visit=False):
            return {"handoff_contact": None}    # "is she a nurse?": answered, then the number asked for again
        if not extra and asks(text) and not is_skip(text) and not _asked_again(tracker, text):
            return {"handoff_contact": None, **_passed_on(dispatcher, tracker, text)}
        if not extra:
            say(dispatcher, tracker, "utter_handoff_contact_needed" if is_skip(text) or _asked_again(tracker, text)
                else "utter_handoff_contact_unreadable")
            return {"handoff_contact": None}
        when = contact_time(text)
        if when and not tracker.get_slot("handoff_time"):
            extra["handoff_time"] = when
        named = name_in_message(without_contact(text, _region()), with_contact=True)
        if named and tracker.get_slot("handoff_name") in (None, SKIPPED):
            await _remember(tracker, name=named)    # "it's Hannah Cole by the way - +44 7700-900-728"
            extra["handoff_name"] = named
        return {**extra, **await _question_beside(dispatcher, tracker, text)}

    async def validate_handoff_time(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                    domain: DomainDict) -> dict[str, Any]:
        if tracker.get_slot("requested_slot") != "handoff_time":
            return {"handoff_time": value}
        text = _text(value)
        extra = await self._contact_in(tracker, text)
        if _asked_again(tracker, text):
            return {"handoff_time": contact_time(text) or SKIPPED, **extra}
        if contact_time(text) is None and "?" in text and not extra:
            if await answer_question(dispatcher, tracker, text, visit=False):
                return {"handoff_time": None}   # "is there an age limit at the top end?": answered, then asked again
            return {"handoff_time": SKIPPED}    # "is everything deleted?" is no time to call
        if contact_time(text) is None and len(text.split()) >= 6 and not extra:
            # "she wants to ask about a nipple tattoo after her mastectomy": what it is about, not when
            earlier = _kept(tracker.get_slot("handoff_reason"))
            say(dispatcher, tracker, "utter_handoff_pass_on")
            return {"handoff_time": None,
                    "handoff_reason": f"{earlier} — {reason_answer(text)}" if earlier else reason_answer(text)}
        if extra and contact_time(without_contact(text, _region())) is None:
            say(dispatcher, tracker, "utter_handoff_contact_updated")   # "sorry thats wrong its 07700 900 365": the
            return {"handoff_time": None, **extra}                     # number put right, then when to call
        beside = await _question_beside(dispatcher, tracker, text) if contact_time(text) is not None else {}
        return {"handoff_time": time_answer(text) or SKIPPED, **extra, **beside}


class ActionStopHandoff(Action):
    """The visitor no longer wants a person: nothing is passed on."""

    def name(self) -> str:
        return "action_stop_handoff"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        say(dispatcher, tracker, "utter_handoff_stopped")
        return [SlotSet(s, None) for s in SLOTS]


class ActionHandoffContactSaved(Action):
    """After ``handoff_contact_form``: open the request with everything given, or leave it."""

    def name(self) -> str:
        return "action_handoff_contact_saved"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        values = {s: tracker.get_slot(s) for s in SLOTS}
        done = [SlotSet(s, None) for s in SLOTS]
        if values["handoff_contact"] is None:
            say(dispatcher, tracker, "utter_handoff_stopped")
            return done
        name = _kept(values["handoff_name"])
        await _open(tracker, name, _kept(values["handoff_reason"]), _kept(values["handoff_time"]))
        in_spanish = spanish(tracker)
        theirs = name and not any(about_someone_else(str(e.get("text") or "")) for e in tracker.events
                                  if e.get("event") == "user")   # "her name is Grace": not the writer's name
        thanks = ("Gracias" if in_spanish else "Thank you") + (f", {addressed(name)}." if theirs else ".")
        say(dispatcher, tracker, "utter_handoff_done", thanks=thanks,
            expectation=_expectation(_kept(values["handoff_time"]), in_spanish))
        return done
