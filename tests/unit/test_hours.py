from datetime import datetime, timezone

from bot.hours import contact_expectation, next_opening
from bot.settings import load_settings

SETTINGS = load_settings()     # Europe/London; Mon–Wed 10–18, Thu 10–20, Fri 10–17, Sat 10–14, Sun closed


def test_open_now_says_until_when() -> None:
    wednesday_noon = datetime(2026, 11, 25, 12, 0, tzinfo=timezone.utc)
    is_open, closes, _ = next_opening(SETTINGS, wednesday_noon)
    assert is_open and f"{closes:%H:%M}" == "18:00"
    assert "open now (until 18:00)" in contact_expectation(SETTINGS, wednesday_noon)


def test_closed_on_saturday_evening_points_to_monday() -> None:
    saturday_evening = datetime(2026, 11, 28, 19, 0, tzinfo=timezone.utc)
    assert "on Monday after 10:00" in contact_expectation(SETTINGS, saturday_evening)


def test_early_morning_means_later_today() -> None:
    thursday_early = datetime(2026, 11, 26, 7, 30, tzinfo=timezone.utc)
    assert "later today after 10:00" in contact_expectation(SETTINGS, thursday_early)


def test_after_closing_means_tomorrow() -> None:
    tuesday_night = datetime(2026, 11, 24, 21, 0, tzinfo=timezone.utc)
    assert "tomorrow after 10:00" in contact_expectation(SETTINGS, tuesday_night)
