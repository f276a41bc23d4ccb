"""Asking for a person at any moment: a handoff request the practitioner sees, and an honest expectation."""
from __future__ import annotations

import pytest

from tests.conversation.intake_helpers import CONTACT, asked_slot, run_intake
from tests.harness import Assistant

pytestmark = pytest.mark.conversation


def test_handoff_asks_how_to_reach_the_visitor_then_records_it(assistant: Assistant) -> None:
    chat = assistant.conversation()
    assert "email address or phone number" in chat.say_text("can I talk to someone?")
    text = chat.say_text("you can reach me on anna@example.com")
    assert "asked a person at the studio to contact you" in text
    assert "studio" in text and ("open" in text or "closed" in text)       # when to expect contact
    handoffs = assistant.rows("SELECT * FROM handoffs WHERE conversation_id = :c", c=chat.sender_id)
    assert [(h["kind"], h["status"]) for h in handoffs] == [("person", "open")]
    lead = assistant.rows("SELECT id, email FROM leads WHERE conversation_id = :c", c=chat.sender_id)
    assert lead[0]["email"] == "anna@example.com" and handoffs[0]["lead_id"] == lead[0]["id"]


def test_handoff_in_the_middle_of_the_intake_pauses_it(assistant: Assistant) -> None:
    chat = assistant.conversation()
    run_intake(chat, chat.say("am I a good candidate?"), {**CONTACT, "concern": "scar", "body_area": "knee"},
               stop_at="scar_cause")
    replies = chat.say("I'd rather speak to a real person")
    assert asked_slot(replies) is None
    chat.say("+44 7911 123456")
    handoffs = assistant.rows("SELECT kind FROM handoffs WHERE conversation_id = :c", c=chat.sender_id)
    assert [h["kind"] for h in handoffs] == ["person"]
    # nothing of the intake was stored: no health answers without a submitted summary
    stored = assistant.rows("SELECT a.key FROM intake_answers a JOIN leads l ON l.id = a.lead_id "
                            "WHERE l.conversation_id = :c", c=chat.sender_id)
    assert stored == []


def test_asking_twice_does_not_open_two_requests(assistant: Assistant) -> None:
    chat = assistant.conversation()
    chat.say("talk to a human please")
    chat.say("anna@example.com")
    assert "asked a person" in chat.say_text("I want to speak to a person")
    assert len(assistant.rows("SELECT id FROM handoffs WHERE conversation_id = :c", c=chat.sender_id)) == 1
