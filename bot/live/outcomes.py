"""Outcomes that reach the visitor at once: a booking confirmed or declined, a request for a person answered.

The practitioner's decision leaves a notice (``visitor_notices``). Right after it,
:func:`tell_visitor` pushes the conversation's undelivered notices to the open
chat through the relay (marked delivered), else sends them by the visitor's
preferred contact: a text message or WhatsApp when that is a phone and the studio
has set it up (:mod:`bot.notify.visitor_phone`), else e-mail to the lead's address
(marked with the time and the way; the chat still says them the next time the
visitor writes). A confirmed booking's e-mail carries its calendar file. Each way
is in the audit log.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Optional

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.booking.ics import visitor_ics
from bot.dashboard import audit
from bot.live.relay_client import RelayClient, RelayError
from bot.notify.visitor import send_to_visitor
from bot.notify.visitor_phone import PhoneSender, ways
from bot.settings import Settings
from bot.store.models import Booking, BookingStatus, Handoff, Lead, VisitorNotice, utcnow

log = logging.getLogger(__name__)
Sessions = async_sessionmaker[AsyncSession]

CHAT, EMAIL, LATER, NOTHING = "chat", "email", "later", "nothing"
SMS, WHATSAPP = "sms", "whatsapp"
TOLD = {CHAT: "The visitor was told in their open chat.",
        EMAIL: "Their chat is not open: the visitor was told by email.",
        SMS: "Their chat is not open: the visitor was told by text message.",
        WHATSAPP: "Their chat is not open: the visitor was told on WhatsApp.",
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


async def _mark(sessions: Sessions, notice_ids: list[int], column: str, sent_by: Optional[str] = None) -> None:
    values: dict[str, object] = {column: utcnow()}
    if sent_by:
        values["sent_by"] = sent_by
    async with sessions.begin() as session:
        await session.execute(update(VisitorNotice).where(VisitorNotice.id.in_(notice_ids)).values(values))


async def _by_phone(settings: Settings, tracker: Optional[AsyncEngine], lead: Lead, text: str) -> Optional[str]:
    """``sms`` or ``whatsapp`` when the notice went to the visitor's phone, else None."""
    if tracker is None or not ways(lead, settings.env):
        return None
    sender = PhoneSender(settings, tracker)
    try:
        return await sender.send(lead, text)
    finally:
        await sender.close()


async def _push(relay: RelayClient, conversation_id: str, notices: list[VisitorNotice]) -> list[int]:
    """The ids of the notices the open chat received (none when it is closed or the relay is down)."""
    delivered: list[int] = []
    for notice in notices:
        try:
            answer = await relay.notify(conversation_id, notice.text, notice.buttons or None)
        except RelayError as error:
            log.warning("A notice could not go through the relay (%s)", error.status)
            break
        if not answer.delivered:
            break
        delivered.append(notice.id)
    return delivered


async def tell_visitor(sessions: Sessions, relay: RelayClient, settings: Settings, conversation_id: str,
                       mail: Mail, actor: str, tracker: Optional[AsyncEngine] = None) -> str:
    """Deliver the conversation's pending notices now; returns how (chat, sms, whatsapp, email, later or nothing).

    ``tracker`` (Rasa's tracker store) is needed for WhatsApp's 24-hour window; without it no phone way is tried."""
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
        phoned = await _by_phone(settings, tracker, lead, text) if lead is not None else None
        emailed = phoned is None and lead is not None and bool(lead.email) and await send_to_visitor(
            settings, lead.email or "", mail.subject, text, lead.first_name, mail.ics)
        if phoned or emailed:
            await _mark(sessions, [n.id for n in rest], "emailed_at", phoned or EMAIL)
        how = phoned or (EMAIL if emailed else (CHAT if pushed else LATER))
    await audit.record(sessions, actor, "notice", target, {CHAT: "in the chat", EMAIL: "by email",
                                                            SMS: "by text message", WHATSAPP: "by WhatsApp",
                                                            LATER: "pending: chat closed, no email"}[how])
    return how


async def after_booking_decision(sessions: Sessions, relay: RelayClient, settings: Settings, booking_id: str,
                                 actor: str, tracker: Optional[AsyncEngine] = None) -> str:
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
    return await tell_visitor(sessions, relay, settings, booking.conversation_id, mail, actor, tracker)


async def after_handoff(sessions: Sessions, relay: RelayClient, settings: Settings, handoff_id: int,
                        actor: str, tracker: Optional[AsyncEngine] = None) -> str:
    async with sessions() as session:
        handoff = await session.get(Handoff, handoff_id)
    if handoff is None:
        return NOTHING
    studio = str(settings.studio.get("name") or "the studio")
    return await tell_visitor(sessions, relay, settings, handoff.conversation_id,
                              Mail(f"Your request to {studio}"), actor, tracker)
