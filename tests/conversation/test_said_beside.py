"""What people say beside an answer, over the real servers (eleventh session, from round 24's report conversation
and round 25's tune conversations): a question asked with a form answer is answered or passed on with the
request, never dropped; a daughter is not thanked by her mother's name; checking the call time keeps it; a later
message in the month the visitor chooses; "actually no, make it in person" changes the booking; "ok but …?" is
no yes. The database is checked, not the wording."""
from __future__ import annotations


import pytest

from tests.conversation.intake_helpers import CONTACT, HEALTHY, run_intake
from tests.conversation.records import lead, rows, text
from tests.harness import Assistant

pytestmark = [pytest.mark.conversation, pytest.mark.one_backend]




def test_questions_beside_the_call_back_answers_are_answered_or_passed_on(assistant: Assistant) -> None:
    chat = assistant.conversation()
    replies = chat.say("Hello, I'm messaging for my mum who has vitiligo on her hands. She won't do chats, so could "
                       "someone from the studio phone her?")
    for _ in range(3):                          # whichever is asked first: who to ask for, or what about
        if "ask for" in text(replies).lower():
            break
        replies = chat.say("about camouflage for her hands")
    replies = chat.say("Her name is Grace Adeyemi. Is 67 too old for it?")
    assert "utter_no_upper_age" in assistant.responses(chat), chat.transcript     # answered, not dropped
    replies = chat.say("07700 900 851 - it's her mobile, not mine. She's a bit hard of hearing, is that ok?")
    for _ in range(2):
        if "good time" in text(replies).lower():
            break
        replies = chat.say("07700 900 851")
    replies = chat.say("wednesday morning, anytime 10 till 12")
    handoff = rows(assistant, "handoffs", chat)[-1]
    assert handoff["name"] == "Grace Adeyemi", chat.transcript
    assert lead(assistant, chat)["phone"] == "+447700900851", chat.transcript
    assert "hard of hearing" in (handoff["reason"] or "").lower(), handoff        # passed on with the request
    assert "Grace" not in text(replies), chat.transcript                          # the daughter is not Grace
    chat.say("Will the studio call mum's number on Wednesday morning? Yes or no")
    kept = rows(assistant, "handoffs", chat)[-1]["contact_time"] or ""
    assert "10" in kept and "12" in kept, kept                                     # checking it changes nothing


def test_a_not_yet_outcome_heard_and_a_later_message_in_june_instead(assistant: Assistant) -> None:
    chat = assistant.conversation()
    first = chat.say("I'd like to check if I'm ready for vitiligo camouflage on my hands")
    answers = {**HEALTHY, **CONTACT, "concern": "vitiligo", "body_area": "both hands", "vitiligo_spreading": "yes",
               "vitiligo_new_patch": "3 months ago"}
    run_intake(chat, first, answers)
    assert lead(assistant, chat)["readiness"] == "not_yet", chat.transcript
    chat.say("oh. thats disappointing honestly, i was hoping before summer. so i just wait?")
    said = assistant.responses(chat)
    assert "utter_ack_letdown" in said and "utter_outcome_not_yet_again" in said, chat.transcript
    chat.say("ok yes you can message me, but could it be june instead, may is report writing at school")
    follow_up = lead(assistant, chat)["follow_up_date"]
    assert follow_up is not None and str(follow_up)[5:7] == "06", (follow_up, chat.transcript)
    assert rows(assistant, "handoffs", chat) == [], chat.transcript               # a message later, not a call


def test_ok_but_a_question_answers_it_and_starts_no_questions(assistant: Assistant) -> None:
    chat = assistant.conversation()
    chat.say("How much would it be to cover a scar on my knee?")
    chat.say("Ok but does it hurt?")
    assert assistant.slot(chat, "requested_slot") is None, chat.transcript        # no privacy question pushed in
    assert "utter_brief_pain" in assistant.responses(chat) or "utter_faq/pain" in assistant.responses(chat), \
        chat.transcript


