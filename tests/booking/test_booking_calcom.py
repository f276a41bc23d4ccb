"""The Cal.com v2 client and provider against a local fake server speaking the documented API."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone
from typing import AsyncIterator

import pytest
import pytest_asyncio
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.booking.base import Attendee, ProviderUnavailable, Slot, SlotTaken
from bot.booking.calcom import CalcomClient, CalcomError, CalcomProvider, retry_after_seconds
from bot.booking.config import CalcomConfig, booking_config
from bot.store.models import Booking, BookingStatus, Lead, LeadStatus
from tests.booking.conftest import MakeSettings
from tests.fakes.calcom import FakeCalcom

KEY = "test-calcom-key"
START = datetime(2026, 12, 2, 10, 0, tzinfo=timezone.utc)
STARTS = [START + timedelta(minutes=45 * i) for i in range(4)] + [START + timedelta(days=1)]
ANNA = Attendee(name="Anna", email="anna@example.com", phone="+447911123456", time_zone="Europe/London")


class Sleeps(list):
    async def __call__(self, seconds: float) -> None:
        self.append(seconds)


@pytest_asyncio.fixture
async def fake() -> AsyncIterator[FakeCalcom]:
    server = FakeCalcom(api_key=KEY, event_type_id=123456)
    server.set_slots(STARTS)
    await server.start()
    yield server
    await server.stop()


def _config(fake: FakeCalcom, **overrides: object) -> CalcomConfig:
    return replace(CalcomConfig(base_url=fake.base_url, event_type_id=123456, api_key=KEY, timeout_seconds=2.0,
                                retries=2, backoff_seconds=0.5, max_wait_seconds=5.0), **overrides)  # type: ignore


def _provider(fake: FakeCalcom, make_settings: MakeSettings, sessions: async_sessionmaker[AsyncSession],
              sleeps: Sleeps, **overrides: object) -> CalcomProvider:
    config = replace(booking_config(make_settings(booking={"provider": "calcom"})),
                     calcom=_config(fake, **overrides))
    return CalcomProvider(config, sessions, "Europe/London", CalcomClient(config.calcom, sleep=sleeps))


async def _lead(sessions: async_sessionmaker[AsyncSession], conversation_id: str) -> str:
    async with sessions.begin() as session:
        lead = Lead(conversation_id=conversation_id, channel="rest", first_name="Anna", email="anna@example.com")
        session.add(lead)
    return lead.id


def test_settings_take_the_key_and_base_url_from_the_environment(make_settings: MakeSettings) -> None:
    settings = make_settings(booking={"provider": "calcom"},
                             env={"CALCOM_API_KEY": "k-1", "CALCOM_BASE_URL": "http://127.0.0.1:9/"})
    config = booking_config(settings).calcom
    assert (config.api_key, config.base_url, config.event_type_id) == ("k-1", "http://127.0.0.1:9", 123456)
    assert (config.api_version, config.slots_api_version) == ("2024-08-13", "2024-09-04")
    assert booking_config(make_settings(booking={"provider": "calcom"}, env={})).calcom.base_url == \
        "https://api.cal.com"


async def test_slots_request_and_response(fake: FakeCalcom) -> None:
    client = CalcomClient(_config(fake))
    found = await client.slots(START - timedelta(hours=1), START + timedelta(days=2), "Europe/London")
    assert [s for s, _ in found] == STARTS
    [call] = fake.calls("GET", "/v2/slots")
    assert call.headers["authorization"] == f"Bearer {KEY}"
    assert call.headers["cal-api-version"] == "2024-09-04"
    assert call.query == {"eventTypeId": "123456", "start": "2026-12-02T09:00:00Z", "end": "2026-12-04T10:00:00Z",
                          "timeZone": "Europe/London"}


async def test_a_booking_is_created_at_calcom_and_in_our_database(
        fake: FakeCalcom, make_settings: MakeSettings, sessions: async_sessionmaker[AsyncSession]) -> None:
    provider = _provider(fake, make_settings, sessions, Sleeps())
    lead_id = await _lead(sessions, "cal-1")
    [slot, *_] = await provider.available_slots(START - timedelta(hours=1), START + timedelta(days=2))
    assert slot == Slot(START, START + timedelta(minutes=30))
    result = await provider.book(slot, ANNA, lead_id, "cal-1")
    [call] = fake.calls("POST", "/v2/bookings")
    assert call.headers["cal-api-version"] == "2024-08-13" and call.headers["authorization"] == f"Bearer {KEY}"
    assert call.json == {"start": "2026-12-02T10:00:00Z", "eventTypeId": 123456,
                         "attendee": {"name": "Anna", "email": "anna@example.com", "timeZone": "Europe/London",
                                      "language": "en", "phoneNumber": "+447911123456"},
                         "metadata": {"lead_id": lead_id, "source": "chat assistant", "consultation": "in person"}}
    uid = next(iter(fake.bookings))
    assert result.external_id == uid and result.status == "requested"         # the event type needs confirmation
    async with sessions() as session:
        booking = await session.get(Booking, result.booking_id)
        lead = await session.get(Lead, lead_id)
    assert booking is not None and booking.external_id == uid and booking.provider == "calcom"
    assert lead is not None and lead.status == LeadStatus.consultation_booked


async def test_an_accepted_booking_is_confirmed(fake: FakeCalcom, make_settings: MakeSettings,
                                                sessions: async_sessionmaker[AsyncSession]) -> None:
    fake.requires_confirmation = False
    provider = _provider(fake, make_settings, sessions, Sleeps())
    result = await provider.book(Slot(START, START + timedelta(minutes=30)), ANNA, None, "cal-2")
    assert result.status == BookingStatus.confirmed.value


async def test_a_time_taken_at_calcom_raises_slot_taken(fake: FakeCalcom, make_settings: MakeSettings,
                                                        sessions: async_sessionmaker[AsyncSession]) -> None:
    provider = _provider(fake, make_settings, sessions, Sleeps())
    slot = Slot(START, START + timedelta(minutes=30))
    await provider.book(slot, ANNA, None, "cal-3a")
    with pytest.raises(SlotTaken):
        await provider.book(slot, replace(ANNA, name="Bea", email="bea@example.com"), None, "cal-3b")
    async with sessions() as session:
        rows = (await session.scalars(select(Booking))).all()
    assert [r.conversation_id for r in rows] == ["cal-3a"]


async def test_server_errors_are_retried_with_exponential_backoff(fake: FakeCalcom) -> None:
    sleeps = Sleeps()
    fake.fail(500, times=2)
    client = CalcomClient(_config(fake), sleep=sleeps)
    assert await client.slots(START, START + timedelta(days=1), "Europe/London")
    assert len(fake.calls("GET", "/v2/slots")) == 3
    assert sleeps == [0.5, 1.0]


async def test_429_respects_retry_after(fake: FakeCalcom) -> None:
    sleeps = Sleeps()
    fake.fail(429, times=1, retry_after="3")
    client = CalcomClient(_config(fake), sleep=sleeps)
    await client.slots(START, START + timedelta(days=1), "Europe/London")
    assert sleeps == [3.0]
    fake.fail(429, times=1, retry_after="120")               # longer than a visitor should wait
    with pytest.raises(ProviderUnavailable):
        await client.slots(START, START + timedelta(days=1), "Europe/London")
    assert len(fake.calls("GET")) == 3


def test_retry_after_as_a_date() -> None:
    now = datetime(2026, 12, 1, 10, 0, tzinfo=timezone.utc)
    assert retry_after_seconds("Tue, 01 Dec 2026 10:00:07 GMT", now) == 7.0
    assert retry_after_seconds("soon", now) is None and retry_after_seconds(None) is None


async def test_an_api_that_stays_down_gives_provider_unavailable(
        fake: FakeCalcom, make_settings: MakeSettings, sessions: async_sessionmaker[AsyncSession]) -> None:
    sleeps = Sleeps()
    fake.fail(503, times=10)
    provider = _provider(fake, make_settings, sessions, sleeps)
    with pytest.raises(ProviderUnavailable):
        await provider.book(Slot(START, START + timedelta(minutes=30)), ANNA, None, "cal-4")
    assert len(fake.calls("POST", "/v2/bookings")) == 3 and sleeps == [0.5, 1.0]
    async with sessions() as session:
        assert (await session.scalars(select(Booking))).all() == []


async def test_timeouts_and_unreachable_servers(fake: FakeCalcom) -> None:
    sleeps = Sleeps()
    fake.slow(1.0, times=1)
    client = CalcomClient(_config(fake, timeout_seconds=0.3), sleep=sleeps)
    assert await client.slots(START, START + timedelta(days=1), "Europe/London")    # the retry answers in time
    assert sleeps == [0.5]
    closed = CalcomClient(_config(fake, base_url="http://127.0.0.1:9", retries=1), sleep=Sleeps())
    with pytest.raises(ProviderUnavailable):
        await closed.slots(START, START + timedelta(days=1), "Europe/London")


async def test_authentication_problems(fake: FakeCalcom, make_settings: MakeSettings,
                                       sessions: async_sessionmaker[AsyncSession]) -> None:
    with pytest.raises(CalcomError) as error:
        await CalcomClient(_config(fake, api_key="wrong")).slots(START, START, "Europe/London")
    assert error.value.status == 401
    provider = _provider(fake, make_settings, sessions, Sleeps(), api_key="wrong")
    with pytest.raises(ProviderUnavailable):
        await provider.available_slots(START, START + timedelta(days=1))
    fake.reset()
    with pytest.raises(ProviderUnavailable):
        await CalcomClient(_config(fake, api_key=None)).slots(START, START, "Europe/London")
    assert fake.calls() == []                                  # no key: nothing is sent


async def test_cancel_at_calcom_and_in_our_database(fake: FakeCalcom, make_settings: MakeSettings,
                                                    sessions: async_sessionmaker[AsyncSession]) -> None:
    provider = _provider(fake, make_settings, sessions, Sleeps())
    lead_id = await _lead(sessions, "cal-5")
    result = await provider.book(Slot(START, START + timedelta(minutes=30)), ANNA, lead_id, "cal-5")
    await provider.cancel(result.booking_id, "cancelled by the visitor")
    [call] = fake.calls("POST", f"/v2/bookings/{result.external_id}/cancel")
    assert call.json == {"cancellationReason": "cancelled by the visitor"}
    assert call.headers["cal-api-version"] == "2024-08-13"
    assert fake.bookings[str(result.external_id)]["status"] == "cancelled"
    async with sessions() as session:
        booking = await session.get(Booking, result.booking_id)
        lead = await session.get(Lead, lead_id)
    assert booking is not None and booking.status == BookingStatus.cancelled
    assert lead is not None and lead.status == LeadStatus.new
    second = Slot(STARTS[1], STARTS[1] + timedelta(minutes=30))
    again = await provider.book(second, ANNA, lead_id, "cal-5")
    fake.fail(500, times=5)
    with pytest.raises(ProviderUnavailable):                  # Cal.com down: our booking stays active
        await provider.cancel(again.booking_id, "cancelled by the visitor")
    async with sessions() as session:
        still = await session.get(Booking, again.booking_id)
    assert still is not None and still.status == BookingStatus.requested
