"""The booking actions with rasa-sdk trackers and a collecting dispatcher, on a real database."""
from __future__ import annotations

import re

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, AsyncIterator, Callable, Optional
from urllib.parse import parse_qs, urlsplit

import pytest
import pytest_asyncio
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select

from bot.actions import booking as actions
from bot.actions import handoff
from bot.actions.runtime import Runtime
from bot.booking.base import Slot, parse_iso
from bot.booking.store import record_booking
from bot.settings import REPO_ROOT
from bot.store.models import Booking, BookingStatus, Handoff, Lead, LeadStatus, StatusChange
from tests.fakes.calcom import FakeCalcom

DOMAIN: dict[str, Any] = yaml.safe_load((REPO_ROOT / "domain.yml").read_text(encoding="utf-8"))
#: every response the assistant can send: the domain's and the FAQ answers kept beside their examples
RESPONSES: dict[str, Any] = {**DOMAIN["responses"], **(yaml.safe_load((REPO_ROOT / "bot" / "data" / "nlu" / "faq.yml")
                                                                      .read_text(encoding="utf-8")) or {})["responses"]}


def tracker(sender: str, text: str = "", intent: Optional[str] = None, confidence: float = 0.95,
            slots: Optional[dict[str, Any]] = None, loop: Optional[str] = None, latest_action: Optional[str] = None,
            candidates: Optional[dict[str, Any]] = None, channel: str = "rest",
            faq: Optional[str] = None) -> Tracker:
    """A tracker as Rasa sends it; ``candidates`` are the slot values a form asks its validation about."""
    message: dict[str, Any] = {"text": text, "intent": {"name": intent, "confidence": confidence}, "entities": []}
    if faq:
        message["response_selector"] = {"faq": {"response": {"intent_response_key": f"faq/{faq}",
                                                             "confidence": 0.9}}}
    events: list[dict[str, Any]] = [{"event": "user", "text": text, "parse_data": message, "input_channel": channel}]
    all_slots = dict(slots or {})
    if candidates:
        events.append({"event": "action", "name": loop})
        events += [{"event": "slot", "name": k, "value": v} for k, v in candidates.items()]
        all_slots.update(candidates)
    return Tracker(sender, all_slots, message, events, False, None, {"name": loop} if loop else {}, latest_action)


def slot_events(events: list[dict[str, Any]]) -> dict[str, Any]:
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def followup(events: list[dict[str, Any]]) -> Optional[str]:
    return next((e["name"] for e in events if e.get("event") == "followup"), None)


@dataclass
class Chat:
    """One visitor's slots carried from action to action, like Rasa would."""

    runtime: Runtime
    sender: str
    slots: dict[str, Any] = field(default_factory=dict)
    said: list[dict[str, Any]] = field(default_factory=list)

    def _apply(self, events: list[dict[str, Any]]) -> list[dict[str, Any]]:
        self.slots.update(slot_events(events))
        return events

    async def run(self, action: Any, text: str = "", intent: Optional[str] = None,
                  latest_action: Optional[str] = None, loop: Optional[str] = None,
                  channel: str = "rest") -> list[dict[str, Any]]:
        dispatcher = CollectingDispatcher()
        events = await action.run(dispatcher, tracker(self.sender, text, intent, slots=self.slots, loop=loop,
                                                      latest_action=latest_action, channel=channel), DOMAIN)
        self.said = dispatcher.messages
        return self._apply(events)

    async def answer(self, validation: Any, slot: str, text: str, intent: Optional[str] = None,
                     loop: str = "booking_form", faq: Optional[str] = None) -> list[dict[str, Any]]:
        """The visitor answers the form's requested ``slot`` with ``text``."""
        dispatcher = CollectingDispatcher()
        self.slots["requested_slot"] = slot
        events = await validation.run(dispatcher, tracker(self.sender, text, intent, slots=self.slots, loop=loop,
                                                          candidates={slot: text}, faq=faq), DOMAIN)
        self.said = dispatcher.messages
        self._apply(events)
        if "requested_slot" not in slot_events(events):      # Rasa's FormAction picks the next one itself
            required = DOMAIN["forms"][loop]["required_slots"]
            self.slots["requested_slot"] = next((s for s in required if self.slots.get(s) is None), None)
        return events

    def _variation(self, message: dict[str, Any]) -> dict[str, Any]:
        """What the visitor sees: a domain response is rendered as Rasa would, with the slots and values given."""
        if not message.get("response"):
            return message
        [variation] = RESPONSES[message["response"]][:1]
        values = {**self.slots, **{k: v for k, v in message.items() if k not in ("response", "text", "buttons")}}
        text = re.sub(r"\{(\w+)\}", lambda m: str(values.get(m.group(1), m.group(0))), variation.get("text", ""))
        return {**variation, "text": text}

    def text(self) -> str:
        return "\n".join(self._variation(m).get("text") or "" for m in self.said)

    def buttons(self) -> list[dict[str, str]]:
        return [b for m in self.said for b in self._variation(m).get("buttons") or []]


