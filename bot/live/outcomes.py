"""Outcomes that reach the visitor at once: a booking confirmed or declined, a request for a person answered.

The practitioner's decision leaves a notice (``visitor_notices``). Right after it,
:func:`tell_visitor` pushes the conversation's undelivered notices to the open
chat through the relay (marked delivered), else e-mails them to the lead's address
(marked e-mailed; the chat still says them the next time the visitor writes). A
confirmed booking's e-mail carries its calendar file. Each way is in the audit log.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Optional

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.booking.ics import visitor_ics
from bot.dashboard import audit
from bot.live.relay_client import RelayClient, RelayError
from bot.notify.visitor import send_to_visitor
from bot.settings import Settings
from bot.store.models import Booking, BookingStatus, Handoff, Lead, VisitorNotice, utcnow

log = logging.getLogger(__name__)
Sessions = async_sessionmaker[AsyncSession]

CHAT, EMAIL, LATER, NOTHING = "chat", "email", "later", "nothing"
TOLD = {CHAT: "The visitor was told in their open chat.",
        EMAIL: "Their chat is not open: the visitor was told by email.",
        LATER: "Their chat is not open and no email could be sent: they will be told the next time they write.",
        NOTHING: ""}


@dataclass(frozen=True)
class Mail:
    subject: str
    ics: Optional[str] = None


async def _pending(sessions: Sessions, conversation_id: str) -> list[VisitorNotice]:
    async with sessions() as session:
        return list((await session.scalars(select(VisitorNotice).where(
            VisitorNotice.conversation_id == conversation_id, VisitorNotice.delivered_at.is_(None),
            VisitorNotice.emailed_at.is_(None)).order_by(VisitorNotice.id))).all())


async def _mark(sessions: Sessions, notice_ids: list[int], column: str) -> None:
    async with sessions.begin() as session:
        await session.execute(update(VisitorNotice).where(VisitorNotice.id.in_(notice_ids))
                              .values({column: utcnow()}))


async def _push(relay: RelayClient, conversation_id: str, notices: list[VisitorNotice]) -> list[int]:
    """The ids of the notices the open chat received (none when it is closed or the relay is down)."""
    delivered: list[int] = []
    for notice in notices:
        try:
            answer = await relay.notify(conversation_id, notice.text)
        except RelayError as error:
            log.warning("A notice could not go through the relay (%s)", error.status)
            break
        if not answer.delivered:
            break
        delivered.append(notice.id)
    return delivered


async def tell_visitor(sessions: Sessions, relay: RelayClient, settings: Settings, conversation_id: str,
                       mail: Mail, actor: str) -> str:
    """Deliver the conversation's pending notices now; returns how (chat, email, later or nothing)."""
    notices = await _pending(sessions, conversation_id)
    if not notices:
        return NOTHING
    async with sessions() as session:
        lead = await session.scalar(select(Lead).where(Lead.conversation_id == conversation_id))
    target = lead.id if lead is not None else ""
    pushed = await _push(relay, conversation_id, notices)
    if pushed:
        await _mark(sessions, pushed, "delivered_at")
    rest = [n for n in notices if n.id not in pushed]
    how = CHAT
    if rest:
        text = "\n\n".join(n.text for n in rest)
        emailed = lead is not None and bool(lead.email) and await send_to_visitor(
            settings, lead.email or "", mail.subject, text, lead.first_name, mail.ics)
        if emailed:
            await _mark(sessions, [n.id for n in rest], "emailed_at")
        how = EMAIL if emailed else (CHAT if pushed else LATER)
    await audit.record(sessions, actor, "notice", target, {CHAT: "in the chat", EMAIL: "by email",
                                                            LATER: "pending: chat closed, no email"}[how])
    return how


async def after_booking_decision(sessions: Sessions, relay: RelayClient, settings: Settings, booking_id: str,
                                 actor: str) -> str:
    async with sessions() as session:
        booking = await session.get(Booking, booking_id)
    if booking is None:
        return NOTHING
    studio = str(settings.studio.get("name") or "the studio")
    if booking.status == BookingStatus.confirmed:
        mail = Mail(f"Your consultation with {studio} is confirmed",
                    visitor_ics(booking.id, booking.start_at, booking.end_at, settings.studio,
                                booking.by_video))
    else:
        mail = Mail(f"About your consultation request with {studio}")
    return await tell_visitor(sessions, relay, settings, booking.conversation_id, mail, actor)


async def after_handoff(sessions: Sessions, relay: RelayClient, settings: Settings, handoff_id: int,
                        actor: str) -> str:
    async with sessions() as session:
        handoff = await session.get(Handoff, handoff_id)
    if handoff is None:
        return NOTHING
    studio = str(settings.studio.get("name") or "the studio")
    return await tell_visitor(sessions, relay, settings, handoff.conversation_id,
                              Mail(f"Your request to {studio}"), actor)
