""""Follow-ups this week": what goes out in the next 7 days, by day on the studio's clock.

Each entry carries only what the page shows: the time, the kind, the channel, the state and the lead's
first name and id (for the link) — nothing from the intake, so no health details.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Optional
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.followup.models import CANCELLED, ScheduledMessage
from bot.followup.timing import local_to_utc, wall_clock
from bot.store.models import Lead

DAYS = 7


@dataclass(frozen=True)
class Entry:
    at: datetime              # local (studio) time it goes, or went
    kind: str
    channel: str
    state: str
    lead_id: str
    first_name: Optional[str]
    reason: str


@dataclass(frozen=True)
class Day:
    day: date
    today: bool
    entries: list[Entry]


@dataclass(frozen=True)
class Week:
    days: list[Day]
    start: date
    end: date

    @property
    def total(self) -> int:
        return sum(len(d.entries) for d in self.days)

    @property
    def waiting(self) -> int:
        return sum(1 for d in self.days for e in d.entries if e.state in ("scheduled", "sending"))


async def week_ahead(session: AsyncSession, tz: ZoneInfo, now: datetime) -> Week:
    """Today and the 6 days after it: every message due (or sent) then, except cancelled ones."""
    today = wall_clock(now, tz).date()
    end = today + timedelta(days=DAYS - 1)
    since, until = (local_to_utc(datetime.combine(d, time(0, 0)), tz) for d in (today, end + timedelta(days=1)))
    shown_at = ScheduledMessage.due_at
    rows = (await session.execute(
        select(ScheduledMessage, Lead.first_name).join(Lead, Lead.id == ScheduledMessage.lead_id)
        .where(ScheduledMessage.state != CANCELLED, shown_at >= since, shown_at < until)
        .order_by(shown_at, ScheduledMessage.id))).all()
    by_day: dict[date, list[Entry]] = {today + timedelta(days=n): [] for n in range(DAYS)}
    for message, first_name in rows:
        moment = message.sent_at if message.state == "sent" and message.sent_at else message.due_at
        local = wall_clock(moment, tz)
        by_day.setdefault(local.date(), []).append(Entry(
            local, message.kind, message.channel, message.state, message.lead_id, first_name,
            message.reason if message.state == "failed" else ""))
    days = [Day(d, d == today, sorted(by_day[d], key=lambda e: e.at)) for d in sorted(by_day) if today <= d <= end]
    return Week(days, today, end)
