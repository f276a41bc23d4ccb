"""The queues: handoff requests to answer, booking requests to confirm or decline."""
from __future__ import annotations

from aiohttp import web

from bot.dashboard import actions, queries
from bot.dashboard.actions import Outcome
from bot.dashboard.render import flash_for, redirect, render
from bot.dashboard.views.common import actor, form_text, sessions, settings

_MESSAGES = {Outcome.already_handled: ("That request was already handled.", "info"),
             Outcome.not_found: ("That request no longer exists (the lead may have been erased).", "info")}


async def queues_page(request: web.Request) -> web.StreamResponse:
    async with sessions(request)() as db:
        handoffs = await queries.open_handoffs(db)
        bookings = await queries.requested_bookings(db)
    return await render(request, "queues.html", {"handoffs": handoffs, "bookings": bookings})


async def handoff_done(request: web.Request) -> web.StreamResponse:
    outcome = await actions.close_handoff(sessions(request), int(request.match_info["handoff_id"]),
                                          actor(request))
    await flash_for(request, *_MESSAGES.get(outcome, ("Marked as done.", "success")))
    raise redirect(request, "queues")


async def booking_decision(request: web.Request) -> web.StreamResponse:
    decision = await form_text(request, "decision", 10)
    if decision not in ("confirm", "decline"):
        raise web.HTTPBadRequest()
    cfg = settings(request)
    outcome = await actions.decide_booking(sessions(request), request.match_info["booking_id"],
                                           decision == "confirm", actor(request),
                                           str(cfg.studio.get("name", "the studio")), cfg.time_zone)
    done = ("Booking confirmed: the visitor will be told the next time they write." if decision == "confirm"
            else "Booking declined: the visitor will be told the next time they write.")
    await flash_for(request, *_MESSAGES.get(outcome, (done, "success")))
    raise redirect(request, "queues")
