"""Dashboard options read from the environment (kept in ``Settings.env``)."""
from __future__ import annotations

import ipaddress
import logging
from dataclasses import dataclass
from typing import Mapping, Union
from urllib.parse import urlsplit

log = logging.getLogger(__name__)

TRUE = {"1", "true", "yes", "on"}
Network = Union[ipaddress.IPv4Network, ipaddress.IPv6Network]


def env_flag(env: Mapping[str, str], name: str, default: bool = False) -> bool:
    value = env.get(name)
    return default if value is None or value == "" else value.strip().lower() in TRUE


def env_int(env: Mapping[str, str], name: str, default: int) -> int:
    try:
        return int(env.get(name) or default)
    except ValueError:
        return default


def parse_networks(value: str) -> tuple[Network, ...]:
    """``TRUSTED_PROXIES``: addresses or networks, separated by commas or spaces; wrong entries are skipped."""
    networks = []
    for item in value.replace(",", " ").split():
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            log.warning("TRUSTED_PROXIES: %r is not an address or a network; ignored", item[:64])
    return tuple(networks)


def _trusted_proxies(env: Mapping[str, str]) -> tuple[Network, ...]:
    if env.get("TRUSTED_PROXIES"):
        return parse_networks(env["TRUSTED_PROXIES"])
    if env_flag(env, "DASHBOARD_TRUST_PROXY"):
        # The old flag trusted any sender of X-Forwarded-For; now only a proxy on this machine is trusted.
        log.warning("DASHBOARD_TRUST_PROXY is deprecated: set TRUSTED_PROXIES to the proxy's address instead "
                    "(trusting 127.0.0.1 and ::1 only)")
        return parse_networks("127.0.0.1 ::1")
    return ()


def public_origin(url: str) -> tuple[str, str]:
    """(scheme, host) of the dashboard's public address, e.g. ("https", "studio.example")."""
    parts = urlsplit(url.strip())
    return (parts.scheme.lower(), (parts.hostname or "").lower()) if parts.scheme and parts.hostname else ("", "")


@dataclass(frozen=True)
class DashboardConfig:
    secure_cookies: bool = False         # always Secure + __Host-; otherwise whenever the request came over HTTPS
    idle_minutes: int = 30               # the session ends after this long unused (ASVS 3.3.2)
    session_hours: int = 12              # and in any case this long after signing in
    pending_minutes: int = 5             # time to type the second-factor code after the password
    login_max_failures: int = 5          # per client address and account
    login_max_failures_per_account: int = 20   # per account, any address (ASVS: < 100 an hour)
    login_max_failures_per_ip: int = 30  # per client address, any account
    login_window_seconds: int = 15 * 60
    trusted_proxies: tuple[Network, ...] = ()   # X-Forwarded-For/-Proto are believed from these only
    public_scheme: str = ""              # of DASHBOARD_URL
    public_host: str = ""
    redis_url: str = ""

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> "DashboardConfig":
        scheme, host = public_origin(env.get("DASHBOARD_URL", ""))
        return cls(
            secure_cookies=env_flag(env, "DASHBOARD_SECURE_COOKIES"),
            idle_minutes=env_int(env, "DASHBOARD_IDLE_MINUTES", cls.idle_minutes),
            session_hours=env_int(env, "DASHBOARD_SESSION_HOURS", cls.session_hours),
            login_max_failures=env_int(env, "DASHBOARD_LOGIN_MAX_FAILURES", cls.login_max_failures),
            login_max_failures_per_account=env_int(env, "DASHBOARD_LOGIN_MAX_FAILURES_PER_ACCOUNT",
                                                   cls.login_max_failures_per_account),
            login_max_failures_per_ip=env_int(env, "DASHBOARD_LOGIN_MAX_FAILURES_PER_IP",
                                              cls.login_max_failures_per_ip),
            login_window_seconds=env_int(env, "DASHBOARD_LOGIN_WINDOW_SECONDS", cls.login_window_seconds),
            trusted_proxies=_trusted_proxies(env),
            public_scheme=scheme,
            public_host=host,
            redis_url=env.get("REDIS_URL", ""),
        )
