"""Conversations as Rasa stored them (table ``events``), read for the live dashboard.

* :func:`latest_id`: the newest event id, overall or of one conversation (an
  indexed look-up, cheap enough to ask every second);
* :func:`active`: the conversations with a message since a moment, newest
  first, each with its channel, latest message, the visitor's latest message
  and whether a person is answering (Rasa's pause events);
* :func:`transcript`: one conversation as the visitor saw it: a tapped
  button's title instead of its payload, the widget's silent start left out,
  the practitioner's messages under their name.

Only the ``text`` of messages is read, never the NLU data stored beside it.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Optional, Sequence

from sqlalchemy import func, inspect, select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.store import transcript_taps
from bot.store.tracker_events import events

#: how far back (in events) the active list looks at most, so the scan stays bounded on a large table
SCAN_EVENTS = 50_000
PAUSE_EVENTS = ("pause", "resume", "session_started")
PERSON_ACTIONS = ("action_human_handoff",)
MAX_PREVIEW = 140


@dataclass(frozen=True)
class Line:
    id: int
    speaker: str                  # visitor | assistant | staff
    text: str
    at: float                     # seconds since the epoch
    name: str = ""                # the practitioner's name (staff)
    buttons: tuple[str, ...] = ()
    kind: str = ""                # "" | notice | joined | left

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "speaker": self.speaker, "text": self.text, "at": self.at, "name": self.name,
                "buttons": list(self.buttons), "kind": self.kind}


@dataclass(frozen=True)
class Summary:
    conversation_id: str
    channel: str
    last: Line
    visitor_at: Optional[float]   # the visitor's latest message
    paused: bool


async def has_events(engine: AsyncEngine) -> bool:
    async with engine.connect() as conn:
        return await conn.run_sync(lambda c: inspect(c).has_table("events"))


async def latest_id(engine: AsyncEngine, conversation_id: Optional[str] = None) -> int:
    query = select(func.max(events.c.id))
    if conversation_id is not None:
        query = query.where(events.c.sender_id == conversation_id)
    async with engine.connect() as conn:
        return int(await conn.scalar(query) or 0)


def _data(raw: Optional[str]) -> dict[str, Any]:
    try:
        value = json.loads(raw or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _buttons(data: dict[str, Any]) -> list[dict[str, Any]]:
    inner = _dict(data.get("data"))
    found = inner.get("buttons") or inner.get("quick_replies") or []
    return [b for b in found if isinstance(b, dict)] if isinstance(found, list) else []


def _bot_line(event_id: int, at: float, data: dict[str, Any]) -> Optional[Line]:
    text = _text(data.get("text"))
    titles = tuple(str(b.get("title") or "") for b in _buttons(data) if b.get("title"))
    if not text and not titles:
        return None
    meta = _dict(data.get("metadata"))
    staff = _text(meta.get("staff"))
    kind = "notice" if meta.get("notice") else str(meta.get("live") or "")
    if staff and kind != "joined":
        return Line(event_id, "staff", text, at, name=staff, buttons=titles)
    return Line(event_id, "assistant", text, at, name=staff, buttons=titles, kind=kind[:16])


class Reader:
    """Turns a conversation's events, oldest first, into the lines the visitor saw (:mod:`bot.store.transcript_taps`)."""

    def __init__(self) -> None:
        self.offered: dict[str, str] = {}      # payload -> title of the buttons offered since the visitor wrote

    def line(self, event_id: int, type_name: str, at: Optional[float], raw: Optional[str]) -> Optional[Line]:
        data, when = _data(raw), float(at or 0)
        if type_name == "bot":
            self.offered.update(transcript_taps.offered(_buttons(data)))
            return _bot_line(event_id, when, data)
        text = _text(data.get("text"))
        if not text:
            return None
        shown = transcript_taps.shown_as(text, self.offered)
        self.offered = {}
        if shown == "":
            return None                        # sent by the widget, never seen (the chat opening)
        return Line(event_id, "visitor", text if shown is None else shown, when)


