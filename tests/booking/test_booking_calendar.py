"""The embedded calendar provider against a real database: book, race, cancel, lead status."""
from __future__ import annotations

import asyncio
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.booking.base import Attendee, BookingError, BookingResult, Slot, SlotTaken, as_utc
from bot.booking.calendar import CalendarProvider
from bot.booking.providers import make_provider
from bot.booking.store import record_booking, upcoming_bookings
from bot.store.models import Booking, BookingStatus, Lead, LeadStatus, StatusChange
from tests.booking.conftest import MakeSettings

NOW = datetime(2026, 12, 1, 8, 0, tzinfo=timezone.utc)     # Tuesday morning
ANNA = Attendee(name="Anna", email="anna@example.com", time_zone="Europe/London")


async def _lead(sessions: async_sessionmaker[AsyncSession], conversation_id: str) -> str:
    async with sessions.begin() as session:
        lead = Lead(conversation_id=conversation_id, channel="rest", first_name="Anna", email="anna@example.com")
        session.add(lead)
    return lead.id


def _provider(make_settings: MakeSettings, sessions: async_sessionmaker[AsyncSession],
              **booking: Any) -> CalendarProvider:
    return CalendarProvider(make_settings(booking=booking), sessions, clock=lambda: NOW)


async def test_times_are_offered_and_a_booked_one_disappears(make_settings: MakeSettings,
                                                            sessions: async_sessionmaker[AsyncSession]) -> None:
    provider = _provider(make_settings, sessions)
    slots = await provider.available_slots(NOW, NOW + timedelta(days=3))
    assert slots[0].start == datetime(2026, 12, 2, 10, 0, tzinfo=timezone.utc)   # 12 hours' notice
    lead_id = await _lead(sessions, "c1")
    result = await provider.book(slots[0], ANNA, lead_id, "c1")
    assert (result.status, result.provider, result.start) == ("requested", "calendar", slots[0].start)
    again = await provider.available_slots(NOW, NOW + timedelta(days=3))
    assert slots[0] not in again and slots[1] in again


async def test_booking_moves_the_lead_to_consultation_booked(make_settings: MakeSettings,
                                                             sessions: async_sessionmaker[AsyncSession]) -> None:
    provider = _provider(make_settings, sessions)
    lead_id = await _lead(sessions, "c2")
    slot = (await provider.available_slots(NOW, NOW + timedelta(days=3)))[2]
    result = await provider.book(slot, ANNA, lead_id, "c2")
    async with sessions() as session:
        lead = await session.get(Lead, lead_id)
        booking = await session.get(Booking, result.booking_id)
        changes = (await session.scalars(select(StatusChange).where(StatusChange.lead_id == lead_id))).all()
    assert lead is not None and lead.status == LeadStatus.consultation_booked
    assert [(c.from_status, c.to_status) for c in changes] == [("new", "consultation_booked")]
    assert booking is not None and booking.status == BookingStatus.requested and booking.lead_id == lead_id
    assert as_utc(booking.start_at) == slot.start and booking.conversation_id == "c2"


async def test_only_offered_times_can_be_booked(make_settings: MakeSettings,
                                                sessions: async_sessionmaker[AsyncSession]) -> None:
    provider = _provider(make_settings, sessions)
    odd = datetime(2026, 12, 2, 10, 5, tzinfo=timezone.utc)
    with pytest.raises(BookingError):
        await provider.book(Slot(odd, odd + timedelta(minutes=30)), ANNA, None, "c3")
    sunday = datetime(2026, 12, 6, 10, 0, tzinfo=timezone.utc)
    with pytest.raises(BookingError):
        await provider.book(Slot(sunday, sunday + timedelta(minutes=30)), ANNA, None, "c3")


async def test_two_visitors_choosing_the_same_time_at_once(make_settings: MakeSettings,
                                                           sessions: async_sessionmaker[AsyncSession]) -> None:
    """Both pass the availability check; the unique index lets exactly one booking through."""
    provider = _provider(make_settings, sessions)
    slot = (await provider.available_slots(NOW, NOW + timedelta(days=3)))[0]
    leads = [await _lead(sessions, f"race-{i}") for i in range(2)]
    results = await asyncio.gather(*(provider.book(slot, ANNA, lead, f"race-{i}") for i, lead in enumerate(leads)),
                                   return_exceptions=True)
    assert sorted(type(r).__name__ for r in results) == ["BookingResult", "SlotTaken"]
    winner = next(r for r in results if isinstance(r, BookingResult))
    async with sessions() as session:
        active = (await session.scalars(select(Booking).where(Booking.status.in_(("requested", "confirmed"))))).all()
        statuses = {lead: (await session.get(Lead, lead)).status for lead in leads}  # type: ignore[union-attr]
    assert [b.id for b in active] == [winner.booking_id]
    winner_lead = active[0].lead_id
    assert statuses[winner_lead] == LeadStatus.consultation_booked
    assert [s for lead, s in statuses.items() if lead != winner_lead] == [LeadStatus.new]   # nothing half-done


async def test_many_concurrent_inserts_of_one_slot(make_settings: MakeSettings,
                                                   sessions: async_sessionmaker[AsyncSession]) -> None:
    start = datetime(2026, 12, 3, 10, 0, tzinfo=timezone.utc)
    slot = Slot(start, start + timedelta(minutes=30))
    results = await asyncio.gather(*(record_booking(sessions, provider="calendar", slot=slot, lead_id=None,
                                                    conversation_id=f"many-{i}") for i in range(6)),
                                   return_exceptions=True)
    assert sum(isinstance(r, Booking) for r in results) == 1
    assert sum(isinstance(r, SlotTaken) for r in results) == 5


async def test_a_cancelled_time_is_free_again_and_the_lead_goes_back(make_settings: MakeSettings,
                                                                    sessions: async_sessionmaker[AsyncSession]) -> None:
    provider = _provider(make_settings, sessions)
    lead_id = await _lead(sessions, "c4")
    slot = (await provider.available_slots(NOW, NOW + timedelta(days=3)))[0]
    first = await provider.book(slot, ANNA, lead_id, "c4")
    await provider.cancel(first.booking_id, "visitor asked")
    async with sessions() as session:
        lead = await session.get(Lead, lead_id)
        booking = await session.get(Booking, first.booking_id)
    assert booking is not None and booking.status == BookingStatus.cancelled
    assert lead is not None and lead.status == LeadStatus.new
    second = await provider.book(slot, ANNA, lead_id, "c4")         # the partial index ignores cancelled rows
    assert second.booking_id != first.booking_id
    assert [b.id for b in await upcoming_bookings(sessions, "c4", now=NOW)] == [second.booking_id]


def test_the_provider_is_chosen_in_the_settings(make_settings: MakeSettings) -> None:
    sessions: Any = None
    assert make_provider(make_settings(), sessions).name == "calendar"
    assert make_provider(make_settings(booking={"provider": "calcom"}), sessions).name == "calcom"
    assert make_provider(make_settings(booking={"provider": "link"}), sessions).name == "link"
    with pytest.raises(ValueError):
        make_provider(make_settings(booking={"provider": "fax"}), sessions)