@pytest_asyncio.fixture
async def runtime(runtime_for: Callable[..., Runtime]) -> Runtime:
    return runtime_for()


@pytest.fixture
def notes(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, Optional[str], str]]:
    sent: list[tuple[str, Optional[str], str]] = []
    import bot.notify

    monkeypatch.setattr(bot.notify, "notify_in_background",
                        lambda settings, kind, lead_id, summary: sent.append((kind, lead_id, summary)))
    return sent


async def _with_lead(runtime: Runtime, sender: str, **fields: Any) -> Lead:
    async with runtime.sessions.begin() as session:
        lead = Lead(conversation_id=sender, channel="rest", **fields)
        session.add(lead)
    return lead


async def _offer(chat: Chat) -> list[str]:
    """Start booking for a visitor whose details are known; returns the offered times."""
    events = await chat.run(actions.ActionStartBooking(), "/book_consultation", "book_consultation")
    assert followup(events) == "booking_form", chat.text()
    return list(chat.slots["booking_offered"])


async def _rows(runtime: Runtime, model: Any, **where: Any) -> list[Any]:
    async with runtime.sessions() as session:
        query = select(model).filter_by(**where)
        return list((await session.scalars(query)).all())


async def test_booking_without_intake_collects_name_and_contact_first(runtime: Runtime,
                                                                      notes: list[Any]) -> None:
    chat = Chat(runtime, "no-intake")
    events = await chat.run(actions.ActionStartBooking(), "I want to book", "book_consultation")
    assert followup(events) == "booking_contact_form"
    assert "first name" in chat.text() and "no health questions" in chat.text()
    contact = actions.ValidateBookingContactForm()
    await chat.answer(contact, "booking_name", "my name is anna", loop="booking_contact_form")
    assert chat.slots["booking_name"] == "Anna"
    await chat.answer(contact, "booking_email", "call me on 07911 123456", loop="booking_contact_form")
    assert (chat.slots["booking_phone"], chat.slots["requested_slot"]) == ("+447911123456", None)
    offered = await chat.run(actions.ActionStartBooking(), "07911 123456", latest_action="booking_contact_form")
    assert followup(offered) == "booking_form" and 1 <= len(chat.slots["booking_offered"]) <= 5
    [lead] = await _rows(runtime, Lead, conversation_id="no-intake")
    assert (lead.first_name, lead.phone, lead.email, lead.status) == ("Anna", "+447911123456", None, LeadStatus.new)


async def test_the_day_asked_for_is_said_back_before_the_details_are_asked(runtime: Runtime) -> None:
    chat = Chat(runtime, "sat-morning")
    events = await chat.run(actions.ActionStartBooking(), "can i book for a saturday morning", "book_consultation")
    assert followup(events) == "booking_contact_form"
    assert "I'll look for Saturday mornings" in chat.text() and "first name" in chat.text()
    await chat.run(actions.ActionStartBooking(), "I want to book", "book_consultation")
    assert "I'll look for" not in chat.text()          # nothing asked for, nothing said back


