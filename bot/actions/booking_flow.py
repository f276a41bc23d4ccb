"""Booking in the chat, the shared steps: contact details kept, times looked up and offered, a chosen or
named time booked and confirmed, leaving the booking, and the checks that come first (a minor is never
booked). The actions in :mod:`bot.actions.booking` call these.

A day and time named by the visitor ("can I come thursday at 18:30?") — with the request, at the contact
step or while choosing — is booked as it is when free (:func:`book_named`), else the visitor is told why
and offered the nearest free times around it, that day's first (``bot.booking.direct``).
"""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from typing import Any, Optional

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.common import (area_of, channel_of, concern_of, intake_declined, latest_intent, question_asked,
                                utter_faq)
from bot.actions.respond import context_of, reply_values, understanding_of
from bot.actions.runtime import Runtime, get_runtime
from bot.booking import messages
from bot.understanding.age import about_someone_else, child_age, minor_in_conversation, says_minor
from bot.booking.alerts import booking_failed, notify_safely
from bot.booking.base import (Attendee, BookingError, BookingNotFound, BookingProvider, ProviderUnavailable, Slot,
                              SlotTaken, as_utc, iso_utc, parse_iso)
from bot.booking.config import BookingConfig, booking_config
from bot.booking.direct import look_up, named_start
from bot.booking.link import LinkProvider, booking_url
from bot.booking.preference import TimePreference, consultation_format, read_preference
from bot.booking.providers import make_provider
from bot.booking.slots import CalendarRules, spread
from bot.booking.store import get_booking, upcoming_bookings
from bot.booking.text import long_label, short_label
from bot.hours import before_opening_note
from bot.intake.answers import addressed
from bot.nlp.readable import asks
from bot.replies.plan import plan_reply
from bot.understanding.facts import wants_time
from bot.understanding.model import ACTION_INTENTS
from bot.contact import without_contact
from bot.handoff.context import updated_time
from bot.store.leads import add_handoff, consent_refused, get_lead, get_or_create_lead, intake_answer, open_handoff
from bot.store.models import Lead

CONTACT_FORM, CHOICE_FORM = "booking_contact_form", "booking_form"
#: Values of ``booking_choice`` that end a booking form without a booking (leaving by intent is the forms'
#: :class:`~bot.actions.form_turn.FormTurn`: it runs the action asked for).
EXITS = {"stop", "failed", "none", "minor", "kept"}
MAX_PREFERENCE = 200


# --- small helpers -------------------------------------------------------------------------------

def config_of(runtime: Runtime) -> BookingConfig:
    return booking_config(runtime.settings)


def region_of(runtime: Runtime) -> str:
    return str(runtime.settings.studio.get("country", "GB"))


def needs_email(runtime: Runtime) -> bool:
    """Cal.com books with an email address; the other providers also take a phone number."""
    return config_of(runtime).provider == "calcom"


def clean(value: Any) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]*>", " ", str(value or ""))).strip()


#: "is it free and how long will it take?" while booking: "it" is the consultation being booked
ABOUT_THE_VISIT = re.compile(r"\b(?:is|will|does|would) (?:it|that|this|the (?:consult\w*|appointment|visit))\b[^.?!]{0,20}"
                             r"\bfree\b|\bhow long (?:will|does|is|would|'?ll) (?:it|that|this|"
                             r"the (?:consult\w*|appointment|visit))\b|\bhow long (?:will i be|am i there)\b", re.IGNORECASE)


#: facts about their own case that a question beside them asks about ("i finished roaccutane in july, does that matter")
OWN_CASE_FACTS = ("isotretinoin", "blood_thinners", "pregnant", "breastfeeding", "diabetes", "keloid", "radiotherapy",
                  "medicine")


