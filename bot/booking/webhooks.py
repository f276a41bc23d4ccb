"""Cal.com webhooks: bookings made, moved or cancelled outside the chat reach the dashboard.

``POST /webhooks/calcom`` on the web app, switched on by ``CALCOM_WEBHOOK_SECRET``
(without it the path answers 404). Every delivery must carry
``X-Cal-Signature-256``, the hex HMAC-SHA256 of the raw body with that secret:
401 otherwise, nothing processed. Cal.com retries anything but a 2xx, so only a
bad signature (401), an unreadable body (400) or a stale delivery (400) is
refused; other events, and deliveries that change nothing, answer 200.

Replays: a captured delivery keeps its valid signature, so each booking delivery
must be recent, its ``createdAt`` (or a ``timestamp``, in seconds or
milliseconds) within ``CALCOM_WEBHOOK_MAX_AGE`` seconds of now (300 by default;
400 "stale delivery" otherwise), and is processed once: its id, the SHA-256 of
the signed body (Cal.com sends no delivery id), is claimed in
``webhook_deliveries`` first (:mod:`bot.store.deliveries`); a second copy
answers 200 "already processed" and changes nothing.

* ``BOOKING_CREATED`` records a ``calcom`` booking (confirmed) for the lead named
  by ``metadata.lead_id`` (the link handoff and our API bookings carry it) or
  else the most recently updated lead with an attendee's e-mail address, and
  moves that lead to "consultation booked". A uid we already have is left
  alone, so re-deliveries never duplicate; bookings made by our own API client
  are recorded by it, not here.
* ``BOOKING_RESCHEDULED`` moves our row (found by the new uid, or the old one in
  ``rescheduleUid`` / ``fromReschedule``) to the new times and uid.
* ``BOOKING_CANCELLED`` cancels our row (and the lead's status follows).

Only the event type and booking uid are logged: never names or e-mails.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import logging
import math
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Awaitable, Callable, Mapping, Optional, cast

from aiohttp import web
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.booking.base import BookingNotFound, Slot, SlotTaken, parse_iso
from bot.booking.store import mark_cancelled, record_booking
from bot.followup.plan import booking_changed
from bot.settings import Settings
from bot.store.deliveries import DeliveryLog, body_id
from bot.store.models import Booking, BookingStatus, Lead
from bot.web.keys import SESSIONS

log = logging.getLogger(__name__)

PATH = "/webhooks/calcom"
SECRET_ENV = "CALCOM_WEBHOOK_SECRET"
MAX_AGE_ENV = "CALCOM_WEBHOOK_MAX_AGE"
#: seconds a delivery may be old (or ahead of our clock) and still be processed
DEFAULT_MAX_AGE = 300
#: longer uids are not Cal.com's (our column holds 128 characters)
MAX_UID = 128
SIGNATURE_HEADER = "X-Cal-Signature-256"
PROVIDER = "calcom"
#: ``metadata.source`` of bookings made by :class:`bot.booking.calcom.CalcomProvider` (it records them itself).
OWN_SOURCE = "chat assistant"
LEAD_KEY = "lead_id"

Sessions = async_sessionmaker[AsyncSession]


@dataclass(frozen=True)
class CalcomEvent:
    """The parts of a Cal.com booking webhook we use."""

    trigger: str
    uid: str
    start: Optional[datetime] = None
    end: Optional[datetime] = None
    previous_uid: Optional[str] = None
    emails: tuple[str, ...] = ()
    metadata: Mapping[str, Any] = field(default_factory=dict)

    @property
    def slot(self) -> Slot:
        if self.start is None or self.end is None or self.end <= self.start:
            raise ValueError("startTime and endTime are needed")
        return Slot(self.start, self.end)


def signature_ok(secret: bytes, body: bytes, header: Optional[str]) -> bool:
    """Whether ``header`` is the hex HMAC-SHA256 of ``body`` with ``secret``."""
    if not header:
        return False
    expected = hmac.new(secret, body, hashlib.sha256).hexdigest().encode()
    given = header.strip().lower().removeprefix("sha256=").encode("utf-8", "replace")
    return hmac.compare_digest(expected, given)


def _text(value: Any) -> Optional[str]:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _time(value: Any) -> Optional[datetime]:
    text = _text(value)
    return parse_iso(text) if text else None       # ValueError when unreadable


def delivery_time(data: Mapping[str, Any]) -> Optional[datetime]:
    """When Cal.com created the delivery: ``createdAt`` (ISO 8601), else ``timestamp`` (epoch s or ms)."""
    created = _text(data.get("createdAt"))
    if created:
        try:
            return parse_iso(created)
        except (ValueError, OverflowError):
            return None
    stamp = data.get("timestamp")
    if isinstance(stamp, (int, float)) and not isinstance(stamp, bool) and math.isfinite(stamp) and stamp > 0:
        seconds = stamp / 1000 if stamp > 1e11 else stamp         # milliseconds since the epoch
        try:
            return datetime.fromtimestamp(seconds, tz=timezone.utc)
        except (ValueError, OverflowError, OSError):
            return None
    return None


def fresh(created: Optional[datetime], now: datetime, max_age: float) -> bool:
    """Whether a delivery created at ``created`` may be processed at ``now`` (within ``max_age`` either way)."""
    return created is not None and abs((now - created).total_seconds()) <= max_age


def parse_event(trigger: str, payload: Any) -> CalcomEvent:
    """The event in ``payload``; ValueError when it is not a booking we can read."""
    if not isinstance(payload, dict) or not _text(payload.get("uid")):
        raise ValueError("payload.uid is missing")
    for key in ("uid", "rescheduleUid", "fromReschedule"):
        if len(_text(payload.get(key)) or "") > MAX_UID:
            raise ValueError(f"payload.{key} is too long")
    attendees = cast("list[Any]", payload.get("attendees")) if isinstance(payload.get("attendees"), list) else []
    emails = tuple(e.lower() for e in (_text(a.get("email")) for a in attendees if isinstance(a, dict)) if e)
    metadata = cast("dict[str, Any]", payload.get("metadata")) if isinstance(payload.get("metadata"), dict) else {}
    return CalcomEvent(trigger=trigger, uid=str(_text(payload["uid"])), start=_time(payload.get("startTime")),
                       end=_time(payload.get("endTime")),
                       previous_uid=_text(payload.get("rescheduleUid")) or _text(payload.get("fromReschedule")),
                       emails=emails, metadata=metadata)


async def _find_booking(session: AsyncSession, *uids: Optional[str]) -> Optional[Booking]:
    for uid in uids:
        if uid:
            found = await session.scalar(select(Booking).where(Booking.provider == PROVIDER,
                                                               Booking.external_id == uid).limit(1))
            if found is not None:
                return found
    return None


async def _match_lead(session: AsyncSession, event: CalcomEvent) -> Optional[Lead]:
    """The lead named in the metadata, else the most recently updated one with an attendee's e-mail."""
    lead_id = _text(event.metadata.get(LEAD_KEY))
    if lead_id:
        lead = await session.get(Lead, lead_id[:32])
        if lead is not None:
            return lead
    for email in event.emails:
        lead = await session.scalar(select(Lead).where(func.lower(Lead.email) == email)
                                    .order_by(Lead.updated_at.desc(), Lead.created_at.desc()).limit(1))
        if lead is not None:
            return lead
    return None


