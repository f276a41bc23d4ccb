"""What round-19 writers found, and round-18's tune failures left open: "how soon / before christmas?" answered with
the date their own dates allow, darker skin and raised scars heard as facts, a booking asked beside a treatment
only named gets no leaflet, "forever or keep coming back?" answered once, Spanish written with English words,
whether the treatment itself can be remote, and a daughter who asks why is no one the writer writes for."""
from __future__ import annotations

from datetime import date

import pytest

from bot.replies.plan import Context, plan_reply
from bot.understanding import Part, understand
from bot.understanding.facts import age_in_months, asked_topics, darker_skin, practical_subjects
from bot.understanding.model import read_facts
from bot.understanding.spanish import read_spanish

FRIDAY = date(2026, 12, 4)


def said(text: str, *parts: Part, **context: object) -> list[str]:
    ctx = Context(today_date=FRIDAY, **context)  # type: ignore[arg-type]
    return [r for r, _ in plan_reply(understand(text, list(parts) or [Part(text)]), ctx).responses]


def values_of(text: str, response: str, *parts: Part) -> dict[str, object]:
    plan = plan_reply(understand(text, list(parts) or [Part(text)]), Context(today_date=FRIDAY))
    return next(v for r, v in plan.responses if r == response)


def test_before_christmas_after_roaccutane_gets_the_month_it_allows() -> None:
    text = "36, finished roaccutane in august for bad acne. any chance of getting the chin one done before christmas?"
    replies = said(text)
    assert "utter_note_isotretinoin" in replies
    assert replies.index("utter_note_earliest") > replies.index("utter_note_isotretinoin")
    assert values_of(text, "utter_note_earliest")["when"] == "August 2027"


def test_how_soon_with_a_young_scar_counts_from_its_date() -> None:
    text = "my knee scar is 8 months old and still a bit pink, how soon could you do it?"
    assert values_of(text, "utter_note_earliest")["when"] == "April 2027"


def test_no_date_is_given_when_nobody_asked_when() -> None:
    assert "utter_note_earliest" not in said("my knee scar is 8 months old and still a bit pink, how much is it?")


def test_a_reconstruction_at_the_end_of_a_month_is_dated_from_its_end() -> None:
    assert age_in_months("at the end of september this year", FRIDAY) == 2


def test_radiotherapy_long_past_leaves_the_areola_timing_to_the_reconstruction() -> None:
    text = ("double mastectomy, radiotherapy which finished in august last year. my surgeon did the nipple "
            "reconstruction 2 months ago. when would I be able to have the areolas done?")
    replies = said(text, Part(text, "faq", 0.9, "areola", 0.9, 0.5))
    assert "utter_note_young_areola" in replies and "utter_note_radiotherapy" not in replies
    assert values_of(text, "utter_note_earliest", Part(text, "faq", 0.9, "areola", 0.9, 0.5))["when"] == "January 2027"


def test_asking_whether_old_radiotherapy_matters_is_answered() -> None:
    text = "bald on top, scar on my head, radiotherapy finished about 14 months ago. does the radiotherapy matter?"
    assert "utter_note_radiotherapy_past" in said(text)


@pytest.mark.parametrize("text", ["I'm Black and I keloid really easily", "I'm 65, Black Caribbean.",
                                  "my skin is olive and I take sun very easy", "I'm South Asian, quite dark",
                                  "she has quite dark skin"])
def test_darker_skin_is_a_fact(text: str) -> None:
    assert darker_skin(text)


@pytest.mark.parametrize("text", ["black marks on my arm", "I'm black and white stripes lol", "dark spots on my face"])
def test_dark_things_that_are_not_skin_are_no_such_fact(text: str) -> None:
    assert not darker_skin(text)


def test_darker_skin_adds_the_darkening_check_when_no_colour_answer_says_it() -> None:
    text = "I'm Black and I keloid really easily. Is this actually safe for someone like me?"
    replies = said(text)
    assert "utter_note_keloid" in replies and "utter_note_darker_skin" in replies


