"""``action_answer``: one reply to everything a message said (see :mod:`bot.replies.plan`).

Questions (``faq``), a visitor describing their case (``share_situation``) and
out-of-scope requests all come here; so does every message that the NLU's
:class:`~bot.nlp.components.MessageUnderstanding` found to hold several parts, an
urgent sign or another language.
"""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from typing import Any, Optional

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.actions.common import channel_of, concern_of, intake_declined, latest_intent, ran_this_turn
from bot.actions.name_fix import fix_name, rest_after_name
from bot.actions.redirects import pointer
from bot.actions.runtime import get_runtime
from bot.booking.alerts import notify_safely
from bot.booking.base import as_utc
from bot.booking.preference import consultation_format
from bot.booking.store import set_by_video, upcoming_bookings
from bot.booking.text import long_label
from bot.contact import read_contact, without_contact
from bot.handoff.context import updated_time
from bot.hours import before_opening_note
from bot.intake import answers
from bot.intake.answers import KEEP_HEALTH_OFFLINE
from bot.intake.passing import dates_corrected
from bot.intake.questions import QUESTIONS, display_value
from bot.followup import queue as followups
from bot.nlp.readable import STOP_SENDING, WITHDRAW_CALL
from bot.store.leads import add_handoff, get_lead, open_handoff, record_consent, withdraw_handoff
from bot.replies.plan import FOR_A_PERSON, Context, Plan, plan_reply
from bot.replies.spanish import spanish_values
from bot.settings import Settings
from bot.understanding import Understanding, understand
from bot.understanding.model import QUESTION
from bot.understanding.age import minor_in_conversation
from bot.understanding.facts import CONTACT_WAY
from bot.understanding.language import clearly_english


#: actions that mean the assistant did not understand a message
STRUGGLED = ("action_clarify", "action_default_fallback")


def understanding_of(tracker: Tracker) -> Understanding:
    """The NLU's understanding of the latest message (read again from its text if the NLU gave none)."""
    data = tracker.latest_message.get("understanding")
    if isinstance(data, dict) and data.get("text") is not None:
        return Understanding.from_dict(data)
    return understand(str(tracker.latest_message.get("text") or ""))


def reply_values(settings: Settings) -> dict[str, Any]:
    """The studio's facts and periods, for the placeholders in the responses (the Spanish ones too)."""
    values = settings.reply_values()
    return {**values, **spanish_values(values, settings.day_hours())}


async def context_of(tracker: Tracker, settings: Settings) -> Context:
    runtime = get_runtime()
    has_booking = bool(await upcoming_bookings(runtime.sessions, tracker.sender_id))
    request = await open_handoff(runtime.sessions, tracker.sender_id)
    events = tracker.events_after_latest_restart()
    r = settings.readiness
    outcome = await _outcome(tracker) if tracker.get_slot("lead_id") else None
    return Context(concern=concern_of(tracker), intent=latest_intent(tracker)[0],
                   outcome=outcome[0] if outcome else None, outcome_reason=outcome[1] if outcome else "",
                   outcome_when=outcome[2] if outcome else "",
                   intake_done=tracker.get_slot("summary_confirmed") == "yes", has_booking=has_booking,
                   known_minor=minor_in_conversation(events, r.minimum_age),
                   languages=tuple(settings.studio.get("languages") or ("English",)),
                   studio_address=str(settings.studio.get("address") or ""),
                   intake_declined=intake_declined(tracker),
                   scar_min_months=r.scar_min_months, burn_min_months=r.burn_scar_min_months,
                   vitiligo_stable_months=r.vitiligo_stable_months, day_hours=settings.day_hours(),
                   radiotherapy_min_months=r.areola_min_months_after_radiotherapy,
                   areola_min_months=r.areola_min_months_after_reconstruction, minimum_age=r.minimum_age,
                   isotretinoin_clear_months=r.isotretinoin_clear_months, reminders=reminders_said(settings),
                   struggled=any(e.get("event") == "action" and e.get("name") in STRUGGLED for e in events),
                   urgent_before=urgent_told(events),
                   today=datetime.now(settings.time_zone).strftime("%A").lower(),
                   today_date=datetime.now(settings.time_zone).date(),
                   request_time=(request.contact_time or "") if request is not None else None,
                   offer_pending=tracker.get_slot("pending_offer"),
                   said_before=frozenset(str((e.get("metadata") or {}).get("utter_action") or "") for e in events
                                         if e.get("event") == "bot"),
                   language_replied=any(str((e.get("metadata") or {}).get("utter_action") or "").startswith(
                       ("utter_other_language", "utter_es_")) for e in events if e.get("event") == "bot"))


