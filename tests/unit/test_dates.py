from datetime import date

import pytest

from bot.intake.dates import add_months, date_in_passing, months_between, parse_past_date

TODAY = date(2026, 11, 25)


@pytest.mark.parametrize("text,expected", [
    ("8 months", date(2026, 3, 25)),
    ("8 months ago", date(2026, 3, 25)),
    ("two years ago", date(2024, 11, 25)),
    ("since March 2024", date(2024, 3, 25)),
    ("March 2024", date(2024, 3, 25)),
    ("last summer", date(2026, 7, 1)),         # in November: the summer just gone
    ("it came last spring, april time", date(2026, 4, 1)),
    ("summer 2023", date(2023, 7, 1)),
    ("about a year and a half ago", date(2025, 5, 25)),
    ("a few months ago", date(2026, 8, 25)),
    ("about 3 yrs ago", date(2023, 11, 25)),
    ("the surgery was in March 2024", date(2024, 3, 25)),
    ("15/03/2025", date(2025, 3, 15)),
])
def test_understands_how_people_say_when(text: str, expected: date) -> None:
    assert parse_past_date(text, TODAY) == expected


@pytest.mark.parametrize("text", ["tomorrow", "next year", "banana", "I don't know", "", "🙂"])
def test_no_date_or_a_future_one_is_refused(text: str) -> None:
    assert parse_past_date(text, TODAY) is None


def test_last_season_said_during_that_season_is_the_year_before() -> None:
    assert parse_past_date("last summer", date(2026, 8, 10)) == date(2025, 7, 1)
    assert parse_past_date("this summer", date(2026, 8, 10)) == date(2026, 7, 1)


def test_month_arithmetic() -> None:
    assert months_between(date(2026, 3, 25), TODAY) == 8
    assert months_between(date(2026, 3, 26), TODAY) == 7
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 3, 25), 12) == date(2027, 3, 25)


@pytest.mark.parametrize("text,expected", [
    ("it's about 17 months old now", date(2025, 7, 1)), ("from a c-section in March 2024", date(2024, 3, 1)),
    ("like 12 years", date(2014, 12, 1)),
    # an age, or a time still to come, is not when it happened
    ("I'm 34 years old", None), ("can u remind me in like 6 months?", None), ("on my left knee", None),
])
def test_a_date_told_in_passing(text: str, expected: date | None) -> None:
    assert date_in_passing(text, date(2026, 12, 1)) == expected
