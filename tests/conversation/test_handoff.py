"""Asking for a person at any moment: a handoff request the practitioner sees, and an honest expectation."""
from __future__ import annotations

import pytest

from tests.conversation.intake_helpers import CONTACT, asked_slot, run_intake
from tests.conversation.person_helpers import answer_person_questions, said
from tests.harness import Assistant

pytestmark = pytest.mark.conversation


def test_handoff_asks_how_to_reach_the_visitor_then_records_it(assistant: Assistant) -> None:
    chat = assistant.conversation()
    replies = chat.say("can I talk to someone?")
    assert "pass you to a person" in said(replies)
    text = said(answer_person_questions(chat, replies, {"name": "Anna", "contact": "you can reach me on anna@example.com",
                                                        "time": "Any time"}))
    assert "asked a person at the studio to contact you" in text, chat.transcript
    assert "studio" in text and ("open" in text or "closed" in text)       # when to expect contact
    handoffs = assistant.rows("SELECT * FROM handoffs WHERE conversation_id = :c", c=chat.sender_id)
    assert [(h["kind"], h["status"], h["name"], h["contact_time"]) for h in handoffs] == [
        ("person", "open", "Anna", "any time")]
    lead = assistant.rows("SELECT id, email FROM leads WHERE conversation_id = :c", c=chat.sender_id)
    assert lead[0]["email"] == "anna@example.com" and handoffs[0]["lead_id"] == lead[0]["id"]


def test_handoff_in_the_middle_of_the_intake_pauses_it(assistant: Assistant) -> None:
    chat = assistant.conversation()
    run_intake(chat, chat.say("am I a good candidate?"), {**CONTACT, "concern": "scar", "body_area": "knee"},
               stop_at="scar_cause")
    replies = chat.say("I'd rather speak to a real person")
    assert asked_slot(replies) is None
    answer_person_questions(chat, replies, {"contact": "+44 7911 123456"})
    handoffs = assistant.rows("SELECT kind FROM handoffs WHERE conversation_id = :c", c=chat.sender_id)
    assert [h["kind"] for h in handoffs] == ["person"], chat.transcript
    # what they said about the treatment stays for the person who calls back; no general health answer is kept
    # without a submitted summary
    stored = {r["key"] for r in assistant.rows("SELECT a.key FROM intake_answers a JOIN leads l ON l.id = a.lead_id "
                                               "WHERE l.conversation_id = :c", c=chat.sender_id)}
    assert stored == {"concern", "body_area"}, chat.transcript


def test_asking_twice_does_not_open_two_requests(assistant: Assistant) -> None:
    chat = assistant.conversation()
    answer_person_questions(chat, chat.say("talk to a human please"), {"contact": "anna@example.com"})
    assert "asked a person" in chat.say_text("I want to speak to a person")
    assert len(assistant.rows("SELECT id FROM handoffs WHERE conversation_id = :c", c=chat.sender_id)) == 1


def test_asking_again_instead_of_answering_skips_the_optional_questions(assistant: Assistant) -> None:
    chat = assistant.conversation()
    assert "ask for" in chat.say_text("can I talk to someone?").lower()
    assert "talk about" in chat.say_text("I want to speak to a person").lower()          # no name: fine
    replies = chat.say("just put me through to a human please")
    answer_person_questions(chat, replies, {"contact": "07911 123456"})
    [handoff] = assistant.rows("SELECT * FROM handoffs WHERE conversation_id = :c", c=chat.sender_id)
    assert (handoff["kind"], handoff["name"], handoff["reason"]) == ("person", None, None), chat.transcript


def test_the_person_the_call_is_for_and_an_exact_time_said_afterwards_are_kept(assistant: Assistant) -> None:
    chat = assistant.conversation()
    replies = chat.say("hi, I'm writing for my mum, could someone ring her about areola work?")
    answer_person_questions(chat, replies, {"name": "I'm Deepak, her son. The call is for her though, Kamala Mistry",
                                            "contact": "her landline is 01632 960418",
                                            "time": "Wednesday morning if possible"})
    replies = chat.say("Just to be clear, 12.30 exactly on Wednesday please, not before. Thanks")
    assert "12.30" in said(replies), chat.transcript                 # heard, not a menu of topics
    [handoff] = assistant.rows("SELECT * FROM handoffs WHERE conversation_id = :c", c=chat.sender_id)
    assert handoff["name"] == "Kamala Mistry", chat.transcript
    assert "12.30" in (handoff["contact_time"] or ""), chat.transcript


def test_a_day_put_right_for_the_call_keeps_the_time_said_before(assistant: Assistant) -> None:
    """"tuesday between 1 and 2 is best", then "oh no wait tuesday im on a course all day. thursday same time?":
    Thursday between 1 and 2, not Tuesday, and no opening hours in reply."""
    chat = assistant.conversation()
    replies = chat.say("can marta ring me? its about camouflage that went orange at another place. tuesday between "
                       "1 and 2 is best")
    answer_person_questions(chat, replies, {"name": "Sophie", "contact": "07700 900492"})
    [handoff] = assistant.rows("SELECT * FROM handoffs WHERE conversation_id = :c", c=chat.sender_id)
    assert handoff["contact_time"] == "tuesday between 1 and 2", chat.transcript
    replies = chat.say("oh no wait tuesday im on a course all day. thursday same time?")
    [handoff] = assistant.rows("SELECT * FROM handoffs WHERE conversation_id = :c", c=chat.sender_id)
    assert handoff["contact_time"] == "thursday between 1 and 2", chat.transcript
    assert "studio is open" not in said(replies), chat.transcript
