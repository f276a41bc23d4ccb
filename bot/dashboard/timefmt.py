"""Dates and times shown in the studio's time zone (SQLite returns naive UTC values)."""
from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Optional
from zoneinfo import ZoneInfo


def as_utc(value: datetime) -> datetime:
    return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)


def to_local(value: datetime, tz: ZoneInfo) -> datetime:
    return as_utc(value).astimezone(tz)


def fmt_datetime(value: Optional[datetime], tz: ZoneInfo) -> str:
    if value is None:
        return ""
    local = to_local(value, tz)
    return f"{local.day} {local:%b %Y, %H:%M}"


def fmt_date(value: Optional[date]) -> str:
    return f"{value.day} {value:%b %Y}" if value else ""


def fmt_slot(value: datetime, tz: ZoneInfo) -> str:
    """A consultation time in a sentence: 'Tuesday 3 December at 14:30 (GMT)'."""
    local = to_local(value, tz)
    return f"{local:%A} {local.day} {local:%B} at {local:%H:%M} ({local.tzname()})"
