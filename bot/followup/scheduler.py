"""One round of the follow-up job of the web process (:func:`bot.web.jobs.make_jobs_ctx` runs it every minute).

A round: messages left half-sent by a stopped process are failed; the queue is brought in line with the
bookings and "not yet" dates (:mod:`bot.followup.plan`); visitors who replied "stop" are stopped; then the due
messages are claimed (once across every process, :mod:`bot.followup.queue`), checked again (the booking still
at that time, the visitor not stopped, not in quiet hours), written and sent. A temporary failure is retried
with a doubling delay up to ``followups.max_attempts``; every send and failure is in the audit log.

The clock is a parameter (``run_once(now)``), so tests freeze time instead of waiting.
"""
from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Callable, Optional

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.channels.resume import make_token, resume_link, resume_secret
from bot.followup import plan, queue
from bot.followup.manage import channels_for
from bot.followup.models import SENT as SENT_STATE
from bot.nlp.readable import STOP_SENDING
from bot.followup.models import ScheduledMessage
from bot.followup.send import FAILED, RETRY, SENT, Outcome, Senders
from bot.followup.texts import compose
from bot.followup.timing import QuietHours, as_utc
from bot.followup.visit_links import visit_links
from bot.followup.visitor_zone import quiet_hours_for
from bot.notify import notify
from bot.settings import Settings
from bot.store import tracker_events
from bot.store.models import ACTIVE_BOOKING_STATUSES, Booking, Handoff, Lead, LeadStatus, utcnow

log = logging.getLogger(__name__)
Sessions = async_sessionmaker[AsyncSession]
#: a reply that is exactly one of these, after a follow-up was sent, ends the visitor's follow-ups
STOP_WORDS = frozenset({"stop", "stop please", "please stop", "unsubscribe", "stop messages", "stop reminders",
                        "no more messages", "stopp", "cancel messages", "opt out", "baja"})
STOP_PATH = "/followups/stop"
STOP_LINK_DAYS = 400
CHECK_EVERY_SECONDS = 60.0


def stop_url(settings: Settings, lead_id: str, now: Optional[float] = None) -> str:
    base = (settings.env.get("DASHBOARD_URL") or "http://localhost:8080").rstrip("/")
    token = make_token(f"stop:{lead_id}", resume_secret(settings.env), ttl=STOP_LINK_DAYS * 86400, now=now)
    return f"{base}{STOP_PATH}?t={token}"


def _normal(text: str) -> str:
    return " ".join("".join(c for c in text.lower() if c.isalnum() or c.isspace()).split())


async def replied_stop(tracker: AsyncEngine, conversation_id: str, since: datetime) -> bool:
    """Whether the visitor wrote just "stop" (or the like) after ``since``."""
    async with tracker.connect() as conn:
        rows = await conn.execute(select(tracker_events.events.c.data).where(
            tracker_events.events.c.sender_id == conversation_id, tracker_events.events.c.type_name == "user",
            tracker_events.events.c.timestamp > as_utc(since).timestamp()))
        for (data,) in rows:
            try:
                text = json.loads(data or "{}").get("text") or ""
            except ValueError:
                continue
            if isinstance(text, str) and (_normal(text) in STOP_WORDS or STOP_SENDING.search(text)):
                return True
    return False


@dataclass
class Round:
    sent: int = 0
    failed: int = 0
    retried: int = 0
    cancelled: int = 0
    planned: int = 0

    @property
    def total(self) -> int:
        return self.sent + self.failed + self.cancelled + self.planned