async def test_a_question_asked_at_the_name_or_the_contact_is_answered_and_kept_apart(runtime: Runtime) -> None:
    chat = Chat(runtime, "asks-back")
    await chat.run(actions.ActionStartBooking(), "I'd like to book a consultation", "book_consultation")
    contact = actions.ValidateBookingContactForm()
    await chat.answer(contact, "booking_name", "is it with Marta herself?", loop="booking_contact_form")
    assert chat.slots["booking_name"] is None and "registered nurse" in chat.text(), chat.text()
    await chat.answer(contact, "booking_name", "Jo", loop="booking_contact_form")
    await chat.answer(contact, "booking_email", "do i have to give my email? can you text instead",
                      loop="booking_contact_form")
    assert chat.slots["booking_email"] is None and "phone number is fine" in chat.text(), chat.text()


async def test_contact_answers_are_validated(runtime: Runtime) -> None:
    chat = Chat(runtime, "contact-checks")
    contact = actions.ValidateBookingContactForm()
    await chat.answer(contact, "booking_name", "12345 <b>", loop="booking_contact_form")
    assert chat.slots["booking_name"] is None and "first name" in chat.text()
    await chat.answer(contact, "booking_name", "Anna, anna@example.com", loop="booking_contact_form")
    assert (chat.slots["booking_name"], chat.slots["booking_email"]) == ("Anna", "anna@example.com")
    chat.slots["booking_email"] = None
    await chat.answer(contact, "booking_email", "not sure", loop="booking_contact_form")
    assert chat.slots["booking_email"] is None and "email address or a phone number" in chat.text()
    events = await chat.answer(contact, "booking_email", "stop", "stop", loop="booking_contact_form")
    assert followup(events) == "action_stop_booking" and chat.slots["requested_slot"] is None
    await chat.run(actions.ActionStopBooking())
    assert "haven't booked anything" in chat.text()


async def test_calcom_needs_an_email_address(runtime_for: Callable[..., Runtime]) -> None:
    runtime = runtime_for(booking={"provider": "calcom"})
    chat = Chat(runtime, "needs-email", slots={"booking_name": "Anna"})
    await chat.answer(actions.ValidateBookingContactForm(), "booking_email", "07911 123456",
                      loop="booking_contact_form")
    assert chat.slots["booking_email"] is None and chat.slots["requested_slot"] == "booking_email"
    assert "need an email address" in chat.text()


async def test_offer_book_and_confirm(runtime: Runtime, notes: list[Any]) -> None:
    lead = await _with_lead(runtime, "happy", first_name="Anna", email="anna@example.com")
    chat = Chat(runtime, "happy")
    offered = await _offer(chat)
    await chat.run(actions.ActionAskBookingChoice(), loop="booking_form")
    titles = [b["title"] for b in chat.buttons()]
    assert len(titles) == len(offered) + 2 and titles[-2:] == ["Later times", "None of these suit me"]
    assert "UK time (Europe/London)" in chat.text()
    assert all(b["payload"] == b["title"] for b in chat.buttons())          # plain payloads, read by the form
    await chat.answer(actions.ValidateBookingForm(), "booking_choice", "2")
    assert chat.slots["booking_choice"] == offered[1] and chat.slots["requested_slot"] is None
    [booking] = await _rows(runtime, Booking, conversation_id="happy")
    assert booking.status == BookingStatus.requested and booking.lead_id == lead.id
    assert parse_iso(offered[1]) == booking.start_at.replace(tzinfo=parse_iso(offered[1]).tzinfo)
    await chat.run(actions.ActionBookingDone(), latest_action="booking_form")
    text = chat.text()
    assert titles[1].split(", ")[1] in text and "UK time (Europe/London)" in text
    assert "12 Harbour Lane, Brighton" in text and "How to prepare" in text
    assert "cancel my booking" in text and "reschedule" in text and "Marta Ruiz will confirm" in text
    assert "reserved for" in text and "anna@example.com" in text
    assert chat.slots["booking_offered"] is None
    [lead_now] = await _rows(runtime, Lead, id=lead.id)
    assert lead_now.status == LeadStatus.consultation_booked
    assert [(c.from_status, c.to_status) for c in await _rows(runtime, StatusChange, lead_id=lead.id)] == [
        ("new", "consultation_booked")]
    assert [(kind, lead_id) for kind, lead_id, _ in notes] == [("booking_request", lead.id)]


