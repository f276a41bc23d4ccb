"""Reading an exact day and time from what visitors type, resolved in the studio's time zone."""
from __future__ import annotations

from datetime import date, datetime, time, timezone
from typing import Optional
from zoneinfo import ZoneInfo

import pytest

from bot.booking.direct import named_start
from bot.booking.preference import read_preference
from bot.booking.when import read_clock, read_day, read_exact

TODAY = date(2026, 12, 1)      # a Tuesday
LONDON = ZoneInfo("Europe/London")


@pytest.mark.parametrize("said,day,at", [
    ("can I come thursday at 18:30?", date(2026, 12, 3), time(18, 30)),
    ("tmrw 10am?", date(2026, 12, 2), time(10, 0)),
    ("Thurs 6.30pm", date(2026, 12, 3), time(18, 30)),
    ("next monday at 11", date(2026, 12, 7), time(11, 0)),
    ("Saturday 10:00", date(2026, 12, 5), time(10, 0)),
    ("sat 10", date(2026, 12, 5), time(10, 0)),
    ("the 14th at 2pm", date(2026, 12, 14), time(14, 0)),
    ("on the 14th at half past 2", date(2026, 12, 14), time(14, 30)),
    ("half 6 on friday", date(2026, 12, 4), time(18, 30)),
    ("quarter to 11 tomorrow", date(2026, 12, 2), time(10, 45)),
    ("noon on wed", date(2026, 12, 2), time(12, 0)),
    ("14/12 at 3pm", date(2026, 12, 14), time(15, 0)),
    ("december 14th at 11am", date(2026, 12, 14), time(11, 0)),
    ("Fri 4 Dec, 13:00", date(2026, 12, 4), time(13, 0)),       # the button text
    ("day after tomorrow at 11", date(2026, 12, 3), time(11, 0)),
    ("this tuesday at 3", date(2026, 12, 1), time(15, 0)),      # "this" may be today
    ("tuesday at 3", date(2026, 12, 8), time(15, 0)),           # a bare weekday never is
    ("18h30 thursday", date(2026, 12, 3), time(18, 30)),
    ("thursday the 10th at 6.30pm", date(2026, 12, 10), time(18, 30)),
])
def test_a_day_and_a_time(said: str, day: date, at: time) -> None:
    exact = read_exact(said, TODAY)
    assert (exact.day, exact.at, exact.complete) == (day, at, True)


@pytest.mark.parametrize("said,day,at", [
    ("on the 14th", date(2026, 12, 14), None), ("tomorrow", date(2026, 12, 2), None),
    ("next thursday", date(2026, 12, 10), None), ("half past 6", None, time(18, 30)),
    ("is 10am ok", None, time(10, 0)), ("mondays at 10", None, time(10, 0)),     # every Monday is a range
    ("sat 10th", None, None),                                  # the 10th is a Thursday: which day is meant?
    ("the 1st", date(2026, 12, 1), None),                      # today
])
def test_a_day_or_a_time_alone(said: str, day: Optional[date], at: Optional[time]) -> None:
    exact = read_exact(said, TODAY)
    assert (exact.day, exact.at, exact.complete) == (day, at, False)


@pytest.mark.parametrize("said", [
    "I want to book", "anything after 2pm", "between 2 and 4", "10 or 11am", "the 2nd one", "2", "16",
    "I'm 17", "in 2 weeks", "at 2 weeks after surgery", "£1.50", "next week", "thursday the 11th at 6.30pm",
    "tuesday or wednesday at 10", "2026-12-03T18:30:00Z",
])
def test_nothing_exact_is_read_into_other_things(said: str) -> None:
    exact = read_exact(said, TODAY)
    assert not exact.complete, exact


def test_am_and_pm_and_the_studio_convention() -> None:
    assert read_clock("at 6") == time(18, 0)            # 1 to 7 without am/pm: afternoon
    assert read_clock("at 6am") == time(6, 0)
    assert read_clock("at 11") == time(11, 0)
    assert read_clock("12pm") == time(12, 0) and read_clock("12am") == time(0, 0)
    assert read_clock("at 18") == time(18, 0)
    assert read_clock("at 25") is None and read_clock("7:75") is None


