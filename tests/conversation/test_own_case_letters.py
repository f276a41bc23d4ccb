"""Round-16 patterns over the real servers, checked in the tracker store and the database: "I burn in the sun"
starts no booking, a mother who "won't ring anyone herself" gets the price and no call-back form, a spouse named
beside the writer's own case is no third party, a blood thinner with diabetes both reach the reply; and, from
playing the round's tune personas, a client's pregnancy news, a complaint about the studio's own result, a carer's
questions about the visit, a partial erasure, a question for the person who will call, an infection after work
elsewhere, a 17-year-old, an erasure asked mid-intake, and a booking after the health questions were refused."""
from __future__ import annotations

import pytest

from tests.conversation.intake_helpers import run_intake
from tests.conversation.test_told_once import lead, rows
from tests.harness import Assistant

pytestmark = [pytest.mark.conversation, pytest.mark.one_backend]


def test_burning_in_the_sun_starts_no_booking(assistant: Assistant) -> None:
    chat = assistant.conversation()
    chat.say("Good morning. I am 62 years, from Poland. I have big scar on belly after operation in 2019. My skin is "
             "very white, always I burn in the sun, never brown. Is possible to make the scar same colour like my "
             "skin? How many times I must come?")
    said = assistant.responses(chat)
    assert any("colour" in r for r in said) and any("sessions" in r for r in said), chat.transcript
    assert assistant.slot(chat, "requested_slot") is None and rows(assistant, "bookings", chat) == []


def test_someone_who_wont_ring_themselves_is_no_request_for_a_call_back(assistant: Assistant) -> None:
    chat = assistant.conversation()
    chat.say("My mum had a mastectomy 2 years ago and finished reconstruction last year. She keeps talking about a "
             "nipple tattoo but won't ring anyone herself (she's like that). How much is it for one side?")
    assert "utter_price_areola" in assistant.responses(chat), chat.transcript
    assert assistant.slot(chat, "requested_slot") is None and rows(assistant, "handoffs", chat) == []


def test_a_spouse_beside_the_writers_own_case_and_two_flags_in_one_note(assistant: Assistant) -> None:
    chat = assistant.conversation()
    chat.say("Evening. I'm 50, bald for ten years and I shave it. I take apixaban and I'm type 2 diabetic on insulin. "
             "My wife is worried. Is that a problem for the scalp treatment?")
    said = assistant.responses(chat)
    assert "utter_note_flags" in said and not any(r.endswith("_other") for r in said), chat.transcript
    assert lead(assistant, chat) is None        # nothing stored before consent


def test_told_before_the_questions_and_is_that_a_problem_at_the_blood_thinner(assistant: Assistant) -> None:
    chat = assistant.conversation()
    chat.say("Hello... my granddaughter says you can hide scars with tattoo ink?? I had my LEFT knee replaced and the "
             "scar looks like a zip!! Gordon")
    replies = chat.say("/check_suitability")
    replies, asked = run_intake(chat, replies, {"health_consent": "Yes go ahead", "onset_date": "7 months ago",
                                                "scar_settled": "flat but still a bit PINK", "keloid_history": "no",
                                                "skin_condition_area": "no", "adult": "62",
                                                "pregnant_or_breastfeeding": "no"},
                                stop_at="anticoagulants")
    assert not {"concern", "body_area", "scar_cause"} & set(asked), chat.transcript   # told in the first message
    before = len(assistant.responses(chat))
    chat.say("yes APIXABAN for my heart rhythm... is that a problem??")
    said = assistant.responses(chat)[before:]
    assert said[0] == "utter_note_blood_thinners" and not any(r.startswith("utter_brief_") for r in said), \
        chat.transcript
    assert assistant.slot(chat, "anticoagulants") == "yes"


def test_a_newly_pregnant_client_gets_her_note_and_never_an_erasure_prompt(assistant: Assistant) -> None:
    chat = assistant.conversation()
    chat.say("I had my first scar session (appendix scar) with Marta 6 weeks ago and the 2nd is booked for next "
             "month. I've just found out I'm pregnant!! Should I still come or postpone? Don't want to risk anything")
    said = assistant.responses(chat)
    assert "utter_note_pregnant_client" in said, chat.transcript
    assert assistant.slot(chat, "pending_offer") != "erase"         # no "shall I delete everything?"


