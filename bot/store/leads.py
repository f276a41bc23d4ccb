"""Data access for leads, consent, handoffs, erasure and retention.

Shared by the action server, the dashboard and the command-line tools, so
each rule (one lead per conversation, erasure that erases) lives in one place.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Optional, Sequence

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.store import tracker_events
from bot.store.db import checkpoint
from bot.store.models import (ACTIVE_BOOKING_STATUSES, Booking, ConsentRecord, ErasureRequest, Handoff,
                              IntakeAnswer, Lead, LeadStatus, Readiness, StatusChange, VisitorNotice, utcnow)
from bot.store.takeovers import Takeover
from bot.followup.models import ScheduledMessage

log = logging.getLogger(__name__)

#: How long after an erasure the tracker store is swept again (Rasa re-saves the turn).
ERASURE_SWEEP_WINDOW = timedelta(minutes=2)


@dataclass
class IntakeSubmission:
    conversation_id: str
    channel: str
    first_name: Optional[str]
    email: Optional[str]
    phone: Optional[str]
    preferred_contact: Optional[str]
    concern: Optional[str]
    answers: Sequence[tuple[str, str, str]]          # (key, question, answer)
    readiness: Readiness
    reasons: list[str] = field(default_factory=list)
    earliest_date: Optional[date] = None
    follow_up_date: Optional[date] = None
    status: LeadStatus = LeadStatus.new
    body_area: Optional[str] = None


async def get_lead(session: AsyncSession, conversation_id: str) -> Optional[Lead]:
    return await session.scalar(select(Lead).where(Lead.conversation_id == conversation_id))


async def get_or_create_lead(session: AsyncSession, conversation_id: str, channel: str) -> Lead:
    """The conversation's lead, created if missing; safe against a concurrent insert."""
    lead = await get_lead(session, conversation_id)
    if lead is not None:
        return lead
    try:
        async with session.begin_nested():
            lead = Lead(conversation_id=conversation_id, channel=channel)
            session.add(lead)
    except IntegrityError:
        lead = await get_lead(session, conversation_id)
        assert lead is not None
    return lead


async def record_consent(sessions: async_sessionmaker[AsyncSession], conversation_id: str, channel: str,
                         notice_version: str, granted: bool) -> None:
    async with sessions.begin() as session:
        lead = await get_lead(session, conversation_id)
        session.add(ConsentRecord(conversation_id=conversation_id, channel=channel, notice_version=notice_version,
                                  granted=granted, lead_id=lead.id if lead else None))


async def consent_refused(sessions: async_sessionmaker[AsyncSession], conversation_id: str) -> bool:
    """Whether the latest answer to the privacy notice in this conversation was no."""
    async with sessions() as session:
        latest = (await session.execute(
            select(ConsentRecord.granted).where(ConsentRecord.conversation_id == conversation_id)
            .order_by(ConsentRecord.created_at.desc(), ConsentRecord.id.desc()).limit(1))).scalar_one_or_none()
    return latest is False


async def save_intake(sessions: async_sessionmaker[AsyncSession], sub: IntakeSubmission) -> tuple[Lead, bool]:
    """Store a submitted intake in one transaction. Returns (lead, created_now).

    The same submission arriving twice updates the same lead: one lead per
    conversation, its answers replaced as a whole.
    """
    async with sessions.begin() as session:
        existing = await get_lead(session, sub.conversation_id)
        was_submitted = existing is not None and existing.intake_completed_at is not None
        lead = await get_or_create_lead(session, sub.conversation_id, sub.channel)
        previous_status = lead.status if existing is not None else None
        lead.channel = sub.channel
        lead.first_name = sub.first_name or lead.first_name
        lead.email = sub.email or lead.email
        lead.phone = sub.phone or lead.phone
        lead.preferred_contact = sub.preferred_contact or lead.preferred_contact
        lead.concern = sub.concern
        lead.body_area = sub.body_area or lead.body_area
        lead.readiness = sub.readiness
        lead.readiness_reasons = list(sub.reasons)
        lead.earliest_date = sub.earliest_date
        lead.follow_up_date = sub.follow_up_date
        if lead.status in (None, LeadStatus.new, LeadStatus.not_yet_ready):
            lead.status = sub.status
        lead.intake_completed_at = lead.intake_completed_at or utcnow()
        await session.flush()
        await session.execute(delete(IntakeAnswer).where(IntakeAnswer.lead_id == lead.id))
        session.add_all(IntakeAnswer(lead_id=lead.id, key=k, question=q, answer=a, position=i)
                        for i, (k, q, a) in enumerate(sub.answers))
        await session.execute(update(ConsentRecord)
                              .where(ConsentRecord.conversation_id == sub.conversation_id,
                                     ConsentRecord.lead_id.is_(None))
                              .values(lead_id=lead.id))
        if previous_status != lead.status:
            session.add(StatusChange(lead_id=lead.id, from_status=previous_status.value if previous_status else None,
                                     to_status=lead.status.value, reason="intake submitted", changed_by="assistant"))
    return lead, not was_submitted


