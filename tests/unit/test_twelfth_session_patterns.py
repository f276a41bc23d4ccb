"""Patterns found in the twelfth session (2026-12-05): round 26's tune first messages and tune conversations (whether
it would work for them at all, what an accident or chemotherapy leaves, anger at what a doctor said, a raised scar
that nobody called a keloid, someone else's own consultation, a name put right after a booking)."""
from __future__ import annotations

import pytest

from bot.actions.intake_form import _PREFERENCE_SAID, contacts_in
from bot.actions.name_fix import name_given, name_said, rest_after_name
from bot.intake.answers import first_name
from bot.replies.plan import Context, plan_reply
from bot.understanding.facts import asks_price, other_service, practical_subjects
from bot.understanding.model import Part, understand
from bot.understanding.tone import feeling_of

STUDIO = "12 Harbour Lane, Brighton BN1 1AA, United Kingdom"


def _said(text: str, *topics: str, **context: object) -> list[str]:
    parts = [Part(text=text, intent="faq", confidence=0.95, topic=topic, topic_confidence=0.9, topic_margin=0.8)
             for topic in topics]
    return plan_reply(understand(text, parts), Context(studio_address=STUDIO, **context)).said  # type: ignore[arg-type]


# words that only look like a price question or another service
@pytest.mark.parametrize("text", [
    "GP said quote 'camouflage tattooing might take the edge off it'. That you lot?",
    "can you come to the house because getting him to Brighton is a whole day",
    "been told by the burns consultant quote there's nothing more surgically we can do end quote",
])
def test_quoted_speech_and_coming_to_the_house_ask_no_price(text: str) -> None:
    assert not asks_price(text)


@pytest.mark.parametrize("text", ["what would it come to for both sides", "could I get a quote", "how much roughly"])
def test_a_real_price_question_still_asks_one(text: str) -> None:
    assert asks_price(text)


def test_tattooing_that_takes_the_edge_off_is_no_tattoo_removal() -> None:
    assert other_service("camouflage tattooing might take the edge off it") is None
    assert other_service("can you get my old tattoo faded off") == "removal"


def test_a_student_asking_a_price_asks_about_discounts_the_sources_do_not_name() -> None:
    text = "how much for a scar im a studnet lol"
    assert practical_subjects(text) == ["discounts"]
    assert [s for s in _said(text, "price") if s.endswith("unknown_practical_about")]


# whether it would work for them at all
@pytest.mark.parametrize(("text", "topic"), [
    ("i have a scar from my eyebrow down to my cheek. can you actually cover something like this or am i wasting my "
     "time. does it hurt", "pain"),
    ("My GP said 'try the camouflage people' for my scar. Am I too old at 71?", "minimum_age"),
    ("is this a gimmick or does it actually do anything for my scar, and is there parking", "price"),
])
def test_would_it_work_is_answered_beside_the_other_question(text: str, topic: str) -> None:
    said = _said(text, topic)
    assert any(s in ("utter_faq/scars", "utter_brief_scars", "utter_short_scar") for s in said), said


# feelings
@pytest.mark.parametrize(("text", "feeling"), [
    ("its 3am and i cant sleep. 8 months ago i came off my bike and i have a scar on my face", "accident"),
    ("since the car crash I can't look at my arm", "accident"),
    ("Lost all my eyebrows with chemo, finished 2 months ago. I hate looking in the mirror.", "illness"),
])
def test_what_they_went_through_is_the_feeling_heard(text: str, feeling: str) -> None:
    assert feeling_of(text) == feeling


def test_an_accident_is_acknowledged_as_one_and_the_plain_ack_claims_nothing() -> None:
    said = _said("its 3am and i cant sleep again. 8 months ago i came off my bike, scar on my cheek still pink. "
                 "can you actually cover it", "scars")
    assert said[0] == "utter_ack_accident"


