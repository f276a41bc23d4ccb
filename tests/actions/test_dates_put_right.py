"""Dates put right in passing, wherever in the form (round 24's mastectomy conversation): the correction is kept
beside the answer to the question asked, a summary is never sent over it, and for areola work the last
reconstruction step told later dates the work. Also who sees the answers, asked before agreeing."""
from __future__ import annotations

from rasa_sdk.executor import CollectingDispatcher

from bot.actions.intake_form import ValidateIntakeForm
from bot.actions.runtime import Runtime
from bot.intake.questions import QUESTIONS
from tests.actions.conftest import make_tracker

DOMAIN = {"forms": {"intake_form": {"required_slots": list(QUESTIONS)}}}
AREOLA = {"health_consent": "yes", "concern": "areola", "body_area": "breast (left)",
          "areola_reconstruction_done": "yes", "onset_date": "2024-12-05", "areola_radiotherapy": "yes",
          "treatment_ended": "2026-01-05"}


async def validate(tracker, dispatcher: CollectingDispatcher) -> dict:
    events = await ValidateIntakeForm().run(dispatcher, tracker, DOMAIN)
    return {e["name"]: e["value"] for e in events if e["event"] == "slot"}


def _texts(dispatcher: CollectingDispatcher) -> str:
    return " ".join(str(m.get("text") or m.get("response") or "") for m in dispatcher.messages)


async def test_a_radiotherapy_date_put_right_beside_the_age_keeps_both(runtime: Runtime,
                                                                        dispatcher: CollectingDispatcher) -> None:
    said = "54. oh and sorry I mean january 2025 for the radiotherapy not this year, so nearly 2 years ago now"
    slots = await validate(make_tracker(said, slots={**AREOLA, "adult": said}, requested_slot="adult"), dispatcher)
    assert slots["adult"] == "yes"
    assert slots["treatment_ended"].startswith("2025-01")
    assert "Updated" in _texts(dispatcher)


async def test_a_correction_at_the_summary_is_never_sent_as_a_yes(runtime: Runtime,
                                                                   dispatcher: CollectingDispatcher) -> None:
    said = "no the radiotherapy finished january 2025 not 2026, I did say sorry! the rest looks right"
    filled = {**AREOLA, "adult": "yes", "first_name": "Gill", "email": "gill@example.com", "summary_confirmed": said}
    slots = await validate(make_tracker(said, slots=filled, requested_slot="summary_confirmed"), dispatcher)
    assert slots["summary_confirmed"] is None
    assert slots["treatment_ended"].startswith("2025-01")
    assert slots["pending_offer"] == "changed:treatment_ended"


async def test_the_nipple_done_later_dates_the_areola_work(runtime: Runtime, dispatcher: CollectingDispatcher) -> None:
    said = "yes, the nipple was done in june, june this year, surgeon signed me off in october"
    filled = {**AREOLA, "areola_reconstruction_done": said}
    slots = await validate(make_tracker(said, slots=filled, requested_slot="areola_reconstruction_done"), dispatcher)
    assert slots["areola_reconstruction_done"] == "yes"
    assert slots["onset_date"][:7] > "2026-05"


async def test_who_sees_the_answers_is_answered_before_the_consent_is_asked_again(
        runtime: Runtime, dispatcher: CollectingDispatcher) -> None:
    said = "before I say yes, who actually sees this? I dont really want my cancer stuff floating about"
    slots = await validate(make_tracker(said, slots={"health_consent": said}, requested_slot="health_consent"),
                           dispatcher)
    assert slots["health_consent"] is None
    assert dispatcher.messages[0]["response"] == "utter_consent_who_sees"


async def test_tamoxifen_is_no_blood_thinner_and_the_question_is_answered(runtime: Runtime,
                                                                           dispatcher: CollectingDispatcher) -> None:
    said = "no blood thinners, I'm on tamoxifen though, does that count?"
    filled = {**AREOLA, "adult": "yes", "anticoagulants": said}
    slots = await validate(make_tracker(said, slots=filled, requested_slot="anticoagulants"), dispatcher)
    assert slots["anticoagulants"] == "no"
    assert "Tamoxifen isn't a blood thinner" in _texts(dispatcher)


async def test_a_radiotherapy_date_put_right_does_not_redate_the_operation(runtime: Runtime,
                                                                           dispatcher: CollectingDispatcher) -> None:
    said = "54. oh and sorry I mean january 2025 for the radiotherapy not this year, so nearly 2 years ago now"
    filled = {**AREOLA, "onset_date": "2026-06-05", "adult": said}
    slots = await validate(make_tracker(said, slots=filled, requested_slot="adult"), dispatcher)
    assert slots["adult"] == "yes" and slots["treatment_ended"].startswith("2025-01")
    assert slots.get("onset_date", "2026-06-05") == "2026-06-05"


async def test_a_sun_answer_with_a_question_beside_it_is_kept_and_the_question_answered(
        runtime: Runtime, dispatcher: CollectingDispatcher) -> None:
    said = ("burn first then go a bit brown. will it look flat or can it look like it sticks out a bit? and does the "
            "radiotherapy skin take the colour ok")
    filled = {**AREOLA, "adult": "yes", "phototype": said}
    slots = await validate(make_tracker(said, slots=filled, requested_slot="phototype"), dispatcher)
    assert slots["phototype"]
    assert {"utter_unknown_skin", "utter_areola_depth"} <= {m.get("response") for m in dispatcher.messages}