async def answer_question(dispatcher: CollectingDispatcher, tracker: Tracker, text: str, visit: bool = True) -> bool:
    """Answer what was asked in the middle of booking (``visit``) or of a call-back request; True if something
    was answered.

    The answers come from the one understanding of the message (its plain-word topics, as everywhere else),
    without the reply's next step: the booking question is asked again after; the FAQ classifier's answer is
    the fallback."""
    if not asks(text):
        return False
    settings = get_runtime().settings
    values = reply_values(settings)
    if visit and ABOUT_THE_VISIT.search(text):
        dispatcher.utter_message(response="utter_brief_consultation", **values)
        return True
    understanding = understanding_of(tracker)
    own_case = any(getattr(understanding.facts, fact, None) for fact in OWN_CASE_FACTS)
    if (understanding.facts.asked or understanding.facts.asks_hours or understanding.facts.asks_price
            or understanding.facts.asks_pain or understanding.topics or own_case) and not understanding.facts.urgent:
        plan = plan_reply(understanding, await context_of(tracker, settings))
        said = [(r, v) for r, v in plan.responses if not r.startswith(("utter_offer_", "utter_ack_"))]
        for key, extra in said:
            dispatcher.utter_message(response=key, **{**values, **extra})
        if said:
            return True
    response = question_asked(tracker, text, 0.5)
    if response is None:
        return False
    utter_faq(dispatcher, response, values, concern_of(tracker))
    return True


#: what a reply says besides answers, left to the booking that follows
_NOT_BEFORE_BOOKING = ("utter_offer_", "utter_booking_exists", "utter_partly_answered", "utter_hours", "utter_faq/hours",
                       "utter_brief_hours", "utter_faq/booking", "utter_brief_booking", "utter_faq/consultation",
                       "utter_brief_consultation")


