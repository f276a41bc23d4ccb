"""The intake form's validation, run directly (the pattern of Rasa's reference assistants)."""
from __future__ import annotations

from bot.intake import questions

import re
from datetime import date
from pathlib import Path
from urllib.parse import unquote

import pytest
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select

from bot.actions.intake_form import ValidateIntakeForm, privacy_notice
from bot.actions.runtime import Runtime
from bot.channels.resume import open_token, resume_secret
from bot.intake.questions import QUESTIONS
from bot.store.leads import consent_refused
from bot.store.models import ConsentRecord
from tests.actions.conftest import make_tracker

DOMAIN = {"forms": {"intake_form": {"required_slots": list(QUESTIONS)}}}    # as in domain.yml
CONSENTED = {"health_consent": "yes", "adult": "yes", "concern": "scar"}


async def validate(tracker, dispatcher: CollectingDispatcher) -> dict:
    events = await ValidateIntakeForm().run(dispatcher, tracker, DOMAIN)
    return {e["name"]: e["value"] for e in events if e["event"] == "slot"}


async def test_consent_is_recorded_with_channel_and_notice_version(runtime: Runtime,
                                                                   dispatcher: CollectingDispatcher) -> None:
    tracker = make_tracker("Yes", intent="affirm", slots={"health_consent": "Yes"}, requested_slot="health_consent",
                           channel="socketio")
    slots = await validate(tracker, dispatcher)
    assert slots["health_consent"] == "yes" and slots["requested_slot"] == "concern"
    async with runtime.sessions() as session:
        record = (await session.scalars(select(ConsentRecord))).one()
    assert (record.granted, record.channel, record.notice_version) == (True, "socketio", "2026-11-v1")


async def test_no_consent_ends_the_form_before_any_health_question(runtime: Runtime,
                                                                   dispatcher: CollectingDispatcher) -> None:
    tracker = make_tracker("no thanks", intent="deny", slots={"health_consent": "no thanks"},
                           requested_slot="health_consent")
    slots = await validate(tracker, dispatcher)
    assert slots["health_consent"] == "no" and slots["requested_slot"] is None


async def test_a_prefilled_concern_skips_its_question(runtime: Runtime, dispatcher: CollectingDispatcher) -> None:
    tracker = make_tracker("yes", intent="affirm", slots={"health_consent": "yes", "adult": "yes",
                                                          "concern": "c-section"}, requested_slot="adult")
    slots = await validate(tracker, dispatcher)
    assert (slots["concern"], slots["body_area"]) == ("scar", "abdomen")    # a c-section scar is on the abdomen
    assert slots["requested_slot"] == "scar_cause"


async def test_an_invalid_date_is_counted_and_hinted(runtime: Runtime, dispatcher: CollectingDispatcher) -> None:
    tracker = make_tracker("next week", slots={**CONSENTED, "body_area": "knee", "scar_cause": "injury",
                                               "onset_date": "next week"}, requested_slot="onset_date")
    slots = await validate(tracker, dispatcher)
    assert slots["onset_date"] is None and slots["invalid_answers"] == 1
    assert slots["requested_slot"] == "onset_date"


async def test_a_question_mid_form_is_answered_and_the_slot_asked_again(
        runtime: Runtime, dispatcher: CollectingDispatcher) -> None:
    tracker = make_tracker("does it hurt?", intent="faq", faq="pain",
                           slots={**CONSENTED, "body_area": "knee", "scar_cause": "injury",
                                  "onset_date": "does it hurt?"}, requested_slot="onset_date")
    slots = await validate(tracker, dispatcher)
    assert slots["onset_date"] is None and slots["requested_slot"] == "onset_date"
    assert dispatcher.messages[0]["response"] == "utter_faq/pain"


async def test_a_correction_at_the_summary_clears_that_answer(runtime: Runtime,
                                                             dispatcher: CollectingDispatcher) -> None:
    filled = {**CONSENTED, "email": "old@example.com", "first_name": "Anna", "summary_confirmed": "my email is wrong"}
    tracker = make_tracker("my email is wrong", intent="correct_answer", slots=filled,
                           requested_slot="summary_confirmed")
    slots = await validate(tracker, dispatcher)
    assert slots["email"] is None and slots["summary_confirmed"] is None


async def test_phone_may_be_skipped_only_when_an_email_was_given(runtime: Runtime,
                                                                 dispatcher: CollectingDispatcher) -> None:
    without_email = make_tracker("skip", slots={**CONSENTED, "email": "skipped", "phone": "skip"},
                                 requested_slot="phone")
    assert (await validate(without_email, dispatcher))["phone"] is None
    with_email = make_tracker("skip", slots={**CONSENTED, "email": "a@example.com", "phone": "skip"},
                              requested_slot="phone")
    assert (await validate(with_email, dispatcher))["phone"] == "skipped"


