"""The practitioner adds and moves follow-ups, and sees the week ahead (dashboard pages and forms).

* ``POST /dashboard/leads/<id>/followups``: add a message (kind, studio time, channel the lead can receive);
* ``POST /dashboard/leads/<id>/followups/<n>/move``: move a scheduled message to another time;
* ``GET /dashboard/followups``: "Follow-ups this week", by day, each linking to its lead.

The forms carry the session's CSRF token like every other dashboard form (checked by the dashboard's guard),
the routes' roles are in :data:`bot.dashboard.roles.ROUTE_ACCESS`, and each change is in the audit log.
"""
from __future__ import annotations

from aiohttp import web

from bot.dashboard.keys import CLOCK
from bot.dashboard.render import flash_for, redirect, render
from bot.dashboard.views.common import actor, form_text, sessions, settings
from bot.followup import manage, week
from bot.followup.web import CHANNEL_LABELS, KIND_LABELS

#: why a change was refused, in the practitioner's words (``{quiet}`` is the quiet hours)
REFUSALS = {
    manage.Result.bad_time: "Please enter a date and a time.",
    manage.Result.past: "That time has already passed: please choose a later one.",
    manage.Result.quiet: "That time is in the quiet hours ({quiet}), when no messages go out: please choose "
                         "another.",
    manage.Result.after_consultation: "A reminder has to go before the consultation: please choose an earlier "
                                      "time.",
    manage.Result.no_booking: "A consultation reminder needs a booking ahead, and this lead has none.",
    manage.Result.bad_kind: "Please choose what kind of message to send.",
    manage.Result.bad_channel: "This visitor cannot receive messages that way: please choose another channel.",
    manage.Result.stopped: "The visitor asked for no more follow-up messages, so none can be added.",
    manage.Result.not_scheduled: "That message is no longer scheduled (it has been sent or cancelled).",
}


def _back(request: web.Request) -> web.HTTPSeeOther:
    return redirect(request, "lead", lead_id=request.match_info["lead_id"])


async def _report(request: web.Request, change: manage.Change, done: str) -> None:
    if change.result is manage.Result.not_found:
        raise web.HTTPNotFound()
    if change.result is manage.Result.done:
        await flash_for(request, done, "success")
        return
    config = settings(request).followups
    quiet = f"{config.quiet_start:%H:%M}–{config.quiet_end:%H:%M}"
    if change.zone:                       # the visitor's number is in another time zone
        quiet += f" where the visitor is, {change.zone.replace('_', ' ')} time"
    await flash_for(request, REFUSALS[change.result].format(quiet=quiet), "error")


async def add_message(request: web.Request) -> web.StreamResponse:
    change = await manage.add_message(
        sessions(request), settings(request), request.match_info["lead_id"], await form_text(request, "kind", 40),
        await form_text(request, "when", 40), await form_text(request, "channel", 40), actor(request),
        request.config_dict[CLOCK].utcnow())
    await _report(request, change, "The message was scheduled.")
    raise _back(request)


async def move_message(request: web.Request) -> web.StreamResponse:
    change = await manage.move_message(
        sessions(request), settings(request), request.match_info["lead_id"], int(request.match_info["message_id"]),
        await form_text(request, "when", 40), actor(request), request.config_dict[CLOCK].utcnow())
    await _report(request, change, "The message was moved.")
    raise _back(request)


async def week_page(request: web.Request) -> web.StreamResponse:
    async with sessions(request)() as db:
        ahead = await week.week_ahead(db, settings(request).time_zone, request.config_dict[CLOCK].utcnow())
    return await render(request, "followups_week.html", {"week": ahead, "kinds": KIND_LABELS,
                                                         "channels": CHANNEL_LABELS})


def add_followup_routes(router: web.UrlDispatcher, lead_path: str) -> None:
    """The routes above, on the dashboard's router (roles: bot.dashboard.roles.ROUTE_ACCESS)."""
    router.add_post(lead_path + "/followups", add_message, name="followup_add")
    router.add_post(lead_path + "/followups/{message_id:[0-9]{1,18}}/move", move_message, name="followup_move")
    router.add_get("/followups", week_page, name="followups_week")
