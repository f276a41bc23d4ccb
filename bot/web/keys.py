"""Typed application keys shared by the web process and the dashboard."""
from __future__ import annotations

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.settings import Settings

SETTINGS = web.AppKey("settings", Settings)
LEADS_ENGINE = web.AppKey("leads_engine", AsyncEngine)
SESSIONS = web.AppKey("sessions", async_sessionmaker[AsyncSession])
TRACKER_ENGINE = web.AppKey("tracker_engine", AsyncEngine)
