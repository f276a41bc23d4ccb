"""A base for local fake APIs: an aiohttp app in its own thread that records every request.

Subclasses add routes in :meth:`RecordingServer.routes`. :meth:`fail` makes the
next requests answer an error (to test retries); :meth:`calls` returns what was
received. Used by servers in other processes (the Rasa server), so it runs in a
thread with its own event loop.
"""
from __future__ import annotations

import asyncio
import threading
from dataclasses import dataclass, field
from typing import Any, Optional
from urllib.parse import parse_qsl

from aiohttp import web


@dataclass
class Recorded:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    json: Any = None
    form: Optional[dict[str, str]] = None
    status: int = 0             # the status answered


@dataclass
class RecordingServer:
    name: str = "fake-api"
    requests: list[Recorded] = field(default_factory=list)
    failures: list[tuple[int, Optional[str]]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._loop: Optional[asyncio.AbstractEventLoop] = None
        self._thread: Optional[threading.Thread] = None
        self._runner: Optional[web.AppRunner] = None
        self.base_url = ""

    # --- to override -----------------------------------------------------------------------------

    def routes(self, app: web.Application) -> None:
        raise NotImplementedError

    def error(self, status: int) -> web.Response:
        return web.json_response({"error": {"message": "fake failure", "code": status}}, status=status)

    # --- test controls -----------------------------------------------------------------------------

    def fail(self, status: int = 500, times: int = 1, retry_after: Optional[str] = None) -> None:
        with self._lock:
            self.failures.extend((status, retry_after) for _ in range(times))

    def calls(self, path_contains: str = "", delivered: bool = False) -> list[Recorded]:
        """Requests whose path contains ``path_contains`` (``delivered``: only those answered 2xx)."""
        with self._lock:
            return [r for r in self.requests if path_contains in r.path
                    and (not delivered or 200 <= r.status < 300)]

    def reset(self) -> None:
        with self._lock:
            self.requests.clear()
            self.failures.clear()

    # --- serving -----------------------------------------------------------------------------------

    @web.middleware
    async def _record(self, request: web.Request, handler: Any) -> web.StreamResponse:
        body: Any = None
        form: Optional[dict[str, str]] = None
        raw = await request.read()
        if request.content_type == "application/x-www-form-urlencoded":
            form = dict(parse_qsl(raw.decode(), keep_blank_values=True))
        elif raw:
            try:
                body = await request.json()
            except ValueError:
                body = "<invalid json>"
        recorded = Recorded(request.method, request.path, dict(request.query),
                            {k.lower(): v for k, v in request.headers.items()}, body, form)
        with self._lock:
            self.requests.append(recorded)
            failure = self.failures.pop(0) if self.failures else None
        if failure is not None:
            response = self.error(failure[0])
            if failure[1] is not None:
                response.headers["Retry-After"] = failure[1]
        else:
            response = await handler(request)
        recorded.status = response.status
        return response

    async def _start(self, host: str, port: int) -> None:
        app = web.Application(middlewares=[self._record])
        self.routes(app)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, host, port).start()
        self.base_url = f"http://{host}:{self._runner.addresses[0][1]}"

    def start_in_thread(self, host: str = "127.0.0.1", port: int = 0) -> str:
        ready = threading.Event()
        loop = asyncio.new_event_loop()
        self._loop = loop

        def serve() -> None:
            asyncio.set_event_loop(loop)
            loop.run_until_complete(self._start(host, port))
            ready.set()
            loop.run_forever()
            if self._runner is not None:
                loop.run_until_complete(self._runner.cleanup())
            loop.close()

        self._thread = threading.Thread(target=serve, name=self.name, daemon=True)
        self._thread.start()
        if not ready.wait(10):
            raise RuntimeError(f"{self.name} did not start")
        return self.base_url

    def stop_thread(self) -> None:
        if self._loop is not None and self._thread is not None:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(10)
            self._loop, self._thread = None, None
