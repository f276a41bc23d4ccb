"""Booking a consultation in the chat: contact details, times as buttons, book, cancel, reschedule.

Flow: ``action_start_booking`` makes sure the lead has a first name and a way
to reach them (``booking_contact_form``, no health questions), then offers
times (``booking_offered`` holds them as ISO strings) and runs
``booking_form``. Its validation books the chosen time, offers later or fresh
times, or records a time preference; ``action_booking_done`` confirms.
The forms read every answer themselves (a typed "2" picks the second time),
so leaving them ("stop", "talk to a person", …) is decided here too.
"""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from typing import Any, Optional

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.actions.common import channel_of, is_messaging_app, latest_intent, question_asked, utter_faq
from bot.actions.runtime import Runtime, get_runtime
from bot.booking import messages
from bot.booking.alerts import booking_failed, notify_safely
from bot.booking.base import (Attendee, BookingError, BookingNotFound, BookingProvider, ProviderUnavailable, Slot,
                              SlotTaken, as_utc, iso_utc, parse_iso)
from bot.booking.config import BookingConfig, booking_config, zone_label
from bot.booking.link import LinkProvider, booking_url
from bot.booking.preference import TimePreference, read_preference
from bot.booking.providers import make_provider
from bot.booking.slots import spread
from bot.booking.store import get_booking, upcoming_bookings
from bot.booking.text import long_label, none_suit, pick_offered, short_label, wants_later
from bot.hours import contact_expectation
from bot.intake import answers
from bot.store.leads import add_handoff, get_lead, get_or_create_lead
from bot.store.models import Lead

CONTACT_FORM, CHOICE_FORM = "booking_contact_form", "booking_form"
#: Values of ``booking_choice`` that end a booking form without a booking.
EXITS = {"stop", "handoff", "erase", "cancel", "failed", "none"}
EXIT_INTENTS = {"stop": "stop", "human_handoff": "handoff", "delete_my_data": "erase", "cancel_booking": "cancel"}
EXIT_WORDS = {"stop": "stop", "cancel": "stop", "quit": "stop", "exit": "stop", "never mind": "stop",
              "forget it": "stop", "not now": "stop"}
MAX_PREFERENCE = 200

# --- small helpers -------------------------------------------------------------------------------

def _config(runtime: Runtime) -> BookingConfig:
    return booking_config(runtime.settings)


def _region(runtime: Runtime) -> str:
    return str(runtime.settings.studio.get("country", "GB"))


def _needs_email(runtime: Runtime) -> bool:
    """Cal.com books with an email address; the other providers also take a phone number."""
    return _config(runtime).provider == "calcom"


def _clean(value: Any) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]*>", " ", str(value or ""))).strip()


def _exit(tracker: Tracker, text: str, min_confidence: float = 0.6) -> Optional[str]:
    """How the visitor wants to leave the booking, if they do."""
    lowered = text.lower().strip(" .!")
    if lowered in EXIT_WORDS:
        return EXIT_WORDS[lowered]
    intent, confidence = latest_intent(tracker)
    if intent in EXIT_INTENTS and confidence >= min_confidence:
        return EXIT_INTENTS[intent]
    return None


def _answer_question(dispatcher: CollectingDispatcher, tracker: Tracker, text: str) -> bool:
    """Answer an FAQ asked in the middle of booking; True if one was answered."""
    response = question_asked(tracker, text, 0.5)
    if response is None:
        return False
    utter_faq(dispatcher, response, get_runtime().settings.answer_values())
    return True


def _offered(tracker: Tracker) -> list[datetime]:
    found = []
    for value in tracker.get_slot("booking_offered") or []:
        try:
            found.append(parse_iso(str(value)))
        except ValueError:
            continue
    return found


def _recently_offered(tracker: Tracker, within: int = 12) -> bool:
    """Were times shown to the visitor in the last few events?"""
    recent = [e for e in tracker.events[-within:] if e.get("event") == "action"]
    return any(e.get("name") in (CHOICE_FORM, "action_ask_booking_choice", "action_booking_done") for e in recent)


def _attendee(runtime: Runtime, lead: Lead) -> Attendee:
    return Attendee(name=lead.first_name or "Visitor", email=lead.email, phone=lead.phone,
                    time_zone=str(runtime.settings.studio.get("time_zone", "UTC")), language=lead.language or "en")


