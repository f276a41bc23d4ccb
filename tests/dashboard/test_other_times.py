"""A decline can offer other times: the practitioner ticks up to 3 of the free times listed on the decline form
(the studio's own calendar, as studio.yml sets it up), and the visitor is told the decline with those times: as
buttons in an open chat (the Rasa server's relay is a stand-in here; tests/live/test_other_times.py taps one in
the real widget), as text in an e-mail when the chat is closed."""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from aiohttp.test_utils import TestClient
from sqlalchemy import select

from bot.booking.base import parse_iso
from bot.store.models import AuditEntry, BookingStatus, LeadStatus, VisitorNotice
from tests.dashboard.factories import Store, add_booking, add_lead, csrf
from tests.dashboard.test_conversations import FakeRelay, Inbox, relay, settings, smtp  # noqa: F401

REQUESTED = datetime.now(timezone.utc).replace(minute=0, second=0, microsecond=0) + timedelta(days=5)
OFFERED = re.compile(r'<input type="checkbox" name="time" value="([^"]+)"> ([^<]+)</label>')
LONDON = ZoneInfo("Europe/London")          # the studio's time zone (studio.yml)


def said(iso: str) -> str:
    """How the visitor reads a time: "Tuesday 9 December at 10:00"."""
    local = parse_iso(iso).astimezone(LONDON)
    return f"{local:%A} {local.day} {local:%B} at {local:%H:%M}"


def button(iso: str) -> dict[str, str]:
    """The button the visitor gets for a time: the short label, and a request the booking flow reads."""
    local = parse_iso(iso).astimezone(LONDON)
    return {"title": f"{local:%a} {local.day} {local:%b}, {local:%H:%M}", "payload": f"Can I book {said(iso)}?"}


async def _free_on_form(client: TestClient) -> list[tuple[str, str]]:
    page = await (await client.get("/dashboard/queues")).text()
    assert "Offer other times instead (up to 3; the visitor can book them)" in page
    return OFFERED.findall(page)


async def _decline(client: TestClient, booking_id: str, times: list[str], reason: str = "") -> tuple[int, str]:
    token = await csrf(client, "/dashboard/queues")
    fields = [("csrf_token", token), ("decision", "decline"), ("reason", reason), *(("time", t) for t in times)]
    response = await client.post(f"/dashboard/bookings/{booking_id}/decision", data=fields, allow_redirects=False)
    page = await (await client.get("/dashboard/queues")).text() if response.status == 303 else await response.text()
    return response.status, page


async def _notice(store: Store) -> VisitorNotice:
    async with store.sessions() as session:
        found = (await session.scalars(select(VisitorNotice).order_by(VisitorNotice.id.desc()))).first()
    assert found is not None
    return found


async def test_the_open_chat_gets_the_decline_with_a_button_per_time(relay: FakeRelay, signed_in: TestClient,  # noqa: F811
                                                                      store: Store) -> None:
    lead = await add_lead(store.sessions, "Ana", status=LeadStatus.consultation_booked)
    booking = await add_booking(store.sessions, lead, REQUESTED)
    free = await _free_on_form(signed_in)
    assert 3 < len(free) <= 8 and all(parse_iso(iso) > datetime.now(timezone.utc) for iso, _ in free)
    assert REQUESTED.isoformat() not in [iso for iso, _ in free]          # the requested time is not free
    first, second = free[0][0], free[3][0]
    assert free[0][1].startswith(said(first))                            # the form lists them in the studio's time

    status, page = await _decline(signed_in, booking.id, [first, second], "Marta is on a course that day")
    assert status == 303 and "Booking declined, with 2 other times offered." in page

    [notified] = relay.of("notify")
    assert notified["text"] == (
        f"I'm sorry: Lumen Skin Studio can't offer the consultation on {said(REQUESTED.isoformat())} "
        f"({REQUESTED.astimezone(LONDON).tzname()}) after all. The studio says: “Marta is on a course that day” "
        f"The studio can offer you one of these times instead: {said(first)} or {said(second)}. Tell me if you'd "
        "like one of them and I'll book it. You can also ask me for another time, or for a call back.")
    [buttons] = relay.buttons
    assert buttons == [button(first), button(second)]
    assert (await _notice(store)).buttons == buttons

    async with store.sessions() as session:
        details = await session.scalar(select(AuditEntry.details).where(AuditEntry.action == "booking"))
    assert details == "declined, other times offered"
    header = await (await signed_in.get(f"/dashboard/leads/{lead.id}")).text()
    assert "Booking declined" in header                                   # until the visitor books one


async def test_a_closed_chat_reads_the_times_in_the_email(smtp: tuple[Inbox, int], relay: FakeRelay,  # noqa: F811
                                                           signed_in: TestClient, store: Store) -> None:
    relay.delivered, relay.delivery = False, "not_connected"
    lead = await add_lead(store.sessions, "Bo", email="bo@example.com")
    booking = await add_booking(store.sessions, lead, REQUESTED)
    free = await _free_on_form(signed_in)
    status, _ = await _decline(signed_in, booking.id, [free[1][0]])
    assert status == 303
    [mail] = smtp[0].messages
    body = mail.get_body(("plain",)).get_content()
    assert (f"The studio can offer you this time instead: {said(free[1][0])}. Tell me if you'd like it and I'll "
            "book it.") in " ".join(body.split())


async def test_no_more_than_three_and_a_time_taken_meanwhile_is_not_offered(relay: FakeRelay,  # noqa: F811
                                                                            signed_in: TestClient,
                                                                            store: Store) -> None:
    lead = await add_lead(store.sessions, "Cy")
    booking = await add_booking(store.sessions, lead, REQUESTED)
    free = [iso for iso, _ in await _free_on_form(signed_in)]
    status, page = await _decline(signed_in, booking.id, free[:4])
    assert status == 303 and "Choose at most 3 other times. Nothing was changed." in page
    async with store.sessions() as session:
        assert (await session.get(type(booking), booking.id)).status == BookingStatus.requested   # nothing changed

    other = await add_lead(store.sessions, "Dee")
    await add_booking(store.sessions, other, parse_iso(free[0]))           # somebody took the first meanwhile
    status, page = await _decline(signed_in, booking.id, free[:2])
    assert status == 303
    assert "Booking declined, with 1 other time offered. 1 of the times you chose had just been taken and was not " \
           "offered." in page
    assert relay.buttons == [[button(free[1])]]


async def test_a_decline_without_times_says_what_it_always_said(relay: FakeRelay, signed_in: TestClient,  # noqa: F811
                                                                 store: Store) -> None:
    lead = await add_lead(store.sessions, "Eve")
    booking = await add_booking(store.sessions, lead, REQUESTED)
    status, page = await _decline(signed_in, booking.id, [])
    assert "Booking declined." in page and relay.buttons == []
    assert relay.of("notify")[0]["text"].endswith("Just ask me for another time, or ask for a call back.")