class Scheduler:
    def __init__(self, sessions: Sessions, tracker: AsyncEngine, settings: Settings, senders: Senders,
                 clock: Callable[[], datetime] = utcnow, worker: Optional[str] = None) -> None:
        self.sessions, self.tracker, self.settings, self.senders = sessions, tracker, settings, senders
        self.clock = clock
        self.worker = worker or queue.worker_id()
        self.quiet = QuietHours.of(settings.followups, settings.time_zone)

    async def run_once(self, now: Optional[datetime] = None) -> Round:
        now = as_utc(now or self.clock())
        result = Round()
        if not self.settings.followups.enabled:
            return result
        result.failed += await queue.fail_stale(self.sessions, now)
        result.planned += await plan.sync_bookings(self.sessions, self.settings, now)
        result.planned += await plan.sync_follow_up_dates(self.sessions, self.settings, now)
        result.cancelled += await self.scan_stops()
        for message_id in await queue.claim_due(self.sessions, self.worker, now):
            await self._deliver(message_id, now, result)
        return result

    async def scan_stops(self) -> int:
        """Stop the visitors who replied "stop" to a follow-up and still have messages scheduled."""
        async with self.sessions() as session:
            rows = (await session.execute(
                select(ScheduledMessage.lead_id, ScheduledMessage.conversation_id, ScheduledMessage.sent_at)
                .where(ScheduledMessage.state == SENT_STATE, ScheduledMessage.lead_id.in_(
                    select(ScheduledMessage.lead_id).where(ScheduledMessage.state == "scheduled")))
                .order_by(ScheduledMessage.sent_at))).all()
        first: dict[str, tuple[str, datetime]] = {}
        for lead_id, conversation_id, sent_at in rows:
            first.setdefault(lead_id, (conversation_id, sent_at))
        cancelled = 0
        for lead_id, (conversation_id, sent_at) in first.items():
            if sent_at is not None and await replied_stop(self.tracker, conversation_id, sent_at):
                cancelled += await queue.stop(self.sessions, lead_id, "reply")
        return cancelled

    async def _still_wanted(self, message: ScheduledMessage, lead: Lead, booking: Optional[Booking],
                            now: datetime) -> str:
        """"" when the message should go now, else why not."""
        if message.kind == plan.REMINDER:
            if booking is None or booking.status.value not in ACTIVE_BOOKING_STATUSES:
                return "the booking was cancelled"
            if message.ref_at is None or as_utc(booking.start_at) != as_utc(message.ref_at):
                return "the booking was moved"
            if as_utc(booking.start_at) <= now:
                return "too late: the consultation has started"
        if message.kind in (plan.NOT_YET, plan.TASK) and not message.dedupe_key.startswith(plan.MANUAL):
            if lead.follow_up_date is None or not message.dedupe_key.endswith(lead.follow_up_date.isoformat()):
                return "the follow-up date changed"
            if lead.status in (LeadStatus.consultation_booked, LeadStatus.closed):
                return "no longer needed: the lead is booked or closed"
        return ""

    async def _deliver(self, message_id: int, now: datetime, result: Round) -> None:
        async with self.sessions() as session:
            message = await session.get(ScheduledMessage, message_id)
            lead = await session.get(Lead, message.lead_id) if message else None
            booking = await session.get(Booking, message.booking_id) if message and message.booking_id else None
            stopped = await queue.stopped(session, message.lead_id) if message else False
        if message is None:
            return
        if lead is None or stopped:
            await queue.mark_cancelled(self.sessions, message_id, self.worker,
                                       "the visitor asked to stop" if stopped else "the lead no longer exists")
            result.cancelled += 1
            return
        why_not = await self._still_wanted(message, lead, booking, now)
        if not why_not and await self._stopped_by_reply(lead):
            await queue.stop(self.sessions, lead.id, "reply")
            why_not = "the visitor asked to stop"
        if why_not:
            await queue.mark_cancelled(self.sessions, message_id, self.worker, why_not)
            result.cancelled += 1
            return
        quiet = self.quiet if message.channel == plan.STUDIO else self._quiet_for(lead, now)
        if message.channel != plan.STUDIO and quiet.is_quiet(now):
            later = quiet.later(now)
            if booking is not None and later >= as_utc(booking.start_at):
                await queue.mark_cancelled(self.sessions, message_id, self.worker, "too late: quiet hours")
                result.cancelled += 1
            else:
                await queue.retry_later(self.sessions, message_id, self.worker, later, "quiet hours",
                                        count_attempt=False)
            return
        channel = plan.STUDIO if message.channel == plan.STUDIO else self._channel(message, lead)
        outcome = await self._send(message, lead, booking, channel, now)
        if outcome.status == SENT:
            await queue.mark_sent(self.sessions, message_id, self.worker, channel, message.kind, now)
            result.sent += 1
        elif outcome.status == RETRY and message.attempts < self.settings.followups.max_attempts:
            delay = timedelta(minutes=self.settings.followups.retry_after_minutes * 2 ** (message.attempts - 1))
            due = quiet.later(now + delay)
            if booking is not None and due >= as_utc(booking.start_at):
                await queue.mark_failed(self.sessions, message_id, self.worker, message.kind,
                                        f"{outcome.reason}; no time left to retry")
                result.failed += 1
            else:
                await queue.retry_later(self.sessions, message_id, self.worker, due, outcome.reason)
                result.retried += 1
        else:
            reason = outcome.reason if outcome.status == FAILED else \
                f"{outcome.reason} (gave up after {message.attempts} attempts)"
            await queue.mark_failed(self.sessions, message_id, self.worker, message.kind, reason)
            result.failed += 1

    def _quiet_for(self, lead: Lead, now: datetime) -> QuietHours:
        """The quiet hours on the visitor's clock, where it can be known (bot.followup.visitor_zone)."""
        return quiet_hours_for(lead, self.settings.followups, self.settings.time_zone, now)

    @staticmethod
    def _channel(message: ScheduledMessage, lead: Lead) -> str:
        """The practitioner's choice for a message added by hand (while the lead can still receive it there),
        else the lead's preferred way, as it is now."""
        if message.dedupe_key.startswith(plan.MANUAL):
            if message.channel in channels_for(lead):
                return message.channel
        return plan.channel_for(lead)

    async def _stopped_by_reply(self, lead: Lead) -> bool:
        """Whether the visitor replied "stop" after their first follow-up (the "stop" that leaves a form in
        the chat before any follow-up was sent is not one)."""
        async with self.sessions() as session:
            first = await session.scalar(select(ScheduledMessage.sent_at).where(
                ScheduledMessage.lead_id == lead.id, ScheduledMessage.state == SENT_STATE)
                .order_by(ScheduledMessage.sent_at).limit(1))
        return first is not None and await replied_stop(self.tracker, lead.conversation_id, first)

    async def _send(self, message: ScheduledMessage, lead: Lead, booking: Optional[Booking], channel: str,
                    now: datetime) -> Outcome:
        if channel == plan.STUDIO:
            return await self._task(lead)
        email = channel == "email"
        config = self.settings.followups
        link = resume_link(lead.conversation_id, self.settings.env, ttl=config.link_days * 86400) \
            if email and message.kind in (plan.REMINDER, plan.NOT_YET, plan.TOUCH_UP) else ""
        actions = visit_links(self.settings, booking.id, booking.end_at, now) \
            if email and booking is not None and message.kind == plan.REMINDER else ()
        text = compose(self.settings, message.kind, lead.first_name, booking.start_at if booking else None, link,
                       stop_url(self.settings, lead.id, now.timestamp()) if email else "", actions)
        return await self.senders.send(channel, lead, message.kind, text, now,
                                       stop_url=stop_url(self.settings, lead.id, now.timestamp()) if email else "")

    async def _task(self, lead: Lead) -> Outcome:
        """The practitioner's task on the "not yet" date: a request in To do, and the usual notification."""
        async with self.sessions.begin() as session:
            session.add(Handoff(conversation_id=lead.conversation_id, lead_id=lead.id, channel=lead.channel,
                                kind="follow_up", details="The follow-up date agreed with the visitor has come."))
        await notify(self.settings, "follow_up_due", lead.id, lead.first_name or "")
        return Outcome(SENT)
