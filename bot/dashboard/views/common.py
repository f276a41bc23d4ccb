"""Small helpers shared by the views."""
from __future__ import annotations

import re

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.dashboard.keys import USER
from bot.settings import Settings
from bot.web.keys import SESSIONS, SETTINGS, TRACKER_ENGINE

# Control characters other than tab and line breaks: never typed, and PostgreSQL refuses NUL in text.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def sessions(request: web.Request) -> async_sessionmaker[AsyncSession]:
    return request.config_dict[SESSIONS]


def tracker(request: web.Request) -> AsyncEngine:
    return request.config_dict[TRACKER_ENGINE]


def settings(request: web.Request) -> Settings:
    return request.config_dict[SETTINGS]


def actor(request: web.Request) -> str:
    return request[USER].username


def clean_text(value: str, limit: int) -> str:
    return CONTROL.sub("", value[:limit])


async def form_text(request: web.Request, name: str, limit: int = 10_000) -> str:
    """A form field as text (a file upload or a missing field is ""), without control characters."""
    value = (await request.post()).get(name)
    return clean_text(value, limit) if isinstance(value, str) else ""
