"""Mount the dashboard on the web application.

The dashboard is a sub-application at ``/dashboard`` with its own session
cookie (see :mod:`bot.dashboard.cookies`), sign-in guard and CSRF check; its
templates' environment sits on the parent application, under its own key, so
that error pages can use it for every path.
"""
from __future__ import annotations

from typing import Any, AsyncIterator, Callable, Mapping, Optional, cast

import logging

import aiohttp_jinja2
import aiohttp_session
import jinja2
from aiohttp import web

from bot.dashboard import labels, timefmt
from bot.dashboard.auth import require_login
from bot.dashboard.clock import Clock
from bot.dashboard.config import DashboardConfig
from bot.dashboard.cookies import COOKIE_NAME, SECURE_COOKIE_NAME, AdaptiveCookieStorage
from bot.dashboard.csrf import csrf_protect
from bot.dashboard.keys import CLOCK, CONFIG, JINJA, THROTTLE
from bot.dashboard.network import LOCAL_HOSTS, WARNED, strict_transport
from bot.dashboard.ratelimit import Counter, LoginThrottle, MemoryCounter, RedisCounter
from bot.dashboard.routes import setup_routes
from bot.dashboard.secret import load_secret_key
from bot.settings import Settings

log = logging.getLogger(__name__)
__all__ = ["COOKIE_NAME", "SECURE_COOKIE_NAME", "setup_dashboard"]


def _url_for(dash: web.Application) -> Callable[..., str]:
    def url(name: str, query: Optional[Mapping[str, Any]] = None, **parts: Any) -> str:
        target = dash.router[name].url_for(**{k: str(v) for k, v in parts.items()})
        return str(target.with_query(query) if query else target)
    return url


def _jinja(app: web.Application, settings: Settings, dash: web.Application) -> jinja2.Environment:
    tz = settings.time_zone
    env = aiohttp_jinja2.setup(
        app, app_key=JINJA, loader=jinja2.PackageLoader("bot.dashboard", "templates"),
        autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
        filters={
            "local": lambda dt: timefmt.fmt_datetime(dt, tz),
            "local_date": lambda dt: timefmt.fmt_date(timefmt.to_local(dt, tz).date()) if dt else "",
            "local_time": lambda dt: f"{timefmt.to_local(dt, tz):%H:%M}" if dt else "",
            "day": timefmt.fmt_date,
            "provider_label": labels.provider_label,
            "status_label": lambda v: labels.status_label(labels.value_of(v)),
            "readiness_label": cast("Callable[..., str]",   # a default argument: mypy cannot infer it here
                                      lambda v, short=False: labels.readiness_label(labels.value_of(v) or None, short)),
            "concern_label": labels.concern_label,
            "channel_label": labels.channel_label,
            "handoff_label": labels.handoff_label,
            "booking_status_label": lambda v: labels.booking_status_label(labels.value_of(v)),
            "value": labels.value_of,
        })
    env.globals["url"] = _url_for(dash)
    env.globals["static"] = lambda filename: _url_for(dash)("static", filename=filename)
    return env


def _counter(config: DashboardConfig) -> Counter:
    return RedisCounter.from_url(config.redis_url) if config.redis_url else MemoryCounter()


def _throttle_ctx(config: DashboardConfig) -> Callable[[web.Application], AsyncIterator[None]]:
    async def throttle_ctx(app: web.Application) -> AsyncIterator[None]:
        counter = _counter(config)
        app[THROTTLE] = LoginThrottle(counter, config.login_max_failures, config.login_max_failures_per_ip,
                                      config.login_window_seconds, config.login_max_failures_per_account)
        try:
            yield
        finally:
            await counter.close()
    return throttle_ctx


def _warn_about_transport(config: DashboardConfig) -> None:
    if config.public_scheme == "http" and config.public_host not in LOCAL_HOSTS:
        log.warning("DASHBOARD_URL is plain http:// on %s: serve the dashboard over HTTPS (see README, deployment)",
                    config.public_host[:100])


def setup_dashboard(app: web.Application, settings: Settings) -> web.Application:
    """Create the dashboard sub-application and mount it at /dashboard; returns it."""
    config = DashboardConfig.from_env(settings.env)
    _warn_about_transport(config)
    dash = web.Application()
    aiohttp_session.setup(dash, AdaptiveCookieStorage(load_secret_key(settings.env), config))
    dash.middlewares.extend([strict_transport, require_login, csrf_protect])
    setup_routes(dash)
    _jinja(app, settings, dash)
    app[CONFIG] = config
    app[CLOCK] = Clock()
    app[WARNED] = set()
    app.cleanup_ctx.append(_throttle_ctx(config))
    app.add_subapp("/dashboard", dash)
    return dash
