"""Booking follows the person, over the real servers: a day and time named with the request or while
choosing is booked as it is; a taken time gets the nearest free ones; a visitor under 18 is never booked;
a request for a person carries who, what about, how and when. The database is checked, not the wording."""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from typing import Any, Optional
from zoneinfo import ZoneInfo

import pytest

from tests.conversation.person_helpers import answer_person_questions
from tests.harness import Assistant, Conversation

pytestmark = [pytest.mark.conversation, pytest.mark.one_backend]
LONDON = ZoneInfo("Europe/London")
TIME_BUTTON = re.compile(r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{1,2} [A-Z][a-z]{2}, \d{2}:\d{2}$")


def text(replies: list[dict[str, Any]]) -> str:
    return "\n".join(r.get("text") or "" for r in replies)


def times(replies: list[dict[str, Any]]) -> list[str]:
    return [t for t in Conversation.buttons(replies) if TIME_BUTTON.match(t)]


def rows(assistant: Assistant, table: str, chat: Conversation) -> list[dict[str, Any]]:
    return assistant.rows(f"SELECT * FROM {table} WHERE conversation_id = :c ORDER BY created_at", c=chat.sender_id)


def active_bookings(assistant: Assistant, chat: Conversation) -> list[dict[str, Any]]:
    return [b for b in rows(assistant, "bookings", chat) if b["status"] in ("requested", "confirmed")]


def lead(assistant: Assistant, chat: Conversation) -> Optional[dict[str, Any]]:
    found = rows(assistant, "leads", chat)
    return found[0] if found else None


def local_start(booking: dict[str, Any]) -> datetime:
    """The booking's start in the studio's time zone (SQLite hands back naive UTC strings)."""
    start = booking["start_at"]
    if isinstance(start, str):
        start = datetime.fromisoformat(start)
    if start.tzinfo is None:
        start = start.replace(tzinfo=timezone.utc)
    return start.astimezone(LONDON)


def give_contact(chat: Conversation, replies: list[dict[str, Any]], name: str,
                 contact: str) -> list[dict[str, Any]]:
    """Answer the booking's contact questions, whichever are asked."""
    for _ in range(3):
        said = text(replies).lower()
        if "first name" in said:
            replies = chat.say(name)
        elif "email address" in said:
            replies = chat.say(contact)
        else:
            break
    return replies


# --- a day and time named by the visitor -----------------------------------------------------------

@pytest.mark.parametrize("request_,wanted", [
    ("can I book a consultation for thursday at 5pm?", "Thursday 17:00"),
    ("can I come thursday at 18:30?", "Thursday 18:30"),
    ("is next Saturday 10:00 possible?", "Saturday 10:00"),   # "next": clear of the times other tests take first
])
def test_a_day_and_time_named_with_the_request_is_booked_as_it_is(assistant: Assistant, request_: str,
                                                                  wanted: str) -> None:
    chat = assistant.conversation()
    replies = chat.say(request_)
    assert "first name" in text(replies).lower(), chat.transcript      # taken as a booking request
    give_contact(chat, replies, "Anna", f"anna.{wanted[-5:-3]}@example.com")
    [booking] = active_bookings(assistant, chat)
    assert local_start(booking).strftime("%A %H:%M") == wanted, chat.transcript
    assert booking["lead_id"] == lead(assistant, chat)["id"]


def test_a_day_and_time_named_while_choosing_is_booked(assistant: Assistant) -> None:
    chat = assistant.conversation()
    replies = give_contact(chat, chat.say("I'd like to book a consultation"), "Bea", "bea.friday@example.com")
    assert times(replies), chat.transcript
    chat.say("could I do friday at 4.30pm instead?")
    [booking] = active_bookings(assistant, chat)
    assert local_start(booking).strftime("%A %H:%M") == "Friday 16:30", chat.transcript


def a_wednesday_next_week() -> str:
    """A Wednesday 8–14 days ahead, named by its date: clear of the times other tests pick first."""
    today = datetime.now(LONDON).date()
    day = today + timedelta(days=8 + (2 - (today + timedelta(days=8)).weekday()) % 7)
    return f"wednesday {day.day} {day:%B}"


def test_a_taken_time_gets_the_nearest_free_times_and_no_booking(assistant: Assistant) -> None:
    first, second = assistant.conversation(), assistant.conversation()
    wanted = f"can I come {a_wednesday_next_week()} at 15:30?"
    give_contact(first, first.say(wanted), "Cara", "cara.first@example.com")
    [taken] = active_bookings(assistant, first)
    assert local_start(taken).strftime("%A %H:%M") == "Wednesday 15:30", first.transcript
    replies = give_contact(second, second.say(wanted), "Dee", "dee.second@example.com")
    offered = times(replies)
    assert offered and offered[0].startswith("Wed"), second.transcript        # that day's first
    assert active_bookings(assistant, second) == []
    assert lead(assistant, second)["email"] == "dee.second@example.com"


def test_a_closed_day_gets_the_nearest_free_times_and_no_booking(assistant: Assistant) -> None:
    chat = assistant.conversation()
    replies = give_contact(chat, chat.say("can I book a consultation on sunday at 11am?"), "Eve",
                           "eve.sunday@example.com")
    assert times(replies), chat.transcript
    assert active_bookings(assistant, chat) == []


# --- a minor is never booked --------------------------------------------------------------------------

def test_a_visitor_who_says_they_are_17_is_not_booked(assistant: Assistant) -> None:
    chat = assistant.conversation()
    replies = chat.say("I'd like to book a consultation")
    replies = chat.say("Fay")
    replies = chat.say("im 17")
    assert not times(replies), chat.transcript
    chat.say("I'd like to book a consultation")
    chat.say("fay.minor@example.com")
    chat.say("1")
    assert rows(assistant, "bookings", chat) == [], chat.transcript


# --- a person, with the context they need ------------------------------------------------------------

def test_a_request_for_a_person_carries_the_reason_the_time_and_the_name(assistant: Assistant) -> None:
    chat = assistant.conversation()
    replies = chat.say("can someone call me after 5pm, I want to ask if numbing cream is ok while breastfeeding")
    answer_person_questions(chat, replies, {"name": "Gina", "contact": "07700 900321"})
    [handoff] = rows(assistant, "handoffs", chat)
    assert handoff["kind"] == "person" and "numbing cream" in (handoff["reason"] or ""), chat.transcript
    assert "5" in (handoff["contact_time"] or "") and handoff["name"] == "Gina"
    assert lead(assistant, chat)["phone"] == "+447700900321" and handoff["lead_id"] == lead(assistant, chat)["id"]


def test_a_complaint_then_a_bare_request_for_a_call_carries_the_complaint_as_the_reason(assistant: Assistant) -> None:
    chat = assistant.conversation()
    chat.say("I booked for last tuesday and nobody was there when I turned up. I took a day off work for this.")
    replies = chat.say("I want someone to call me today")
    answer_person_questions(chat, replies, {"name": "Jo", "contact": "07700 900789"})
    [handoff] = rows(assistant, "handoffs", chat)
    assert "nobody was there" in (handoff["reason"] or ""), (handoff, chat.transcript)
    assert handoff["contact_time"] == "today" and handoff["name"] == "Jo"


def test_an_email_and_a_phone_in_one_answer_are_both_kept_for_a_person(assistant: Assistant) -> None:
    chat = assistant.conversation()
    replies = chat.say("can I talk to someone?")
    answer_person_questions(chat, replies, {"name": "Hana", "contact": "anna@example.com or 07700 900321"})
    row = lead(assistant, chat)
    assert (row["email"], row["phone"]) == ("anna@example.com", "+447700900321"), chat.transcript
    [handoff] = rows(assistant, "handoffs", chat)
    assert handoff["reason"] is None and handoff["contact_time"] is None      # both skipped
    assert handoff["name"] == "Hana" and handoff["status"] == "open"


def test_an_email_and_a_phone_in_one_answer_are_both_kept_for_a_booking(assistant: Assistant) -> None:
    chat = assistant.conversation()
    replies = give_contact(chat, chat.say("I'd like to book a consultation"), "Ida",
                           "anna@example.com or 07700 900321")
    assert times(replies), chat.transcript
    row = lead(assistant, chat)
    assert (row["first_name"], row["email"], row["phone"]) == ("Ida", "anna@example.com", "+447700900321")


def test_no_second_booking_is_offered_once_one_exists(assistant: Assistant) -> None:
    chat = assistant.conversation()
    replies = give_contact(chat, chat.say("I'd like to book a consultation"), "Jo", "jo.twice@example.com")
    chat.click(replies, times(replies)[0])
    assert len(active_bookings(assistant, chat)) == 1
    again = chat.say("I'd like to book a consultation")
    assert not times(again) and "/reschedule_booking" in [b["payload"] for r in again
                                                          for b in r.get("buttons") or []], chat.transcript
    assert len(active_bookings(assistant, chat)) == 1


def test_a_phone_number_typed_while_choosing_a_time_is_kept_and_the_times_stay(assistant: Assistant) -> None:
    chat = assistant.conversation()
    replies = give_contact(chat, chat.say("I'd like to book a consultation"), "Kay", "kay.phone@example.com")
    offered = times(replies)
    assert offered, chat.transcript
    chat.say("(07700) 900 835")
    row = lead(assistant, chat)
    assert (row["email"], row["phone"]) == ("kay.phone@example.com", "+447700900835"), chat.transcript
    assert active_bookings(assistant, chat) == []                    # a number is no choice of time
    chat.say("1")
    assert len(active_bookings(assistant, chat)) == 1, chat.transcript


def test_change_it_to_a_named_day_moves_the_booking_and_says_which_one_went(assistant: Assistant) -> None:
    """"wtf. change it to wed 12", terse and cross, is a move of the booking they have, not out of scope."""
    chat = assistant.conversation()
    replies = give_contact(chat, chat.say("I'd like to book a consultation"), "Dev", "dev.move@example.com")
    chat.say("1")                                       # the first time, typed as its number
    [first] = active_bookings(assistant, chat)
    today = datetime.now(LONDON).date()
    day = today + timedelta(days=15 + (1 - (today + timedelta(days=15)).weekday()) % 7)    # a Tuesday 15-21 days on,
    replies = chat.say(f"wtf. change it to tue {day.day} {day:%B} at 4pm")                 # clear of other tests' times
    [moved] = active_bookings(assistant, chat)
    assert moved["id"] != first["id"] and local_start(moved).strftime("%A %H:%M") == "Tuesday 16:00", chat.transcript
    assert [b["status"] for b in rows(assistant, "bookings", chat) if b["id"] == first["id"]] == ["cancelled"]
    assert "cancelled" in text(replies).lower() and "outside what i can help" not in text(replies).lower(), \
        chat.transcript


def test_asking_for_the_time_one_already_has_keeps_it_and_says_so(assistant: Assistant) -> None:
    chat = assistant.conversation()
    replies = give_contact(chat, chat.say("I'd like to book a consultation"), "Lia", "lia.same@example.com")
    chat.click(replies, times(replies)[-1])
    [booking] = active_bookings(assistant, chat)
    start = local_start(booking)
    replies = chat.say(f"can we keep {start:%A} {start.day} {start:%B} at {start:%H:%M}, same time?")
    assert "already booked" not in text(replies).lower(), chat.transcript
    [still] = active_bookings(assistant, chat)
    assert still["id"] == booking["id"] and local_start(still) == start


def test_a_time_named_at_the_end_of_a_long_story_is_booked(assistant: Assistant) -> None:
    chat = assistant.conversation()
    story = ("Hi, I had my thyroid out three years ago and the scar on my neck has gone darker than the rest of my "
             "skin, so it shows more, not less. I'm fed up of living in scarves all year round, honestly. "
             "Could I book a consultation for Tuesday at 12:15, in my lunch break?")
    give_contact(chat, chat.say(story), "Mae", "mae.story@example.com")
    [booking] = active_bookings(assistant, chat)
    assert local_start(booking).strftime("%A %H:%M") == "Tuesday 12:15", chat.transcript


def test_a_question_asked_with_the_request_to_book_is_answered_and_the_time_kept(assistant: Assistant) -> None:
    chat = assistant.conversation()
    replies = chat.say("Good evening. I have a scar from a dog bite on my cheek since I was a child. Is it possible "
                       "with micropigmentation or is the face not allowed? I work Monday to Friday until 17:00, so "
                       "can I come next Saturday at 13:15?")
    sent = assistant.responses(chat)
    assert any("scar" in r for r in sent), chat.transcript         # the face question is answered first…
    assert "first name" in text(replies).lower(), chat.transcript   # …and the booking goes on
    give_contact(chat, replies, "Omar", "omar.saturday@example.com")
    [booking] = active_bookings(assistant, chat)
    assert local_start(booking).strftime("%A %H:%M") == "Saturday 13:15", chat.transcript


def test_a_booking_beside_a_treatment_only_named_starts_without_its_leaflet(assistant: Assistant) -> None:
    chat = assistant.conversation()
    replies = chat.say("thursday after work for the free consult?? like 7ish. scar on my arm")
    assert "first name" in text(replies).lower(), chat.transcript
    assert not [r for r in assistant.responses(chat) if "scar" in r], chat.transcript


@pytest.mark.parametrize("first,area", [("hi can i book a consultation for my c-section scar", "abdomen"),
                                        ("I'd like to book in about the scar on my left forearm", "left forearm")])
def test_the_body_area_named_before_booking_is_kept_on_the_lead(assistant: Assistant, first: str, area: str) -> None:
    chat = assistant.conversation()
    replies = give_contact(chat, chat.say(first), "Cleo", f"cleo.{area[:4]}@example.com")
    assert times(replies), chat.transcript
    kept = lead(assistant, chat)
    assert kept is not None and kept["concern"] == "scar"
    assert area in str(kept["body_area"] or "").lower(), (kept["body_area"], chat.transcript)


@pytest.mark.parametrize("instead", ["book", "can I just book a consultation?"])
def test_a_booking_asked_for_at_the_privacy_question_books_straight_away(assistant: Assistant, instead: str) -> None:
    chat = assistant.conversation()
    chat.say("price smp?")
    assert "Do you agree to answer a few health questions?" in text(chat.say("ok")), chat.transcript
    replies = give_contact(chat, chat.say(instead), "Dan", f"dan.{len(instead)}@example.com")
    assert times(replies), chat.transcript      # the times, not the privacy question again
    assert not rows(assistant, "consent_records", chat)
