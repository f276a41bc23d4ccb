"""Read and erase conversations in Rasa's SQL tracker store (table ``events``).

Rasa owns that table (SQLAlchemy 1.4 in its own environment); we only read a
transcript from it and delete a conversation's rows on erasure.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Optional

from sqlalchemy import Column, Float, Integer, MetaData, String, Table, Text, delete, inspect, select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.store import transcript_taps

_metadata = MetaData()
events = Table(
    "events", _metadata,
    Column("id", Integer, primary_key=True),
    Column("sender_id", String(255), nullable=False, index=True),
    Column("type_name", String(255), nullable=False),
    Column("timestamp", Float),
    Column("intent_name", String(255)),
    Column("action_name", String(255)),
    Column("data", Text),
)


@dataclass(frozen=True)
class TranscriptLine:
    speaker: str                 # "visitor" | "assistant" | "staff" (a person from the studio answering live)
    text: str
    at: datetime
    buttons: tuple[str, ...] = ()
    tapped: bool = False         # the visitor tapped a button (text is its title, not the payload sent)
    name: str = ""               # staff: the name the visitor saw (the relay's metadata, bot.channels.live)


def _staff_name(payload: dict[str, Any]) -> str:
    """The practitioner's name on a message they typed in a takeover ("" for the assistant's own, and for the
    "… has joined the chat" line, which the assistant says)."""
    meta = payload.get("metadata")
    if not isinstance(meta, dict) or meta.get("live") == "joined":
        return ""
    staff = meta.get("staff")
    return " ".join(staff.split())[:100] if isinstance(staff, str) else ""


async def _has_events_table(engine: AsyncEngine) -> bool:
    async with engine.connect() as conn:
        return await conn.run_sync(lambda c: inspect(c).has_table("events"))


async def transcript(engine: AsyncEngine, conversation_id: str) -> list[TranscriptLine]:
    """The visitor's, the assistant's and the practitioner's messages of one conversation, oldest first."""
    if not await _has_events_table(engine):
        return []
    query = (select(events.c.type_name, events.c.timestamp, events.c.data)
             .where(events.c.sender_id == conversation_id, events.c.type_name.in_(("user", "bot")))
             .order_by(events.c.id))
    lines: list[TranscriptLine] = []
    choices: dict[str, str] = {}        # payload → title of the buttons offered since the visitor last wrote
    earlier: dict[str, str] = {}        # ... and of those offered before
    async with engine.connect() as conn:
        for type_name, timestamp, data in await conn.execute(query):
            payload: dict[str, Any] = json.loads(data or "{}")
            text = payload.get("text") or ""
            raw_buttons = (payload.get("data") or {}).get("buttons") or []
            buttons = tuple(b.get("title", "") for b in raw_buttons)
            tapped = False
            if type_name == "user":
                title = transcript_taps.shown_as(text, choices, earlier)
                earlier.update(choices)
                choices = {}
                if title == "":
                    continue                  # sent by the widget, unseen (the chat opening)
                tapped, text = title is not None, title if title is not None else text
            else:
                choices.update(transcript_taps.offered(raw_buttons))
            if not text and not buttons:
                continue
            staff = _staff_name(payload) if type_name == "bot" else ""
            lines.append(TranscriptLine(
                speaker="visitor" if type_name == "user" else ("staff" if staff else "assistant"), text=text,
                at=datetime.fromtimestamp(timestamp or 0, tz=timezone.utc), buttons=buttons, tapped=tapped,
                name=staff))
    return lines


async def erase(engine: AsyncEngine, conversation_id: str, until: Optional[float] = None) -> int:
    """Delete a conversation's stored events (those up to ``until``, a Unix time, if given)."""
    if not await _has_events_table(engine):
        return 0
    stmt = delete(events).where(events.c.sender_id == conversation_id)
    if until is not None:
        stmt = stmt.where(events.c.timestamp <= until)
    async with engine.begin() as conn:
        result = await conn.execute(stmt)
    return result.rowcount or 0
