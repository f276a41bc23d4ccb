"""Read-only queries of the dashboard: the leads list, a lead's page, the queues."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Optional, Sequence
from zoneinfo import ZoneInfo

from sqlalchemy import Select, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from bot.dashboard.filters import PAGE_SIZE, LeadFilter
from bot.dashboard.lead_state import OCCASIONAL, SHOWN_STATUSES, shown_status
from bot.store.models import (Booking, BookingStatus, ConsentRecord, Handoff, Lead, Readiness,
                              VisitorNotice)


@dataclass
class LeadPage:
    leads: Sequence[Lead]
    total: int
    page: int
    pages: int
    next_bookings: dict[str, Booking] = field(default_factory=dict)
    shown: dict[str, str] = field(default_factory=dict)         # lead id → shown status (lead_state)


def _search(q: str) -> Any:
    text = q.lower()
    clauses = [func.lower(Lead.first_name).contains(text, autoescape=True),
               func.lower(Lead.email).contains(text, autoescape=True)]
    digits = re.sub(r"\D", "", q)
    if len(digits) >= 4:
        clauses.append(Lead.phone.contains(digits, autoescape=True))
        if digits.startswith("0"):          # a national number typed for a stored +44… one
            clauses.append(Lead.phone.contains(digits[1:], autoescape=True))
    return or_(*clauses)


def filtered(stmt: Select[Any], f: LeadFilter, tz: ZoneInfo, *, with_status: bool = True) -> Select[Any]:
    """Apply the filter to a statement selecting from ``leads``."""
    if with_status and f.status:
        stmt = stmt.where(shown_status() == f.status)
    if f.concern:
        stmt = stmt.where(Lead.concern == f.concern)
    if f.readiness == "none":
        stmt = stmt.where(Lead.readiness.is_(None))
    elif f.readiness:
        stmt = stmt.where(Lead.readiness == Readiness(f.readiness))
    if f.channel:
        stmt = stmt.where(Lead.channel == f.channel)
    start, end = f.utc_range(tz)
    if start is not None:
        stmt = stmt.where(Lead.created_at >= start)
    if end is not None:
        stmt = stmt.where(Lead.created_at < end)
    if f.q:
        stmt = stmt.where(_search(f.q))
    return stmt


def newest_first(stmt: Select[Any]) -> Select[Any]:
    return stmt.order_by(Lead.created_at.desc(), Lead.id.desc())


async def next_bookings(session: AsyncSession, lead_ids: Sequence[str]) -> dict[str, Booking]:
    """Each lead's earliest active booking (requested or confirmed)."""
    if not lead_ids:
        return {}
    rows = (await session.scalars(select(Booking).where(
        Booking.lead_id.in_(lead_ids),
        Booking.status.in_((BookingStatus.requested, BookingStatus.confirmed))).order_by(Booking.start_at))).all()
    found: dict[str, Booking] = {}
    for booking in rows:
        found.setdefault(booking.lead_id or "", booking)
    return found


async def _with_status(session: AsyncSession, stmt: Select[Any]) -> tuple[list[Lead], dict[str, str]]:
    """Run ``stmt`` (selecting Lead and its shown status): the leads, and lead id → shown status."""
    rows = (await session.execute(stmt)).all()
    return [lead for lead, _ in rows], {lead.id: status for lead, status in rows}


async def list_leads(session: AsyncSession, f: LeadFilter, tz: ZoneInfo) -> LeadPage:
    total = await session.scalar(filtered(select(func.count()).select_from(Lead), f, tz)) or 0
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(f.page, pages)
    leads, shown = await _with_status(session, newest_first(filtered(select(Lead, shown_status()), f, tz))
                                      .offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE))
    return LeadPage(leads, total, page, pages, await next_bookings(session, [lead.id for lead in leads]), shown)