def _has_contact(lead: Optional[Lead], needs_email: bool) -> bool:
    if lead is None or not lead.first_name:
        return False
    return bool(lead.email) if needs_email else bool(lead.email or lead.phone)


async def _lead(runtime: Runtime, tracker: Tracker) -> Optional[Lead]:
    async with runtime.sessions() as session:
        return await get_lead(session, tracker.sender_id)


def _reset(keep_reschedule: bool = False) -> list[EventType]:
    events: list[EventType] = [SlotSet("booking_choice", None), SlotSet("booking_time_preference", None),
                               SlotSet("booking_offered", None), SlotSet("booking_invalid", 0),
                               SlotSet("requested_slot", None)]
    if not keep_reschedule:
        events.append(SlotSet("booking_reschedule_id", None))
    return events


def _finished() -> list[EventType]:
    """Booking over (booked, preference noted or left): forget the times and the wish."""
    return [*_reset(), SlotSet("booking_wish", None)]


async def _fetch_page(runtime: Runtime, provider: BookingProvider, after: Optional[datetime] = None,
                      wish: Optional[TimePreference] = None) -> list[Slot]:
    """The next page of times (after ``after``, fitting ``wish`` if given), spread over several days."""
    config = _config(runtime)
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


def _wish(runtime: Runtime, tracker: Tracker) -> Optional[TimePreference]:
    """The visitor's wish for a day or time, if they gave one while booking."""
    said = tracker.get_slot("booking_wish")
    if not said:
        return None
    return read_preference(str(said), datetime.now(runtime.settings.time_zone).date()) or None


async def _page_for_wish(dispatcher: CollectingDispatcher, runtime: Runtime, provider: BookingProvider,
                         wish: Optional[TimePreference], after: Optional[datetime] = None) -> list[Slot]:
    """Times that fit the wish; if none do, say so and return the nearest others."""
    if wish:
        page = await _fetch_page(runtime, provider, after, wish)
        if page:
            dispatcher.utter_message(text=f"I've looked for {wish.describe()}.")
            return page
        weeks = max(1, round(_config(runtime).days_ahead / 7))
        dispatcher.utter_message(text=(f"I can't see a free time for {wish.describe()} in the next {weeks} weeks, "
                                       "so here are the nearest others. If none suit, choose \"None of these suit "
                                       "me\" and the studio will find a time with you."))
    return await _fetch_page(runtime, provider, after)


async def _fallback(dispatcher: CollectingDispatcher, tracker: Tracker, runtime: Runtime, doing: str,
                    error: Exception) -> None:
    """The booking system is down: booking link, a handoff for the practitioner, the lead kept."""
    config = _config(runtime)
    lead = await _lead(runtime, tracker)
    link = booking_url(config.link_url, lead.first_name if lead else None, lead.email if lead else None) \
        if config.link_url else None
    await booking_failed(runtime.settings, runtime.sessions, tracker.sender_id, channel_of(tracker),
                         f"Could not {doing}: {error}"[:500])
    dispatcher.utter_message(text=messages.provider_down(runtime.settings, link, doing))


async def _save_contact(runtime: Runtime, tracker: Tracker) -> None:
    """Keep the details from ``booking_contact_form`` on the conversation's lead."""
    name, email, phone = (tracker.get_slot(s) for s in ("booking_name", "booking_email", "booking_phone"))
    async with runtime.sessions.begin() as session:
        lead = await get_or_create_lead(session, tracker.sender_id, channel_of(tracker))
        lead.first_name = name or lead.first_name
        lead.email = email or lead.email
        lead.phone = phone or lead.phone


async def _leave(exit_: str, dispatcher: CollectingDispatcher, tracker: Tracker,
                 domain: DomainDict) -> list[EventType]:
    """Finish a booking form that ended without a booking."""
    if exit_ == "handoff":
        from bot.actions.handoff import ActionHumanHandoff
        return await ActionHumanHandoff().run(dispatcher, tracker, domain)
    if exit_ == "erase":
        from bot.actions.privacy import ActionConfirmErasure
        return await ActionConfirmErasure().run(dispatcher, tracker, domain)
    if exit_ == "cancel":
        return await ActionCancelBooking().run(dispatcher, tracker, domain)
    if exit_ == "stop":
        dispatcher.utter_message(text=("No problem — I haven't booked anything. Whenever you're ready, just say "
                                       "\"book a consultation\". Is there anything else I can help with?"))
    return []