async def on_created(sessions: Sessions, event: CalcomEvent) -> str:
    slot = event.slot
    async with sessions() as session:
        if await _find_booking(session, event.uid) is not None:
            return "already recorded"
        if event.metadata.get("source") == OWN_SOURCE:
            return "made in the chat"
        lead = await _match_lead(session, event)
        lead_id, conversation_id = (lead.id, lead.conversation_id) if lead else (None, None)
    if lead_id is None or conversation_id is None:
        return "no matching lead"
    try:
        await record_booking(sessions, provider=PROVIDER, slot=slot, lead_id=lead_id,
                             conversation_id=conversation_id, status=BookingStatus.confirmed, external_id=event.uid)
    except SlotTaken:
        return "time already booked"
    return "recorded"


async def on_rescheduled(sessions: Sessions, event: CalcomEvent) -> str:
    slot = event.slot
    try:
        async with sessions.begin() as session:
            booking = await _find_booking(session, event.uid, event.previous_uid)
            if booking is not None:
                booking.start_at, booking.end_at, booking.external_id = slot.start, slot.end, event.uid
                await booking_changed(session, booking)   # reminders of the old time go; new ones are planned
    except IntegrityError:
        return "time already booked"
    if booking is None:         # a booking we never heard of: record it as a new one
        return await on_created(sessions, event)
    return "rescheduled"


