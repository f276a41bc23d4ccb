"""Visitors as they really write: long stories, greetings glued to questions, details given before
they are asked, thanks in the middle of the questions, a day named with the booking request."""
from __future__ import annotations

import re
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from tests.conversation.intake_helpers import CONTACT, HEALTHY, asked_slot, run_intake
from tests.harness import Assistant, Conversation

pytestmark = [pytest.mark.conversation, pytest.mark.one_backend]
LONDON = ZoneInfo("Europe/London")
C_SECTION_STORY = (
    "Hi there. So I had my second baby by emergency c-section in March last year and it was pretty traumatic "
    "honestly, the scar healed ok but it's quite a bit lighter than the rest of my skin. I notice it every time I "
    "get out of the shower and I've stopped wearing bikinis. I'm wondering if something like camouflage would even "
    "work on a c-section scar? Sorry for the essay")


def text(replies: list[dict[str, Any]]) -> str:
    return "\n".join(r.get("text") or "" for r in replies)


def consented(chat: Conversation) -> list[dict[str, Any]]:
    """Start the readiness check and agree; returns the replies asking the first question."""
    assert asked_slot(chat.say("I'd like to check if I'm suitable")) == "health_consent", chat.transcript
    replies = chat.say("yes I agree")
    assert asked_slot(replies) == "concern", chat.transcript
    return replies


def test_a_long_story_as_first_message_gets_the_scar_answer(assistant: Assistant) -> None:
    answer = assistant.conversation().say_text(C_SECTION_STORY)
    assert "does not erase" in answer and "Did you mean" not in answer


@pytest.mark.parametrize("message,fact", [
    ("hi! is it painful", "How it feels"),
    ("hello, how much is scalp micropigmentation?", "£450"),
    ("hey, do u do stretch marks?", "white"),
])
def test_a_greeting_glued_to_a_question_gets_the_answer(assistant: Assistant, message: str, fact: str) -> None:
    assert fact in assistant.conversation().say_text(message)


def test_describing_their_case_gets_guidance_and_a_consultation_to_plan_ahead(assistant: Assistant) -> None:
    chat = assistant.conversation()
    chat.say("can you do anything for stretch marks after pregnancy?")
    replies = chat.say("theyre still kinda red/purpleish tbh, baby is 5 months")
    assert "red or purple" in text(replies) and "silv" in text(replies), chat.transcript     # their marks' stage
    assert chat.buttons(replies) == ["Book a consultation"]     # too early for a readiness check: plan ahead
    assert "first name" in text(chat.say("ok yes"))                 # a plain yes accepts the offer


def test_details_told_early_are_kept_and_a_story_is_not_read_as_under_18(assistant: Assistant) -> None:
    chat = assistant.conversation()
    consented(chat)
    specific = {"scar_cause": "surgery", "onset_date": "two years ago", "scar_settled": "yes", "keloid_history": "no"}
    replies, asked = run_intake(chat, chat.say("it's the c-section scar, low on my tummy"), specific, stop_at="adult")
    assert "body_area" not in asked, asked                                   # told with the concern
    replies = chat.say("No pregnancy, I take no medication, no diabetes")
    assert "only treats adults" not in text(replies) and asked_slot(replies) == "adult", chat.transcript
    assert "noted" in text(replies), chat.transcript
    replies, asked = run_intake(chat, chat.say("yes I'm 34"), {**CONTACT, **HEALTHY})
    assert not {"diabetes", "anticoagulants", "isotretinoin"} & set(asked), asked     # already answered
    assert "pregnant_or_breastfeeding" in asked          # "no pregnancy" says nothing about breastfeeding
    [lead] = assistant.rows("SELECT * FROM leads WHERE conversation_id = :c", c=chat.sender_id)
    assert lead["concern"] == "scar" and lead["readiness"] == "ready"
    answers = {r["key"]: r["answer"] for r in assistant.rows(
        "SELECT key, answer FROM intake_answers WHERE lead_id = :l", l=lead["id"])}
    assert answers["body_area"] == "abdomen" and answers["diabetes"] == "no" and answers["adult"] == "yes"


def test_a_question_after_an_interjection_is_answered_mid_form(assistant: Assistant) -> None:
    chat = assistant.conversation()
    consented(chat)
    replies = chat.say("wait, does it hurt? I'm a bit of a wimp with needles")
    assert "How it feels" in text(replies) and asked_slot(replies) == "concern", chat.transcript


def test_thanks_in_the_middle_pauses_without_asking_again(assistant: Assistant) -> None:
    chat = assistant.conversation()
    consented(chat)
    replies = chat.say("thanks so much, I have to go now but I'll come back")
    assert "take your time" in text(replies) and asked_slot(replies) is None, chat.transcript
    assert asked_slot(chat.say("a scar on my knee")) == "scar_cause", chat.transcript   # picks up again