async def test_a_request_is_confirmed_the_way_the_visitor_prefers(runtime: Runtime) -> None:
    await _with_lead(runtime, "prefers-wa", first_name="Sam", email="sam@example.com", phone="+447911123456",
                     preferred_contact="whatsapp")
    chat = Chat(runtime, "prefers-wa")
    await _offer(chat)
    await chat.answer(actions.ValidateBookingForm(), "booking_choice", "1")
    await chat.run(actions.ActionBookingDone(), latest_action="booking_form")
    assert "let you know by WhatsApp on +447911123456" in chat.text()


async def test_numbered_options_on_messaging_apps(runtime: Runtime) -> None:
    await _with_lead(runtime, "whatsapp-1", first_name="Anna", phone="+447911123456")
    chat = Chat(runtime, "whatsapp-1")
    offered = await _offer(chat)
    await chat.run(actions.ActionAskBookingChoice(), loop="booking_form", channel="twilio")
    assert "\n1. " in chat.text() and f"\n{len(offered)}. " in chat.text()
    await chat.answer(actions.ValidateBookingForm(), "booking_choice", "3")
    assert chat.slots["booking_choice"] == offered[2]


async def test_the_time_was_taken_meanwhile(runtime: Runtime) -> None:
    await _with_lead(runtime, "slow", first_name="Bea", email="bea@example.com")
    chat = Chat(runtime, "slow")
    offered = await _offer(chat)
    taken = parse_iso(offered[0])
    await record_booking(runtime.sessions, provider="calendar", slot=Slot(taken, taken + timedelta(minutes=30)),
                         lead_id=None, conversation_id="fast")
    await chat.answer(actions.ValidateBookingForm(), "booking_choice", "1")
    assert "booked by someone else" in chat.text()
    assert chat.slots["booking_choice"] is None and chat.slots["requested_slot"] == "booking_choice"
    assert offered[0] not in chat.slots["booking_offered"] and chat.slots["booking_offered"]
    assert await _rows(runtime, Booking, conversation_id="slow") == []


async def test_later_times_and_unclear_answers(runtime: Runtime) -> None:
    await _with_lead(runtime, "later", first_name="Cara", email="cara@example.com")
    chat = Chat(runtime, "later")
    offered = await _offer(chat)
    await chat.answer(actions.ValidateBookingForm(), "booking_choice", "Later times", "later_times")
    later = chat.slots["booking_offered"]
    assert later and min(parse_iso(t) for t in later) > max(parse_iso(t) for t in offered)
    await chat.answer(actions.ValidateBookingForm(), "booking_choice", "banana", "nlu_fallback")
    assert "didn't catch which time" in chat.text() and chat.slots["booking_invalid"] == 1


async def test_none_of_these_suit_me_records_a_preference(runtime: Runtime, notes: list[Any]) -> None:
    lead = await _with_lead(runtime, "none", first_name="Dee", email="dee@example.com")
    chat = Chat(runtime, "none")
    await _offer(chat)
    form = actions.ValidateBookingForm()
    await chat.answer(form, "booking_choice", "None of these suit me", "none_suit")
    assert (chat.slots["booking_choice"], chat.slots["requested_slot"]) == ("none", "booking_time_preference")
    await chat.run(actions.ActionAskBookingTimePreference(), loop="booking_form")
    assert "which day and part of the day" in chat.text().lower()
    await chat.answer(form, "booking_time_preference", "Thursday evening after 6")
    assert chat.slots["requested_slot"] is None
    await chat.run(actions.ActionBookingDone(), latest_action="booking_form")
    assert "be in touch" in chat.text()
    [handoff] = await _rows(runtime, Handoff, conversation_id="none")
    assert (handoff.kind, handoff.details, handoff.lead_id) == ("time_preference",
                                                                 "Preferred time: Thursday evening after 6", lead.id)
    assert await _rows(runtime, Booking, conversation_id="none") == []


