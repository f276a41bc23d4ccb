"""The booking actions with a day and time named by the visitor, a visitor under age, a booking that exists,
and contact details given together — rasa-sdk trackers on a real database."""
from __future__ import annotations

from datetime import datetime, time, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

from rasa_sdk.executor import CollectingDispatcher

from bot.actions import booking as actions
from bot.actions.runtime import Runtime
from bot.booking.base import Slot, parse_iso
from bot.booking.store import record_booking
from bot.store.leads import active_booking
from bot.store.models import Booking, Lead
from tests.booking.test_booking_actions import (DOMAIN, Chat, _offer, _rows, _with_lead, followup, slot_events,
                                                tracker)
from tests.booking.test_booking_actions import notes, runtime  # noqa: F401  (fixtures)

LONDON = ZoneInfo("Europe/London")


def next_weekday(weekday: int, hour: int, minute: int = 0) -> datetime:
    """The next such weekday after today (as "thursday" is read), at a London wall time, in UTC."""
    today = datetime.now(LONDON).date()
    ahead = (weekday - today.weekday()) % 7 or 7
    return datetime.combine(today + timedelta(days=ahead), time(hour, minute), LONDON).astimezone(timezone.utc)


def local(value: datetime) -> str:
    start = value if value.tzinfo else value.replace(tzinfo=timezone.utc)
    return start.astimezone(LONDON).strftime("%A %H:%M")


async def test_a_named_time_with_the_request_is_booked_and_confirmed(runtime: Runtime, notes: list[Any]) -> None:
    lead = await _with_lead(runtime, "named", first_name="Anna", email="anna@example.com")
    chat = Chat(runtime, "named")
    events = await chat.run(actions.ActionStartBooking(), "can I come thursday at 18:30?", "book_consultation")
    assert followup(events) is None, chat.text()                  # booked at once: no list of times
    [booking] = await _rows(runtime, Booking, conversation_id="named")
    assert local(booking.start_at) == "Thursday 18:30" and booking.lead_id == lead.id
    assert "Thursday" in chat.text() and "18:30" in chat.text() and "reserved for" in chat.text()
    assert chat.slots["booking_wish"] is None and chat.slots["booking_id"] == booking.id
    assert [kind for kind, _, _ in notes] == ["booking_request"]


async def test_a_named_time_waits_for_the_contact_details(runtime: Runtime) -> None:
    chat = Chat(runtime, "named-later")
    events = await chat.run(actions.ActionStartBooking(), "Thurs 6.30pm?", "book_consultation")
    assert followup(events) == "booking_contact_form" and chat.slots["booking_wish"] == "Thurs 6.30pm?"
    contact = actions.ValidateBookingContactForm()
    await chat.answer(contact, "booking_name", "Anna", loop="booking_contact_form")
    await chat.answer(contact, "booking_email", "anna@example.com or 07700 900321", loop="booking_contact_form")
    assert (chat.slots["booking_email"], chat.slots["booking_phone"]) == ("anna@example.com", "+447700900321")
    await chat.run(actions.ActionStartBooking(), "anna@example.com or 07700 900321",
                   latest_action="booking_contact_form")
    [booking] = await _rows(runtime, Booking, conversation_id="named-later")
    assert local(booking.start_at) == "Thursday 18:30"
    [lead] = await _rows(runtime, Lead, conversation_id="named-later")
    assert (lead.first_name, lead.email, lead.phone) == ("Anna", "anna@example.com", "+447700900321")


async def test_a_time_named_at_the_contact_step_is_kept(runtime: Runtime) -> None:
    chat = Chat(runtime, "named-contact")
    await chat.run(actions.ActionStartBooking(), "I'd like to book", "book_consultation")
    contact = actions.ValidateBookingContactForm()
    await chat.answer(contact, "booking_name", "Anna", loop="booking_contact_form")
    await chat.answer(contact, "booking_email", "next monday at 11 if possible", loop="booking_contact_form")
    assert chat.slots["booking_email"] is None and "Monday at 11:00" in chat.text()
    await chat.answer(contact, "booking_email", "it's anna@example.com", loop="booking_contact_form")
    await chat.run(actions.ActionStartBooking(), "it's anna@example.com", latest_action="booking_contact_form")
    [booking] = await _rows(runtime, Booking, conversation_id="named-contact")
    assert local(booking.start_at) == "Monday 11:00"


