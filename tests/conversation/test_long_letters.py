"""Round-12 patterns over the real servers, checked in the database: an areola's side and its latest operation
kept from a long first message, "yes please check" starts the check, a name said after "ok." books under that
name, a cancellation told with bad news cancels the booking made here, "is the wednesday one cancelled?"
cancels nothing, and a question inside a health answer is heard without losing the question's place."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.conversation.intake_helpers import CONTACT, HEALTHY, asked_slot, run_intake
from tests.conversation.test_told_once import a_tuesday_next_week, answers, lead, rows
from tests.harness import Assistant

pytestmark = [pytest.mark.conversation, pytest.mark.one_backend]

PEGGY = ("Good afternoon. I had a mastectomy on the left side three years ago and they rebuilt the breast from my "
         "tummy, and the nipple reconstruction was done five months ago now. Is this something you do?")


def test_an_areolas_side_and_latest_operation_are_kept(assistant: Assistant) -> None:
    chat = assistant.conversation()
    chat.say(PEGGY)
    first = chat.say("yes please check")
    assert asked_slot(first) == "health_consent", chat.transcript
    replies, asked = run_intake(chat, first, {**CONTACT, **HEALTHY, "health_consent": "yes",
                                              "areola_reconstruction_done": "yes", "areola_radiotherapy": "no"})
    assert "body_area" not in asked and "onset_date" not in asked, chat.transcript
    stored = answers(assistant, lead(assistant, chat)["id"])
    five_months_ago = date.today() - timedelta(days=152)
    assert stored["body_area"] == "breast (left)", stored
    assert stored["onset_date"] in {f"{d:%B %Y}" for d in (five_months_ago - timedelta(days=20),
                                                            five_months_ago + timedelta(days=20))}, stored


def test_a_name_after_ok_books_under_that_name(assistant: Assistant) -> None:
    chat = assistant.conversation()
    chat.say(f"can I book {a_tuesday_next_week()} at 13:00?")
    chat.say("ok. Hannah Lowe")
    chat.say("h.lowe@example.com")
    [booking] = [b for b in rows(assistant, "bookings", chat) if b["status"] == "requested"]
    assert lead(assistant, chat)["first_name"] == "Hannah Lowe", chat.transcript
    assert booking is not None


def test_a_cancellation_told_with_bad_news_cancels_the_booking_made_here(assistant: Assistant) -> None:
    chat = assistant.conversation()
    chat.say(f"can I come {a_tuesday_next_week()} at 13:45? Patricia, 07700 900612")
    assert [b["status"] for b in rows(assistant, "bookings", chat)] == ["requested"], chat.transcript
    chat.say("My husband has been taken into hospital so I'll have to cancel my consultation, I'm sorry for the "
             "short notice.")
    assert [b["status"] for b in rows(assistant, "bookings", chat)] == ["cancelled"], chat.transcript


def test_asking_whether_another_day_was_cancelled_cancels_nothing(assistant: Assistant) -> None:
    chat = assistant.conversation()
    chat.say(f"can I come {a_tuesday_next_week()} at 17:30? Kelly, 07700 900613")
    chat.say("and wed is cancelled yeah? 😅")
    assert [b["status"] for b in rows(assistant, "bookings", chat)] == ["requested"], chat.transcript


def test_a_question_inside_a_health_answer_keeps_the_question(assistant: Assistant) -> None:
    chat = assistant.conversation()
    first = chat.say("I'd like to check if I'm ready for scar camouflage")
    replies, _ = run_intake(chat, first, {**CONTACT, **HEALTHY, "health_consent": "yes", "concern": "scar",
                                          "body_area": "knee", "scar_cause": "injury", "onset_date": "3 years ago",
                                          "scar_settled": "yes", "keloid_history": "no", "adult": "yes",
                                          "pregnant_or_breastfeeding": "no"}, stop_at="anticoagulants")
    replies = chat.say("wud my transplant meds be a problem tho? the immune ones")
    assert asked_slot(replies) == "anticoagulants" and len(replies) >= 2, chat.transcript
    replies = chat.say("no")
    assert asked_slot(replies) != "anticoagulants", chat.transcript
