"""What the practitioner changes: statuses, notes, follow-ups, queue decisions, erasure.

Each change and its audit entry are written in one transaction.
"""
from __future__ import annotations

import enum
from datetime import date
from typing import Optional
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.dashboard import audit
from bot.dashboard.timefmt import fmt_slot
from bot.followup.plan import booking_changed
from bot.store import leads as store
from bot.store.models import (Booking, BookingStatus, Handoff, Lead, LeadNote, LeadStatus, StatusChange,
                              VisitorNotice, utcnow)

Sessions = async_sessionmaker[AsyncSession]
REASON_REQUIRED = {LeadStatus.not_yet_ready, LeadStatus.closed}
MAX_NOTE = 5000
MAX_REASON = 500


class Outcome(str, enum.Enum):
    done = "done"
    not_found = "not_found"
    unchanged = "unchanged"
    invalid = "invalid"
    already_handled = "already_handled"


def _set_status(session: AsyncSession, lead: Lead, to: LeadStatus, reason: str, actor: str) -> None:
    session.add(StatusChange(lead_id=lead.id, from_status=lead.status.value if lead.status else None,
                             to_status=to.value, reason=reason, changed_by=actor))
    audit.add(session, actor, "status", lead.id, f"{lead.status.value if lead.status else '-'} → {to.value}")
    lead.status = to


async def change_status(sessions: Sessions, lead_id: str, to_status: str, reason: str, actor: str) -> Outcome:
    try:
        to = LeadStatus(to_status)
    except ValueError:
        return Outcome.invalid
    reason = reason.strip()[:MAX_REASON]
    if to in REASON_REQUIRED and not reason:
        return Outcome.invalid
    async with sessions.begin() as session:
        lead = await session.get(Lead, lead_id)
        if lead is None:
            return Outcome.not_found
        if lead.status == to:
            return Outcome.unchanged
        _set_status(session, lead, to, reason, actor)
    return Outcome.done


async def add_note(sessions: Sessions, lead_id: str, text: str, actor: str) -> Outcome:
    text = text.strip()
    if not text or len(text) > MAX_NOTE:
        return Outcome.invalid
    async with sessions.begin() as session:
        if await session.get(Lead, lead_id) is None:
            return Outcome.not_found
        session.add(LeadNote(lead_id=lead_id, author=actor, text=text))
        audit.add(session, actor, "note", lead_id)
    return Outcome.done


async def set_follow_up(sessions: Sessions, lead_id: str, value: str, actor: str) -> Outcome:
    try:
        day: Optional[date] = date.fromisoformat(value) if value.strip() else None
    except ValueError:
        return Outcome.invalid
    async with sessions.begin() as session:
        lead = await session.get(Lead, lead_id)
        if lead is None:
            return Outcome.not_found
        lead.follow_up_date = day
        audit.add(session, actor, "follow_up", lead_id, day.isoformat() if day else "cleared")
    return Outcome.done


def booking_notice(confirmed: bool, booking: Booking, studio_name: str, tz: ZoneInfo, reason: str = "",
                   offer: str = "") -> str:
    """What the visitor is told: at once in an open chat, else by e-mail and the next time they write.
    ``offer``: the sentence with other times (:func:`bot.live.other_times.offer_text`)."""
    when = fmt_slot(booking.start_at, tz)
    if confirmed:
        return (f"Good news: your consultation with {studio_name} on {when} is confirmed. "
                "We look forward to meeting you.")
    why = " ".join(reason.split())
    because = f" The studio says: “{why}”" if why else ""
    if offer:
        return (f"I'm sorry: {studio_name} can't offer the consultation on {when} after all.{because} {offer} "
                "You can also ask me for another time, or for a call back.")
    return (f"I'm sorry: {studio_name} can't offer the consultation on {when} after all.{because} "
            "Just ask me for another time, or ask for a call back.")


def handoff_notice(kind: str, studio_name: str, practitioner: str) -> str:
    """What the visitor is told when their request is marked answered ("" for requests they did not make)."""
    who = f"{practitioner} at {studio_name}" if practitioner else studio_name
    return {"person": f"{who} has picked up your request to talk to a person.",
            "time_preference": f"{who} has seen that none of the times suited you and will suggest one.",
            "booking_failed": f"{who} has picked up your booking request and will arrange the time with you.",
            }.get(kind, "")


async def decide_booking(sessions: Sessions, booking_id: str, confirm: bool, actor: str,
                         studio_name: str, tz: ZoneInfo, reason: str = "", offer: str = "",
                         buttons: Optional[list[dict[str, str]]] = None) -> Outcome:
    """Confirm or decline a requested booking (a decline may give the visitor a reason, and other times: the
    ``offer`` sentence and a button for each); a notice, a status."""
    async with sessions.begin() as session:
        booking = await session.get(Booking, booking_id, with_for_update=True)
        if booking is None:
            return Outcome.not_found
        if booking.status != BookingStatus.requested:
            return Outcome.already_handled
        booking.status = BookingStatus.confirmed if confirm else BookingStatus.declined
        await booking_changed(session, booking)           # a declined booking's reminders are cancelled
        session.add(VisitorNotice(conversation_id=booking.conversation_id,
                                  text=booking_notice(confirm, booking, studio_name, tz, reason[:MAX_REASON],
                                                      "" if confirm else offer),
                                  buttons=None if confirm or not buttons else list(buttons)))
        lead = await session.scalar(select(Lead).where(Lead.conversation_id == booking.conversation_id))
        if confirm and lead is not None and lead.status != LeadStatus.consultation_booked:
            _set_status(session, lead, LeadStatus.consultation_booked, "booking confirmed", actor)
        audit.add(session, actor, "booking", lead.id if lead else "",
                  "confirmed" if confirm else ("declined, other times offered" if offer else "declined"))
    return Outcome.done


async def close_handoff(sessions: Sessions, handoff_id: int, actor: str, studio_name: str = "",
                        practitioner: str = "") -> Outcome:
    """Mark a request answered; the visitor gets a notice that it was picked up (when it was theirs)."""
    async with sessions.begin() as session:
        handoff = await session.get(Handoff, handoff_id)
        if handoff is None:
            return Outcome.not_found
        if handoff.status != "open":
            return Outcome.already_handled
        handoff.status = "done"
        handoff.resolved_at = utcnow()
        text = handoff_notice(handoff.kind, studio_name, practitioner) if studio_name else ""
        if text:
            session.add(VisitorNotice(conversation_id=handoff.conversation_id, text=text))
        audit.add(session, actor, "handoff", handoff.lead_id or "", handoff.kind)
    return Outcome.done


async def erase_lead(sessions: Sessions, tracker: AsyncEngine, lead_id: str, actor: str) -> Outcome:
    """Erase the lead and its conversation (tracker events too); only the lead id stays, in the audit log."""
    async with sessions() as session:
        conversation_id = await session.scalar(select(Lead.conversation_id).where(Lead.id == lead_id))
    if conversation_id is None:
        return Outcome.not_found
    await store.erase_conversation(sessions, tracker, conversation_id)
    await audit.record(sessions, actor, "erase", lead_id)
    return Outcome.done
