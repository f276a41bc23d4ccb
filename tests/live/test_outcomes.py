"""Outcomes reach the visitor at once: confirm / decline / a request answered, pushed to an open website chat within a
second, and e-mailed (with the calendar file for a confirmation) to the local SMTP server when the chat is closed."""
from __future__ import annotations

import asyncio
import random
import time
import uuid
from datetime import datetime, timedelta, timezone
from typing import Optional

import pytest
from sqlalchemy.orm import Session

from bot.store.models import Booking, Handoff, Lead
from tests.channels.socketio_client import SocketClient
from tests.live.conftest import Live
from tests.live.dashboard import Dashboard
from tests.live.test_relay import bot_messages, wait_for_message

pytestmark = pytest.mark.conversation


def add_lead_with_booking(live: Live, conversation_id: str, name: str) -> tuple[str, str]:
    """A lead (with an e-mail address) and a requested booking on a free quarter hour; their ids."""
    slot = datetime.now(timezone.utc).replace(minute=0, second=0, microsecond=0) \
        + timedelta(days=random.randint(40, 400), hours=random.randint(0, 23), minutes=15 * random.randint(0, 3))
    with Session(live.assistant.leads_db) as session:
        lead = Lead(conversation_id=conversation_id, channel="socketio", first_name=name,
                    email=f"{name.lower()}.{uuid.uuid4().hex[:6]}@example.com")
        session.add(lead)
        session.flush()
        booking = Booking(lead_id=lead.id, conversation_id=conversation_id, provider="calendar", start_at=slot,
                          end_at=slot + timedelta(minutes=30))
        session.add(booking)
        session.commit()
        return lead.id, booking.id


def lead_email(live: Live, lead_id: str) -> str:
    return str(live.assistant.rows("SELECT email FROM leads WHERE id = :i", i=lead_id)[0]["email"])


def notices(live: Live, conversation_id: str) -> list[dict[str, object]]:
    return live.assistant.rows("SELECT text, delivered_at, emailed_at FROM visitor_notices "
                               "WHERE conversation_id = :c ORDER BY id", c=conversation_id)


async def open_chat(live: Live, visitor: SocketClient) -> str:
    session_id = await visitor.session()
    await visitor.emit("user_uttered", {"message": "hello", "session_id": session_id})
    await wait_for_message(visitor, lambda m: m.get("text"))
    await visitor.settle(quiet=1.0)
    return session_id


async def timed(dashboard: Dashboard, path: str, visitor: SocketClient, expected: str,
                **fields: str) -> tuple[float, dict[str, object]]:
    """Post the decision; seconds until the visitor's socket had the message containing ``expected``."""
    started = time.perf_counter()
    assert await dashboard.form(path, **fields) == 303
    message = await wait_for_message(visitor, lambda m: expected in (m.get("text") or ""), timeout=10)
    return time.perf_counter() - started, message


async def test_confirm_and_decline_reach_an_open_chat_within_a_second(live: Live) -> None:
    dashboard = await Dashboard(live).sign_in()
    try:
        async with SocketClient(live.assistant.rasa_url) as visitor:
            session_id = await open_chat(live, visitor)
            lead_id, booking_id = add_lead_with_booking(live, session_id, "Ana")
            seconds, message = await timed(dashboard, f"/dashboard/bookings/{booking_id}/decision", visitor,
                                           "is confirmed", decision="confirm")
            assert seconds < 1.0, seconds
            assert message["text"].startswith("Good news: your consultation with Lumen Skin Studio on ")

            _, second = add_lead_with_booking_for(live, session_id, lead_id)
            seconds, message = await timed(dashboard, f"/dashboard/bookings/{second}/decision", visitor,
                                           "can't offer", decision="decline", reason="The studio is closed that day")
            assert seconds < 1.0, seconds
            assert "The studio is closed that day" in message["text"] and "another time" in message["text"]
            _, page = await dashboard.get("/dashboard/queues")
            assert "told in their open chat" in page
    finally:
        await dashboard.close()
    assert all(n["delivered_at"] is not None and n["emailed_at"] is None for n in notices(live, session_id))
    assert live.inbox.to(lead_email(live, lead_id)) == []
    told = live.assistant.tracker_rows("SELECT data FROM events WHERE sender_id = :s AND type_name = 'bot' "
                                       "AND data LIKE '%\"notice\": true%'", s=session_id)
    assert len(told) == 2                                         # in the transcript too


