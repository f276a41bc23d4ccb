"""The web process's application factory.

Routes: ``/`` → ``/dashboard/``; the dashboard (``bot.dashboard``, with the live
conversations of ``bot.live``); the Cal.com
webhook (``bot.booking.webhooks``, when its secret is set); the chat widget's
files and demo page (``bot.widget.routes``, when installed).
Engines and background jobs live in cleanup contexts, so nothing opens before
the application starts.
"""
from __future__ import annotations

import importlib
import logging

from aiohttp import web

from bot.booking.webhooks import setup_calcom_webhook
from bot.dashboard.errors import error_pages
from bot.dashboard.setup import setup_dashboard
from bot.followup.web import setup_followup_routes
from bot.live.web import setup_live
from bot.settings import Settings
from bot.web.engines import engines_ctx
from bot.web.jobs import make_jobs_ctx
from bot.web.keys import SETTINGS
from bot.web.security import security_headers

log = logging.getLogger(__name__)

MAX_BODY = 256 * 1024       # forms are small; nothing is uploaded


async def to_dashboard(request: web.Request) -> web.StreamResponse:
    raise web.HTTPFound("/dashboard/")


async def health(request: web.Request) -> web.StreamResponse:
    return web.json_response({"status": "ok"})


def _setup_widget(app: web.Application, settings: Settings) -> None:
    try:
        module = importlib.import_module("bot.widget.routes")
    except ModuleNotFoundError as exc:
        if exc.name not in ("bot.widget", "bot.widget.routes"):
            raise
        log.warning("bot.widget.routes is not available: the chat widget is not served")
        return
    module.setup_widget(app, settings)


def create_app(settings: Settings, *, run_jobs: bool = True) -> web.Application:
    """Build the application; ``run_jobs=False`` leaves out the erasure sweep and purge (tests)."""
    app = web.Application(middlewares=[security_headers, error_pages], client_max_size=MAX_BODY)
    app[SETTINGS] = settings
    app.cleanup_ctx.append(engines_ctx)
    setup_live(app, settings)                 # the relay client, before the jobs that use it
    if run_jobs:
        app.cleanup_ctx.append(make_jobs_ctx())
    app.router.add_get("/", to_dashboard, name="root")
    app.router.add_get("/dashboard", to_dashboard)
    app.router.add_get("/healthz", health, name="health")
    setup_dashboard(app, settings)
    setup_calcom_webhook(app, settings)
    setup_followup_routes(app)                # the visitor's stop link for follow-up messages
    _setup_widget(app, settings)
    return app
