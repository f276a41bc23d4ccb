"""The intake over the real servers: consent first, questions that adapt, readiness, and the leads store."""
from __future__ import annotations

import time
from datetime import date

import pytest

from bot.intake.dates import add_months
from bot.intake.questions import QUESTIONS
from bot.settings import load_settings
from tests.conversation.intake_helpers import CONTACT, HEALTHY, asked_slot, run_intake
from tests.harness import Assistant, Conversation

pytestmark = pytest.mark.conversation
START = "I'd like to check if I'm a good candidate"


def _lead(assistant: Assistant, chat: Conversation) -> dict:
    rows = assistant.rows("SELECT * FROM leads WHERE conversation_id = :c", c=chat.sender_id)
    assert len(rows) == 1, rows
    return rows[0]


def _answers(assistant: Assistant, lead_id: str) -> dict[str, str]:
    return {r["key"]: r["answer"] for r in assistant.rows(
        "SELECT key, answer FROM intake_answers WHERE lead_id = :l", l=lead_id)}


def test_scar_prefilled_from_first_message_not_yet_ready(assistant: Assistant) -> None:
    chat = assistant.conversation()
    first = chat.say("I'd like to check if I'm a candidate, I have a c-section scar")
    assert asked_slot(first) == "health_consent"
    onset = "8 months ago"
    replies, asked = run_intake(chat, first, {**CONTACT, **HEALTHY, "scar_cause": "surgery", "onset_date": onset,
                                              "scar_settled": "yes", "keloid_history": "no"})
    assert "concern" not in asked and "body_area" not in asked      # understood from the first message
    assert asked.index("health_consent") == 0                        # consent before any health question
    text = " ".join(r["text"] for r in replies)
    assert "a little early" in text and "get in touch around" in text
    lead = _lead(assistant, chat)
    assert (lead["concern"], lead["readiness"], lead["status"]) == ("scar", "not_yet", "not_yet_ready")
    assert lead["email"] == "anna.smith@example.com" and lead["phone"] == "+447911123456"
    expected = add_months(add_months(date.today(), -8), 12)
    assert abs((date.fromisoformat(str(lead["earliest_date"])) - expected).days) <= 31
    answers = _answers(assistant, lead["id"])
    assert answers["body_area"] == "abdomen" and answers["keloid_history"] == "no"
    consent = assistant.rows("SELECT * FROM consent_records WHERE conversation_id = :c", c=chat.sender_id)
    assert [(c["granted"], c["lead_id"], c["channel"]) for c in consent] == [(True, lead["id"], "rest")]
    assert consent[0]["notice_version"]
    chat.say("yes")                                                   # keep it for a follow-up
    lead = _lead(assistant, chat)
    assert lead["follow_up_date"] is not None and lead["status"] == "not_yet_ready"


@pytest.mark.parametrize("concern,specific,outcome", [
    ("stretch marks", {"body_area": "hips", "stretch_colour": "White or silver", "onset_date": "3 years ago"},
     "ready"),
    ("hair loss", {"scalp_pattern": "receding hairline", "scalp_condition": "no"}, "ready"),
    ("vitiligo", {"body_area": "hands", "vitiligo_spreading": "yes", "vitiligo_new_patch": "3 months ago"},
     "not_yet"),
    ("areola", {"areola_reconstruction_done": "yes", "onset_date": "two years ago", "areola_radiotherapy": "yes",
                "treatment_ended": "18 months ago"}, "review"),
    ("something else", {"body_area": "neck", "onset_date": "since March 2020"}, "review"),
])
def test_each_concern_full_path(assistant: Assistant, concern: str, specific: dict[str, str], outcome: str) -> None:
    chat = assistant.conversation()
    replies, asked = run_intake(chat, chat.say(START), {**CONTACT, **HEALTHY, "concern": concern, **specific})
    assert set(specific) <= set(asked)
    lead = _lead(assistant, chat)
    assert lead["readiness"] == outcome
    if outcome != "not_yet":
        assert "book a free consultation" in " ".join(r["text"] for r in replies).lower()
    stored = _answers(assistant, lead["id"])
    prefilled = {"body_area"} if concern == "areola" else set()     # "areola": the breast, not asked again
    assert set(stored) == (set(asked) | prefilled) - {"health_consent", "summary_confirmed"}   # every answer, no more
    # the scalp has its own question about skin disease, so the general one is not asked
    assert set(HEALTHY) - {"chemo_radio", *({"skin_condition_area"} if concern == "hair loss" else ())} <= set(stored)
    if concern == "areola":       # radiotherapy was already asked about: not asked twice
        assert "chemo_radio" not in asked


