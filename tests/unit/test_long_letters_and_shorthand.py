"""What round-12 writers found (long letters from older visitors, messaging-app shorthand): a person's own age
is not the scar's, a visit "a few weeks ago" dates no scar, the latest operation dates an areola, a relative's
fever is no infection of theirs, "not the Monday", "after six", the week after next, a sore that won't heal,
bleeding through plasters, "done breastfeeding", a 17-year-old sister, misspelt names before the classifiers,
"before I book…", a data-access letter, "where do I even start", a Spanish change of booking."""
from __future__ import annotations

from datetime import date, time

import pytest

from bot.booking.preference import read_preference
from bot.replies.plan import Context, plan_reply
from bot.replies.spanish import spanish_plan
from bot.understanding.facts import asked_topics, months_ago, spelled_names, treated_here, urgent_sign
from bot.understanding.model import Part, read_facts, understand
from bot.understanding.spanish import read_spanish

TODAY = date(2026, 12, 2)   # a Wednesday


def test_the_writers_age_is_not_the_scars() -> None:
    assert months_ago("I am 71 years old and when I was nine I was badly burned on my right forearm") is None
    assert months_ago("my scar is 3 years old") == 36


def test_a_visit_a_few_weeks_ago_dates_no_scar() -> None:
    assert months_ago("Hello, it's me again from a few weeks ago. Same as before please.") is None


def test_the_latest_operation_dates_the_areola() -> None:
    text = ("I had a mastectomy on the left two years ago, followed by radiotherapy which finished fourteen months "
            "ago. I then had a DIEP reconstruction, and the nipple was reconstructed about five months ago.")
    assert months_ago(text) == 5


@pytest.mark.parametrize("text,sign", [
    ("cut my hand on a broken glass at work, been bleeding thru 3 plasters for like an hour now", "bleeding"),
    ("he has a sore on the top of his head that keeps crusting over and bleeding since the summer", "sore"),
    ("hi need to cancel tmrw's consult, baby's got a temperature sorry!!", None),
    ("my scar is hot and swollen and i have got a temperature", "infection"),
])
def test_urgent_signs(text: str, sign: str | None) -> None:
    assert urgent_sign(text) == sign


def test_a_relatives_fever_is_heard_before_the_cancellation() -> None:
    u = understand("hi need to cancel tmrw's consult, baby's got a temperature sorry!!", [])
    assert (u.facts.urgent, u.tone, u.feeling, u.facts.booking_held) == (None, "distress", "family_unwell", "cancel")
    assert u.requests[:1] == ["cancel_booking"]


def test_done_breastfeeding_is_no_breastfeeding() -> None:
    assert read_facts("im FINALLY done breastfeeding, tummy has loads of stretch marks").breastfeeding is None
    assert read_facts("im still breastfeeding my son").breastfeeding is True


def test_a_sister_of_seventeen_is_under_age() -> None:
    facts = read_facts("my sister is 17 and has a burn scar on her neck. could i book her in?")
    assert facts.minor is True
    assert read_facts("my sister is 17 weeks pregnant").minor is False


@pytest.mark.parametrize("text,fixed", [("Ariola", "areola"), ("strechmarks treatment?", "stretch marks treatment?"),
                                        ("im on war farm", "im on warfarin"),
                                        ("could you tattoo hair follicles", "could you tattoo hair follicles")])
def test_misspelt_names_are_corrected_for_the_classifiers(text: str, fixed: str) -> None:
    assert spelled_names(text) == fixed


@pytest.mark.parametrize("text,topic", [
    ("had scalp done with u 2023. due a top up?", "touch_ups"),
    ("Where do I even start?", "how_to_start"),
    ("I should like to know whether the result is permanent", "permanence"),
    ("Before I book anything I should like to know what your policy is if I have to cancel on the day.",
     "cancellation"),
    ("My GP asked me whether your practitioner is medically qualified.", "practitioner"),
    ("he doesnt do whatsapp, can he just ring u? what times", "contact"),
    ("he doesnt do whatsapp, can he just ring u? what times", "hours"),
    ("I should be grateful if you would send me a copy of all the personal data you hold about me.", "data_copy"),
    ("What's the difference between you and the permanent make-up salon in town?", "vs_cosmetic"),
])
def test_round_twelve_topics(text: str, topic: str) -> None:
    assert topic in asked_topics(text)


def test_notes_from_an_online_chat_ask_for_no_video() -> None:
    assert "remote_assessment" not in asked_topics("could you send me any notes made during our online chat?")


def test_a_comparison_with_a_salon_asks_for_no_make_up() -> None:
    u = understand("What's the difference between you and the permanent make-up salon in town? They said they could "
                   "do my scar for less.", [])
    assert u.facts.other_service is None


def test_before_i_book_is_no_booking() -> None:
    part = Part(text="Before I book anything I should like to know your policy", intent="book_consultation",
                confidence=0.9)
    assert "book_consultation" not in understand(part.text, [part]).requests


def test_a_first_session_here_is_treated_here() -> None:
    assert treated_here("I came for my first session on my stretch marks about three weeks ago and they look darker")


def test_where_do_i_start_is_not_the_address() -> None:
    u = understand("I finally feel ready to think about my body again. Where do I even start?",
                   [Part(text="Where do I even start?", intent="faq", confidence=0.9, topic="location",
                         topic_confidence=0.6)])
    said = [r for r, _ in plan_reply(u, Context()).responses]
    assert "utter_how_to_start" in said and "utter_faq/location" not in said


def test_a_data_copy_is_explained_and_a_person_offered() -> None:
    u = understand("Dear studio, I should be grateful if you would send me a copy of all the personal data you hold "
                   "about me.", [])
    plan = plan_reply(u, Context())
    assert "utter_data_copy" in [r for r, _ in plan.responses] and plan.offer == "person"


@pytest.mark.parametrize("text,weekdays,earliest,latest,from_day", [
    ("a morning the week after next? Not the Monday, I have physio.", {1, 2, 3, 4, 5}, None, time(12),
     date(2026, 12, 14)),
    ("it would need to be a Thursday evening after six", {3}, time(18), None, None),
    ("before eleven on a weekday", {0, 1, 2, 3, 4}, None, time(11), None),
])
def test_time_wishes_in_words(text: str, weekdays: set[int], earliest: time | None, latest: time | None,
                              from_day: date | None) -> None:
    wish = read_preference(text, TODAY)
    assert (set(wish.weekdays), wish.earliest, wish.latest, wish.from_day) == (weekdays, earliest, latest, from_day)
    assert wish.on_day is None


def test_a_spanish_change_of_booking_books_nothing_new() -> None:
    reading = read_spanish("tengo cita con ustedes este jueves a las 5 pero me ha surgido una cita médica. "
                           "¿Se podría cambiar al sábado por la mañana?")
    assert [r for r, _ in spanish_plan(reading, 12)] == ["utter_es_change"]
