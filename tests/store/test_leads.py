"""The leads store's rules: one lead per conversation, erasure that erases, retention."""
from __future__ import annotations

import asyncio
import json
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import func, insert, select, update

from bot.store import tracker_events
from bot.store.leads import (IntakeSubmission, active_booking, add_handoff, erase_conversation, purge_expired,
                             record_consent, save_intake, sweep_erasures, take_notices)
from bot.store.models import (Booking, BookingStatus, ConsentRecord, ErasureRequest, Handoff, IntakeAnswer, Lead,
                              LeadStatus, Readiness, VisitorNotice)
from tests.store.conftest import Store


def submission(conversation: str = "c1", email: str = "anna@example.com") -> IntakeSubmission:
    return IntakeSubmission(conversation_id=conversation, channel="socketio", first_name="Anna", email=email,
                            phone="+447911123456", preferred_contact="email", concern="scar",
                            answers=[("body_area", "Body area", "knee"), ("diabetes", "Diabetes", "no")],
                            readiness=Readiness.not_yet, reasons=["too young"], earliest_date=date(2027, 7, 1),
                            status=LeadStatus.not_yet_ready)


async def count(store: Store, model: type) -> int:
    async with store.sessions() as session:
        return await session.scalar(select(func.count()).select_from(model))


async def add_events(store: Store, conversation: str, n: int, at: float | None = None) -> None:
    stamp = at if at is not None else datetime.now(timezone.utc).timestamp()
    async with store.tracker_engine.begin() as conn:
        await conn.execute(insert(tracker_events.events), [
            {"sender_id": conversation, "type_name": "user" if i % 2 == 0 else "bot", "timestamp": stamp + i,
             "data": json.dumps({"text": f"message {i}"})} for i in range(n)])


async def test_the_same_submission_twice_makes_one_lead(store: Store) -> None:
    await record_consent(store.sessions, "c1", "socketio", "v1", True)
    (first, created), (second, created_again) = [await save_intake(store.sessions, submission()) for _ in range(2)]
    assert first.id == second.id and created and not created_again
    assert await count(store, Lead) == 1 and await count(store, IntakeAnswer) == 2
    async with store.sessions() as session:
        consent = (await session.scalars(select(ConsentRecord))).one()
    assert consent.lead_id == first.id and consent.granted


async def test_concurrent_submissions_make_one_lead(store: Store) -> None:
    results = await asyncio.gather(*(save_intake(store.sessions, submission()) for _ in range(4)),
                                   return_exceptions=True)
    assert await count(store, Lead) == 1
    assert any(not isinstance(r, Exception) for r in results)


async def test_a_correction_replaces_the_answers(store: Store) -> None:
    await save_intake(store.sessions, submission())
    lead, _ = await save_intake(store.sessions, submission(email="new@example.com"))
    assert lead.email == "new@example.com" and await count(store, IntakeAnswer) == 2


async def test_erasure_removes_everything_of_the_conversation(store: Store) -> None:
    await record_consent(store.sessions, "c1", "socketio", "v1", True)
    await save_intake(store.sessions, submission())
    await save_intake(store.sessions, submission("other"))
    await add_handoff(store.sessions, "c1", "socketio", "person")
    async with store.sessions.begin() as session:
        session.add(VisitorNotice(conversation_id="c1", text="Your booking is confirmed"))
    await add_events(store, "c1", 4)
    await add_events(store, "other", 2)
    assert await erase_conversation(store.sessions, store.tracker_engine, "c1")
    assert await count(store, Lead) == 1 and await count(store, ConsentRecord) == 0
    assert await count(store, IntakeAnswer) == 2 and await count(store, VisitorNotice) == 0
    assert [line.text for line in await tracker_events.transcript(store.tracker_engine, "c1")] == []
    assert len(await tracker_events.transcript(store.tracker_engine, "other")) == 2


async def test_the_sweeper_removes_events_rasa_saved_after_the_erasure(store: Store) -> None:
    await erase_conversation(store.sessions, store.tracker_engine, "c1")
    await add_events(store, "c1", 3)                     # the turn Rasa saves after the action
    assert await sweep_erasures(store.sessions, store.tracker_engine) == 3
    assert await count(store, ErasureRequest) == 1       # still watching during the window
    later = datetime.now(timezone.utc) + timedelta(minutes=5)
    await sweep_erasures(store.sessions, store.tracker_engine, now=later)
    assert await count(store, ErasureRequest) == 0


async def test_retention_purges_old_leads_only(store: Store) -> None:
    await save_intake(store.sessions, submission("old"))
    await save_intake(store.sessions, submission("new"))
    async with store.sessions.begin() as session:
        await session.execute(update(Lead).where(Lead.conversation_id == "old")
                              .values(created_at=datetime.now(timezone.utc) - timedelta(days=400)))
    assert await purge_expired(store.sessions, store.tracker_engine, retention_days=365) == 1
    async with store.sessions() as session:
        assert (await session.scalars(select(Lead.conversation_id))).all() == ["new"]


async def test_handoffs_are_not_duplicated_and_notices_delivered_once(store: Store) -> None:
    first, created = await add_handoff(store.sessions, "c1", "rest", "person")
    second, created_again = await add_handoff(store.sessions, "c1", "rest", "person", "call after 5pm")
    assert first.id == second.id and created and not created_again
    async with store.sessions.begin() as session:
        session.add(VisitorNotice(conversation_id="c1", text="Confirmed for Tuesday"))
    assert await take_notices(store.sessions, "c1") == ["Confirmed for Tuesday"]
    assert await take_notices(store.sessions, "c1") == []


async def test_a_request_for_a_person_carries_who_what_and_when(store: Store) -> None:
    first, _ = await add_handoff(store.sessions, "c1", "rest", "person", name="Anna",
                                 reason="if numbing cream is ok while breastfeeding", contact_time="after 5pm")
    again, created = await add_handoff(store.sessions, "c1", "rest", "person", reason="and the price",
                                       contact_time="mornings")
    assert again.id == first.id and not created
    async with store.sessions() as session:
        row = await session.get(Handoff, first.id)
    assert row is not None and (row.name, row.contact_time) == ("Anna", "mornings")
    assert row.reason == "if numbing cream is ok while breastfeeding / and the price" and row.details == ""
    long, _ = await add_handoff(store.sessions, "c2", "rest", "person", reason="x" * 500)
    assert len(long.reason or "") == 200


async def test_the_active_booking_is_the_next_one_not_cancelled(store: Store) -> None:
    now = datetime(2026, 12, 1, 9, 0, tzinfo=timezone.utc)
    assert await active_booking(store.sessions, "c1", now) is None
    async with store.sessions.begin() as session:
        for hours, status in ((-2, BookingStatus.requested), (30, BookingStatus.cancelled),
                              (50, BookingStatus.confirmed), (80, BookingStatus.requested)):
            start = now + timedelta(hours=hours)
            session.add(Booking(conversation_id="c1", provider="calendar", start_at=start,
                                end_at=start + timedelta(minutes=30), status=status))
    found = await active_booking(store.sessions, "c1", now)
    assert found is not None and found.status == BookingStatus.confirmed
    start = found.start_at if found.start_at.tzinfo else found.start_at.replace(tzinfo=timezone.utc)
    assert start == now + timedelta(hours=50)
    assert await active_booking(store.sessions, "other", now) is None