def test_no_consent_means_no_health_questions(assistant: Assistant) -> None:
    chat = assistant.conversation()
    assert asked_slot(chat.say(START)) == "health_consent"
    replies = chat.say("no")
    assert asked_slot(replies) is None
    assert "book" in " ".join(r["text"] for r in replies).lower()
    assert assistant.rows("SELECT id FROM leads WHERE conversation_id = :c", c=chat.sender_id) == []
    consent = assistant.rows("SELECT granted FROM consent_records WHERE conversation_id = :c", c=chat.sender_id)
    assert [c["granted"] for c in consent] == [False]
    assert "fade" in chat.say_text("is it permanent?")      # questions are still answered


def test_question_mid_form_is_answered_then_the_pending_question_again(assistant: Assistant) -> None:
    chat = assistant.conversation()
    replies, _ = run_intake(chat, chat.say(START), {**CONTACT, "concern": "scar", "body_area": "knee",
                                                    "scar_cause": "injury"}, stop_at="onset_date")
    replies = chat.say("does it hurt a lot?")
    text = " ".join(r["text"] for r in replies)
    assert "how it feels" in text.lower()
    assert asked_slot(replies) == "onset_date"


def test_stop_sends_nothing_and_keeps_the_answers_for_later(assistant: Assistant) -> None:
    chat = assistant.conversation()
    run_intake(chat, chat.say(START), {**CONTACT, "concern": "scar", "body_area": "knee", "scar_cause": "burn"},
               stop_at="onset_date")
    replies = chat.say("I don't want to continue")
    assert "paused" in " ".join(r["text"] for r in replies) and asked_slot(replies) is None
    assert assistant.rows("SELECT id FROM leads WHERE conversation_id = :c", c=chat.sender_id) == []
    assert asked_slot(chat.say(START)) == "onset_date"     # picked up where it stopped, consent not asked again


def test_start_over_asks_from_the_top(assistant: Assistant) -> None:
    chat = assistant.conversation()
    run_intake(chat, chat.say(START), {**CONTACT, "concern": "vitiligo"}, stop_at="body_area")
    replies = chat.say("start over")
    assert asked_slot(replies) == "health_consent"


def test_invalid_answers_get_hints_then_a_person_is_offered(assistant: Assistant) -> None:
    chat = assistant.conversation()
    run_intake(chat, chat.say(START), {**CONTACT, "concern": "scar", "body_area": "arm", "scar_cause": "surgery"},
               stop_at="onset_date")
    first = chat.say_text("next tuesday")               # a future date is no onset
    assert "date in the past" in first
    second = chat.say("🙂🙂🙂")
    assert "Talk to a person" in chat.buttons(second)
    replies, _ = run_intake(chat, chat.say("about a year and a half ago"),
                            {**CONTACT, **HEALTHY, "scar_settled": "yes", "keloid_history": "no"},
                            stop_at="email")
    assert "That doesn't look like an email" in chat.say_text("anna(at)example")
    chat.say("anna@example.com")
    assert "couldn't read that as a phone" in chat.say_text("12")
    replies, _ = run_intake(chat, chat.say("+34 612 345 678"), CONTACT)
    lead = _lead(assistant, chat)
    assert lead["phone"] == "+34612345678" and lead["readiness"] == "ready"


