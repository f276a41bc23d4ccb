"""The web app's client for the Rasa server's internal relay (:mod:`bot.channels.relay`).

``RASA_RELAY_URL`` (the launcher sets it: the Rasa server as this machine reaches
it) and the shared bearer token (``RELAY_TOKEN``, else ``var/relay-token``). One
aiohttp session per application, opened in a cleanup context. Errors never
carry the text sent: :class:`RelayError` holds a status and a short reason.
"""
from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any, AsyncIterator, Mapping, Optional

import aiohttp
from aiohttp import web

from bot.channels.keys import relay_token
from bot.web.keys import SETTINGS

DEFAULT_URL = "http://127.0.0.1:5005"
TIMEOUT_SECONDS = 15.0


class RelayError(Exception):
    """The relay could not do it: ``status`` 0 when the Rasa server could not be reached."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(f"relay: {status} {reason}")
        self.status, self.reason = status, reason


@dataclass(frozen=True)
class RelayAnswer:
    channel: Optional[str]
    paused: bool
    delivery: Optional[str]        # see bot.channels.live: delivered, not_connected, template, closed …
    delivered: bool = False        # notices: the chat was open

    @classmethod
    def from_json(cls, body: Mapping[str, Any]) -> "RelayAnswer":
        return cls(channel=body.get("channel"), paused=bool(body.get("paused")), delivery=body.get("delivery"),
                   delivered=bool(body.get("delivered")))


class RelayClient:
    def __init__(self, base_url: str, token: str, session: Optional[aiohttp.ClientSession] = None) -> None:
        self.base_url = base_url.rstrip("/") + "/webhooks/relay"
        self.token = token
        self._session = session

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> "RelayClient":
        return cls(env.get("RASA_RELAY_URL") or DEFAULT_URL, relay_token(env))

    def _client(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=TIMEOUT_SECONDS))
        return self._session

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()

    async def _call(self, operation: str, body: dict[str, Any]) -> RelayAnswer:
        headers = {"Authorization": f"Bearer {self.token}"}
        try:
            async with self._client().post(f"{self.base_url}/{operation}", json=body, headers=headers,
                                           allow_redirects=False) as response:
                try:
                    answer: Any = await response.json(content_type=None)
                except ValueError:
                    answer = None
                if response.status != 200 or not isinstance(answer, dict):
                    reason = answer.get("error") if isinstance(answer, dict) else None
                    raise RelayError(response.status, str(reason or "unexpected answer")[:200])
                return RelayAnswer.from_json(answer)
        except (aiohttp.ClientError, asyncio.TimeoutError) as error:
            raise RelayError(0, type(error).__name__) from None

    async def take_over(self, conversation_id: str, staff: str) -> RelayAnswer:
        return await self._call("takeover", {"conversation_id": conversation_id, "staff": staff})

    async def reply(self, conversation_id: str, staff: str, text: str) -> RelayAnswer:
        return await self._call("reply", {"conversation_id": conversation_id, "staff": staff, "text": text})

    async def hand_back(self, conversation_id: str, staff: str) -> RelayAnswer:
        return await self._call("handback", {"conversation_id": conversation_id, "staff": staff})

    async def notify(self, conversation_id: str, text: str,
                     buttons: Optional[list[dict[str, str]]] = None) -> RelayAnswer:
        body: dict[str, Any] = {"conversation_id": conversation_id, "text": text}
        if buttons:
            body["buttons"] = buttons
        return await self._call("notify", body)

    async def status(self, conversation_id: str) -> RelayAnswer:
        return await self._call("status", {"conversation_id": conversation_id})


RELAY = web.AppKey("relay_client", RelayClient)


async def relay_ctx(app: web.Application) -> AsyncIterator[None]:
    """cleanup_ctx: the relay client of the web app (kept if a test put its own there)."""
    if RELAY not in app:
        app[RELAY] = RelayClient.from_env(app[SETTINGS].env)
    try:
        yield
    finally:
        await app[RELAY].close()