async def _outcome(tracker: Tracker) -> Optional[tuple[str, str, str]]:
    """The readiness outcome their answers gave (outcome, first reason, "April 2027"), for "so no treatment yet?"."""
    async with get_runtime().sessions() as session:
        lead = await get_lead(session, tracker.sender_id)
    if lead is None or lead.readiness is None:
        return None
    reasons = list(lead.readiness_reasons or [])
    when = f"{lead.earliest_date:%B %Y}" if lead.earliest_date else ""
    return lead.readiness.value, (reasons[0] if reasons else ""), when


def urgent_told(events: list[dict[str, Any]]) -> bool:
    """Whether a doctor-now message was sent in this conversation."""
    return any(str((e.get("metadata") or {}).get("utter_action") or "").startswith("utter_urgent_")
               for e in events if e.get("event") == "bot")


def reminders_said(settings: Settings) -> str:
    """When reminders go before a consultation, in words ("the day before and 2 hours before"); "" when none are sent."""
    config = settings.followups
    if not config.enabled or not config.reminder_hours:
        return ""
    said = ["the day before" if h == 24 else f"{h // 24} days before" if h % 24 == 0 else f"{h} hours before"
            for h in sorted(config.reminder_hours, reverse=True)]
    return said[0] if len(said) == 1 else ", ".join(said[:-1]) + " and " + said[-1]


def speak(plan: Plan, dispatcher: CollectingDispatcher, tracker: Tracker, settings: Settings) -> None:
    """Send the plan's responses; an out-of-scope plan gets the studio's scope and where to go instead."""
    values = reply_values(settings)
    where_else = pointer(tracker.latest_message.get("text") or "", settings.studio, plan.redirect) \
        if plan.out_of_scope or plan.redirect else ""
    acknowledged = 0
    while acknowledged < len(plan.responses) and plan.responses[acknowledged][0].startswith("utter_ack_"):
        acknowledged += 1                       # a feeling is acknowledged before anything else, refusals included
    for response, extra in plan.responses[:acknowledged]:
        dispatcher.utter_message(response=response, **{**values, **extra})
    if plan.out_of_scope and where_else:
        # a service or a worry named: where to go first, then what we do (no menu of topics: it was clear)
        dispatcher.utter_message(text=where_else)
        dispatcher.utter_message(response="utter_what_we_do", **values)
    elif plan.out_of_scope:
        dispatcher.utter_message(response="utter_out_of_scope", **values)
    if where_else and not plan.out_of_scope and not plan.redirect_last:
        dispatcher.utter_message(text=where_else)
    rest = plan.responses[acknowledged:]
    offers = len(rest) if not plan.redirect_last else next(
        (i for i, (response, _) in enumerate(rest) if response.startswith("utter_offer")), len(rest))
    for response, extra in rest[:offers]:
        dispatcher.utter_message(response=response, **{**values, **extra})
    if where_else and not plan.out_of_scope and plan.redirect_last:
        dispatcher.utter_message(text=where_else)
    for response, extra in rest[offers:]:
        dispatcher.utter_message(response=response, **{**values, **extra})


def plan_events(plan: Plan, tracker: Tracker) -> list[EventType]:
    events: list[EventType] = [SlotSet("pending_offer", plan.offer)]
    if plan.followup and not ran_this_turn(tracker, plan.followup):
        events.append(FollowupAction(plan.followup))
    return events


async def stop_messages(tracker: Tracker) -> bool:
    """"Stop sending me these": no follow-up or reminder is sent to this visitor again. False without a lead."""
    runtime = get_runtime()
    async with runtime.sessions() as session:
        lead = await get_lead(session, tracker.sender_id)
    if lead is None:
        return False
    await followups.stop(runtime.sessions, lead.id, "chat")
    return True


