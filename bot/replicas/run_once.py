"""A background job's round runs in one process at a time across replicas, and once per period.

App environment (SQLAlchemy 2, redis-py 8). Every web process ticks its jobs
(the erasure sweep, the retention purge, the idle hand-back, …); before a round
it asks :meth:`JobLock.run`:

* **PostgreSQL** — a session-level advisory lock (``pg_try_advisory_lock``) on a
  connection of its own, held for the round: a round already running elsewhere
  makes this one skip, and a process that dies mid-round drops its connection,
  so PostgreSQL frees the lock at once;
* **SQLite** — one machine, one web process: no lock (the lock is a no-op);
* **Redis** (``REDIS_URL``, optional) — the round also claims its period
  (``SET … NX PX``), so with N replicas a daily job runs once a day, not N
  times; a failed round gives its claim back so that the next tick, on any
  replica, tries again.

If PostgreSQL cannot be reached the round is skipped (its work needs the
database anyway); if Redis cannot be reached the period is not claimed and the
advisory lock alone keeps rounds apart.
"""
from __future__ import annotations

import asyncio
import hashlib
import logging
from typing import Any, Awaitable, Callable, Optional

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

log = logging.getLogger(__name__)

PREFIX = "studio:job:"
#: a period claim ends a little before the next tick, so clock jitter never skips a whole period
SLACK = 0.9

Job = Callable[[], Awaitable[int]]


def advisory_key(name: str) -> int:
    """A stable signed 64-bit key for ``name`` (PostgreSQL's advisory lock keys are bigint)."""
    return int.from_bytes(hashlib.sha256(f"studio-job:{name}".encode()).digest()[:8], "big", signed=True)


class JobLock:
    """Run-once rounds for the jobs of one process; share one per process."""

    def __init__(self, engine: AsyncEngine, redis_url: str = "", prefix: str = PREFIX) -> None:
        self.engine, self.redis_url, self.prefix = engine, (redis_url or "").strip(), prefix
        self._clients: dict[int, Any] = {}

    @property
    def exclusive(self) -> bool:
        """Whether rounds are kept apart across processes (PostgreSQL); SQLite needs no lock."""
        return self.engine.dialect.name == "postgresql"

    def _redis(self) -> Any:
        loop_id = id(asyncio.get_running_loop())
        client = self._clients.get(loop_id)
        if client is None:
            from redis import asyncio as redis_asyncio

            client = redis_asyncio.from_url(self.redis_url, socket_timeout=2, socket_connect_timeout=2)
            self._clients[loop_id] = client
        return client

    async def _claim_period(self, name: str, period: float) -> Optional[bool]:
        """True: this round has the period; False: another replica ran it; None: no Redis (or it failed)."""
        if not self.redis_url or period <= 0:
            return None
        try:
            return bool(await self._redis().set(self.prefix + name, "1", nx=True,
                                                px=max(1, int(period * SLACK * 1000))))
        except Exception as error:
            log.warning("%s: Redis unavailable (%s); the period is not claimed", name, type(error).__name__)
            return None

    async def _give_back(self, name: str) -> None:
        try:
            await self._redis().delete(self.prefix + name)
        except Exception:       # the claim expires by itself
            pass

    async def run(self, name: str, job: Job, period: float = 0.0) -> Optional[int]:
        """``job()``'s result, or None when the round was skipped (running elsewhere, or already run this period)."""
        claimed = await self._claim_period(name, period)
        if claimed is False:
            return None
        try:
            if not self.exclusive:
                return await job()
            result = await self._locked(name, job)
        except BaseException:
            if claimed:
                await self._give_back(name)
            raise
        if result is None and claimed:           # another process holds the lock: the period is theirs
            await self._give_back(name)
        return result

    async def _locked(self, name: str, job: Job) -> Optional[int]:
        key = advisory_key(name)
        async with self.engine.connect() as conn:
            got = (await conn.execute(text("SELECT pg_try_advisory_lock(:key)"), {"key": key})).scalar()
            await conn.commit()
            if not got:
                return None
            try:
                return await job()
            finally:
                try:
                    await conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": key})
                    await conn.commit()
                except Exception:               # a broken connection: dropping it frees the lock
                    await conn.invalidate()

    def wrap(self, name: str, job: Job, period: float = 0.0) -> Job:
        """``job`` as a round that runs once across replicas (0 when skipped), for :func:`bot.web.jobs._every`."""
        async def round_once() -> int:
            return await self.run(name, job, period) or 0
        return round_once

    async def close(self) -> None:
        for client in list(self._clients.values()):
            try:
                await client.aclose()
            except Exception:
                pass
        self._clients.clear()
