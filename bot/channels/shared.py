"""The 24-hour windows and the numbered choices, shared by every Rasa replica through Redis (``REDIS_URL``).

Standard library (redis-py is imported when a URL is given). Behind a load
balancer a visitor's next webhook may reach another replica than the last one:
that replica must know when they last wrote (WhatsApp's and Messenger's 24-hour
window), whether the template already went (once, across replicas), and which
buttons they were last shown (so "2" picks the second). Without ``REDIS_URL``
the per-process :class:`~bot.channels.window.ServiceWindow` and
:class:`~bot.channels.buttons.ChoiceMemory` are used as before.

With Redis, every write also goes to this process's memory, and a Redis error
falls back to it (one warning a minute): a replica that loses Redis goes on
with what it saw itself. Keys hold a hash of the visitor's id, never the id.
"""
from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import math
import time
from typing import Any, Callable, Mapping, Optional, Sequence

from bot.channels.buttons import Choice, ChoiceMemory, pick
from bot.channels.window import CLOSED, DAY, OPEN, TEMPLATE, ServiceWindow

logger = logging.getLogger(__name__)

WINDOW_PREFIX = "studio:window:"
CHOICES_PREFIX = "studio:choices:"
#: how long Redis keeps a visitor's window record (after it, a template may go once more) and last buttons
WINDOW_TTL = 30 * 24 * 3600
CHOICES_TTL = 7 * 24 * 3600

_INBOUND = """
local current = tonumber(redis.call('HGET', KEYS[1], 'last') or '0') or 0
local at = tonumber(ARGV[1])
if ARGV[2] == '1' and at <= current then return 0 end
if at >= current then redis.call('HSET', KEYS[1], 'last', ARGV[1]) end
redis.call('HDEL', KEYS[1], 'template')
redis.call('EXPIRE', KEYS[1], ARGV[3])
return 1
"""

_TEMPLATE_ONCE = """
local claimed = redis.call('HSETNX', KEYS[1], 'template', '1')
redis.call('EXPIRE', KEYS[1], ARGV[1])
return claimed
"""

_END_TURN = """
if redis.call('HGET', KEYS[1], 'shown') == ARGV[1] then
  redis.call('HDEL', KEYS[1], 'shown')
  return 1
end
redis.call('DEL', KEYS[1])
return 0
"""


class _Redis:
    """One redis.asyncio client per event loop, and a rate-limited warning when Redis fails."""

    def __init__(self, url: str, what: str) -> None:
        self.url, self.what = url, what
        self._clients: dict[int, Any] = {}
        self._warned_at = -1e9

    def client(self) -> Any:
        loop_id = id(asyncio.get_running_loop())
        client = self._clients.get(loop_id)
        if client is None:
            from redis import asyncio as redis_asyncio

            client = redis_asyncio.from_url(self.url, socket_timeout=2, socket_connect_timeout=2)
            self._clients[loop_id] = client
        return client

    def unavailable(self, error: Exception) -> None:
        now = time.monotonic()
        if now - self._warned_at > 60:
            self._warned_at = now
            logger.warning("%s: Redis unavailable (%s); this replica's memory only", self.what, type(error).__name__)

    async def close(self) -> None:
        for client in list(self._clients.values()):
            try:
                await client.close()
            except Exception:       # its loop is gone: nothing left to free
                pass
        self._clients.clear()


def _key(prefix: str, visitor: str) -> str:
    return prefix + hashlib.sha256(visitor.encode()).hexdigest()[:32]


