"""Round-17 patterns over the real servers, checked in the tracker store: a mother writing about her own scar while
breastfeeding her son (her case, every flag told), chat spellings of a day and of "opening times", a second question
joined with "n", a visitor booking for her partner in his name, a move of an appointment beside a question about
the cancellation rules, questions listed in a long comparison, and "Can I go ahead now or should I wait?" answered
by the person's own facts in its place. The messages are written for these tests, not taken from the blind sets."""
from __future__ import annotations

import pytest

from tests.conversation.test_told_once import rows
from tests.harness import Assistant

pytestmark = [pytest.mark.conversation, pytest.mark.one_backend]


def test_her_own_scar_while_breastfeeding_her_son_gets_every_flag_about_her(assistant: Assistant) -> None:
    chat = assistant.conversation()
    chat.say("Hi, I'm 36. My c-section was 8 months ago and the scar is still pinkish. I'm still breastfeeding my son "
             "and I once had a keloid on my shoulder after a cyst was removed. Could you camouflage it and how long "
             "would I wait?")
    said = assistant.responses(chat)
    assert {"utter_note_breastfeeding", "utter_note_keloid"} <= set(said), chat.transcript
    assert any(r in said for r in ("utter_note_young_scar", "utter_note_still_healing")), chat.transcript
    assert not any(r.endswith("_other") for r in said), chat.transcript     # about her, not her son


def test_chat_spellings_of_the_day_and_the_opening_times(assistant: Assistant) -> None:
    chat = assistant.conversation()
    chat.say("wat r ur openin hours on saterday")
    said = assistant.responses(chat)
    assert said[0] == "utter_hours_day", chat.transcript
    assert any("Saturdays" in text for who, text in chat.transcript if who == "bot"), chat.transcript
    assert "action_clarify" not in assistant.actions(chat)


def test_a_second_question_joined_with_n_is_answered_too(assistant: Assistant) -> None:
    chat = assistant.conversation()
    chat.say("do u do streth marks on my hips n how long dos a sesion take")
    said = assistant.responses(chat)
    assert "utter_session_length" in said and "utter_sessions_other" not in said, chat.transcript
    assert any("stretch_marks" in r for r in said), chat.transcript


def test_booking_for_a_partner_in_his_name_is_answered_and_the_note_is_about_him(assistant: Assistant) -> None:
    chat = assistant.conversation()
    chat.say("my husband has a long scar on his knee from surgery 4 years ago and hates shorts. i want to book him a "
             "consultation for christmas, can i put it in his name with my number?")
    said = assistant.responses(chat)
    assert "utter_book_for_someone" in said, chat.transcript
    assert "utter_note_mature_scar" not in said and "utter_note_mature_scar_other" in said, chat.transcript


def test_moving_an_appointment_beside_a_question_about_cancelling_moves_it(assistant: Assistant) -> None:
    chat = assistant.conversation()
    chat.say("i need to move my appointment from thurs to the week after. whats ur cancellation policy btw?")
    done = assistant.actions(chat)
    assert "action_reschedule_booking" in done and "action_cancel_booking" not in done, chat.transcript
    assert "utter_cancellation" in assistant.responses(chat)
    assert rows(assistant, "bookings", chat) == []


def test_questions_listed_in_a_long_comparison_are_each_answered_without_a_complaint(assistant: Assistant) -> None:
    chat = assistant.conversation()
    chat.say("Hello, I'm looking at a few places for scalp micropigmentation. Another clinic quoted me £1,500 for "
             "everything. So what would the total be with you, is a top-up included, and who would do it? Not being "
             "funny, I just don't want to get ripped off.")
    said = assistant.responses(chat)
    assert "utter_ack_complaint" not in said and "utter_price_scalp" in said, chat.transcript
    assert any("practitioner" in r for r in said), chat.transcript


def test_go_ahead_or_wait_is_answered_by_their_own_facts_before_the_next_question(assistant: Assistant) -> None:
    chat = assistant.conversation()
    chat.say("I'm 41, my appendix scar is 2 years old but still a bit red and raised at one end. I'm nursing my "
             "daughter at the moment. Can I go ahead now or should I wait? Also does it hurt?")
    said = assistant.responses(chat)
    notes = [i for i, r in enumerate(said) if r.startswith("utter_note_")]
    pain = [i for i, r in enumerate(said) if r.endswith("pain")]
    assert notes and pain and max(notes) < min(pain), chat.transcript     # in the order asked
    assert "utter_note_breastfeeding" in said and "utter_brief_preparation" not in said, chat.transcript


def test_a_call_back_asked_for_in_spanish_is_arranged_in_spanish(assistant: Assistant) -> None:
    chat = assistant.conversation()
    chat.say("Buenas tardes, tengo una cicatriz en la rodilla desde hace tres años. Prefiero hablar con alguien en "
             "español, por favor.")
    chat.say("sí, por favor")
    chat.say("Me llamo Lucía")
    chat.say("lucia.prueba@example.com")
    chat.say("por las mañanas")
    said = assistant.responses(chat)
    assert "utter_handoff_ask_name_es" in said and "utter_handoff_done_es" in said, chat.transcript
    assert not any(r.startswith("utter_handoff_") and not r.endswith("_es") for r in said), chat.transcript
    [row] = rows(assistant, "handoffs", chat)
    assert row["reason"].startswith("In Spanish:") and row["name"] == "Lucía", row


def test_after_erasing_everything_the_studio_number_is_still_given(assistant: Assistant) -> None:
    chat = assistant.conversation()
    chat.say("I have a scar on my knee, my email is erase.me@example.com")
    chat.say("please delete my data")
    done = chat.say("yes")
    said = " ".join(r.get("text") or "" for r in done)
    assert "erased" in said and "+44 1273 000 123" in said, chat.transcript
    assert rows(assistant, "leads", chat) == []