def test_next_weekday_means_next_weeks() -> None:
    friday = date(2026, 12, 4)
    assert read_day("next monday", friday) == date(2026, 12, 7)      # already next week
    assert read_day("next friday", friday) == date(2026, 12, 11)
    assert read_day("next thursday", TODAY) == date(2026, 12, 10)     # not the day after tomorrow
    assert read_day("this thursday", TODAY) == date(2026, 12, 3)
    assert read_day("14 dec", date(2026, 12, 20)) == date(2027, 12, 14)   # passed: next year's
    assert read_day("on the 1st", date(2026, 12, 2)) == date(2027, 1, 1)  # passed: next month's
    assert read_day("the 31st", date(2027, 2, 1)) == date(2027, 3, 31)    # no 31 February


def test_named_start_is_resolved_in_the_studio_time_zone() -> None:
    now = datetime(2026, 12, 1, 23, 30, tzinfo=timezone.utc)            # still Tuesday in London
    assert named_start("tmrw 10am", LONDON, "GB", now) == datetime(2026, 12, 2, 10, 0, tzinfo=timezone.utc)
    summer = datetime(2027, 6, 1, 23, 30, tzinfo=timezone.utc)          # already Wednesday in London (BST)
    assert named_start("tmrw 10am", LONDON, "GB", summer) == datetime(2027, 6, 3, 9, 0, tzinfo=timezone.utc)
    assert named_start("thursday", LONDON, "GB", now) is None
    assert named_start("call me on 07911 123456, thursday at 6.30pm", LONDON, "GB", now) == \
        datetime(2026, 12, 3, 18, 30, tzinfo=timezone.utc)               # the number's digits are not a time


def test_ranges_still_filter_and_a_day_or_time_alone_filters_too() -> None:
    assert read_preference("anything after 2pm works", TODAY).describe() == "from 14:00"
    tomorrow = read_preference("tmrw", TODAY)
    assert tomorrow.describe() == "tomorrow" and tomorrow.matches(datetime(2026, 12, 2, 10, 0))
    assert not tomorrow.matches(datetime(2026, 12, 9, 10, 0))           # only that Wednesday
    fourteenth = read_preference("on the 14th", TODAY)
    assert fourteenth.describe() == "Monday 14 December" and fourteenth.matches(datetime(2026, 12, 14, 15, 15))
    at_ten = read_preference("anything at 10am?", TODAY)
    assert at_ten.matches(datetime(2026, 12, 3, 10, 0)) and not at_ten.matches(datetime(2026, 12, 3, 10, 45))


@pytest.mark.parametrize("text", ["is Saturday 10:00 next week possible?", "saturday next week at 10"])
def test_a_weekday_said_with_next_week_is_next_weeks(text: str) -> None:
    friday = date(2026, 12, 4)
    assert read_exact(text, friday).day == date(2026, 12, 12)          # not tomorrow's Saturday
    assert read_exact("saturday at 10", friday).day == date(2026, 12, 5)


@pytest.mark.parametrize("text,hour,minute", [
    ("can i just book the free consult then? i finish at half 6 on thursdays so like 7 next thursday?", 19, 0),
    ("i finish work at 5 so 6pm friday?", 18, 0),
    ("I work till 5, could I come at 6 on Tuesday?", 18, 0),
    ("maybe 3 on friday", 15, 0),
])
def test_when_they_finish_work_is_not_the_time_they_ask_for(text: str, hour: int, minute: int) -> None:
    assert read_clock(text) == time(hour, minute)


@pytest.mark.parametrize("text,expected", [
    ("oh no sorry!! just remembered my sons football is 12.30 till 2 that day. can we move it to 11:30 same "
     "saturday instead? sorry!!", time(11, 30)),
    ("change it to 3pm", time(15, 0)),
    ("10 to 12", None),
    ("2 or 3pm", None),
])
def test_a_busy_range_is_not_the_time_asked_for_and_moving_to_a_time_is(text: str, expected: Optional[time]) -> None:
    assert read_clock(text) == expected


def test_saturday_week_and_a_week_on_monday_are_the_days_a_week_after_the_coming_ones() -> None:
    friday = date(2026, 12, 4)
    assert read_day("saturday week at 10:30", friday) == date(2026, 12, 12)      # not tomorrow
    assert read_day("a week on monday at 12", friday) == date(2026, 12, 14)
    assert read_day("saturday at 10:30", friday) == date(2026, 12, 5)
    wish = read_preference("can I come Saturday week, morning", friday)
    assert wish.on_day == date(2026, 12, 12) and wish.looked_for().startswith("Saturday 12 December")
