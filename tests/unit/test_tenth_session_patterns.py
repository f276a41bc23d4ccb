"""Patterns found in the tenth session (2026-12-05): round 23's judged replies (one next step, the person's own
facts applied, a feeling heard first, the question's own answer) and what probing the running assistant showed."""
from __future__ import annotations

from datetime import date

import pytest

from bot.booking.preference import read_preference
from bot.handoff.context import contact_time, read_request, time_answer, updated_time
from bot.intake.dates import parse_past_date
from bot.replies.plan import Context, plan_reply
from bot.understanding.facts import age_in_months, asked_topics, months_ago, practical_subjects, weekday
from bot.understanding.model import Part, understand

SATURDAY = date(2026, 12, 5)


def _part(text: str, topic: str) -> Part:
    return Part(text=text, intent="faq", confidence=0.95, topic=topic, topic_confidence=0.9, topic_margin=0.8)


def _said(text: str, topic: str = "", **context: object) -> list[str]:
    parts = [_part(text, topic)] if topic else []
    return plan_reply(understand(text, parts), Context(**context)).said    # type: ignore[arg-type]


def test_last_march_said_in_december_is_this_years_and_last_october_the_year_before() -> None:
    assert age_in_months("last march", SATURDAY) == 9
    assert parse_past_date("last March", SATURDAY) == date(2026, 3, 5)
    assert age_in_months("last october", SATURDAY) == 14


def test_a_burn_dated_last_march_is_nine_months_old_and_too_early() -> None:
    text = "burn scar on my hand from a cooking accident last march. is it too early?? and do u do saturdays"
    assert months_ago(text) is not None
    parts = [_part("burn scar on my hand from a cooking accident last march. is it too early??", "healing_wait"),
             _part("and do u do saturdays", "hours")]
    said = plan_reply(understand(text, parts), Context(day_hours={"saturday": "10:00–14:00"})).said
    assert said[0] == "utter_note_young_burn"         # no "yes we do scars" for "do u do saturdays"
    assert "utter_hours_day" in said
    assert "utter_offer_intake" not in said          # too early: a consultation to plan ahead, not a readiness check


@pytest.mark.parametrize("text,day", [("open sat?", "saturday"), ("r u open sun", "sunday"), ("fri or sat", "friday")])
def test_short_day_names_after_open_or_a_day_are_days(text: str, day: str) -> None:
    assert weekday(text) == day


@pytest.mark.parametrize("text", ["I sat down and thought about it", "keep it out of the sun", "protect it from sun"])
def test_sat_and_sun_as_words_are_no_days(text: str) -> None:
    assert weekday(text) is None


def test_open_sat_gets_saturdays_hours_not_the_week() -> None:
    said = _said("open sat?", "hours", day_hours={"saturday": "10:00–14:00"})
    assert "utter_hours_day" in said and "utter_faq/hours" not in said


@pytest.mark.parametrize("text", [
    "I've hated the scar on my neck since my thyroid op 3 years ago. I wear scarves all summer just to hide it.",
    "i always hide my arms, can you help",
])
def test_years_of_hiding_a_mark_are_heard_first(text: str) -> None:
    u = understand(text)
    assert u.tone == "distress"
    assert "health_unknown" not in u.facts.asked      # the operation made the scar; it is no condition to screen


def test_a_thyroid_condition_is_still_one_the_screen_does_not_list() -> None:
    assert "health_unknown" in asked_topics("I have a thyroid problem, is that ok")


def test_a_baby_born_this_autumn_brings_the_breastfeeding_note_and_a_consultation_not_a_check() -> None:
    text = "my friend said u can cover stretch marks?? mine r still kinda purple from my baby in september. whats it cost"
    u = understand(text)
    assert u.facts.new_baby
    said = plan_reply(u, Context()).said
    assert "utter_note_new_baby" in said and "utter_note_young_stretch_marks" in said
    assert "utter_offer_booking" in said and "utter_offer_intake" not in said


@pytest.mark.parametrize("text", ["stretch marks from my pregnancy 10 years ago", "I'm breastfeeding, had my baby in june"])
def test_an_old_birth_or_breastfeeding_said_needs_no_new_baby_note(text: str) -> None:
    assert not understand(text).facts.new_baby


def test_living_far_away_hears_the_sessions_are_in_brighton() -> None:
    text = "Can the consultation be on video? I'm in Leeds so Brighton is a trek. And roughly how many sessions does a scar take"
    said = _said(text)
    assert "utter_treatment_in_studio" in said


@pytest.mark.parametrize("text", ["is it far from the station", "we live in Hove", "I'm in pain"])
def test_no_distance_is_heard_where_none_was_said(text: str) -> None:
    assert "lives_away" not in asked_topics(text)


