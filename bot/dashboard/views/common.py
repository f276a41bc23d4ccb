"""Small helpers shared by the views."""
from __future__ import annotations

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.dashboard.keys import USER
from bot.settings import Settings
from bot.web.keys import SESSIONS, SETTINGS, TRACKER_ENGINE


def sessions(request: web.Request) -> async_sessionmaker[AsyncSession]:
    return request.config_dict[SESSIONS]


def tracker(request: web.Request) -> AsyncEngine:
    return request.config_dict[TRACKER_ENGINE]


def settings(request: web.Request) -> Settings:
    return request.config_dict[SETTINGS]


def actor(request: web.Request) -> str:
    return request[USER].username


async def form_text(request: web.Request, name: str, limit: int = 10_000) -> str:
    value = (await request.post()).get(name)
    return value[:limit] if isinstance(value, str) else ""
