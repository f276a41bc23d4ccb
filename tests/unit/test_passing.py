"""Answers told before their question are kept: only clear ones, and never before consent."""
from __future__ import annotations

from bot.intake.passing import told_in_passing

CONSENTED = {"health_consent": "yes"}


def test_a_story_answers_several_questions() -> None:
    told = told_in_passing("it's the c-section scar, low on my tummy, and I'm not diabetic", CONSENTED)
    assert told == {"concern": "scar", "body_area": "abdomen", "scar_cause": "surgery", "diabetes": "no"}


def test_nothing_is_kept_before_consent() -> None:
    assert told_in_passing("my c-section scar, and I'm not diabetic", {}) == {}
    assert told_in_passing("my c-section scar", {"health_consent": "no"}) == {}


def test_known_answers_are_not_overwritten() -> None:
    filled = {**CONSENTED, "concern": "scar", "body_area": "leg", "scar_cause": "injury"}
    assert told_in_passing("the one on my arm from an operation", filled) == {}


def test_the_sun_reaction_is_a_skin_type_not_a_burn_scar() -> None:
    assert told_in_passing("I always burn, never tan", {**CONSENTED, "concern": "scar"}) == {"phototype": "I"}
    assert "concern" not in told_in_passing("I burn a bit at first then tan", CONSENTED)


def test_an_earlier_health_answer_said_differently_is_corrected_not_taken_for_the_pending_one() -> None:
    from bot.intake.passing import health_corrected
    filled = {"health_consent": "yes", "pregnant_or_breastfeeding": "no", "diabetes": "no"}
    assert health_corrected("actually I am pregnant", filled, "anticoagulants") == {"pregnant_or_breastfeeding": "yes"}
    assert health_corrected("no, not diabetic", filled, "anticoagulants") == {}            # the same answer again
    assert health_corrected("I'm not diabetic", filled, "diabetes") == {}                  # the pending question itself
    assert health_corrected("actually I am pregnant", {**filled, "health_consent": None}, "allergies") == {}