async def keep_answers(sessions: async_sessionmaker[AsyncSession], conversation_id: str, channel: str,
                       concern: Optional[str], answers: list[tuple[str, str, str]]) -> None:
    """The answers given before the visitor left the questions for a person, kept on the lead so the person who
    calls back has them (an intake already submitted is never overwritten)."""
    async with sessions.begin() as session:
        lead = await get_or_create_lead(session, conversation_id, channel)
        lead.concern = lead.concern or concern
        if lead.intake_completed_at is not None or not answers:
            return
        await session.flush()
        await session.execute(delete(IntakeAnswer).where(IntakeAnswer.lead_id == lead.id))
        session.add_all(IntakeAnswer(lead_id=lead.id, key=k, question=q, answer=a, position=i)
                        for i, (k, q, a) in enumerate(answers))
        await session.execute(update(ConsentRecord)
                              .where(ConsentRecord.conversation_id == conversation_id, ConsentRecord.lead_id.is_(None))
                              .values(lead_id=lead.id))


#: the longest reason kept on a handoff (the visitor's own words; a second request is appended)
REASON_MAX = 200


def _joined(old: Optional[str], new: Optional[str], limit: int) -> Optional[str]:
    """``old`` with ``new`` added once (a visitor asking again adds to what they said), kept short."""
    if not new:
        return old
    if not old:
        return new[:limit]
    if new.lower() in old.lower():
        return old
    return f"{old} / {new}"[:2 * limit]


async def add_handoff(sessions: async_sessionmaker[AsyncSession], conversation_id: str, channel: str,
                      kind: str, details: str = "", *, name: Optional[str] = None, reason: Optional[str] = None,
                      contact_time: Optional[str] = None) -> tuple[Handoff, bool]:
    """Open a handoff request; an identical open one is reused and completed. Returns (handoff, created_now).

    ``name``, ``reason`` and ``contact_time`` fill in who to ask for, what it is about and when suits the
    visitor; on a reused request a new value replaces the name and time, and a new reason is added.
    """
    name, contact_time = (name or "")[:100] or None, (contact_time or "")[:100] or None
    reason = (reason or "")[:REASON_MAX] or None
    async with sessions.begin() as session:
        open_one = await session.scalar(select(Handoff).where(
            Handoff.conversation_id == conversation_id, Handoff.kind == kind, Handoff.status == "open"))
        lead = await get_lead(session, conversation_id)
        if open_one is not None:
            if details and details not in open_one.details:
                open_one.details = f"{open_one.details}\n{details}".strip()
            open_one.name = name or open_one.name
            open_one.reason = _joined(open_one.reason, reason, REASON_MAX)
            open_one.contact_time = contact_time or open_one.contact_time
            if open_one.lead_id is None and lead is not None:
                open_one.lead_id = lead.id
            return open_one, False
        handoff = Handoff(conversation_id=conversation_id, channel=channel, kind=kind, details=details,
                          lead_id=lead.id if lead else None, name=name, reason=reason, contact_time=contact_time)
        session.add(handoff)
    return handoff, True


async def withdraw_handoff(sessions: async_sessionmaker[AsyncSession], conversation_id: str,
                           kind: str = "person") -> bool:
    """The visitor no longer wants the person they asked for: their open request is withdrawn (never shown as
    waiting again). Returns whether there was one."""
    async with sessions.begin() as session:
        found = list(await session.scalars(select(Handoff).where(
            Handoff.conversation_id == conversation_id, Handoff.kind == kind, Handoff.status == "open")))
        for handoff in found:
            handoff.status, handoff.resolved_at = "withdrawn", utcnow()
        return bool(found)


async def open_handoff(sessions: async_sessionmaker[AsyncSession], conversation_id: str,
                       kind: str = "person") -> Optional[Handoff]:
    """The conversation's open request of ``kind``, if there is one."""
    async with sessions() as session:
        return await session.scalar(select(Handoff).where(
            Handoff.conversation_id == conversation_id, Handoff.kind == kind, Handoff.status == "open")
            .order_by(Handoff.id.desc()).limit(1))


