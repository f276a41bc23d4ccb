"""Rendering pages: the common context (user, CSRF token, messages) and no caching."""
from __future__ import annotations

from typing import Any, Mapping, Optional

import aiohttp_jinja2
from aiohttp import web
from aiohttp_session import Session, get_session

from bot.dashboard import queries
from bot.dashboard.auth import csrf_token
from bot.dashboard.keys import JINJA, USER
from bot.web.keys import SESSIONS, SETTINGS

MAX_FLASHES = 5


def flash(session: Session, text: str, kind: str = "info") -> None:
    """A one-time message for the next page (never health data: it sits in the cookie)."""
    messages = list(session.get("flash") or [])[-(MAX_FLASHES - 1):]
    messages.append([kind, text])
    session["flash"] = messages


async def flash_for(request: web.Request, text: str, kind: str = "info") -> None:
    flash(await get_session(request), text, kind)


def no_store(response: web.StreamResponse) -> web.StreamResponse:
    response.headers["Cache-Control"] = "no-store"
    return response


async def render(request: web.Request, template: str, context: Optional[Mapping[str, Any]] = None,
                 status: int = 200) -> web.Response:
    session = await get_session(request)
    user = request.get(USER)
    flashes = session.pop("flash", None) or []
    queue_count = 0
    if user is not None:
        async with request.config_dict[SESSIONS]() as db:
            queue_count = await queries.queue_count(db)
    resource = request.match_info.route.resource
    ctx = {
        "user": user,
        "restricted": user is not None and user.forced_step is not None,   # only the forced step's page
        "csrf_token": csrf_token(session),
        "flashes": flashes,
        "queue_count": queue_count,
        "studio_name": request.config_dict[SETTINGS].studio.get("name", "Studio"),
        "page": (resource.name if resource is not None else None) or "",
        **(context or {}),
    }
    response = aiohttp_jinja2.render_template(template, request, ctx, app_key=JINJA, status=status)
    no_store(response)
    return response


def redirect(request: web.Request, name: str, query: Optional[Mapping[str, str]] = None,
             **parts: str) -> web.HTTPSeeOther:
    """A 303 to a named dashboard route (Post/Redirect/Get)."""
    url = request.app.router[name].url_for(**parts)
    if query:
        url = url.with_query(query)
    return web.HTTPSeeOther(str(url))
