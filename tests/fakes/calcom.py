"""A local fake of the Cal.com API v2, for tests.

Speaks the documented endpoints the assistant uses and checks what a real
server would reject:

* ``GET /v2/slots?eventTypeId&start&end&timeZone`` with ``cal-api-version: 2024-09-04``
  → ``{"status": "success", "data": {"YYYY-MM-DD": [{"start": "<ISO with offset>"}]}}``;
* ``POST /v2/bookings`` with ``cal-api-version: 2024-08-13`` and a JSON body
  ``{start (UTC), eventTypeId, attendee{name,email,timeZone,phoneNumber?,language?}, metadata?}``;
* ``POST /v2/bookings/{uid}/cancel`` with ``{cancellationReason}``.

Every request needs ``Authorization: Bearer <api key>``. Every request is
recorded (method, path, query, headers, JSON body). :meth:`FakeCalcom.fail`
makes the next N requests answer 500 or 429 (with ``Retry-After``).
Runs in the test's event loop (:meth:`start`) or in its own thread
(:meth:`start_in_thread`) for a server in another process to call.
"""
from __future__ import annotations

import asyncio
import threading
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from typing import Any, Optional, Sequence
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from aiohttp import web

SLOTS_VERSION = "2024-09-04"
BOOKINGS_VERSION = "2024-08-13"
TAKEN = "User either already has booking at this time or is not available"


@dataclass
class Recorded:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    json: Any = None


@dataclass
class Failure:
    status: int
    retry_after: Optional[str] = None
    path_prefix: str = ""


def _iso(value: datetime) -> str:
    return value.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def _parse(value: str, zone: ZoneInfo, end_of_day: bool = False) -> datetime:
    if len(value) == 10:     # a date: the whole day in the requested time zone
        day = date.fromisoformat(value) + (timedelta(days=1) if end_of_day else timedelta())
        return datetime.combine(day, time(0), zone).astimezone(timezone.utc)
    text = value[:-1] + "+00:00" if value.endswith("Z") else value
    parsed = datetime.fromisoformat(text)
    if parsed.tzinfo is None:
        raise ValueError("no offset")
    return parsed.astimezone(timezone.utc)


def _error(status: int, code: str, message: str) -> web.Response:
    return web.json_response({"status": "error", "timestamp": datetime.now(timezone.utc).isoformat(),
                              "error": {"code": code, "message": message}}, status=status)


