"""Answers kept whatever the visitor does next, over the real servers (round-14 conversations): a person asked
for in the middle of the questions keeps the treatment chosen, and a date put right while another question is
asked replaces the old one. The database is checked, not the wording."""
from __future__ import annotations

from datetime import date

import pytest

from bot.intake.dates import add_months
from tests.conversation.intake_helpers import CONTACT, HEALTHY, asked_slot, run_intake
from tests.harness import Assistant, Conversation

pytestmark = [pytest.mark.conversation, pytest.mark.one_backend]
START = "I'd like to check if I'm a good candidate"


def lead_of(assistant: Assistant, chat: Conversation) -> dict:
    rows = assistant.rows("SELECT * FROM leads WHERE conversation_id = :c", c=chat.sender_id)
    assert len(rows) == 1, chat.transcript
    return rows[0]


def test_a_person_asked_for_in_the_middle_of_the_questions_keeps_the_treatment(assistant: Assistant) -> None:
    chat = assistant.conversation()
    replies, _ = run_intake(chat, chat.say(START), {"health_consent": "yes", "concern": "hair loss"},
                            stop_at="scalp_pattern")
    assert asked_slot(replies) == "scalp_pattern", chat.transcript
    chat.say("this is too many questions, can someone just call me instead")
    chat.say("Mehmet")
    chat.say("07700 900 614")
    chat.say("weekdays after 5pm")
    [handoff] = assistant.rows("SELECT * FROM handoffs WHERE conversation_id = :c", c=chat.sender_id)
    lead = lead_of(assistant, chat)
    assert handoff["lead_id"] == lead["id"] and lead["phone"] == "+447700900614", chat.transcript
    assert lead["concern"] == "scalp", chat.transcript


def test_a_date_put_right_while_another_question_is_asked_replaces_the_old_one(assistant: Assistant) -> None:
    chat = assistant.conversation()
    first = chat.say("I'd like to check if I'm a candidate, I have a scar on my knee from an operation")
    replies, _ = run_intake(chat, first, {"health_consent": "yes", "scar_cause": "surgery",
                                          "onset_date": "10 months ago", "body_area": "knee",
                                          "scar_settled": "yes", "keloid_history": "no", "skin_condition_area": "no",
                                          "adult": "yes"},
                            stop_at="pregnant_or_breastfeeding")
    assert asked_slot(replies) == "pregnant_or_breastfeeding", chat.transcript
    replies = chat.say("Sorry, I've just checked the letter: the operation was in fact 14 months ago, not 10.")
    run_intake(chat, replies, {**CONTACT, **HEALTHY, "expectations": "less noticeable"})
    lead = lead_of(assistant, chat)
    [when] = [r["answer"] for r in assistant.rows("SELECT key, answer FROM intake_answers WHERE lead_id = :l",
                                                   l=lead["id"]) if r["key"] == "onset_date"]
    near = {f"{add_months(date.today(), -m):%B %Y}" for m in (13, 14, 15)}
    assert when in near, (when, chat.transcript)
    assert lead["readiness"] == "ready", chat.transcript      # 14 months and settled: no young-scar wait


def test_answers_given_before_a_call_back_is_asked_for_stay_with_the_lead(assistant: Assistant) -> None:
    chat = assistant.conversation()
    first = chat.say("I'd like to check if I'm a candidate, I have a scar on my knee from an operation")
    replies, _ = run_intake(chat, first, {"health_consent": "yes", "scar_cause": "surgery",
                                          "onset_date": "7 months ago", "body_area": "knee"},
                            stop_at="scar_settled")
    assert asked_slot(replies) == "scar_settled", chat.transcript
    chat.say("actually could someone just ring me instead, typing is hard for me")
    chat.say("Joan")
    chat.say("07700 900 418")
    chat.say("thursday after 6")
    lead = lead_of(assistant, chat)
    kept = {r["key"]: r["answer"] for r in assistant.rows("SELECT key, answer FROM intake_answers WHERE lead_id = :l",
                                                           l=lead["id"])}
    assert lead["concern"] == "scar" and "onset_date" in kept and kept.get("body_area") == "knee", chat.transcript
    assert assistant.rows("SELECT * FROM handoffs WHERE conversation_id = :c", c=chat.sender_id), chat.transcript


def test_a_phone_number_added_after_booking_is_kept(assistant: Assistant) -> None:
    chat = assistant.conversation()
    replies = chat.say("I'd like to book a consultation")
    replies = chat.say("Aisha")
    replies = chat.say("aisha.after@example.com")
    buttons = [b for b in Conversation.buttons(replies) if b[:3] in ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat")]
    assert buttons, chat.transcript
    chat.click(replies, buttons[-1])
    chat.say("Oh and pls put my phone down too, this number, 07700900902")
    lead = lead_of(assistant, chat)
    assert (lead["email"], lead["phone"]) == ("aisha.after@example.com", "+447700900902"), chat.transcript


def test_a_question_at_the_call_back_time_is_answered_and_the_time_still_kept(assistant: Assistant) -> None:
    chat = assistant.conversation()
    chat.say("can someone call me back please")
    chat.say("Owen")
    chat.say("07700 900 511")
    replies = chat.say("Is there an age limit at the top end? My dad is worried he's too old.")
    assert "upper age limit" in " ".join(r.get("text") or "" for r in replies).lower(), chat.transcript
    chat.say("weekdays between 12 and 2 please")
    [handoff] = assistant.rows("SELECT * FROM handoffs WHERE conversation_id = :c", c=chat.sender_id)
    assert handoff["contact_time"] and "12" in handoff["contact_time"], chat.transcript


def test_a_question_at_the_call_back_number_is_answered_and_the_number_asked_again(assistant: Assistant) -> None:
    chat = assistant.conversation()
    chat.say("can someone call me back please")
    chat.say("Helen")
    chat.say("skip")                                                 # what it is about: left to the call
    replies = chat.say("is Marta a nurse?")
    said = " ".join(r.get("text") or "" for r in replies).lower()
    assert "nurse" in said and "couldn't read" not in said, chat.transcript
    chat.say("07700 900 733")
    chat.say("mornings")
    [handoff] = assistant.rows("SELECT * FROM handoffs WHERE conversation_id = :c", c=chat.sender_id)
    assert handoff["name"] == "Helen" and lead_of(assistant, chat)["phone"] == "+447700900733", chat.transcript