def test_a_client_unhappy_with_her_result_gets_an_apology_and_a_person_not_a_price(assistant: Assistant) -> None:
    chat = assistant.conversation()
    chat.say("I had two sessions on my stretch marks on my thighs and paid over £500. Now 2 months later the marks look "
             "LIGHTER than my skin, honestly more obvious than before. I'm really upset, I was told it would blend. "
             "What are you going to do about it?")
    said = assistant.responses(chat)
    assert said[0] == "utter_ack_complaint" and "utter_offer_person" in said, chat.transcript
    assert not any(r.startswith(("utter_price", "utter_offer_intake")) for r in said)
    replies = chat.say("yes please")
    assert assistant.slot(chat, "requested_slot") is not None, chat.transcript     # the call-back form starts
    assert rows(assistant, "bookings", chat) == [] and replies


def test_a_carer_asking_about_the_visit_gets_answers_not_a_booking_form(assistant: Assistant) -> None:
    chat = assistant.conversation()
    chat.say("Hi, I'm a support worker for a young man (24) who has autism and a learning disability. He has a scar on "
             "his cheek from a fall as a kid. Waiting rooms and noise are really hard for him. Can I come in with him, "
             "and could his appointment be first thing when it's quiet?")
    said = assistant.responses(chat)
    assert any(r.startswith(("utter_brief_unknown_practical", "utter_unknown_practical")) for r in said), \
        chat.transcript
    assert assistant.slot(chat, "requested_slot") is None and rows(assistant, "bookings", chat) == []


def test_erasing_only_the_health_answers_offers_a_person_and_keeps_everything(assistant: Assistant) -> None:
    chat = assistant.conversation()
    chat.say("Last week I told your chat about my diabetes when I booked. I'd rather that wasn't stored. Can you delete "
             "just the health bit but keep my booking? And who can see it")
    said = assistant.responses(chat)
    assert "utter_erase_part" in said and "utter_offer_person" in said, chat.transcript
    assert assistant.slot(chat, "pending_offer") == "person"        # "yes" now asks a person, it erases nothing


def test_a_question_only_the_studio_can_answer_goes_with_the_open_call_back_request(assistant: Assistant) -> None:
    chat = assistant.conversation()
    chat.say("Hi, I'm asking for my mum, she has vitiligo on her face and she's really shy about it. Could someone "
             "from the studio call me to talk it through? I'd translate for her")
    chat.say("Fatima")
    chat.say("07700 900 160 - call me, not her")
    chat.say("after 6pm any weekday except Friday")
    before = len(assistant.responses(chat))
    chat.say("Also is it ok that I translate? She speaks Sylheti mainly")
    assert "utter_offer_person" not in assistant.responses(chat)[before:], chat.transcript   # one is coming already
    [handoff] = rows(assistant, "handoffs", chat)
    assert "Sylheti" in handoff["reason"] and handoff["contact_time"], handoff


def test_an_infection_after_work_elsewhere_then_calling_111_then_asking_for_a_redo(assistant: Assistant) -> None:
    chat = assistant.conversation()
    chat.say("had camo done on my appendix scar 6 days ago at another place and its literally red hot swollen and "
             "oozing yellow stuff and i have a temp of 38.4. they said its NORMAL. can u fix it can i come in tomorrow")
    assert assistant.responses(chat) == ["utter_urgent_infection"], chat.transcript
    chat.say("ugh ok. im so angry with them 😢 calling 111 now")
    assert assistant.responses(chat)[-1] == "utter_urgent_agreed", chat.transcript
    before = len(assistant.responses(chat))
    chat.say("once its all healed could u redo it properly?")
    assert "utter_other_studio_work" in assistant.responses(chat)[before:], chat.transcript
    assert rows(assistant, "bookings", chat) == [] and assistant.slot(chat, "requested_slot") is None


def test_a_17_year_old_is_not_booked_is_told_why_and_can_ask_to_hear_back_at_18(assistant: Assistant) -> None:
    chat = assistant.conversation()
    chat.say("hiii do u do scars?? i burned my hand w straighteners ages ago and its so ugly 😭 can i come in next "
             "saturday morning pls x")
    chat.say("oh im 17 but 18 in like 4 months x")
    assert assistant.slot(chat, "pending_offer") == "keep_in_touch", chat.transcript
    chat.say("omg but why its just a consultation 😭")
    assert assistant.responses(chat)[-1] == "utter_minor_why", chat.transcript
    chat.say("ok fine yes")
    chat.say("maisie")
    chat.say("07700 900 555")
    assert rows(assistant, "bookings", chat) == [], chat.transcript
    [handoff] = rows(assistant, "handoffs", chat)
    assert "later" in handoff["reason"].lower(), handoff            # "Get in touch later, around April 2027"
    assert lead(assistant, chat)["phone"] == "+447700900555"


