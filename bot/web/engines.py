"""Database engines for the web process, opened at start-up and disposed at shutdown."""
from __future__ import annotations

from typing import AsyncIterator

from aiohttp import web

from bot.store.db import create_engine_for, session_factory
from bot.web.keys import LEADS_ENGINE, SESSIONS, SETTINGS, TRACKER_ENGINE


async def engines_ctx(app: web.Application) -> AsyncIterator[None]:
    """cleanup_ctx: the leads store and Rasa's tracker store."""
    settings = app[SETTINGS]
    leads = create_engine_for(settings.database_url)
    tracker = create_engine_for(settings.tracker_store_url)
    app[LEADS_ENGINE] = leads
    app[SESSIONS] = session_factory(leads)
    app[TRACKER_ENGINE] = tracker
    try:
        yield
    finally:
        await tracker.dispose()
        await leads.dispose()