async def test_stop_and_talk_to_a_person_while_choosing(runtime: Runtime) -> None:
    await _with_lead(runtime, "leave", first_name="Eve", email="eve@example.com")
    chat = Chat(runtime, "leave")
    await _offer(chat)
    events = await chat.answer(actions.ValidateBookingForm(), "booking_choice", "stop", "stop")
    assert followup(events) == "action_stop_booking" and chat.slots["requested_slot"] is None
    assert chat.slots["booking_offered"] is None                  # leaving forgets the times offered
    await chat.run(actions.ActionStopBooking())
    assert "haven't booked anything" in chat.text()
    await _offer(chat)
    events = await chat.answer(actions.ValidateBookingForm(), "booking_choice", "can I talk to someone",
                               "human_handoff")
    assert followup(events) == "action_human_handoff" and chat.slots["booking_offered"] is None
    events = await chat.run(handoff.ActionHumanHandoff(), "can I talk to someone", "human_handoff")
    assert followup(events) == "handoff_contact_form"
    assert (chat.slots["handoff_name"], chat.slots["handoff_contact"]) == ("Eve", "given")    # known: not asked
    person = handoff.ValidateHandoffContactForm()
    await chat.answer(person, "handoff_reason", "the price of two sessions", loop="handoff_contact_form")
    await chat.answer(person, "handoff_time", "mornings", loop="handoff_contact_form")
    assert chat.slots["requested_slot"] is None
    await chat.run(handoff.ActionHandoffContactSaved(), latest_action="handoff_contact_form")
    [row] = await _rows(runtime, Handoff, conversation_id="leave")
    assert (row.kind, row.name, row.reason, row.contact_time) == ("person", "Eve", "the price of two sessions",
                                                                 "mornings")


async def test_cancel_by_chat(runtime: Runtime, notes: list[Any]) -> None:
    lead = await _with_lead(runtime, "cancel", first_name="Fay", email="fay@example.com")
    chat = Chat(runtime, "cancel")
    await _offer(chat)
    await chat.answer(actions.ValidateBookingForm(), "booking_choice", "1")
    await chat.run(actions.ActionBookingDone(), latest_action="booking_form")
    again = await chat.run(actions.ActionStartBooking(), "book", "book_consultation")
    assert "already have a consultation booked" in chat.text() and followup(again) is None
    events = await chat.run(actions.ActionCancelBooking(), "cancel my booking", "cancel_booking")
    assert "cancelled your consultation" in chat.text() and slot_events(events)["pending_offer"] == "booking"
    [booking] = await _rows(runtime, Booking, conversation_id="cancel")
    assert booking.status == BookingStatus.cancelled
    [lead_now] = await _rows(runtime, Lead, id=lead.id)
    assert lead_now.status == LeadStatus.new
    # asked again just after ("it won't cost me anything to cancel, right?"): it is cancelled, not "can't see one"
    await chat.run(actions.ActionCancelBooking(), "it wont cost me nothing to cancel right", "cancel_booking")
    assert "is cancelled" in chat.text() and "nothing was paid" in chat.text()
    assert "can't see a booking" not in chat.text()
    fresh = Chat(runtime, "cancel-nothing")
    await fresh.run(actions.ActionCancelBooking(), "cancel my booking", "cancel_booking")
    assert "can't see a booking made in this chat" in fresh.text()


async def test_reschedule_by_chat(runtime: Runtime) -> None:
    lead = await _with_lead(runtime, "move", first_name="Gus", email="gus@example.com")
    chat = Chat(runtime, "move")
    await _offer(chat)
    await chat.answer(actions.ValidateBookingForm(), "booking_choice", "1")
    await chat.run(actions.ActionBookingDone(), latest_action="booking_form")
    [old] = await _rows(runtime, Booking, conversation_id="move")
    events = await chat.run(actions.ActionRescheduleBooking(), "reschedule", "reschedule_booking")
    assert followup(events) == "booking_form" and chat.slots["booking_reschedule_id"] == old.id
    assert "stays in place" in chat.text()
    await chat.answer(actions.ValidateBookingForm(), "booking_choice", "2")
    await chat.run(actions.ActionBookingDone(), latest_action="booking_form")
    rows = {b.id: b for b in await _rows(runtime, Booking, conversation_id="move")}
    assert rows[old.id].status == BookingStatus.cancelled
    [new] = [b for b in rows.values() if b.id != old.id]
    assert new.status == BookingStatus.requested and new.start_at != old.start_at
    [lead_now] = await _rows(runtime, Lead, id=lead.id)
    assert lead_now.status == LeadStatus.consultation_booked and chat.slots["booking_reschedule_id"] is None