@dataclass
class FakeCalcom:
    api_key: str = "test-calcom-key"
    event_type_id: int = 123456
    length_minutes: int = 30
    requires_confirmation: bool = True
    slot_starts: list[datetime] = field(default_factory=list)
    requests: list[Recorded] = field(default_factory=list)
    bookings: dict[str, dict[str, Any]] = field(default_factory=dict)
    failures: list[Failure] = field(default_factory=list)
    delays: list[float] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._runner: Optional[web.AppRunner] = None
        self._thread: Optional[threading.Thread] = None
        self._loop: Optional[asyncio.AbstractEventLoop] = None
        self.base_url = ""

    # --- test controls -------------------------------------------------------------------------

    def set_slots(self, starts: Sequence[datetime]) -> None:
        with self._lock:
            self.slot_starts = sorted(s.astimezone(timezone.utc) for s in starts)

    def fail(self, status: int = 500, times: int = 1, retry_after: Optional[str] = None,
             path_prefix: str = "") -> None:
        """Answer the next ``times`` requests (under ``path_prefix``) with ``status``."""
        with self._lock:
            self.failures.extend(Failure(status, retry_after, path_prefix) for _ in range(times))

    def slow(self, seconds: float, times: int = 1) -> None:
        """Answer the next ``times`` requests only after ``seconds`` (to trigger client timeouts)."""
        with self._lock:
            self.delays.extend(seconds for _ in range(times))

    def calls(self, method: Optional[str] = None, path_prefix: str = "") -> list[Recorded]:
        with self._lock:
            return [r for r in self.requests if (method is None or r.method == method)
                    and r.path.startswith(path_prefix)]

    def reset(self) -> None:
        with self._lock:
            self.requests.clear()
            self.failures.clear()
            self.delays.clear()
            self.bookings.clear()

    # --- the server ------------------------------------------------------------------------------

    def app(self) -> web.Application:
        app = web.Application(middlewares=[self._record_and_check])
        app.router.add_get("/v2/slots", self._slots)
        app.router.add_post("/v2/bookings", self._create)
        app.router.add_post("/v2/bookings/{uid}/cancel", self._cancel)
        return app

    @web.middleware
    async def _record_and_check(self, request: web.Request, handler: Any) -> web.StreamResponse:
        body: Any = None
        if request.can_read_body:
            try:
                body = await request.json()
            except ValueError:
                body = "<invalid json>"
        with self._lock:
            self.requests.append(Recorded(request.method, request.path, dict(request.query),
                                          {k.lower(): v for k, v in request.headers.items()}, body))
            failure = next((f for f in self.failures if request.path.startswith(f.path_prefix)), None)
            if failure is not None:
                self.failures.remove(failure)
            delay = self.delays.pop(0) if self.delays else 0.0
        if delay:
            await asyncio.sleep(delay)
        if failure is not None:
            response = _error(failure.status, "TooManyRequests" if failure.status == 429 else "InternalServerError",
                              "fake failure")
            if failure.retry_after is not None:
                response.headers["Retry-After"] = failure.retry_after
            return response
        if request.headers.get("Authorization") != f"Bearer {self.api_key}":
            return _error(401, "UnauthorizedException", "Invalid Access Token.")
        expected = SLOTS_VERSION if request.path == "/v2/slots" else BOOKINGS_VERSION
        if request.headers.get("cal-api-version") != expected:
            return _error(400, "BadRequestException", f"fake: cal-api-version must be {expected}")
        if body == "<invalid json>":
            return _error(400, "BadRequestException", "Invalid JSON body")
        return await handler(request)

    def _free(self) -> list[datetime]:
        taken = {b["_start"] for b in self.bookings.values() if b["status"] in ("accepted", "pending")}
        return [s for s in self.slot_starts if s not in taken]

    async def _slots(self, request: web.Request) -> web.Response:
        query = request.query
        if query.get("eventTypeId") != str(self.event_type_id):
            return _error(404, "NotFoundException", "Event type not found")
        try:
            zone = ZoneInfo(query.get("timeZone") or "UTC")
            start = _parse(query["start"], zone)
            end = _parse(query["end"], zone, end_of_day=True)
        except (KeyError, ValueError, ZoneInfoNotFoundError):
            return _error(400, "BadRequestException", "start, end (ISO 8601) and a valid timeZone are required")
        data: dict[str, list[dict[str, str]]] = {}
        with self._lock:
            free = self._free()
        for slot in free:
            if start <= slot <= end:
                local = slot.astimezone(zone)
                data.setdefault(local.date().isoformat(), []).append(
                    {"start": local.isoformat(timespec="milliseconds")})
        return web.json_response({"status": "success", "data": data})

    async def _create(self, request: web.Request) -> web.Response:
        body = await request.json()
        problem = self._check_booking_body(body)
        if problem:
            return _error(400, "BadRequestException", problem)
        start = _parse(body["start"], ZoneInfo("UTC"))
        with self._lock:
            if start not in self._free():
                return _error(400, "BadRequestException", TAKEN)
            uid = uuid.uuid4().hex[:22]
            booking = {"id": len(self.bookings) + 1, "uid": uid, "title": "Consultation",
                       "status": "pending" if self.requires_confirmation else "accepted",
                       "start": _iso(start), "end": _iso(start + timedelta(minutes=self.length_minutes)),
                       "duration": self.length_minutes, "eventTypeId": self.event_type_id,
                       "attendees": [body["attendee"]], "metadata": body.get("metadata") or {}, "_start": start}
            self.bookings[uid] = booking
        return web.json_response({"status": "success", "data": {k: v for k, v in booking.items()
                                                                if not k.startswith("_")}}, status=201)

    def _check_booking_body(self, body: Any) -> Optional[str]:
        if not isinstance(body, dict):
            return "body must be a JSON object"
        if body.get("eventTypeId") != self.event_type_id:
            return "eventTypeId must be the event type's id (a number)"
        start = body.get("start")
        if not isinstance(start, str) or not (start.endswith("Z") or start.endswith("+00:00")):
            return "start must be an ISO 8601 time in UTC"
        try:
            _parse(start, ZoneInfo("UTC"))
        except ValueError:
            return "start must be an ISO 8601 time in UTC"
        attendee = body.get("attendee")
        if not isinstance(attendee, dict):
            return "attendee is required"
        if not isinstance(attendee.get("name"), str) or not attendee["name"].strip():
            return "attendee.name is required"
        if not isinstance(attendee.get("email"), str) or "@" not in attendee["email"]:
            return "attendee.email must be an email"
        try:
            ZoneInfo(str(attendee.get("timeZone")))
        except (ZoneInfoNotFoundError, ValueError):
            return "attendee.timeZone must be an IANA time zone"
        phone = attendee.get("phoneNumber")
        if phone is not None and not (isinstance(phone, str) and phone.startswith("+") and phone[1:].isdigit()):
            return "attendee.phoneNumber must be in E.164"
        metadata = body.get("metadata")
        if metadata is not None and (not isinstance(metadata, dict)
                                     or not all(isinstance(v, str) for v in metadata.values())):
            return "metadata must be an object of strings"
        return None

    async def _cancel(self, request: web.Request) -> web.Response:
        uid = request.match_info["uid"]
        body = await request.json() if request.can_read_body else {}
        with self._lock:
            booking = self.bookings.get(uid)
            if booking is None:
                return _error(404, "NotFoundException", f"Booking with uid={uid} was not found")
            booking["status"] = "cancelled"
            booking["cancellationReason"] = (body or {}).get("cancellationReason")
            data = {k: v for k, v in booking.items() if not k.startswith("_")}
        return web.json_response({"status": "success", "data": data})

    # --- running it ------------------------------------------------------------------------------

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        """Serve in the running event loop; returns the base URL."""
        self._runner = web.AppRunner(self.app(), access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port)
        await site.start()
        address = self._runner.addresses[0]
        self.base_url = f"http://{host}:{address[1]}"
        return self.base_url

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    def start_in_thread(self, host: str = "127.0.0.1", port: int = 0) -> str:
        """Serve from a thread with its own loop (for servers in other processes); returns the base URL."""
        ready = threading.Event()
        loop = asyncio.new_event_loop()
        self._loop = loop

        def serve() -> None:
            asyncio.set_event_loop(loop)
            loop.run_until_complete(self.start(host, port))
            ready.set()
            loop.run_forever()
            loop.run_until_complete(self.stop())
            loop.close()

        self._thread = threading.Thread(target=serve, name="fake-calcom", daemon=True)
        self._thread.start()
        if not ready.wait(10):
            raise RuntimeError("the fake Cal.com server did not start")
        return self.base_url

    def stop_thread(self) -> None:
        if self._loop is not None and self._thread is not None:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(10)
            self._loop = None
            self._thread = None
