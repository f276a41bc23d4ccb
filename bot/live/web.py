"""Wiring the live loop into the web app: the relay client, the streams' shutdown signal, the reference key."""
from __future__ import annotations

from aiohttp import web

from bot.dashboard.secret import load_secret_key
from bot.live import refs
from bot.live.relay_client import relay_ctx
from bot.live.sse import end_streams_on_shutdown
from bot.settings import Settings

REF_KEY = web.AppKey("live_ref_key", bytes)


def setup_live(app: web.Application, settings: Settings) -> None:
    """Call from the application factory, before the app starts."""
    app[REF_KEY] = refs.ref_key(load_secret_key(settings.env))
    app.cleanup_ctx.append(relay_ctx)
    end_streams_on_shutdown(app)