async def answer_before_booking(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """Questions asked with the request to book ("…on the face, is it allowed? I work until 17:00, so can I come on
    Saturday?"): each answered before the booking starts, from the same plan as any reply, without its next step.
    The parts about the visit itself are the booking's; True if something was said."""
    text = str(tracker.latest_message.get("text") or "")
    if text.startswith("/") or any(e.get("event") == "bot" for e in _this_turn(tracker)):
        return False                            # a button, or the reply before this action already answered
    understanding = understanding_of(tracker)
    for_someone = understanding.facts.for_someone_else and not understanding.facts.minor
    if for_someone:     # "Booking for the wife…": the booking is hers, in her name, and any health questions hers
        dispatcher.utter_message(response="utter_book_for_someone", **reply_values(get_runtime().settings))
    questions = tuple(p for p in understanding.parts if p.is_question and not wants_time(p.text)
                      and p.intent not in ACTION_INTENTS)
    if not questions or understanding.facts.urgent:
        return for_someone
    asked = replace(understanding, text=" ".join(p.text for p in questions), parts=questions)
    plan = plan_reply(asked, await context_of(tracker, get_runtime().settings))
    said = [(r, v) for r, v in plan.responses if not r.startswith(_NOT_BEFORE_BOOKING)]
    values = reply_values(get_runtime().settings)
    for key, extra in said:
        dispatcher.utter_message(response=key, **{**values, **extra})
    return bool(said) or for_someone


def _this_turn(tracker: Tracker) -> list[dict[str, Any]]:
    """The events since the visitor's latest message."""
    events = list(tracker.events)
    last_user = max((i for i, e in enumerate(events) if e.get("event") == "user"), default=-1)
    return events[last_user + 1:]


#: a visit asked for in words; "I don't want an appointment, I want a phone call" asks for none
_A_VISIT = re.compile(r"\b(?:book\w*|appointment|appt|consult\w*|come in|come to the studio|visit|slot)\b", re.IGNORECASE)
_NO_VISIT = re.compile(r"\b(?:don'?t|do not|dont|not)\s+(?:want|need)\s+(?:an?\s+|to\s+)?(?:appointment|booking|book|"
                       r"consultation|visit|come in)\b", re.IGNORECASE)
#: how long after asking for a person a day and time is taken as when to call
CALL_TIME_WITHIN = timedelta(hours=12)


async def time_for_the_call(tracker: Tracker) -> Optional[str]:
    """A day or time said just after asking to be called back, with no word of a visit, is when to call ("AFTER
    half 6. Thursday evening is best", "12.30 exactly on Wednesday please"): kept on the request; returns it (None
    when the message asks for a visit or no request is open)."""
    text = str(tracker.latest_message.get("text") or "")
    if text.startswith("/") or (_A_VISIT.search(text) and not _NO_VISIT.search(text)):
        return None
    runtime = get_runtime()
    handoff = await open_handoff(runtime.sessions, tracker.sender_id)
    if handoff is None or as_utc(handoff.created_at) < datetime.now(timezone.utc) - CALL_TIME_WITHIN:
        return None
    when = updated_time(handoff.contact_time, text)
    if when:
        await add_handoff(runtime.sessions, tracker.sender_id, handoff.channel, "person", contact_time=when)
    return when


def noted_for_the_call(dispatcher: CollectingDispatcher, when: str) -> None:
    """Says that a time given after asking for a call is kept for the call, and nothing was booked."""
    dispatcher.utter_message(text=f"Noted — that's for the call, so nothing is booked: I've told them when suits you: "
                                  f"{when}." + before_opening_note(get_runtime().settings, when))


def offered_times(tracker: Tracker) -> list[datetime]:
    found = []
    for value in tracker.get_slot("booking_offered") or []:
        try:
            found.append(parse_iso(str(value)))
        except ValueError:
            continue
    return found


def recently_offered(tracker: Tracker, within: int = 12) -> bool:
    """Were times shown to the visitor in the last few events?"""
    recent = [e for e in tracker.events[-within:] if e.get("event") == "action"]
    return any(e.get("name") in (CHOICE_FORM, "action_ask_booking_choice", "action_booking_done") for e in recent)


def attendee_of(runtime: Runtime, lead: Lead, video: bool = False) -> Attendee:
    return Attendee(name=lead.first_name or "Visitor", email=lead.email, phone=lead.phone,
                    time_zone=str(runtime.settings.studio.get("time_zone", "UTC")), language=lead.language or "en",
                    video=video)


def video_wished(tracker: Tracker) -> bool:
    """Whether the visitor's latest word on it asks for the consultation by video rather than at the studio."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            said = consultation_format(str(event.get("text") or ""))
            if said is not None:
                return said == "video"
    return False


def has_contact(lead: Optional[Lead], email_needed: bool) -> bool:
    if lead is None or not lead.first_name:
        return False
    return bool(lead.email) if email_needed else bool(lead.email or lead.phone)


async def lead_of(runtime: Runtime, tracker: Tracker) -> Optional[Lead]:
    async with runtime.sessions() as session:
        return await get_lead(session, tracker.sender_id)


def reset_slots(keep_reschedule: bool = False) -> list[EventType]:
    events: list[EventType] = [SlotSet("booking_choice", None), SlotSet("booking_time_preference", None),
                               SlotSet("booking_offered", None), SlotSet("booking_invalid", 0),
                               SlotSet("requested_slot", None)]
    if not keep_reschedule:
        events.append(SlotSet("booking_reschedule_id", None))
    return events


def finished_slots() -> list[EventType]:
    """Booking over (booked, preference noted or left): forget the times and the wish."""
    return [*reset_slots(), SlotSet("booking_wish", None)]


async def fetch_page(runtime: Runtime, provider: BookingProvider, after: Optional[datetime] = None,
                     wish: Optional[TimePreference] = None) -> list[Slot]:
    """The next page of times (after ``after``, fitting ``wish`` if given), spread over several days."""
    config = config_of(runtime)
    now = datetime.now(timezone.utc)
    start = now + timedelta(hours=config.min_notice_hours)
    if after is not None:
        start = max(start, as_utc(after) + timedelta(seconds=1))
    end = now + timedelta(days=config.days_ahead + 1)
    if start >= end:
        return []
    slots = await provider.available_slots(start, end)
    zone = runtime.settings.time_zone
    if wish:
        slots = [s for s in slots if wish.matches(s.start.astimezone(zone))]
    return spread(slots, config.page_size, zone)


def studio_today(runtime: Runtime) -> date:
    return datetime.now(runtime.settings.time_zone).date()


def names_a_time(runtime: Runtime, text: str) -> bool:
    """Does ``text`` name a day or a time ("next Tuesday afternoon", "tmrw 10am", "thursday at 18:30")?"""
    return bool(read_preference(without_contact(text, region_of(runtime)), studio_today(runtime)))


def wish_of(runtime: Runtime, tracker: Tracker) -> Optional[TimePreference]:
    """The visitor's wish for a day or time, if they gave one while booking."""
    said = tracker.get_slot("booking_wish")
    if not said:
        return None
    return read_preference(without_contact(str(said), region_of(runtime)), studio_today(runtime)) or None


def named_in(runtime: Runtime, text: Optional[str]) -> Optional[datetime]:
    """The exact start named in ``text`` (a day and a time), in UTC."""
    return named_start(text, runtime.settings.time_zone, region_of(runtime), datetime.now(timezone.utc))


async def is_minor(runtime: Runtime, tracker: Tracker) -> bool:
    """Has the visitor said they are under the minimum age (in the intake, or in what they wrote)?"""
    minimum = runtime.settings.readiness.minimum_age
    if minor_in_conversation(tracker.events, minimum):
        return True
    if says_minor(clean(tracker.latest_message.get("text")), minimum):
        return True
    stored = await intake_answer(runtime.sessions, tracker.sender_id, "adult")
    return str(stored or "").strip().lower() == "no"


def _for_their_child(tracker: Optional[Tracker]) -> bool:
    """Whether the visitor said the booking is for a child or relative under age ("my daughter Ellie who is 16")."""
    said = [str(e.get("text") or "") for e in (tracker.events if tracker else []) if e.get("event") == "user"]
    return any(child_age(text) is not None or about_someone_else(text) for text in said[-6:])


def refuse_minor(dispatcher: CollectingDispatcher, runtime: Runtime,
                 tracker: Optional[Tracker] = None) -> list[EventType]:
    """Nothing is booked for a minor: the studio's policy, a parent or guardian, and a person."""
    their_child = _for_their_child(tracker)
    text, buttons = messages.minor(runtime.settings, their_child)
    dispatcher.utter_message(text=text, buttons=buttons)
    return [SlotSet("pending_offer", "person" if their_child else "keep_in_touch")]   # "yes": in touch at 18


_DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def outside_hours(wish: TimePreference, day_hours: dict[str, str]) -> Optional[str]:
    """Why a wish can never be met, in the studio's own hours: "The studio is closed on Sundays." or
    "On Mondays the studio closes at 18:00."; None when the wish fits the hours (the times are just taken)."""
    days = [_DAY_NAMES[d] for d in sorted(wish.weekdays)] or \
        ([_DAY_NAMES[wish.on_day.weekday()]] if wish.on_day else [])
    if not days:
        return None
    if all(not day_hours.get(day) for day in days):
        return f"The studio is closed on {' and '.join(d.capitalize() + 's' for d in days)}."
    start = wish.at or wish.earliest
    if start and len(days) == 1 and day_hours.get(days[0]):
        closes = day_hours[days[0]].split("–")[-1]
        if start.strftime("%H:%M") >= closes:
            return f"On {days[0].capitalize()}s the studio closes at {closes}."
    return None


async def page_for_wish(dispatcher: CollectingDispatcher, runtime: Runtime, provider: BookingProvider,
                        wish: Optional[TimePreference], after: Optional[datetime] = None) -> list[Slot]:
    """Times that fit the wish; if none do, say so and return the nearest others."""
    if wish:
        page = await fetch_page(runtime, provider, after, wish)
        if page:
            dispatcher.utter_message(text=f"I've looked for {wish.looked_for()}.")
            return page
        weeks = max(1, round(config_of(runtime).days_ahead / 7))
        why = outside_hours(wish, runtime.settings.day_hours())
        dispatcher.utter_message(text=(f"{why} Here are the nearest times instead." if why else
                                       f"I can't see a free time for {wish.describe()} in the next {weeks} weeks, "
                                       "so here are the nearest others.") +
                                      " If none suit, choose \"None of these suit me\" and the studio will find a "
                                      "time with you.")
    return await fetch_page(runtime, provider, after)


async def fall_back(dispatcher: CollectingDispatcher, tracker: Tracker, runtime: Runtime, doing: str,
                    error: Exception) -> None:
    """The booking system is down: booking link, a handoff for the practitioner, the lead kept."""
    config = config_of(runtime)
    lead = await lead_of(runtime, tracker)
    link = booking_url(config.link_url, lead.first_name if lead else None, lead.email if lead else None) \
        if config.link_url else None
    await booking_failed(runtime.settings, runtime.sessions, tracker.sender_id, channel_of(tracker),
                         f"Could not {doing}: {error}"[:500])
    dispatcher.utter_message(text=messages.provider_down(runtime.settings, link, doing))


async def save_contact(runtime: Runtime, tracker: Tracker) -> None:
    """Keep the details from ``booking_contact_form`` on the conversation's lead."""
    name, email, phone = (tracker.get_slot(s) for s in ("booking_name", "booking_email", "booking_phone"))
    concern = concern_of(tracker)      # what they came for, even without the readiness questions
    async with runtime.sessions.begin() as session:
        lead = await get_or_create_lead(session, tracker.sender_id, channel_of(tracker))
        lead.first_name = name or lead.first_name
        lead.email = email or lead.email
        lead.phone = phone or lead.phone
        lead.concern = lead.concern or concern
        lead.body_area = lead.body_area or area_of(tracker)


def leave(exit_: str, dispatcher: CollectingDispatcher, tracker: Optional[Tracker] = None) -> list[EventType]:
    """Finish a booking that ended without a booking: a minor is told why, anyone else how to come back."""
    if exit_ == "minor":
        return refuse_minor(dispatcher, get_runtime(), tracker)
    if exit_ == "stop":
        dispatcher.utter_message(text=("No problem — I haven't booked anything. Whenever you're ready, just say "
                                       "\"book a consultation\". Is there anything else I can help with?"))
    return []


def preferred_contact(lead: Lead) -> Optional[str]:
    """How the studio will confirm: the visitor's preferred way first ("by WhatsApp on +44…")."""
    how = {"whatsapp": "WhatsApp", "sms": "text message", "phone": "phone"}.get(lead.preferred_contact or "")
    if how and lead.phone:
        return f"{how} on {lead.phone}"
    return lead.email or lead.phone


async def book_time(start: datetime, dispatcher: CollectingDispatcher, tracker: Tracker,
                    runtime: Runtime) -> dict[str, Any]:
    """Book ``start`` for the conversation's lead; the slot values for ``booking_form`` that follow.

    A booked time sets ``booking_id``; a lost race offers what is still free; a booking system that
    does not answer falls back to a person (``booking_choice`` "failed").
    """
    settings, config = runtime.settings, config_of(runtime)
    provider = make_provider(settings, runtime.sessions)
    label = short_label(start, settings.time_zone)
    lead = await lead_of(runtime, tracker)
    if lead is None:
        async with runtime.sessions.begin() as session:
            lead = await get_or_create_lead(session, tracker.sender_id, channel_of(tracker))
    slot = Slot(start, start + timedelta(minutes=config.consultation_minutes))
    try:
        result = await provider.book(slot, attendee_of(runtime, lead, video_wished(tracker)), lead.id,
                                     tracker.sender_id)
    except SlotTaken:
        return await offer_after_taken(label, start, provider, dispatcher, runtime)
    except ProviderUnavailable as exc:
        await fall_back(dispatcher, tracker, runtime, f"book {label}", exc)
        return {"booking_choice": "failed"}
    except BookingError:
        return await offer_after_taken(label, start, provider, dispatcher, runtime, gone=True)
    previous = tracker.get_slot("booking_reschedule_id")
    if previous and previous != result.booking_id:
        moved_from = await cancel_quietly(runtime, tracker, previous, "moved to another time by the visitor")
        if moved_from is not None:          # "change it to wed 12": which booking went, before the new one
            dispatcher.utter_message(text=f"Done: your booking on {long_label(moved_from, settings.time_zone)} "
                                          "is cancelled, and the new time is below.")
    await notify_safely(settings, "booking_request", lead.id, f"{lead.first_name or 'A visitor'}: {label}")
    return {"booking_choice": iso_utc(result.start), "booking_id": result.booking_id, "booking_invalid": 0}


async def offer_after_taken(label: str, start: datetime, provider: BookingProvider,
                            dispatcher: CollectingDispatcher, runtime: Runtime, gone: bool = False) -> dict[str, Any]:
    """The race was lost (or the time passed): say so kindly and offer what is still free."""
    try:
        page = [s for s in await fetch_page(runtime, provider) if s.start != as_utc(start)]
    except ProviderUnavailable:
        page = []
    reason = "is no longer available" if gone else "was booked by someone else just a moment ago"
    if not page:
        dispatcher.utter_message(text=f"I'm sorry — {label} {reason}, and I can't see other free times right now.")
        return {"booking_choice": "none"}
    dispatcher.utter_message(text=f"I'm sorry — {label} {reason}. Here are other times that are still free.")
    return {"booking_choice": None, "booking_offered": [iso_utc(s.start) for s in page], "booking_invalid": 0}


async def book_named(named: datetime, dispatcher: CollectingDispatcher, tracker: Tracker, runtime: Runtime,
                     provider: BookingProvider) -> dict[str, Any]:
    """A day and time the visitor named: booked when free, else said kindly with the nearest free times.

    Returns slot values like :func:`book_time` (``booking_offered`` holds the nearest times).
    """
    config = config_of(runtime)
    rules = CalendarRules.from_settings(runtime.settings, config)
    own = [b for b in await upcoming_bookings(runtime.sessions, tracker.sender_id)
           if as_utc(b.start_at) == as_utc(named)]
    if own:                                     # "same time, Monday at 4": their own booking, never "already booked"
        dispatcher.utter_message(text=f"That's the time you already have: {short_label(named, runtime.settings.time_zone)}. "
                                      "It stays booked as it is.")
        return {"booking_choice": "kept", "booking_wish": None}
    try:
        found = await look_up(provider, rules, named, datetime.now(timezone.utc), config.page_size)
    except ProviderUnavailable as exc:
        await fall_back(dispatcher, tracker, runtime, "look up free times", exc)
        return {"booking_choice": "failed"}
    if found.free is not None:
        return await book_time(found.free.start, dispatcher, tracker, runtime)
    dispatcher.utter_message(text=messages.named_unavailable(runtime.settings, named, found.reason,
                                                             bool(found.nearest)))
    if not found.nearest:
        return {"booking_choice": "none", "booking_wish": None}
    return {"booking_choice": None, "booking_offered": [iso_utc(s.start) for s in found.nearest],
            "booking_invalid": 0, "booking_wish": None}


async def offer_named(named: datetime, dispatcher: CollectingDispatcher, tracker: Tracker, runtime: Runtime,
                      provider: BookingProvider) -> list[EventType]:
    """Outside the form: book the named time and confirm, or start the form with the nearest times."""
    values = await book_named(named, dispatcher, tracker, runtime, provider)
    if values.get("booking_id"):
        offered = await confirm(dispatcher, tracker, runtime, str(values["booking_id"]))
        return [*finished_slots(), SlotSet("booking_id", values["booking_id"]), *offered]
    events: list[EventType] = [SlotSet("booking_wish", None)]
    if values.get("booking_choice") in ("failed", "kept"):
        return events
    events += [SlotSet(k, v) for k, v in values.items() if k != "booking_wish"]
    return [*events, FollowupAction(CHOICE_FORM)]


async def confirm(dispatcher: CollectingDispatcher, tracker: Tracker, runtime: Runtime,
                  booking_id: str) -> list[EventType]:
    """Date, time, place and preparation of the booking just made; then the readiness questions are offered,
    so the practitioner can prepare (unless they are done or the visitor declined health questions)."""
    booking = await get_booking(runtime.sessions, booking_id)
    if booking is None:
        return []
    lead = await lead_of(runtime, tracker)
    contact = preferred_contact(lead) if lead else None
    dispatcher.utter_message(text=messages.confirmation(
        runtime.settings, config_of(runtime), booking, addressed(lead.first_name) if lead else None, contact))
    if tracker.get_slot("summary_confirmed") == "yes" or intake_declined(tracker) \
            or await consent_refused(runtime.sessions, tracker.sender_id):
        return [SlotSet("pending_offer", None)]     # "not putting medical stuff on a website": not asked again
    dispatcher.utter_message(response="utter_offer_intake_after_booking")
    return [SlotSet("pending_offer", "intake")]


async def offer_times(dispatcher: CollectingDispatcher, tracker: Tracker,
                      after: Optional[datetime] = None, keep_reschedule: bool = False) -> list[EventType]:
    """Fetch times and start ``booking_form`` (or fall back / ask for a preference)."""
    runtime = get_runtime()
    provider = make_provider(runtime.settings, runtime.sessions)
    reset = reset_slots(keep_reschedule)
    if isinstance(provider, LinkProvider):
        lead = await lead_of(runtime, tracker)
        url = provider.url_for(attendee_of(runtime, lead) if lead else None, lead.id if lead else None)
        dispatcher.utter_message(text=messages.link_handoff(url))
        return reset
    named = named_in(runtime, tracker.get_slot("booking_wish"))
    if named is not None and after is None:
        return [*reset, *await offer_named(named, dispatcher, tracker, runtime, provider)]
    try:
        page = await page_for_wish(dispatcher, runtime, provider, wish_of(runtime, tracker), after)
    except ProviderUnavailable as exc:
        await fall_back(dispatcher, tracker, runtime, "look up free times", exc)
        return reset
    if not page:
        weeks = max(1, round(config_of(runtime).days_ahead / 7))
        dispatcher.utter_message(text=(f"I'm sorry — I can't find {'more ' if after else ''}free consultation "
                                       f"times in the next {weeks} weeks."))
        return [*reset, SlotSet("booking_choice", "none"), FollowupAction(CHOICE_FORM)]
    return [*reset, SlotSet("booking_offered", [iso_utc(s.start) for s in page]), FollowupAction(CHOICE_FORM)]


# --- the request and a reschedule -----------------------------------------------------------------

#: the day of the booking being moved ("can we move it to 11:30 same saturday instead?", "that day")
_SAME_DAY = re.compile(r"\b(?:the )?(?:same|that) (?:day|date|(?:mon|tues|wednes|thurs|fri|satur|sun)day)\b", re.IGNORECASE)


def remember_wish(tracker: Tracker, moving: Optional[datetime] = None) -> list[EventType]:
    """A day or time named with a booking request, kept for when the times are looked up; when a booking is
    being moved (``moving``, its start), "same saturday" or "that day" is that booking's day."""
    intent, _ = latest_intent(tracker)
    text = clean(tracker.latest_message.get("text"))
    if moving is not None:
        day = moving.astimezone(get_runtime().settings.time_zone)
        text = _SAME_DAY.sub(f"{day:%A} {day.day} {day:%B}", text)
        wish = read_preference(text, day.date())
        if wish.at is not None and not wish.weekdays and wish.on_day is None and wish.from_day is None:
            text = f"{day:%A} {day.day} {day:%B}, {text}"     # "move it to 6 instead of half 5": that day, at 6
    # whatever the classifier called it ("can i book fri 4pm? for the consult" answered first), a day or a time
    # in the message that started the booking is the wish; not one that cancels
    if intent not in ("cancel_booking", "stop", "deny") and not text.startswith("/") \
            and names_a_time(get_runtime(), text):
        return [SlotSet("booking_wish", _timed_part(text)[:MAX_PREFERENCE])]
    return []


def _timed_part(text: str) -> str:
    """The sentences of a long message that name the day or time ("…fed up of living in scarves. Could I book
    a consultation for Monday at 6pm, after work?"), so that a story before it does not push it out."""
    if len(text) <= MAX_PREFERENCE:
        return text
    timed = [s for s in re.split(r"(?<=[.!?\n])\s+", text) if names_a_time(get_runtime(), s)]
    return " ".join(timed) or text


async def cancel_quietly(runtime: Runtime, tracker: Tracker, booking_id: str, reason: str) -> Optional[datetime]:
    """Cancel the old booking after a reschedule; if that fails, the studio is asked to do it.

    Returns the start of the booking that was cancelled, so the visitor can be told which one went."""
    booking = await get_booking(runtime.sessions, booking_id)
    if booking is None:
        return None
    try:
        await make_provider(runtime.settings, runtime.sessions, booking.provider).cancel(booking_id, reason)
    except BookingNotFound:
        return None
    except BookingError as exc:
        await booking_failed(runtime.settings, runtime.sessions, tracker.sender_id, channel_of(tracker),
                             f"Could not cancel the previous booking {booking_id} after a reschedule: {exc}"[:500])
        return None
    return as_utc(booking.start_at)