def test_a_flat_closure_a_corrected_end_date_and_a_later_message_in_june(assistant: Assistant) -> None:
    chat = assistant.conversation()
    chat.say("Hello. I had a double mastectomy last year and went flat, no reconstruction. Does it even make sense on a "
             "flat chest, and would it be one price for both sides?")
    said = assistant.responses(chat)
    assert "utter_flat_chest" in said and "utter_price_areola_both" in said, chat.transcript
    first = chat.say("ok, let's do the check then")
    answers = {**HEALTHY, **CONTACT, "first_name": "Helen", "body_area": "both sides",
               "areola_reconstruction_done": "There wasn't any reconstruction. The mastectomy was in September 2025, "
                                             "flat closure, and nothing since.",
               "onset_date": "September 2025", "areola_radiotherapy": "yes",
               "treatment_ended": "finished 3rd March 2026"}
    replies, asked = run_intake(chat, first, answers, stop_at="adult")
    assert "areola_reconstruction_done" in asked and asked.count("areola_reconstruction_done") == 1, chat.transcript
    replies = chat.say("Sorry, chemo brain, I need to correct that: radiotherapy STARTED in March. It finished on 3rd "
                       "May 2026. And yes, I'm 47.")
    run_intake(chat, replies, {**answers, "adult": "yes"})
    row = lead(assistant, chat)
    assert row["readiness"] == "not_yet", chat.transcript
    assert str(row["earliest_date"])[:7] == "2027-05", (row["earliest_date"], chat.transcript)   # May, not March
    chat.say("Could you get in touch in June next year? My daughter is getting married in May.")
    assert str(lead(assistant, chat)["follow_up_date"])[:7] == "2027-06", chat.transcript
    chat.say("No. June 2027, please, not March.")
    assert str(lead(assistant, chat)["follow_up_date"])[:7] == "2027-06", chat.transcript


def test_is_that_time_the_latest_is_answered_and_booked_only_on_a_yes(assistant: Assistant) -> None:
    from tests.conversation.test_booking_follows_person import give_contact, local_start, times
    chat = assistant.conversation()
    replies = give_contact(chat, chat.say("I'd like to book a consultation"), "Neil", "neil.h@example.com")
    offered = times(replies)
    assert offered, chat.transcript
    last = offered[-1]                                  # "Sat 12 Dec, 13:00"
    day, clock = last.split(",")[0].split()[0], last.split(", ")[1]
    chat.say(f"Is {clock} the latest you've got on {day}?")
    assert rows(assistant, "bookings", chat) == [], chat.transcript      # a question books nothing
    chat.say("yes")
    [booking] = [b for b in rows(assistant, "bookings", chat) if b["status"] in ("requested", "confirmed")]
    assert local_start(booking).strftime("%H:%M") == clock, chat.transcript


def test_an_angry_missed_link_gets_a_person_with_the_number_put_right_and_the_reason_added(
        assistant: Assistant) -> None:
    chat = assistant.conversation()
    chat.say("I BOOKED a video consultation for thursday at 5 and nobody sent me a link. I sat there for half an hour "
             "like an idiot. Brilliant.")
    assert rows(assistant, "bookings", chat) == [], chat.transcript             # no new booking pushed on her
    replies = chat.say("I want a real person to ring me")
    for _ in range(4):
        said = text(replies).lower()
        if "ask for" in said:
            replies = chat.say("Siobhan Carney")
        elif "talk about" in said:
            replies = chat.say("the missed video link")
        elif "email address or" in said:
            replies = chat.say("my number is 07700 900 356")
        elif "good time" in said:
            break
        else:
            break
    replies = chat.say("sorry thats wrong its 07700 900 365, fat fingers")
    assert lead(assistant, chat)["phone"] == "+447700900365", chat.transcript
    assert not any(h["contact_time"] and "fat fingers" in h["contact_time"] for h in rows(assistant, "handoffs", chat))
    chat.say("ring me monday after 4, I'm on the school run till then")
    chat.say("and the reason is I want to rebook the video call and ask Marta myself if my hands are ok to do")
    [handoff] = rows(assistant, "handoffs", chat)
    assert "monday" in (handoff["contact_time"] or "").lower(), chat.transcript
    assert "rebook" in (handoff["reason"] or ""), (handoff, chat.transcript)
