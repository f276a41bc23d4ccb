"""Typed keys of the dashboard's application and request state."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Union

import jinja2
from aiohttp import web

from bot.dashboard.clock import Clock
from bot.dashboard.config import DashboardConfig
from bot.dashboard.ratelimit import LoginThrottle
from bot.dashboard.roles import Permission, Role, can

JINJA = web.AppKey("dashboard_jinja", jinja2.Environment)
CONFIG = web.AppKey("dashboard_config", DashboardConfig)
THROTTLE = web.AppKey("dashboard_throttle", LoginThrottle)
CLOCK = web.AppKey("dashboard_clock", Clock)


@dataclass(frozen=True)
class CurrentUser:
    id: int
    username: str
    role: str = Role.owner.value
    must_change_password: bool = False
    totp_enabled: bool = True

    def can(self, permission: Union[Permission, str]) -> bool:
        return can(self.role, permission)

    @property
    def role_label(self) -> str:
        role = Role.parse(self.role)
        return role.label if role else self.role

    @property
    def forced_step(self) -> Optional[str]:
        """The route this account must complete before anything else: a new password, then a second factor."""
        if self.must_change_password:
            return "password"
        if not self.totp_enabled:
            return "totp_setup"
        return None


USER = web.RequestKey("dashboard_user", CurrentUser)
