"""The follow-ups on the web: the visitor's stop link, and the practitioner's side in the dashboard.

* ``GET /followups/stop?t=…`` (public): a page with one button; ``POST`` with the same token stops every
  follow-up of that lead (a link checker or mail scanner opening the link changes nothing). The token is
  encrypted and signed (:mod:`bot.channels.resume`), names no one and expires. The reminder e-mail's confirm /
  cancel / change links are :mod:`bot.followup.visit_web`, registered here too.
* ``POST /dashboard/leads/<id>/followups/<n>/cancel``: the practitioner cancels one scheduled message;
* ``POST /dashboard/leads/<id>/sessions``: a treatment session done (aftercare, check-in, touch-up recall).

Both dashboard forms carry the session's CSRF token like every other form, and are in the audit log.
"""
from __future__ import annotations

import html
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Optional

from aiohttp import web
from sqlalchemy import select

from bot.channels.resume import open_token, resume_secret
from bot.dashboard.keys import CLOCK
from bot.dashboard.render import flash_for, redirect
from bot.dashboard.views.common import actor, form_text, sessions, settings
from bot.followup import plan, queue
from bot.followup.manage import ADDABLE, channels_for, next_booking
from bot.followup.pages import page
from bot.followup.visit_web import setup_visit_routes
from bot.followup.models import AttendanceConfirmation, FollowupStop, ScheduledMessage, TreatmentSession
from bot.followup.scheduler import STOP_PATH
from bot.followup.timing import wall_clock
from bot.store.models import Booking, Lead
from bot.web.keys import SESSIONS, SETTINGS

KIND_LABELS = {plan.REMINDER: "Consultation reminder", plan.NOT_YET: "“Not yet” follow-up",
               plan.TASK: "Your follow-up task", plan.AFTERCARE: "Aftercare", plan.CHECK_IN: "Healing check-in",
               plan.TOUCH_UP: "Touch-up recall"}
CHANNEL_LABELS = {"email": "email", "whatsapp_cloud": "WhatsApp", "telegram": "Telegram", "twilio": "SMS/WhatsApp",
                  "facebook": "Messenger", "chat": "website chat", plan.STUDIO: "dashboard"}


@dataclass(frozen=True)
class LeadFollowups:
    """What the lead page shows: the messages (newest due first), the sessions, whether the visitor stopped."""

    messages: list[ScheduledMessage]
    sessions: list[TreatmentSession]
    stopped: Optional[FollowupStop]
    kinds: dict[str, str]
    channels: dict[str, str]
    #: what the "add a message" form offers: kinds, and the channels this lead can receive
    addable: list[str] = field(default_factory=list)
    can_receive: list[str] = field(default_factory=list)
    #: each scheduled message's due time on the studio's clock, as a datetime-local value (the "move" form)
    local_due: dict[int, str] = field(default_factory=dict)
    #: consultations the visitor confirmed from a reminder e-mail, by booking id: the time they confirmed
    confirmed: dict[str, datetime] = field(default_factory=dict)


async def for_lead_page(request: web.Request, lead_id: str) -> LeadFollowups:
    tz = settings(request).time_zone
    async with sessions(request)() as db:
        messages = list(await queue.for_lead(db, lead_id))
        lead = await db.get(Lead, lead_id)
        confirmed = {c.booking_id: c.start_at for c in (await db.scalars(
            select(AttendanceConfirmation).join(Booking, Booking.id == AttendanceConfirmation.booking_id)
            .where(Booking.lead_id == lead_id, Booking.start_at == AttendanceConfirmation.start_at))).all()}
        booked = lead is not None and await next_booking(db, lead_id, request.config_dict[CLOCK].utcnow()) is not None
        addable = [k for k in ADDABLE if booked or k != plan.REMINDER]      # a reminder needs a booking ahead
        return LeadFollowups(messages, await plan.sessions_of(db, lead_id),
                             await db.get(FollowupStop, lead_id), KIND_LABELS, CHANNEL_LABELS, addable,
                             channels_for(lead) if lead else [],
                             {m.id: f"{wall_clock(m.due_at, tz):%Y-%m-%dT%H:%M}" for m in messages
                              if m.state == "scheduled"}, confirmed)


def _back(request: web.Request) -> web.HTTPSeeOther:
    return redirect(request, "lead", lead_id=request.match_info["lead_id"])


async def cancel_message(request: web.Request) -> web.StreamResponse:
    lead_id, message_id = request.match_info["lead_id"], int(request.match_info["message_id"])
    if await queue.cancel_one(sessions(request), message_id, lead_id, actor(request)):
        await flash_for(request, "The message was cancelled.", "success")
    else:
        await flash_for(request, "That message is no longer scheduled (it has been sent or cancelled).", "info")
    raise _back(request)


async def session_done(request: web.Request) -> web.StreamResponse:
    lead_id = request.match_info["lead_id"]
    now = request.config_dict[CLOCK].utcnow()
    value = (await form_text(request, "done_on", 20)).strip()
    try:
        day = date.fromisoformat(value) if value else wall_clock(now, settings(request).time_zone).date()
    except ValueError:
        await flash_for(request, "Please enter a valid date.", "error")
        raise _back(request)
    if day > wall_clock(now, settings(request).time_zone).date():
        await flash_for(request, "A session can only be marked done on or after the day it took place.", "error")
        raise _back(request)
    record = await plan.session_done(sessions(request), settings(request), lead_id, day, actor(request), now)
    if record is None:
        raise web.HTTPNotFound()
    await flash_for(request, "Session recorded: aftercare, a healing check-in and the touch-up recall are "
                             "scheduled.", "success")
    raise _back(request)


# --- the visitor's stop link (public) ------------------------------------------------------------------------

def _lead_of(request: web.Request, token: Any) -> Optional[str]:
    if not isinstance(token, str) or len(token) > 400:
        return None
    opened = open_token(token, resume_secret(request.app[SETTINGS].env))
    return opened[5:] if opened and opened.startswith("stop:") else None


async def stop_page(request: web.Request) -> web.StreamResponse:
    token = request.query.get("t", "")
    if _lead_of(request, token) is None:
        return page("This link has expired", "<p>Please reply STOP to any of our messages instead.</p>", 404)
    return page("Stop follow-up messages?",
                 "<p>You will receive no more reminders or follow-up messages from the studio.</p>"
                 f"<form method=post action='{STOP_PATH}'><input type=hidden name=t value='{html.escape(token)}'>"
                 "<button type=submit>Stop the messages</button></form>")


async def stop(request: web.Request) -> web.StreamResponse:
    form = await request.post()
    lead_id = _lead_of(request, form.get("t"))
    if lead_id is None:
        return page("This link has expired", "<p>Please reply STOP to any of our messages instead.</p>", 404)
    async with request.app[SESSIONS]() as db:
        exists = await db.get(Lead, lead_id) is not None
    if exists:
        await queue.stop(request.app[SESSIONS], lead_id, "link", actor="visitor")
    return page("Done", "<p>You will receive no more follow-up messages. Thank you for letting us know.</p>")


def setup_followup_routes(app: web.Application) -> None:
    app.router.add_get(STOP_PATH, stop_page, name="followup_stop_page")
    app.router.add_post(STOP_PATH, stop, name="followup_stop")
    setup_visit_routes(app)                 # the reminder e-mail's confirm / cancel / change links

