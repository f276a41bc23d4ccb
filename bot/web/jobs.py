"""Background jobs of the web process: the erasure sweep, the retention purge and the idle hand-back.

Each job runs in its own task; a failing round is logged (type only, never
data) and the job carries on at its next tick.
"""
from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import AsyncIterator, Awaitable, Callable

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.dashboard.auth import purge_revoked_sessions
from bot.live.idle import CHECK_EVERY_SECONDS, hand_back_idle, idle_minutes
from bot.live.relay_client import RELAY
from bot.live.web import REF_KEY
from bot.store import leads as store
from bot.store import takeovers
from bot.web.keys import SESSIONS, SETTINGS, TRACKER_ENGINE

log = logging.getLogger(__name__)

SWEEP_EVERY_SECONDS = 10.0
PURGE_EVERY_SECONDS = 24 * 3600.0


async def _every(seconds: float, name: str, job: Callable[[], Awaitable[int]]) -> None:
    """Run ``job`` now and then every ``seconds``, until cancelled."""
    while True:
        try:
            count = await job()
            if count:
                log.info("%s: %d done", name, count)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # noqa: BLE001 - a job must survive a bad round
            log.error("%s failed: %s", name, type(exc).__name__)
        await asyncio.sleep(seconds)


def make_jobs_ctx(sweep_every: float = SWEEP_EVERY_SECONDS, purge_every: float = PURGE_EVERY_SECONDS,
                  idle_every: float = CHECK_EVERY_SECONDS) -> Callable[[web.Application], AsyncIterator[None]]:
    """A cleanup_ctx starting the jobs after the engines (and the relay client) and stopping them before."""

    async def jobs_ctx(app: web.Application) -> AsyncIterator[None]:
        sessions, tracker, settings = app[SESSIONS], app[TRACKER_ENGINE], app[SETTINGS]
        retention_days = settings.retention_days
        minutes = idle_minutes(settings.env)
        tasks = [
            asyncio.create_task(_every(sweep_every, "erasure sweep",
                                       lambda: store.sweep_erasures(sessions, tracker))),
            asyncio.create_task(_every(purge_every, "retention purge",
                                       lambda: _purge(sessions, tracker, retention_days))),
        ]
        if minutes > 0:
            tasks.append(asyncio.create_task(_every(
                idle_every, "idle hand-back",
                lambda: hand_back_idle(sessions, app[RELAY], settings, app[REF_KEY], minutes))))
        try:
            yield
        finally:
            for task in tasks:
                task.cancel()
            for task in tasks:
                with contextlib.suppress(asyncio.CancelledError):
                    await task

    return jobs_ctx


async def _purge(sessions: async_sessionmaker[AsyncSession], tracker: AsyncEngine, retention_days: int) -> int:
    """Old leads, revoked dashboard sessions that have expired anyway, takeovers ended long ago."""
    count = await purge_revoked_sessions(sessions) + await takeovers.prune(sessions, retention_days)
    return count + await store.purge_expired(sessions, tracker, retention_days)