def test_messaging_apps_get_the_extra_privacy_note(runtime: Runtime, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(runtime.settings.env, "VAR_DIR", str(tmp_path))  # the resume link's secret
    monkeypatch.setitem(runtime.settings.env, "DASHBOARD_URL", "https://studio.example")
    web = privacy_notice(make_tracker(channel="socketio"))
    whatsapp = privacy_notice(make_tracker(channel="whatsapp", sender="447911123456"))
    assert "own copy" not in web and "own copy" in whatsapp
    assert "delete my data" in web and "https://lumenskin.example/privacy" in web
    # the link continues this conversation in the website chat, without the phone number in it
    link = re.search(r"https://studio\.example/demo\?resume=(\S+)", whatsapp)
    assert link and "447911123456" not in whatsapp
    assert open_token(unquote(link.group(1)), resume_secret(runtime.settings.env)) == "447911123456"
    assert "resume=" not in web and "24 hours" in whatsapp


@pytest.mark.parametrize("slot, kept", [("phototype", "skipped"), ("scar_cause", "skipped"), ("diabetes", "unsure"),
                                        ("onset_date", "unsure")])
async def test_skip_always_works_on_a_question_that_can_wait_for_the_consultation(
        runtime: Runtime, dispatcher: CollectingDispatcher, slot: str, kept: str) -> None:
    tracker = make_tracker("skip", slots={**CONSENTED, "body_area": "knee", slot: "skip"}, requested_slot=slot)
    slots = await validate(tracker, dispatcher)
    assert slots[slot] == kept and slots["requested_slot"] != slot


async def test_an_age_said_mid_form_corrects_the_earlier_answer(runtime: Runtime,
                                                                dispatcher: CollectingDispatcher) -> None:
    tracker = make_tracker("nah im 17 lol, 18 in april", slots={**CONSENTED, "body_area": "knee",
                                                                 "scar_cause": "nah im 17 lol, 18 in april"},
                           requested_slot="scar_cause")
    slots = await validate(tracker, dispatcher)
    assert slots["adult"] == "no" and slots.get("scar_cause") is None


@pytest.mark.parametrize(("slot", "answer", "stored", "shown"), [
    ("scalp_pattern", "crown and temples mostly", "crown,hairline", "Crown and Receding hairline"),
    ("scalp_pattern", "just the crown", "crown", "Crown"),
    ("stretch_colour", "some are white, some still quite red", "mix", "A mix"),
    ("stretch_colour", "they were purple, now white", "white", "White or silver"),
])
async def test_an_answer_naming_several_options_keeps_them_all(runtime: Runtime, dispatcher: CollectingDispatcher,
                                                                slot: str, answer: str, stored: str,
                                                                shown: str) -> None:
    concern = "scalp" if slot == "scalp_pattern" else "stretch_marks"
    tracker = make_tracker(answer, slots={**CONSENTED, "concern": concern, "body_area": "hips", slot: answer},
                           requested_slot=slot)
    slots = await validate(tracker, dispatcher)
    assert slots[slot] == stored
    from bot.intake.questions import display_value
    assert display_value(slot, stored) == shown


async def test_contacts_given_for_a_booking_are_not_asked_again(runtime: Runtime,
                                                                dispatcher: CollectingDispatcher) -> None:
    tracker = make_tracker("yes", intent="affirm", slots={
        "health_consent": "yes", "booking_name": "Priya Shah", "booking_email": "priya@example.com",
        "booking_phone": "+447700900123"}, requested_slot="health_consent")
    slots = await validate(tracker, dispatcher)
    assert (slots["first_name"], slots["email"], slots["phone"]) == ("Priya Shah", "priya@example.com",
                                                                 "+447700900123")


@pytest.mark.parametrize(("slot", "answer", "stored"), [
    ("anticoagulants", "just a statin for cholesterol, nothing else", "no"),
    ("chemo_radio", "Radiotherapy, which finished 6 months ago. No chemotherapy.", "yes"),
    ("chemo_radio", "I had chemo but that was 3 years ago", "no"),
])
async def test_a_described_health_answer_is_read_not_asked_again(runtime: Runtime, dispatcher: CollectingDispatcher,
                                                                 slot: str, answer: str, stored: str) -> None:
    tracker = make_tracker(answer, slots={**CONSENTED, "body_area": "knee", "scar_cause": "injury",
                                          "onset_date": "2023-01-01", "scar_settled": "yes", "keloid_history": "no",
                                          "pregnant_or_breastfeeding": "no", slot: answer}, requested_slot=slot)
    slots = await validate(tracker, dispatcher)
    assert slots[slot] == stored


async def test_moving_a_booking_mid_intake_leaves_the_questions_for_the_booking(
        runtime: Runtime, dispatcher: CollectingDispatcher) -> None:
    tracker = make_tracker("Sorry, my shifts changed. Can I move my appointment to Saturday at half eleven?",
                           intent="reschedule_booking", slots={**CONSENTED, "scalp_pattern": None},
                           requested_slot="scalp_pattern")
    events = await ValidateIntakeForm().run(dispatcher, tracker, DOMAIN)
    kinds = {(e["event"], e.get("name")) for e in events}
    assert {("followup", "action_reschedule_booking"), ("active_loop", None)} <= kinds


async def test_name_age_and_contacts_in_the_first_message_are_not_asked_again(
        runtime: Runtime, dispatcher: CollectingDispatcher) -> None:
    tracker = make_tracker("yes", intent="affirm", slots={"health_consent": "yes"}, requested_slot="health_consent")
    tracker.events.insert(0, {"event": "user", "text": "Hi, I'm Sophie Hart, 39, sophie.h@example.com or 07700 900 "
                                                        "456. Scar on my knee from a bike crash. Could it be "
                                                        "camouflaged?"})
    slots = await validate(tracker, dispatcher)
    assert (slots["first_name"], slots["email"], slots["phone"], slots["adult"]) == (
        "Sophie Hart", "sophie.h@example.com", "+447700900456", "yes")


@pytest.mark.parametrize(("said", "field", "stored"), [
    ("Preferred contact is email, not SMS", "preferred_contact", "email"),
    ("The date isn't right, it was about 6 years ago", "onset_date", None),
    ("body area's my left collarbone really, not chest", "body_area", "left collarbone"),
])
async def test_a_correction_at_the_summary_that_gives_the_new_value_changes_it_at_once(
        runtime: Runtime, dispatcher: CollectingDispatcher, said: str, field: str, stored: str | None) -> None:
    filled = {**CONSENTED, "body_area": "chest", "scar_cause": "injury", "onset_date": "2025-06-01",
              "scar_settled": "yes", "keloid_history": "no", "pregnant_or_breastfeeding": "no", "anticoagulants": "no",
              "diabetes": "no", "chemo_radio": "no", "isotretinoin": "no", "allergies": "no", "phototype": "III",
              "expectations": "softer", "first_name": "Ann", "email": "ann@example.com", "phone": "skipped",
              "preferred_contact": "sms"}
    tracker = make_tracker(said, slots={**filled, "summary_confirmed": said}, requested_slot="summary_confirmed")
    slots = await validate(tracker, dispatcher)
    assert slots["pending_offer"] == f"changed:{field}" and slots["summary_confirmed"] is None
    if stored:
        assert slots[field] == stored
    else:                                   # a date: about six years before today
        assert slots[field] < "2021-01-01"


async def test_not_now_with_a_past_told_answers_the_question_and_keeps_the_form(
        runtime: Runtime, dispatcher: CollectingDispatcher) -> None:
    text = "Not now I had gestational diabetes with my first but it went after"
    tracker = make_tracker(text, intent="stop", slots={**CONSENTED, "body_area": "abdomen", "scar_cause": "surgery",
                                                       "onset_date": "2023-01-01", "scar_settled": "yes",
                                                       "keloid_history": "no", "pregnant_or_breastfeeding": "no",
                                                       "anticoagulants": "no", "diabetes": text},
                           requested_slot="diabetes")
    events = await ValidateIntakeForm().run(dispatcher, tracker, DOMAIN)
    assert not any(e["event"] == "active_loop" and e.get("name") is None for e in events), events
    assert {e["name"]: e["value"] for e in events if e["event"] == "slot"}.get("diabetes") == "no"


@pytest.mark.parametrize("text", ["id rather not say anything about meds sorry", "sorry i'd rather not answer that one"])
async def test_declining_a_health_question_stores_no_answer_for_it_or_any_other(
        runtime: Runtime, dispatcher: CollectingDispatcher, text: str) -> None:
    tracker = make_tracker(text, slots={**CONSENTED, "body_area": "arm", "scar_cause": "injury",
                                        "onset_date": "2019-01-01", "scar_settled": "yes", "keloid_history": "no",
                                        "pregnant_or_breastfeeding": "no", "anticoagulants": text},
                           requested_slot="anticoagulants")
    slots = await validate(tracker, dispatcher)
    assert slots["anticoagulants"] == "unsure"  # asked at the consultation, never a "no"
    assert "isotretinoin" not in slots and "diabetes" not in slots


async def test_keeping_health_details_for_the_consultation_refuses_consent(
        runtime: Runtime, dispatcher: CollectingDispatcher) -> None:
    text = "nah no offence mate im not putting medical stuff into a chat. ill tell her in person"
    tracker = make_tracker(text, slots={"health_consent": text}, requested_slot="health_consent")
    events = await ValidateIntakeForm().run(dispatcher, tracker, DOMAIN)
    assert {e["name"]: e["value"] for e in events if e["event"] == "slot"}.get("health_consent") == "no"
    assert await consent_refused(runtime.sessions, tracker.sender_id)      # the refusal is on record


@pytest.mark.parametrize("text", ["no phone please, only email", "no phone sorry, email only"])
async def test_no_phone_in_words_leaves_the_phone_out_when_an_email_was_given(
        runtime: Runtime, dispatcher: CollectingDispatcher, text: str) -> None:
    tracker = make_tracker(text, slots={**CONSENTED, "email": "ann@example.com", "phone": text},
                           requested_slot="phone")
    assert (await validate(tracker, dispatcher))["phone"] == "skipped"


async def test_a_price_asked_mid_form_is_the_price_of_their_treatment(
        runtime: Runtime, dispatcher: CollectingDispatcher) -> None:
    tracker = make_tracker("how much is it roughly", intent="faq", faq="price",
                           slots={**CONSENTED, "body_area": "knee", "scar_cause": "injury",
                                  "onset_date": "how much is it roughly"}, requested_slot="onset_date")
    slots = await validate(tracker, dispatcher)
    assert slots["onset_date"] is None and slots["requested_slot"] == "onset_date"
    assert dispatcher.messages[0]["response"] == "utter_price_scar"


async def test_an_area_added_later_is_kept_with_the_first(runtime: Runtime, dispatcher: CollectingDispatcher) -> None:
    text = "oh and can you put my hips as well, I forgot those"
    tracker = make_tracker(text, slots={**CONSENTED, "concern": "stretch_marks", "body_area": "tummy",
                                        "stretch_colour": "white", "onset_date": "2020-01-01",
                                        "keloid_history": "no", "skin_condition_area": "no",
                                        "pregnant_or_breastfeeding": text},
                           requested_slot="pregnant_or_breastfeeding")
    slots = await validate(tracker, dispatcher)
    assert slots["body_area"] == "tummy and hips" and slots["requested_slot"] == "pregnant_or_breastfeeding"


async def test_areas_named_in_the_answer_to_the_hair_loss_pattern_answer_it(
        runtime: Runtime, dispatcher: CollectingDispatcher) -> None:
    text = "temples going back both sides and the crown is thin"
    tracker = make_tracker(text, slots={**CONSENTED, "concern": "scalp", "body_area": "scalp", "scalp_pattern": text},
                           requested_slot="scalp_pattern")
    slots = await validate(tracker, dispatcher)
    assert "hairline" in slots["scalp_pattern"] and "crown" in slots["scalp_pattern"]
    assert slots.get("body_area", "scalp") == "scalp" and slots["requested_slot"] != "scalp_pattern"


async def test_a_no_with_the_date_of_the_last_patch_keeps_the_date(
        runtime: Runtime, dispatcher: CollectingDispatcher) -> None:
    from bot.intake.questions import required_slots

    text = "no, last new spot july 2024"
    filled = {**CONSENTED, "concern": "vitiligo", "body_area": "hands", "vitiligo_spreading": text}
    slots = await validate(make_tracker(text, slots=filled, requested_slot="vitiligo_spreading"), dispatcher)
    assert slots["vitiligo_spreading"] == "no" and slots["vitiligo_new_patch"].startswith("2024-07")
    assert "vitiligo_new_patch" in required_slots({**filled, **slots})       # in the summary and on the lead


async def test_not_knowing_the_skin_type_leaves_it_for_the_practitioner(
        runtime: Runtime, dispatcher: CollectingDispatcher) -> None:
    text = "bro i literally dont know, never checked"
    tracker = make_tracker(text, slots={**CONSENTED, "body_area": "knee", "scar_cause": "injury",
                                        "onset_date": "2020-01-01", "scar_settled": "yes", "keloid_history": "no",
                                        "pregnant_or_breastfeeding": "no", "anticoagulants": "no", "diabetes": "no",
                                        "chemo_radio": "no", "isotretinoin": "no", "allergies": "no",
                                        "phototype": text}, requested_slot="phototype")
    slots = await validate(tracker, dispatcher)
    assert slots["phototype"] == "skipped" and slots["requested_slot"] != "phototype"


async def test_a_blood_thinner_said_with_a_worried_question_is_a_yes(runtime: Runtime,
                                                                     dispatcher: CollectingDispatcher) -> None:
    text = "yes warfarin for his heart (AF) - does that mean he can't have it done?"
    tracker = make_tracker(text, slots={**CONSENTED, "concern": "vitiligo", "body_area": "hands",
                                        "vitiligo_spreading": "no", "pregnant_or_breastfeeding": text},
                           requested_slot="pregnant_or_breastfeeding")
    slots = await validate(tracker, dispatcher)
    assert slots.get("anticoagulants") == "yes"


async def test_the_treatment_put_right_mid_form_changes_the_questions(runtime: Runtime,
                                                                      dispatcher: CollectingDispatcher) -> None:
    text = "Sorry, it's not a scar though? They're stretch marks, on my lower tummy"
    tracker = make_tracker(text, slots={**CONSENTED, "body_area": "lower tummy", "scar_cause": text},
                           requested_slot="scar_cause")
    slots = await validate(tracker, dispatcher)
    assert slots["concern"] == "stretch_marks" and slots["requested_slot"] == "stretch_colour"


async def test_a_question_at_the_age_question_is_no_no(runtime: Runtime, dispatcher: CollectingDispatcher) -> None:
    tracker = make_tracker("so no go?", slots={"health_consent": "yes", "concern": "scalp", "scalp_pattern": "crown",
                                               "scalp_condition": "yes", "adult": "so no go?"}, requested_slot="adult")
    slots = await validate(tracker, dispatcher)
    assert slots["adult"] is None and slots["requested_slot"] == "adult"


async def test_a_yes_with_when_it_ended_does_not_ask_the_date_again(runtime: Runtime,
                                                                    dispatcher: CollectingDispatcher) -> None:
    text = "had both. all finished 2 years ago"
    tracker = make_tracker(text, slots={**CONSENTED, "concern": "areola", "body_area": "breast (left)",
                                        "areola_reconstruction_done": "yes", "areola_radiotherapy": text},
                           requested_slot="areola_radiotherapy")
    slots = await validate(tracker, dispatcher)
    assert slots["areola_radiotherapy"] == "yes"
    ended = date.fromisoformat(slots["treatment_ended"])
    assert 23 <= (date.today() - ended).days / 30.44 <= 25


async def test_do_you_have_to_know_what_theyre_from_is_answered_and_the_cause_left_out(
        runtime: Runtime, dispatcher: CollectingDispatcher) -> None:
    text = "do you have to know what theyre from.. id rather not say"
    tracker = make_tracker(text, slots={**CONSENTED, "scar_cause": text}, requested_slot="scar_cause")
    slots = await validate(tracker, dispatcher)
    assert [m.get("response") for m in dispatcher.messages][:1] == ["utter_explain_cause"]
    assert slots["scar_cause"] not in (None, text)      # left out, and the next question comes


async def test_a_typo_in_the_email_put_right_at_the_next_question_is_corrected(
        runtime: Runtime, dispatcher: CollectingDispatcher) -> None:
    text = "wait typo. example not exmaple"
    tracker = make_tracker(text, slots={**CONSENTED, "first_name": "Maisie", "email": "maisie.kerr@exmaple.com",
                                        "phone": text}, requested_slot="phone")
    slots = await validate(tracker, dispatcher)
    assert slots["email"] == "maisie.kerr@example.com" and slots["phone"] is None    # the phone is asked again


async def test_a_more_exact_area_told_at_another_question_is_kept(runtime: Runtime,
                                                                  dispatcher: CollectingDispatcher) -> None:
    text = "left forearm, the inside"
    tracker = make_tracker(text, slots={**CONSENTED, "body_area": "arm", "scar_cause": "other", "onset_date": text},
                           requested_slot="onset_date")
    slots = await validate(tracker, dispatcher)
    assert slots["body_area"] == "left forearm" and slots["onset_date"] is None     # the date is asked again


async def test_an_area_told_at_a_yes_no_question_is_noted_and_no_answer_is_guessed(
        runtime: Runtime, dispatcher: CollectingDispatcher) -> None:
    text = "left side, just the one, the right one is still mine"
    tracker = make_tracker(text, slots={**CONSENTED, "concern": "areola", "body_area": "breast",
                                        "onset_date": "2025-12-04", "areola_reconstruction_done": text},
                           requested_slot="areola_reconstruction_done", intent="deny")
    slots = await validate(tracker, dispatcher)
    assert slots["areola_reconstruction_done"] is None and slots["body_area"] == "breast (left)"


async def test_why_a_question_is_asked_is_answered_and_the_question_kept(
        runtime: Runtime, dispatcher: CollectingDispatcher) -> None:
    for slot, text, said in (("scar_cause", "why do you need to know that?", "how the skin healed"),
                             ("body_area", "does it matter where it is?", "one part of the body to another"),
                             ("email", "why do u need my email", "send you your summary")):
        dispatcher.messages.clear()
        tracker = make_tracker(text, slots={**CONSENTED, "concern": "scar", slot: text}, requested_slot=slot)
        slots = await validate(tracker, dispatcher)
        assert slots[slot] is None, (slot, slots)                # nothing stored: asked again
        assert said in dispatcher.messages[0]["text"], (slot, dispatcher.messages)
        assert "medicine" not in dispatcher.messages[0]["text"]  # not the answer about their medicines


async def test_a_question_asked_back_about_something_else_is_not_answered_as_a_health_question(
        runtime: Runtime, dispatcher: CollectingDispatcher) -> None:
    text = "hmm is it the same place as the consultation?"
    tracker = make_tracker(text, slots={**CONSENTED, "concern": "scar", "scar_cause": text}, requested_slot="scar_cause")
    slots = await validate(tracker, dispatcher)
    assert slots["scar_cause"] is None
    assert "medicine" not in " ".join(m.get("text") or "" for m in dispatcher.messages), dispatcher.messages


async def test_asking_to_be_texted_instead_of_giving_an_email_skips_to_the_phone(
        runtime: Runtime, dispatcher: CollectingDispatcher) -> None:
    text = "do i have to give my email? can you text instead"
    tracker = make_tracker(text, slots={**CONSENTED, "first_name": "Jo", "email": text}, requested_slot="email")
    slots = await validate(tracker, dispatcher)
    assert slots["email"] == questions.SKIPPED and dispatcher.messages[0]["response"] == "utter_phone_instead"


async def test_is_my_medicine_a_blood_thinner_is_answered_with_what_counts_and_the_answer_kept(
        runtime: Runtime, dispatcher: CollectingDispatcher) -> None:
    text = "hmm I take aspirin every morning, is that a blood thinner?"
    tracker = make_tracker(text, slots={**CONSENTED, "anticoagulants": text}, requested_slot="anticoagulants")
    slots = await validate(tracker, dispatcher)
    assert slots["anticoagulants"] == "yes"                   # daily aspirin is on the list
    said = " ".join(m.get("text") or "" for m in dispatcher.messages)
    assert "daily aspirin" in said and "Some things mean waiting" not in said, dispatcher.messages


async def test_a_correction_with_its_new_value_is_put_right_at_once_with_what_else_it_says(
        runtime: Runtime, dispatcher: CollectingDispatcher) -> None:
    text = "Surgery, it was keyhole. sorry to correct that, it wasn't December, it's 13 months, the op was last November"
    tracker = make_tracker(text, slots={**CONSENTED, "concern": "scar", "onset_date": "2025-12-04",
                                        "body_area": text}, requested_slot="body_area")
    slots = await validate(tracker, dispatcher)
    months = (date.today() - date.fromisoformat(slots["onset_date"])).days / 30.44
    assert round(months) == 13 and slots["body_area"] is None     # the date put right; the area still asked
    assert slots.get("scar_cause") == "surgery"
    assert dispatcher.messages[0]["text"].startswith("Updated")


async def test_a_correction_of_an_earlier_yes_or_no_is_asked_again_never_stored_as_the_current_answer(
        runtime: Runtime, dispatcher: CollectingDispatcher) -> None:
    text = "wait sorry, I remember now one new small spot on the side of neck in july, maybe 5 months. so is not 2 years"
    tracker = make_tracker(text, slots={**CONSENTED, "concern": "vitiligo", "body_area": "neck",
                                        "vitiligo_spreading": "no", "anticoagulants": text},
                           requested_slot="anticoagulants")
    slots = await validate(tracker, dispatcher)
    assert slots["anticoagulants"] is None and slots["vitiligo_spreading"] is None   # asked again, in order


async def test_who_sees_my_answers_asked_mid_form_gets_the_privacy_answer(
        runtime: Runtime, dispatcher: CollectingDispatcher) -> None:
    for text in ("wait who actually sees all this? and how long do you keep it",
                 "no i mean my data. who can see my answers and how long are they kept"):
        dispatcher.messages.clear()
        tracker = make_tracker(text, slots={**CONSENTED, "first_name": "Jo", "email": "jo@example.com",
                                            "preferred_contact": text}, requested_slot="preferred_contact")
        slots = await validate(tracker, dispatcher)
        assert slots["preferred_contact"] is None
        assert [m.get("response") for m in dispatcher.messages][:1] == ["utter_brief_privacy"], dispatcher.messages


@pytest.mark.parametrize("text,said", [("just the pill. does that matter?", "The pill isn't a blood thinner"),
                                       ("only statins, is that a problem?", "Statins aren't blood thinners")])
async def test_a_medicine_that_is_no_blood_thinner_asked_about_is_a_no_and_said_so(
        runtime: Runtime, dispatcher: CollectingDispatcher, text: str, said: str) -> None:
    tracker = make_tracker(text, slots={**CONSENTED, "body_area": "hips", "stretch_colour": "white",
                                        "onset_date": "2017-01-01", "pregnant_or_breastfeeding": "no",
                                        "anticoagulants": text}, requested_slot="anticoagulants")
    slots = await validate(tracker, dispatcher)
    assert slots["anticoagulants"] == "no"
    assert said in " ".join(m.get("text") or "" for m in dispatcher.messages)


@pytest.mark.parametrize("channel,expected", [("telegram", "telegram"), ("facebook", "messenger"),
                                              ("whatsapp_cloud", "whatsapp")])
async def test_message_me_here_on_a_messaging_app_is_that_app(runtime: Runtime, dispatcher: CollectingDispatcher,
                                                              channel: str, expected: str) -> None:
    tracker = make_tracker("msg here", slots={**CONSENTED, "first_name": "Kyle", "phone": "+447700900381",
                                              "preferred_contact": "msg here"}, requested_slot="preferred_contact",
                           channel=channel)
    assert (await validate(tracker, dispatcher))["preferred_contact"] == expected


async def test_message_me_here_in_the_web_chat_is_asked_again(runtime: Runtime,
                                                              dispatcher: CollectingDispatcher) -> None:
    tracker = make_tracker("msg here", slots={**CONSENTED, "first_name": "Kyle", "phone": "+447700900381",
                                              "preferred_contact": "msg here"}, requested_slot="preferred_contact")
    assert (await validate(tracker, dispatcher))["preferred_contact"] is None


async def test_a_phone_number_given_for_the_name_is_kept_and_the_name_asked_again(
        runtime: Runtime, dispatcher: CollectingDispatcher) -> None:
    tracker = make_tracker("07700 900 381", slots={**CONSENTED, "first_name": "07700 900 381"},
                           requested_slot="first_name")
    slots = await validate(tracker, dispatcher)
    assert slots["first_name"] is None and slots["phone"] == "+447700900381"
    assert "+447700900381" in " ".join(m.get("text") or "" for m in dispatcher.messages)


@pytest.mark.parametrize("text", ["msg here", "by text"])
async def test_a_way_to_be_reached_is_no_first_name(runtime: Runtime, dispatcher: CollectingDispatcher,
                                                    text: str) -> None:
    tracker = make_tracker(text, slots={**CONSENTED, "first_name": text}, requested_slot="first_name")
    assert (await validate(tracker, dispatcher))["first_name"] is None


async def test_a_yes_described_and_asked_is_this_what_you_mean_gets_a_yes_and_its_note(
        runtime: Runtime, dispatcher: CollectingDispatcher) -> None:
    text = "my scar of cesarea is thick and more big than the cut, is this what you ask?"
    tracker = make_tracker(text, slots={**CONSENTED, "concern": "scar", "keloid_history": text},
                           requested_slot="keloid_history")
    slots = await validate(tracker, dispatcher)
    assert slots["keloid_history"] == "yes"
    assert dispatcher.messages[0]["text"].startswith("Yes, that's what this question is about")
    assert [m.get("response") for m in dispatcher.messages][1:2] == ["utter_note_keloid"]


SCAR_SO_FAR = {**CONSENTED, "body_area": "knee", "scar_cause": "surgery", "onset_date": "2020-01-01",
               "scar_settled": "yes", "keloid_history": "no", "skin_condition_area": "no"}


async def test_a_no_with_another_answer_after_it_keeps_both(runtime: Runtime, dispatcher: CollectingDispatcher) -> None:
    text = "No, and no diabetes either."
    tracker = make_tracker(text, intent="deny", slots={**SCAR_SO_FAR, "pregnant_or_breastfeeding": text},
                           requested_slot="pregnant_or_breastfeeding")
    slots = await validate(tracker, dispatcher)
    assert (slots["pregnant_or_breastfeeding"], slots["diabetes"]) == ("no", "no")
    assert slots["requested_slot"] == "anticoagulants"


async def test_an_answer_before_an_urgent_sign_is_kept(runtime: Runtime, dispatcher: CollectingDispatcher) -> None:
    text = "None. Oh, the skin under it is red and hot since Tuesday and I felt shivery last night. Probably nothing."
    filled = {**SCAR_SO_FAR, "pregnant_or_breastfeeding": "no", "anticoagulants": "no", "diabetes": "no",
              "chemo_radio": "no", "isotretinoin": "no"}
    tracker = make_tracker(text, slots={**filled, "allergies": text}, requested_slot="allergies")
    slots = await validate(tracker, dispatcher)
    assert dispatcher.messages[0]["response"].startswith("utter_urgent_")
    assert slots["allergies"] == "no" and slots["requested_slot"] != "allergies"


async def test_a_question_about_the_treatment_inside_an_answer_is_no_correction(
        runtime: Runtime, dispatcher: CollectingDispatcher) -> None:
    text = "Radiotherapy finished on the 20th of February, no chemo. Does the radiotherapy change how the colour takes?"
    filled = {**CONSENTED, "concern": "areola", "body_area": "left breast", "areola_reconstruction_done": "yes",
              "onset_date": "2026-06-30", "treatment_ended": "2026-02-20"}
    tracker = make_tracker(text, slots={**filled, "areola_radiotherapy": text}, requested_slot="areola_radiotherapy")
    slots = await validate(tracker, dispatcher)
    said = " ".join(str(m.get("text") or "") for m in dispatcher.messages)
    assert "let's fix that" not in said
    assert slots["areola_radiotherapy"] == "yes" and slots.get("treatment_ended") in (None, "2026-02-20")


async def test_a_medicine_named_for_a_condition_notes_the_condition_too(
        runtime: Runtime, dispatcher: CollectingDispatcher) -> None:
    text = "No blood thinners. I'm on metformin for type 2 diabetes, that's not one of them is it?"
    tracker = make_tracker(text, slots={**SCAR_SO_FAR, "pregnant_or_breastfeeding": "no", "anticoagulants": text},
                           requested_slot="anticoagulants")
    slots = await validate(tracker, dispatcher)
    assert (slots["anticoagulants"], slots["diabetes"]) == ("no", "yes")
    assert slots["requested_slot"] != "diabetes"


@pytest.mark.parametrize("text,expected", [
    ("wait sorry he was born 9th MAY not march 🤦‍♀️ baby brain", "2026-05-09"),
    ("It was August 2023, not December. Flat now, the pressure sleeves did their job. No lumps.", "2023-08-"),
])
async def test_a_date_put_right_in_passing_replaces_the_old_one(runtime: Runtime, dispatcher: CollectingDispatcher,
                                                                text: str, expected: str) -> None:
    filled = {**CONSENTED, "body_area": "abdomen", "scar_cause": "surgery", "onset_date": "2026-03-01"}
    tracker = make_tracker(text, slots={**filled, "scar_settled": text}, requested_slot="scar_settled")
    slots = await validate(tracker, dispatcher)
    assert str(slots["onset_date"]).startswith(expected)


async def test_does_breastfeeding_matter_gets_the_note_on_it(runtime: Runtime, dispatcher: CollectingDispatcher) -> None:
    text = "not pregnant!! but still feeding him at night, does that matter?"
    tracker = make_tracker(text, slots={**SCAR_SO_FAR, "pregnant_or_breastfeeding": text},
                           requested_slot="pregnant_or_breastfeeding")
    slots = await validate(tracker, dispatcher)
    assert slots["pregnant_or_breastfeeding"] == "yes"
    assert [m.get("response") for m in dispatcher.messages][:1] == ["utter_note_breastfeeding"]


async def test_changing_a_date_asked_after_a_no_asks_the_yes_or_no_again(
        runtime: Runtime, dispatcher: CollectingDispatcher) -> None:
    """Round 20: "change last new patch" at the summary emptied the date and showed "—" instead of asking."""
    filled = {**CONSENTED, "concern": "vitiligo", "body_area": "lip", "vitiligo_spreading": "no",
              "vitiligo_new_patch": "2025-04-01", "skin_condition_area": "no", "pregnant_or_breastfeeding": "no",
              "anticoagulants": "no", "diabetes": "no", "chemo_radio": "no", "isotretinoin": "no", "allergies": "no",
              "phototype": "III", "expectations": "less noticeable", "first_name": "Gemma", "email": "skipped",
              "phone": "+447700900527", "preferred_contact": "whatsapp"}
    text = "the last new patch answer is wrong"
    tracker = make_tracker(text, slots={**filled, "summary_confirmed": text}, requested_slot="summary_confirmed")
    slots = await validate(tracker, dispatcher)
    assert (slots.get("vitiligo_spreading"), slots.get("vitiligo_new_patch")) == (None, None)
    assert slots["requested_slot"] == "vitiligo_spreading"
