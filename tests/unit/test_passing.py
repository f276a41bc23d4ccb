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
