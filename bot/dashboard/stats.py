"""Numbers for the overview page (aggregated in SQL where it is simple, else in Python)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Optional
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.dashboard.labels import channel_label, concern_label, readiness_label, value_of
from bot.dashboard.lead_state import BOOKED, REQUESTED, of_lead, shown_status
from bot.dashboard.timefmt import to_local
from bot.store.models import Booking, BookingStatus, Lead, LeadStatus, StatusChange


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


async def _grouped(session: AsyncSession, column, since: datetime) -> list[tuple[Optional[str], int]]:
    rows = (await session.execute(select(column, func.count()).where(Lead.created_at >= since)
                                  .group_by(column))).all()
    return [(value_of(value) or None, count) for value, count in rows]


def _sorted(pairs: list[tuple[str, int]]) -> list[tuple[str, int]]:
    return sorted(pairs, key=lambda p: (-p[1], p[0]))


async def _funnel(session: AsyncSession, since: datetime) -> tuple[list[tuple[str, int]], int]:
    """Leads received since ``since``, and how many got as far as each step (even if they moved on since).

    Contacted: the status "contacted" at some time, or any later step. Requested: a booking asked for (any
    booking row, or shown as requested or booked). Booked: shown as booked (lead_state), a confirmed booking,
    or the status "consultation booked" set by a person; a request that was declined is not a booking.
    """
    rows = (await session.execute(select(Lead.id, Lead.status, shown_status()).where(Lead.created_at >= since))).all()
    leads = {lead_id: shown for lead_id, _, shown in rows}
    in_period = select(Lead.id).where(Lead.created_at >= since).scalar_subquery()
    contacted = {lead_id for lead_id, stored, _ in rows if value_of(stored) == LeadStatus.contacted.value}
    booked = {lead_id for lead_id, shown in leads.items() if shown == BOOKED}
    for lead_id, to_status, by in (await session.execute(
            select(StatusChange.lead_id, StatusChange.to_status, StatusChange.changed_by)
            .where(StatusChange.lead_id.in_(in_period)))).all():
        if to_status == LeadStatus.contacted.value:
            contacted.add(lead_id)
        elif to_status == BOOKED and by != "assistant":
            booked.add(lead_id)
    with_booking = select(Lead.id).where(Lead.created_at >= since, select(Booking.id).where(of_lead()).exists())
    requested = set((await session.scalars(with_booking)).all()) | {i for i, s in leads.items() if s == REQUESTED}
    confirmed = with_booking.where(select(Booking.id).where(of_lead(), Booking.status == BookingStatus.confirmed)
                                   .exists())
    booked |= set((await session.scalars(confirmed)).all())
    requested |= booked
    contacted |= requested
    return [("Leads received", len(leads)), ("Contacted", len(contacted)),
            ("Booking requested", len(requested)), ("Consultation booked", len(booked))], len(leads)


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

    funnel, total = await _funnel(session, since)
    return Overview(weeks=list(per_week.items()), concerns=concerns, channels=channels, readiness=readiness,
                    funnel=funnel, total=total, since=first)
