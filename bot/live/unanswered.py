"""A reminder to the practitioner when a waiting chat or a request has gone unanswered for a while.

``notifications.remind_unanswered_minutes`` in studio.yml (default 30; 0 turns it off). Three kinds of item:

* a **chat waiting for a person** (the live board's waiting time: a person is answering and the visitor wrote
  last, or the visitor asked for a person and nobody has taken the chat over);
* an open **request** (a call-back, a time preference, a booking that needs help);
* a **booking request** not yet confirmed or declined.

Each goes once, by the practitioner's notifications (e-mail and/or the signed webhook): the table
``staff_reminders`` records it, so another round, another replica or a restart never sends it again. A chat
that waits again later (the visitor writes again after being answered) is a new item. A chat waiting only
because of a request still open is reminded as that request, not twice. The text says what is waiting, the
first name at most and for how long: never what the visitor wrote, never health details, never a phone
number (the link to a chat uses its keyed reference).
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Optional

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.dashboard.timefmt import as_utc
from bot.live import board
from bot.notify import notify
from bot.settings import Settings
from bot.store import staff_reminders
from bot.store.models import Booking, BookingStatus, Handoff, Lead

Sessions = async_sessionmaker[AsyncSession]
CHECK_EVERY_SECONDS = 60.0
REQUEST_LABELS = {"person": "Request for a person", "time_preference": "None of the times suited",
                  "booking_failed": "A booking needs your help", "failed_input": "Request for a person"}


@dataclass(frozen=True)
class Item:
    key: str                       # what staff_reminders records
    summary: str                   # "Request for a person from Anna, waiting 35 min"
    lead_id: Optional[str]
    path: Optional[str] = None     # a dashboard page other than the lead's


def waited(seconds: float) -> str:
    minutes = int(max(0.0, seconds) // 60)
    if minutes < 120:
        return f"{minutes} min"
    return f"{minutes // 60} h" if minutes < 48 * 60 else f"{minutes // 1440} days"


def _from(name: Optional[str]) -> str:
    return f" from {name}" if name else ""


async def _requests(sessions: Sessions, cutoff: datetime, now: datetime) -> tuple[list[Item], set[str]]:
    """Open requests and booking requests older than ``cutoff``, and the conversations with an open request."""
    async with sessions() as session:
        handoffs = (await session.execute(
            select(Handoff.id, Handoff.kind, Handoff.created_at, Handoff.conversation_id, Lead.id, Lead.first_name)
            .outerjoin(Lead, Lead.conversation_id == Handoff.conversation_id)
            .where(Handoff.status == "open").order_by(Handoff.id))).all()
        bookings = (await session.execute(
            select(Booking.id, Booking.created_at, Lead.id, Lead.first_name)
            .outerjoin(Lead, Lead.id == Booking.lead_id)
            .where(Booking.status == BookingStatus.requested, Booking.created_at <= cutoff)
            .order_by(Booking.created_at))).all()
    items, open_chats = [], set()
    for handoff_id, kind, created, conversation, lead_id, name in handoffs:
        open_chats.add(conversation)
        if as_utc(created) <= cutoff:
            label = REQUEST_LABELS.get(kind, "Request")
            items.append(Item(f"handoff:{handoff_id}", f"{label}{_from(name)}, waiting "
                              f"{waited((now - as_utc(created)).total_seconds())}",
                              lead_id, None if lead_id else "/dashboard/queues"))
    for booking_id, created, lead_id, name in bookings:
        items.append(Item(f"booking:{booking_id}", f"Booking request{_from(name)} not confirmed or declined, "
                          f"waiting {waited((now - as_utc(created)).total_seconds())}",
                          lead_id, None if lead_id else "/dashboard/queues"))
    return items, open_chats


def _chats(rows: list[board.Row], open_requests: set[str], cutoff: float, now: float) -> list[Item]:
    items = []
    for row in rows:
        since = row.waiting_since
        if since is None or since > cutoff:
            continue
        if row.conversation_id in open_requests and not (row.paused or row.answering):
            continue                                  # reminded as its request
        who = f" with {row.name}" if row.name else ""
        items.append(Item(f"chat:{row.ref}:{int(since)}",
                          f"Chat on {row.channel_label}{who} waiting for a person for {waited(now - since)}",
                          None, f"/dashboard/conversations/{row.ref}"))
    return items


async def overdue(sessions: Sessions, tracker: AsyncEngine, key: bytes, minutes: int,
                  now: Optional[float] = None) -> list[Item]:
    """What has waited ``minutes`` or more, whether or not it was reminded."""
    moment = now if now is not None else time.time()
    stamp = datetime.fromtimestamp(moment, timezone.utc)
    items, open_requests = await _requests(sessions, stamp - timedelta(minutes=minutes), stamp)
    rows = await board.rows(sessions, tracker, key, now=moment)
    return _chats(rows, open_requests, moment - minutes * 60, moment) + items


async def remind_unanswered(sessions: Sessions, tracker: AsyncEngine, settings: Settings, key: bytes,
                            now: Optional[float] = None) -> int:
    """Send the reminders not sent yet; returns how many went (each item once, across rounds and replicas)."""
    minutes = settings.alerts.remind_unanswered_minutes
    if minutes <= 0:
        return 0
    items = await overdue(sessions, tracker, key, minutes, now)
    done = await staff_reminders.sent(sessions, (item.key for item in items))
    count = 0
    for item in items:
        if item.key in done or not await staff_reminders.claim(sessions, item.key):
            continue
        await notify(settings, "unanswered", item.lead_id, item.summary, item.path)
        count += 1
    return count
