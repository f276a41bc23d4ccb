"""A lead's last activity: its latest message in the conversation, or the latest change to the lead."""
from __future__ import annotations

import logging
from datetime import datetime, timezone
from typing import Optional, Sequence

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.dashboard.timefmt import as_utc
from bot.store.models import Lead
from bot.store.tracker_events import events

log = logging.getLogger(__name__)


async def last_messages(tracker: AsyncEngine, conversation_ids: Sequence[str]) -> dict[str, datetime]:
    """conversation id → time of its latest visitor or assistant message (one query for a page of leads).

    The tracker store is Rasa's: when it cannot be read, the list still shows, with the leads' own times.
    """
    if not conversation_ids:
        return {}
    query = (select(events.c.sender_id, func.max(events.c.timestamp))
             .where(events.c.sender_id.in_(conversation_ids), events.c.type_name.in_(("user", "bot")))
             .group_by(events.c.sender_id))
    try:
        async with tracker.connect() as conn:
            rows = (await conn.execute(query)).all()
    except Exception as exc:  # e.g. no events table yet
        log.warning("Could not read the conversations' last messages: %s", type(exc).__name__)
        return {}
    return {sender: datetime.fromtimestamp(stamp, tz=timezone.utc) for sender, stamp in rows if stamp}


def last_activity(lead: Lead, messages: dict[str, datetime]) -> datetime:
    """The later of the lead's own last change and its conversation's last message."""
    times = [as_utc(t) for t in (lead.updated_at, lead.created_at, messages.get(lead.conversation_id)) if t]
    return max(times)


def ago(value: Optional[datetime], now: datetime) -> str:
    """'just now', '5 min ago', '3 h ago', 'yesterday', '4 days ago'; "" from two weeks on (show a date)."""
    if value is None:
        return ""
    seconds = max(0, int((as_utc(now) - as_utc(value)).total_seconds()))
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        return f"{seconds // 60} min ago"
    if seconds < 86400:
        return f"{seconds // 3600} h ago"
    days = seconds // 86400
    if days >= 14:
        return ""
    return "yesterday" if days == 1 else f"{days} days ago"
