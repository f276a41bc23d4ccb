"""The queues: handoff requests and booking requests, and what the visitor is told."""
from __future__ import annotations

from datetime import datetime, timezone

from aiohttp.test_utils import TestClient
from sqlalchemy import select

from bot.store.leads import take_notices
from bot.store.models import (AuditEntry, Booking, BookingStatus, Handoff, Lead, LeadStatus, StatusChange,
                              VisitorNotice)
from tests.dashboard.factories import Store, add_booking, add_handoff, add_lead, csrf, post

SLOT = datetime(2031, 7, 1, 13, 30, tzinfo=timezone.utc)      # 14:30 in London (BST)


async def test_the_queues_list_what_waits(signed_in: TestClient, store: Store) -> None:
    anna = await add_lead(store.sessions, "Anna", phone="+447911123456")
    bea = await add_lead(store.sessions, "Bea")
    await add_booking(store.sessions, anna, SLOT)
    await add_booking(store.sessions, bea, datetime(2031, 7, 2, 9, 0, tzinfo=timezone.utc),
                      status=BookingStatus.confirmed)
    await add_handoff(store.sessions, bea, "time_preference", "Saturday mornings")
    done = await add_handoff(store.sessions, anna, "person")
    async with store.sessions.begin() as session:
        (await session.get(Handoff, done.id)).status = "done"
    html = await (await signed_in.get("/dashboard/queues")).text()
    assert "1 Jul 2031, 14:30" in html and "2 Jul 2031" not in html
    assert "No suitable time offered" in html and "Saturday mornings" in html
    assert "Asked for a person</strong>" not in html
    assert 'Booking requests <span class="tab-count">1</span>' in html
    assert 'To do <span class="count-pill">2</span>' in html


async def test_confirming_a_booking(signed_in: TestClient, store: Store) -> None:
    lead = await add_lead(store.sessions, "Anna")
    booking = await add_booking(store.sessions, lead, SLOT)
    response = await post(signed_in, f"/dashboard/bookings/{booking.id}/decision", {"decision": "confirm"})
    assert response.status == 303 and response.headers["Location"] == "/dashboard/queues"
    assert "Booking confirmed" in await (await signed_in.get("/dashboard/queues")).text()
    async with store.sessions() as session:
        assert (await session.get(Booking, booking.id)).status == BookingStatus.confirmed
        assert (await session.get(Lead, lead.id)).status == LeadStatus.consultation_booked
        change = (await session.scalars(select(StatusChange).where(StatusChange.changed_by == "marta"))).one()
        entry = (await session.scalars(select(AuditEntry).where(AuditEntry.action == "booking"))).one()
    assert change.to_status == "consultation_booked" and change.reason == "booking confirmed"
    assert entry.target == lead.id and entry.details == "confirmed"
    notices = await take_notices(store.sessions, lead.conversation_id)
    assert notices == ["Good news: your consultation with Lumen Skin Studio on Tuesday 1 July at 14:30 (BST) "
                       "is confirmed. We look forward to meeting you."]


async def test_declining_a_booking(signed_in: TestClient, store: Store) -> None:
    lead = await add_lead(store.sessions, "Anna", status=LeadStatus.contacted)
    booking = await add_booking(store.sessions, lead, datetime(2031, 12, 2, 10, 0, tzinfo=timezone.utc))
    await post(signed_in, f"/dashboard/bookings/{booking.id}/decision", {"decision": "decline"})
    async with store.sessions() as session:
        assert (await session.get(Booking, booking.id)).status == BookingStatus.declined
        assert (await session.get(Lead, lead.id)).status == LeadStatus.contacted
        notice = (await session.scalars(select(VisitorNotice))).one()
    assert notice.conversation_id == lead.conversation_id
    assert "Tuesday 2 December at 10:00 (GMT)" in notice.text and "another time" in notice.text


async def test_a_booking_is_decided_once(signed_in: TestClient, store: Store) -> None:
    lead = await add_lead(store.sessions, "Anna")
    booking = await add_booking(store.sessions, lead, SLOT)
    token = await csrf(signed_in)
    await post(signed_in, f"/dashboard/bookings/{booking.id}/decision", {"decision": "confirm"}, token)
    await post(signed_in, f"/dashboard/bookings/{booking.id}/decision", {"decision": "decline"}, token)
    assert "already handled" in await (await signed_in.get("/dashboard/queues")).text()
    assert (await store.get(Booking, booking.id)).status == BookingStatus.confirmed
    assert await store.count(VisitorNotice) == 1
    response = await post(signed_in, f"/dashboard/bookings/{'c' * 32}/decision", {"decision": "confirm"}, token)
    assert response.status == 303
    assert "no longer exists" in await (await signed_in.get("/dashboard/queues")).text()


async def test_a_decision_needs_a_valid_choice_and_token(signed_in: TestClient, store: Store) -> None:
    lead = await add_lead(store.sessions, "Anna")
    booking = await add_booking(store.sessions, lead, SLOT)
    response = await post(signed_in, f"/dashboard/bookings/{booking.id}/decision", {"decision": "maybe"})
    assert response.status == 400 and "was not right" in await response.text()
    response = await signed_in.post(f"/dashboard/bookings/{booking.id}/decision", data={"decision": "confirm"},
                                    allow_redirects=False)
    assert response.status == 403
    assert (await store.get(Booking, booking.id)).status == BookingStatus.requested


async def test_marking_a_handoff_done(signed_in: TestClient, store: Store) -> None:
    lead = await add_lead(store.sessions, "Anna")
    handoff = await add_handoff(store.sessions, lead, "person")
    response = await signed_in.post(f"/dashboard/handoffs/{handoff.id}/done", data={"csrf_token": "nope"},
                                    allow_redirects=False)
    assert response.status == 403
    response = await post(signed_in, f"/dashboard/handoffs/{handoff.id}/done", {})
    assert response.status == 303
    stored = await store.get(Handoff, handoff.id)
    assert stored.status == "done" and stored.resolved_at is not None
    assert await store.count(AuditEntry, AuditEntry.action == "handoff") == 1
    html = await (await signed_in.get("/dashboard/queues")).text()
    assert "Marked as done." in html and "Nobody is waiting for a person." in html
    await post(signed_in, f"/dashboard/handoffs/{handoff.id}/done", {})
    assert "already handled" in await (await signed_in.get("/dashboard/queues")).text()


async def test_a_handoff_before_any_lead_is_listed(signed_in: TestClient, store: Store) -> None:
    async with store.sessions.begin() as session:
        session.add(Handoff(conversation_id="anon-1", channel="telegram", kind="failed_input"))
    html = await (await signed_in.get("/dashboard/queues")).text()
    assert "Visitor without a lead" in html and "could not understand" in html


async def test_a_request_for_a_person_shows_who_what_and_when(signed_in: TestClient, store: Store) -> None:
    lead = await add_lead(store.sessions, "Gina", phone="+447700900321")
    async with store.sessions.begin() as session:
        session.add(Handoff(conversation_id=lead.conversation_id, lead_id=lead.id, channel="rest", kind="person",
                            name="Gina", reason="if <numbing> cream is ok", contact_time="after 5pm"))
    for page in ("/dashboard/queues", f"/dashboard/leads/{lead.id}"):
        html = await (await signed_in.get(page)).text()
        assert "Ask for: Gina" in html and "When: after 5pm" in html
        assert "About: if &lt;numbing&gt; cream is ok" in html                  # escaped
