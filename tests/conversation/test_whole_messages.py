"""Messages and form turns as people write them, over the real servers: checked by state, not wording.

Which responses were sent is read from the tracker store (``utter_action``), what
was kept from the leads database.
"""
from __future__ import annotations

from datetime import date, datetime

import pytest

from bot.intake.dates import add_months

from tests.conversation.intake_helpers import CONTACT, HEALTHY, asked_slot, run_intake
from tests.harness import Assistant, Conversation

pytestmark = [pytest.mark.conversation, pytest.mark.one_backend]
START = "I'd like to check if I'm a good candidate"


def responses(assistant: Assistant, chat: Conversation) -> list[str]:
    return assistant.responses(chat)


def answered(said: list[str], *topics: str) -> bool:
    """One of ``topics`` was answered, in full or in its short form (a reply that says several things)."""
    return any(r in said for t in topics for r in (f"utter_faq/{t}", f"utter_brief_{t}", f"utter_{t}_about",
                                                     f"utter_brief_{t}_about"))


def lead(assistant: Assistant, chat: Conversation) -> dict:
    [row] = assistant.rows("SELECT * FROM leads WHERE conversation_id = :c", c=chat.sender_id)
    return row


def answers(assistant: Assistant, lead_id: str) -> dict[str, str]:
    return {r["key"]: r["answer"] for r in assistant.rows(
        "SELECT key, answer FROM intake_answers WHERE lead_id = :l", l=lead_id)}


def test_two_questions_in_one_message_get_both_answers(assistant: Assistant) -> None:
    chat = assistant.conversation()
    chat.say("thanks! and how long does it last? does it hurt")
    said = responses(assistant, chat)
    assert answered(said, "pain"), said
    assert answered(said, "permanence", "touch_ups", "results"), said


def test_an_urgent_sign_gets_the_doctor_message_and_nothing_reassuring(assistant: Assistant) -> None:
    chat = assistant.conversation()
    chat.say("my scar from the op is hot, swollen and there's pus coming out, is that normal?")
    assert responses(assistant, chat) == ["utter_urgent_infection"]


def test_a_feeling_is_acknowledged_before_the_answer(assistant: Assistant) -> None:
    chat = assistant.conversation()
    chat.say("I hate how my arm looks, I hide it all summer. can you do anything for scars?")
    said = responses(assistant, chat)
    assert said[0] == "utter_ack_distress" and answered(said, "scars"), said


def test_the_persons_own_facts_change_the_answer(assistant: Assistant) -> None:
    chat = assistant.conversation()
    chat.say("my c-section scar is 4 months old and I'm breastfeeding, can you cover it?")
    said = responses(assistant, chat)
    assert "utter_note_breastfeeding" in said and "utter_note_young_scar" in said, said


def test_another_language_of_the_studio_is_answered_in_it(assistant: Assistant) -> None:
    chat = assistant.conversation()
    replies = chat.say("Hola, tengo una cicatriz en la cara y quiero saber cuánto cuesta")
    assert responses(assistant, chat) == ["utter_es_price_scar", "utter_es_offer_person"]
    assert "desde £180 por sesión" in replies[0]["text"]             # the studio's figure, worded in Spanish
    assert assistant.slot(chat, "pending_offer") == "person"


def test_skip_for_the_phone_keeps_the_lead(assistant: Assistant) -> None:
    chat = assistant.conversation()
    replies, _ = run_intake(chat, chat.say(START), {**CONTACT, **HEALTHY, "concern": "stretch marks",
                                                    "body_area": "hips", "stretch_colour": "White or silver",
                                                    "onset_date": "3 years ago"}, stop_at="phone")
    replies = chat.say("skip")
    assert asked_slot(replies) == "preferred_contact"
    run_intake(chat, replies, CONTACT)
    row = lead(assistant, chat)
    assert row["email"] == "anna.smith@example.com" and row["phone"] is None and row["concern"] == "stretch_marks"


def test_email_and_phone_in_one_message_are_both_kept(assistant: Assistant) -> None:
    chat = assistant.conversation()
    replies, _ = run_intake(chat, chat.say(START), {**CONTACT, **HEALTHY, "concern": "hair loss",
                                                    "scalp_pattern": "crown", "scalp_condition": "no"},
                            stop_at="email")
    replies = chat.say("anna@example.com or 07700 900321")
    assert asked_slot(replies) == "preferred_contact"          # the phone is not asked again
    run_intake(chat, replies, CONTACT)
    row = lead(assistant, chat)
    assert (row["email"], row["phone"]) == ("anna@example.com", "+447700900321")


