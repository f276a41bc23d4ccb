"""Answering the intake like a visitor: find which question was asked, give that answer."""
from __future__ import annotations

import re
from typing import Any, Mapping, Optional

from bot.intake.questions import QUESTIONS
from tests.harness import Conversation

MARKERS: dict[str, str] = {
    "health_consent": "Do you agree to answer a few health questions?",
    "summary_confirmed": "Here is a summary of your answers",
    "onset_date": "When did the surgery or injury happen?",
    "body_area": "Where on the body is it?",
}


def asked_slot(replies: list[dict[str, Any]]) -> Optional[str]:
    """The intake question among the replies, if any (the last one wins)."""
    found = None
    for reply in replies:
        text = reply.get("text") or ""
        for slot, question in QUESTIONS.items():
            marker = MARKERS.get(slot) or (question.text if isinstance(question.text, str) else None)
            if marker and marker in text:
                found = slot
        if "When was your last reconstruction surgery" in text or "Roughly when did the stretch marks" in text or \
                re.search(r"When did the (?:surgery or injury|operation|injury|burn) happen\?", text):
            found = "onset_date"
        if "Which side is it: the left, the right, or both?" in text:
            found = "body_area"                    # an areola's side
        if text.startswith("Updated — ") and "Is everything correct" in text:
            found = "summary_confirmed"            # after a change: what changed, then the summary
    return found


def run_intake(chat: Conversation, first: list[dict[str, Any]], answers: Mapping[str, str],
               stop_at: Optional[str] = None, limit: int = 40) -> tuple[list[dict[str, Any]], list[str]]:
    """Answer questions until the summary is confirmed (or ``stop_at`` is asked).

    Returns the replies after the last answer and the slots asked, in order.
    """
    replies, asked = first, []
    for _ in range(limit):
        slot = asked_slot(replies)
        if slot is None or slot == stop_at:
            return replies, asked
        asked.append(slot)
        if slot not in answers:
            raise AssertionError(f"unexpected question {slot!r}: {[r.get('text') for r in replies]}")
        replies = chat.say(answers[slot])
    raise AssertionError("the intake did not end")


HEALTHY = {"keloid_history": "no", "skin_condition_area": "no", "pregnant_or_breastfeeding": "no", "anticoagulants": "no", "diabetes": "no",
           "chemo_radio": "no", "isotretinoin": "no", "allergies": "no"}
CONTACT = {"phototype": "I sometimes burn and tan gradually", "expectations": "I'd like it to be less noticeable",
           "first_name": "Anna", "email": "anna.smith@example.com", "phone": "07911 123456",
           "preferred_contact": "email", "summary_confirmed": "yes", "health_consent": "yes", "adult": "yes"}
