"""Choosing the provider named in studio.yml (``booking.provider``)."""
from __future__ import annotations

from typing import Optional

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.booking.base import BookingProvider
from bot.booking.calcom import CalcomProvider
from bot.booking.calendar import CalendarProvider
from bot.booking.config import booking_config
from bot.booking.link import LinkProvider
from bot.settings import Settings

PROVIDERS = ("calendar", "calcom", "link")


def make_provider(settings: Settings, sessions: async_sessionmaker[AsyncSession],
                  name: Optional[str] = None) -> BookingProvider:
    """The configured provider, or ``name`` (to cancel a booking made with another one)."""
    config = booking_config(settings)
    chosen = (name or config.provider).lower()
    if chosen == "calcom":
        return CalcomProvider(config, sessions, str(settings.studio.get("time_zone", "UTC")))
    if chosen == "link":
        return LinkProvider(config.link_url)
    if chosen != "calendar":
        raise ValueError(f"booking.provider must be one of {', '.join(PROVIDERS)}, not {chosen!r}")
    return CalendarProvider(settings, sessions, config)
