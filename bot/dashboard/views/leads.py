"""The leads list and its CSV export."""
from __future__ import annotations

from datetime import datetime

from aiohttp import web

from bot.dashboard import activity, audit, queries
from bot.dashboard.export import leads_csv
from bot.dashboard.filters import READINESS, LeadFilter
from bot.dashboard.keys import CLOCK
from bot.dashboard.labels import CONCERNS
from bot.dashboard.render import no_store, render
from bot.dashboard.views.common import actor, sessions, settings, tracker


async def leads_list(request: web.Request) -> web.StreamResponse:
    f = LeadFilter.from_query(request.query)
    if dict(request.query) != f.params():
        # A submitted filter form sends its empty fields too: redirect to the short, clean address.
        raise web.HTTPFound(str(request.rel_url.with_query(f.params())))
    tz = settings(request).time_zone
    async with sessions(request)() as db:
        page = await queries.list_leads(db, f, tz)
        counts = await queries.status_counts(db, f, tz)
        choices = await queries.filter_choices(db)
    concerns = sorted(set(CONCERNS) | set(choices["concerns"]), key=lambda c: (c == "other", c))
    messages = await activity.last_messages(tracker(request), [lead.conversation_id for lead in page.leads])
    now = request.config_dict[CLOCK].utcnow()
    last = {lead.id: activity.last_activity(lead, messages) for lead in page.leads}
    return await render(request, "leads.html", {
        "f": f, "result": page, "counts": counts, "total_all": sum(counts.values()),
        "statuses": queries.visible_statuses(counts, f.status), "readiness_values": READINESS,
        "concerns": concerns, "channels": choices["channels"],
        "last_activity": last, "ago": {lead_id: activity.ago(at, now) for lead_id, at in last.items()}})


async def export_csv(request: web.Request) -> web.StreamResponse:
    f = LeadFilter.from_query(request.query)
    cfg = settings(request)
    async with sessions(request)() as db:
        leads, shown = await queries.all_filtered(db, f, cfg.time_zone)
        bookings = await queries.next_bookings(db, [lead.id for lead in leads])
    await audit.record(sessions(request), actor(request), "export",
                       details=f"{len(leads)} leads; filter: {f.describe()}")
    body = leads_csv(leads, bookings, cfg.time_zone, cfg.env.get("DASHBOARD_URL", ""), shown)
    stamp = datetime.now(cfg.time_zone).strftime("%Y-%m-%d")
    response = web.Response(text=body, content_type="text/csv", charset="utf-8", headers={
        "Content-Disposition": f'attachment; filename="leads-{stamp}.csv"'})
    no_store(response)
    return response