async def on_cancelled(sessions: Sessions, event: CalcomEvent) -> str:
    async with sessions() as session:
        booking = await _find_booking(session, event.uid)
        booking_id = booking.id if booking else None
    if booking_id is None:
        return "unknown booking"
    try:
        await mark_cancelled(sessions, booking_id, "cancelled in Cal.com")
    except BookingNotFound:
        return "already cancelled"
    return "cancelled"


HANDLERS: dict[str, Callable[[Sessions, CalcomEvent], Awaitable[str]]] = {
    "BOOKING_CREATED": on_created, "BOOKING_RESCHEDULED": on_rescheduled, "BOOKING_CANCELLED": on_cancelled}


def _answer(status: int, outcome: str) -> web.Response:
    return web.json_response({"status": outcome}, status=status)


def make_handler(secret: bytes, max_age: float = DEFAULT_MAX_AGE,
                 clock: Callable[[], datetime] = lambda: datetime.now(timezone.utc),
                 ) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
    deliveries: Optional[DeliveryLog] = None

    def delivery_log(sessions: Sessions) -> DeliveryLog:
        nonlocal deliveries
        if deliveries is None or deliveries.sessions is not sessions:
            deliveries = DeliveryLog(sessions)
        return deliveries

    async def calcom_webhook(request: web.Request) -> web.StreamResponse:
        body = await request.read()
        if not signature_ok(secret, body, request.headers.get(SIGNATURE_HEADER)):
            log.warning("Cal.com webhook refused: bad or missing signature")
            return _answer(401, "bad signature")
        try:
            data = json.loads(body)
        except (ValueError, RecursionError):
            return _answer(400, "not JSON")
        trigger = data.get("triggerEvent") if isinstance(data, dict) else None
        handler = HANDLERS.get(trigger) if isinstance(trigger, str) else None
        if handler is None:
            log.info("Cal.com webhook %.40r ignored", trigger)
            return _answer(200, "ignored")
        if not fresh(delivery_time(data), clock(), max_age):
            log.warning("Cal.com webhook %s refused: no createdAt within %d s of now (a replay?)", trigger, max_age)
            return _answer(400, "stale delivery")
        try:
            event = parse_event(str(trigger), data.get("payload"))
        except (ValueError, OverflowError):
            log.warning("Cal.com webhook %s refused: unreadable booking", trigger)
            return _answer(400, "unreadable booking")
        sessions = request.config_dict[SESSIONS]
        delivery = body_id(body)
        if not await delivery_log(sessions).claim(PROVIDER, delivery):
            log.info("Cal.com webhook %s %s: already processed, replay ignored", trigger, event.uid)
            return _answer(200, "already processed")
        try:
            outcome = await handler(sessions, event)
        except Exception as error:
            await delivery_log(sessions).release(PROVIDER, delivery)     # nothing was done: a retry may try again
            if not isinstance(error, ValueError):
                raise
            log.warning("Cal.com webhook %s refused: unreadable booking", trigger)
            return _answer(400, "unreadable booking")
        log.info("Cal.com webhook %s %s: %s", trigger, event.uid, outcome)
        return _answer(200, outcome)

    return calcom_webhook


def max_age_from(env: Mapping[str, str]) -> float:
    """``CALCOM_WEBHOOK_MAX_AGE`` seconds (at least 30), else :data:`DEFAULT_MAX_AGE`."""
    try:
        return max(30.0, float(env.get(MAX_AGE_ENV) or DEFAULT_MAX_AGE))
    except ValueError:
        log.warning("%s is not a number of seconds; using %d", MAX_AGE_ENV, DEFAULT_MAX_AGE)
        return float(DEFAULT_MAX_AGE)


def setup_calcom_webhook(app: web.Application, settings: Settings) -> None:
    """Add ``POST /webhooks/calcom`` when ``CALCOM_WEBHOOK_SECRET`` is set (otherwise the path is a 404)."""
    secret = (settings.env.get(SECRET_ENV) or "").strip()
    if secret:
        app.router.add_post(PATH, make_handler(secret.encode(), max_age_from(settings.env)), name="calcom_webhook")