def test_free_text_answers_are_kept_not_read_as_commands(assistant: Assistant) -> None:
    chat = assistant.conversation()
    run_intake(chat, chat.say(START), {**CONTACT, **HEALTHY, "concern": "stretch marks", "body_area": "belly",
                                       "stretch_colour": "White or silver", "onset_date": "2 years ago"},
               stop_at="expectations")
    replies = chat.say("so I can wear a swimsuit again without thinking about it")
    assert asked_slot(replies) == "first_name"
    run_intake(chat, replies, CONTACT)
    assert "swimsuit" in answers(assistant, lead(assistant, chat)["id"])["expectations"]


def test_facts_told_before_the_questions_are_not_asked_again(assistant: Assistant) -> None:
    chat = assistant.conversation()
    chat.say("hi, I'm breastfeeding and I take apixaban. I have a scar on my knee from an operation 2 years ago")
    replies, asked = run_intake(chat, chat.say(START), {**CONTACT, **HEALTHY, "scar_settled": "yes",
                                                        "keloid_history": "no", "concern": "scar",
                                                        "scar_cause": "surgery", "body_area": "knee"})
    assert "pregnant_or_breastfeeding" not in asked and "anticoagulants" not in asked, asked
    assert "onset_date" not in asked, asked
    got = answers(assistant, lead(assistant, chat)["id"])
    assert (got["pregnant_or_breastfeeding"], got["anticoagulants"]) == ("yes", "yes")


def test_a_question_beside_an_answer_is_answered_and_the_answer_kept(assistant: Assistant) -> None:
    chat = assistant.conversation()
    run_intake(chat, chat.say(START), {**CONTACT, "concern": "scar", "body_area": "arm", "scar_cause": "injury",
                                       "onset_date": "3 years ago"}, stop_at="scar_settled")
    replies = chat.say("yes — does it hurt though?")
    assert answered(responses(assistant, chat), "pain")
    assert asked_slot(replies) == "keloid_history"


def test_change_something_by_naming_the_answer_shows_only_what_changed(assistant: Assistant) -> None:
    chat = assistant.conversation()
    run_intake(chat, chat.say(START), {**CONTACT, **HEALTHY, "concern": "scar", "body_area": "arm",
                                       "scar_cause": "injury", "onset_date": "3 years ago", "scar_settled": "yes",
                                       "keloid_history": "no"}, stop_at="summary_confirmed")
    replies = chat.say("the keloid answer is wrong")
    assert asked_slot(replies) == "keloid_history"
    replies = chat.say("yes")
    text = replies[-1]["text"]
    assert text.startswith("Updated — History of keloids: yes.") and "Is everything correct" in text, text
    assert "•" not in text and "First name" not in text, text   # not the whole summary again
    run_intake(chat, replies, CONTACT)
    assert answers(assistant, lead(assistant, chat)["id"])["keloid_history"] == "yes"


def test_a_correction_with_its_new_value_at_the_summary_changes_it_at_once(assistant: Assistant) -> None:
    chat = assistant.conversation()
    run_intake(chat, chat.say(START), {**CONTACT, **HEALTHY, "concern": "scar", "body_area": "arm",
                                       "scar_cause": "injury", "onset_date": "3 years ago", "scar_settled": "yes",
                                       "keloid_history": "no", "preferred_contact": "phone"},
               stop_at="summary_confirmed")
    replies = chat.say("Preferred contact is email, not a phone call")
    assert replies[-1]["text"].startswith("Updated — "), replies
    run_intake(chat, replies, CONTACT)
    assert lead(assistant, chat)["preferred_contact"] == "email"


def test_erasure_confirmed_in_words_erases(assistant: Assistant) -> None:
    chat = assistant.conversation()
    run_intake(chat, chat.say(START), {**CONTACT, "concern": "vitiligo"}, stop_at="body_area")
    chat.say("please delete my data")
    chat.say("yes delete it all")
    assert assistant.rows("SELECT id FROM leads WHERE conversation_id = :c", c=chat.sender_id) == []
    assert assistant.rows("SELECT id FROM consent_records WHERE conversation_id = :c", c=chat.sender_id) == []


