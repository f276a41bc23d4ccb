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
    speaker: str                 # "visitor" | "assistant"
    text: str
    at: datetime
    buttons: tuple[str, ...] = ()


async def _has_events_table(engine: AsyncEngine) -> bool:
    async with engine.connect() as conn:
        return await conn.run_sync(lambda c: inspect(c).has_table("events"))


async def transcript(engine: AsyncEngine, conversation_id: str) -> list[TranscriptLine]:
    """The visitor's and the assistant's messages of one conversation, oldest first."""
    if not await _has_events_table(engine):
        return []
    query = (select(events.c.type_name, events.c.timestamp, events.c.data)
             .where(events.c.sender_id == conversation_id, events.c.type_name.in_(("user", "bot")))
             .order_by(events.c.id))
    lines: list[TranscriptLine] = []
    async with engine.connect() as conn:
        for type_name, timestamp, data in await conn.execute(query):
            payload: dict[str, Any] = json.loads(data or "{}")
            text = payload.get("text") or ""
            buttons = tuple(b.get("title", "") for b in (payload.get("data") or {}).get("buttons") or [])
            if not text and not buttons:
                continue
            lines.append(TranscriptLine(
                speaker="visitor" if type_name == "user" else "assistant", text=text,
                at=datetime.fromtimestamp(timestamp or 0, tz=timezone.utc), buttons=buttons))
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
