"""Due times in the studio's time zone, stored in UTC; quiet hours (standard library only).

"24 hours before" a consultation means the same local time the day before ("your consultation is tomorrow at
10:00"), so across a daylight-saving change it is 23 or 25 real hours. A local time that does not exist (the
hour skipped in spring) moves forward by the gap; an ambiguous one (the hour repeated in autumn) is its first
occurrence.
"""
from __future__ import annotations

import calendar
from datetime import date, datetime, time, timedelta, timezone
from typing import Optional
from zoneinfo import ZoneInfo

from bot.followup.config import FollowupSettings

UTC = timezone.utc


def as_utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def local_to_utc(naive_local: datetime, tz: ZoneInfo) -> datetime:
    """A wall-clock time in ``tz`` as UTC (fold=0: the first of a repeated hour; a skipped hour moves on)."""
    # PEP 495: with fold=0 a repeated time is its first occurrence, and a skipped one is read with the offset
    # before the change (01:30 on the spring day becomes 02:30 summer time)
    return naive_local.replace(tzinfo=tz, fold=0).astimezone(UTC)


def wall_clock(value: datetime, tz: ZoneInfo) -> datetime:
    return as_utc(value).astimezone(tz).replace(tzinfo=None)


def before(start: datetime, hours: int, tz: ZoneInfo) -> datetime:
    """``hours`` before ``start`` on the studio's wall clock, in UTC."""
    return local_to_utc(wall_clock(start, tz) - timedelta(hours=hours), tz)


def on_day(day: date, at: time, tz: ZoneInfo) -> datetime:
    return local_to_utc(datetime.combine(day, at), tz)


def add_months(day: date, months: int) -> date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


class QuietHours:
    """No messages between ``start`` and ``end`` (local; wraps past midnight when start > end; equal: none)."""

    def __init__(self, start: time, end: time, tz: ZoneInfo) -> None:
        self.start, self.end, self.tz = start, end, tz

    @classmethod
    def of(cls, settings: FollowupSettings, tz: ZoneInfo) -> "QuietHours":
        return cls(settings.quiet_start, settings.quiet_end, tz)

    def _quiet_time(self, at: time) -> bool:
        if self.start == self.end:
            return False
        if self.start < self.end:
            return self.start <= at < self.end
        return at >= self.start or at < self.end

    def is_quiet(self, moment: datetime) -> bool:
        return self._quiet_time(wall_clock(moment, self.tz).time())

    def later(self, moment: datetime) -> datetime:
        """``moment``, or the end of the quiet hours it falls in (UTC)."""
        if not self.is_quiet(moment):
            return as_utc(moment)
        local = wall_clock(moment, self.tz)
        day = local.date() if local.time() < self.end else local.date() + timedelta(days=1)
        return local_to_utc(datetime.combine(day, self.end), self.tz)

    def earlier(self, moment: datetime) -> datetime:
        """``moment``, or a minute before the quiet hours it falls in began (UTC)."""
        if not self.is_quiet(moment):
            return as_utc(moment)
        local = wall_clock(moment, self.tz)
        day = local.date() if local.time() >= self.start else local.date() - timedelta(days=1)
        return local_to_utc(datetime.combine(day, self.start) - timedelta(minutes=1), self.tz)


def reminder_due(start: datetime, hours: int, quiet: QuietHours, now: datetime,
                 wall: Optional[ZoneInfo] = None) -> Optional[datetime]:
    """When the reminder ``hours`` before ``start`` (on the ``wall`` clock: the studio's; default the quiet
    hours' zone) goes: brought forward out of quiet hours (else moved to their end when that is still before the
    consultation); None when there is no longer time for it."""
    due = before(start, hours, wall or quiet.tz)
    if quiet.is_quiet(due):
        earlier = quiet.earlier(due)
        due = earlier if earlier > now else quiet.later(due)
    return due if now < due < as_utc(start) else None
