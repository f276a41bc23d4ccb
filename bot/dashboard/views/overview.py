"""The overview page: charts drawn on the server as inline SVG."""
from __future__ import annotations

from aiohttp import web

from bot.dashboard import charts, stats
from bot.dashboard.render import render
from bot.dashboard.views.common import sessions, settings

WEEK_CHOICES = (4, 12, 26, 52)


async def overview_page(request: web.Request) -> web.StreamResponse:
    try:
        weeks = int(request.query.get("weeks", "12"))
    except ValueError:
        weeks = 12
    weeks = weeks if weeks in WEEK_CHOICES else 12
    async with sessions(request)() as db:
        data = await stats.overview(db, settings(request).time_zone, weeks=weeks)
    week_items = [(f"{start.day} {start:%b}", count) for start, count in data.weeks]
    total = data.funnel[0][1]
    return await render(request, "overview.html", {
        "data": data, "weeks": weeks, "week_choices": WEEK_CHOICES,
        "per_week": charts.columns(week_items),
        "per_concern": charts.rows(data.concerns),
        "per_channel": charts.rows(data.channels),
        "readiness": charts.rows(data.readiness),
        "funnel": charts.rows(data.funnel, share_of=total),
    })
