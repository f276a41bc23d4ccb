"""What should be scheduled, kept in step with the bookings and the leads.

Each round of the scheduler (and the dashboard, right after a change) brings the queue in line:

* **consultation reminders**: for each active booking still ahead, one message per
  ``followups.reminder_hours_before`` (the key names the booking *and* its start, so a moved booking gets new
  reminders); reminders of a booking that was cancelled, declined or moved are cancelled. This covers every
  way a booking is written (the chat, the dashboard, Cal.com's webhooks) without each of them knowing about
  reminders; :func:`booking_changed` cancels at once, in the booking's own transaction, where it is called;
* **the "not yet" date** (``leads.follow_up_date``, set by the assistant or the practitioner): a message to the
  visitor on that day and a task for the practitioner; a changed or cleared date cancels them, and so does a
  booking or a closed lead;
* **after a treatment session** (:func:`session_done`): aftercare, the healing check-in and the touch-up recall.

Nothing is planned for a visitor who asked to stop.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Optional

from sqlalchemy import not_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.dashboard import audit
from bot.followup import queue
from bot.followup.models import FollowupStop, ScheduledMessage, TreatmentSession
from bot.followup.queue import Planned
from bot.followup.timing import QuietHours, add_months, as_utc, on_day, reminder_due, wall_clock
from bot.followup.visitor_zone import quiet_hours_for
from bot.settings import Settings
from bot.store.models import ACTIVE_BOOKING_STATUSES, Booking, Lead, LeadStatus, utcnow

Sessions = async_sessionmaker[AsyncSession]
REMINDER, NOT_YET, TASK = "consultation_reminder", "not_yet", "not_yet_task"
AFTERCARE, CHECK_IN, TOUCH_UP = "aftercare", "check_in", "touch_up"
#: the practitioner's own "channel": a task in the dashboard (and an e-mail to the studio)
STUDIO = "studio"
MESSAGING = ("whatsapp_cloud", "telegram", "twilio", "facebook")
#: the key prefix of a message the practitioner added (bot.followup.manage): never planned away here
MANUAL = "manual:"


def channel_for(lead: Lead) -> str:
    """How to reach the visitor: their preferred contact first, else the app they wrote from, else e-mail,
    else the website chat (only when it is open)."""
    if lead.preferred_contact == "email" and lead.email:
        return "email"
    if lead.channel in MESSAGING:
        return lead.channel
    if lead.email:
        return "email"
    return "chat"


def _reminder_key(booking: Booking, hours: int) -> str:
    return f"{REMINDER}:{booking.id}:{hours}:{as_utc(booking.start_at):%Y%m%dT%H%M}"


async def booking_changed(session: AsyncSession, booking: Booking) -> int:
    """Cancel the booking's reminders that no longer fit it (cancelled, declined, moved), in the caller's
    transaction; new reminders follow at the scheduler's next round."""
    status = booking.status.value if hasattr(booking.status, "value") else str(booking.status)
    if status not in ACTIVE_BOOKING_STATUSES:
        return await queue.cancel_where(session, f"the booking was {status}", ScheduledMessage.booking_id == booking.id)
    return await queue.cancel_where(session, "the booking was moved", ScheduledMessage.booking_id == booking.id,
                                    ScheduledMessage.ref_at != as_utc(booking.start_at))


async def sync_bookings(sessions: Sessions, settings: Settings, now: datetime) -> int:
    """Reminders for active bookings ahead; stale ones cancelled. Returns how many were added."""
    config, tz = settings.followups, settings.time_zone
    added = 0
    async with sessions.begin() as session:
        stale = await session.scalars(
            select(ScheduledMessage.id).join(Booking, Booking.id == ScheduledMessage.booking_id)
            .where(ScheduledMessage.state == "scheduled", ScheduledMessage.kind == REMINDER,
                   or_(Booking.status.not_in(ACTIVE_BOOKING_STATUSES), Booking.start_at != ScheduledMessage.ref_at)))
        stale_ids = list(stale.all())
        if stale_ids:
            await queue.cancel_where(session, "the booking was cancelled or moved", ScheduledMessage.id.in_(stale_ids))
        if not config.reminder_hours:
            return 0
        rows = (await session.execute(
            select(Booking, Lead).join(Lead, Lead.id == Booking.lead_id)
            .outerjoin(FollowupStop, FollowupStop.lead_id == Lead.id)
            .where(Booking.status.in_(ACTIVE_BOOKING_STATUSES), Booking.start_at > now,
                   FollowupStop.lead_id.is_(None)))).all()
        for booking, lead in rows:
            quiet = quiet_hours_for(lead, config, tz, booking.start_at)      # night where the visitor is
            for hours in config.reminder_hours:
                due = reminder_due(booking.start_at, hours, quiet, now, tz)
                if due is None:
                    continue
                added += await queue.add(session, Planned(
                    lead.id, lead.conversation_id, REMINDER, _reminder_key(booking, hours), due, channel_for(lead),
                    booking_id=booking.id, ref_at=booking.start_at), now)
    return added