def test_darker_skin_is_not_said_twice_beside_the_colour_answer() -> None:
    text = "I'm Black, will the colour match my skin?"
    replies = said(text, Part(text, "faq", 0.9, "colour_matching", 0.9, 0.6))
    assert "utter_note_darker_skin" not in replies


@pytest.mark.parametrize("text", ["a few on the left are thicker and stand up a bit. can the raised ones be done?",
                                  "the scar sticks up a bit"])
def test_raised_scars_are_flagged_like_keloids(text: str) -> None:
    assert read_facts(text).keloid


def test_a_daughter_who_asks_why_is_no_one_written_for() -> None:
    text = "I have old self harm scars on both forearms. my daughter has started asking why."
    assert not read_facts(text).for_someone_else


def test_a_booking_beside_a_treatment_only_named_gets_no_leaflet() -> None:
    text = "thursday after work for the free consult?? like 7ish. scar on my arm"
    parts = [Part("thursday after work for the free consult?? like 7ish.", "nlu_fallback", 1.0, "consultation", 0.36,
                  0.17), Part("scar on my arm", "faq", 0.6, "scars", 0.9, 0.9)]
    plan = plan_reply(understand(text, parts), Context(today_date=FRIDAY))
    assert plan.followup == "action_start_booking"
    assert not [r for r in plan.said if "scar" in r]


def test_a_question_of_their_own_beside_a_booking_keeps_its_answer() -> None:
    text = "scar on my cheek. is it possible on the face? can I come Saturday at 11?"
    parts = [Part("scar on my cheek.", "faq", 0.9, "scars", 0.9, 0.9),
             Part("is it possible on the face?", "faq", 0.9, "scars", 0.9, 0.9),
             Part("can I come Saturday at 11?", "book_consultation", 0.9)]
    plan = plan_reply(understand(text, parts), Context(today_date=FRIDAY))
    assert any("scar" in r for r in plan.said)


def test_forever_or_keep_coming_back_is_one_answer() -> None:
    text = "how long does it actually last like is it forever or do I have to keep coming back"
    replies = said(text, Part(text, "faq", 0.9, "permanence", 0.9, 0.5),
                   Part("do I have to keep coming back", "faq", 0.9, "touch_ups", 0.9, 0.5))
    assert "utter_faq/permanence" in replies or "utter_brief_permanence" in replies
    assert not [r for r in replies if "touch_ups" in r]


@pytest.mark.parametrize("text,topic", [
    ("And would I have to come down for the actual treatment?", "treatment_in_studio"),
    ("can the sessions be done by video too?", "treatment_in_studio"),
    ("how long is each one cos i work shifts", "session_length"),
    ("can you match it to a tan that changes from summer to winter?", "colour_matching"),
])
def test_questions_named_in_plain_words(text: str, topic: str) -> None:
    assert topic in asked_topics(text)


def test_a_voucher_for_christmas_is_no_question_about_christmas_opening() -> None:
    assert practical_subjects("can I buy a gift voucher for christmas?") == ["gift vouchers"]
    assert "holiday opening times" in practical_subjects("are you open over christmas?")


def test_spanish_written_with_english_words_is_read_in_the_order_asked() -> None:
    reading = read_spanish("tengo stretch marks en los muslos, ya estan blancas. how much es?? y tienen citas los "
                           "sabados?")
    assert reading.concern == "stretch_marks"
    assert reading.topics[0] == "price" and "hours" in reading.topics


def test_the_own_case_asked_first_is_answered_first() -> None:
    text = ("I'm a type 2 diabetic on insulin, scar 6 years old. does the diabetes stop me having this done and how "
            "long does it take to heal afterwards")
    replies = said(text)
    assert replies.index("utter_note_diabetes") < replies.index("utter_after_care_unknown")


def test_the_days_they_work_are_no_part_of_the_time_named() -> None:
    from bot.booking.when import read_exact
    exact = read_exact("I work Monday to Friday until 17:00, so can I come on Saturday at 11?", FRIDAY)
    assert exact.day == date(2026, 12, 5) and exact.at is not None and exact.at.hour == 11