def _preferred_contact(lead: Lead) -> Optional[str]:
    """How the studio will confirm: the visitor's preferred way first ("by WhatsApp on +44…")."""
    how = {"whatsapp": "WhatsApp", "sms": "text message", "phone": "phone"}.get(lead.preferred_contact or "")
    if how and lead.phone:
        return f"{how} on {lead.phone}"
    return lead.email or lead.phone


async def offer_times(dispatcher: CollectingDispatcher, tracker: Tracker,
                      after: Optional[datetime] = None, keep_reschedule: bool = False) -> list[EventType]:
    """Fetch times and start ``booking_form`` (or fall back / ask for a preference)."""
    runtime = get_runtime()
    provider = make_provider(runtime.settings, runtime.sessions)
    reset = _reset(keep_reschedule)
    if isinstance(provider, LinkProvider):
        lead = await _lead(runtime, tracker)
        url = provider.url_for(_attendee(runtime, lead) if lead else None, lead.id if lead else None)
        dispatcher.utter_message(text=messages.link_handoff(url))
        return reset
    try:
        page = await _page_for_wish(dispatcher, runtime, provider, _wish(runtime, tracker), after)
    except ProviderUnavailable as exc:
        await _fallback(dispatcher, tracker, runtime, "look up free times", exc)
        return reset
    if not page:
        weeks = max(1, round(_config(runtime).days_ahead / 7))
        dispatcher.utter_message(text=(f"I'm sorry — I can't find {'more ' if after else ''}free consultation "
                                       f"times in the next {weeks} weeks."))
        return [*reset, SlotSet("booking_choice", "none"), FollowupAction(CHOICE_FORM)]
    return [*reset, SlotSet("booking_offered", [iso_utc(s.start) for s in page]), FollowupAction(CHOICE_FORM)]


# --- entry -------------------------------------------------------------------------------------------

class ActionStartBooking(Action):
    """Start (or continue) booking: contact details first if needed, then times."""

    def name(self) -> str:
        return "action_start_booking"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        events = self._remember_wish(tracker)
        if events:          # the slot must be set before the times are fetched
            tracker.slots["booking_wish"] = events[0]["value"]
        return [*events, *await self._start(dispatcher, tracker, domain)]

    @staticmethod
    def _remember_wish(tracker: Tracker) -> list[EventType]:
        """A day or time named in the booking request ("can I come next Tuesday afternoon?")."""
        intent, _ = latest_intent(tracker)
        text = _clean(tracker.latest_message.get("text"))
        if intent in ("book_consultation", "reschedule_booking", "later_times") and \
                read_preference(text, datetime.now(timezone.utc).date()):
            return [SlotSet("booking_wish", text[:MAX_PREFERENCE])]
        return []

    async def _start(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                     domain: DomainDict) -> list[EventType]:
        runtime = get_runtime()
        after_contact_form = tracker.latest_action_name == CONTACT_FORM
        if after_contact_form:
            choice = tracker.get_slot("booking_choice")
            if choice in EXITS:
                return [*_reset(), *await _leave(choice, dispatcher, tracker, domain)]
            await _save_contact(runtime, tracker)
        lead = await _lead(runtime, tracker)
        needs_email = _needs_email(runtime)
        if not _has_contact(lead, needs_email):
            what = "an email address" if needs_email else "an email address or phone number"
            dispatcher.utter_message(text=(f"I'd be glad to book a free consultation for you. I just need your first "
                                           f"name and {what} — no health questions."))
            return [*_reset(keep_reschedule=True),
                    SlotSet("booking_name", lead.first_name if lead else None),
                    SlotSet("booking_email", lead.email if lead else None),
                    SlotSet("booking_phone", lead.phone if lead else None),
                    FollowupAction(CONTACT_FORM)]
        rescheduling = tracker.get_slot("booking_reschedule_id")
        upcoming = await upcoming_bookings(runtime.sessions, tracker.sender_id)
        if upcoming and not rescheduling:
            when = long_label(as_utc(upcoming[0].start_at), runtime.settings.time_zone)
            dispatcher.utter_message(text=(f"You already have a consultation booked for {when}. If you'd like to "
                                           "change it, just say \"reschedule\"; to cancel it, say \"cancel my "
                                           "booking\"."))
            return _reset()
        intent, _ = latest_intent(tracker)
        events: list[EventType] = [SlotSet("lead_id", lead.id)] if lead else []
        if intent == "none_suit" and not after_contact_form:
            if not _recently_offered(tracker):       # a stray "none": nothing was on offer
                dispatcher.utter_message(text="No problem. Is there anything else I can help with?")
                return _reset()
            return [*events, *_reset(True), SlotSet("booking_choice", "none"), FollowupAction(CHOICE_FORM)]
        offered = _offered(tracker)
        after = max(offered) if intent == "later_times" and offered else None
        return [*events, *await offer_times(dispatcher, tracker, after, keep_reschedule=True)]