def _not_yet_key(kind: str, lead_id: str, day: date) -> str:
    return f"{kind}:{lead_id}:{day.isoformat()}"


async def sync_follow_up_dates(sessions: Sessions, settings: Settings, now: datetime) -> int:
    """The "not yet" date of each lead: a message to the visitor and a task for the practitioner."""
    config, tz = settings.followups, settings.time_zone
    quiet = QuietHours.of(config, tz)
    today = wall_clock(now, tz).date()
    added = 0
    waiting = (LeadStatus.consultation_booked, LeadStatus.closed)
    async with sessions.begin() as session:
        # a date changed, cleared or no longer wanted (booked, closed, stopped): its messages go
        pending = (await session.execute(
            select(ScheduledMessage.id, ScheduledMessage.dedupe_key, ScheduledMessage.kind, Lead)
            .join(Lead, Lead.id == ScheduledMessage.lead_id)
            .where(ScheduledMessage.state == "scheduled", ScheduledMessage.kind.in_((NOT_YET, TASK)),
                   not_(ScheduledMessage.dedupe_key.startswith(MANUAL))))).all()
        for message_id, key, kind, lead in pending:
            wanted = lead.follow_up_date and lead.status not in waiting \
                and key == _not_yet_key(kind, lead.id, lead.follow_up_date)
            if not wanted:
                await queue.cancel_where(session, "the follow-up date changed or is no longer needed",
                                         ScheduledMessage.id == message_id)
        leads = (await session.scalars(
            select(Lead).outerjoin(FollowupStop, FollowupStop.lead_id == Lead.id)
            .where(Lead.follow_up_date.is_not(None), Lead.follow_up_date >= today,
                   not_(Lead.status.in_(waiting)), FollowupStop.lead_id.is_(None)))).all()
        for lead in leads:
            day = lead.follow_up_date
            assert day is not None
            at = max(on_day(day, config.send_time, tz), now)
            due = quiet_hours_for(lead, config, tz, at).later(at)           # the visitor's night
            added += await queue.add(session, Planned(lead.id, lead.conversation_id, NOT_YET,
                                                      _not_yet_key(NOT_YET, lead.id, day), due, channel_for(lead)), now)
            added += await queue.add(session, Planned(lead.id, lead.conversation_id, TASK,
                                                      _not_yet_key(TASK, lead.id, day), quiet.later(at), STUDIO), now)
    return added


async def session_done(sessions: Sessions, settings: Settings, lead_id: str, done_on: date, actor: str,
                       now: Optional[datetime] = None) -> Optional[TreatmentSession]:
    """The practitioner marks a treatment session done: aftercare now, a check-in after the first weeks of
    healing and the touch-up recall after the studio's interval (an earlier recall still waiting is replaced).
    None when the lead does not exist."""
    now = now or utcnow()
    config, tz = settings.followups, settings.time_zone
    async with sessions.begin() as session:
        lead = await session.get(Lead, lead_id)
        if lead is None:
            return None
        quiet = quiet_hours_for(lead, config, tz, now)
        record = TreatmentSession(lead_id=lead.id, done_on=done_on, recorded_by=actor[:100])
        session.add(record)
        await session.flush()
        audit.add(session, actor, "session_done", lead.id, done_on.isoformat())
        if await queue.stopped(session, lead.id):
            return record
        await queue.cancel_where(session, "a later session restarts the touch-up interval",
                                 ScheduledMessage.lead_id == lead.id, ScheduledMessage.kind == TOUCH_UP)
        channel = channel_for(lead)
        aftercare = quiet.later(max(now, on_day(done_on, config.send_time, tz))
                                + timedelta(minutes=config.aftercare_after_minutes))
        planned = [(AFTERCARE, aftercare)]
        check_in = on_day(done_on + timedelta(days=config.check_in_after_days), config.send_time, tz)
        if check_in > now:
            planned.append((CHECK_IN, quiet.later(check_in)))
        recall = on_day(add_months(done_on, config.touch_up_after_months), config.send_time, tz)
        if recall > now:
            planned.append((TOUCH_UP, quiet.later(recall)))
        for kind, due in planned:
            await queue.add(session, Planned(lead.id, lead.conversation_id, kind, f"{kind}:session:{record.id}",
                                             due, channel, created_by=actor[:100]), now)
    return record


async def sessions_of(session: AsyncSession, lead_id: str) -> list[TreatmentSession]:
    return list((await session.scalars(select(TreatmentSession).where(TreatmentSession.lead_id == lead_id)
                                       .order_by(TreatmentSession.done_on.desc()))).all())