def test_declining_the_follow_up_keeps_the_answers_without_a_date(assistant: Assistant) -> None:
    chat = assistant.conversation()
    replies, _ = run_intake(chat, chat.say(START), {**CONTACT, **HEALTHY, "concern": "scar", "body_area": "belly",
                                                    "scar_cause": "surgery", "onset_date": "4 months ago",
                                                    "scar_settled": "no", "keloid_history": "no"})
    chat.say("no thanks, I'll get in touch myself")
    row = lead(assistant, chat)
    assert row["readiness"] == "not_yet" and row["follow_up_date"] is None


def test_a_complaint_naming_a_day_and_time_is_not_taken_for_a_booking(assistant: Assistant) -> None:
    chat = assistant.conversation()
    chat.say("I had a booking for today at 11, got there and it was closed?? I took a day off work for this")
    said = responses(assistant, chat)
    assert said[0] == "utter_ack_complaint" and "utter_offer_person" in said, said
    assert assistant.slot(chat, "requested_slot") is None            # no booking form started
    assert assistant.rows("SELECT id FROM bookings WHERE conversation_id = :c", c=chat.sender_id) == []


def test_a_service_the_studio_does_not_offer_gets_a_pointer_not_our_prices(assistant: Assistant) -> None:
    chat = assistant.conversation()
    replies = chat.say("how much r ur microblading brows? want them done before my holiday")
    said = responses(assistant, chat)
    assert "utter_what_we_do" in said and not answered(said, "price"), said
    assert any("permanent make-up" in (r.get("text") or "") for r in replies)
    assert not any(r.get("buttons") for r in replies)        # where to go, not a menu of our topics


def test_a_treatment_answer_never_goes_to_another_body_area(assistant: Assistant) -> None:
    chat = assistant.conversation()
    chat.say("I hate how my arm looks, I hide it all summer")
    said = responses(assistant, chat)
    assert said[0] == "utter_ack_distress" and not any("scalp" in r for r in said), said
    assert "utter_ask_concern_area" in said, said


def test_an_earlier_health_answer_corrected_mid_form_is_kept_and_the_pending_question_asked_again(
        assistant: Assistant) -> None:
    chat = assistant.conversation()
    answers_given = {**CONTACT, **HEALTHY, "concern": "scar", "body_area": "arm", "scar_cause": "injury",
                     "onset_date": "3 years ago", "scar_settled": "yes", "keloid_history": "no"}
    replies, asked = run_intake(chat, chat.say(START), answers_given, stop_at="diabetes")
    assert "pregnant_or_breastfeeding" in asked
    replies = chat.say("sorry, actually I am pregnant")
    assert asked_slot(replies) == "diabetes"                         # the pending question, again
    run_intake(chat, replies, answers_given)
    got = answers(assistant, lead(assistant, chat)["id"])
    assert (got["pregnant_or_breastfeeding"], got["diabetes"]) == ("yes", "no")


def test_stop_while_choosing_a_time_leaves_nothing_booked(assistant: Assistant) -> None:
    chat = assistant.conversation()
    chat.say("I'd like to book a consultation")
    chat.say("Anna")
    chat.say("anna@example.com")
    assert assistant.slot(chat, "requested_slot") == "booking_choice"
    replies = chat.say("stop")
    assert any("haven't booked anything" in (r.get("text") or "") for r in replies)
    assert assistant.slot(chat, "booking_offered") is None and assistant.slot(chat, "requested_slot") is None
    assert assistant.rows("SELECT id FROM bookings WHERE conversation_id = :c", c=chat.sender_id) == []


def test_someone_under_age_is_not_asked_health_questions(assistant: Assistant) -> None:
    chat = assistant.conversation()
    chat.say("hi im 16 and have a scar on my arm, can i check if im suitable?")
    said = responses(assistant, chat)
    assert "utter_note_minor" in said, said
    assert assistant.slot(chat, "requested_slot") is None                # no privacy notice, no intake
    assert assistant.rows("SELECT id FROM consent_records WHERE conversation_id = :c", c=chat.sender_id) == []


