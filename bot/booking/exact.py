"""Booking the exact time a visitor named: can it be booked, if not why, and which free times are nearest.

The studio's own calendar offers times on a grid, but a visitor who asks for "Thursday at 18:30" gets
18:30 when it is within opening hours, on the quarter hour, and clear of other bookings and their buffer.
Other providers book a named time only when they offer it.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Optional, Sequence
from zoneinfo import ZoneInfo

from bot.booking.base import BookingProvider, Slot, as_utc
from bot.booking.slots import CalendarRules
from bot.settings import WEEKDAYS

#: named times are booked on the quarter hour (18:30 yes, 18:40 no)
STEP_MINUTES = 15
_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True)
class Refusal:
    """Why a named time cannot be booked, said after the time ("… is outside the opening hours")."""

    reason: str
    taken: bool = False          # free by the rules, but somebody else has it


def _minutes(clock: str) -> int:
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


def _wall_time_exists(local: datetime, zone: ZoneInfo) -> bool:
    back = local.astimezone(timezone.utc).astimezone(zone)
    return back.replace(tzinfo=None) == local.replace(tzinfo=None)


def refusal(rules: CalendarRules, now: datetime, start: datetime) -> Optional[Refusal]:
    """Why the studio's rules rule out a consultation at ``start``; None when they allow it.

    Bookings are not looked at here (see :func:`bookable` and the providers).
    """
    zone = rules.time_zone
    local = as_utc(start).astimezone(zone)
    earliest, latest = rules.horizon(now)
    if as_utc(start) <= as_utc(now):
        return Refusal("has already passed")
    if as_utc(start) < earliest:
        notice_hours = int(rules.min_notice.total_seconds() // 3600)
        return Refusal(f"is a little too soon for me to book here — the studio needs at least {notice_hours} hours' notice")
    if as_utc(start) >= latest:
        weeks = max(1, round(rules.days_ahead / 7))
        return Refusal(f"is further ahead than I can book here (up to {weeks} weeks ahead)")
    hours = rules.opening_hours.get(WEEKDAYS[local.weekday()])
    day_name = _DAY_NAMES[local.weekday()]
    if local.date() in rules.closed_dates:
        return Refusal("is on a day the studio is closed")
    if hours is None:
        return Refusal(f"is on a {day_name}, when the studio is closed")
    minutes = local.hour * 60 + local.minute
    length = int(rules.consultation.total_seconds() // 60)
    if minutes < _minutes(hours[0]) or minutes >= _minutes(hours[1]):
        return Refusal(f"is outside the studio's opening hours ({day_name}s {hours[0]}–{hours[1]})")
    if minutes + length > _minutes(hours[1]):
        return Refusal(f"is too close to closing time — on {day_name}s the studio closes at {hours[1]}, and a "
                       f"consultation takes {length} minutes")
    if local.minute % STEP_MINUTES or local.second or not _wall_time_exists(local, zone):
        return Refusal("isn't a time I can book — consultations start on the hour or at a quarter past, half "
                       "past or a quarter to")
    return None


def bookable(rules: CalendarRules, now: datetime, start: datetime) -> Optional[Slot]:
    """The consultation starting at ``start`` if the studio's rules allow it (bookings not looked at)."""
    if refusal(rules, now, start) is not None:
        return None
    begin = as_utc(start)
    return Slot(begin, begin + rules.consultation)


async def free_at(provider: BookingProvider, start: datetime) -> Optional[Slot]:
    """The free consultation starting exactly at ``start``, or None (asks the provider)."""
    exact = getattr(provider, "exact_slot", None)
    if exact is not None:
        return await exact(start)
    begin = as_utc(start)
    slots = await provider.available_slots(begin, begin + timedelta(minutes=1))
    return next((s for s in slots if s.start == begin), None)


def nearest(slots: Sequence[Slot], wanted: datetime, zone: ZoneInfo, size: int) -> list[Slot]:
    """Up to ``size`` free times around ``wanted``: that day's first, then the nearest other days.

    Each group is in time order, so the visitor reads "that day" and then "other days".
    """
    day = as_utc(wanted).astimezone(zone).date()
    distance = (lambda s: abs(s.start - as_utc(wanted)))  # noqa: E731 - a sort key, named for reading
    same = sorted((s for s in slots if s.start.astimezone(zone).date() == day), key=distance)[:size]
    others = sorted((s for s in slots if s.start.astimezone(zone).date() != day), key=distance)[:size - len(same)]
    return sorted(same, key=lambda s: s.start) + sorted(others, key=lambda s: s.start)
