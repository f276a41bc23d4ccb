"""Typed keys of the dashboard's application and request state."""
from __future__ import annotations

from dataclasses import dataclass

import jinja2
from aiohttp import web

from bot.dashboard.config import DashboardConfig
from bot.dashboard.ratelimit import LoginThrottle

JINJA = web.AppKey("dashboard_jinja", jinja2.Environment)
CONFIG = web.AppKey("dashboard_config", DashboardConfig)
THROTTLE = web.AppKey("dashboard_throttle", LoginThrottle)


@dataclass(frozen=True)
class CurrentUser:
    id: int
    username: str


USER = web.RequestKey("dashboard_user", CurrentUser)
