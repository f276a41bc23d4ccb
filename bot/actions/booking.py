"""Booking a consultation in the chat: contact details, times as buttons, book, cancel, reschedule.

Flow: ``action_start_booking`` makes sure the lead has a first name and a way
to reach them (``booking_contact_form``, no health questions), then offers
times (``booking_offered`` holds them as ISO strings) and runs
``booking_form``. Its validation books the chosen time, offers later or fresh
times, or records a time preference; ``action_booking_done`` confirms.
Both forms decide each turn like every form (:class:`~bot.actions.form_turn.FormTurn`):
the question's own answers first (a typed "2" picks the second time, a contact
detail is a contact detail), then leaving ("stop", "talk to a person", …), then a
question asked instead, then parsing.
A day and time the visitor names is booked directly when free, and a visitor
who said they are under age is never booked (see :mod:`bot.actions.booking_flow`).
"""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from typing import Any, Optional

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.actions.respond import understanding_of
from bot.actions.booking_flow import (CHOICE_FORM, CONTACT_FORM, EXITS, MAX_PREFERENCE, answer_before_booking,
                                      noted_for_the_call, time_for_the_call,
                                      answer_question,
                                      book_named, book_time, clean, confirm, fall_back, fetch_page, finished_slots,
                                      has_contact, is_minor, lead_of, leave, named_in, needs_email,
                                      offer_times, offered_times, page_for_wish, recently_offered, refuse_minor,
                                      outside_hours, region_of, remember_wish, reset_slots, save_contact, studio_today,
                                      wish_of)
from bot.actions.common import buttons, channel_of, is_messaging_app, latest_intent, ran_this_turn, with_slots
from bot.actions.form_turn import FormTurn
from bot.actions.name_fix import name_given
from bot.actions.runtime import Runtime, get_runtime
from bot.booking import messages
from bot.understanding.age import says_minor
from bot.booking.alerts import booking_failed, notify_safely
from bot.booking.base import BookingError, BookingNotFound, ProviderUnavailable, as_utc, iso_utc
from bot.booking.config import booking_config, zone_label
from bot.booking.direct import look_up
from bot.booking.slots import CalendarRules
from bot.booking.preference import TimePreference, consultation_format, read_preference
from bot.booking.providers import make_provider
from bot.booking.store import cancelled_upcoming, upcoming_bookings
from bot.booking.text import long_label, none_suit, pick_offered, wants_later
from bot.booking.when import read_clock
from bot.replies.plan import out_of_work_hours
from bot.nlp.readable import ASKS_IF_CANCELLED, explicit_request
from bot.understanding.facts import asked_topics, weekday
from bot.contact import read_contact, without_contact
from bot.hours import contact_expectation
from bot.intake import answers
from bot.store.leads import add_handoff, get_or_create_lead
from bot.store.models import Lead


GLAD_TO_BOOK = "I'd be glad to book a free consultation for you."


# --- entry -------------------------------------------------------------------------------------------

#: "r u free in the next hour?", "can I come in now?": sooner than any booking can be
_RIGHT_AWAY = re.compile(r"\b(?:in the next (?:hour|couple of hours|few hours)|right now|straight away|"
                         r"in (?:like |about |around |half |an? )*(?:hour|hr|couple of hours|few hours|\d+ ?(?:mins?|minutes|hours?|hrs?))|"
                         r"(?:later )?today|this (?:afternoon|morning|evening)|"
                         r"(?:come|pop|drop) in now|walk[\s-]?in)\b", re.IGNORECASE)


#: "we're off travelling for 6 weeks from saturday, can I book for when we're back?"
_AWAY_FOR = re.compile(r"\b(?:away|travel\w*|abroad|off|out of the country|overseas|in \w+ till|until)\b[^.?!]{0,40}?\b"
                       r"(?:for |in |about |around )?(\d+|two|three|four|five|six|seven|eight|a couple of|a few) (weeks?|months?)\b",
                       re.IGNORECASE)
_COUNTS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "a couple of": 2, "a few": 3}


def _days(amount: str, unit: str) -> int:
    number = int(amount) if amount.isdigit() else _COUNTS.get(amount.lower(), 1)
    return number * (30 if unit.lower().startswith("month") else 7)



