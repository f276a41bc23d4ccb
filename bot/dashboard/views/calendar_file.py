"""A booking's calendar file for the practitioner (``.ics``): the time, the studio, the visitor's first name."""
from __future__ import annotations

from aiohttp import web

from bot.booking.ics import studio_ics
from bot.dashboard.timefmt import to_local
from bot.dashboard.views.common import sessions, settings
from bot.store.models import Booking, BookingStatus, Lead


async def booking_ics(request: web.Request) -> web.StreamResponse:
    async with sessions(request)() as db:
        booking = await db.get(Booking, request.match_info["booking_id"])
        lead = await db.get(Lead, booking.lead_id) if booking is not None and booking.lead_id else None
    if booking is None:
        raise web.HTTPNotFound()
    cfg = settings(request)
    status = {BookingStatus.confirmed: "CONFIRMED", BookingStatus.requested: "TENTATIVE"}.get(
        booking.status, "CANCELLED")
    body = studio_ics(booking.id, booking.start_at, booking.end_at, cfg.studio,
                      lead.first_name if lead is not None else None, status, booking.by_video)
    day = to_local(booking.start_at, cfg.time_zone)
    return web.Response(body=body.encode(), headers={
        "Content-Type": "text/calendar; charset=utf-8", "Cache-Control": "no-store",
        "Content-Disposition": f'attachment; filename="consultation-{day:%Y%m%d-%H%M}.ics"'})