@pytest.mark.parametrize("text,asked", [
    ("my mate said you can tattoo over scars but the ink blows out or spreads is that true", True),
    ("does the pigment blur over time?", True),
    ("my vitiligo is spreading, can you still do it?", False),
    ("is there any bleeding during a session?", False),
])
def test_ink_that_spreads_is_its_own_question(text: str, asked: bool) -> None:
    assert ("spread" in asked_topics(text)) is asked


def test_the_spreading_worry_is_answered_not_left() -> None:
    text = "my mate said the ink blows out or spreads on scars, is that true? how many sessions does it take?"
    assert "utter_spread" in said(text)


def test_work_close_to_the_eyes_is_named_as_a_detail_for_marta() -> None:
    text = "I have vitiligo around my eyes. Is possible to make around the eyes? Is dangerous for eyes?"
    assert practical_subjects(text) == ["work close to the eyes"]
    assert "unknown_practical" in asked_topics(text)


def test_too_early_asked_first_in_a_dictated_message_is_answered_first() -> None:
    story = ("hey so i did my acl last march and had the op in april so the scar on my knee is like 8 months old now "
             "its still a bit pink is that too early and")
    text = f"{story} how much is it roughly and are you open weekends"
    replies = said(text, Part(story, "share_situation", 0.9, "healing_wait", 0.75, 0.5),
                   Part("how much is it roughly", "faq", 0.97, "price", 0.97, 0.9),
                   Part("and are you open weekends", "faq", 0.97, "hours", 0.97, 0.9))
    assert replies.index("utter_note_young_scar") < replies.index("utter_price_scar")


def test_too_old_is_the_age_question_answered_where_it_was_asked() -> None:
    text = ("my dad is 79 and had a triple bypass 2 yrs ago, the scar bothers him. is he too old for this and he "
            "takes warfarin? does that stop it?")
    replies = said(text, Part("my dad is 79 and had a triple bypass 2 yrs ago, the scar bothers him.", "faq", 0.4,
                              "scars", 0.4, 0.3),
                   Part("is he too old for this and he takes warfarin?", "nlu_fallback", 0.4, "contraindications", 0.37,
                        0.1),
                   Part("does that stop it?", "nlu_fallback", 0.4, "practitioner", 0.12, 0.05))
    assert replies.index("utter_no_upper_age") < replies.index("utter_note_blood_thinners_other")


def test_someone_elses_earlier_work_is_answered_once() -> None:
    text = ("had smp done at another place, it went bluey and patchy. is it even possible to fix someone elses mess "
            "or am i stuck with it?")
    replies = said(text)
    assert "utter_other_studio_work" in replies and "utter_if_wrong" not in replies


@pytest.mark.parametrize("text,when", [
    ("Actually sorry, could it be 12.30 on Wednesday instead? I'll be at hers on my lunch", "12.30 on Wednesday"),
    ("Just to be clear, 12.30 exactly on Wednesday please, not before", "12.30 on Wednesday"),
    ("Thursday after 6:30 please", "Thursday after 6:30"),
    ("tuesday lunchtime", "tuesday lunchtime"),
    ("it cost me £12.50 last time", None),
])
def test_an_exact_time_for_the_call_is_kept_as_said(text: str, when: str | None) -> None:
    from bot.handoff.context import contact_time
    assert contact_time(text) == when


@pytest.mark.parametrize("text,name", [
    ("I'm Deepak, her son. The call is for her though, Kamala Mistry", "Kamala Mistry"),
    ("ask for Anna", "Anna"), ("it's Anna Maria", "Anna Maria"), ("Deepak", "Deepak"),
])
def test_the_call_is_for_the_person_named(text: str, name: str) -> None:
    from bot.handoff.context import name_answer
    assert name_answer(text) == name


@pytest.mark.parametrize("text", ["its free yeh?", "it's free right?", "and that's free?"])
def test_is_it_free_after_booking_asks_about_the_consultation(text: str) -> None:
    assert "consultation" in asked_topics(text)