#: a time corrected as it is typed ("10? no wait half 11", "2pm, actually 3")
_SELF_CORRECTION = re.compile(r"\b(?:no,? wait|wait no|actually|sorry,? i mean|i mean|make (?:that|it)|or rather)\b",
                              re.IGNORECASE)


def _on_the_offered_day(text: str, offered: list[datetime], runtime: Runtime) -> Optional[datetime]:
    """A clock time alone ("half 11") while times of one day are on offer: that time on the first offered day."""
    at = read_clock(text)
    if at is None or not offered or weekday(text):
        return None
    zone = runtime.settings.time_zone
    day = min(offered).astimezone(zone).date()
    return datetime.combine(day, at, tzinfo=zone).astimezone(timezone.utc)


class ActionStartBooking(Action):
    """Start (or continue) booking: contact details first if needed, then times."""

    def name(self) -> str:
        return "action_start_booking"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        when = await time_for_the_call(tracker)
        if when:                            # "AFTER half 6. Thursday evening is best" just after asking for a call
            noted_for_the_call(dispatcher, when)
            return [SlotSet("pending_offer", None)]
        if await is_minor(get_runtime(), tracker):     # under age: the policy once, no questions or dates first
            return [*finished_slots(), *refuse_minor(dispatcher, get_runtime(), tracker)]
        await answer_before_booking(dispatcher, tracker)     # "…is the face allowed? can I come on Saturday?"
        events = self._remember_wish(tracker)
        too_far = self._too_far(get_runtime(), with_slots(tracker, events))
        if too_far:                         # said once; the times offered are then the nearest ones
            dispatcher.utter_message(text=too_far)
            events = [*events, SlotSet("booking_wish", None)]
        return [*events, *await self._start(dispatcher, with_slots(tracker, events), domain)]

    @staticmethod
    async def _named_first(runtime: Runtime, tracker: Tracker) -> str:
        """A day and time named with the request ("is Saturday 1pm free?"): whether it is, said before the
        contact questions, so the visitor knows at once (it is looked up again when booking)."""
        named = named_in(runtime, tracker.get_slot("booking_wish"))
        if named is None:
            return ActionStartBooking._wish_first(runtime, tracker)
        config = booking_config(runtime.settings)
        rules = CalendarRules.from_settings(runtime.settings, config)
        try:
            found = await look_up(make_provider(runtime.settings, runtime.sessions), rules, named,
                                  datetime.now(timezone.utc), config.page_size)
        except ProviderUnavailable:
            return ""
        label = long_label(as_utc(named), runtime.settings.time_zone)
        if found.free is not None:
            return f"{label} is free, and I'd be glad to book it for you."
        alternatives = " I'll show you the nearest free times" if found.nearest else ""
        later = out_of_work_hours(runtime.settings.day_hours()) if re.search(r"closed|opening hours|closing", found.reason) \
            else ""                             # "the only time I'm free": the other times that may suit
        other = f" The studio is open {later}, and the consultation can also be by video." if later else ""
        return (f"I'm sorry — {label} {found.reason}.{other}{alternatives}"
                f"{' once I have your details.' if alternatives else ''}")

    @staticmethod
    def _too_far(runtime: Runtime, tracker: Tracker) -> str:
        """A wish beyond the booking window ("like 7 weeks from now"): said before anything else."""
        wish = wish_of(runtime, tracker)
        days_ahead = booking_config(runtime.settings).days_ahead
        away = _AWAY_FOR.search(str(tracker.latest_message.get("text") or ""))
        if away and _days(away.group(1), away.group(2)) > days_ahead:
            return (f"I'm sorry — consultations can be booked up to {days_ahead} days ahead, so I can't book one for "
                    "when you're back yet. You're welcome to come back nearer the time, or take a time now (the "
                    "consultation can also be by video).")
        day = (wish.on_day or wish.from_day) if wish else None     # "mid january", "from the 20th of Jan"
        if wish is None or not day or day <= studio_today(runtime) + timedelta(days=days_ahead):
            return ""
        return (f"I'm sorry — consultations can be booked up to {days_ahead} days ahead, so {wish.describe()} is too "
                "far off to book today. You're welcome to come back nearer the time, or take a time now (the "
                "consultation can also be by video).")

    @staticmethod
    def _wish_first(runtime: Runtime, tracker: Tracker) -> str:
        """A day or time that cannot be booked ("Sunday morning?", "in the next hour?"): said at once."""
        said = str(tracker.get_slot("booking_wish") or tracker.latest_message.get("text") or "")
        notice = booking_config(runtime.settings).min_notice_hours
        if _RIGHT_AWAY.search(said):
            return (f"I'm sorry — a consultation needs at least {notice} hours' notice, so I can't book one that soon. "
                    "I'll show you the nearest free times once I have your details (a video consultation is an "
                    "option too).")
        wish = wish_of(runtime, tracker)
        if not wish:
            return ""
        why = outside_hours(wish, runtime.settings.day_hours())
        if not why:
            return ""
        later = out_of_work_hours(runtime.settings.day_hours())     # "only day off": the other times that may suit
        other = f" The studio is open {later}, and the consultation can also be by video." if later else ""
        return f"I'm sorry — {why[:1].lower()}{why[1:]}{other} I'll show you the nearest free times once I have your " \
            "details."

    @staticmethod
    def _told(runtime: Runtime, tracker: Tracker, lead: Optional[Lead]) -> tuple[Optional[str], ...]:
        """Name, email and phone known from the lead or given with the request ("…Thursday at 7pm? Priya Shah,
        priya@example.com, 07700 900123"), so that none is asked again."""
        text = clean(tracker.latest_message.get("text"))
        said = not text.startswith("/")        # the message that led here, answered first or not
        contact = read_contact(text, region_of(runtime)) if said else None
        name = answers.name_in_message(without_contact(text, region_of(runtime)), with_contact=bool(contact)) \
            if said and contact is not None else None
        return ((lead.first_name if lead else None) or name,
                (lead.email if lead else None) or (contact.email if contact else None),
                (lead.phone if lead else None) or (contact.phone if contact else None))

    @staticmethod
    def _remember_wish(tracker: Tracker) -> list[EventType]:
        """A day or time named in the booking request ("can I come next Tuesday afternoon?", "tmrw 10am?")."""
        return remember_wish(tracker)

    @staticmethod
    def _glad_to_book(runtime: Runtime, tracker: Tracker) -> str:
        """"I'd be glad to book…", and the day or time they asked for, said back ("can i book for next sat
        morning": Saturday mornings are what will be looked for once their details are in)."""
        said = clean(tracker.latest_message.get("text"))
        wish = read_preference(without_contact(said, region_of(runtime)), studio_today(runtime)) \
            if not said.startswith("/") else None
        day = (wish.on_day or wish.from_day) if wish else None
        if not wish or (day and day > studio_today(runtime) + timedelta(days=booking_config(runtime.settings).days_ahead)):
            return GLAD_TO_BOOK                 # too far off: said already, the nearest times come instead
        return f"{GLAD_TO_BOOK[:-1]}, and I'll look for {wish.looked_for()}."

    async def _start(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                     domain: DomainDict) -> list[EventType]:
        runtime = get_runtime()
        after_contact_form = tracker.latest_action_name == CONTACT_FORM
        if after_contact_form:
            choice = tracker.get_slot("booking_choice")
            if choice in EXITS:
                return [*reset_slots(), *leave(choice, dispatcher, tracker)]
            await save_contact(runtime, tracker)
        if await is_minor(runtime, tracker):
            return [*finished_slots(), *refuse_minor(dispatcher, runtime, tracker)]
        lead = await lead_of(runtime, tracker)
        email_needed = needs_email(runtime)
        if not has_contact(lead, email_needed):
            name, email, phone = self._told(runtime, tracker, lead)
            opening = await self._named_first(runtime, tracker) or self._glad_to_book(runtime, tracker)
            missing = [what for what, have in (("your first name", name), (
                "an email address" if email_needed else "an email address or phone number",
                email if email_needed else email or phone)) if not have]
            if missing:
                age = runtime.settings.readiness.minimum_age
                rule = "" if tracker.get_slot("adult") == "yes" else f" Consultations are for adults, {age} and over."
                dispatcher.utter_message(text=f"{opening} I just need {' and '.join(missing)} — no health "
                                              f"questions.{rule}")
            elif not opening.endswith("once I have your details."):
                dispatcher.utter_message(text=opening)  # "…already booked" is said once, with the nearest times
            return [*reset_slots(keep_reschedule=True), SlotSet("booking_name", name),
                    SlotSet("booking_email", email), SlotSet("booking_phone", phone), FollowupAction(CONTACT_FORM)]
        rescheduling = tracker.get_slot("booking_reschedule_id")
        upcoming = await upcoming_bookings(runtime.sessions, tracker.sender_id)
        if upcoming and not rescheduling:
            text, buttons = messages.already_booked(runtime.settings, upcoming[0])
            dispatcher.utter_message(text=text, buttons=buttons)
            return finished_slots()
        intent, _ = latest_intent(tracker)
        events: list[EventType] = [SlotSet("lead_id", lead.id)] if lead else []
        if intent == "none_suit" and not after_contact_form:
            if not recently_offered(tracker):       # a stray "none": nothing was on offer
                dispatcher.utter_message(text="No problem. Is there anything else I can help with?")
                return reset_slots()
            return [*events, *reset_slots(True), SlotSet("booking_choice", "none"), FollowupAction(CHOICE_FORM)]
        offered = offered_times(tracker)
        after = max(offered) if intent == "later_times" and offered else None
        return [*events, *await offer_times(dispatcher, tracker, after, keep_reschedule=True)]