async def test_a_taken_named_time_is_said_kindly_with_the_nearest_free_times(runtime: Runtime) -> None:
    await _with_lead(runtime, "taken", first_name="Bea", email="bea@example.com")
    wanted = next_weekday(3, 18, 30)
    await record_booking(runtime.sessions, provider="calendar", slot=Slot(wanted, wanted + timedelta(minutes=30)),
                         lead_id=None, conversation_id="someone-else")
    chat = Chat(runtime, "taken")
    events = await chat.run(actions.ActionStartBooking(), "can I come thursday at 18:30?", "book_consultation")
    assert followup(events) == "booking_form" and "already booked" in chat.text()
    offered = [parse_iso(t) for t in chat.slots["booking_offered"]]
    assert offered and wanted not in offered
    assert offered[0].astimezone(LONDON).date() == wanted.astimezone(LONDON).date()      # that day first
    assert await _rows(runtime, Booking, conversation_id="taken") == []
    assert chat.slots["booking_wish"] is None


async def test_outside_opening_hours_is_explained(runtime: Runtime) -> None:
    await _with_lead(runtime, "closed", first_name="Cara", email="cara@example.com")
    chat = Chat(runtime, "closed")
    events = await chat.run(actions.ActionStartBooking(), "can I come on sunday at 11am", "book_consultation")
    assert followup(events) == "booking_form" and "when the studio is closed" in chat.text()
    await chat.run(actions.ActionStartBooking(), "friday at 9pm", "book_consultation")
    assert "outside the studio's opening hours" in chat.text()
    assert await _rows(runtime, Booking, conversation_id="closed") == []


async def test_a_time_named_while_choosing_is_booked_even_if_not_offered(runtime: Runtime) -> None:
    await _with_lead(runtime, "choosing", first_name="Dee", email="dee@example.com")
    chat = Chat(runtime, "choosing")
    offered = await _offer(chat)
    await chat.answer(actions.ValidateBookingForm(), "booking_choice", "could I do friday at 4.30pm instead?",
                      "book_consultation")
    assert chat.slots["requested_slot"] is None and chat.slots["booking_choice"] not in offered
    [booking] = await _rows(runtime, Booking, conversation_id="choosing")
    assert local(booking.start_at) == "Friday 16:30"


async def test_a_taken_time_named_while_choosing_offers_the_nearest(runtime: Runtime) -> None:
    await _with_lead(runtime, "choosing-taken", first_name="Eve", email="eve@example.com")
    wanted = next_weekday(4, 16, 0)
    await record_booking(runtime.sessions, provider="calendar", slot=Slot(wanted, wanted + timedelta(minutes=30)),
                         lead_id=None, conversation_id="someone-else-2")
    chat = Chat(runtime, "choosing-taken")
    await _offer(chat)
    await chat.answer(actions.ValidateBookingForm(), "booking_choice", "friday at 4pm?")
    assert chat.slots["requested_slot"] == "booking_choice" and "already booked" in chat.text()
    assert parse_iso(chat.slots["booking_offered"][0]).astimezone(LONDON).weekday() == 4
    assert await _rows(runtime, Booking, conversation_id="choosing-taken") == []


