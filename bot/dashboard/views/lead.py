"""One lead: its page and the practitioner's actions on it."""
from __future__ import annotations

import logging

from aiohttp import web

from bot.dashboard import actions, audit, queries
from bot.dashboard.actions import Outcome
from bot.dashboard.filters import STATUSES
from bot.dashboard.keys import CLOCK
from bot.dashboard.next_step import next_step
from bot.dashboard.render import flash_for, redirect, render
from bot.dashboard.views.common import actor, form_text, sessions, tracker
from bot.followup import web as followups
from bot.store import tracker_events

log = logging.getLogger(__name__)


async def _detail(request: web.Request) -> queries.LeadDetail:
    async with sessions(request)() as db:
        detail = await queries.lead_detail(db, request.match_info["lead_id"])
    if detail is None:
        raise web.HTTPNotFound()
    return detail


async def lead_page(request: web.Request) -> web.StreamResponse:
    detail = await _detail(request)
    try:
        transcript: list[tracker_events.TranscriptLine] | None = await tracker_events.transcript(
            tracker(request), detail.lead.conversation_id)
    except Exception as exc:  # the rest of the page is still useful
        log.error("Could not read a transcript: %s", type(exc).__name__)
        transcript = None
    await audit.record(sessions(request), actor(request), "view_lead", detail.lead.id)
    step = next_step(detail.lead, detail.status, detail.handoffs, request.config_dict[CLOCK].utcnow())
    return await render(request, "lead.html", {"d": detail, "lead": detail.lead, "transcript": transcript,
                                               "status": detail.status, "step": step, "statuses": STATUSES,
                                               "reason_required": [s.value for s in actions.REASON_REQUIRED],
                                               "followups": await followups.for_lead_page(request, detail.lead.id)})


def _back(request: web.Request) -> web.HTTPSeeOther:
    return redirect(request, "lead", lead_id=request.match_info["lead_id"])


async def _report(request: web.Request, outcome: Outcome, done: str, invalid: str) -> None:
    if outcome is Outcome.not_found:
        raise web.HTTPNotFound()
    messages = {Outcome.done: (done, "success"), Outcome.invalid: (invalid, "error"),
                Outcome.unchanged: ("Nothing changed.", "info")}
    text, kind = messages.get(outcome, ("Nothing changed.", "info"))
    await flash_for(request, text, kind)


async def change_status(request: web.Request) -> web.StreamResponse:
    outcome = await actions.change_status(sessions(request), request.match_info["lead_id"],
                                          await form_text(request, "status", 32),
                                          await form_text(request, "reason", actions.MAX_REASON), actor(request))
    await _report(request, outcome, "Status updated.",
                  "Please choose a status, and give a reason for “not yet ready” or “closed”.")
    raise _back(request)


async def add_note(request: web.Request) -> web.StreamResponse:
    outcome = await actions.add_note(sessions(request), request.match_info["lead_id"],
                                     await form_text(request, "text", actions.MAX_NOTE + 1), actor(request))
    await _report(request, outcome, "Note added.",
                  f"A note needs some text (at most {actions.MAX_NOTE} characters).")
    raise _back(request)


async def set_follow_up(request: web.Request) -> web.StreamResponse:
    outcome = await actions.set_follow_up(sessions(request), request.match_info["lead_id"],
                                          await form_text(request, "follow_up_date", 20), actor(request))
    await _report(request, outcome, "Follow-up date saved.", "Please enter a valid date.")
    raise _back(request)


async def erase_confirm(request: web.Request) -> web.StreamResponse:
    detail = await _detail(request)
    return await render(request, "erase.html", {"lead": detail.lead})


async def erase(request: web.Request) -> web.StreamResponse:
    if await form_text(request, "confirm", 10) != "yes":
        await flash_for(request, "Tick the box to confirm the erasure.", "error")
        raise redirect(request, "lead_erase", lead_id=request.match_info["lead_id"])
    outcome = await actions.erase_lead(sessions(request), tracker(request), request.match_info["lead_id"],
                                       actor(request))
    if outcome is Outcome.not_found:
        raise web.HTTPNotFound()
    await flash_for(request, "The lead and the conversation were erased.", "success")
    raise redirect(request, "leads")