async def test_link_provider_prefills_name_email_and_lead_id_only(runtime_for: Callable[..., Runtime]) -> None:
    runtime = runtime_for(booking={"provider": "link"})
    lead = await _with_lead(runtime, "link", first_name="Hana", email="hana@example.com", phone="+447911123456",
                            concern="scar")
    chat = Chat(runtime, "link")
    events = await chat.run(actions.ActionStartBooking(), "book", "book_consultation")
    assert followup(events) is None
    url = next(word for word in chat.text().split() if word.startswith("https://"))
    # the lead's random id lets the Cal.com webhook link the booking back to this lead
    assert parse_qs(urlsplit(url).query) == {"name": ["Hana"], "email": ["hana@example.com"],
                                             "metadata[lead_id]": [lead.id]}
    assert "scar" not in url and "7911" not in url


@pytest_asyncio.fixture
async def fake_calcom() -> AsyncIterator[FakeCalcom]:
    fake = FakeCalcom(api_key="k-test")
    await fake.start()
    yield fake
    await fake.stop()


async def test_calcom_down_falls_back_to_link_and_a_person(runtime_for: Callable[..., Runtime],
                                                           fake_calcom: FakeCalcom, notes: list[Any]) -> None:
    runtime = runtime_for(booking={"provider": "calcom", "calcom": {
        "event_type_id": 123456, "backoff_seconds": 0.01, "retries": 2}},
        env={"CALCOM_API_KEY": "k-test", "CALCOM_BASE_URL": fake_calcom.base_url})
    lead = await _with_lead(runtime, "down", first_name="Ida", email="ida@example.com")
    fake_calcom.fail(500, times=10)
    chat = Chat(runtime, "down")
    events = await chat.run(actions.ActionStartBooking(), "book", "book_consultation")
    assert followup(events) is None
    assert "isn't answering" in chat.text() and "https://cal.com/lumenskin/consultation?name=Ida" in chat.text()
    assert len(fake_calcom.calls("GET", "/v2/slots")) == 3
    [handoff] = await _rows(runtime, Handoff, conversation_id="down")
    assert handoff.kind == "booking_failed" and handoff.lead_id == lead.id
    assert await _rows(runtime, Lead, id=lead.id)                              # the lead is kept
    assert ("booking_failed", lead.id) in [(k, i) for k, i, _ in notes]


async def test_a_stray_none_outside_booking_does_not_start_one(runtime: Runtime) -> None:
    await _with_lead(runtime, "stray", first_name="Jo", email="jo@example.com")
    chat = Chat(runtime, "stray")
    events = await chat.run(actions.ActionStartBooking(), "none", "none_suit")
    assert followup(events) is None and "anything else" in chat.text()


async def test_is_it_free_and_how_long_while_booking_is_about_the_consultation(runtime: Runtime) -> None:
    await _with_lead(runtime, "visit", first_name="Siobhan", email="s@example.com")
    chat = Chat(runtime, "visit")
    offered = await _offer(chat)
    await chat.answer(actions.ValidateBookingForm(), "booking_choice",
                      "Is it free and how long will it take? Need to be gone by half 11", "faq", faq="sessions")
    assert [m.get("response") for m in chat.said] == ["utter_brief_consultation"]   # not the number of sessions
    assert chat.slots["booking_choice"] is None and chat.slots["booking_offered"] == offered