def test_anger_at_what_a_consultant_said_is_heard_with_the_sceptical_question() -> None:
    said = _said("been told by the burns consultant there's nothing more surgically we can do, so im angry frankly, "
                 "is this a gimmick", "scars")
    assert said[0] == "utter_ack_sceptical_angry"


# their own facts
def test_a_raised_part_of_an_old_scar_is_no_keloid_and_no_healing_note() -> None:
    said = _said("got glassed about two years ago, scar down my cheek still a bit raised at the top. what happens at "
                 "the first appointment?", "consultation")
    assert "utter_note_raised" in said and "utter_note_keloid" not in said and "utter_note_still_healing" not in said


def test_a_keloid_named_keeps_its_own_note() -> None:
    assert "utter_note_keloid" in _said("I get keloids, my scar is 3 years old and raised. how much?", "price")


def test_someone_elses_case_says_the_consultation_and_answers_are_theirs() -> None:
    said = _said("I care for my husband, he had a fall ten months ago and has a big scar on his forehead. would "
                 "something like this work for him?", "scars")
    assert "utter_note_their_own" in said and "utter_note_young_scar_other" in said


def test_asked_whether_to_stop_warfarin_the_medicine_answer_is_not_repeated_as_a_note() -> None:
    said = _said("I'm on warfarin. would I have to stop warfarin?", "contraindications")
    assert not [s for s in said if s.startswith("utter_note_blood_thinners")]


def test_hours_asked_with_when_they_are_free_offer_a_booking() -> None:
    said = _said("u open late thursdays? need after work", "hours",
                 day_hours={"thursday": "10:00–20:00"})
    assert said[-1] == "utter_offer_booking"


def test_moving_a_consultation_if_shifts_change_is_answered() -> None:
    assert "cancellation" in understand("if my shifts change can I move it").facts.asked


def test_the_health_questions_are_not_offered_again_once_declined() -> None:
    text = "I had a c-section scar 2 years ago, white now. is that old enough?"
    assert "utter_offer_intake" in _said(text, "scars")
    assert "utter_offer_intake" not in _said(text, "scars", intake_declined=True)


# names and contact details
@pytest.mark.parametrize("text", ["ok np. so can we get thurs 10th at 7pm then?", "np", "kk", "nvm"])
def test_no_problem_is_no_name(text: str) -> None:
    assert first_name(text) is None


def test_the_name_of_the_person_it_is_for_is_read() -> None:
    assert name_given("lol its for my mum so Asha Shah, her mobile is") == "Asha Shah"


@pytest.mark.parametrize(("text", "name"), [
    ("its under Asha Shah not Np!! and did u get her number?", "Asha Shah"),
    ("no thanks to the questions. but pls fix the name, its Asha", "Asha"),
    ("the name on the booking should be Asha Shah", "Asha Shah"),
    ("its Asha not Np", "Asha"),
])
def test_a_name_put_right_is_read(text: str, name: str) -> None:
    assert name_said(text, awaited=False) == name


@pytest.mark.parametrize("text", ["my name is Tom, I'm asking for my wife", "Asha Shah", "its Thursday not Friday"])
def test_a_name_said_without_putting_anything_right_changes_nothing(text: str) -> None:
    assert name_said(text, awaited=False) is None


def test_a_bare_name_is_taken_when_the_correction_was_asked_for() -> None:
    assert name_said("Asha Shah", awaited=True) == "Asha Shah"


def test_what_is_left_beside_the_name_is_kept_for_an_answer() -> None:
    assert "did u get her number" in rest_after_name("its under Asha Shah not Np!! and did u get her number?")


def test_email_phone_and_the_way_they_like_are_read_beside_a_name() -> None:
    text = "caroline bellamy, caz.bellamy@example.co.uk 07700900582 whatsapp is best"
    assert contacts_in(text) == {"email": "caz.bellamy@example.co.uk", "phone": "+447700900582"}
    assert _PREFERENCE_SAID.search(text)
    assert not _PREFERENCE_SAID.search("her name is Halina. please use my details tho, she doesnt do email")


