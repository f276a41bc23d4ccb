"""The studio's own calendar: consultation times from opening hours, in the studio's time zone.

Pure functions, no database: the provider hands in the busy intervals.
Times are offered on a fixed grid per day (opening time, then every
consultation length plus buffer). A visitor may also name a time off the grid
(see ``exact``), so a booking is stored only when it is clear of the others
(``store.record_booking(clear_of=…)``), besides the unique index on
(provider, start).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from typing import Iterable, Mapping, Optional, Sequence
from zoneinfo import ZoneInfo

from bot.booking.base import Slot, as_utc
from bot.booking.config import BookingConfig
from bot.settings import WEEKDAYS, Settings

MIDDAY = time(13, 0)


def _minutes(value: str) -> int:
    hours, minutes = str(value).split(":")
    return int(hours) * 60 + int(minutes)


@dataclass(frozen=True)
class CalendarRules:
    """Everything that decides which times are offered."""

    opening_hours: Mapping[str, tuple[str, str]]
    time_zone: ZoneInfo
    consultation: timedelta = timedelta(minutes=30)
    buffer: timedelta = timedelta(minutes=15)
    min_notice: timedelta = timedelta(hours=12)
    days_ahead: int = 21
    closed_dates: frozenset[date] = field(default_factory=frozenset)

    @classmethod
    def from_settings(cls, settings: Settings, config: BookingConfig) -> "CalendarRules":
        return cls(opening_hours=settings.opening_hours(), time_zone=settings.time_zone,
                   consultation=timedelta(minutes=config.consultation_minutes),
                   buffer=timedelta(minutes=config.buffer_minutes),
                   min_notice=timedelta(hours=config.min_notice_hours), days_ahead=config.days_ahead,
                   closed_dates=frozenset(settings.closed_dates()))

    def horizon(self, now: datetime) -> tuple[datetime, datetime]:
        """The window times are offered in: from now plus notice to the end of the last day ahead."""
        local_today = as_utc(now).astimezone(self.time_zone).date()
        last = datetime.combine(local_today + timedelta(days=self.days_ahead + 1), time(0), self.time_zone)
        return as_utc(now) + self.min_notice, as_utc(last)


def _local(day: date, minutes: int, zone: ZoneInfo) -> Optional[datetime]:
    """The wall time ``minutes`` after midnight on ``day``, or None if the clocks skip it (DST)."""
    wall = datetime.combine(day, time(minutes // 60, minutes % 60), zone)
    round_trip = wall.astimezone(timezone.utc).astimezone(zone)
    if round_trip.replace(tzinfo=None) != wall.replace(tzinfo=None):
        return None
    return wall


def day_grid(rules: CalendarRules, day: date) -> list[Slot]:
    """Every consultation time of ``day`` (studio-local date), ignoring bookings and notice."""
    hours = rules.opening_hours.get(WEEKDAYS[day.weekday()])
    if hours is None or day in rules.closed_dates:
        return []
    opens, closes = _minutes(hours[0]), _minutes(hours[1])
    length = int(rules.consultation.total_seconds() // 60)
    step = length + int(rules.buffer.total_seconds() // 60)
    slots, start = [], opens
    while start + length <= closes:
        wall = _local(day, start, rules.time_zone)
        if wall is not None:
            begin = as_utc(wall)
            slots.append(Slot(begin, begin + rules.consultation))
        start += max(step, 1)
    return slots


def overlaps(slot: Slot, busy: Iterable[tuple[datetime, datetime]], buffer: timedelta) -> bool:
    """Whether ``slot`` comes within ``buffer`` of any busy interval."""
    return any(slot.start < as_utc(end) + buffer and as_utc(start) < slot.end + buffer for start, end in busy)


def generate_slots(rules: CalendarRules, now: datetime, start: Optional[datetime] = None,
                   end: Optional[datetime] = None,
                   busy: Sequence[tuple[datetime, datetime]] = ()) -> list[Slot]:
    """Free times starting in [start, end), within notice and days ahead, earliest first."""
    earliest, latest = rules.horizon(now)
    lower = max(earliest, as_utc(start)) if start else earliest
    upper = min(latest, as_utc(end)) if end else latest
    if lower >= upper:
        return []
    zone = rules.time_zone
    day, last_day = lower.astimezone(zone).date(), upper.astimezone(zone).date()
    found: list[Slot] = []
    while day <= last_day:
        found.extend(s for s in day_grid(rules, day)
                     if lower <= s.start < upper and not overlaps(s, busy, rules.buffer))
        day += timedelta(days=1)
    return found


def spread(slots: Sequence[Slot], size: int, zone: ZoneInfo, per_day: int = 2) -> list[Slot]:
    """Up to ``size`` times over several days: a morning and an afternoon per day when possible."""
    by_day: dict[date, list[Slot]] = {}
    for slot in sorted(slots, key=lambda s: s.start):
        by_day.setdefault(slot.start.astimezone(zone).date(), []).append(slot)
    chosen: list[Slot] = []
    for day_slots in by_day.values():
        morning = [s for s in day_slots if s.start.astimezone(zone).time() < MIDDAY]
        afternoon = [s for s in day_slots if s.start.astimezone(zone).time() >= MIDDAY]
        picks = [group[0] for group in (morning, afternoon) if group]
        picks += [s for s in day_slots if s not in picks]
        chosen.extend(picks[:per_day])
        if len(chosen) >= size:
            break
    if len(chosen) < size:       # few days: fill with the earliest remaining times
        chosen += [s for s in sorted(slots, key=lambda s: s.start) if s not in chosen][:size - len(chosen)]
    return sorted(chosen[:size], key=lambda s: s.start)