def test_clinic_or_salon_gets_what_kind_of_place_not_the_tattoo_comparison() -> None:
    said = _said("is this a clinic or a beauty salon? who actually does the treatments", "vs_cosmetic")
    assert said[:2] == ["utter_kind_of_place", "utter_brief_practitioner"]
    assert not {"utter_faq/vs_cosmetic", "utter_brief_vs_cosmetic"} & set(said)


def test_a_touch_up_price_is_one_line_with_the_price() -> None:
    said = _said("touch up price?", "touch_ups")
    assert said[0] == "utter_price_touch_ups"


def test_do_you_do_a_treatment_opens_with_yes() -> None:
    said = _said("yo u guys do that hairline tattoo thing?? goin bald af lol", "scalp")
    assert said[0] == "utter_yes_we_do" and said[1] in ("utter_faq/scalp", "utter_brief_scalp")


def test_a_parents_question_about_a_child_gets_no_treatment_leaflet() -> None:
    text = ("hello yes I am writing about the thing for the skin colour my daughter she has white patches on her face "
            "and hands she is 12 years old can you help her")
    said = _said(text, "vitiligo")
    assert said[:2] == ["utter_note_minor_other", "utter_note_minor_doctor"]
    assert not [s for s in said if s.startswith(("utter_short_", "utter_faq/vitiligo", "utter_yes_we_do"))]


def test_asking_about_refunds_is_no_complaint_and_gets_an_honest_answer() -> None:
    u = understand("refund if I dont like it?")
    assert u.tone is None
    assert plan_reply(u, Context()).said == ["utter_refunds"]
    assert understand("I want a refund, the result is awful").tone == "complaint"


def test_smp_after_a_hair_transplant_says_the_sources_are_silent_without_a_leaflet() -> None:
    said = _said("SMP after a hair transplant ok?")
    assert said[0] == "utter_after_procedure_unknown"
    assert not [s for s in said if s.endswith("_scalp")]


def test_how_it_ages_with_them_is_answered_not_a_menu() -> None:
    assert _said("so what happens when I'm 80 and wrinkly and my fake hair is still 25 lol") == ["utter_ageing"]


def test_sweating_it_off_gets_no_it_fades_over_years() -> None:
    said = _said("does smp sweat off at the gym", "scalp")
    assert said[0] == "utter_washes_off"
    assert "utter_brief_permanence" not in said and "utter_faq/scalp" not in said


def test_sunburnt_vitiligo_patches_get_sun_protection_and_fading_and_no_scar_leaflet() -> None:
    text = ("my vitiligo patches on my hands go pink and burn in the sun. if you colour them in will they still burn? "
            "and does the colour fade in the sun")
    u = understand(text)
    assert u.facts.concerns == ("vitiligo",)
    said = plan_reply(u, Context()).said
    assert said[:2] == ["utter_sun_protection", "utter_brief_permanence"]
    assert "utter_after_care_unknown" not in said


def test_chemo_finished_is_kept_beside_no_radiotherapy() -> None:
    u = understand("Finished chemo in May this year, then mastectomy with implant reconstruction. No radiotherapy.")
    assert u.facts.chemotherapy is True and u.facts.radiotherapy is False


def test_mid_september_dates_the_last_operation() -> None:
    assert age_in_months("my last op (nipple reconstruction) was mid September", SATURDAY) == 3


def test_acne_marks_are_scars_and_hiding_behind_foundation_is_heard() -> None:
    u = understand("I'm left with brown and red marks and little holes on my cheeks from acne. I literally can't leave "
                   "the house without foundation and I cancel plans if my skin's bad. Would micropigmentation cover it?")
    assert u.facts.concern == "scar" and u.tone == "distress"


@pytest.mark.parametrize("text,on_day,from_day", [
    ("I have self harm scars, the newest is from Jan 2025. Could I come in the Christmas holidays, like 22nd or 23rd?",
     date(2026, 12, 22), None),
    ("Finished chemo in May this year, then mastectomy. When could I come in?", None, None),
    ("i had my op in march, could i come in april", None, date(2027, 4, 1)),
])
def test_a_month_told_of_the_past_is_no_time_asked_for(text: str, on_day: date | None, from_day: date | None) -> None:
    wish = read_preference(text, SATURDAY)
    assert wish.on_day == on_day and wish.from_day == from_day


def test_another_clinics_price_is_compared_honestly_with_the_touch_up_price() -> None:
    text = ("Hi, trying to decide between you and a clinic in London that does SMP for £1,200 all in, 3 sessions. "
            "Yours says from £450 per session which would be more. Why the difference, and is there anything extra "
            "I'd have to pay for later like top ups?")
    said = _said(text, "vs_cosmetic")
    assert said[:2] == ["utter_price_comparison", "utter_price_touch_ups"]
    assert not [s for s in said if "vs_cosmetic" in s or s.endswith("_scalp")]


@pytest.mark.parametrize("text", ["if I can only afford one session at first is that ok or do I have to commit to all of them?",
                                  "do I have to pay for all 3 sessions upfront"])
