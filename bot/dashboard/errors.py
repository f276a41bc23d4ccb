"""Kind error pages (403, 404, 429, 500 …) for the whole web process.

Unexpected exceptions are logged with their type and stack frames only: an
exception message may quote SQL parameters, and those can be health data.
"""
from __future__ import annotations

import asyncio
import logging
import traceback

from aiohttp import web
from aiohttp.typedefs import Handler

from bot.dashboard.csrf import CsrfRefused
from bot.dashboard.keys import JINJA

log = logging.getLogger(__name__)

MESSAGES = {
    400: ("Something in that request was not right", "Please go back and try again."),
    403: ("You cannot do that here", "This page or action is not available to you."),
    404: ("Page not found", "The page may have moved, or the lead may have been erased."),
    405: ("That did not work", "This page cannot be used that way. Please go back and try again."),
    413: ("That was too much at once", "Please send less text and try again."),
    429: ("Too many attempts", "For your security, signing in is paused for a while. Please try again later."),
    500: ("Something went wrong on our side", "The problem was logged. Please try again in a moment."),
}
CSRF_MESSAGE = ("This form has expired", "For your security, forms only work for a while and only from this "
                "dashboard. Please go back, reload the page and try again. (Cookies must be enabled.)")


def _page(request: web.Request, status: int, title: str, message: str, retry_after: str | None) -> web.Response:
    env = request.config_dict[JINJA]
    minutes = -(-int(retry_after) // 60) if retry_after and retry_after.isdigit() else None
    html = env.get_template("error.html").render(status=status, title=title, message=message,
                                                 retry_minutes=minutes)
    response = web.Response(text=html, status=status, content_type="text/html")
    response.headers["Cache-Control"] = "no-store"
    return response


def _wants_page(request: web.Request) -> bool:
    return JINJA in request.config_dict and request.method != "HEAD"


@web.middleware
async def error_pages(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        return await handler(request)
    except web.HTTPException as exc:
        if exc.status < 400 or not _wants_page(request):
            raise
        title, message = CSRF_MESSAGE if isinstance(exc, CsrfRefused) else \
            MESSAGES.get(exc.status, MESSAGES[400 if exc.status < 500 else 500])
        response = _page(request, exc.status, title, message, exc.headers.get("Retry-After"))
        for name in ("Retry-After", "Allow"):
            if name in exc.headers:
                response.headers[name] = exc.headers[name]
        for name, morsel in exc.cookies.items():
            response.cookies[name] = morsel
        return response
    except asyncio.CancelledError:
        raise
    except Exception as exc:  # noqa: BLE001 - turn anything else into a kind 500 page
        frames = "".join(traceback.format_tb(exc.__traceback__))
        log.error("Unhandled %s on %s %s\n%s", type(exc).__name__, request.method, request.rel_url.path, frames)
        if not _wants_page(request):
            raise web.HTTPInternalServerError() from None
        return _page(request, 500, *MESSAGES[500], None)