def add_lead_with_booking_for(live: Live, conversation_id: str, lead_id: str) -> tuple[str, str]:
    """Another requested booking for the same lead."""
    slot = datetime.now(timezone.utc).replace(minute=30, second=0, microsecond=0) \
        + timedelta(days=random.randint(401, 700), hours=random.randint(0, 23))
    with Session(live.assistant.leads_db) as session:
        booking = Booking(lead_id=lead_id, conversation_id=conversation_id, provider="calendar", start_at=slot,
                          end_at=slot + timedelta(minutes=30))
        session.add(booking)
        session.commit()
        return lead_id, booking.id


async def wait_for_mail(live: Live, address: str, count: int = 1, timeout: float = 10) -> list:  # type: ignore[type-arg]
    deadline = time.monotonic() + timeout
    for _ in range(int(timeout * 10)):
        if len(live.inbox.to(address)) >= count or time.monotonic() > deadline:
            break
        await asyncio.sleep(0.1)
    return live.inbox.to(address)


async def test_a_closed_chat_gets_the_outcome_by_email(live: Live) -> None:
    async with SocketClient(live.assistant.rasa_url) as visitor:
        session_id = await open_chat(live, visitor)
    await asyncio.sleep(0.5)                                      # the socket has gone
    lead_id, booking_id = add_lead_with_booking(live, session_id, "Bo")
    address = lead_email(live, lead_id)
    dashboard = await Dashboard(live).sign_in()
    try:
        assert await dashboard.form(f"/dashboard/bookings/{booking_id}/decision", decision="confirm") == 303
        _, page = await dashboard.get("/dashboard/queues")
        assert "told by email" in page
        _, second = add_lead_with_booking_for(live, session_id, lead_id)
        assert await dashboard.form(f"/dashboard/bookings/{second}/decision", decision="decline") == 303
    finally:
        await dashboard.close()
    confirmed, declined = await wait_for_mail(live, address, count=2)
    assert confirmed["Subject"] == "Your consultation with Lumen Skin Studio is confirmed"
    assert "is confirmed" in confirmed.get_body(("plain",)).get_content()
    calendar = [p for p in confirmed.iter_attachments() if p.get_content_type() == "text/calendar"]
    assert len(calendar) == 1 and "BEGIN:VEVENT" in calendar[0].get_content()
    assert declined["Subject"] == "About your consultation request with Lumen Skin Studio"
    assert not list(declined.iter_attachments())
    assert all(n["emailed_at"] is not None and n["delivered_at"] is None for n in notices(live, session_id))


async def test_an_answered_request_reaches_the_open_chat(live: Live) -> None:
    dashboard = await Dashboard(live).sign_in()
    try:
        async with SocketClient(live.assistant.rasa_url) as visitor:
            session_id = await open_chat(live, visitor)
            with Session(live.assistant.leads_db) as session:
                handoff = Handoff(conversation_id=session_id, channel="socketio", kind="person")
                session.add(handoff)
                session.commit()
                handoff_id: Optional[int] = handoff.id
            seconds, message = await timed(dashboard, f"/dashboard/handoffs/{handoff_id}/done", visitor,
                                           "picked up your request")
            assert seconds < 1.0 and "Marta at Lumen Skin Studio" in message["text"]
            assert "staff" not in message
            assert len([m for m in bot_messages(visitor) if "picked up" in (m.get("text") or "")]) == 1
    finally:
        await dashboard.close()
    assert [n["delivered_at"] is not None for n in notices(live, session_id)] == [True]
