"""Reading when a visitor would like to come, and filtering times by it."""
from __future__ import annotations

from datetime import date, datetime

import pytest

from bot.booking.preference import read_preference

TODAY = date(2026, 12, 1)      # a Tuesday


@pytest.mark.parametrize("text,said", [
    ("can I book a consultation for next tuesday afternoon", "Tuesday afternoons"),
    ("something on a saturday morning if you have it", "Saturday mornings"),
    ("anything after 2pm works", "from 14:00"), ("after 2 please", "from 14:00"),
    ("tuesday or wednesday evening if you open late", "Tuesday or Wednesday evenings"),
    ("any weekday morning", "weekday mornings"), ("like october?", "from October"),
    ("fri", "Friday"), ("next week", "next week"),
])
def test_wishes_are_read_and_said_back(text: str, said: str) -> None:
    wish = read_preference(text, TODAY)
    assert wish and wish.describe() == said


@pytest.mark.parametrize("text", ["I want to book", "the first one is fine", "book me in whenever", "yes"])
def test_no_wish_when_no_day_or_time_is_named(text: str) -> None:
    assert not read_preference(text, TODAY)


def test_wish_matches_only_fitting_times() -> None:
    wish = read_preference("tuesday afternoon", TODAY)
    assert wish.matches(datetime(2026, 12, 8, 14, 0))        # Tuesday 14:00
    assert not wish.matches(datetime(2026, 12, 8, 10, 0))    # Tuesday morning
    assert not wish.matches(datetime(2026, 12, 9, 14, 0))    # Wednesday
    later = read_preference("next week after 3pm", TODAY)
    assert not later.matches(datetime(2026, 12, 4, 16, 0)) and later.matches(datetime(2026, 12, 7, 16, 0))
    assert not later.matches(datetime(2026, 12, 7, 10, 0))
