"""Sign-in rate limiting: failed attempts counted per IP and username, and per IP.

In-process by default; with ``REDIS_URL`` the counters live in Redis so that
several web processes share them. Both count failures in a fixed window that
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
    max_failures: int = 5
    max_failures_per_ip: int = 30
    window: int = 15 * 60

    def _keys(self, ip: str, username: str) -> tuple[str, str]:
        return _key("user", ip, username.strip().lower()), _key("ip", ip)

    async def retry_after(self, ip: str, username: str) -> int:
        """Seconds to wait before another attempt is allowed, 0 if allowed now."""
        user_key, ip_key = self._keys(ip, username)
        user_count, user_left = await self.counter.count(user_key)
        ip_count, ip_left = await self.counter.count(ip_key)
        waits = [user_left if user_count >= self.max_failures else 0,
                 ip_left if ip_count >= self.max_failures_per_ip else 0]
        return max(waits)

    async def failed(self, ip: str, username: str) -> None:
        for key in self._keys(ip, username):
            await self.counter.add(key, self.window)

    async def succeeded(self, ip: str, username: str) -> None:
        await self.counter.clear(self._keys(ip, username)[0])
