"""Rate limiting by the generic cell rate algorithm (GCRA): a burst of N, then one every window/N seconds.

One value per key (the "theoretical arrival time"), so it is cheap in memory and
atomic in Redis (one Lua script, server time). :func:`limiter_from_env` picks
Redis when ``REDIS_URL`` is set, so every Rasa replica shares the counts, and
falls back to this process's memory when Redis cannot be reached (a limit
that fails open would let a flood through exactly when Redis is down).
The Redis calls (``eval``, ``set`` with ``nx``/``px``) exist in redis-py 4.6 and 8.x alike.
"""
from __future__ import annotations

import asyncio
import logging
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, Callable, Mapping, Optional, Protocol

logger = logging.getLogger(__name__)
#: remembered keys in memory; the oldest are forgotten first (they are the ones that expired)
CAPACITY = 100_000


@dataclass(frozen=True)
class Hit:
    allowed: bool
    retry_after: float = 0.0          # seconds until one more would be allowed


class RateLimiter(Protocol):
    async def hit(self, key: str, limit: int, window: float, record: bool = True) -> Hit:
        """Count one event for ``key`` (unless ``record`` is false: only ask) at ``limit`` per ``window`` s."""

    async def once(self, key: str, seconds: float) -> bool:
        """True the first time ``key`` is asked within ``seconds``, False after that."""


def gcra(tat: float, now: float, limit: int, window: float) -> tuple[bool, float, float]:
    """(allowed, the new arrival time, seconds to wait) for one event at ``now``."""
    interval = window / limit
    new_tat = max(tat, now) + interval
    over = new_tat - now - window
    if over > 1e-6:
        return False, tat, over
    return True, new_tat, 0.0


class MemoryRateLimiter:
    """This process only; bounded to :data:`CAPACITY` keys."""

    def __init__(self, capacity: int = CAPACITY, clock: Callable[[], float] = time.monotonic) -> None:
        self.capacity, self.clock = capacity, clock
        self._tat: OrderedDict[str, float] = OrderedDict()
        self._notices: OrderedDict[str, float] = OrderedDict()

    def _remember(self, table: "OrderedDict[str, float]", key: str, value: float) -> None:
        table[key] = value
        table.move_to_end(key)
        while len(table) > self.capacity:
            table.popitem(last=False)

    async def hit(self, key: str, limit: int, window: float, record: bool = True) -> Hit:
        now = self.clock()
        allowed, new_tat, wait = gcra(self._tat.get(key, 0.0), now, limit, window)
        if allowed and record:
            self._remember(self._tat, key, new_tat)
        return Hit(allowed, wait)

    async def once(self, key: str, seconds: float) -> bool:
        now = self.clock()
        if self._notices.get(key, 0.0) > now:
            return False
        self._remember(self._notices, key, now + seconds)
        return True


_GCRA_SCRIPT = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local interval = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local tat = tonumber(redis.call('GET', KEYS[1]) or 0) or 0
if tat < now then tat = now end
local new_tat = tat + interval
local over = new_tat - now - window
if over > 0.000001 then
  return {0, math.ceil(over * 1000)}
end
if ARGV[3] == '1' then
  redis.call('SET', KEYS[1], string.format('%.6f', new_tat), 'PX', math.ceil((new_tat - now) * 1000) + 1000)
end
return {1, 0}
"""


class RedisRateLimiter:
    """Shared by every process using the same Redis; this process's memory when Redis fails."""

    def __init__(self, url: str, prefix: str = "studio:limit:", fallback: Optional[MemoryRateLimiter] = None) -> None:
        self.url, self.prefix = url, prefix
        self.fallback = fallback or MemoryRateLimiter()
        self._clients: dict[int, Any] = {}
        self._warned_at = -1e9

    def _client(self) -> Any:
        loop_id = id(asyncio.get_running_loop())      # a redis.asyncio client belongs to one event loop
        client = self._clients.get(loop_id)
        if client is None:
            from redis import asyncio as redis_asyncio

            client = redis_asyncio.from_url(self.url, socket_timeout=2, socket_connect_timeout=2)
            self._clients[loop_id] = client
        return client

    def _unavailable(self, error: Exception) -> None:
        now = time.monotonic()
        if now - self._warned_at > 60:                  # one line a minute, not one per message
            self._warned_at = now
            logger.warning("Rate limits: Redis unavailable (%s); counting in this process", type(error).__name__)

    async def hit(self, key: str, limit: int, window: float, record: bool = True) -> Hit:
        try:
            allowed, wait_ms = await self._client().eval(_GCRA_SCRIPT, 1, self.prefix + key, repr(window / limit),
                                                          repr(float(window)), "1" if record else "0")
            return Hit(bool(int(allowed)), int(wait_ms) / 1000)
        except Exception as error:                      # Redis down or unreachable: never crash a channel
            self._unavailable(error)
            return await self.fallback.hit(key, limit, window, record)

    async def once(self, key: str, seconds: float) -> bool:
        try:
            created = await self._client().set(self.prefix + "once:" + key, "1", nx=True,
                                               px=max(1, int(seconds * 1000)))
            return bool(created)
        except Exception as error:
            self._unavailable(error)
            return await self.fallback.once(key, seconds)

    async def close(self) -> None:
        for client in list(self._clients.values()):
            try:
                await client.close()
            except Exception:
                pass
        self._clients.clear()


def limiter_from_env(env: Mapping[str, str]) -> RateLimiter:
    """Redis when ``REDIS_URL`` is set, else this process's memory."""
    url = (env.get("REDIS_URL") or "").strip()
    return RedisRateLimiter(url) if url else MemoryRateLimiter()
