"""Reading the visitor's choice of time, and how times are named."""
from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from bot.booking.base import iso_utc, parse_iso
from bot.booking.config import zone_label
from bot.booking.text import long_label, none_suit, pick_offered, short_label, wants_later

LONDON = ZoneInfo("Europe/London")
OFFERED = [datetime(2026, 12, 1, 12, 15, tzinfo=timezone.utc), datetime(2026, 12, 1, 13, 0, tzinfo=timezone.utc),
           datetime(2026, 12, 2, 10, 0, tzinfo=timezone.utc), datetime(2026, 12, 2, 14, 30, tzinfo=timezone.utc),
           datetime(2026, 12, 3, 10, 0, tzinfo=timezone.utc)]


def test_labels_and_time_zone_are_stated_clearly() -> None:
    assert short_label(OFFERED[2], LONDON) == "Wed 2 Dec, 10:00"
    assert long_label(OFFERED[2], LONDON) == "Wednesday 2 December 2026 at 10:00"
    summer = datetime(2027, 6, 1, 9, 0, tzinfo=timezone.utc)
    assert short_label(summer, LONDON) == "Tue 1 Jun, 10:00"          # BST: UTC+1
    assert zone_label("Europe/London") == "UK time (Europe/London)"
    assert zone_label("America/Argentina/Buenos_Aires") == "Buenos Aires time (America/Argentina/Buenos_Aires)"


@pytest.mark.parametrize("typed,index", [
    ("1", 0), ("2", 1), (" 3 ", 2), ("5.", 4), ("#4", 3), ("option 2", 1),
    ("Wed 2 Dec, 10:00", 2), ("wed 2 dec 10:00", 2), ("the second one", 1), ("last one", 4),
    ("Thursday at 10am", 4), ("2:30 pm", 3), ("14:30", 3), ("tuesday 1pm", 1), ("12.15", 0),
    ("2026-12-03T10:00:00Z", 4),
])
def test_choice_by_number_button_or_description(typed: str, index: int) -> None:
    assert pick_offered(typed, OFFERED, LONDON) == index


@pytest.mark.parametrize("typed", ["6", "0", "10:00", "wednesday", "hello", "", "later please",
                                   "<b>1</b><script>", "🙂🙂"])
def test_unclear_choices_are_not_guessed(typed: str) -> None:
    assert pick_offered(typed, OFFERED, LONDON) is None


def test_later_and_none_suit_phrases() -> None:
    assert wants_later("Later times") and wants_later("do you have anything next week?")
    assert none_suit("None of these suit me") and none_suit("those don't work for me")
    assert not wants_later("2") and not none_suit("Wed 2 Dec, 10:00")


def test_iso_round_trip() -> None:
    assert iso_utc(OFFERED[0]) == "2026-12-01T12:15:00Z"
    assert parse_iso("2026-12-01T12:15:00.000+00:00") == OFFERED[0]
    assert parse_iso("2026-12-01T13:15:00+01:00") == OFFERED[0]


def test_a_wish_outside_the_opening_hours_is_told_why() -> None:
    from datetime import time

    from bot.actions.booking_flow import outside_hours
    from bot.booking.preference import TimePreference

    hours = {"monday": "10:00–18:00", "thursday": "10:00–20:00", "sunday": ""}
    assert outside_hours(TimePreference(weekdays=frozenset({6})), hours) == "The studio is closed on Sundays."
    assert outside_hours(TimePreference(weekdays=frozenset({0}), at=time(18, 30)), hours) == \
        "On Mondays the studio closes at 18:00."
    assert outside_hours(TimePreference(weekdays=frozenset({3}), earliest=time(18, 30)), hours) is None


def test_asking_for_a_day_part_among_the_offered_times_picks_none() -> None:
    from datetime import datetime, timezone
    from zoneinfo import ZoneInfo

    from bot.booking.text import pick_offered

    offered = [datetime(2026, 12, 2, 14, 30, tzinfo=timezone.utc), datetime(2026, 12, 5, 10, 45, tzinfo=timezone.utc)]
    zone = ZoneInfo("Europe/London")
    assert pick_offered("anything on a saturday morning?", offered, zone) is None
    assert pick_offered("saturday 10:45 please", offered, zone) == 1
