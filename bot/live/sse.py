"""Server-Sent Events for the dashboard: a stream that polls and writes what changed.

Each stream lasts :data:`LIFETIME` seconds at most; the browser's EventSource
then reconnects on its own, through the sign-in guard again, so a session that
expired or was signed out elsewhere stops receiving within a minute. A stream
refreshes nothing in the session (aiohttp-session saves no cookie on a
streamed response), so an open dashboard tab does not keep an idle session
alive. Streams end at once when the web process shuts down.
"""
from __future__ import annotations

import asyncio
import json
import time
from typing import Any, Awaitable, Callable, Optional

from aiohttp import web

from bot.web.security import apply_headers

LIFETIME = 55.0
EVERY = 1.0
HEARTBEAT = 15.0
RETRY_MS = 1500
CLOSING = web.AppKey("sse_closing", asyncio.Event)

Produce = Callable[[], Awaitable[list[tuple[str, Any, Optional[int]]]]]


def frame(event: str, data: Any, event_id: Optional[int] = None) -> bytes:
    """One event: ``id``, ``event`` and one ``data`` line of compact JSON."""
    head = f"id: {event_id}\n" if event_id is not None else ""
    return f"{head}event: {event}\ndata: {json.dumps(data, separators=(',', ':'))}\n\n".encode()


async def stream(request: web.Request, produce: Produce, every: float = EVERY,
                 lifetime: float = LIFETIME) -> web.StreamResponse:
    """Call ``produce`` every ``every`` seconds and write the events it returns, until the stream's end."""
    response = web.StreamResponse(headers={"Content-Type": "text/event-stream; charset=utf-8",
                                           "Cache-Control": "no-store", "X-Accel-Buffering": "no"})
    apply_headers(response)
    closing = request.config_dict.get(CLOSING)
    await response.prepare(request)
    try:
        await response.write(f"retry: {RETRY_MS}\n\n".encode())
        started = last_write = time.monotonic()
        while time.monotonic() - started < lifetime and not (closing and closing.is_set()):
            events = await produce()
            for event, data, event_id in events:
                await response.write(frame(event, data, event_id))
            if events:
                last_write = time.monotonic()
            elif time.monotonic() - last_write > HEARTBEAT:
                await response.write(b": keep-alive\n\n")
                last_write = time.monotonic()
            if closing is not None:
                try:
                    await asyncio.wait_for(closing.wait(), timeout=every)
                except asyncio.TimeoutError:
                    pass
            else:
                await asyncio.sleep(every)
    except (ConnectionResetError, ConnectionError):
        pass                                  # the browser went away
    return response


def end_streams_on_shutdown(app: web.Application) -> None:
    """Set up the event that ends every stream at shutdown (before aiohttp waits for running handlers)."""
    app[CLOSING] = asyncio.Event()

    async def _close(_: web.Application) -> None:
        app[CLOSING].set()

    app.on_shutdown.append(_close)