def test_correction_after_summary_and_resubmission_keep_one_lead(assistant: Assistant) -> None:
    chat = assistant.conversation()
    replies, _ = run_intake(chat, chat.say(START), {**CONTACT, **HEALTHY, "concern": "hair loss",
                                                    "scalp_pattern": "crown", "scalp_condition": "no"},
                            stop_at="summary_confirmed")
    assert "anna.smith@example.com" in replies[-1]["text"]
    replies = chat.say("my email is wrong")
    assert asked_slot(replies) == "email"
    replies = chat.say("anna.new@example.com")
    run_intake(chat, replies, CONTACT)
    assert _lead(assistant, chat)["email"] == "anna.new@example.com"
    # after submitting, correcting the phone submits again: still one lead, updated
    replies = chat.say("can I change my phone number?")
    assert asked_slot(replies) == "phone"
    run_intake(chat, replies, {**CONTACT, "phone": "+44 7400 123456"})
    lead = _lead(assistant, chat)
    assert lead["phone"] == "+447400123456"
    assert len(assistant.rows("SELECT id FROM leads WHERE conversation_id = :c", c=chat.sender_id)) == 1


def test_delete_my_data_erases_lead_consent_and_conversation(assistant: Assistant) -> None:
    chat = assistant.conversation()
    run_intake(chat, chat.say(START), {**CONTACT, **HEALTHY, "concern": "stretch marks", "body_area": "belly",
                                       "stretch_colour": "white", "onset_date": "5 years ago"})
    lead = _lead(assistant, chat)
    assert "can't be undone" in chat.say_text("please delete my data")
    assert "erased" in chat.say_text("yes")
    assert assistant.rows("SELECT id FROM leads WHERE conversation_id = :c", c=chat.sender_id) == []
    assert assistant.rows("SELECT id FROM intake_answers WHERE lead_id = :l", l=lead["id"]) == []
    assert assistant.rows("SELECT id FROM consent_records WHERE conversation_id = :c", c=chat.sender_id) == []
    deadline = time.monotonic() + 30          # Rasa re-saves the last turn; the sweeper removes it again
    while time.monotonic() < deadline:
        if not assistant.tracker_rows("SELECT id FROM events WHERE sender_id = :s", s=chat.sender_id):
            break
        time.sleep(1)
    assert assistant.tracker_rows("SELECT id FROM events WHERE sender_id = :s", s=chat.sender_id) == []


def test_descriptive_answers_are_understood(assistant: Assistant) -> None:
    chat = assistant.conversation()
    answers = {**CONTACT, "concern": "scar", "body_area": "tummy", "scar_cause": "c-section",
               "onset_date": "3 years ago", "scar_settled": "it's flat and pale now", "keloid_history": "no",
               "skin_condition_area": "no, nothing there",
               "pregnant_or_breastfeeding": "I'm not pregnant", "anticoagulants": "I take apixaban",
               "diabetes": "no", "chemo_radio": "no", "isotretinoin": "no", "allergies": "allergic to latex",
               "phone": "07700 900123"}
    _, asked = run_intake(chat, chat.say(START), answers)
    assert len(asked) == len(set(asked)), asked          # every description was understood the first time
    lead = _lead(assistant, chat)
    rows = _answers(assistant, lead["id"])
    assert (rows["scar_settled"], rows["pregnant_or_breastfeeding"]) == ("yes", "no")
    assert (rows["anticoagulants"], rows["allergies"]) == ("yes", "yes")
    assert lead["phone"] == "+447700900123"


def test_after_erasure_the_answers_still_name_the_studio(assistant: Assistant) -> None:
    chat = assistant.conversation()
    chat.say("I'd like to ask about scar camouflage")
    assert "can't be undone" in chat.say_text("delete my data")
    assert "erased" in chat.say_text("yes")
    greeting = chat.say_text("hello again")
    assert load_settings().studio["name"] in greeting and "None" not in greeting


def test_hostile_input_never_breaks_the_conversation(assistant: Assistant) -> None:
    chat = assistant.conversation()
    for message in ["<script>alert(1)</script>", "😀" * 50, "a" * 5000, "'; DROP TABLE leads; --", "\u200b",
                    "thanks so much!! ❤️", "ok \ufe0f fine", "\ufeffhello"]:
        assert chat.say(message), f"no reply to {message!r}"      # never an error, never silence
    replies, _ = run_intake(chat, chat.say(START), {**CONTACT, "concern": "scar"}, stop_at="body_area")
    assert QUESTIONS["body_area"].hint in chat.say_text("<b>x</b>")     # not words: asked again, with a hint
    assert assistant.rows("SELECT count(*) AS n FROM leads")[0]["n"] >= 0
