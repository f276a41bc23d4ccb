"""Background jobs run once across replicas (bot/replicas/run_once.py), on SQLite and PostgreSQL.

Two "replicas" are two engines on the same database. On PostgreSQL a round running in one makes the other
skip, and a replica dying mid-round frees the lock at once; on SQLite (one machine) there is nothing to lock.
With Redis, a round also claims its period, so N replicas run a daily job once a day.
"""
from __future__ import annotations

import asyncio
import os
import secrets
from pathlib import Path
from typing import AsyncIterator

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.replicas.run_once import JobLock, advisory_key
from bot.store.db import create_engine_for
from tests.harness import POSTGRES_ADMIN_URL, postgres_available, redis_url_for_tests

BACKENDS = ["sqlite", "postgresql"] if os.environ.get("CI") == "true" or postgres_available() else ["sqlite"]


@pytest.fixture(params=BACKENDS)
async def engines(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[tuple[AsyncEngine, AsyncEngine]]:
    url = POSTGRES_ADMIN_URL if request.param == "postgresql" else f"sqlite:///{tmp_path / 'leads.db'}"
    first, second = create_engine_for(url), create_engine_for(url)
    yield first, second
    await first.dispose()
    await second.dispose()


def job_name() -> str:
    return f"test-job-{secrets.token_hex(6)}"


async def test_a_round_running_on_one_replica_makes_the_other_skip(engines) -> None:
    first, second = JobLock(engines[0]), JobLock(engines[1])
    name, started, finish = job_name(), asyncio.Event(), asyncio.Event()

    async def long_round() -> int:
        started.set()
        await finish.wait()
        return 3

    running = asyncio.create_task(first.run(name, long_round))
    await started.wait()
    other = await second.run(name, lambda: asyncio.sleep(0, result=5))
    finish.set()
    assert await running == 3
    if first.exclusive:                 # PostgreSQL: the advisory lock kept the rounds apart
        assert other is None
        assert await second.run(name, lambda: asyncio.sleep(0, result=5)) == 5     # free again afterwards
    else:                               # SQLite: one machine, one web process, no lock
        assert other == 5


async def test_a_replica_dying_mid_round_frees_the_lock_at_once(engines) -> None:
    name = job_name()
    if engines[0].dialect.name != "postgresql":   # SQLite: one machine, nothing held, a round always runs
        assert await JobLock(engines[1]).run(name, lambda: asyncio.sleep(0, result=5)) == 5
        return
    conn = await engines[0].connect()
    assert (await conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": advisory_key(name)})).scalar()
    second = JobLock(engines[1])
    assert await second.run(name, lambda: asyncio.sleep(0, result=1)) is None
    await conn.invalidate()             # the process holding it is gone: its connection closes
    await conn.close()
    for _ in range(50):                 # the server notices the closed connection almost at once
        if await second.run(name, lambda: asyncio.sleep(0, result=1)) == 1:
            break
        await asyncio.sleep(0.05)
    else:
        raise AssertionError("the lock of a closed connection was never freed")


async def test_with_redis_a_period_is_run_by_one_replica_and_a_failed_round_gives_it_back(engines) -> None:
    url = redis_url_for_tests()
    if url is None:
        pytest.skip("no Redis here (set TEST_REDIS_URL); in CI it is required")
    prefix = f"test:{secrets.token_hex(6)}:job:"
    first, second = JobLock(engines[0], url, prefix), JobLock(engines[1], url, prefix)
    runs: list[str] = []

    def counted(who: str):
        async def job() -> int:
            runs.append(who)
            return 1
        return job

    async def failing() -> int:
        raise RuntimeError("database went away")

    try:
        name = job_name()
        assert await first.run(name, counted("first"), period=60) == 1
        assert await second.run(name, counted("second"), period=60) is None       # this period is done
        assert runs == ["first"]

        name = job_name()
        with pytest.raises(RuntimeError):
            await first.run(name, failing, period=60)
        assert await second.run(name, counted("second"), period=60) == 1          # the claim was given back
        assert await second.wrap(name, counted("second"), period=60)() == 0       # skipped: 0 done
    finally:
        await first.close()
        await second.close()
