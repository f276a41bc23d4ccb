"""A week of consultations for the calendar page: requested and confirmed bookings, day by day.

Days are the studio's (its time zone), Monday first. Declined and cancelled
bookings are left out: the calendar shows what will, or may, happen.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Optional
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.dashboard.filters import FIRST_DAY, LAST_DAY
from bot.dashboard.lead_state import of_lead
from bot.dashboard.timefmt import to_local
from bot.store.models import ACTIVE_BOOKING_STATUSES, Booking, BookingStatus, Lead


@dataclass(frozen=True)
class Entry:
    booking: Booking
    lead: Optional[Lead]
    start: datetime            # in the studio's time zone
    end: datetime

    @property
    def pending(self) -> bool:
        """Requested by the visitor, not confirmed yet."""
        return self.booking.status == BookingStatus.requested


@dataclass(frozen=True)
class Day:
    day: date
    entries: list[Entry]
    today: bool


@dataclass(frozen=True)
class Week:
    start: date                # a Monday
    days: list[Day]

    @property
    def end(self) -> date:
        return self.start + timedelta(days=6)

    @property
    def previous(self) -> date:
        return self.start - timedelta(weeks=1)

    @property
    def next(self) -> date:
        return self.start + timedelta(weeks=1)

    @property
    def pending(self) -> int:
        return sum(1 for d in self.days for e in d.entries if e.pending)

    @property
    def confirmed(self) -> int:
        return sum(1 for d in self.days for e in d.entries if not e.pending)


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def week_from_query(value: Optional[str], today: date) -> date:
    """The Monday of the week a ``week=YYYY-MM-DD`` parameter names (any day of it); else this week's."""
    try:
        day = date.fromisoformat(value) if value else today
    except ValueError:
        day = today
    if not FIRST_DAY + timedelta(days=7) <= day <= LAST_DAY - timedelta(days=7):
        day = today
    return monday_of(day)


def _utc_midnight(day: date, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, time.min, tzinfo=tz).astimezone(timezone.utc)


async def week_of(session: AsyncSession, monday: date, tz: ZoneInfo, today: date) -> Week:
    """The requested and confirmed bookings starting in the week of ``monday``, earliest first, with leads."""
    start, end = _utc_midnight(monday, tz), _utc_midnight(monday + timedelta(days=7), tz)
    rows = (await session.execute(
        select(Booking, Lead).outerjoin(Lead, of_lead())
        .where(Booking.status.in_(ACTIVE_BOOKING_STATUSES), Booking.start_at >= start, Booking.start_at < end)
        .order_by(Booking.start_at, Booking.id))).all()
    by_day: dict[date, list[Entry]] = {monday + timedelta(days=i): [] for i in range(7)}
    for booking, lead in rows:
        entry = Entry(booking, lead, to_local(booking.start_at, tz), to_local(booking.end_at, tz))
        by_day.setdefault(entry.start.date(), []).append(entry)
    return Week(monday, [Day(day, entries, day == today) for day, entries in sorted(by_day.items())])