def test_erasure_asked_in_the_middle_of_the_health_questions_erases_everything(assistant: Assistant) -> None:
    chat = assistant.conversation()
    chat.say("scar in my eyebrow from coming off my bike. can u fill it in so its less obvious")
    replies = chat.say("/check_suitability")
    run_intake(chat, replies, {"health_consent": "y", "onset_date": "2 years", "scar_settled": "ye",
                               "keloid_history": "nah", "skin_condition_area": "nope", "adult": "27",
                               "pregnant_or_breastfeeding": "nah"},
               stop_at="anticoagulants")
    chat.say("just sertraline")
    chat.say("hang on who actually sees all this. i dont like that ive put my meds on here. can u just delete "
             "everything ive said, all of it, my name n all")
    assert assistant.slot(chat, "pending_offer") == "erase", chat.transcript
    chat.say("yes")
    assert lead(assistant, chat) is None and rows(assistant, "consent_records", chat) == [], chat.transcript


def test_health_questions_refused_then_booked_after_work_at_the_time_asked(assistant: Assistant) -> None:
    from tests.conversation.test_booking_follows_person import local_start
    chat = assistant.conversation()
    chat.say("hi do u do stretch marks? on my thighs. and how much roughly")
    chat.say("/check_suitability")
    chat.say("no thanks tbh, not putting medical stuff on a website")
    replies = chat.say("can i just book the free consult then? i finish at 4 on wednesdays so like half 5 next "
                       "wednesday?")        # (a time no other test books: the conversation tests share a calendar)
    assert "17:30" in " ".join(r.get("text") or "" for r in replies), chat.transcript
    chat.say("Jade Thornton")
    replies = chat.say("jade.thornton@example.com")
    assert "Thank you, Jade!" in " ".join(r.get("text") or "" for r in replies), chat.transcript
    [booking] = rows(assistant, "bookings", chat)
    start = local_start(booking)
    assert (start.weekday(), start.hour, start.minute) == (2, 17, 30)
    assert "utter_offer_intake_after_booking" not in assistant.responses(chat)   # she said no to health questions
    found = lead(assistant, chat)
    assert found and found["email"] == "jade.thornton@example.com"
    assert assistant.rows("SELECT * FROM intake_answers WHERE lead_id = :l", l=found["id"]) == []


def test_moving_a_booking_to_another_time_the_same_saturday(assistant: Assistant) -> None:
    from tests.conversation.test_booking_follows_person import local_start
    from datetime import date, timedelta
    today = date.today()
    saturday = today + timedelta(days=(5 - today.weekday()) % 7 + 14)   # a Saturday no other test books
    chat = assistant.conversation()
    chat.say(f"hi!! can i book a consultation for saturday {saturday.day} {saturday:%B} please, 1pm? its about my c "
             "section scar")
    chat.say("Nadia Haddad")
    chat.say("nadia.haddad@example.com 07700 900317")
    [first] = rows(assistant, "bookings", chat)
    chat.say("oh no sorry!! just remembered my sons football is 12.30 till 2 that day. can we move it to 11:30 same "
             "saturday instead? sorry!!")
    found = rows(assistant, "bookings", chat)
    active = [b for b in found if b["status"] != "cancelled"]
    assert len(found) == 2 and len(active) == 1, chat.transcript
    moved, before = local_start(active[0]), local_start(first)
    assert (moved.date(), moved.hour, moved.minute) == (before.date(), 11, 30)


def test_a_chat_with_someone_next_wednesday_is_a_visit_and_a_dictated_number_is_read(assistant: Assistant) -> None:
    chat = assistant.conversation()
    chat.say("hello there i had my thyroid out six years ago and the scar on my neck is quite thick and i always wear "
             "a scarf even in summer would i be able to have a chat with someone about it next wednesday about half 6 "
             "after work thanks love")
    assert assistant.slot(chat, "requested_slot") == "booking_name", chat.transcript    # a visit, not a call-back
    chat.say("margaret hollis peggy")
    before = len(assistant.responses(chat))
    chat.say("oh what time do you close on a wednesday then")
    assert any("hours" in r for r in assistant.responses(chat)[before:]), chat.transcript
    chat.say("oh seven seven double oh nine double oh three five two")
    assert lead(assistant, chat)["phone"] == "+447700900352", chat.transcript
    assert rows(assistant, "handoffs", chat) == []
