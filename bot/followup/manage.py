"""The practitioner's own follow-ups: add a message to a lead, move a scheduled one (dashboard actions).

A message added by hand has a ``manual:`` key, so the planner (:mod:`bot.followup.plan`) leaves it alone: a
"not yet" message added by hand is not cancelled for not matching the lead's follow-up date, and it keeps the
channel the practitioner chose as long as the lead can still receive it there. Times are entered on the
studio's wall clock and stored in UTC; a time in the quiet hours where the visitor is (their number's time zone,
else the studio's), in the past, or (for a reminder) after the consultation is refused with the reason, rather
than silently moved.
"""
from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Optional
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.dashboard import audit
from bot.followup import plan, queue
from bot.followup.models import SCHEDULED, ScheduledMessage
from bot.followup.timing import QuietHours, as_utc, local_to_utc
from bot.followup.visitor_zone import quiet_hours_for
from bot.settings import Settings
from bot.store.models import ACTIVE_BOOKING_STATUSES, Booking, Lead

Sessions = async_sessionmaker[AsyncSession]
MANUAL = plan.MANUAL
#: the kinds a practitioner may add (the task is the assistant's own)
ADDABLE = (plan.REMINDER, plan.NOT_YET, plan.AFTERCARE, plan.CHECK_IN, plan.TOUCH_UP)


class Result(str, enum.Enum):
    done = "done"
    not_found = "not_found"
    bad_time = "bad_time"            # not a date and time
    past = "past"
    quiet = "quiet"
    after_consultation = "after_consultation"
    no_booking = "no_booking"
    bad_kind = "bad_kind"
    bad_channel = "bad_channel"
    stopped = "stopped"
    not_scheduled = "not_scheduled"


@dataclass(frozen=True)
class Change:
    result: Result
    message_id: Optional[int] = None
    #: the visitor's time zone when it is not the studio's (said with a quiet-hours refusal)
    zone: str = ""


def _zone_note(quiet: QuietHours, settings: Settings) -> str:
    return "" if quiet.tz.key == settings.time_zone.key else quiet.tz.key


def is_manual(message: ScheduledMessage) -> bool:
    return message.dedupe_key.startswith(MANUAL)


def channels_for(lead: Lead) -> list[str]:
    """The channels this lead can receive a message on: e-mail with an address, the messaging app they wrote
    from, and the website chat for a widget conversation (delivered only while it is open)."""
    found: list[str] = []
    if lead.email:
        found.append("email")
    if lead.channel in plan.MESSAGING:
        found.append(str(lead.channel))
    if lead.channel == "socketio":
        found.append("chat")
    preferred = plan.channel_for(lead)
    return sorted(found, key=lambda c: c != preferred)


def parse_local(value: str, tz: ZoneInfo) -> Optional[datetime]:
    """``2026-12-10T14:30`` (an ``<input type=datetime-local>``) on the studio's wall clock, as UTC."""
    try:
        naive = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    if naive.tzinfo is not None:
        return None
    return local_to_utc(naive.replace(second=0, microsecond=0), tz)


def _check_time(due: datetime, now: datetime, quiet: QuietHours, booking: Optional[Booking]) -> Optional[Result]:
    if due <= now:
        return Result.past
    if quiet.is_quiet(due):
        return Result.quiet
    if booking is not None and due >= as_utc(booking.start_at):
        return Result.after_consultation
    return None


async def next_booking(session: AsyncSession, lead_id: str, now: datetime) -> Optional[Booking]:
    return await session.scalar(select(Booking).where(
        Booking.lead_id == lead_id, Booking.status.in_(ACTIVE_BOOKING_STATUSES), Booking.start_at > now)
        .order_by(Booking.start_at).limit(1))


def quiet_for(lead: Lead, settings: Settings, at: datetime) -> QuietHours:
    """The quiet hours where the visitor is, when that can be known (bot.followup.visitor_zone)."""
    return quiet_hours_for(lead, settings.followups, settings.time_zone, at)


async def add_message(sessions: Sessions, settings: Settings, lead_id: str, kind: str, when: str, channel: str,
                      actor: str, now: datetime) -> Change:
    """Schedule a message of ``kind`` for ``when`` (studio time) on ``channel``; a reminder goes with the
    lead's next active booking."""
    if kind not in ADDABLE:
        return Change(Result.bad_kind)
    due = parse_local(when, settings.time_zone)
    async with sessions.begin() as session:
        lead = await session.get(Lead, lead_id)
        if lead is None:
            return Change(Result.not_found)
        if due is None:
            return Change(Result.bad_time)
        if channel not in channels_for(lead):
            return Change(Result.bad_channel)
        if await queue.stopped(session, lead.id):
            return Change(Result.stopped)
        booking = await next_booking(session, lead.id, now) if kind == plan.REMINDER else None
        if kind == plan.REMINDER and booking is None:
            return Change(Result.no_booking)
        quiet = quiet_for(lead, settings, due)
        problem = _check_time(due, now, quiet, booking)
        if problem is not None:
            return Change(problem, zone=_zone_note(quiet, settings))
        key = f"{MANUAL}{kind}:{lead.id}:{uuid.uuid4().hex[:12]}"
        await queue.add(session, queue.Planned(
            lead.id, lead.conversation_id, kind, key, due, channel, booking_id=booking.id if booking else None,
            ref_at=booking.start_at if booking else None, created_by=actor[:100]), now)
        message_id = await session.scalar(select(ScheduledMessage.id).where(ScheduledMessage.dedupe_key == key))
        audit.add(session, actor, "followup_add", lead.id, f"{kind} by {channel}")
    return Change(Result.done, message_id)


async def move_message(sessions: Sessions, settings: Settings, lead_id: str, message_id: int, when: str,
                       actor: str, now: datetime) -> Change:
    """Move a scheduled message of the lead to ``when`` (studio time); one being sent or gone stays."""
    due = parse_local(when, settings.time_zone)
    async with sessions.begin() as session:
        message = await session.get(ScheduledMessage, message_id, with_for_update=True)
        lead = await session.get(Lead, lead_id)
        if message is None or lead is None or message.lead_id != lead_id:
            return Change(Result.not_found)
        if message.state != SCHEDULED:
            return Change(Result.not_scheduled)
        if due is None:
            return Change(Result.bad_time)
        booking = await session.get(Booking, message.booking_id) if message.booking_id else None
        quiet = quiet_for(lead, settings, due) if message.channel != plan.STUDIO else QuietHours(
            settings.followups.quiet_start, settings.followups.quiet_start, settings.time_zone)
        problem = _check_time(due, now, quiet, booking)
        if problem is not None:
            return Change(problem, zone=_zone_note(quiet, settings))
        before = as_utc(message.due_at)
        message.due_at, message.reason = due, ""
        audit.add(session, actor, "followup_move", lead.id,
                  f"{message.kind} #{message.id}: {before:%Y-%m-%d %H:%M} → {due:%Y-%m-%d %H:%M} UTC")
    return Change(Result.done, message_id)
