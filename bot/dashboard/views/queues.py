"""The queues: handoff requests to answer, booking requests to confirm or decline."""
from __future__ import annotations

from datetime import datetime

from aiohttp import web

from bot.dashboard import actions, queries
from bot.dashboard.actions import Outcome
from bot.dashboard.render import flash_for, redirect, render
from bot.dashboard.timefmt import fmt_slot
from bot.dashboard.views.common import actor, form_text, sessions, settings, tracker
from bot.live import other_times, outcomes
from bot.live.relay_client import RELAY

_MESSAGES = {Outcome.already_handled: ("That request was already handled.", "info"),
             Outcome.not_found: ("That request no longer exists (the lead may have been erased).", "info")}


async def queues_page(request: web.Request) -> web.StreamResponse:
    async with sessions(request)() as db:
        handoffs = await queries.open_handoffs(db)
        bookings = await queries.requested_bookings(db)
    cfg = settings(request)
    times = await other_times.free_times(cfg, sessions(request)) if bookings else []
    free = [{"iso": t.isoformat(), "label": fmt_slot(t, cfg.time_zone)} for t in times]
    return await render(request, "queues.html", {"handoffs": handoffs, "bookings": bookings, "free_times": free})


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


async def _chosen_times(request: web.Request) -> tuple[list[datetime], str]:
    """The other times the practitioner ticked that are still free, and what to say about the others; more than
    3 (or a malformed one) changes nothing and says so."""
    form = await request.post()
    chosen = other_times.read_choices(str(v) for v in form.getall("time", []))
    if chosen is None:
        await flash_for(request, f"Choose at most {other_times.MAX_CHOSEN} other times. Nothing was changed.",
                        "error")
        raise redirect(request, "queues")
    free = await other_times.still_free(settings(request), sessions(request), chosen)
    gone = len(chosen) - len(free)
    return free, (f" {gone} of the times you chose had just been taken and {'was' if gone == 1 else 'were'} "
                  "not offered." if gone else "")


async def booking_decision(request: web.Request) -> web.StreamResponse:
    decision = await form_text(request, "decision", 10)
    if decision not in ("confirm", "decline"):
        raise web.HTTPBadRequest()
    reason = await form_text(request, "reason", actions.MAX_REASON) if decision == "decline" else ""
    cfg, booking_id = settings(request), request.match_info["booking_id"]
    times, note = await _chosen_times(request) if decision == "decline" else ([], "")
    outcome = await actions.decide_booking(sessions(request), booking_id, decision == "confirm", actor(request),
                                           str(cfg.studio.get("name", "the studio")), cfg.time_zone, reason,
                                           other_times.offer_text(times, cfg) if times else "",
                                           other_times.buttons(times, cfg))
    offered = f", with {len(times)} other time{'s' if len(times) > 1 else ''} offered" if times else ""
    done = "Booking confirmed." if decision == "confirm" else f"Booking declined{offered}.{note}"
    if outcome is Outcome.done:
        how = await outcomes.after_booking_decision(sessions(request), request.config_dict[RELAY], cfg,
                                                    booking_id, actor(request), tracker(request))
        done = f"{done} {_told(how)}".strip()
    await flash_for(request, *_MESSAGES.get(outcome, (done, "success")))
    raise redirect(request, "queues")