#: a request sent this recently is still being read by the studio: what the visitor adds belongs to it
ADD_WITHIN = timedelta(hours=12)
#: "pls add it to the message", "does the person ringing her know what it's about?"
_ADD_TO_REQUEST = re.compile(r"\badd (?:it|this|that)\b|\b(?:tell|let) (?:them|her|him|the person|marta) (?:know|that)\b|"
                             r"\b(?:the|my) reason (?:is|for (?:the|my) call)\b|\bfor (?:whoever|the person who) (?:rings|calls)\b|"
                             r"\bpass (?:it|this|that) on\b|\b(?:will|do|does|would) (?:they|she|he|the person|marta)\b"
                             r"[^.?!]{0,30}\bknow\b", re.IGNORECASE)


async def added_to_request(tracker: Tracker, understanding: Understanding, settings: Settings) -> str | None:
    """What a visitor says about their case after asking for a person goes to that person too.

    "She wants to ask about a nipple tattoo after her mastectomy", told once the call-back request is
    saved, is added to its reason (the visitor's own words, without contact details); a preferred way to
    be contacted ("WhatsApp me first, not a call") goes on the lead. Returns what was added: "case", the
    way to contact them ("whatsapp"…), or None."""
    runtime = get_runtime()
    handoff = await open_handoff(runtime.sessions, tracker.sender_id)
    if handoff is None or as_utc(handoff.created_at) < datetime.now(timezone.utc) - ADD_WITHIN:
        return None
    text = str(tracker.latest_message.get("text") or "").strip()
    if text.startswith("/"):
        return None
    region = str(settings.studio.get("country", "GB"))
    when = updated_time(handoff.contact_time, text)
    if when:                                    # "it's weekdays at lunchtime, 12 till 2 is best": when to call
        await add_handoff(runtime.sessions, tracker.sender_id, handoff.channel, "person", contact_time=when)
        return f"time:{when}"
    way = await keep_contact_way(tracker, text)
    told = text
    if _ADD_TO_REQUEST.search(text) and not understanding.facts.concern:
        earlier = [str(e.get("text") or "") for e in tracker.events if e.get("event") == "user"][:-1]
        told = earlier[-1] if earlier and not earlier[-1].startswith("/") else text   # "pls add it": the one before
    for_a_person = bool(FOR_A_PERSON & set(understanding.facts.asked))   # "is it ok that I translate?": the
    # person who calls can answer it, so it goes with the request
    about_case = bool(understanding.facts.concern or understanding.tone or _ADD_TO_REQUEST.search(text)
                      or for_a_person) and len(told.split()) >= 4
    if not way and not about_case:
        return None
    reason = without_contact(told, region)[:REASON_WORDS] if about_case else f"Prefers {way} first"
    await add_handoff(runtime.sessions, tracker.sender_id, handoff.channel, "person", reason=reason)
    return "case" if about_case else way


async def keep_contact_way(tracker: Tracker, text: str) -> str | None:
    """A preferred way to be contacted said in passing goes on the lead; returns it (email, phone, whatsapp, sms)."""
    way = answers.choose(text, QUESTIONS["preferred_contact"].options, 95) if CONTACT_WAY.search(text) else None
    if way:
        async with get_runtime().sessions.begin() as session:
            lead = await get_lead(session, tracker.sender_id)
            if lead is not None:
                lead.preferred_contact = way
    return way


WAYS = {"email": "email", "phone": "phone", "whatsapp": "WhatsApp", "sms": "text message"}
#: at most this many characters of a later message are added to a request's reason
REASON_WORDS = 240


#: adding a contact detail to what the studio already has ("add MY mobile to my details", "this number")
_ADD_CONTACT = re.compile(r"\b(?:add|put|take|note|save|update|use|here'?s|this is|change)\b|\bmy (?:mobile|number|phone|email|"
                          r"e-mail|details)\b|\b(?:this|that) (?:number|mobile|email)\b", re.IGNORECASE)


async def contact_added(tracker: Tracker, text: str) -> str:
    """A phone number or an email address given outside any form by a visitor the studio already has a lead for:
    kept on the lead (never lost), and what was added; "" when nothing was."""
    runtime = get_runtime()
    region = str(runtime.settings.studio.get("country") or "GB")
    contact = read_contact(text, region)
    if not contact or not _ADD_CONTACT.search(without_contact(text, region)) and len(
            without_contact(text, region).split()) > 2:
        return ""
    async with runtime.sessions.begin() as session:
        lead = await get_lead(session, tracker.sender_id)
        if lead is None:
            return ""
        new = [v for v in (contact.phone if contact.phone != lead.phone else None,
                           contact.email if contact.email != lead.email else None) if v]
        lead.phone = contact.phone or lead.phone
        lead.email = contact.email or lead.email
    return " and ".join(new)