async def active_booking(sessions: async_sessionmaker[AsyncSession], conversation_id: str,
                         now: Optional[datetime] = None) -> Optional[Booking]:
    """The conversation's next booking that is requested or confirmed and has not started yet, or None.

    Whoever offers "book a consultation" asks this first: a visitor with a booking is offered to change or
    cancel it instead.
    """
    moment = now or utcnow()
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    async with sessions() as session:
        return await session.scalar(select(Booking).where(
            Booking.conversation_id == conversation_id, Booking.status.in_(ACTIVE_BOOKING_STATUSES),
            Booking.start_at >= moment).order_by(Booking.start_at).limit(1))


async def intake_answer(sessions: async_sessionmaker[AsyncSession], conversation_id: str,
                        key: str) -> Optional[str]:
    """The conversation's stored intake answer to ``key`` (as shown), if any."""
    async with sessions() as session:
        return await session.scalar(select(IntakeAnswer.answer).join(Lead, Lead.id == IntakeAnswer.lead_id)
                                    .where(Lead.conversation_id == conversation_id, IntakeAnswer.key == key))


async def take_notices(sessions: async_sessionmaker[AsyncSession], conversation_id: str) -> list[str]:
    """Undelivered messages for a visitor, marked delivered."""
    async with sessions.begin() as session:
        notices = (await session.scalars(select(VisitorNotice).where(
            VisitorNotice.conversation_id == conversation_id, VisitorNotice.delivered_at.is_(None))
            .order_by(VisitorNotice.id))).all()
        for notice in notices:
            notice.delivered_at = utcnow()
        return [n.text for n in notices]


async def erase_conversation(sessions: async_sessionmaker[AsyncSession], tracker_engine: AsyncEngine,
                             conversation_id: str) -> bool:
    """Erase everything kept about a conversation. Returns whether a lead existed.

    Removes the lead (answers, notes, bookings and handoffs cascade), consent
    records, handoffs, notices, takeovers and follow-up messages (scheduled or sent), and the conversation's events in the
    tracker store; a request row makes the sweeper delete events again after
    Rasa has saved the current turn. On SQLite (``secure_delete`` on every
    connection) both write-ahead logs are then checkpointed, so the erased
    bytes leave the WAL and the database file.
    """
    async with sessions.begin() as session:
        lead = await get_lead(session, conversation_id)
        if lead is not None:
            await session.delete(lead)
        for model in (ScheduledMessage, ConsentRecord, Handoff, VisitorNotice, Booking, Takeover):
            await session.execute(delete(model).where(model.conversation_id == conversation_id))
        await session.merge(ErasureRequest(conversation_id=conversation_id, requested_at=utcnow()))
        leads_engine = session.bind
    await tracker_events.erase(tracker_engine, conversation_id)
    if isinstance(leads_engine, AsyncEngine):
        await checkpoint(leads_engine)
    await checkpoint(tracker_engine)
    return lead is not None


async def sweep_erasures(sessions: async_sessionmaker[AsyncSession], tracker_engine: AsyncEngine,
                         now: Optional[datetime] = None) -> int:
    """Delete again the tracker events of recently erased conversations.

    Events up to the end of the sweep window are removed, so the turn in which
    the visitor asked for erasure goes too; requests older than the window are
    done and dropped.
    """
    now = now or utcnow()
    async with sessions() as session:
        requests = (await session.scalars(select(ErasureRequest))).all()
    removed = 0
    for req in requests:
        requested = req.requested_at if req.requested_at.tzinfo else req.requested_at.replace(tzinfo=timezone.utc)
        until = (requested + ERASURE_SWEEP_WINDOW).timestamp()
        removed += await tracker_events.erase(tracker_engine, req.conversation_id, until=until)
        if now - requested > ERASURE_SWEEP_WINDOW:
            async with sessions.begin() as session:
                await session.execute(delete(ErasureRequest)
                                      .where(ErasureRequest.conversation_id == req.conversation_id))
    if requests:   # also retries a checkpoint that a busy database kept from finishing at erasure time
        await checkpoint(tracker_engine)
    return removed


async def purge_expired(sessions: async_sessionmaker[AsyncSession], tracker_engine: AsyncEngine,
                        retention_days: int, now: Optional[datetime] = None) -> int:
    """Erase every lead created more than ``retention_days`` ago. Returns how many."""
    cutoff = (now or utcnow()) - timedelta(days=retention_days)
    async with sessions() as session:
        ids = (await session.scalars(select(Lead.conversation_id).where(Lead.created_at < cutoff))).all()
    for conversation_id in ids:
        await erase_conversation(sessions, tracker_engine, conversation_id)
    return len(ids)
