"""Patterns found by the round-20 blind players and judges (session of 2026-12-04, evening)."""
from __future__ import annotations

from datetime import date

import pytest

from bot.understanding.facts import follow_up_in


def _months_until(month: int) -> float:
    return float((month - date.today().month) % 12 or 12)


@pytest.mark.parametrize("text,month", [
    ("yeah ok message me next october", 10),
    ("contact me at the end of February", 2),
    ("yes please, text me in May", 5),
    ("get in touch early march", 3),
])
def test_a_month_named_for_a_later_contact_is_counted_from_now(text: str, month: int) -> None:
    assert follow_up_in(text) == _months_until(month)


def test_maybe_is_not_may() -> None:
    assert follow_up_in("message me in maybe 3 months") == 3


# --- what a message means ---------------------------------------------------------------------------------------

from bot.handoff.context import updated_time  # noqa: E402
from bot.nlp.readable import explicit_request  # noqa: E402
from bot.replies.plan import Context, plan_reply  # noqa: E402
from bot.understanding.model import Part, understand  # noqa: E402


@pytest.mark.parametrize("text", [
    "Back again. They're seeing me at the clinic this afternoon. Can we finish the questions?",
    "Yes - I'd like to finish the health questions please, where we left off.",
    "ok lets carry on",
    "can we pick up where we left off",
])
def test_coming_back_to_paused_questions_asks_for_them(text: str) -> None:
    assert explicit_request(text) == "check_suitability"


@pytest.mark.parametrize("text", ["can we stop the questions here", "leave the rest for now"])
def test_stopping_the_questions_is_still_stopping(text: str) -> None:
    assert explicit_request(text) == "stop"


def test_a_question_with_stop_in_it_is_a_question() -> None:
    assert explicit_request("would it stop it spreading tho??") is None
    assert understand("would it stop it spreading tho??").asks


def test_too_many_questions_is_frustration() -> None:
    assert understand("too many questions mate").tone == "frustration"


def test_so_basically_not_yet_asks_for_their_result_again() -> None:
    assert "own_outcome" in understand("so basically not yet 😩").facts.asked


@pytest.mark.parametrize("text", ["lol ok. so what do i do now", "what's the next step?", "how do i get started"])
def test_what_do_i_do_now_is_answered_with_the_first_step(text: str) -> None:
    assert "how_to_start" in understand(text).facts.asked


def test_a_call_day_said_again_keeps_the_hours_given_before() -> None:
    before = "el miércoles entre las 4 y las 5 de la tarde"
    assert updated_time(before, "No hace falta, ya me van a llamar el miércoles. Solo queria saber lo del gimnasio") \
        is None
    assert updated_time("tuesday between 1 and 2", "actually thursday") == "thursday"


def test_a_spanish_question_nothing_answers_after_a_call_request_stays_in_spanish() -> None:
    text = "Otra cosa: después del tratamiento, ¿cuánto tiempo hay que estar sin ir al gimnasio o a la piscina?"
    said = plan_reply(understand(text), Context(languages=("English", "Spanish"), request_time="miércoles 16-17")).said
    assert said == ["utter_es_unknown_call"]


# --- call times ---------------------------------------------------------------------------------------------------

from bot.handoff.context import contact_time  # noqa: E402
from bot.hours import before_opening_note  # noqa: E402
from bot.settings import load_settings  # noqa: E402


@pytest.mark.parametrize("text,expected", [
    ("hi there sorry for the hour im just off nights in the icu. could she ring me", None),
    ("oh no not nights I'm at work then any morning after 8 sure I'm home by half 7 and asleep by 11",
     "morning after 8"),
    ("ah right so tuesday at 10 then I'm off that night so I'll be up", "tuesday at 10"),
])
def test_shifts_and_their_own_day_are_no_time_to_call(text: str, expected: str | None) -> None:
    assert contact_time(text) == expected


def test_a_morning_call_before_opening_is_never_promised() -> None:
    settings = load_settings()
    assert "10:00" in before_opening_note(settings, "any morning after 8")
    assert before_opening_note(settings, "weekday evenings after 6") == ""
    assert before_opening_note(settings, "tuesday at 10") == ""


# --- dates that are not visits, questions about skin nobody can answer here ------------------------------------

from bot.understanding.facts import wants_time  # noqa: E402


def test_a_wedding_date_is_no_booking_request() -> None:
    assert not wants_time("getting married 19th june next year 💍 and ive got a c section scar. can you make it less "
                          "obvious before then?")
    assert wants_time("my wedding is in june, can I book for tuesday at 2?")
    assert wants_time("can i come in saturday at 11")


@pytest.mark.parametrize("text", [
    "Will the grafted bit take the colour the same as the normal skin? It's shinier.",
    "Radiotherapy finished on the 20th of February, no chemo. Does the radiotherapy change how the colour takes?",
])
def test_how_treated_skin_takes_colour_is_not_answered_from_a_leaflet(text: str) -> None:
    assert "unknown_skin" in understand(text).facts.asked


