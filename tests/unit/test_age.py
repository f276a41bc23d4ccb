"""Ages are read in one place: a minor is never booked or screened as an adult, a story's numbers are no age."""
from __future__ import annotations

from typing import Optional

import pytest

from bot.intake.answers import adult
from bot.understanding.age import child_age, minor_in_conversation, own_age, says_minor


@pytest.mark.parametrize("text, minor", [
    ("I'm 17", True),
    ("im 16 years old lol", True),
    ("am 17 and want smp", True),
    ("I'm under 18", True),
    ("my daughter is 15 and has a burn scar", True),
    ("my son, who is 14, has a scar on his knee", True),
    ("Yes, I have 39 years", False),            # a common non-native phrasing
    ("34 years old", False),
    ("I'm not 17, I'm 34", False),
    ("I had it done when i was 16, now im 30", False),
    ("my scar is 17 years old", None),
    ("I'm 20 weeks pregnant", None),
    ("i'm 5'9", None),
    ("can I come at 16:30?", None),
    ("my baby is 6 months old", None),
    ("my daughter is 22 and has a scar", None),
])
def test_says_minor_reads_only_clear_statements(text: str, minor: Optional[bool]) -> None:
    assert says_minor(text) is minor


def test_the_studio_minimum_age_decides() -> None:
    assert says_minor("I'm 19", minimum_age=21) is True
    assert adult("19", minimum_age=21) == "no"


def test_a_childs_age_is_not_the_writers() -> None:
    assert child_age("my daughter is 15") == 15
    assert own_age("my daughter is 15") is None


@pytest.mark.parametrize("text, answer", [
    ("Yes, I have 39 years", "yes"), ("16", "no"), ("yes", "yes"), ("over 18", "yes"), ("nope", "no"),
    ("no blood thinners, not pregnant", None),
])
def test_the_intake_age_question(text: str, answer: Optional[str]) -> None:
    assert adult(text) == answer


def test_the_latest_word_on_age_wins_in_a_conversation() -> None:
    events = [{"event": "user", "text": "I'm 17"}, {"event": "user", "text": "sorry, I meant 27"}]
    assert minor_in_conversation(events) is False
    assert minor_in_conversation(events[:1]) is True
