"""Telling the practitioner: notifications (if the notify module is there) and failure handoffs."""
from __future__ import annotations

import inspect
import logging
from typing import Optional

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.settings import Settings
from bot.store.leads import add_handoff
from bot.store.models import Handoff

log = logging.getLogger(__name__)


async def notify_safely(settings: Settings, kind: str, lead_id: Optional[str], summary: str) -> None:
    """``bot.notify.notify(...)`` when that module exists (in the background if it can); never fails the chat."""
    try:
        import bot.notify as notify_module  # imported lazily: written by another part of the project
    except ImportError:
        return
    send = getattr(notify_module, "notify_in_background", None) or getattr(notify_module, "notify", None)
    if send is None:
        return
    try:
        result = send(settings, kind, lead_id, summary)
        if inspect.isawaitable(result):
            await result
    except Exception as exc:  # noqa: BLE001 - a notification problem must not break a booking
        log.error("notification %s failed: %s", kind, type(exc).__name__)


async def booking_failed(settings: Settings, sessions: async_sessionmaker[AsyncSession], conversation_id: str,
                         channel: str, details: str) -> Handoff:
    """Record that the booking system failed, for the practitioner to arrange a time by hand."""
    handoff, created = await add_handoff(sessions, conversation_id, channel, "booking_failed", details)
    if created:
        await notify_safely(settings, "booking_failed", handoff.lead_id,
                            "The booking system was unavailable; please contact this visitor to arrange a time")
    return handoff
