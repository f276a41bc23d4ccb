"""A time the visitor names: when the studio can take it, why not otherwise, the nearest free times,
and booking it in the studio's own calendar (off the grid, never overlapping another booking)."""
from __future__ import annotations

import asyncio
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.understanding.age import minor_in_conversation, says_minor
from bot.booking.base import Attendee, BookingError, BookingResult, Slot, SlotTaken
from bot.booking.calendar import CalendarProvider
from bot.booking.direct import look_up
from bot.booking.exact import bookable, nearest, refusal
from bot.store.models import Booking
from tests.booking.conftest import MakeSettings
from tests.booking.test_booking_slots import LONDON, rules

NOW = datetime(2026, 12, 1, 8, 0, tzinfo=timezone.utc)     # Tuesday morning
ANNA = Attendee(name="Anna", email="anna@example.com", time_zone="Europe/London")


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 12, day, hour, minute, tzinfo=LONDON).astimezone(timezone.utc)


@pytest.mark.parametrize("start,reason", [
    (at(3, 18, 30), None),                                  # Thursday evening, off the grid, within hours
    (at(3, 19, 30), None),                                  # ends 20:00 as the studio closes
    (at(3, 19, 45), "too close to closing time — on Thursdays the studio closes at 20:00"),
    (at(3, 20, 30), "outside the studio's opening hours (Thursdays 10:00–20:00)"),
    (at(3, 9, 30), "outside the studio's opening hours"),
    (at(6, 11), "on a Sunday, when the studio is closed"),
    (at(3, 18, 40), "on the hour or at a quarter past"),
    (at(1, 15), "too soon"), (at(1, 7), "already passed"), (at(28, 11), "further ahead"),
])
def test_what_the_studio_can_take(start: datetime, reason: Any) -> None:
    refused = refusal(rules(), NOW, start)
    if reason is None:
        assert refused is None and bookable(rules(), NOW, start) == Slot(start, start + timedelta(minutes=30))
    else:
        assert refused is not None and reason in refused.reason and bookable(rules(), NOW, start) is None


def test_closed_dates_are_refused() -> None:
    closed = rules(closed_dates=frozenset({at(3, 12).date()}))
    assert "closed" in refusal(closed, NOW, at(3, 12)).reason      # type: ignore[union-attr]


def test_nearest_times_that_day_first_then_other_days() -> None:
    slots = [Slot(s, s + timedelta(minutes=30)) for s in (at(2, 17), at(3, 10), at(3, 19), at(4, 10), at(8, 18),
                                                          at(3, 16))]
    page = nearest(slots, at(3, 18, 30), LONDON, 4)
    assert [s.start for s in page] == [at(3, 10), at(3, 16), at(3, 19), at(4, 10)]   # that day in time order
    assert [s.start for s in nearest(slots, at(6, 11), LONDON, 2)] == [at(4, 10), at(8, 18)]   # a Sunday


def _provider(make_settings: MakeSettings, sessions: async_sessionmaker[AsyncSession]) -> CalendarProvider:
    return CalendarProvider(make_settings(), sessions, clock=lambda: NOW)


async def test_a_named_time_off_the_grid_is_booked_and_blocks_its_neighbours(
        make_settings: MakeSettings, sessions: async_sessionmaker[AsyncSession]) -> None:
    provider = _provider(make_settings, sessions)
    wanted = at(3, 18, 30)
    assert await provider.exact_slot(wanted) == Slot(wanted, wanted + timedelta(minutes=30))
    result = await provider.book(Slot(wanted, wanted + timedelta(minutes=30)), ANNA, None, "named")
    assert result.start == wanted
    assert await provider.exact_slot(wanted) is None
    assert await provider.exact_slot(at(3, 18, 45)) is None                 # overlaps
    assert await provider.exact_slot(at(3, 19, 0)) is None                  # within the 15-minute buffer
    assert await provider.exact_slot(at(3, 19, 15)) is not None
    offered = [s.start for s in await provider.available_slots(at(3, 17), at(3, 20))]
    assert at(3, 18, 15) not in offered and at(3, 17, 30) in offered       # the grid's neighbour is gone
    with pytest.raises(SlotTaken):
        await provider.book(Slot(at(3, 18, 45), at(3, 19, 15)), ANNA, None, "late")
    with pytest.raises(BookingError):
        await provider.book(Slot(at(3, 18, 40), at(3, 19, 10)), ANNA, None, "odd")