#: what a message about meeting by video or at the studio is answered with already
_ABOUT_THE_FORMAT = {"remote_assessment", "suitability", "consultation", "prices", "location", "contact", "what_is"}


async def format_changed(tracker: Tracker, text: str) -> Optional[str]:
    """A booking they have, switched to video or to the studio as they ask: what to tell them, if anything."""
    wished = consultation_format(text)
    if wished is None:
        return None
    runtime = get_runtime()
    upcoming = await upcoming_bookings(runtime.sessions, tracker.sender_id)
    if not upcoming:
        return None
    booking, video = upcoming[0], wished == "video"
    when = long_label(as_utc(booking.start_at), runtime.settings.time_zone)
    if booking.by_video != video:
        await set_by_video(runtime.sessions, booking.id, video)
        await notify_safely(runtime.settings, "booking_changed", booking.lead_id,
                            f"Consultation of {when} now {'by video' if video else 'at the studio'}")
    practitioner = runtime.settings.practitioner_name
    if video:
        return f"Yes — your consultation on {when} is by video. {practitioner} will send you the link before it."
    return f"Yes — your consultation on {when} is at the studio, {runtime.settings.studio.get('address', '')}.".replace(", .", ".")


#: whether the booking they have is by video or at the studio, asked ("is MY booking down as video or not lol")
_FORMAT_ASKED = re.compile(r"\b(?:is|it'?s|its) (?:my|our|the|her|his|that|this) (?:booking|appointment|appt|consultation|"
                           r"consult|one)\b[^.?!]{0,25}\b(?:video|zoom|online|in person|at the studio|face to face)\b|"
                           r"\b(?:video|online) or (?:in person|at the studio|face to face)\b[^.?!]{0,15}\?", re.IGNORECASE)


async def format_told(tracker: Tracker, text: str) -> Optional[str]:
    """How the booking they have is held, when they ask (never changing it)."""
    if not _FORMAT_ASKED.search(text) or consultation_format(text) is not None:
        return None
    runtime = get_runtime()
    upcoming = await upcoming_bookings(runtime.sessions, tracker.sender_id)
    if not upcoming:
        return None
    booking = upcoming[0]
    when = long_label(as_utc(booking.start_at), runtime.settings.time_zone)
    if booking.by_video:
        return f"Your consultation on {when} is by video. If you'd rather come to the studio, just say so."
    return (f"Your consultation on {when} is at the studio, {runtime.settings.studio.get('address', '')}. If you'd rather "
            "do it by video, just say so.").replace(", .", ".")


#: what a day or time said for a call is taken for: asked with a question mark, it still only says when to call
_ABOUT_THE_CALL_TIME = frozenset({"hours", "out_of_work_hours", "booking", "consultation"})


def _dates_put_right_after(tracker: Tracker, text: str) -> dict[str, Any]:
    """A date of the submitted answers that this message corrects ("radiotherapy finished in May 2026, not March")."""
    if tracker.get_slot("summary_confirmed") != answers.YES:
        return {}
    filled = {s: tracker.get_slot(s) for s in QUESTIONS}
    return dates_corrected(text, filled)


