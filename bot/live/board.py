"""The live board: active conversations with who is answering and who is waiting, and the counts for the badge.

A conversation is *waiting* when a person is answering it and the visitor wrote
last (since then), or when the visitor asked for a person (an open request) and
nobody has taken it over yet (since the request).
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any, Optional

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.dashboard.labels import channel_label
from bot.dashboard.timefmt import as_utc
from bot.live import conversations, refs
from bot.store import takeovers
from bot.store.models import Booking, BookingStatus, Handoff, Lead, LeadStatus

Sessions = async_sessionmaker[AsyncSession]
ACTIVE_HOURS = 24.0
PERSON_KINDS = ("person", "time_preference", "failed_input", "booking_failed")


@dataclass(frozen=True)
class Row:
    ref: str
    conversation_id: str
    channel: str
    channel_label: str
    name: str
    lead_id: Optional[str]
    last: conversations.Line
    answering: str                 # "" (the assistant) or the practitioner's account
    paused: bool
    asked_for_person: bool
    waiting_since: Optional[float]

    def as_json(self) -> dict[str, Any]:
        return {"ref": self.ref, "channel": self.channel_label, "name": self.name,
                "last": {"speaker": self.last.speaker, "text": self.last.text, "name": self.last.name,
                         "at": self.last.at},
                "answering": self.answering or ("a person" if self.paused else ""), "paused": self.paused,
                "asked_for_person": self.asked_for_person, "waiting_since": self.waiting_since}


@dataclass(frozen=True)
class Counts:
    waiting: int
    new_leads: int
    requests: int

    def as_json(self) -> dict[str, int]:
        return {"waiting": self.waiting, "new_leads": self.new_leads, "requests": self.requests}


@dataclass(frozen=True)
class _Side:
    leads: dict[str, Lead]
    requests: dict[str, list[tuple[float, bool]]]     # conversation -> (created, still open) of person requests
    last_taken: dict[str, float]                      # conversation -> when someone last took it over


async def _leads_side(sessions: Sessions, ids: list[str]) -> _Side:
    if not ids:
        return _Side({}, {}, {})
    async with sessions() as session:
        leads = {lead.conversation_id: lead for lead in
                 (await session.scalars(select(Lead).where(Lead.conversation_id.in_(ids)))).all()}
        handoffs = (await session.execute(
            select(Handoff.conversation_id, Handoff.created_at, Handoff.status)
            .where(Handoff.conversation_id.in_(ids), Handoff.kind.in_(PERSON_KINDS)))).all()
        taken = (await session.execute(select(takeovers.Takeover.conversation_id, func.max(takeovers.Takeover.taken_at))
                                       .where(takeovers.Takeover.conversation_id.in_(ids))
                                       .group_by(takeovers.Takeover.conversation_id))).all()
    requests: dict[str, list[tuple[float, bool]]] = {}
    for conversation, created, status in handoffs:
        requests.setdefault(conversation, []).append((_epoch(created), status == "open"))
    return _Side(leads, requests, {conversation: _epoch(at) for conversation, at in taken})


def _epoch(moment: Any) -> float:
    return as_utc(moment).timestamp()


def asked_since(started: Optional[float], requests: list[tuple[float, bool]],
                last_taken: Optional[float]) -> Optional[float]:
    """Since when the visitor has been waiting for a person, if they are (and nobody has joined since).

    A request counts from the moment the visitor asked (Rasa ran the handoff action) until it is filed; once
    filed, while it is open. Someone taking the chat over since then answers it.
    """
    since = [created for created, is_open in requests if is_open]
    if started is not None and not any(created >= started for created, _ in requests):
        since.append(started)
    asked = min(since) if since else None
    if asked is not None and last_taken is not None and last_taken >= asked:
        return None
    return asked


def _waiting(summary: conversations.Summary, taken: bool, asked_at: Optional[float]) -> Optional[float]:
    if summary.paused or taken:
        return summary.visitor_at if summary.last.speaker == "visitor" else None
    return asked_at


async def rows(sessions: Sessions, tracker: AsyncEngine, key: bytes, hours: float = ACTIVE_HOURS,
               now: Optional[float] = None) -> list[Row]:
    """The active conversations: waiting ones first (longest wait first), then the most recent."""
    summaries = await conversations.active(tracker, (now or time.time()) - hours * 3600)
    ids = [s.conversation_id for s in summaries]
    side = await _leads_side(sessions, ids)
    started = await conversations.asked_for_person(tracker, ids)
    taken = await takeovers.active_for(sessions, ids)
    found = []
    for summary in summaries:
        conversation = summary.conversation_id
        lead, takeover = side.leads.get(conversation), taken.get(conversation)
        channel = summary.channel or (lead.channel if lead is not None else "")
        asked = asked_since(started.get(conversation), side.requests.get(conversation, []),
                            side.last_taken.get(conversation))
        found.append(Row(
            refs.ref(key, conversation), conversation, channel, channel_label(channel),
            (lead.first_name or "") if lead is not None else "", lead.id if lead is not None else None,
            summary.last, takeover.taken_by if takeover is not None else "", summary.paused,
            asked is not None, _waiting(summary, takeover is not None, asked)))
    return sorted(found, key=lambda r: (r.waiting_since is None, r.waiting_since or 0, -r.last.at))


async def counts(sessions: Sessions, board: list[Row]) -> Counts:
    async with sessions() as session:
        new_leads = await session.scalar(select(func.count()).select_from(Lead).where(Lead.status == LeadStatus.new))
        handoffs = await session.scalar(select(func.count()).select_from(Handoff).where(Handoff.status == "open"))
        bookings = await session.scalar(select(func.count()).select_from(Booking)
                                        .where(Booking.status == BookingStatus.requested))
    return Counts(sum(1 for r in board if r.waiting_since is not None), int(new_leads or 0),
                  int(handoffs or 0) + int(bookings or 0))


def ago(at: Optional[float], suffix: bool = True, now: Optional[float] = None) -> str:
    """'just now', '4 min ago', '2 h ago', '3 days ago' (the page's script keeps it current)."""
    if not at:
        return ""
    seconds = max(0.0, (now or time.time()) - at)
    if seconds < 60:
        return "just now" if suffix else "under a minute"
    minutes = int(seconds // 60)
    text = f"{minutes} min" if minutes < 60 else (f"{minutes // 60} h" if minutes < 48 * 60
                                                 else f"{minutes // 1440} days")
    return f"{text} ago" if suffix else text
