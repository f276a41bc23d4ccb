"""Background jobs of the web process: the erasure sweep, the retention purge, the idle hand-back, the
reminders about unanswered chats and requests (:mod:`bot.live.unanswered`: each item once) and the
follow-up messages (:mod:`bot.followup.scheduler`: each message is claimed once across every web process).

Each job runs in its own task; a failing round is logged (type only, never
data) and the job carries on at its next tick. With several web replicas each
round runs in one of them (:class:`bot.replicas.run_once.JobLock`: a PostgreSQL
advisory lock, and with ``REDIS_URL`` once per period; nothing to lock on SQLite).
"""
from __future__ import annotations

import asyncio
import logging
from typing import AsyncIterator, Awaitable, Callable

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.dashboard.auth import purge_revoked_sessions
from bot.followup.scheduler import CHECK_EVERY_SECONDS as FOLLOWUP_EVERY_SECONDS
from bot.followup.scheduler import Scheduler
from bot.followup.send import Senders
from bot.live.idle import CHECK_EVERY_SECONDS, hand_back_idle, idle_minutes
from bot.live.relay_client import RELAY
from bot.live.unanswered import CHECK_EVERY_SECONDS as UNANSWERED_EVERY_SECONDS
from bot.live.unanswered import remind_unanswered
from bot.live.web import REF_KEY
from bot.replicas.run_once import JobLock
from bot.store import leads as store
from bot.store import staff_reminders, takeovers
from bot.web.keys import LEADS_ENGINE, SESSIONS, SETTINGS, TRACKER_ENGINE

log = logging.getLogger(__name__)

SWEEP_EVERY_SECONDS = 10.0
PURGE_EVERY_SECONDS = 24 * 3600.0


#: how long shutting down waits for the jobs' rounds to stop
STOP_WITHIN_SECONDS = 5.0


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
                  idle_every: float = CHECK_EVERY_SECONDS, followup_every: float = FOLLOWUP_EVERY_SECONDS,
                  unanswered_every: float = UNANSWERED_EVERY_SECONDS,
                  ) -> Callable[[web.Application], AsyncIterator[None]]:
    """A cleanup_ctx starting the jobs after the engines (and the relay client) and stopping them before."""

    async def jobs_ctx(app: web.Application) -> AsyncIterator[None]:
        sessions, tracker, settings = app[SESSIONS], app[TRACKER_ENGINE], app[SETTINGS]
        retention_days = settings.retention_days
        minutes = idle_minutes(settings.env)
        once = JobLock(app[LEADS_ENGINE], settings.env.get("REDIS_URL", ""))
        tasks = [
            asyncio.create_task(_every(sweep_every, "erasure sweep", once.wrap(
                "erasure-sweep", lambda: store.sweep_erasures(sessions, tracker), sweep_every))),
            asyncio.create_task(_every(purge_every, "retention purge", once.wrap(
                "retention-purge", lambda: _purge(sessions, tracker, retention_days), purge_every))),
        ]
        senders = Senders(settings, tracker, app[RELAY])
        scheduler = Scheduler(sessions, tracker, settings, senders)
        tasks.append(asyncio.create_task(_every(followup_every, "follow-ups",
                                                lambda: _followups(scheduler))))
        if minutes > 0:
            tasks.append(asyncio.create_task(_every(idle_every, "idle hand-back", once.wrap(
                "idle-hand-back", lambda: hand_back_idle(sessions, app[RELAY], settings, app[REF_KEY], minutes),
                idle_every))))
        if settings.alerts.remind_unanswered_minutes > 0:
            tasks.append(asyncio.create_task(_every(unanswered_every, "unanswered reminders", once.wrap(
                "unanswered-reminders", lambda: remind_unanswered(sessions, tracker, settings, app[REF_KEY]),
                unanswered_every))))
        try:
            yield
        finally:
            for task in tasks:
                task.cancel()
            _, stuck = await asyncio.wait(tasks, timeout=STOP_WITHIN_SECONDS)
            if stuck:                           # a round stuck in I/O must not hold the process open
                log.warning("%d background job(s) did not stop within %s s", len(stuck), STOP_WITHIN_SECONDS)
            await asyncio.wait_for(senders.close(), STOP_WITHIN_SECONDS)
            await asyncio.wait_for(once.close(), STOP_WITHIN_SECONDS)

    return jobs_ctx


async def _purge(sessions: async_sessionmaker[AsyncSession], tracker: AsyncEngine, retention_days: int) -> int:
    """Old leads, revoked dashboard sessions that have expired anyway, takeovers ended and reminders sent long ago."""
    count = await purge_revoked_sessions(sessions) + await takeovers.prune(sessions, retention_days)
    count += await staff_reminders.prune(sessions, retention_days)
    return count + await store.purge_expired(sessions, tracker, retention_days)


async def _followups(scheduler: Scheduler) -> int:
    done = await scheduler.run_once()
    return done.sent + done.failed
