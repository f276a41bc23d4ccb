"""Dashboard options read from the environment (kept in ``Settings.env``)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

TRUE = {"1", "true", "yes", "on"}


def env_flag(env: Mapping[str, str], name: str, default: bool = False) -> bool:
    value = env.get(name)
    return default if value is None or value == "" else value.strip().lower() in TRUE


def env_int(env: Mapping[str, str], name: str, default: int) -> int:
    try:
        return int(env.get(name) or default)
    except ValueError:
        return default


@dataclass(frozen=True)
class DashboardConfig:
    secure_cookies: bool = False
    idle_minutes: int = 120              # the session cookie expires after this long unused
    session_hours: int = 12              # and in any case this long after signing in
    login_max_failures: int = 5          # per IP and username
    login_max_failures_per_ip: int = 30  # per IP, any username
    login_window_seconds: int = 15 * 60
    trust_proxy: bool = False            # take the client address from X-Forwarded-For
    redis_url: str = ""

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> "DashboardConfig":
        return cls(
            secure_cookies=env_flag(env, "DASHBOARD_SECURE_COOKIES"),
            idle_minutes=env_int(env, "DASHBOARD_IDLE_MINUTES", cls.idle_minutes),
            session_hours=env_int(env, "DASHBOARD_SESSION_HOURS", cls.session_hours),
            login_max_failures=env_int(env, "DASHBOARD_LOGIN_MAX_FAILURES", cls.login_max_failures),
            login_max_failures_per_ip=env_int(env, "DASHBOARD_LOGIN_MAX_FAILURES_PER_IP",
                                              cls.login_max_failures_per_ip),
            login_window_seconds=env_int(env, "DASHBOARD_LOGIN_WINDOW_SECONDS", cls.login_window_seconds),
            trust_proxy=env_flag(env, "DASHBOARD_TRUST_PROXY"),
            redis_url=env.get("REDIS_URL", ""),
        )
