"""Conversations that stop and start again, the way people hold them (round 20 of the blind evaluation): questions
paused and picked up where they were left, a call time told in a story and then corrected, one answer per
question however the message is worded."""
from __future__ import annotations

import pytest

from tests.conversation.intake_helpers import CONTACT, HEALTHY, asked_slot, run_intake
from tests.conversation.person_helpers import said
from tests.harness import Assistant

pytestmark = pytest.mark.conversation

START = "I'd like to check if I'm a good candidate"
KNEE = {**CONTACT, **HEALTHY, "concern": "scar", "body_area": "knee", "scar_cause": "injury",
        "onset_date": "about two years ago", "scar_settled": "yes"}


def test_paused_questions_pick_up_where_they_were_left(assistant: Assistant) -> None:
    chat = assistant.conversation()
    run_intake(chat, chat.say(START), KNEE, stop_at="anticoagulants")
    paused = chat.say("Not now then, I have to ring the clinic first.")
    assert "paused" in said(paused) and asked_slot(paused) is None
    assert assistant.rows("SELECT id FROM leads WHERE conversation_id = :c", c=chat.sender_id) == []  # nothing sent
    back = chat.say("Back again. Can we finish the questions?")
    assert asked_slot(back) == "anticoagulants", chat.transcript      # not the consent, not the first question
    replies, asked = run_intake(chat, back, KNEE)
    assert "keloid_history" not in asked and "health_consent" not in asked       # nothing asked twice
    answers = {r["key"]: r["answer"] for r in assistant.rows(
        "SELECT a.key, a.answer FROM intake_answers a JOIN leads l ON l.id = a.lead_id WHERE l.conversation_id = :c",
        c=chat.sender_id)}
    assert answers.get("keloid_history") == "no" and answers.get("body_area") == "knee", answers


def test_start_over_still_starts_from_the_top_after_a_pause(assistant: Assistant) -> None:
    chat = assistant.conversation()
    run_intake(chat, chat.say(START), KNEE, stop_at="onset_date")
    chat.say("stop")
    assert asked_slot(chat.say("start over")) == "health_consent"


def test_a_call_time_told_in_a_story_then_put_right_is_the_one_kept(assistant: Assistant) -> None:
    chat = assistant.conversation()
    chat.say("hi sorry for the hour im just off nights in the icu. could Marta ring me for a chat about my thyroid scar")
    chat.say("Bernadette")
    asked = chat.say("its 07700 900 392 thats my mobile")
    assert "good time" in said(asked), chat.transcript          # "just off nights" is no time to call
    noted = chat.say("oh no not nights I'm at work then, any morning after 8, I'm home by half 7 and asleep by 11")
    assert "10:00" in said(noted)                               # no call promised before the studio opens
    hours = chat.say("ok but what are your opening hours")
    assert said(hours).count("10:00–18:00") == 1, chat.transcript      # answered once, not in a loop
    moved = chat.say("ah right so tuesday at 10 then, I'm off that night so I'll be up")
    assert moved, "the conversation must not go silent"
    times = [h["contact_time"] for h in assistant.rows("SELECT contact_time FROM handoffs WHERE conversation_id = :c",
                                                        c=chat.sender_id)]
    assert times == ["tuesday at 10"], (times, chat.transcript)
    assert chat.say("and how long does the actual treatment take roughly"), "still answering"


def test_a_body_area_said_alone_after_an_answer_is_heard_not_a_menu(assistant: Assistant) -> None:
    chat = assistant.conversation()
    chat.say("scar")
    replies = chat.say("neck")
    assert "Did you mean" not in said(replies) and "neck" in said(replies), chat.transcript
    assert "Check if I'm ready" in chat.buttons(replies)