async def all_filtered(session: AsyncSession, f: LeadFilter, tz: ZoneInfo) -> tuple[list[Lead], dict[str, str]]:
    """Every lead the filter selects, newest first, and lead id → shown status."""
    return await _with_status(session, newest_first(filtered(select(Lead, shown_status()), f, tz)))


async def status_counts(session: AsyncSession, f: LeadFilter, tz: ZoneInfo) -> dict[str, int]:
    """Leads per shown status under the other filters (so the status tabs show what each would give)."""
    shown = filtered(select(shown_status().label("shown")).select_from(Lead), f, tz, with_status=False).subquery()
    rows = (await session.execute(select(shown.c.shown, func.count()).group_by(shown.c.shown))).all()
    counts = {s: 0 for s in SHOWN_STATUSES}
    for status, count in rows:
        counts[status] = count
    return counts


def visible_statuses(counts: dict[str, int], selected: str) -> list[str]:
    """The status tabs: every status, less the occasional outcomes that no lead has."""
    return [s for s in SHOWN_STATUSES if s not in OCCASIONAL or counts.get(s) or s == selected]


async def filter_choices(session: AsyncSession) -> dict[str, list[str]]:
    """Concerns and channels present in the store, for the filter menus."""
    concerns = (await session.scalars(select(Lead.concern).where(Lead.concern.is_not(None)).distinct())).all()
    channels = (await session.scalars(select(Lead.channel).distinct())).all()
    return {"concerns": sorted(c for c in concerns if c), "channels": sorted(c for c in channels if c)}


@dataclass
class LeadDetail:
    lead: Lead
    consents: Sequence[ConsentRecord]
    handoffs: Sequence[Handoff]
    notices: Sequence[VisitorNotice]
    status: str = ""                 # the shown status (lead_state)


async def lead_detail(session: AsyncSession, lead_id: str) -> Optional[LeadDetail]:
    lead = await session.scalar(select(Lead).where(Lead.id == lead_id).options(
        selectinload(Lead.answers), selectinload(Lead.notes), selectinload(Lead.status_changes),
        selectinload(Lead.bookings)))
    if lead is None:
        return None
    consents = (await session.scalars(select(ConsentRecord).where(or_(
        ConsentRecord.lead_id == lead.id, ConsentRecord.conversation_id == lead.conversation_id))
        .order_by(ConsentRecord.created_at))).all()
    handoffs = (await session.scalars(select(Handoff).where(or_(
        Handoff.lead_id == lead.id, Handoff.conversation_id == lead.conversation_id))
        .order_by(Handoff.created_at))).all()
    notices = (await session.scalars(select(VisitorNotice).where(
        VisitorNotice.conversation_id == lead.conversation_id).order_by(VisitorNotice.id))).all()
    status = await session.scalar(select(shown_status()).where(Lead.id == lead.id))
    return LeadDetail(lead, consents, handoffs, notices, status or lead.status.value)


@dataclass
class QueueItem:
    item: Any                  # Handoff or Booking
    lead: Optional[Lead]


async def open_handoffs(session: AsyncSession) -> list[QueueItem]:
    rows = (await session.execute(select(Handoff, Lead).outerjoin(Lead, Lead.conversation_id == Handoff.conversation_id)
                                  .where(Handoff.status == "open").order_by(Handoff.created_at))).all()
    return [QueueItem(h, lead) for h, lead in rows]


async def requested_bookings(session: AsyncSession) -> list[QueueItem]:
    rows = (await session.execute(select(Booking, Lead).outerjoin(Lead, Lead.conversation_id == Booking.conversation_id)
                                  .where(Booking.status == BookingStatus.requested)
                                  .order_by(Booking.start_at))).all()
    return [QueueItem(b, lead) for b, lead in rows]


async def queue_count(session: AsyncSession) -> int:
    handoffs = await session.scalar(select(func.count()).select_from(Handoff).where(Handoff.status == "open"))
    bookings = await session.scalar(select(func.count()).select_from(Booking)
                                    .where(Booking.status == BookingStatus.requested))
    return (handoffs or 0) + (bookings or 0)