async def transcript(engine: AsyncEngine, conversation_id: str) -> list[Line]:
    """The conversation's messages, oldest first, as the visitor saw them."""
    query = (select(events.c.id, events.c.type_name, events.c.timestamp, events.c.data)
             .where(events.c.sender_id == conversation_id, events.c.type_name.in_(("user", "bot")))
             .order_by(events.c.id))
    reader, lines = Reader(), []
    async with engine.connect() as conn:
        for row in await conn.execute(query):
            line = reader.line(row.id, row.type_name, row.timestamp, row.data)
            if line is not None:
                lines.append(line)
    return lines


async def paused(engine: AsyncEngine, conversation_ids: Sequence[str]) -> set[str]:
    """Those of the conversations whose latest pause, resume or session start is a pause."""
    if not conversation_ids:
        return set()
    last = (select(func.max(events.c.id)).where(events.c.sender_id.in_(conversation_ids),
                                               events.c.type_name.in_(PAUSE_EVENTS))
            .group_by(events.c.sender_id))
    async with engine.connect() as conn:
        rows = await conn.execute(select(events.c.sender_id, events.c.type_name).where(events.c.id.in_(last)))
        return {sender for sender, type_name in rows if type_name == "pause"}


async def asked_for_person(engine: AsyncEngine, conversation_ids: Sequence[str]) -> dict[str, float]:
    """When each of the conversations last started a request for a person (Rasa ran the handoff action)."""
    if not conversation_ids:
        return {}
    query = (select(events.c.sender_id, func.max(events.c.timestamp))
             .where(events.c.sender_id.in_(conversation_ids), events.c.type_name == "action",
                    events.c.action_name.in_(PERSON_ACTIONS)).group_by(events.c.sender_id))
    async with engine.connect() as conn:
        return {sender: float(at or 0) for sender, at in await conn.execute(query)}


async def active(engine: AsyncEngine, since: float, limit: int = 50) -> list[Summary]:
    """Conversations with a message at or after ``since``, the most recent first."""
    if not await has_events(engine):
        return []
    floor = max(0, await latest_id(engine) - SCAN_EVENTS)
    messages = (events.c.type_name.in_(("user", "bot")), events.c.id > floor)
    async with engine.connect() as conn:
        newest = (await conn.execute(
            select(events.c.sender_id, func.max(events.c.id).label("last")).where(*messages)
            .where(events.c.timestamp >= since).group_by(events.c.sender_id)
            .order_by(func.max(events.c.id).desc()).limit(limit))).all()
        senders = [row.sender_id for row in newest]
        if not senders:
            return []
        visitor_last = (select(func.max(events.c.id)).where(events.c.sender_id.in_(senders),
                                                            events.c.type_name == "user")
                        .group_by(events.c.sender_id))
        wanted = select(events.c.id, events.c.sender_id, events.c.type_name, events.c.timestamp, events.c.data) \
            .where((events.c.id.in_([row.last for row in newest])) | (events.c.id.in_(visitor_last)))
        rows = {row.id: row for row in await conn.execute(wanted)}
    on_pause = await paused(engine, senders)
    visitors: dict[str, Any] = {}
    for candidate in sorted(rows.values(), key=lambda r: r.id):      # each sender's newest visitor message
        if candidate.type_name == "user":
            visitors[candidate.sender_id] = candidate
    summaries = []
    for row in newest:
        last_row = rows.get(row.last)
        if last_row is None:
            continue
        visitor = visitors.get(row.sender_id)
        last = Reader().line(last_row.id, last_row.type_name, last_row.timestamp, last_row.data) \
            or Line(last_row.id, "visitor" if last_row.type_name == "user" else "assistant", "",
                    float(last_row.timestamp or 0))
        channel = str(_data(visitor.data).get("input_channel") or "") if visitor is not None else ""
        summaries.append(Summary(row.sender_id, channel, _preview(last),
                                 float(visitor.timestamp or 0) if visitor is not None else None,
                                 row.sender_id in on_pause))
    return summaries


def _preview(line: Line) -> Line:
    """One short line; a button the visitor tapped (its payload, out of context here) reads as such."""
    text = " ".join(line.text.split())
    if line.speaker == "visitor" and text.startswith("/"):
        text = "Tapped a button"
    if len(text) > MAX_PREVIEW:
        text = text[:MAX_PREVIEW - 1] + "…"
    return Line(line.id, line.speaker, text, line.at, line.name, line.buttons, line.kind)
