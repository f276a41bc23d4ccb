"""The calendar: a week of consultations, requested and confirmed."""
from __future__ import annotations

from aiohttp import web

from bot.dashboard.calendar_week import week_from_query, week_of
from bot.dashboard.keys import CLOCK
from bot.dashboard.render import render
from bot.dashboard.timefmt import to_local
from bot.dashboard.views.common import sessions, settings


async def calendar_page(request: web.Request) -> web.StreamResponse:
    tz = settings(request).time_zone
    today = to_local(request.config_dict[CLOCK].utcnow(), tz).date()
    monday = week_from_query(request.query.get("week"), today)
    async with sessions(request)() as db:
        week = await week_of(db, monday, tz, today)
    return await render(request, "calendar.html", {"week": week, "this_week": week_from_query(None, today)})