# --- contact details ---------------------------------------------------------------------------------

#: leaving a booking form: the intent, and the action that carries it out
BOOKING_EXITS = {"stop": "action_stop_booking", "human_handoff": "action_human_handoff",
                 "delete_my_data": "action_confirm_erasure", "cancel_booking": "action_cancel_booking",
                 "follow_up": "action_keep_in_touch"}


#: the assistant's own question about one time ("Shall I book Friday at 16:00?")
_SHALL_I_BOOK = re.compile(r"Shall I book (\w+day at \d{2}:\d{2})\?")


def _last_bot_text(tracker: Tracker) -> str:
    """What the assistant said since the visitor's previous message (all of it, in order)."""
    users = [i for i, e in enumerate(tracker.events) if e.get("event") == "user"]
    since = tracker.events[users[-2] if len(users) > 1 else 0:users[-1] if users else None]
    return "\n".join(str(e.get("text") or "") for e in since if e.get("event") == "bot")


#: a question about an offered time, not a choice of it ("is 4 o'clock the latest you've got?")
_ASKS_ABOUT_IT = re.compile(
    r"\b(?:is|are) (?:that|this|it|\d{1,2}(?:[:.]\d{2})?(?: ?o'?clock| ?[ap]m)?) (?:the )?(?:latest|earliest|last|first)\b",
    re.IGNORECASE)