def test_paying_one_session_at_a_time_is_answered(text: str) -> None:
    assert "utter_pay_per_session" in _said(text, "payment")
    assert "pay_per_session" not in asked_topics("one at a time please")


@pytest.mark.parametrize("said,when", [
    ("oh no wait monday is swimming. tuesday same time please", "tuesday between 1 and 2"),
    ("no i mean the phone call. can they ring tuesday 1 till 2 instead of monday", "tuesday between 1 and 2"),
    ("thats not right lol. tuesday between 1pm and 2pm. NOT monday", "tuesday between 1pm and 2pm"),
])
def test_a_call_time_moved_to_another_day_keeps_the_hours_and_drops_the_old_day(said: str, when: str) -> None:
    assert updated_time("monday between 1 and 2", said) == when


def test_a_day_said_to_suit_is_no_day_ruled_out() -> None:
    assert contact_time("monday between 1 and 2 is best, its nap time") == "monday between 1 and 2"


@pytest.mark.parametrize("text", ["i wouldnt even take my top off on the beach this summer",
                                  "I never wear shorts because of them"])
def test_hiding_a_body_from_others_is_a_feeling(text: str) -> None:
    assert understand(text).tone == "distress"


def test_a_question_about_darkening_gets_the_darker_skin_answer_alone() -> None:
    said = _said("I'm south asian and my skin goes darker after any cut or spot. would the needles leave me with dark "
                 "marks round my scar?")
    assert said[0] == "utter_note_darker_skin"
    assert not [s for s in said if "scars" in s or s.startswith("utter_guidance")]


def test_chemo_and_lost_hair_are_heard_and_what_smp_does_is_said() -> None:
    said = _said("I'm 74, on chemo till February and lost all my hair. Would the scalp dots work for a man my age or "
                 "am I too old for that?")
    assert said[:2] == ["utter_ack_illness", "utter_short_scalp"]
    assert "utter_no_upper_age" in said and "utter_note_chemo" in said


def test_a_discount_question_with_a_scar_gets_its_price() -> None:
    assert "utter_price_scar" in _said("any student discount? skateboard scar on my knee, like 3yrs old")


def test_a_tattooist_who_ruined_it_is_work_done_elsewhere() -> None:
    u = understand("A tattooist in Belfast tried to cover my c-section scar with a little flower and it's blown out, "
                   "all blurry. I feel so stupid for letting him.")
    assert (u.tone, u.feeling) == ("distress", "elsewhere")


def test_a_malformed_socket_packet_is_logged_in_one_line_without_a_traceback() -> None:
    import logging
    import sys

    from bot.hardening.logs import VisitorTextFilter
    try:
        raise IndexError("list index out of range")     # what engineio raised on the fuzzer's packet
    except IndexError:
        record = logging.LogRecord("engineio.server", logging.ERROR, __file__, 1, "Unknown receive error", (),
                                   sys.exc_info())
    assert VisitorTextFilter().filter(record)
    assert record.exc_info is None and record.exc_text is None and "malformed packet" in record.getMessage()


def test_a_deadline_and_a_worry_about_looking_a_certain_way_are_answered() -> None:
    said = _said("court case is in february. could it be done by then. i dont want to look like a thug in front of the "
                 "jury but i dont want them thinking im hiding it either")
    assert said == ["utter_ack_distress", "utter_by_a_date"]


def test_being_glassed_is_heard_beside_the_price() -> None:
    said = _said("got a scar on my face from being glassed, how much to get rid of it")
    assert said[0] == "utter_ack_trauma" and "utter_price_scar" in said


def test_photos_of_their_face_on_instagram_get_an_honest_answer() -> None:
    assert _said("forget it. do you take photos. i dont want my face ending up on instagram") == ["utter_photos_taken"]


def test_a_handoff_keeps_the_time_and_drops_the_venting() -> None:
    request = read_request("i asked about photos. honestly this is doing my head in. can she just ring me. tuesday "
                           "after 4, i finish at half 3", "GB")
    assert (request.reason, request.contact_time) == ("i asked about photos", "tuesday after 4")
    assert time_answer("i already said. tuesday after 4") == "tuesday after 4"


def test_a_scar_on_the_scalp_where_hair_will_not_grow_gets_the_smp_answer() -> None:
    said = _said("Fell off a ladder 3 yrs ago, left a scar on my scalp where the hair won't grow back. Can you do the "
                 "hair dots over a scar? and is the blood thinner a problem")
    assert said[0] == "utter_scalp_scar"


def test_a_compensation_claim_paying_the_studio_is_an_honest_unknown() -> None:
    text = "ive got a claim in with criminal injuries compensation, can they pay you direct?"
    assert practical_subjects(text) == ["payment by a compensation claim"]
    assert practical_subjects("does insurance cover it?") == []      # the payment answer speaks of insurers