async def test_two_overlapping_named_times_at_once_book_only_one(
        make_settings: MakeSettings, sessions: async_sessionmaker[AsyncSession]) -> None:
    """Different starts that overlap: the check inside the transaction lets exactly one through."""
    provider = _provider(make_settings, sessions)
    starts = [at(3, 18, 30), at(3, 18, 45)]
    results = await asyncio.gather(*(provider.book(Slot(s, s + timedelta(minutes=30)), ANNA, None, f"race-{i}")
                                     for i, s in enumerate(starts)), return_exceptions=True)
    assert sorted(type(r).__name__ for r in results) == ["BookingResult", "SlotTaken"], results
    async with sessions() as session:
        active = (await session.scalars(select(Booking).where(Booking.status == "requested"))).all()
    assert len(active) == 1 and active[0].id == next(r for r in results if isinstance(r, BookingResult)).booking_id


async def test_look_up_explains_a_taken_time_and_offers_the_nearest(
        make_settings: MakeSettings, sessions: async_sessionmaker[AsyncSession]) -> None:
    provider = _provider(make_settings, sessions)
    calendar_rules = provider.rules
    wanted = at(3, 18, 30)
    free = await look_up(provider, calendar_rules, wanted, NOW, 5)
    assert free.free == Slot(wanted, wanted + timedelta(minutes=30))
    await provider.book(free.free, ANNA, None, "first")
    taken = await look_up(provider, calendar_rules, wanted, NOW, 5)
    assert taken.free is None and taken.reason == "is already booked"
    days = [s.start.astimezone(LONDON).date() for s in taken.nearest]
    assert len(taken.nearest) == 5 and days[0] == wanted.astimezone(LONDON).date()
    sunday = await look_up(provider, calendar_rules, at(6, 11), NOW, 3)
    assert "closed" in sunday.reason and len(sunday.nearest) == 3


@pytest.mark.parametrize("said,minor", [
    ("im 17", True), ("I'm 16 years old", True), ("I am seventeen", True), ("I'm under 18", True),
    ("my daughter is 15", True), ("can my daughter come, she is 16", True), ("I'm 34", False),
    ("im 18", False), ("I'm over 18", False),
    ("16", None), ("i'm 17:30 free", None), ("I'm 17 weeks pregnant", None), ("my scar is 17 years old", None),
    ("I'm 5 foot 2", None), ("i'm 10 minutes away", None), ("he is 40", None), ("/book_consultation", None),
])
def test_only_clear_statements_of_age_count(said: str, minor: Any) -> None:
    assert says_minor(said) is minor


def test_the_latest_word_on_age_wins() -> None:
    said = [{"event": "user", "text": "I'd like to book"}, {"event": "user", "text": "im 17"}]
    assert minor_in_conversation(said)
    assert not minor_in_conversation([*said, {"event": "user", "text": "sorry, typo, I'm 27"}])
    intake = [{"event": "slot", "name": "adult", "value": "no"}, {"event": "slot", "name": "adult", "value": None}]
    assert minor_in_conversation(intake)                       # the intake forgets the answer, not the fact
    assert not minor_in_conversation([*intake, {"event": "slot", "name": "adult", "value": "yes"}])
    assert minor_in_conversation([{"event": "user", "text": "hi"}], 21) is False
    assert says_minor("I'm 19", 21) is True                     # the studio's own minimum age