class BookingFormTurn(FormTurn):
    """A booking form turn: leaving forgets the times offered and the wish."""

    exits = BOOKING_EXITS

    def leaving_events(self) -> list[EventType]:
        return finished_slots()


class ValidateBookingContactForm(BookingFormTurn):
    """First name and email or phone, nothing more."""

    def name(self) -> str:
        return "validate_booking_contact_form"

    def is_free_text(self, slot: str) -> bool:
        return slot == "booking_name"

    def expected(self, slot: str, text: str, tracker: Tracker) -> bool:
        """An email address or a phone number, when that is what was asked."""
        return slot == "booking_email" and bool(read_contact(text, region_of(get_runtime())))

    async def required_slots(self, domain_slots: list[str], dispatcher: CollectingDispatcher, tracker: Tracker,
                             domain: DomainDict) -> list[str]:
        if tracker.get_slot("booking_choice") in EXITS:
            return []
        # the slot may still hold the raw answer being validated ("anna@example.com or 07700 900321"): only an
        # address already read counts, so that such an answer is validated and its phone number kept too
        raw = str(tracker.get_slot("booking_email") or "")
        email = answers.normalise_email(raw) if answers.normalise_email(raw) == raw else None
        phone = tracker.get_slot("booking_phone")
        missing_contact = not email if needs_email(get_runtime()) else not (email or phone)
        return ["booking_name", "booking_email"] if missing_contact else ["booking_name"]

    async def validate_booking_name(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                    domain: DomainDict) -> dict[str, Any]:
        if tracker.get_slot("requested_slot") != "booking_name":
            return {"booking_name": value}          # known from the lead
        text = clean(value)
        runtime = get_runtime()
        contact = read_contact(text, region_of(runtime))
        rest = without_contact(text, region_of(runtime)).strip(" ,;")
        name = answers.first_name(rest) or name_given(rest)   # "its for my mum so Asha Shah, her mobile is…"
        if says_minor(text, runtime.settings.readiness.minimum_age):
            return {"booking_name": None, "booking_choice": "minor"}
        if name is None and await answer_question(dispatcher, tracker, text):
            return {"booking_name": None}
        if name is not None and "?" in text:   # "jade pereira. do i need to bring anything?": the name, and an answer
            await answer_question(dispatcher, tracker, text)
        wish = read_preference(rest, studio_today(runtime))
        result: dict[str, Any] = {"booking_name": name}
        if wish:
            result["booking_wish"] = text[:MAX_PREFERENCE]
        if contact.email:
            result["booking_email"] = contact.email
        if contact.phone:
            result["booking_phone"] = contact.phone
        if name is None:
            dispatcher.utter_message(text=f"Noted: I'll look for {wish.describe()}." if wish else
                                     "Could you tell me just your first name, for example \"Anna\"?")
        return result

    async def validate_booking_email(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                     domain: DomainDict) -> dict[str, Any]:
        if tracker.get_slot("requested_slot") != "booking_email":
            return {"booking_email": value}
        text = clean(value)
        runtime = get_runtime()
        contact = read_contact(text, region_of(runtime))
        email, phone = contact.email, contact.phone
        if says_minor(text, runtime.settings.readiness.minimum_age):
            return {"booking_email": None, "booking_choice": "minor"}
        wish = read_preference(without_contact(text, region_of(runtime)), studio_today(runtime))
        noted: dict[str, Any] = {"booking_wish": text[:MAX_PREFERENCE]} if wish else {}
        if not email and not phone:
            if needs_email(runtime) and "phone_instead" in asked_topics(text):
                pass                            # "can't you text me instead?": the email is needed, said below
            elif await answer_question(dispatcher, tracker, text):
                return {"booking_email": None}
            if wish:
                dispatcher.utter_message(text=f"Noted: I'll look for {wish.describe()}.")
                return {"booking_email": None, **noted}
        phone = phone or tracker.get_slot("booking_phone")
        if needs_email(runtime) and not email:
            dispatcher.utter_message(text=("The booking system sends its confirmation by email, so I need an email "
                                           "address — for example name@example.com."))
            return {"booking_email": None, "booking_phone": phone, **noted}
        if not email and not phone:
            dispatcher.utter_message(text=("I couldn't read an email address or a phone number there. Could you type "
                                           "it again, for example name@example.com or 07911 123456?"))
            return {"booking_email": None}
        return {"booking_email": email, "booking_phone": phone, **noted}


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
        thanks = f"Thanks, {answers.addressed(name)}! " if name else ""
        if needs_email(get_runtime()):
            dispatcher.utter_message(text=f"{thanks}What email address should the booking confirmation go to?")
        else:
            dispatcher.utter_message(text=(f"{thanks}What's the best email address or phone number for the studio "
                                           "to reach you?"))
        return []