class ActionAnswer(Action):
    """Acknowledge, answer every question in order, add what the person's facts change, one next step."""

    def name(self) -> str:
        return "action_answer"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        text = str(tracker.latest_message.get("text") or "")
        renamed = await fix_name(dispatcher, tracker, text)     # "its under Asha Shah not Np!! and did u get…"
        rest = rest_after_name(text) if renamed else text
        if renamed and not read_contact(rest, str(get_runtime().settings.studio.get("country") or "GB")) \
                and not QUESTION.search(rest):
            return renamed
        return [*renamed, *await self._answer(dispatcher, tracker, text)]

    async def _answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, text: str) -> list[EventType]:
        settings = get_runtime().settings
        understanding = understanding_of(tracker)
        if STOP_SENDING.search(text):
            kept = await stop_messages(tracker)
            dispatcher.utter_message(text="Of course — the studio won't send you any more messages." + (
                " Your details stay with the studio until you ask for them to be erased: just say \"delete my data\"."
                if kept else ""))
            return [SlotSet("pending_offer", None)]
        if WITHDRAW_CALL.search(text) and await withdraw_handoff(get_runtime().sessions, tracker.sender_id):
            dispatcher.utter_message(text="Done — I've withdrawn your request, so nobody will call you. If you change "
                                          "your mind, just say \"talk to a person\".")
            return [SlotSet("pending_offer", None)]
        redated = _dates_put_right_after(tracker, text)
        if redated:                             # "you've got the date wrong: radiotherapy finished in May, not March"
            dispatcher.utter_message(text="Thank you for putting that right. Updated — " + "; ".join(
                f"{QUESTIONS[k].label}: {display_value(k, v)}" for k, v in redated.items()) + ".")
            return [*(SlotSet(k, v) for k, v in redated.items()), SlotSet("pending_offer", None),
                    FollowupAction("action_submit_intake")]     # the same lead, looked at again with the right date
        told = await format_told(tracker, text)
        if told and not understanding.facts.asked and len(understanding.parts) <= 2:
            dispatcher.utter_message(text=told)     # "ok but is MY booking down as video or not lol": as it is
            return [SlotSet("pending_offer", None)]
        changed = None if KEEP_HEALTH_OFFLINE.search(text) else await format_changed(tracker, text)
        if changed:                             # "my consultation on the 16th must be by video"
            dispatcher.utter_message(text=changed)
            if not understanding.asks or set(understanding.topics) <= _ABOUT_THE_FORMAT:
                return [SlotSet("pending_offer", None)]
        new_contact = await contact_added(tracker, text)
        if new_contact:                         # "oh and pls put my phone down too, 07700900902"
            dispatcher.utter_message(text=f"Thank you — I've added {new_contact} to your details.")
            return [SlotSet("pending_offer", None)]
        added = await added_to_request(tracker, understanding, settings)
        if added and added.startswith("time:"):
            dispatcher.utter_message(text=f"Noted — I've told them when suits you: {added[5:]}."
                                          + before_opening_note(settings, added[5:]))
            if not understanding.asks or set(understanding.topics) <= _ABOUT_THE_CALL_TIME:   # "thursday same time?"
                return [SlotSet("pending_offer", None)]
            added = "time"
        if added and added not in ("case", "time") and not understanding.asks:
            dispatcher.utter_message(text=f"Noted — I've told them to contact you by {WAYS.get(added, added)} first.")
            return [SlotSet("pending_offer", None)]
        context = await context_of(tracker, settings)
        if tracker.get_slot("pending_offer") == "intake" and KEEP_HEALTH_OFFLINE.search(text):
            # "…also no thanks to the health questions, rather talk in person": a recorded no, and not offered again
            runtime = get_runtime()
            await record_consent(runtime.sessions, tracker.sender_id, channel_of(tracker), settings.notice_version,
                                 granted=False)
            dispatcher.utter_message(text="No problem — no health questions.")
            context = replace(context, intake_declined=True)
        plan = plan_reply(understanding, context)
        if added:                               # the person already asked for will call: no offers on top
            plan.offer, plan.responses = None, [r for r in plan.responses if not r[0].startswith("utter_offer_")]
        speak(plan, dispatcher, tracker, settings)
        if added and added != "time":
            dispatcher.utter_message(text="I've added that to your request, so the person who gets back to you "
                                          "knows.")
        return [*plan_events(plan, tracker), *language_events(tracker, understanding, settings)]


def language_events(tracker: Tracker, understanding: Understanding, settings: Settings) -> list[EventType]:
    """The conversation's language, for what follows (a call-back request asked in Spanish): set when the visitor
    writes in a language the studio speaks besides English, cleared when they write a sentence of English."""
    spoken = tuple(settings.studio.get("languages") or ("English",))
    now = tracker.get_slot("conversation_language")
    if understanding.language == "Spanish" and "Spanish" in spoken and now != "es":
        return [SlotSet("conversation_language", "es")]
    if now and clearly_english(understanding.text):
        return [SlotSet("conversation_language", None)]
    return []
