"""Cal.com API v2 over aiohttp: slots, bookings, cancellation.

``GET /v2/slots`` (``cal-api-version: 2024-09-04``), ``POST /v2/bookings`` and
``POST /v2/bookings/{uid}/cancel`` (``cal-api-version: 2024-08-13`` by
default), authenticated with ``Authorization: Bearer <CALCOM_API_KEY>``.
Timeouts on every call; 5xx, 429 and network errors are retried with
exponential backoff (a ``Retry-After`` is respected); when the API stays
down the caller gets :class:`ProviderUnavailable` and falls back to a person.
"""
from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from typing import Any, Awaitable, Callable, Optional
from urllib.parse import quote

import aiohttp
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.booking.base import (Attendee, BookingError, BookingResult, ProviderUnavailable, Slot, SlotTaken, as_utc,
                              iso_utc, parse_iso)
from bot.booking.config import BookingConfig, CalcomConfig
from bot.booking.store import get_booking, mark_cancelled, record_booking
from bot.store.models import BookingStatus

log = logging.getLogger(__name__)

TAKEN_HINTS = ("already has booking", "not available", "no available users", "booking at this time",
               "slot is already", "already booked")


class CalcomError(Exception):
    """Cal.com answered with a client error (4xx other than 429)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(f"HTTP {status}: {message}")
        self.status = status
        self.message = message

    @property
    def slot_taken(self) -> bool:
        return self.status == 409 or (self.status == 400 and any(h in self.message.lower() for h in TAKEN_HINTS))


def retry_after_seconds(value: Optional[str], now: Optional[datetime] = None) -> Optional[float]:
    """Seconds to wait from a ``Retry-After`` header (seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - (now or datetime.now(timezone.utc))).total_seconds())


def _message(payload: Any) -> str:
    if isinstance(payload, dict):
        error = payload.get("error")
        if isinstance(error, dict):
            return str(error.get("message") or error.get("code") or "")
        return str(payload.get("message") or error or "")
    return str(payload)[:200]


class CalcomClient:
    """A thin Cal.com v2 client with timeouts and retries."""

    def __init__(self, config: CalcomConfig,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep) -> None:
        self.config = config
        self.sleep = sleep

    def _headers(self, version: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.config.api_key}", "cal-api-version": version,
                "Accept": "application/json"}

    async def request(self, method: str, path: str, version: str, *, params: Optional[dict[str, str]] = None,
                      body: Optional[dict[str, Any]] = None) -> dict[str, Any]:
        """One API call, retried on 5xx, 429 and network errors; returns the JSON body."""
        if not self.config.api_key:
            raise ProviderUnavailable("CALCOM_API_KEY is not set")
        url = f"{self.config.base_url}{path}"
        attempts = max(1, self.config.retries + 1)
        timeout = aiohttp.ClientTimeout(total=self.config.timeout_seconds)
        problem = "no answer"
        async with aiohttp.ClientSession(timeout=timeout) as http:
            for attempt in range(attempts):
                wait = self.config.backoff_seconds * (2 ** attempt)
                try:
                    async with http.request(method, url, params=params, json=body,
                                            headers=self._headers(version)) as response:
                        if response.status == 429 or response.status >= 500:
                            problem = f"HTTP {response.status}"
                            asked = retry_after_seconds(response.headers.get("Retry-After"))
                            if asked is not None:
                                if asked > self.config.max_wait_seconds:
                                    raise ProviderUnavailable(f"Cal.com asked to wait {asked:.0f} s")
                                wait = max(wait, asked)
                        else:
                            payload = await response.json(content_type=None)
                            if response.status >= 400 or (isinstance(payload, dict)
                                                          and payload.get("status") == "error"):
                                raise CalcomError(response.status, _message(payload))
                            return payload if isinstance(payload, dict) else {"data": payload}
                except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as exc:
                    problem = type(exc).__name__
                if attempt + 1 < attempts:
                    log.warning("Cal.com %s %s failed (%s); retrying in %.2f s", method, path, problem, wait)
                    await self.sleep(min(wait, self.config.max_wait_seconds))
        raise ProviderUnavailable(f"Cal.com unavailable: {problem}")

    async def slots(self, start: datetime, end: datetime, time_zone: str) -> list[tuple[datetime, Optional[datetime]]]:
        """Free (start, end-or-None) times of the event type between ``start`` and ``end``."""
        payload = await self.request("GET", "/v2/slots", self.config.slots_api_version, params={
            "eventTypeId": str(self.config.event_type_id), "start": iso_utc(start), "end": iso_utc(end),
            "timeZone": time_zone})
        data = payload.get("data") or {}
        if isinstance(data, dict) and isinstance(data.get("slots"), dict):     # older response shape
            data = data["slots"]
        found: list[tuple[datetime, Optional[datetime]]] = []
        for items in (data.values() if isinstance(data, dict) else []):
            for item in items or []:
                begin = item.get("start") or item.get("time") if isinstance(item, dict) else item
                if begin:
                    finish = item.get("end") if isinstance(item, dict) else None
                    found.append((parse_iso(str(begin)), parse_iso(str(finish)) if finish else None))
        return sorted(found, key=lambda pair: pair[0])

    async def create_booking(self, start: datetime, attendee: Attendee,
                             metadata: Optional[dict[str, str]] = None) -> dict[str, Any]:
        """``POST /v2/bookings``; returns the booking (``uid``, ``status``, ``start``, ``end``…)."""
        person: dict[str, Any] = {"name": attendee.name, "email": attendee.email, "timeZone": attendee.time_zone,
                                  "language": attendee.language}
        if attendee.phone:
            person["phoneNumber"] = attendee.phone
        body: dict[str, Any] = {"start": iso_utc(start), "eventTypeId": self.config.event_type_id,
                                "attendee": person}
        if metadata:
            body["metadata"] = {k: str(v)[:500] for k, v in metadata.items()}
        payload = await self.request("POST", "/v2/bookings", self.config.api_version, body=body)
        data = payload.get("data")
        if isinstance(data, list):     # recurring event types answer with a list
            data = data[0] if data else {}
        if not isinstance(data, dict) or not data.get("uid"):
            raise ProviderUnavailable("Cal.com answered without a booking uid")
        return data

    async def cancel_booking(self, uid: str, reason: str) -> dict[str, Any]:
        """``POST /v2/bookings/{uid}/cancel``."""
        return await self.request("POST", f"/v2/bookings/{quote(uid, safe='')}/cancel", self.config.api_version,
                                  body={"cancellationReason": reason[:500]})