# --- choosing a time ---------------------------------------------------------------------------------

class ValidateBookingForm(BookingFormTurn):
    """Reads the chosen time (button, number, day/time) and books it; or later times, or none suit."""

    def name(self) -> str:
        return "validate_booking_form"

    def is_free_text(self, slot: str) -> bool:
        return slot == "booking_time_preference"

    def expected(self, slot: str, text: str, tracker: Tracker) -> bool:
        """One of the times offered (its button, its number, its day and time), or another named time."""
        if slot != "booking_choice":
            return False
        runtime = get_runtime()
        picked = pick_offered(text, offered_times(tracker), runtime.settings.time_zone, datetime.now(timezone.utc))
        return picked is not None or named_in(runtime, text) is not None

    async def required_slots(self, domain_slots: list[str], dispatcher: CollectingDispatcher, tracker: Tracker,
                             domain: DomainDict) -> list[str]:
        if tracker.get_slot("booking_choice") == "none":
            return ["booking_choice", "booking_time_preference"]
        return ["booking_choice"]

    async def validate_booking_choice(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                      domain: DomainDict) -> dict[str, Any]:
        if tracker.get_slot("requested_slot") != "booking_choice":
            return {"booking_choice": value}        # "none" set on the way in
        text = clean(value)
        runtime = get_runtime()
        corrected = re.split(r"[,;]", _SELF_CORRECTION.split(text)[-1].strip(" ,."))[0].strip()
        if corrected != text and read_clock(corrected) is not None:
            text = corrected                    # "10? no wait half 11, i start at 2": the time they settled on
        added = await _contact_added(text, tracker, runtime)
        if added:                               # "(07700) 900 835" while choosing: kept, then the times again
            dispatcher.utter_message(text="Thank you, I've added that to your details. Which time would you like?")
            return {"booking_choice": None, **added}
        if says_minor(text, runtime.settings.readiness.minimum_age):
            return {"booking_choice": "minor"}
        offered = offered_times(tracker)
        asked = _SHALL_I_BOOK.search(_last_bot_text(tracker))
        if asked and re.match(r"^\W*(?:yes|yeah|yep|yup|ok(?:ay)?|sure|please|go on|book it|that one)\b", text, re.IGNORECASE):
            text = asked.group(1)               # "yes" to "Shall I book Friday at 16:00?"
        index = pick_offered(text, offered, runtime.settings.time_zone, datetime.now(timezone.utc))
        named = named_in(runtime, text) or _on_the_offered_day(text, offered, runtime)
        if index is not None and _ASKS_ABOUT_IT.search(text):
            # "is 4 o'clock the latest you've got this Friday?": answered, and booked only on a yes
            when = offered[index].astimezone(runtime.settings.time_zone)
            same_day = [t for t in offered if t.astimezone(runtime.settings.time_zone).date() == when.date()]
            edge = "latest" if re.search(r"\b(?:latest|last)\b", text, re.IGNORECASE) else "earliest"
            is_edge = when == (max(same_day) if edge == "latest" else min(same_day))
            dispatcher.utter_message(
                text=(f"Yes, {when:%H:%M} is the {edge} free time I have on {when:%A}." if is_edge else
                      f"No, there's also {max(same_day) if edge == 'latest' else min(same_day):%H:%M} that day.")
                + f" Shall I book {when:%A} at {when:%H:%M}?",
                buttons=buttons([(f"Yes, {when:%H:%M}", f"{when:%A} at {when:%H:%M}"), ("Other times", "later times")]))
            return {"booking_choice": None}
        if index is not None and (named is None or offered[index] == named):
            return await book_time(offered[index], dispatcher, tracker, runtime)
        if named is not None:           # "thursday at 18:30" while choosing: that time, if free
            return await book_named(named, dispatcher, tracker, runtime,
                                    make_provider(runtime.settings, runtime.sessions))
        intent, _ = latest_intent(tracker)
        wish = read_preference(text, studio_today(runtime))
        if wish and not none_suit(text):
            return await self._for_wish(text, wish, dispatcher, tracker, runtime)
        if intent == "later_times" or wants_later(text):
            return await self._later(offered, dispatcher, tracker, runtime)
        if intent in ("none_suit", "deny") or none_suit(text):
            return {"booking_choice": "none"}
        said = consultation_format(text)
        if said is not None:                    # "actually I'd rather come in person": kept for the booking
            dispatcher.utter_message(text=f"Noted — {'by video' if said == 'video' else 'at the studio'}. "
                                          "Which time would you like?")
            return {"booking_choice": None}
        if await answer_question(dispatcher, tracker, text):
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
            page = await page_for_wish(dispatcher, runtime, provider, wish)
        except ProviderUnavailable as exc:
            await fall_back(dispatcher, tracker, runtime, "look up free times", exc)
            return {"booking_choice": "failed"}
        if not page:
            return {"booking_choice": "none"}
        return {"booking_choice": None, "booking_offered": [iso_utc(s.start) for s in page], "booking_invalid": 0,
                "booking_wish": text[:MAX_PREFERENCE]}

    async def _later(self, offered: list[datetime], dispatcher: CollectingDispatcher, tracker: Tracker,
                     runtime: Runtime) -> dict[str, Any]:
        provider = make_provider(runtime.settings, runtime.sessions)
        try:
            page = await fetch_page(runtime, provider, max(offered) if offered else None, wish_of(runtime, tracker))
            if not page and wish_of(runtime, tracker):
                page = await fetch_page(runtime, provider, max(offered) if offered else None)
        except ProviderUnavailable as exc:
            await fall_back(dispatcher, tracker, runtime, "look up more times", exc)
            return {"booking_choice": "failed"}
        if not page:
            dispatcher.utter_message(text="Those were the last free times I can see for now.")
            return {"booking_choice": "none"}
        return {"booking_choice": None, "booking_offered": [iso_utc(s.start) for s in page], "booking_invalid": 0}

    async def validate_booking_time_preference(self, value: Any, dispatcher: CollectingDispatcher,
                                               tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        if tracker.get_slot("requested_slot") != "booking_time_preference":
            return {"booking_time_preference": None}
        text = clean(value)
        if await answer_question(dispatcher, tracker, text):
            return {"booking_time_preference": None}
        if len(re.findall(r"[^\W\d_]", text)) < 2:
            dispatcher.utter_message(text="Could you describe it in a few words, for example \"Tuesday mornings\"?")
            return {"booking_time_preference": None}
        return {"booking_time_preference": text[:MAX_PREFERENCE]}


async def _contact_added(text: str, tracker: Tracker, runtime: Runtime) -> dict[str, Any]:
    """A phone number or an email address typed while choosing a time, when it is new: kept on the lead at
    once, and the slots to set."""
    region = region_of(runtime)
    contact = read_contact(text, region)
    if not contact or len(without_contact(text, region).split()) > 8:
        return {}
    added: dict[str, Any] = {}
    if contact.phone and contact.phone != tracker.get_slot("booking_phone"):
        added["booking_phone"] = contact.phone
    if contact.email and contact.email != tracker.get_slot("booking_email"):
        added["booking_email"] = contact.email
    if added:
        async with runtime.sessions.begin() as session:
            lead = await get_or_create_lead(session, tracker.sender_id, channel_of(tracker))
            lead.phone = added.get("booking_phone") or lead.phone
            lead.email = added.get("booking_email") or lead.email
    return added


class ActionAskBookingChoice(Action):
    def name(self) -> str:
        return "action_ask_booking_choice"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        text, buttons = messages.offer(get_runtime().settings, offered_times(tracker), is_messaging_app(tracker))
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


class ActionStopBooking(Action):
    """The visitor left a booking form: nothing is booked, and booking stays one sentence away."""

    def name(self) -> str:
        return "action_stop_booking"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        text = str(tracker.latest_message.get("text") or "")
        if explicit_request(text) == "check_suitability":
            # "no i dont want to book anything yet!! can we just check if my scar is ready first": the check, now
            dispatcher.utter_message(text="No problem — I haven't booked anything. Let's check first whether now is "
                                          "a good time.")
            return [*finished_slots(), FollowupAction("intake_form")]
        if understanding_of(tracker).asks and not ran_this_turn(tracker, "action_answer"):
            # "ooh wasnt trying to book yet 🙈 can you tell me first if its too soon?": nothing booked, then answered
            dispatcher.utter_message(text="No problem — I haven't booked anything.")
            return [*finished_slots(), FollowupAction("action_answer")]
        return [*finished_slots(), *leave("stop", dispatcher)]


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
            return finished_slots()
        if choice in EXITS or not choice:
            return [*finished_slots(), *leave(str(choice or "stop"), dispatcher, tracker)]
        offered = await confirm(dispatcher, tracker, runtime, str(tracker.get_slot("booking_id") or ""))
        return [*finished_slots(), *offered]

    @staticmethod
    async def _preference(dispatcher: CollectingDispatcher, tracker: Tracker, runtime: Runtime,
                          preference: str) -> None:
        handoff, created = await add_handoff(runtime.sessions, tracker.sender_id, channel_of(tracker),
                                             "time_preference", f"Preferred time: {preference}")
        if created:
            lead = await lead_of(runtime, tracker)
            name = lead.first_name if lead and lead.first_name else "A visitor"
            await notify_safely(runtime.settings, "handoff", handoff.lead_id,
                                f"{name} is looking for a consultation time")
        expectation = contact_expectation(runtime.settings, datetime.now(timezone.utc))
        dispatcher.utter_message(text=(f"Thank you — I've noted \"{preference}\" for the studio, and they'll be in "
                                       f"touch to find a time that works for you. {expectation}"))


# --- cancel and reschedule ---------------------------------------------------------------------------

#: the booking is to stay ("keep the Monday booking", "don't cancel it")
KEEP_BOOKING = re.compile(r"\bkeep (?:the |my |that |this )?(?:\w+ )?(?:booking|appointment|appt|consultation|one|it)\b|"
                          r"\b(?:don'?t|do not|not) cancel\b", re.IGNORECASE)


def _other_day(text: str, booking: Any, settings: Any) -> bool:
    """The message names a weekday that is not the booking's: cancelling this one would be a guess."""
    named = weekday(text)
    if not named:
        return False
    local = as_utc(booking.start_at).astimezone(settings.time_zone)
    return local.strftime("%A").lower() != named


class ActionCancelBooking(Action):
    """"Cancel my booking": cancel the conversation's next booking."""

    def name(self) -> str:
        return "action_cancel_booking"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        runtime = get_runtime()
        settings = runtime.settings
        upcoming = await upcoming_bookings(runtime.sessions, tracker.sender_id)
        cancelled = [] if upcoming else await cancelled_upcoming(runtime.sessions, tracker.sender_id)
        if cancelled:                       # "it won't cost me anything to cancel, right?" just after cancelling
            label = long_label(as_utc(cancelled[0].start_at), settings.time_zone)
            dispatcher.utter_message(text=f"Yes — your consultation on {label} is cancelled; there's nothing more "
                                          "to do (the consultation is free, so nothing was paid in advance).")
            return [FollowupAction("action_listen")]
        if not upcoming:
            phone = settings.studio.get("phone")
            dispatcher.utter_message(text=(
                "Of course. I can't see a booking made in this chat, so I can't cancel it from here: the "
                f"studio can{f' on {phone}' if phone else ''}, or reply to your confirmation email and they'll "
                "take care of it. The consultation is free, so nothing is paid in advance; you're welcome to "
                "book again whenever it suits you."))
            return [FollowupAction("action_listen")]    # also when reached from an answer: nothing else this turn
        booking = upcoming[0]
        label = long_label(as_utc(booking.start_at), settings.time_zone)
        text = str(tracker.latest_message.get("text") or "")
        if not text.startswith("/") and (KEEP_BOOKING.search(text) or ASKS_IF_CANCELLED.search(text)
                                         or _other_day(text, booking, settings)):
            # "keep the Monday booking", "the wed one is cancelled yeah?": nothing is cancelled on a guess
            gone = await cancelled_upcoming(runtime.sessions, tracker.sender_id)
            said = (f"Your consultation on {long_label(as_utc(gone[0].start_at), settings.time_zone)} is cancelled. "
                    if gone and ASKS_IF_CANCELLED.search(text) else "")
            dispatcher.utter_message(
                text=f"{said}Your booking on {label} stays as it is. To cancel that one, say \"cancel it\".",
                buttons=[{"title": "Cancel it", "payload": "/cancel_booking"}, {"title": "Keep it", "payload": "no"}])
            return [FollowupAction("action_listen")]
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
        return [SlotSet("booking_id", None), SlotSet("pending_offer", "booking"), FollowupAction("action_listen")]


class ActionRescheduleBooking(Action):
    """"Reschedule": offer new times; the old booking is cancelled once a new one is made."""

    def name(self) -> str:
        return "action_reschedule_booking"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        runtime = get_runtime()
        upcoming = await upcoming_bookings(runtime.sessions, tracker.sender_id)
        if not upcoming:
            phone = runtime.settings.studio.get("phone")
            dispatcher.utter_message(
                text=("Of course. I can't see a booking made in this chat, so I can't move it from here: the studio "
                      f"can{f' on {phone}' if phone else ''}, or reply to your confirmation email. If you'd like, "
                      "I can look for a new time now and let the studio know it replaces your old one."),
                buttons=[{"title": "Find a new time", "payload": "/book_consultation"},
                         {"title": "Not now", "payload": "no"}])
            return [SlotSet("pending_offer", "booking"), FollowupAction("action_listen")]
        booking = upcoming[0]
        label = long_label(as_utc(booking.start_at), runtime.settings.time_zone)
        wish = remember_wish(tracker, moving=as_utc(booking.start_at))
        rescheduling = [*wish, SlotSet("booking_reschedule_id", booking.id)]   # a named time booked at once replaces it
        before = len(dispatcher.messages)
        events = await offer_times(dispatcher, with_slots(tracker, rescheduling), keep_reschedule=True)
        offering = any(isinstance(e, dict) and e.get("event") == "followup" for e in events)
        if offering:                            # times to pick from: the old one holds until then
            note = CollectingDispatcher()
            note.utter_message(text=f"Of course. Your current booking ({label}) stays in place until you've picked "
                                    "a new time.")
            dispatcher.messages[before:before] = note.messages
        return [*wish, SlotSet("booking_reschedule_id", booking.id if offering else None), *events]
