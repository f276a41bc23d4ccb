"""Due times in the studio's time zone across daylight-saving changes, quiet hours, and the checked settings."""
from __future__ import annotations

from datetime import date, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.followup.config import FollowupConfigError, FollowupSettings, parse_followups
from bot.followup.timing import QuietHours, add_months, before, local_to_utc, on_day, reminder_due
from tests.followup.conftest import utc

LONDON = ZoneInfo("Europe/London")
QUIET = QuietHours(time(21, 0), time(8, 0), LONDON)


def test_24_hours_before_is_the_same_local_time_the_day_before_across_the_spring_change() -> None:
    # Sunday 29 March 2026: clocks go forward at 01:00 UTC. A consultation at 10:00 BST (09:00 UTC) ...
    start = utc(2026, 3, 29, 9, 0)
    # ... is reminded on Saturday at 10:00 GMT (10:00 UTC): 23 real hours before, 24 on the wall clock
    assert before(start, 24, LONDON) == utc(2026, 3, 28, 10, 0)
    assert before(start, 2, LONDON) == utc(2026, 3, 29, 7, 0)           # 08:00 BST


def test_and_across_the_autumn_change() -> None:
    # Sunday 25 October 2026: clocks go back at 01:00 UTC. 10:00 GMT = 10:00 UTC; the day before 10:00 BST
    start = utc(2026, 10, 25, 10, 0)
    assert before(start, 24, LONDON) == utc(2026, 10, 24, 9, 0)          # 25 real hours before


def test_local_times_that_do_not_exist_or_repeat() -> None:
    from datetime import datetime
    assert local_to_utc(datetime(2026, 3, 29, 1, 30), LONDON) == utc(2026, 3, 29, 1, 30)   # skipped: 02:30 BST
    assert local_to_utc(datetime(2026, 10, 25, 1, 30), LONDON) == utc(2026, 10, 25, 0, 30)  # first 01:30 (BST)


def test_a_date_at_the_send_time_in_summer_and_winter() -> None:
    assert on_day(date(2027, 8, 2), time(10, 0), LONDON) == utc(2027, 8, 2, 9, 0)
    assert on_day(date(2027, 12, 2), time(10, 0), LONDON) == utc(2027, 12, 2, 10, 0)


def test_quiet_hours_move_a_message_to_their_end_or_just_before_their_start() -> None:
    assert QUIET.is_quiet(utc(2026, 12, 1, 22, 0)) and QUIET.is_quiet(utc(2026, 12, 2, 7, 59))
    assert not QUIET.is_quiet(utc(2026, 12, 2, 8, 0)) and not QUIET.is_quiet(utc(2026, 12, 2, 20, 59))
    assert QUIET.later(utc(2026, 12, 1, 22, 0)) == utc(2026, 12, 2, 8, 0)
    assert QUIET.later(utc(2026, 12, 2, 3, 0)) == utc(2026, 12, 2, 8, 0)
    assert QUIET.earlier(utc(2026, 12, 2, 3, 0)) == utc(2026, 12, 1, 20, 59)
    summer = utc(2026, 7, 1, 21, 30)          # 22:30 BST
    assert QUIET.later(summer) == utc(2026, 7, 2, 7, 0)                  # 08:00 BST


def test_a_reminder_in_the_quiet_hours_comes_the_evening_before() -> None:
    start = utc(2026, 12, 3, 9, 0)                        # 09:00: two hours before is 07:00, quiet
    assert reminder_due(start, 2, QUIET, now=utc(2026, 11, 30, 12, 0)) == utc(2026, 12, 2, 20, 59)
    # booked late that evening: too late for the evening before, so at 08:00, still before the consultation
    assert reminder_due(start, 2, QUIET, now=utc(2026, 12, 2, 21, 30)) == utc(2026, 12, 3, 8, 0)
    # no time left at all
    assert reminder_due(start, 24, QUIET, now=utc(2026, 12, 2, 12, 0)) is None


def test_months_later_keeps_the_day_or_the_end_of_the_month() -> None:
    assert add_months(date(2026, 5, 14), 30) == date(2028, 11, 14)
    assert add_months(date(2026, 8, 31), 30) == date(2029, 2, 28)


def test_the_defaults_and_the_studio_file() -> None:
    assert FollowupSettings().touch_up_after_months == 30
    parsed = parse_followups({"reminder_hours_before": [2, 24, 24], "quiet_hours": ["22:00", "07:30"]})
    assert parsed.reminder_hours == (24, 2)
    assert (parsed.quiet_start, parsed.quiet_end) == (time(22, 0), time(7, 30))


@pytest.mark.parametrize("raw, key", [
    ({"reminder_hours_before": [-2]}, "reminder_hours_before"),
    ({"reminder_hours_before": "24"}, "reminder_hours_before"),
    ({"quiet_hours": ["25:00", "08:00"]}, "quiet_hours"),
    ({"quiet_hours": ["21:00"]}, "quiet_hours"),
    ({"touch_up_after_months": "soon"}, "touch_up_after_months"),
    ({"send_time": "22:00"}, "send_time"),
    ({"texts": {"aftercare": "Hi {name}"}}, "texts.aftercare"),
    ({"texts": {"birthday": "Happy birthday"}}, "texts.birthday"),
    ({"whatsapp_templates": {"aftercare": {"language": "en"}}}, "whatsapp_templates.aftercare"),
    ({"whatsapp_templates": {"aftercare": {"name": "a", "parameters": ["phone"]}}}, "whatsapp_templates"),
    ({"reminder": [24]}, "unknown key"),
])
def test_mistakes_are_refused_naming_the_key(raw: dict[str, object], key: str) -> None:
    with pytest.raises(FollowupConfigError, match=key.replace(".", r"\.")):
        parse_followups(raw)


def test_the_interval_is_in_the_articles_range() -> None:
    recall = add_months(date(2026, 1, 10), FollowupSettings().touch_up_after_months)
    assert timedelta(days=2 * 365) <= recall - date(2026, 1, 10) <= timedelta(days=3 * 366)
