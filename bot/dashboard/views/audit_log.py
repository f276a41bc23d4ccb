"""The audit log page."""
from __future__ import annotations

from aiohttp import web

from bot.dashboard import audit
from bot.dashboard.render import render
from bot.dashboard.views.common import sessions


async def audit_page(request: web.Request) -> web.StreamResponse:
    action = request.query.get("action", "")
    action = action if action in audit.ACTION_LABELS else ""
    try:
        page = int(request.query.get("page", "1"))
    except ValueError:
        page = 1
    async with sessions(request)() as db:
        result = await audit.entries(db, page, action)
    return await render(request, "audit.html", {"result": result, "action": action,
                                                "actions": audit.ACTION_LABELS})