# privacy asked the way people ask it
def test_a_photo_asked_about_beside_who_reads_is_answered_too() -> None:
    text = ("I'd rather not answer medical questions on here if thats ok. who actually sees what I type? and if I "
            "sent a photo who would see that")
    assert {"photos_privacy", "who_reads"} <= set(understand(text).facts.asked)
    said = _said(text)
    assert "utter_photos_privacy" in said and "utter_who_reads" in said


def test_why_details_are_kept_so_long_is_answered_not_the_notice_again() -> None:
    said = _said("1 year?? why so long you keep it")
    assert said[0] == "utter_retention_why" and "utter_faq/privacy" not in said


def test_the_fear_that_others_find_out_is_heard() -> None:
    text = "my boss know people in brighton, I dont want nobody know about my psoriasis. who read this?"
    assert feeling_of(text) == "privacy" and _said(text)[0] == "utter_ack_privacy"


# dates and times as people say them
def test_a_month_this_year_puts_a_date_right_even_with_the_sorry_after_it() -> None:
    from datetime import date

    from bot.intake.passing import dates_corrected
    filled = {"health_consent": "yes", "treatment_ended": "2025-06-05", "concern": "areola"}
    text = ("no allergies we know of. oh wait mum says the radiotherapy finished in march this year, the year and a "
            "half ago was the chemo. sorry")
    assert dates_corrected(text, filled, date(2026, 12, 5)) == {"treatment_ended": "2026-03-05"}
    assert dates_corrected("no the radiotherapy finished march 2026 not june 2025. i told you twice", filled,
                           date(2026, 12, 5)) == {"treatment_ended": "2026-03-05"}


@pytest.mark.parametrize(("text", "age"), [("shes 61", 61), ("my mum is 61", 61), ("hes 70 this year", 70)])
def test_the_age_of_the_person_the_questions_are_about_answers_the_adult_question(text: str, age: int) -> None:
    from bot.intake.answers import adult
    from bot.understanding.age import child_age
    assert child_age(text) == age and adult(text) == "yes"


def test_after_half_five_is_half_past_five() -> None:
    from datetime import date, time

    from bot.booking.preference import read_preference
    wish = read_preference("thursday 17th after half 5 would be best, she works till 4", date(2026, 12, 5))
    assert wish is not None and wish.earliest == time(17, 30) and wish.on_day == date(2026, 12, 17)


def test_the_first_appointment_by_video_asks_no_opening_hours() -> None:
    from bot.understanding.facts import asks_hours
    assert not asks_hours("can the first appointment be a video call? I dont really want to sit in a waiting room yet")


def test_paying_upfront_and_the_price_of_their_treatment_are_both_answered() -> None:
    said = _said("Do I have to pay anything upfront? and roughly what does the scar one cost", "payment")
    assert "utter_payment_plain" in said and "utter_price_scar" in said


@pytest.mark.parametrize("text", [
    "and the scar price?? also no thanks to the health questions, rather talk in person",
    "no thanks to the questions, she'll tell marta herself",
])
def test_no_thanks_to_the_questions_turns_them_down(text: str) -> None:
    from bot.intake.answers import KEEP_HEALTH_OFFLINE
    assert KEEP_HEALTH_OFFLINE.search(text)


def test_a_call_asked_for_later_is_a_call_not_only_a_date() -> None:
    from bot.actions.offers import _CALL_ASKED
    assert _CALL_ASKED.search("can marta just ring me in january to sort a date? mornings after 10")
    assert not _CALL_ASKED.search("get in touch in january, same phone number")


def test_the_newest_patch_dates_how_long_vitiligo_has_been_stable() -> None:
    text = ("Hello, I live Croydon, vitiligo on my hands from 6 years, last new spot come 5 month ago. How much is "
            "cost and how many time I must come?")
    said = plan_reply(understand(text, [Part(text=text, intent="faq", confidence=0.95, topic="price",
                                             topic_confidence=0.9, topic_margin=0.8)]), Context()).responses
    assert ("utter_note_vitiligo_not_yet_stable", {"age": "5 months", "months": 12}) in said