async def test_a_minor_is_never_booked(runtime: Runtime) -> None:
    await _with_lead(runtime, "minor", first_name="Fay", email="fay@example.com")
    chat = Chat(runtime, "minor")
    await _offer(chat)
    await chat.answer(actions.ValidateBookingForm(), "booking_choice", "im 17, is 1 ok?")
    assert chat.slots["booking_choice"] == "minor" and chat.slots["requested_slot"] is None
    events = await chat.run(actions.ActionBookingDone(), latest_action="booking_form")
    assert "adults from 18" in chat.text() and "parent or guardian" in chat.text()
    payloads = [b["payload"] for b in chat.buttons()]
    assert "/human_handoff" in payloads and "Please get in touch when I turn 18" in payloads
    assert slot_events(events)["pending_offer"] == "keep_in_touch"     # "yes": the studio gets in touch at 18
    again = tracker("minor", "book a consultation please", "book_consultation", slots=chat.slots)
    again.events[:0] = [{"event": "user", "text": "im 17, is 1 ok?"}]         # "I'm 17" is remembered
    dispatcher = CollectingDispatcher()
    events = await actions.ActionStartBooking().run(dispatcher, again, DOMAIN)
    assert followup(events) is None and "adults from 18" in dispatcher.messages[0]["text"]
    assert await _rows(runtime, Booking, conversation_id="minor") == []


async def test_a_minor_at_the_contact_step(runtime: Runtime) -> None:
    chat = Chat(runtime, "minor-contact")
    await chat.run(actions.ActionStartBooking(), "I'd like to book", "book_consultation")
    await chat.answer(actions.ValidateBookingContactForm(), "booking_name", "I'm 16, Gina",
                      loop="booking_contact_form")
    assert chat.slots["booking_choice"] == "minor" and chat.slots["requested_slot"] is None
    await chat.run(actions.ActionStartBooking(), "I'm 16, Gina", latest_action="booking_contact_form")
    assert "adults from 18" in chat.text()


async def test_the_intake_age_answer_counts(runtime: Runtime) -> None:
    await _with_lead(runtime, "minor-intake", first_name="Hana", email="hana@example.com")
    said = tracker("minor-intake", "book a consultation", "book_consultation")
    said.events[:0] = [{"event": "slot", "name": "adult", "value": "no"}, {"event": "slot", "name": "adult",
                                                                           "value": None}]   # the intake's answer
    dispatcher = CollectingDispatcher()
    events = await actions.ActionStartBooking().run(dispatcher, said, DOMAIN)
    assert followup(events) is None and "adults from 18" in dispatcher.messages[0]["text"]
    assert await _rows(runtime, Booking, conversation_id="minor-intake") == []


async def test_a_visitor_with_a_booking_is_offered_to_change_or_cancel_it(runtime: Runtime) -> None:
    await _with_lead(runtime, "twice", first_name="Ida", email="ida@example.com")
    chat = Chat(runtime, "twice")
    await _offer(chat)
    await chat.answer(actions.ValidateBookingForm(), "booking_choice", "1")
    [booking] = await _rows(runtime, Booking, conversation_id="twice")
    assert (await active_booking(runtime.sessions, "twice")).id == booking.id     # type: ignore[union-attr]
    events = await chat.run(actions.ActionStartBooking(), "can I book thursday at 18:30?", "book_consultation")
    assert followup(events) is None and "already have a consultation booked" in chat.text()
    assert {b["payload"] for b in chat.buttons()} >= {"/reschedule_booking", "/cancel_booking"}
    assert len(await _rows(runtime, Booking, conversation_id="twice")) == 1


async def test_a_reschedule_to_a_named_time_moves_the_booking_at_once(runtime: Runtime) -> None:
    await _with_lead(runtime, "move-named", first_name="Jo", email="jo@example.com")
    chat = Chat(runtime, "move-named")
    await _offer(chat)
    await chat.answer(actions.ValidateBookingForm(), "booking_choice", "1")
    [old] = await _rows(runtime, Booking, conversation_id="move-named")
    # late on a Friday the first time offered is Saturday 11:30 itself: then the move is to the next slot that day
    target = "12:15" if local(old.start_at) == "Saturday 11:30" else "11:30"
    events = await chat.run(actions.ActionRescheduleBooking(), f"can we move it to saturday at {target}?",
                            "reschedule_booking")
    assert followup(events) is None and "Saturday" in chat.text()
    rows = {b.id: b for b in await _rows(runtime, Booking, conversation_id="move-named")}
    assert rows[old.id].status.value == "cancelled"
    [new] = [b for b in rows.values() if b.id != old.id]
    assert local(new.start_at) == f"Saturday {target}" and chat.slots["booking_reschedule_id"] is None

