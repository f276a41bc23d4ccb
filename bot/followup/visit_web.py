"""The pages behind the signed links of a reminder e-mail (public; :mod:`bot.followup.visit_links`).

* ``GET /consultation/confirm|cancel?t=…``: what the button will do, and the button (a mail scanner opening the
  link changes nothing); ``POST`` with the same token does it:
  - **confirm**: recorded once for that consultation time (``attendance_confirmations``), in the audit log,
    shown on the lead page;
  - **cancel**: the booking is cancelled through its provider, as the chat does it, which takes its remaining
    reminders with it; in the audit log, and the practitioner is notified (a request in To do if the booking
    system could not be reached);
* ``GET /consultation/change?t=…``: how to change it: carry on in the chat (a resume link) or call the studio.

A tampered or expired link (the consultation is over), a booking that no longer exists, or a link already used
gets a kind page that says what to do instead; nothing on these pages comes from the intake.
"""
from __future__ import annotations

import html
import logging

from aiohttp import web
from sqlalchemy import select

from bot.booking.base import BookingError, BookingNotFound
from bot.booking.providers import make_provider
from bot.channels.resume import resume_link
from bot.dashboard import audit
from bot.dashboard.keys import CLOCK
from bot.dashboard.timefmt import fmt_slot
from bot.followup.models import AttendanceConfirmation
from bot.followup.timing import as_utc
from bot.followup.visit_links import BASE_PATH, booking_of
from bot.followup.pages import page
from bot.notify import notify
from bot.settings import Settings
from bot.store.models import ACTIVE_BOOKING_STATUSES, Booking, Handoff, Lead
from bot.web.keys import SESSIONS, SETTINGS

log = logging.getLogger(__name__)
ACTOR = "visitor"


def _contact(settings: Settings) -> str:
    studio = settings.studio
    phone, email = str(studio.get("phone") or ""), str(studio.get("email") or "")
    ways = " or ".join(html.escape(w) for w in (phone, email) if w)
    return f"call or write to the studio: {ways}" if ways else "contact the studio"


def _expired(settings: Settings) -> web.Response:
    return page("This link is no longer valid",
                "<p>Sorry — this link has expired or is not complete. Links in our reminders work until the "
                f"consultation is over.</p><p>To confirm, change or cancel your consultation, {_contact(settings)}."
                "</p>", 404)


async def _load(request: web.Request, token: object) -> tuple[Booking, Lead] | None:
    settings = request.app[SETTINGS]
    booking_id = booking_of(settings, token, request.config_dict[CLOCK].utcnow())
    if booking_id is None:
        return None
    async with request.app[SESSIONS]() as db:
        booking = await db.get(Booking, booking_id)
        lead = await db.get(Lead, booking.lead_id) if booking is not None and booking.lead_id else None
    return (booking, lead) if booking is not None and lead is not None else None


def _chat_link(settings: Settings, lead: Lead) -> str:
    return resume_link(lead.conversation_id, settings.env, ttl=settings.followups.link_days * 86400)


def _audit_details(booking: Booking) -> str:
    """The consultation's time, never anything the visitor said."""
    return f"consultation {as_utc(booking.start_at):%Y-%m-%d %H:%M} UTC"


def _when(settings: Settings, booking: Booking) -> str:
    return html.escape(fmt_slot(booking.start_at, settings.time_zone))


def _cancelled_page(settings: Settings, booking: Booking, lead: Lead, title: str) -> web.Response:
    chat = html.escape(_chat_link(settings, lead))
    return page(title, f"<p>Your consultation on {_when(settings, booking)} is cancelled.</p><p>To book another "
                       f"time, <a href='{chat}'>carry on in the chat</a> or {_contact(settings)}.</p>")


def _form(action: str, token: str, button: str) -> str:
    return (f"<form method=post action='{BASE_PATH}/{action}'><input type=hidden name=t value='{html.escape(token)}'>"
            f"<button type=submit>{html.escape(button)}</button></form>")


async def confirm_page(request: web.Request) -> web.StreamResponse:
    settings, token = request.app[SETTINGS], request.query.get("t", "")
    found = await _load(request, token)
    if found is None:
        return _expired(settings)
    booking, lead = found
    if booking.status.value not in ACTIVE_BOOKING_STATUSES:
        return _cancelled_page(settings, booking, lead, "This consultation was cancelled")
    return page("Confirm your consultation?", f"<p>Your consultation is on {_when(settings, booking)}.</p>"
                + _form("confirm", token, "Yes, I will be there"))