class CalcomProvider:
    """Cal.com decides availability; we keep our own ``bookings`` row with the Cal.com uid."""

    name = "calcom"
    offers_slots = True

    def __init__(self, config: BookingConfig, sessions: async_sessionmaker[AsyncSession], time_zone: str,
                 client: Optional[CalcomClient] = None) -> None:
        self.config = config
        self.sessions = sessions
        self.time_zone = time_zone
        self.client = client or CalcomClient(config.calcom)

    async def available_slots(self, start: datetime, end: datetime) -> list[Slot]:
        length = timedelta(minutes=self.config.consultation_minutes)
        try:
            found = await self.client.slots(start, end, self.time_zone)
        except CalcomError as exc:
            raise ProviderUnavailable(str(exc)) from exc
        lower, upper = as_utc(start), as_utc(end)
        return [Slot(s, e or s + length) for s, e in found if lower <= s < upper]

    async def book(self, slot: Slot, attendee: Attendee, lead_id: Optional[str],
                   conversation_id: str) -> BookingResult:
        if not attendee.email:
            raise BookingError("Cal.com needs an email address")
        try:
            data = await self.client.create_booking(slot.start, attendee, {
                "lead_id": lead_id or "", "source": "chat assistant",
                "consultation": "video" if attendee.video else "in person"})
        except CalcomError as exc:
            if exc.slot_taken:
                raise SlotTaken(slot.key) from exc
            raise ProviderUnavailable(str(exc)) from exc
        uid = str(data["uid"])
        start = parse_iso(str(data["start"])) if data.get("start") else as_utc(slot.start)
        end = parse_iso(str(data["end"])) if data.get("end") else as_utc(slot.end)
        status = BookingStatus.confirmed if data.get("status") == "accepted" else BookingStatus.requested
        try:
            booking = await record_booking(self.sessions, provider=self.name, slot=Slot(start, end), lead_id=lead_id,
                                           conversation_id=conversation_id, status=status, external_id=uid,
                                           by_video=attendee.video)
        except SlotTaken:
            await self._undo(uid)
            raise
        return BookingResult(booking_id=booking.id, provider=self.name, start=start, end=end, status=status.value,
                             external_id=uid)

    async def _undo(self, uid: str) -> None:
        try:
            await self.client.cancel_booking(uid, "Duplicate booking of the same time")
        except (CalcomError, ProviderUnavailable):
            log.error("could not cancel duplicate Cal.com booking")

    async def cancel(self, booking_id: str, reason: str) -> None:
        booking = await get_booking(self.sessions, booking_id)
        if booking is not None and booking.external_id:
            try:
                await self.client.cancel_booking(booking.external_id, reason)
            except CalcomError as exc:
                if exc.status != 404:     # already gone at Cal.com: cancel ours too
                    raise ProviderUnavailable(str(exc)) from exc
        await mark_cancelled(self.sessions, booking_id, reason)