def test_the_day_named_with_the_booking_request_is_honoured(assistant: Assistant) -> None:
    chat = assistant.conversation()
    replies = chat.say("can I book a consultation for a tuesday afternoon")
    assert "first name" in text(replies), chat.transcript
    chat.say("Daniel")
    replies = chat.say("daniel.okafor@example.com")
    offered = [b for b in chat.buttons(replies) if re.match(r"^[A-Z][a-z]{2} \d", b)]
    assert offered and all(b.startswith("Tue") for b in offered), chat.transcript
    assert all(int(b.split(", ")[1][:2]) >= 12 for b in offered), chat.transcript
    assert "Tuesday afternoons" in text(replies)
    chat.click(replies, offered[0])
    [booking] = assistant.rows("SELECT start_at FROM bookings WHERE conversation_id = :c", c=chat.sender_id)
    start = booking["start_at"]
    start = datetime.fromisoformat(start) if isinstance(start, str) else start
    local = (start if start.tzinfo else start.replace(tzinfo=ZoneInfo("UTC"))).astimezone(LONDON)
    assert local.weekday() == 1 and local.hour >= 12


def test_a_day_asked_while_choosing_a_time_filters_the_times(assistant: Assistant) -> None:
    chat = assistant.conversation()
    chat.say("I'd like to book a consultation")
    chat.say("Priya")
    chat.say("priya@example.com")
    replies = chat.say("anything on a saturday morning?")
    offered = [b for b in chat.buttons(replies) if re.match(r"^[A-Z][a-z]{2} \d", b)]
    assert offered and all(b.startswith("Sat") for b in offered), chat.transcript


def test_ordinary_words_are_not_taken_as_a_first_name(assistant: Assistant) -> None:
    chat = assistant.conversation()
    chat.say("I'd like to book a consultation")
    replies = chat.say("yes that one")
    assert "first name" in text(replies) and "Yes That One" not in text(replies), chat.transcript
    replies = chat.say("book me in whenever, name's Gary, gary.wells@example.com")
    assert "Which one suits you?" in text(replies), chat.transcript
    [lead] = assistant.rows("SELECT first_name, email FROM leads WHERE conversation_id = :c", c=chat.sender_id)
    assert (lead["first_name"], lead["email"]) == ("Gary", "gary.wells@example.com")


def test_delete_my_data_in_a_longer_sentence_works_in_the_middle_of_the_questions(assistant: Assistant) -> None:
    chat = assistant.conversation()
    consented(chat)
    chat.say("a scar on my knee")
    assert assistant.rows("SELECT id FROM consent_records WHERE conversation_id = :c", c=chat.sender_id)
    assert "can't be undone" in chat.say_text("actually, on second thought, please delete my data. all of it")
    assert "erased" in chat.say_text("yes I'm sure")
    assert assistant.rows("SELECT id FROM consent_records WHERE conversation_id = :c", c=chat.sender_id) == []
    assert assistant.rows("SELECT id FROM leads WHERE conversation_id = :c", c=chat.sender_id) == []


def test_a_person_asked_for_in_other_words_is_offered_at_once(assistant: Assistant) -> None:
    chat = assistant.conversation()
    replies = chat.say("I'm not good with these chat things, can I talk to a real person please")
    assert "pass you to a person" in text(replies), chat.transcript


def test_the_sun_reaction_is_not_taken_for_a_burn_scar(assistant: Assistant) -> None:
    chat = assistant.conversation()
    consented(chat)
    replies = chat.say("a scar on my upper lip from a dog bite when I was a kid")
    assert asked_slot(replies) == "onset_date" and "injury" in text(replies).lower(), chat.transcript  # cause told
    replies = chat.say("I always burn, never tan. Very fair, freckles")
    assert asked_slot(replies) == "onset_date" and "Type I" in text(replies), chat.transcript   # skin type kept
    replies, asked = run_intake(chat, chat.say("over 30 years ago"), {
        **CONTACT, **HEALTHY, "scar_settled": "yes", "keloid_history": "no"})
    assert "phototype" not in asked and "scar_cause" not in asked, asked
    [lead] = assistant.rows("SELECT id FROM leads WHERE conversation_id = :c", c=chat.sender_id)
    answers = {r["key"]: r["answer"] for r in assistant.rows(
        "SELECT key, answer FROM intake_answers WHERE lead_id = :l", l=lead["id"])}
    assert (answers["scar_cause"], answers["phototype"], answers["body_area"]) == ("Injury / accident", "Type I", "lip")


def test_a_wave_is_a_hello_and_changing_a_number_never_given_changes_nothing(assistant: Assistant) -> None:
    chat = assistant.conversation()
    replies = chat.say("👋")
    assert "welcome" in text(replies).lower() and "Did you mean" not in text(replies), chat.transcript
    replies = chat.say("can I change my phone number?")
    assert "nothing to change" in text(replies) and "+44 1273" not in text(replies), chat.transcript