# --- contact details ---------------------------------------------------------------------------------

class ValidateBookingContactForm(FormValidationAction):
    """First name and email or phone, nothing more."""

    def name(self) -> str:
        return "validate_booking_contact_form"

    async def required_slots(self, domain_slots: list[str], dispatcher: CollectingDispatcher, tracker: Tracker,
                             domain: DomainDict) -> list[str]:
        if tracker.get_slot("booking_choice") in EXITS:
            return []
        # the slot may still hold the raw answer being validated: only a real address counts
        email = answers.normalise_email(str(tracker.get_slot("booking_email") or ""))
        phone = tracker.get_slot("booking_phone")
        missing_contact = not email if _needs_email(get_runtime()) else not (email or phone)
        return ["booking_name", "booking_email"] if missing_contact else ["booking_name"]

    async def validate_booking_name(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                    domain: DomainDict) -> dict[str, Any]:
        if tracker.get_slot("requested_slot") != "booking_name":
            return {"booking_name": value}          # known from the lead
        text = _clean(value)
        runtime = get_runtime()
        email, phone = answers.normalise_email(text), answers.normalise_phone(text, _region(runtime))
        rest = re.sub(r"\S+@\S+|\+?[\d][\d\s().\-]{5,}\d", " ", text).strip(" ,;")
        name = answers.first_name(rest)
        leaving = _exit(tracker, text, min_confidence=0.9 if name and len(text.split()) <= 2 else 0.6)
        if leaving:
            return {"booking_name": None, "booking_choice": leaving}
        if name is None and _answer_question(dispatcher, tracker, text):
            return {"booking_name": None}
        wish = read_preference(text, datetime.now(runtime.settings.time_zone).date())
        if name is None and wish:
            dispatcher.utter_message(text=f"Noted: I'll look for {wish.describe()}.")
            return {"booking_name": None, "booking_wish": text[:MAX_PREFERENCE]}
        if name is None:
            dispatcher.utter_message(text="Could you tell me just your first name, for example \"Anna\"?")
            return {"booking_name": None}
        result: dict[str, Any] = {"booking_name": name}
        if email:
            result["booking_email"] = email
        if phone:
            result["booking_phone"] = phone
        return result

    async def validate_booking_email(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                     domain: DomainDict) -> dict[str, Any]:
        if tracker.get_slot("requested_slot") != "booking_email":
            return {"booking_email": value}
        text = _clean(value)
        runtime = get_runtime()
        email, phone = answers.normalise_email(text), answers.normalise_phone(text, _region(runtime))
        if not email and not phone:
            leaving = _exit(tracker, text)
            if leaving:
                return {"booking_email": None, "booking_choice": leaving}
            if _answer_question(dispatcher, tracker, text):
                return {"booking_email": None}
        phone = phone or tracker.get_slot("booking_phone")
        if _needs_email(runtime) and not email:
            dispatcher.utter_message(text=("The booking system sends its confirmation by email, so I need an email "
                                           "address — for example name@example.com."))
            return {"booking_email": None, "booking_phone": phone}
        if not email and not phone:
            dispatcher.utter_message(text=("I couldn't read an email address or a phone number there. Could you type "
                                           "it again, for example name@example.com or 07911 123456?"))
            return {"booking_email": None}
        return {"booking_email": email, "booking_phone": phone}


class ActionAskBookingName(Action):
    def name(self) -> str:
        return "action_ask_booking_name"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        dispatcher.utter_message(text="What's your first name?")
        return []


class ActionAskBookingEmail(Action):
    def name(self) -> str:
        return "action_ask_booking_email"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        name = tracker.get_slot("booking_name")
        thanks = f"Thanks, {name}! " if name else ""
        if _needs_email(get_runtime()):
            dispatcher.utter_message(text=f"{thanks}What email address should the booking confirmation go to?")
        else:
            dispatcher.utter_message(text=(f"{thanks}What's the best email address or phone number for the studio "
                                           "to reach you?"))
        return []


