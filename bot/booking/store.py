"""Our own ``bookings`` rows, whichever provider made them, and the lead's status that follows them."""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Optional

from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.booking.base import BookingError, BookingNotFound, Slot, SlotTaken, as_utc
from bot.followup.plan import booking_changed
from bot.store.models import (ACTIVE_BOOKING_STATUSES, Booking, BookingStatus, Lead, LeadStatus, StatusChange,
                              utcnow)

CHANGED_BY = "assistant"


async def _mark_booked(session: AsyncSession, lead_id: str) -> None:
    lead = await session.get(Lead, lead_id)
    if lead is None or lead.status == LeadStatus.consultation_booked:
        return
    session.add(StatusChange(lead_id=lead.id, from_status=lead.status.value if lead.status else None,
                             to_status=LeadStatus.consultation_booked.value, reason="consultation booked in the chat",
                             changed_by=CHANGED_BY))
    lead.status = LeadStatus.consultation_booked


#: PostgreSQL advisory lock taken while a booking is checked against its neighbours (any constant will do)
_BOOKING_LOCK = 7_310_001


async def _clashes(session: AsyncSession, booking: Booking, buffer: timedelta) -> bool:
    """Whether another active booking comes within ``buffer`` of ``booking``."""
    other = await session.scalar(select(Booking.id).where(
        Booking.id != booking.id, Booking.status.in_(ACTIVE_BOOKING_STATUSES),
        Booking.start_at < booking.end_at + buffer, Booking.end_at > booking.start_at - buffer).limit(1))
    return other is not None


async def record_booking(sessions: async_sessionmaker[AsyncSession], *, provider: str, slot: Slot,
                         lead_id: Optional[str], conversation_id: str, status: BookingStatus = BookingStatus.requested,
                         external_id: Optional[str] = None, clear_of: Optional[timedelta] = None,
                         by_video: bool = False) -> Booking:
    """Insert a booking and move its lead to "consultation booked", in one transaction.

    The partial unique index ``uq_bookings_active_slot`` decides races for
    the same time: the second insert of an active booking at the same time
    fails and raises :class:`SlotTaken`. The insert comes first so that, on
    SQLite, the write lock is taken before anything is read.

    With ``clear_of`` (the calendar's buffer) the booking must also be clear
    of every other active booking, checked inside the transaction: times
    named by visitors need not be on the grid, so two different starts could
    overlap. PostgreSQL serialises these checks with an advisory lock; SQLite
    already holds its write lock.
    """
    booking = Booking(provider=provider, start_at=as_utc(slot.start), end_at=as_utc(slot.end), status=status,
                      lead_id=lead_id, conversation_id=conversation_id, external_id=external_id, by_video=by_video)
    try:
        async with sessions.begin() as session:
            if clear_of is not None and session.bind.dialect.name == "postgresql":
                await session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _BOOKING_LOCK})
            session.add(booking)
            await session.flush()
            if clear_of is not None and await _clashes(session, booking, clear_of):
                raise SlotTaken(f"{slot.key} overlaps another booking")
            if lead_id:
                await _mark_booked(session, lead_id)
    except IntegrityError as exc:
        if "unique" in str(exc.orig).lower() or "uq_bookings_active_slot" in str(exc.orig):
            raise SlotTaken(f"{slot.key} is already booked") from exc
        raise BookingError("the booking could not be stored") from exc
    return booking


async def get_booking(sessions: async_sessionmaker[AsyncSession], booking_id: str) -> Optional[Booking]:
    async with sessions() as session:
        return await session.get(Booking, booking_id)


async def upcoming_bookings(sessions: async_sessionmaker[AsyncSession], conversation_id: str,
                            now: Optional[datetime] = None) -> list[Booking]:
    """The conversation's active bookings that have not started yet, earliest first."""
    async with sessions() as session:
        rows = await session.scalars(select(Booking).where(
            Booking.conversation_id == conversation_id, Booking.status.in_(ACTIVE_BOOKING_STATUSES),
            Booking.start_at >= as_utc(now or utcnow())).order_by(Booking.start_at))
        return list(rows)


async def cancelled_upcoming(sessions: async_sessionmaker[AsyncSession], conversation_id: str,
                             now: Optional[datetime] = None) -> list[Booking]:
    """The conversation's cancelled bookings that would not have started yet, latest cancelled first."""
    async with sessions() as session:
        rows = await session.scalars(select(Booking).where(
            Booking.conversation_id == conversation_id, Booking.status == BookingStatus.cancelled.value,
            Booking.start_at >= as_utc(now or utcnow())).order_by(Booking.updated_at.desc()))
        return list(rows)


async def busy_intervals(sessions: async_sessionmaker[AsyncSession], start: datetime,
                         end: datetime) -> list[tuple[datetime, datetime]]:
    """(start, end) of every active booking overlapping [start, end), any provider."""
    async with sessions() as session:
        rows = await session.execute(select(Booking.start_at, Booking.end_at).where(
            Booking.status.in_(ACTIVE_BOOKING_STATUSES), Booking.start_at < as_utc(end),
            Booking.end_at > as_utc(start) - timedelta(days=1)))
        return [(as_utc(s), as_utc(e)) for s, e in rows]


async def _previous_status(session: AsyncSession, lead_id: str) -> LeadStatus:
    change = await session.scalar(select(StatusChange).where(
        StatusChange.lead_id == lead_id, StatusChange.to_status == LeadStatus.consultation_booked.value)
        .order_by(StatusChange.created_at.desc(), StatusChange.id.desc()).limit(1))
    if change is not None and change.from_status and change.from_status != LeadStatus.consultation_booked.value:
        return LeadStatus(change.from_status)
    return LeadStatus.new


async def mark_cancelled(sessions: async_sessionmaker[AsyncSession], booking_id: str, reason: str) -> Booking:
    """Cancel our row; a lead left with no active booking goes back to its status before booking."""
    async with sessions.begin() as session:
        booking = await session.get(Booking, booking_id, with_for_update=True)
        if booking is None or booking.status.value not in ACTIVE_BOOKING_STATUSES:
            raise BookingNotFound(booking_id)
        booking.status = BookingStatus.cancelled
        await session.flush()
        await booking_changed(session, booking)           # its reminders go with it
        if booking.lead_id:
            others = await session.scalar(select(Booking.id).where(
                Booking.lead_id == booking.lead_id, Booking.status.in_(ACTIVE_BOOKING_STATUSES)).limit(1))
            lead = await session.get(Lead, booking.lead_id)
            if others is None and lead is not None and lead.status == LeadStatus.consultation_booked:
                previous = await _previous_status(session, lead.id)
                session.add(StatusChange(lead_id=lead.id, from_status=lead.status.value, to_status=previous.value,
                                         reason=f"booking cancelled ({reason})"[:500], changed_by=CHANGED_BY))
                lead.status = previous
        return booking


async def set_by_video(sessions: async_sessionmaker[AsyncSession], booking_id: str, by_video: bool) -> None:
    """The consultation moved online or back to the studio (same time)."""
    async with sessions.begin() as session:
        booking = await session.get(Booking, booking_id)
        if booking is not None:
            booking.by_video = by_video
