"""Round-13 patterns over the real servers, checked in the tracker store and the database: a blood thinner
taken now is heard whatever happened last year, swallowing trouble after lip filler gets the emergency message
alone, a cancellation-policy letter that says "Good afternoon" starts no booking, everyday medicines go to the
practitioner, good news is congratulated first, and a laser course alongside camouflage is no refusal."""
from __future__ import annotations

import pytest

from tests.conversation.test_booking_follows_person import (a_wednesday_next_week, active_bookings, give_contact,
                                                             local_start, times)
from tests.conversation.test_told_once import a_tuesday_next_week, lead, rows
from tests.harness import Assistant

pytestmark = [pytest.mark.conversation, pytest.mark.one_backend]


def test_a_blood_thinner_taken_now_is_heard(assistant: Assistant) -> None:
    chat = assistant.conversation()
    chat.say("im 31 and on rivaroxaban for a clot i had last year. can i still get smp?")
    assert "utter_note_blood_thinners" in assistant.responses(chat), chat.transcript
    assert lead(assistant, chat) is None        # nothing stored before consent


def test_swallowing_trouble_gets_the_emergency_message_alone(assistant: Assistant) -> None:
    chat = assistant.conversation()
    chat.say("got my lips done at a beauty salon today (not u) and now my lips and tongue are really swelling and its "
             "getting hard to swallow 😰 what do i do")
    assert assistant.responses(chat) == ["utter_urgent_allergic"], chat.transcript


def test_a_cancellation_policy_question_starts_no_booking(assistant: Assistant) -> None:
    chat = assistant.conversation()
    chat.say("Subject: Cancellation policy?\n\nGood afternoon,\n\nI am a full-time carer for my husband. Before I book "
             "anything I should like to know what your policy is if I have to cancel on the day. Is there a charge?"
             "\n\nMany thanks,\nSheila Partridge")
    said = assistant.responses(chat)
    assert "utter_cancellation" in said and not any(r.startswith("utter_price") for r in said), chat.transcript
    assert assistant.slot(chat, "requested_slot") is None and rows(assistant, "bookings", chat) == []


def test_everyday_medicines_go_to_the_practitioner(assistant: Assistant) -> None:
    chat = assistant.conversation()
    chat.say("im on sertraline and the pill, does that matter for scar camo?")
    assert "utter_note_medicine" in assistant.responses(chat), chat.transcript


def test_good_news_is_congratulated_first(assistant: Assistant) -> None:
    chat = assistant.conversation()
    chat.say("we're getting married in September and I'd love my c-section scar less obvious for the dress, is there "
             "time?")
    assert assistant.responses(chat)[0] == "utter_ack_occasion", chat.transcript


def test_a_laser_course_alongside_is_planned_not_refused(assistant: Assistant) -> None:
    chat = assistant.conversation()
    chat.say("I've been having fraxel laser on my acne scars, 3 sessions so far, 2 more booked. Can I do "
             "micropigmentation in between the laser sessions or do I have to finish first?")
    said = assistant.responses(chat)
    assert "utter_other_treatments" in said and "utter_what_we_do" not in said, chat.transcript


def test_a_time_corrected_as_it_is_typed_books_the_corrected_time(assistant: Assistant) -> None:
    chat = assistant.conversation()
    replies = give_contact(chat, chat.say(f"can I book {a_tuesday_next_week()} please"), "Kai", "kai.typed@example.com")
    assert times(replies), chat.transcript
    chat.say("10? no wait 14:30, i finish work at 2")
    [booking] = active_bookings(assistant, chat)
    assert local_start(booking).strftime("%A %H:%M") == "Tuesday 14:30", chat.transcript


def test_moving_it_to_another_day_and_time_moves_the_booking_there(assistant: Assistant) -> None:
    chat = assistant.conversation()
    give_contact(chat, chat.say(f"can I come {a_tuesday_next_week()} at 16:45?"), "Hana", "hana.moves@example.com")
    [booked] = active_bookings(assistant, chat)
    chat.say(f"Oh no that's parents' evening 🙈 can we move it to {a_wednesday_next_week()}, half eleven?")
    [moved] = active_bookings(assistant, chat)           # the Tuesday one is cancelled, not kept beside it
    assert local_start(moved).strftime("%A %H:%M") == "Wednesday 11:30", chat.transcript


def test_an_urgent_sign_waved_away_gets_the_advice_again_never_a_farewell(assistant: Assistant) -> None:
    chat = assistant.conversation()
    chat.say("had a tattoo cover up at another studio 4 days ago and its hot, swollen and oozing yellow stuff")
    chat.say("cant i just wait til monday")
    assert assistant.responses(chat) == ["utter_urgent_infection", "utter_urgent_hold"], chat.transcript
