"""The queues: handoff requests to answer, booking requests to confirm or decline."""
from __future__ import annotations

from aiohttp import web

from bot.dashboard import actions, queries
from bot.dashboard.actions import Outcome
from bot.dashboard.render import flash_for, redirect, render
from bot.dashboard.views.common import actor, form_text, sessions, settings, tracker
from bot.live import outcomes
from bot.live.relay_client import RELAY

_MESSAGES = {Outcome.already_handled: ("That request was already handled.", "info"),
             Outcome.not_found: ("That request no longer exists (the lead may have been erased).", "info")}


async def queues_page(request: web.Request) -> web.StreamResponse:
    async with sessions(request)() as db:
        handoffs = await queries.open_handoffs(db)
        bookings = await queries.requested_bookings(db)
    return await render(request, "queues.html", {"handoffs": handoffs, "bookings": bookings})


def _told(how: str) -> str:
    return outcomes.TOLD.get(how, "")


async def handoff_done(request: web.Request) -> web.StreamResponse:
    cfg, handoff_id = settings(request), int(request.match_info["handoff_id"])
    practitioner = str(cfg.practitioner.get("name") or "").split(" ")[0]
    outcome = await actions.close_handoff(sessions(request), handoff_id, actor(request),
                                          str(cfg.studio.get("name", "the studio")), practitioner)
    text = "Marked as done."
    if outcome is Outcome.done:
        how = await outcomes.after_handoff(sessions(request), request.config_dict[RELAY], cfg, handoff_id,
                                           actor(request), tracker(request))
        text = f"{text} {_told(how)}".strip()
    await flash_for(request, *_MESSAGES.get(outcome, (text, "success")))
    raise redirect(request, "queues")


async def booking_decision(request: web.Request) -> web.StreamResponse:
    decision = await form_text(request, "decision", 10)
    if decision not in ("confirm", "decline"):
        raise web.HTTPBadRequest()
    reason = await form_text(request, "reason", actions.MAX_REASON) if decision == "decline" else ""
    cfg, booking_id = settings(request), request.match_info["booking_id"]
    outcome = await actions.decide_booking(sessions(request), booking_id, decision == "confirm", actor(request),
                                           str(cfg.studio.get("name", "the studio")), cfg.time_zone, reason)
    done = "Booking confirmed." if decision == "confirm" else "Booking declined."
    if outcome is Outcome.done:
        how = await outcomes.after_booking_decision(sessions(request), request.config_dict[RELAY], cfg,
                                                    booking_id, actor(request), tracker(request))
        done = f"{done} {_told(how)}".strip()
    await flash_for(request, *_MESSAGES.get(outcome, (done, "success")))
    raise redirect(request, "queues")
