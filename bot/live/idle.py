"""Hand idle takeovers back to the assistant, so that no visitor waits on a practitioner who has gone.

``TAKEOVER_IDLE_MINUTES`` (default 15; 0 turns it off): a takeover with no reply
for that long is handed back as if by hand, the visitor is told, and the audit
log says it was the idle rule.
"""
from __future__ import annotations

from typing import Mapping

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.live import refs
from bot.live.relay_client import RelayClient
from bot.live.service import Live
from bot.settings import Settings
from bot.store import takeovers

DEFAULT_MINUTES = 15.0
CHECK_EVERY_SECONDS = 30.0
ACTOR = "assistant"


def idle_minutes(env: Mapping[str, str]) -> float:
    try:
        return max(0.0, float(env.get("TAKEOVER_IDLE_MINUTES") or DEFAULT_MINUTES))
    except ValueError:
        return DEFAULT_MINUTES


async def hand_back_idle(sessions: async_sessionmaker[AsyncSession], relay: RelayClient, settings: Settings,
                         key: bytes, minutes: float) -> int:
    """Hand back every takeover idle for ``minutes``; returns how many were handed back."""
    if minutes <= 0:
        return 0
    live, count = Live(sessions, relay, settings), 0
    for row in await takeovers.idle(sessions, minutes):
        done = await live.hand_back(row.conversation_id, refs.ref(key, row.conversation_id), ACTOR, reason="idle")
        count += int(done.ok)
    return count
