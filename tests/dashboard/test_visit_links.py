"""The signed links of a reminder e-mail against the real web app: confirm attendance (shown on the lead page),
cancel the consultation (the booking and its remaining reminders, audit, the practitioner sees it), change it
(how: the chat or the studio's phone); expired, tampered and used links get a kind page."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from urllib.parse import unquote, urlsplit

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient
from sqlalchemy import select

from bot.channels.resume import open_token, resume_secret
from bot.dashboard.clock import Clock
from bot.followup import plan
from bot.followup.models import AttendanceConfirmation, ScheduledMessage
from bot.followup.scheduler import stop_url
from bot.followup.visit_links import visit_links
from bot.settings import Settings
from bot.store.models import AuditEntry, Booking, BookingStatus, Lead
from tests.dashboard.factories import Store, add_booking, add_lead


@pytest.fixture
async def visitor(aiohttp_client, app: web.Application) -> TestClient:  # type: ignore[no-untyped-def]
    """Someone opening the links from their e-mail: no dashboard session."""
    return await aiohttp_client(app)


def _links(settings: Settings, booking: Booking, now: datetime) -> dict[str, tuple[str, str]]:
    """action -> (path, token)"""
    found = {}
    for _, url in visit_links(settings, booking.id, booking.end_at, now):
        parts = urlsplit(url)
        found[parts.path.rsplit("/", 1)[1]] = (parts.path, unquote(parts.query.removeprefix("t=")))
    return found


async def _booked(store: Store, settings: Settings, clock: Clock) -> tuple[Lead, Booking]:
    lead = await add_lead(store.sessions, "Anna", concern="areola", email="anna@example.com")
    start = (clock.utcnow() + timedelta(days=4)).replace(minute=0, second=0, microsecond=0)
    booking = await add_booking(store.sessions, lead, start, status=BookingStatus.confirmed)
    await plan.sync_bookings(store.sessions, settings, clock.utcnow())
    return lead, booking


async def _audit(store: Store, lead_id: str) -> list[str]:
    async with store.sessions() as session:
        return list((await session.scalars(select(AuditEntry.action).where(
            AuditEntry.target == lead_id, AuditEntry.actor == "visitor"))).all())


async def test_the_links_name_no_one_and_carry_no_health_data(store: Store, settings: Settings,
                                                               clock: Clock) -> None:
    lead, booking = await _booked(store, settings, clock)
    links = visit_links(settings, booking.id, booking.end_at, clock.utcnow())
    assert [label for label, _ in links] == ["Confirm you are coming", "Cancel the consultation", "Change the time"]
    for _, url in links:
        assert url.startswith("https://studio.example/consultation/")
        for private in (booking.id, lead.id, "anna", "Anna", "areola", lead.conversation_id):
            assert private not in url
    token = _links(settings, booking, clock.utcnow())["confirm"][1]
    assert open_token(token, resume_secret(settings.env)) == f"visit:{booking.id}"
    assert visit_links(settings, booking.id, booking.end_at, booking.end_at) == ()      # nothing after it


async def test_confirming_is_recorded_once_and_shown_to_the_practitioner(
        visitor: TestClient, signed_in: TestClient, store: Store, settings: Settings, clock: Clock) -> None:
    lead, booking = await _booked(store, settings, clock)
    path, token = _links(settings, booking, clock.utcnow())["confirm"]
    opened = await visitor.get(path, params={"t": token})
    text = await opened.text()
    assert opened.status == 200 and "Yes, I will be there" in text and "Confirm your consultation?" in text
    assert await store.count(AttendanceConfirmation) == 0                 # opening the link changes nothing

    done = await visitor.post(path, data={"t": token})
    assert done.status == 200 and "Thank you — see you then" in await done.text()
    again = await visitor.post(path, data={"t": token})
    assert again.status == 200 and "You had already confirmed" in await again.text()
    assert await store.count(AttendanceConfirmation) == 1
    assert await _audit(store, lead.id) == ["visit_confirmed"]
    page = await (await signed_in.get(f"/dashboard/leads/{lead.id}")).text()
    assert page.count("The visitor confirmed they will come to the consultation of") == 2    # on both reminders


async def test_cancelling_cancels_the_booking_and_its_reminders_and_the_practitioner_sees_it(
        visitor: TestClient, signed_in: TestClient, store: Store, settings: Settings, clock: Clock) -> None:
    lead, booking = await _booked(store, settings, clock)
    path, token = _links(settings, booking, clock.utcnow())["cancel"]
    opened = await visitor.get(path, params={"t": token})
    assert "Cancel the consultation" in await opened.text()
    assert (await store.get(Booking, booking.id)).status == BookingStatus.confirmed      # type: ignore[union-attr]

    done = await visitor.post(path, data={"t": token})
    text = await done.text()
    assert done.status == 200 and "Your consultation is cancelled" in text and "/demo?resume=" in text
    assert (await store.get(Booking, booking.id)).status == BookingStatus.cancelled      # type: ignore[union-attr]
    async with store.sessions() as session:
        states = (await session.scalars(select(ScheduledMessage.state).where(
            ScheduledMessage.booking_id == booking.id))).all()
    assert list(states) == ["cancelled", "cancelled"]
    assert await _audit(store, lead.id) == ["visit_cancelled"]

    used = await visitor.post(path, data={"t": token})
    assert used.status == 200 and "This consultation is already cancelled" in await used.text()
    confirm_path, confirm_token = _links(settings, booking, clock.utcnow())["confirm"]
    late = await visitor.post(confirm_path, data={"t": confirm_token})
    assert "This consultation was cancelled" in await late.text()
    assert await store.count(AttendanceConfirmation) == 0 and await _audit(store, lead.id) == ["visit_cancelled"]
    page = await (await signed_in.get(f"/dashboard/leads/{lead.id}")).text()
    assert 'class="badge booking-cancelled">Cancelled</span>' in page
    audit_page = await (await signed_in.get("/dashboard/audit")).text()
    assert "Visitor cancelled a consultation (e-mail link)" in audit_page


async def test_the_change_page_says_how(visitor: TestClient, store: Store, settings: Settings, clock: Clock) -> None:
    _, booking = await _booked(store, settings, clock)
    path, token = _links(settings, booking, clock.utcnow())["change"]
    page = await visitor.get(path, params={"t": token})
    text = await page.text()
    assert page.status == 200 and "Change your consultation" in text
    assert "/demo?resume=" in text and str(settings.studio["phone"]) in text
    assert (await store.get(Booking, booking.id)).status == BookingStatus.confirmed      # type: ignore[union-attr]


async def test_expired_tampered_and_foreign_links_get_a_kind_page(visitor: TestClient, store: Store,
                                                                  settings: Settings, clock: Clock) -> None:
    lead, booking = await _booked(store, settings, clock)
    path, token = _links(settings, booking, clock.utcnow())["cancel"]
    tampered = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    foreign = urlsplit(stop_url(settings, lead.id)).query.removeprefix("t=")           # a stop link's token
    for bad in (tampered, foreign, "", "x" * 500):
        for response in (await visitor.get(path, params={"t": bad}), await visitor.post(path, data={"t": bad})):
            assert response.status == 404
            text = await response.text()
            assert "This link is no longer valid" in text and str(settings.studio["phone"]) in text
    start = booking.start_at if booking.start_at.tzinfo else booking.start_at.replace(tzinfo=timezone.utc)
    clock.advance((start + timedelta(minutes=31) - clock.utcnow()).total_seconds())       # the consultation is over
    late = await visitor.post(path, data={"t": token})
    assert late.status == 404 and "This link is no longer valid" in await late.text()
    assert (await store.get(Booking, booking.id)).status == BookingStatus.confirmed      # type: ignore[union-attr]


async def test_erasure_takes_the_confirmation_with_it(visitor: TestClient, store: Store, settings: Settings,
                                                      clock: Clock) -> None:
    from bot.store.leads import erase_conversation
    lead, booking = await _booked(store, settings, clock)
    path, token = _links(settings, booking, clock.utcnow())["confirm"]
    await visitor.post(path, data={"t": token})
    assert await store.count(AttendanceConfirmation) == 1
    assert await erase_conversation(store.sessions, store.tracker, lead.conversation_id)
    assert await store.count(AttendanceConfirmation) == 0
    gone = await visitor.post(path, data={"t": token})                  # the link of an erased booking
    assert gone.status == 404 and "This link is no longer valid" in await gone.text()


async def test_a_booking_the_assistant_cannot_cancel_goes_to_the_practitioner(
        visitor: TestClient, signed_in: TestClient, store: Store, settings: Settings, clock: Clock) -> None:
    from bot.store.models import Handoff
    lead = await add_lead(store.sessions, "Anna", email="anna@example.com")
    start = (clock.utcnow() + timedelta(days=4)).replace(minute=0, second=0, microsecond=0)
    booking = await add_booking(store.sessions, lead, start, status=BookingStatus.confirmed, provider="link")
    path, token = _links(settings, booking, clock.utcnow())["cancel"]
    done = await visitor.post(path, data={"t": token})
    assert done.status == 200 and "We have passed it on" in await done.text()
    assert (await store.get(Booking, booking.id)).status == BookingStatus.confirmed      # type: ignore[union-attr]
    assert await _audit(store, lead.id) == ["visit_cancel_failed"]
    assert await store.count(Handoff, Handoff.lead_id == lead.id) == 1
    todo = await (await signed_in.get("/dashboard/queues")).text()
    assert "asked to cancel the consultation" in todo
