"""Conversation references for URLs: a keyed hash instead of the conversation id.

A conversation id can be a phone number (WhatsApp, SMS): it must not appear in a
URL, a browser history or an access log. The dashboard names a conversation by
the first 128 bits of HMAC-SHA256 over its id, keyed from the dashboard's
session key, and finds it again among the recent conversations.
"""
from __future__ import annotations

import hashlib
import hmac
import re
import time
from typing import Iterable, Optional

from sqlalchemy import distinct, select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.store.tracker_events import events

REF = re.compile(r"[0-9a-f]{32}")
#: conversations older than this cannot be opened by reference (their leads still can)
LOOKUP_DAYS = 30


def ref_key(secret_key: bytes) -> bytes:
    return hmac.new(secret_key, b"live-conversation-ref", hashlib.sha256).digest()


def ref(key: bytes, conversation_id: str) -> str:
    return hmac.new(key, conversation_id.encode(), hashlib.sha256).hexdigest()[:32]


def match(key: bytes, wanted: str, candidates: Iterable[str]) -> Optional[str]:
    for candidate in candidates:
        if hmac.compare_digest(ref(key, candidate), wanted):
            return candidate
    return None


async def resolve(key: bytes, engine: AsyncEngine, wanted: str, first: Iterable[str] = (),
                  now: Optional[float] = None) -> Optional[str]:
    """The conversation id behind ``wanted``: among ``first`` (e.g. the active list), else recent senders."""
    if not REF.fullmatch(wanted):
        return None
    found = match(key, wanted, first)
    if found is not None:
        return found
    since = (now or time.time()) - LOOKUP_DAYS * 86400
    async with engine.connect() as conn:
        senders = (await conn.scalars(select(distinct(events.c.sender_id)).where(events.c.timestamp >= since))).all()
    return match(key, wanted, senders)