def test_a_booking_made_elsewhere_is_moved_not_booked_again(assistant: Assistant) -> None:
    chat = assistant.conversation()
    chat.say("Hi it's Priya, I've got a consultation Thursday at 4 but something's come up at work. Could we move "
             "it to Friday morning instead? So sorry!")
    assert "action_reschedule_booking" in assistant.actions(chat)
    assert assistant.slot(chat, "requested_slot") is None                # no new booking form
    assert assistant.rows("SELECT id FROM bookings WHERE conversation_id = :c", c=chat.sender_id) == []
    chat.say("Got my consultation booked for next week, is there anything I need to bring?")
    said = responses(assistant, chat)
    assert answered(said, "preparation") and "utter_offer_booking" not in said, said
    assert assistant.slot(chat, "requested_slot") is None


def test_cancelling_while_unwell_is_heard_and_ends_the_turn_cleanly(assistant: Assistant) -> None:
    chat = assistant.conversation()
    chat.say("need to cancel my appointment tomorrow, i've got covid. will i be charged?")
    said, done = responses(assistant, chat), assistant.actions(chat)
    assert said[0] == "utter_ack_unwell" and not answered(said, "price"), said
    assert "action_cancel_booking" in done and "action_default_fallback" not in done, done


def test_questions_named_in_plain_words_get_their_answers_and_no_false_could_not_answer(
        assistant: Assistant) -> None:
    chat = assistant.conversation()
    chat.say("I work 9-6 mon to fri and can't really get time off. Do you do any evenings or weekends?")
    said = responses(assistant, chat)
    assert "utter_hours_out_of_work" in said and not answered(said, "permanence"), said
    chat = assistant.conversation()
    chat.say("I live in Aberdeen so Brighton is a trek. Is there any way to do the first appointment without "
             "travelling down?")
    said = responses(assistant, chat)
    assert answered(said, "remote_assessment") and not any(r.startswith("utter_partly_answered") for r in said), said
    assert "action_clarify" not in assistant.actions(chat)
    chat = assistant.conversation()
    chat.say("whats your address and is there parking near you? driving over from Worthing")
    said = responses(assistant, chat)
    assert answered(said, "location") and answered(said, "unknown_practical"), said
    assert assistant.slot(chat, "pending_offer") == "person"


def test_a_design_over_a_scar_is_pointed_to_a_tattoo_artist_without_selling_camouflage(
        assistant: Assistant) -> None:
    chat = assistant.conversation()
    replies = chat.say("Hi, could you tattoo a pretty flower design over my scar instead of the skin colour? I am not "
                       "wanting to hide it, I want it to be beautiful")
    said = responses(assistant, chat)
    assert "utter_what_we_do" in said and not answered(said, "scars") and "utter_offer_intake" not in said, said
    assert any("tattoo artist" in (r.get("text") or "") for r in replies)


def test_the_summary_is_sent_when_the_visitor_says_so_in_words_even_while_choosing_a_change(
        assistant: Assistant) -> None:
    chat = assistant.conversation()
    replies, _ = run_intake(chat, chat.say(START), {**CONTACT, **HEALTHY, "concern": "stretch marks",
                                                    "body_area": "hips", "stretch_colour": "White or silver",
                                                    "onset_date": "two and a half years ago"},
                            stop_at="summary_confirmed")
    chat.say("change something")
    assert assistant.slot(chat, "pending_offer") == "choose_field"
    chat.say("No more changes, please just send it.")
    assert assistant.slot(chat, "summary_confirmed") == "yes"
    row = lead(assistant, chat)
    assert row["concern"] == "stretch_marks" and row["email"] == "anna.smith@example.com"
    onset = datetime.strptime(answers(assistant, row["id"])["onset_date"], "%B %Y").date()   # e.g. "June 2024"
    assert abs((onset - add_months(date.today(), -30)).days) <= 62      # "two and a half years ago"


def test_a_yes_at_the_summary_that_carries_a_new_phone_keeps_the_phone(assistant: Assistant) -> None:
    chat = assistant.conversation()
    run_intake(chat, chat.say(START), {**CONTACT, **HEALTHY, "concern": "scar", "body_area": "arm",
                                       "scar_cause": "injury", "onset_date": "3 years ago", "scar_settled": "yes",
                                       "keloid_history": "no", "phone": "skip"}, stop_at="summary_confirmed")
    replies = chat.say("yes but my phone is 07700 900999")
    assert replies[-1]["text"].startswith("Updated — Phone"), replies
    run_intake(chat, replies, CONTACT)
    assert lead(assistant, chat)["phone"] == "+447700900999"