class SharedWindow:
    """:class:`ServiceWindow` with the same answers on every replica."""

    def __init__(self, redis_url: str = "", seconds: float = DAY, prefix: str = WINDOW_PREFIX,
                 clock: Callable[[], float] = time.time) -> None:
        self.local = ServiceWindow(seconds=seconds, clock=clock)
        self.seconds, self.prefix, self.clock = seconds, prefix, clock
        self.redis = _Redis(redis_url, "24-hour window") if redis_url else None

    async def _record(self, visitor: str, at: float, only_if_newer: bool) -> None:
        if self.redis is None:
            return
        try:
            await self.redis.client().eval(_INBOUND, 1, _key(self.prefix, visitor), repr(at),
                                           "1" if only_if_newer else "0", str(WINDOW_TTL))
        except Exception as error:
            self.redis.unavailable(error)

    async def inbound(self, visitor: str, at: Optional[float] = None) -> None:
        """The visitor wrote at ``at`` (now if unknown or in the future)."""
        now = self.clock()
        at = now if at is None or not math.isfinite(at) or at > now else at
        self.local.inbound(visitor, at)
        await self._record(visitor, at, only_if_newer=False)

    async def learn(self, visitor: str, at: Optional[float]) -> None:
        """An inbound time known from elsewhere (the tracker store); counts only when newer."""
        if at is None or not math.isfinite(at):
            return
        at = min(at, self.clock())
        self.local.learn(visitor, at)
        await self._record(visitor, at, only_if_newer=True)

    async def decide(self, visitor: str, template_configured: bool = False) -> str:
        """``open``, ``template`` or ``closed``, as :meth:`ServiceWindow.decide` (nothing is recorded)."""
        if self.redis is None:
            return self.local.decide(visitor, template_configured)
        try:
            last, template = await self.redis.client().hmget(_key(self.prefix, visitor), "last", "template")
        except Exception as error:
            self.redis.unavailable(error)
            return self.local.decide(visitor, template_configured)
        if last is not None and self.clock() - float(last) < self.seconds:
            return OPEN
        return TEMPLATE if template_configured and template is None else CLOSED

    async def claim_template(self, visitor: str) -> bool:
        """Whether the template may go now: true once until the visitor writes again, whichever replica asks."""
        if self.redis is None:
            allowed = self.local.decide(visitor, True) == TEMPLATE
            self.local.template_sent(visitor)
            return allowed
        try:
            claimed = await self.redis.client().eval(_TEMPLATE_ONCE, 1, _key(self.prefix, visitor), str(WINDOW_TTL))
        except Exception as error:
            self.redis.unavailable(error)
            allowed = self.local.decide(visitor, True) == TEMPLATE
            self.local.template_sent(visitor)
            return allowed
        self.local.template_sent(visitor)
        return bool(int(claimed))

    async def close(self) -> None:
        if self.redis is not None:
            await self.redis.close()


class SharedChoices:
    """:class:`ChoiceMemory` with the same answers on every replica.

    ``begin_turn`` marks the turn with a fresh token; ``remember`` stores the
    buttons with it; ``end_turn`` forgets the buttons unless this turn showed
    them (a turn without buttons makes a later "2" just "2").
    """

    def __init__(self, redis_url: str = "", prefix: str = CHOICES_PREFIX) -> None:
        self.local = ChoiceMemory()
        self.prefix = prefix
        self.redis = _Redis(redis_url, "numbered choices") if redis_url else None
        self._turns: dict[str, str] = {}

    def _turn(self, visitor: str) -> str:
        return self._turns.get(visitor) or "-"

    async def remember(self, visitor: str, options: Sequence[Choice]) -> None:
        self.local.remember(visitor, options)
        if self.redis is None:
            return
        try:
            key = _key(self.prefix, visitor)
            payloads = json.dumps([payload for _, payload in options])
            async with self.redis.client().pipeline(transaction=True) as pipe:
                pipe.hset(key, mapping={"payloads": payloads, "shown": self._turn(visitor)})
                pipe.expire(key, CHOICES_TTL)
                await pipe.execute()
        except Exception as error:
            self.redis.unavailable(error)

    async def payloads(self, visitor: str) -> tuple[str, ...]:
        if self.redis is None:
            return self.local.payloads(visitor)
        try:
            stored = await self.redis.client().hget(_key(self.prefix, visitor), "payloads")
        except Exception as error:
            self.redis.unavailable(error)
            return self.local.payloads(visitor)
        return tuple(str(p) for p in json.loads(stored)) if stored else ()

    async def resolve(self, visitor: str, text: str) -> str:
        """``text``, or the payload it selects by number among the visitor's last buttons."""
        if pick(text, ["?"] * 99) is None:          # not a number: no need to ask Redis
            return text
        chosen = pick(text, await self.payloads(visitor))
        return text if chosen is None else chosen

    async def begin_turn(self, visitor: str) -> None:
        self.local.begin_turn(visitor)
        if self.redis is not None:
            self._turns[visitor] = f"{time.time_ns():x}{id(self):x}"

    async def end_turn(self, visitor: str) -> None:
        self.local.end_turn(visitor)
        if self.redis is None:
            return
        token = self._turns.pop(visitor, "-")
        try:
            await self.redis.client().eval(_END_TURN, 1, _key(self.prefix, visitor), token)
        except Exception as error:
            self.redis.unavailable(error)

    async def close(self) -> None:
        if self.redis is not None:
            await self.redis.close()


def window_from_env(env: Mapping[str, str]) -> SharedWindow:
    return SharedWindow((env.get("REDIS_URL") or "").strip())


def choices_from_env(env: Mapping[str, str]) -> SharedChoices:
    return SharedChoices((env.get("REDIS_URL") or "").strip())
