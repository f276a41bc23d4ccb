"""Sign-in rate limiting: failed attempts (password or code) counted per client and account, per account,
and per client.

Never one counter for everybody: an attacker's failures lock out that
address, or after many addresses that one account, but not other people.
When the client address is probably an untrusted proxy's (shared by all its
users, see :class:`bot.dashboard.network.ClientAddress`), the per-address
limit is left out for that reason.

In-process by default; with ``REDIS_URL`` the counters live in Redis so that
several web processes share them. Each counts failures in a fixed window that
starts at the first failure.
"""
from __future__ import annotations

import hashlib
import math
import time
from dataclasses import dataclass
from typing import Any, Callable, Protocol


class Counter(Protocol):
    async def count(self, key: str) -> tuple[int, int]:
        """(failures in the current window, seconds until it ends)."""

    async def add(self, key: str, window: int) -> None: ...

    async def clear(self, key: str) -> None: ...

    async def close(self) -> None: ...


class MemoryCounter:
    MAX_KEYS = 10_000

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._entries: dict[str, tuple[int, float]] = {}   # key -> (count, window end)

    def _prune(self) -> None:
        now = self._clock()
        for key in [k for k, (_, end) in self._entries.items() if end <= now]:
            del self._entries[key]

    async def count(self, key: str) -> tuple[int, int]:
        count, end = self._entries.get(key, (0, 0.0))
        left = end - self._clock()
        return (count, math.ceil(left)) if left > 0 else (0, 0)

    async def add(self, key: str, window: int) -> None:
        if len(self._entries) >= self.MAX_KEYS:
            self._prune()
        count, left = await self.count(key)
        end = self._clock() + (left if count else window)
        self._entries[key] = (count + 1, end)

    async def clear(self, key: str) -> None:
        self._entries.pop(key, None)

    async def close(self) -> None:
        self._entries.clear()


class RedisCounter:
    PREFIX = "dashboard:login-failures:"

    def __init__(self, client: Any) -> None:
        self._redis = client

    @classmethod
    def from_url(cls, url: str) -> "RedisCounter":
        from redis.asyncio import Redis

        return cls(Redis.from_url(url))

    async def count(self, key: str) -> tuple[int, int]:
        name = self.PREFIX + key
        value, ttl = await self._redis.get(name), await self._redis.ttl(name)
        count = int(value or 0)
        return (count, max(int(ttl), 1)) if count else (0, 0)

    async def add(self, key: str, window: int) -> None:
        name = self.PREFIX + key
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.set(name, 0, ex=window, nx=True)
            pipe.incr(name)
            pipe.ttl(name)
            *_, ttl = await pipe.execute()
        if int(ttl) < 0:          # never let a counter live forever
            await self._redis.expire(name, window)

    async def clear(self, key: str) -> None:
        await self._redis.delete(self.PREFIX + key)

    async def close(self) -> None:
        await self._redis.aclose()


def _key(*parts: str) -> str:
    """Usernames are hashed so that typed passwords-as-usernames never sit in Redis."""
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]


@dataclass
class LoginThrottle:
    counter: Counter
    max_failures: int = 5                   # per client address and account
    max_failures_per_ip: int = 30           # per client address, any account
    window: int = 15 * 60
    max_failures_per_account: int = 20      # per account, any address

    def _limits(self, ip: str, username: str, shared: bool) -> list[tuple[str, int]]:
        name = username.strip().lower()
        limits = [(_key("user", ip, name), self.max_failures), (_key("account", name), self.max_failures_per_account)]
        if not shared:
            limits.append((_key("ip", ip), self.max_failures_per_ip))
        return limits

    async def retry_after(self, ip: str, username: str, shared: bool = False) -> int:
        """Seconds to wait before another attempt is allowed, 0 if allowed now."""
        waits = [0]
        for key, limit in self._limits(ip, username, shared):
            count, left = await self.counter.count(key)
            if count >= limit:
                waits.append(left)
        return max(waits)

    async def failed(self, ip: str, username: str, shared: bool = False) -> None:
        for key, _ in self._limits(ip, username, shared):
            await self.counter.add(key, self.window)

    async def succeeded(self, ip: str, username: str) -> None:
        """Clears this address's count for the account only: a success elsewhere must not reset an attack."""
        await self.counter.clear(self._limits(ip, username, True)[0][0])
