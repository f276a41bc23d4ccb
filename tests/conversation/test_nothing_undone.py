"""Nothing is undone by a misread answer, over the real servers (round-10 patterns, written after that blind round):
"No, keep it" to the erasure question keeps everything, "keep the Monday booking" and "is the Wednesday one
cancelled?" cancel nothing, "skip that one idk" leaves one answer out and the intake goes on, "I don't want a
call" leaves a call-back request unsent, and a cancellation told with bad news is heard first. The database is
checked, not the wording."""
from __future__ import annotations

from typing import Any

import pytest

from tests.conversation.intake_helpers import CONTACT, HEALTHY, asked_slot, run_intake
from tests.conversation.test_told_once import a_tuesday_next_week, lead, rows
from tests.harness import Assistant, Conversation

pytestmark = pytest.mark.conversation


def _book(chat: Conversation, name: str, phone: str, when: str) -> None:
    chat.say(f"can I come {a_tuesday_next_week()} at {when}? {name}, {phone}")


def _active(assistant: Assistant, chat: Conversation) -> list[dict[str, Any]]:
    return [b for b in rows(assistant, "bookings", chat) if b["status"] in ("requested", "confirmed")]


def test_no_keep_it_to_the_erasure_question_keeps_the_booking(assistant: Assistant) -> None:
    chat = assistant.conversation()
    _book(chat, "Amir", "07700 900918", "10:45")
    assert len(_active(assistant, chat)) == 1, chat.transcript
    chat.say("please delete my data")
    chat.say("No, keep it. I asked how long you keep it, not to delete it.")
    assert len(_active(assistant, chat)) == 1, chat.transcript
    assert lead(assistant, chat) is not None


@pytest.mark.parametrize("message,when", [("Keep the Tuesday booking, I don't want it cancelled.", "12:15"),
                                          ("my booking on wednesday, is it cancelled now?", "15:15")])
def test_keeping_or_asking_about_a_booking_cancels_nothing(assistant: Assistant, message: str, when: str) -> None:
    chat = assistant.conversation()
    _book(chat, "Declan", "07700 900410", when)
    assert len(_active(assistant, chat)) == 1, chat.transcript
    chat.say(message)
    [booking] = _active(assistant, chat)
    assert booking["status"] == "requested", chat.transcript


def test_skip_said_in_a_sentence_leaves_one_answer_out_and_goes_on(assistant: Assistant) -> None:
    chat = assistant.conversation()
    first = chat.say("I'd like to check if I'm ready for scar camouflage")
    answers = {**CONTACT, **HEALTHY, "concern": "scar", "body_area": "arm", "scar_cause": "surgery",
               "onset_date": "3 years ago", "scar_settled": "yes", "keloid_history": "no",
               "phototype": "skip that one idk"}
    replies, asked = run_intake(chat, first, answers, stop_at="summary_confirmed")
    assert asked.count("phototype") == 1 and asked_slot(replies) == "summary_confirmed", chat.transcript


def test_i_dont_want_a_call_sends_no_call_back(assistant: Assistant) -> None:
    chat = assistant.conversation()
    chat.say("can someone call me about my scalp")
    for _ in range(3):                          # the person flow asks for a name, then a way to reach them
        replies = chat.say("No. I don't want a call. The booking is enough.")
        if not any("?" in (r.get("text") or "") for r in replies):
            break
    assert rows(assistant, "handoffs", chat) == [], chat.transcript


def test_a_cancellation_with_bad_news_is_heard_first(assistant: Assistant) -> None:
    chat = assistant.conversation()
    _book(chat, "Rosa", "07700 900512", "13:45")
    chat.say("so sorry, need to cancel my appointment. my mum's been taken into hospital")
    assert _active(assistant, chat) == [], chat.transcript
    assert "utter_ack_family_unwell" in assistant.responses(chat)


def test_what_a_visitor_adds_after_a_call_back_request_reaches_the_person(assistant: Assistant) -> None:
    chat = assistant.conversation()
    chat.say("Can someone ring my mum back about her breast surgery? Brenda Hollis, 01632 960477, tuesday morning "
             "please")
    [handoff] = rows(assistant, "handoffs", chat)
    assert handoff["contact_time"] == "tuesday morning", chat.transcript
    chat.say("she wants to ask about having a nipple tattooed after her mastectomy, the reconstruction was years ago")
    chat.say("oh and tell them to whatsapp first, not phone")
    [handoff] = rows(assistant, "handoffs", chat)
    assert "mastectomy" in (handoff["reason"] or ""), chat.transcript
    assert lead(assistant, chat)["preferred_contact"] == "whatsapp", chat.transcript


def test_a_call_back_request_can_be_withdrawn(assistant: Assistant) -> None:
    chat = assistant.conversation()
    chat.say("Can someone call me back about my scalp? Yusuf, 07700 900604, after 5pm")
    [handoff] = rows(assistant, "handoffs", chat)
    assert handoff["status"] == "open", chat.transcript
    chat.say("I said I do NOT want a call. Withdraw the call-back request you created.")
    [handoff] = rows(assistant, "handoffs", chat)
    assert handoff["status"] == "withdrawn", chat.transcript