async def confirm(request: web.Request) -> web.StreamResponse:
    settings, form = request.app[SETTINGS], await request.post()
    found = await _load(request, form.get("t"))
    if found is None:
        return _expired(settings)
    booking, lead = found
    if booking.status.value not in ACTIVE_BOOKING_STATUSES:
        return _cancelled_page(settings, booking, lead, "This consultation was cancelled")
    now = request.config_dict[CLOCK].utcnow()
    async with request.app[SESSIONS].begin() as db:
        known = await db.get(AttendanceConfirmation, booking.id, with_for_update=True)
        already = known is not None and as_utc(known.start_at) == as_utc(booking.start_at)
        if not already:
            if known is None:
                db.add(AttendanceConfirmation(booking_id=booking.id, start_at=as_utc(booking.start_at), via="email",
                                              confirmed_at=now))
            else:
                known.start_at, known.confirmed_at = as_utc(booking.start_at), now
            audit.add(db, ACTOR, "visit_confirmed", lead.id, _audit_details(booking))
    title = "You had already confirmed" if already else "Thank you — see you then"
    return page(title, f"<p>Your consultation is on {_when(settings, booking)}, at "
                       f"{html.escape(str(settings.studio.get('address') or 'the studio'))}.</p>")


async def cancel_page(request: web.Request) -> web.StreamResponse:
    settings, token = request.app[SETTINGS], request.query.get("t", "")
    found = await _load(request, token)
    if found is None:
        return _expired(settings)
    booking, lead = found
    if booking.status.value not in ACTIVE_BOOKING_STATUSES:
        return _cancelled_page(settings, booking, lead, "This consultation is already cancelled")
    return page("Cancel your consultation?", f"<p>Your consultation is on {_when(settings, booking)}. If you cancel "
                                             "it, the time is freed for someone else.</p>"
                + _form("cancel", token, "Cancel the consultation")
                + f"<p><a href='{BASE_PATH}/change?t={html.escape(token)}'>I'd rather change the time</a></p>")


async def cancel(request: web.Request) -> web.StreamResponse:
    settings, form = request.app[SETTINGS], await request.post()
    found = await _load(request, form.get("t"))
    if found is None:
        return _expired(settings)
    booking, lead = found
    if booking.status.value not in ACTIVE_BOOKING_STATUSES:
        return _cancelled_page(settings, booking, lead, "This consultation is already cancelled")
    sessions, when = request.app[SESSIONS], fmt_slot(booking.start_at, settings.time_zone)
    try:
        await make_provider(settings, sessions, booking.provider).cancel(booking.id, "cancelled by the visitor "
                                                                                    "(reminder e-mail)")
    except BookingError as error:
        async with sessions() as db:
            now_status = await db.scalar(select(Booking.status).where(Booking.id == booking.id))
        gone = now_status is None or now_status.value not in ACTIVE_BOOKING_STATUSES
        if isinstance(error, BookingNotFound) and gone:
            return _cancelled_page(settings, booking, lead, "This consultation is already cancelled")
        log.warning("Cancelling from a reminder link failed: %s", type(error).__name__)   # the provider could not
        async with sessions.begin() as db:
            db.add(Handoff(conversation_id=lead.conversation_id, lead_id=lead.id, channel=lead.channel, kind="person",
                           details=f"The visitor asked to cancel the consultation of {when} from the reminder e-mail, "
                                   "but the booking system could not be reached: please cancel it."))
            audit.add(db, ACTOR, "visit_cancel_failed", lead.id, f"booking {booking.id}")
        await notify(settings, "booking_failed", lead.id, f"Please cancel the consultation of {when}")
        return page("We have passed it on", "<p>The booking system could not be reached just now, so the studio has "
                                            "been asked to cancel your consultation and will confirm it with you.</p>")
    await audit.record(sessions, ACTOR, "visit_cancelled", lead.id, _audit_details(booking))
    await notify(settings, "booking_cancelled", lead.id, f"Booking of {when} cancelled by the visitor (e-mail link)")
    return _cancelled_page(settings, booking, lead, "Your consultation is cancelled")


async def change_page(request: web.Request) -> web.StreamResponse:
    settings = request.app[SETTINGS]
    found = await _load(request, request.query.get("t", ""))
    if found is None:
        return _expired(settings)
    booking, lead = found
    if booking.status.value not in ACTIVE_BOOKING_STATUSES:
        return _cancelled_page(settings, booking, lead, "This consultation was cancelled")
    chat = html.escape(_chat_link(settings, lead))
    return page("Change your consultation", f"<p>Your consultation is on {_when(settings, booking)}.</p>"
                f"<p>To move it, <a href='{chat}'>carry on in the chat</a> and say which time suits you better, or "
                f"{_contact(settings)}.</p>")


def setup_visit_routes(app: web.Application) -> None:
    app.router.add_get(f"{BASE_PATH}/confirm", confirm_page, name="visit_confirm_page")
    app.router.add_post(f"{BASE_PATH}/confirm", confirm, name="visit_confirm")
    app.router.add_get(f"{BASE_PATH}/cancel", cancel_page, name="visit_cancel_page")
    app.router.add_post(f"{BASE_PATH}/cancel", cancel, name="visit_cancel")
    app.router.add_get(f"{BASE_PATH}/change", change_page, name="visit_change")