def test_a_graft_named_in_a_story_asks_nothing() -> None:
    assert "unknown_skin" not in understand("burn scars on both forearms, grafts on the left. how much?").facts.asked


@pytest.mark.parametrize("text", ["would it stop it spreading tho??", "does it cure vitiligo?"])
def test_asking_whether_it_stops_the_condition_gets_a_plain_no(text: str) -> None:
    assert "utter_treats_condition" in plan_reply(understand(text), Context(concern="vitiligo")).said


def test_a_statement_that_it_stopped_spreading_asks_nothing() -> None:
    assert "treats_condition" not in understand("the patch stopped spreading last year").facts.asked


def test_hair_growing_back_through_the_dots_is_not_answered_with_no_hair_growth() -> None:
    text = "if the hair grows back in the patch (it does sometimes) will the dots look weird with hair over them"
    said = plan_reply(understand(text), Context(concern="scalp")).said
    assert "utter_unknown_skin" in said and "utter_brief_hair_growth" not in said


def test_ok_and_a_question_with_nothing_offered_is_just_answered() -> None:
    text = "ok but what are your opening hours"
    plan = plan_reply(understand(text, [Part(text, "faq", 0.9, "hours", 0.9)]), Context(offer_pending=None))
    assert plan.followup is None and "utter_faq/hours" in plan.said


def test_an_area_said_exactly_then_plainly_is_kept_once() -> None:
    from bot.intake.passing import area_words
    assert area_words("burn scars on both forearms, grafts on the left. what would it cost for both arms?") == \
        "both forearms"
    assert area_words("left forearm and back of hand") == "left forearm and back of hand"


def test_a_year_said_alone_is_not_given_a_month() -> None:
    from bot.intake.dates import parse_past_date
    assert parse_past_date("a job in 2023, grafts on the left", date(2026, 12, 4)) == date(2023, 7, 1)
    assert parse_past_date("It was August 2023, not December.", date(2026, 12, 4)).month == 8


@pytest.mark.parametrize("text", [
    "derm has me on steroid injections in the patches every 6 weeks, do i have to come off them first?",
    "i mean the steroid jabs i get for the alopeica, would i need to stop them before having smp done",
    "should i stop taking my apixaban?",
])
def test_whether_to_stop_a_medicine_is_never_advised(text: str) -> None:
    assert "utter_stop_medicine" in plan_reply(understand(text), Context()).said


def test_stopping_self_tan_is_no_medicine_question() -> None:
    assert "stop_medicine" not in understand("do i need to stop using self tan before?").facts.asked


def test_undressing_on_a_video_call_is_said_to_be_unknown_here() -> None:
    said = plan_reply(understand("do i have to take my shirt off on the video call? ngl not keen."), Context()).responses
    assert {"subject": "undressing on a video consultation"} in [v for r, v in said if "unknown_practical_about" in r]
    assert "unknown_practical" not in understand("do i have to get undressed at the consultation, im shy").facts.asked


def test_a_wrecked_confidence_is_heard() -> None:
    assert understand("tbh its wrecking my confidence, im on client video calls all day").tone == "distress"


def test_a_grudging_yes_is_a_yes() -> None:
    from bot.intake.answers import YES, yes_no_unsure
    assert yes_no_unsure("ugh whatever yes") == YES


def test_a_treatments_explainer_is_not_repeated_beside_other_answers() -> None:
    text = "what about the price for both sides?"
    understood = understand(text, [Part(text, "faq", 0.9, "areola", 0.9)])
    first = plan_reply(understood, Context(concern="areola")).said
    again = plan_reply(understood, Context(concern="areola", said_before=frozenset(first))).said
    assert "utter_brief_areola" in first and "utter_brief_areola" not in again
    assert "utter_price_areola_both" in again


def test_a_treatment_asked_about_again_by_name_is_answered_again() -> None:
    text = "sorry, how does the scar camouflage work again?"
    said = plan_reply(understand(text, [Part(text, "faq", 0.9, "scars", 0.9)]),
                      Context(concern="scar", said_before=frozenset({"utter_faq/scars"}))).said
    assert "utter_faq/scars" in said


@pytest.mark.parametrize("text", ["Sí vale, por favor", "si por favor", "vale, gracias"])
def test_a_spanish_yes_is_no_reason_for_a_call(text: str) -> None:
    from bot.actions.handoff import _NO_REASON
    assert _NO_REASON.match(text)
    assert not _NO_REASON.match("Prefiero que me llame Marta para hablar de la cicatriz del trasplante")


@pytest.mark.parametrize("text,name", [("Hello. Ewa Kowalczyk, . Thank you", "Ewa Kowalczyk"), ("Regards, Des", None),
                                       ("Good evening. Margaret Doyle", "Margaret Doyle")])
def test_a_name_between_a_greeting_and_thanks_is_the_name(text: str, name: str | None) -> None:
    from bot.intake.answers import first_name
    assert first_name(text) == name
