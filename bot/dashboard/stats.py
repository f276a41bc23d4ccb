"""Numbers for the overview page (aggregated in SQL where it is simple, else in Python)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Optional
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.dashboard.labels import channel_label, concern_label, readiness_label, value_of
from bot.dashboard.timefmt import to_local
from bot.store.models import Booking, BookingStatus, Lead, LeadStatus, StatusChange

CONTACTED = {LeadStatus.contacted.value, LeadStatus.consultation_booked.value}
BOOKED = {LeadStatus.consultation_booked.value}


@dataclass
class Overview:
    weeks: list[tuple[date, int]]
    concerns: list[tuple[str, int]]
    channels: list[tuple[str, int]]
    readiness: list[tuple[str, int]]
    funnel: list[tuple[str, int]]
    total: int
    since: date


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


async def _grouped(session: AsyncSession, column, since: datetime) -> list[tuple[Optional[str], int]]:  # type: ignore[no-untyped-def]
    rows = (await session.execute(select(column, func.count()).where(Lead.created_at >= since)
                                  .group_by(column))).all()
    return [(value_of(value) or None, count) for value, count in rows]


def _sorted(pairs: list[tuple[str, int]]) -> list[tuple[str, int]]:
    return sorted(pairs, key=lambda p: (-p[1], p[0]))


async def overview(session: AsyncSession, tz: ZoneInfo, weeks: int = 12, today: Optional[date] = None) -> Overview:
    today = today or datetime.now(tz).date()
    first = week_start(today) - timedelta(weeks=weeks - 1)
    since = datetime.combine(first, time.min, tzinfo=tz).astimezone(timezone.utc)

    created = (await session.scalars(select(Lead.created_at).where(Lead.created_at >= since))).all()
    per_week = {first + timedelta(weeks=i): 0 for i in range(weeks)}
    for at in created:
        start = week_start(to_local(at, tz).date())
        if start in per_week:
            per_week[start] += 1

    concerns = _sorted([(concern_label(v), n) for v, n in await _grouped(session, Lead.concern, since)])
    channels = _sorted([(channel_label(v), n) for v, n in await _grouped(session, Lead.channel, since)])
    by_readiness = dict(await _grouped(session, Lead.readiness, since))
    readiness = [(readiness_label(key, short=True), by_readiness.get(key, 0))
                 for key in ("ready", "review", "not_yet", None)]

    leads = (await session.execute(select(Lead.id, Lead.status).where(Lead.created_at >= since))).all()
    in_period = select(Lead.id).where(Lead.created_at >= since).scalar_subquery()
    reached: dict[str, set[str]] = {lead_id: {value_of(status)} for lead_id, status in leads}
    for lead_id, to_status in (await session.execute(select(StatusChange.lead_id, StatusChange.to_status)
                                                     .where(StatusChange.lead_id.in_(in_period)))).all():
        reached.setdefault(lead_id, set()).add(to_status)
    for (lead_id,) in (await session.execute(select(Booking.lead_id).where(
            Booking.lead_id.in_(in_period), Booking.status == BookingStatus.confirmed))).all():
        reached.setdefault(lead_id or "", set()).add(LeadStatus.consultation_booked.value)
    funnel = [("Leads received", len(leads)),
              ("Contacted", sum(1 for i, _ in leads if reached.get(i, set()) & CONTACTED)),
              ("Consultation booked", sum(1 for i, _ in leads if reached.get(i, set()) & BOOKED))]
    return Overview(weeks=list(per_week.items()), concerns=concerns, channels=channels, readiness=readiness,
                    funnel=funnel, total=len(leads), since=first)
