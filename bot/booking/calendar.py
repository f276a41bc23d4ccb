"""The embedded default: the studio's own calendar, kept in the leads database."""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Callable, Optional

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.booking.base import Attendee, BookingError, BookingResult, Slot, SlotTaken, as_utc
from bot.booking.config import BookingConfig, booking_config
from bot.booking.exact import bookable
from bot.booking.slots import CalendarRules, generate_slots, overlaps
from bot.booking.store import busy_intervals, mark_cancelled, record_booking
from bot.settings import Settings
from bot.store.models import BookingStatus, utcnow


class CalendarProvider:
    """Times from opening hours minus active bookings; a booking is "requested" until confirmed.

    Times are offered on the day's grid; a time the visitor names (on the quarter hour, within opening
    hours, clear of other bookings and their buffer) can be booked too.
    """

    name = "calendar"
    offers_slots = True

    def __init__(self, settings: Settings, sessions: async_sessionmaker[AsyncSession],
                 config: Optional[BookingConfig] = None, clock: Callable[[], datetime] = utcnow) -> None:
        self.sessions = sessions
        self.rules = CalendarRules.from_settings(settings, config or booking_config(settings))
        self.clock = clock

    async def available_slots(self, start: datetime, end: datetime) -> list[Slot]:
        busy = await busy_intervals(self.sessions, as_utc(start) - timedelta(days=1), as_utc(end) + timedelta(days=1))
        return generate_slots(self.rules, self.clock(), start, end, busy)

    async def exact_slot(self, start: datetime) -> Optional[Slot]:
        """The consultation starting exactly at ``start`` if the studio can take it, else None."""
        slot = bookable(self.rules, self.clock(), start)
        if slot is None:
            return None
        busy = await busy_intervals(self.sessions, slot.start - timedelta(days=1), slot.end + timedelta(days=1))
        return None if overlaps(slot, busy, self.rules.buffer) else slot

    async def book(self, slot: Slot, attendee: Attendee, lead_id: Optional[str],
                   conversation_id: str) -> BookingResult:
        wanted = bookable(self.rules, self.clock(), as_utc(slot.start))
        if wanted is None:
            raise BookingError(f"{slot.key} is not a time the studio offers")
        if await self.exact_slot(wanted.start) is None:
            raise SlotTaken(f"{slot.key} is already booked")
        booking = await record_booking(self.sessions, provider=self.name, slot=wanted, lead_id=lead_id,
                                       conversation_id=conversation_id, status=BookingStatus.requested,
                                       clear_of=self.rules.buffer, by_video=attendee.video)
        return BookingResult(booking_id=booking.id, provider=self.name, start=wanted.start, end=wanted.end,
                             status=BookingStatus.requested.value)

    async def cancel(self, booking_id: str, reason: str) -> None:
        await mark_cancelled(self.sessions, booking_id, reason)
