"""The studio's own calendar: which consultation times are offered."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from bot.booking.base import Slot
from bot.booking.slots import CalendarRules, day_grid, generate_slots, spread

LONDON = ZoneInfo("Europe/London")
HOURS = {"mon": ("10:00", "18:00"), "tue": ("10:00", "18:00"), "wed": ("10:00", "18:00"),
         "thu": ("10:00", "20:00"), "fri": ("10:00", "17:00"), "sat": ("10:00", "14:00")}


def rules(**overrides: object) -> CalendarRules:
    values: dict[str, object] = {"opening_hours": HOURS, "time_zone": LONDON, "consultation": timedelta(minutes=30),
                                 "buffer": timedelta(minutes=15), "min_notice": timedelta(hours=12),
                                 "days_ahead": 21}
    values.update(overrides)
    return CalendarRules(**values)  # type: ignore[arg-type]


def local(slot: Slot) -> str:
    return slot.start.astimezone(LONDON).strftime("%a %d %H:%M")


def test_opening_hours_consultation_length_and_buffer() -> None:
    grid = day_grid(rules(), date(2026, 12, 5))            # a Saturday, 10:00–14:00
    assert [s.start.astimezone(LONDON).strftime("%H:%M") for s in grid] == [
        "10:00", "10:45", "11:30", "12:15", "13:00"]          # 13:45 would end after closing
    assert all(s.end - s.start == timedelta(minutes=30) for s in grid)
    assert all(s.start.tzinfo == timezone.utc for s in grid)  # stored and compared in UTC


def test_closed_days_and_closed_dates() -> None:
    assert day_grid(rules(), date(2026, 12, 6)) == []      # Sunday: not in the opening hours
    closed = rules(closed_dates=frozenset({date(2026, 12, 25)}))
    assert day_grid(closed, date(2026, 12, 25)) == []
    assert day_grid(closed, date(2026, 12, 24)) != []


def test_dst_change_keeps_wall_clock_times() -> None:
    before = day_grid(rules(), date(2027, 3, 26))[0]        # Friday, GMT
    after = day_grid(rules(), date(2027, 3, 29))[0]         # Monday, BST (clocks went forward on Sunday 28th)
    assert before.start == datetime(2027, 3, 26, 10, 0, tzinfo=timezone.utc)
    assert after.start == datetime(2027, 3, 29, 9, 0, tzinfo=timezone.utc)
    assert local(before).endswith("10:00") and local(after).endswith("10:00")
    autumn = day_grid(rules(), date(2026, 10, 26))[0]       # the Monday after clocks went back
    assert autumn.start == datetime(2026, 10, 26, 10, 0, tzinfo=timezone.utc)


def test_a_time_the_clocks_skip_is_never_offered() -> None:
    night = rules(opening_hours={"sun": ("00:30", "03:00")}, buffer=timedelta(0))
    starts = [s.start.astimezone(LONDON).strftime("%H:%M") for s in day_grid(night, date(2027, 3, 28))]
    assert "01:00" not in starts and "01:30" not in starts   # 01:00–02:00 does not exist that night
    assert starts == ["00:30", "02:00", "02:30"]


def test_min_notice_and_days_ahead() -> None:
    now = datetime(2026, 12, 1, 9, 0, tzinfo=timezone.utc)  # Tuesday 09:00 in London
    slots = generate_slots(rules(), now)
    assert slots[0].start >= now + timedelta(hours=12)
    assert local(slots[0]) == "Wed 02 10:00"                  # nothing today: less than 12 hours' notice
    last_day = (now + timedelta(days=21)).date()
    assert max(s.start.astimezone(LONDON).date() for s in slots) <= last_day
    short = generate_slots(rules(min_notice=timedelta(hours=1)), now)
    assert local(short[0]) == "Tue 01 10:00"


def test_booked_times_and_their_buffer_are_excluded() -> None:
    now = datetime(2026, 12, 1, 0, 0, tzinfo=timezone.utc)
    day = day_grid(rules(), date(2026, 12, 3))
    booked = (day[1].start, day[1].end)                       # 10:45–11:15
    free = generate_slots(rules(), now, day[0].start, day[-1].end, busy=[booked])
    assert day[1] not in free and day[0] in free and day[2] in free
    odd = (day[0].start + timedelta(minutes=20), day[0].start + timedelta(minutes=50))   # 10:20–10:50 elsewhere
    free = generate_slots(rules(), now, day[0].start, day[-1].end, busy=[odd])
    assert day[0] not in free and day[1] not in free and day[2] in free


def test_spread_offers_mornings_and_afternoons_over_several_days() -> None:
    now = datetime(2026, 12, 1, 0, 0, tzinfo=timezone.utc)
    page = spread(generate_slots(rules(), now), 5, LONDON)
    assert [local(s) for s in page] == ["Tue 01 12:15", "Tue 01 13:00", "Wed 02 10:00", "Wed 02 13:00",
                                        "Thu 03 10:00"]
    assert len(spread(day_grid(rules(), date(2026, 12, 5)), 5, LONDON)) == 5   # one day only: fill up
