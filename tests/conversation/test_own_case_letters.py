"""Round-16 patterns over the real servers, checked in the tracker store and the database: "I burn in the sun"
starts no booking, a mother who "won't ring anyone herself" gets the price and no call-back form, a spouse named
beside the writer's own case is no third party, and a blood thinner with diabetes both reach the reply."""
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
                                                "adult": "62", "pregnant_or_breastfeeding": "no"},
                                stop_at="anticoagulants")
    assert not {"concern", "body_area", "scar_cause"} & set(asked), chat.transcript   # told in the first message
    before = len(assistant.responses(chat))
    chat.say("yes APIXABAN for my heart rhythm... is that a problem??")
    said = assistant.responses(chat)[before:]
    assert said[0] == "utter_note_blood_thinners" and not any(r.startswith("utter_brief_") for r in said), \
        chat.transcript
    assert assistant.slot(chat, "anticoagulants") == "yes"
