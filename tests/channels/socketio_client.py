"""A minimal socket.io client (Engine.IO 4 over a WebSocket, aiohttp), able to send what no real client would.

The app environment has no python-socketio; the protocol is small: ``0{…}``
opens, ``40`` joins the default namespace, ``42[event, data…]`` is an event
(``42<id>[…]`` asks for an acknowledgement), ``2``/``3`` are ping and pong.
"""
from __future__ import annotations

import asyncio
import json
import uuid
from typing import Any, Optional

import aiohttp


class SocketClient:
    """One browser tab's socket; ``address`` is sent as ``X-Forwarded-For`` (the server trusts a local proxy)."""

    def __init__(self, rasa_url: str, address: Optional[str] = None) -> None:
        self.url = rasa_url.replace("http", "ws", 1).rstrip("/") + "/socket.io/?EIO=4&transport=websocket"
        self.headers = {"X-Forwarded-For": address} if address else {}
        self.events: list[tuple[str, list[Any]]] = []
        self._session: Optional[aiohttp.ClientSession] = None
        self._ws: Optional[aiohttp.ClientWebSocketResponse] = None
        self._reader: Optional[asyncio.Task[None]] = None
        self.closed = asyncio.Event()

    async def __aenter__(self) -> "SocketClient":
        self._session = aiohttp.ClientSession()
        self._ws = await self._session.ws_connect(self.url, headers=self.headers, max_msg_size=0)
        opened = await self._ws.receive_str(timeout=10)
        assert opened.startswith("0{"), opened
        await self._ws.send_str("40")
        joined = await self._ws.receive_str(timeout=10)
        assert joined.startswith("40"), joined
        self._reader = asyncio.create_task(self._read())
        return self

    async def __aexit__(self, *_: Any) -> None:
        if self._reader is not None:
            self._reader.cancel()
        if self._ws is not None:
            await self._ws.close()
        if self._session is not None:
            await self._session.close()

    async def _read(self) -> None:
        assert self._ws is not None
        async for message in self._ws:
            if message.type != aiohttp.WSMsgType.TEXT:
                break
            data = message.data
            if data == "2":
                await self._ws.send_str("3")
            elif data.startswith("42"):
                payload = json.loads(data[2:])
                self.events.append((payload[0], payload[1:]))
        self.closed.set()

    async def raw(self, packet: str) -> bool:
        """Send one Engine.IO packet; False when the server has already closed the socket (it may, on garbage)."""
        assert self._ws is not None
        try:
            await self._ws.send_str(packet)
        except (ConnectionError, aiohttp.ClientError):
            return False
        return True

    async def emit(self, event: str, *args: Any) -> None:
        await self.raw("42" + json.dumps([event, *args]))

    async def session(self, session_id: Optional[str] = None) -> str:
        """Ask for a session; returns the confirmed id."""
        before = len(await self.wait_for("session_confirm", count=10**6, timeout=0))
        await self.emit("session_request", {"session_id": session_id or uuid.uuid4().hex})
        confirmed = await self.wait_for("session_confirm", count=before + 1)
        assert len(confirmed) == before + 1, "no session_confirm"
        return str(confirmed[-1][0])

    def texts(self) -> list[str]:
        return [str(args[0].get("text") or "") for name, args in self.events
                if name == "bot_uttered" and args and isinstance(args[0], dict)]

    async def wait_for(self, name: str, count: int = 1, timeout: float = 60) -> list[list[Any]]:
        """The first ``count`` events called ``name`` (waiting up to ``timeout`` seconds for them)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            found = [args for event, args in self.events if event == name]
            if len(found) >= count or loop.time() > deadline or self.closed.is_set():
                return found[:count]
            await asyncio.sleep(0.05)

    async def settle(self, quiet: float = 1.5, timeout: float = 60) -> None:
        """Wait until no event arrived for ``quiet`` seconds."""
        loop = asyncio.get_running_loop()
        deadline, seen, since = loop.time() + timeout, len(self.events), loop.time()
        while loop.time() < deadline and loop.time() - since < quiet:
            await asyncio.sleep(0.1)
            if len(self.events) != seen:
                seen, since = len(self.events), loop.time()