async def test_a_question_while_choosing_is_answered_then_the_times_again(runtime: Runtime) -> None:
    await _with_lead(runtime, "faq", first_name="Kay", email="kay@example.com")
    chat = Chat(runtime, "faq")
    offered = await _offer(chat)
    await chat.answer(actions.ValidateBookingForm(), "booking_choice", "how much does it cost?", "faq", faq="prices")
    assert [m.get("response") for m in chat.said] == ["utter_faq/price"]     # the price, read from the words
    assert chat.slots["booking_choice"] is None and chat.slots["requested_slot"] == "booking_choice"
    assert chat.slots["booking_offered"] == offered and chat.slots.get("booking_invalid") in (None, 0)
    chat.slots["booking_choice"] = "none"
    await chat.answer(actions.ValidateBookingForm(), "booking_time_preference", "Thursday evenings after 6",
                      "faq", faq="prices")
    assert chat.slots["booking_time_preference"] == "Thursday evenings after 6"   # not taken for a question


async def test_a_time_named_with_the_request_is_checked_before_the_contact_questions(runtime: Runtime) -> None:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    chat = Chat(runtime, "named-first")
    events = await chat.run(actions.ActionStartBooking(), "can I come on Sunday at 11am?", "book_consultation")
    assert followup(events) == "booking_contact_form"
    assert "I'm sorry" in chat.text() and "first name" in chat.text()       # the studio is closed on Sundays
    day = datetime.now(ZoneInfo("Europe/London")).date() + timedelta(days=3)
    if day.weekday() == 6:
        day += timedelta(days=1)
    chat = Chat(runtime, "named-first-free")
    await chat.run(actions.ActionStartBooking(), f"can I come on {day:%A} {day.day} {day:%B} at 11am?",
                   "book_consultation")
    assert "is free" in chat.text() and "first name" in chat.text(), chat.text()


async def test_a_booking_made_before_the_visitor_says_they_are_under_age_is_cancelled(runtime: Runtime) -> None:
    from bot.actions.intake_submit import ActionSubmitIntake

    await _with_lead(runtime, "minor", first_name="Kai", email="kai@example.com")
    chat = Chat(runtime, "minor")
    await _offer(chat)
    await chat.answer(actions.ValidateBookingForm(), "booking_choice", "1")
    await chat.run(actions.ActionBookingDone(), latest_action="booking_form")
    chat.slots.update({"health_consent": "yes", "adult": "no"})
    await chat.run(ActionSubmitIntake(), "I'm 16", "inform")
    [booking] = await _rows(runtime, Booking, conversation_id="minor")
    assert booking.status == BookingStatus.cancelled and "cancelled the consultation" in chat.text()


async def test_how_to_meet_said_while_choosing_is_heard_and_the_times_stay(runtime: Runtime) -> None:
    await _with_lead(runtime, "format-choice", first_name="Kasia", email="kasia@example.com")
    chat = Chat(runtime, "format-choice")
    offered = await _offer(chat)
    await chat.answer(actions.ValidateBookingForm(), "booking_choice", "actually I'd rather come in person")
    assert "Noted — at the studio" in chat.text() and chat.slots["booking_choice"] is None
    assert chat.slots["booking_offered"] == offered and not chat.slots.get("booking_invalid")


@pytest.mark.parametrize("text,next_action", [
    ("no i dont want to book anything yet!! can we just check if my scar is ready first pls", "intake_form"),
    ("ooh wasnt trying to book yet tbh 🙈 can you tell me first if its too soon or not?", "action_answer"),
])
async def test_not_booking_after_all_gets_what_they_asked_instead(runtime: Runtime, text: str,
                                                                  next_action: str) -> None:
    await _with_lead(runtime, "instead", first_name="Sophie", email="sophie@example.com")
    chat = Chat(runtime, "instead")
    await _offer(chat)
    events = await chat.answer(actions.ValidateBookingForm(), "booking_choice", text)
    assert followup(events) == "action_stop_booking"
    events = await chat.run(actions.ActionStopBooking(), text)
    assert followup(events) == next_action and "haven't booked anything" in chat.text()
    assert await _rows(runtime, Booking, conversation_id="instead") == []