def test_stretch_marks_from_my_son_are_her_own_case() -> None:
    from bot.understanding.age import about_someone_else
    assert not about_someone_else("I've got stretch marks on my tummy from my son (5 months, still feeding him)")
    assert about_someone_else("my son has a scar from a dog bite")


def test_a_sentence_put_as_a_question_without_its_mark_asks() -> None:
    text = ("I had a mastectomy last year, both sides, and the reconstruction is all finished now. my nurse said I "
            "could look into having nipples tattooed on. is that something you do")
    parts = [Part(text="is that something you do", intent="nlu_fallback", confidence=0.45, topic="stretch_marks",
                  topic_confidence=0.11, topic_margin=0.0)]
    u = understand(text, parts)
    assert u.asks and "utter_faq/areola" in plan_reply(u, Context()).said


# round 26's report first messages, read after judging
def test_a_misspelt_keloid_is_a_keloid_and_a_scar() -> None:
    from bot.understanding.facts import spelled_names
    text = spelled_names("surgeon said word for word 'dont let anyone needle that keliod'. its on my chest, op 3 yrs "
                         "ago. is he right or can you still do it?")
    facts = understand(text).facts
    assert (facts.concern, facts.keloid) == ("scar", True)


def test_a_burn_dated_without_ago_is_dated() -> None:
    facts = understand("Hello. I have burn on hand from cooking oil, 5 month. Is possible now?").facts
    assert (facts.months_ago, facts.burn) == (5.0, True)
    assert understand("my baby is 5 months, scar from c-section").facts.months_ago is None


def test_time_out_of_the_pool_is_the_aftercare_the_sources_do_not_set() -> None:
    assert "after_care_unknown" in understand("swim every morning. how long out of pool after head dots").facts.asked


def test_a_month_of_last_year_said_in_passing_is_that_month() -> None:
    from datetime import date

    from bot.intake.dates import date_in_passing
    assert date_in_passing("hes 20 months, born april last year", date(2026, 12, 5)) == date(2025, 4, 5)
    assert date_in_passing("in march this year", date(2026, 12, 5)) == date(2026, 3, 5)
    assert date_in_passing("last year", date(2026, 12, 5)) == date(2025, 12, 5)


@pytest.mark.parametrize(("text", "keloid"), [
    ("i dont get keloids", False), ("no history of keloids", False), ("dont let anyone needle that keloid", True),
])
def test_a_keloid_is_denied_only_close_to_the_word(text: str, keloid: bool) -> None:
    from bot.understanding.facts import health_mentions
    assert health_mentions(text).get("keloid_history") is keloid


@pytest.mark.parametrize(("text", "asked"), [
    ("ok but is MY booking down as video or not lol", True), ("is my appointment on video?", True),
    ("i want the wed 1pm one as a video call", False),
])
def test_how_the_booking_is_held_is_a_question_not_a_change(text: str, asked: bool) -> None:
    from bot.actions.respond import _FORMAT_ASKED
    assert bool(_FORMAT_ASKED.search(text)) is asked


@pytest.mark.parametrize(("text", "earliest", "latest"), [
    ("next week sometime then, lunchtime ideally", 12, 14),
    ("wait no 10 is no good i said lunchtime. whats there wed around 12-1", 12, 13),
    ("between 2 and 4pm on friday", 14, 16),
])
def test_lunchtime_and_a_span_of_hours_are_wishes(text: str, earliest: int, latest: int) -> None:
    from datetime import date, time

    from bot.booking.preference import read_preference
    wish = read_preference(text, date(2026, 12, 5))
    assert wish is not None and (wish.earliest, wish.latest) == (time(earliest), time(latest))


def test_whats_there_on_a_day_asks_for_its_times() -> None:
    from bot.understanding.facts import wants_time
    assert wants_time("wait no 10 is no good i said lunchtime. whats there wed around 12-1")
    assert not wants_time("is there parking around the studio")