# --- choosing a time ---------------------------------------------------------------------------------

class ValidateBookingForm(FormValidationAction):
    """Reads the chosen time (button, number, day/time) and books it; or later times, or none suit."""

    def name(self) -> str:
        return "validate_booking_form"

    async def required_slots(self, domain_slots: list[str], dispatcher: CollectingDispatcher, tracker: Tracker,
                             domain: DomainDict) -> list[str]:
        if tracker.get_slot("booking_choice") == "none":
            return ["booking_choice", "booking_time_preference"]
        return ["booking_choice"]

    async def validate_booking_choice(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                      domain: DomainDict) -> dict[str, Any]:
        if tracker.get_slot("requested_slot") != "booking_choice":
            return {"booking_choice": value}        # "none" set on the way in
        text = _clean(value)
        runtime = get_runtime()
        offered = _offered(tracker)
        index = pick_offered(text, offered, runtime.settings.time_zone, datetime.now(timezone.utc))
        if index is not None:
            return await self._book(offered[index], dispatcher, tracker, runtime)
        leaving = _exit(tracker, text)
        if leaving:
            return {"booking_choice": leaving}
        intent, _ = latest_intent(tracker)
        wish = read_preference(text, datetime.now(runtime.settings.time_zone).date())
        if wish and not none_suit(text):
            return await self._for_wish(text, wish, dispatcher, tracker, runtime)
        if intent == "later_times" or wants_later(text):
            return await self._later(offered, dispatcher, tracker, runtime)
        if intent in ("none_suit", "deny") or none_suit(text):
            return {"booking_choice": "none"}
        if _answer_question(dispatcher, tracker, text):
            return {"booking_choice": None}
        failures = int(tracker.get_slot("booking_invalid") or 0) + 1
        if intent not in ("book_consultation", "reschedule_booking"):
            dispatcher.utter_message(text=messages.choice_hint(len(offered), failures))
        return {"booking_choice": None, "booking_invalid": failures}

    async def _for_wish(self, text: str, wish: TimePreference, dispatcher: CollectingDispatcher, tracker: Tracker,
                        runtime: Runtime) -> dict[str, Any]:
        """"Anything on Saturday morning?" while choosing: the times that fit instead."""
        provider = make_provider(runtime.settings, runtime.sessions)
        try:
            page = await _page_for_wish(dispatcher, runtime, provider, wish)
        except ProviderUnavailable as exc:
            await _fallback(dispatcher, tracker, runtime, "look up free times", exc)
            return {"booking_choice": "failed"}
        if not page:
            return {"booking_choice": "none"}
        return {"booking_choice": None, "booking_offered": [iso_utc(s.start) for s in page], "booking_invalid": 0,
                "booking_wish": text[:MAX_PREFERENCE]}

    async def _later(self, offered: list[datetime], dispatcher: CollectingDispatcher, tracker: Tracker,
                     runtime: Runtime) -> dict[str, Any]:
        provider = make_provider(runtime.settings, runtime.sessions)
        try:
            page = await _fetch_page(runtime, provider, max(offered) if offered else None, _wish(runtime, tracker))
            if not page and _wish(runtime, tracker):
                page = await _fetch_page(runtime, provider, max(offered) if offered else None)
        except ProviderUnavailable as exc:
            await _fallback(dispatcher, tracker, runtime, "look up more times", exc)
            return {"booking_choice": "failed"}
        if not page:
            dispatcher.utter_message(text="Those were the last free times I can see for now.")
            return {"booking_choice": "none"}
        return {"booking_choice": None, "booking_offered": [iso_utc(s.start) for s in page], "booking_invalid": 0}

    async def _book(self, start: datetime, dispatcher: CollectingDispatcher, tracker: Tracker,
                    runtime: Runtime) -> dict[str, Any]:
        settings, config = runtime.settings, _config(runtime)
        provider = make_provider(settings, runtime.sessions)
        label = short_label(start, settings.time_zone)
        lead = await _lead(runtime, tracker)
        if lead is None:
            async with runtime.sessions.begin() as session:
                lead = await get_or_create_lead(session, tracker.sender_id, channel_of(tracker))
        slot = Slot(start, start + timedelta(minutes=config.consultation_minutes))
        try:
            result = await provider.book(slot, _attendee(runtime, lead), lead.id, tracker.sender_id)
        except SlotTaken:
            return await self._taken(label, start, provider, dispatcher, runtime)
        except ProviderUnavailable as exc:
            await _fallback(dispatcher, tracker, runtime, f"book {label}", exc)
            return {"booking_choice": "failed"}
        except BookingError:
            return await self._taken(label, start, provider, dispatcher, runtime, gone=True)
        previous = tracker.get_slot("booking_reschedule_id")
        if previous and previous != result.booking_id:
            await _cancel_quietly(runtime, tracker, previous, "moved to another time by the visitor")
        await notify_safely(settings, "booking_request", lead.id, f"{lead.first_name or 'A visitor'}: {label}")
        return {"booking_choice": iso_utc(result.start), "booking_id": result.booking_id, "booking_invalid": 0}

    async def _taken(self, label: str, start: datetime, provider: BookingProvider,
                     dispatcher: CollectingDispatcher, runtime: Runtime, gone: bool = False) -> dict[str, Any]:
        """The race was lost (or the time passed): say so kindly and offer what is still free."""
        try:
            page = [s for s in await _fetch_page(runtime, provider) if s.start != as_utc(start)]
        except ProviderUnavailable:
            page = []
        reason = "is no longer available" if gone else "was booked by someone else just a moment ago"
        if not page:
            dispatcher.utter_message(text=f"I'm sorry — {label} {reason}, and I can't see other free times right now.")
            return {"booking_choice": "none"}
        dispatcher.utter_message(text=f"I'm sorry — {label} {reason}. Here are other times that are still free.")
        return {"booking_choice": None, "booking_offered": [iso_utc(s.start) for s in page], "booking_invalid": 0}

    async def validate_booking_time_preference(self, value: Any, dispatcher: CollectingDispatcher,
                                               tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        if tracker.get_slot("requested_slot") != "booking_time_preference":
            return {"booking_time_preference": None}
        text = _clean(value)
        leaving = _exit(tracker, text)
        if leaving:
            return {"booking_time_preference": None, "booking_choice": leaving}
        if _answer_question(dispatcher, tracker, text):
            return {"booking_time_preference": None}
        if len(re.findall(r"[^\W\d_]", text)) < 2:
            dispatcher.utter_message(text="Could you describe it in a few words, for example \"Tuesday mornings\"?")
            return {"booking_time_preference": None}
        return {"booking_time_preference": text[:MAX_PREFERENCE]}


class ActionAskBookingChoice(Action):
    def name(self) -> str:
        return "action_ask_booking_choice"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        text, buttons = messages.offer(get_runtime().settings, _offered(tracker), is_messaging_app(tracker))
        dispatcher.utter_message(text=text, buttons=buttons)
        return []


class ActionAskBookingTimePreference(Action):
    def name(self) -> str:
        return "action_ask_booking_time_preference"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        settings = get_runtime().settings
        practitioner = settings.practitioner_name
        dispatcher.utter_message(
            text=(f"No problem. Which day and part of the day would suit you best — for example \"Thursday "
                  f"evening\" or \"weekday mornings\"? I'll pass it on to {practitioner}."),
            buttons=messages.preference_buttons())
        return []


class ActionBookingDone(Action):
    """After ``booking_form``: confirm the booking, record a preference, or wrap up."""

    def name(self) -> str:
        return "action_booking_done"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        runtime = get_runtime()
        choice = tracker.get_slot("booking_choice")
        preference = tracker.get_slot("booking_time_preference")
        if choice == "none" and preference:
            await self._preference(dispatcher, tracker, runtime, str(preference))
            return _finished()
        if choice in EXITS or not choice:
            return [*_finished(), *await _leave(str(choice or "stop"), dispatcher, tracker, domain)]
        booking = await get_booking(runtime.sessions, str(tracker.get_slot("booking_id") or ""))
        if booking is None:
            return _finished()
        lead = await _lead(runtime, tracker)
        contact = _preferred_contact(lead) if lead else None
        dispatcher.utter_message(text=messages.confirmation(
            runtime.settings, _config(runtime), booking, lead.first_name if lead else None, contact))
        return _finished()

    @staticmethod
    async def _preference(dispatcher: CollectingDispatcher, tracker: Tracker, runtime: Runtime,
                          preference: str) -> None:
        handoff, created = await add_handoff(runtime.sessions, tracker.sender_id, channel_of(tracker),
                                             "time_preference", f"Preferred time: {preference}")
        if created:
            lead = await _lead(runtime, tracker)
            name = lead.first_name if lead and lead.first_name else "A visitor"
            await notify_safely(runtime.settings, "handoff", handoff.lead_id,
                                f"{name} is looking for a consultation time")
        expectation = contact_expectation(runtime.settings, datetime.now(timezone.utc))
        dispatcher.utter_message(text=(f"Thank you — I've noted \"{preference}\" for the studio, and they'll be in "
                                       f"touch to find a time that works for you. {expectation}"))


# --- cancel and reschedule ---------------------------------------------------------------------------

async def _cancel_quietly(runtime: Runtime, tracker: Tracker, booking_id: str, reason: str) -> None:
    """Cancel the old booking after a reschedule; if that fails, the studio is asked to do it."""
    booking = await get_booking(runtime.sessions, booking_id)
    if booking is None:
        return
    try:
        await make_provider(runtime.settings, runtime.sessions, booking.provider).cancel(booking_id, reason)
    except BookingNotFound:
        return
    except BookingError as exc:
        await booking_failed(runtime.settings, runtime.sessions, tracker.sender_id, channel_of(tracker),
                             f"Could not cancel the previous booking {booking_id} after a reschedule: {exc}"[:500])


class ActionCancelBooking(Action):
    """"Cancel my booking": cancel the conversation's next booking."""

    def name(self) -> str:
        return "action_cancel_booking"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        runtime = get_runtime()
        settings = runtime.settings
        upcoming = await upcoming_bookings(runtime.sessions, tracker.sender_id)
        if not upcoming:
            phone = settings.studio.get("phone")
            dispatcher.utter_message(text=(
                "I can't find an upcoming booking made in this chat. If you booked another way, the studio can "
                f"help{f' on {phone}' if phone else ''}, or you can reply to your confirmation email."))
            return []
        booking = upcoming[0]
        label = long_label(as_utc(booking.start_at), settings.time_zone)
        try:
            await make_provider(settings, runtime.sessions, booking.provider).cancel(booking.id,
                                                                                     "cancelled by the visitor")
        except BookingNotFound:
            dispatcher.utter_message(text="That booking was already cancelled.")
            return []
        except BookingError as exc:
            await booking_failed(settings, runtime.sessions, tracker.sender_id, channel_of(tracker),
                                 f"Could not cancel the booking of {label}: {exc}"[:500])
            dispatcher.utter_message(text=(
                "I couldn't reach the booking system just now, so I've asked the studio to cancel it for you — "
                "they'll confirm once it's done."))
            return []
        await notify_safely(settings, "booking_cancelled", booking.lead_id, f"Booking of {label} cancelled")
        dispatcher.utter_message(
            text=(f"Done — I've cancelled your consultation on {label}, {zone_label(str(settings.time_zone))}. "
                  "Would you like to book another time?"),
            buttons=[{"title": "Book a new time", "payload": "/book_consultation"}, {"title": "Not now",
                                                                                     "payload": "no"}])
        return [SlotSet("booking_id", None), SlotSet("pending_offer", "booking")]


class ActionRescheduleBooking(Action):
    """"Reschedule": offer new times; the old booking is cancelled once a new one is made."""

    def name(self) -> str:
        return "action_reschedule_booking"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        runtime = get_runtime()
        upcoming = await upcoming_bookings(runtime.sessions, tracker.sender_id)
        if not upcoming:
            dispatcher.utter_message(
                text="I can't find an upcoming booking made in this chat. Would you like to book a consultation?",
                buttons=[{"title": "Book a consultation", "payload": "/book_consultation"},
                         {"title": "Not now", "payload": "no"}])
            return [SlotSet("pending_offer", "booking")]
        booking = upcoming[0]
        label = long_label(as_utc(booking.start_at), runtime.settings.time_zone)
        dispatcher.utter_message(text=(f"Of course. Your current booking ({label}) stays in place until you've "
                                       "picked a new time."))
        events = await offer_times(dispatcher, tracker, keep_reschedule=True)
        offering = any(isinstance(e, dict) and e.get("event") == "followup" for e in events)
        return [SlotSet("booking_reschedule_id", booking.id if offering else None), *events]
