"""Replay guards: memory, the processed_messages table, Redis."""
from __future__ import annotations

import asyncio
import os
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from bot.channels.idempotency import MemoryGuard, RedisGuard, SqlGuard, guard_from_env, sync_database_url
from bot.store.migrate import upgrade
from tests.harness import redis_url_for_tests


async def test_memory_guard() -> None:
    guard = MemoryGuard(capacity=2)
    assert await guard.first_time("whatsapp_cloud", "a")
    assert not await guard.first_time("whatsapp_cloud", "a")
    assert await guard.first_time("telegram", "a")            # ids are per channel
    await guard.first_time("x", "1")
    await guard.first_time("x", "2")
    assert await guard.first_time("whatsapp_cloud", "a")      # evicted


async def test_sql_guard_inserts_once_even_concurrently(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'leads.db'}"
    upgrade(url)
    guard = SqlGuard(url)
    results = await asyncio.gather(*(guard.first_time("whatsapp_cloud", "wamid.1") for _ in range(5)))
    assert sorted(results) == [False, False, False, False, True]
    assert await guard.first_time("whatsapp_cloud", "wamid.2")
    guard.dispose()
    engine = create_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT message_id, channel FROM processed_messages ORDER BY message_id")).all()
    engine.dispose()
    assert [tuple(r) for r in rows] == [("whatsapp_cloud:wamid.1", "whatsapp_cloud"),
                                        ("whatsapp_cloud:wamid.2", "whatsapp_cloud")]


async def test_sql_guard_without_the_table_still_handles_messages(tmp_path: Path) -> None:
    guard = SqlGuard(f"sqlite:///{tmp_path / 'empty.db'}")
    assert await guard.first_time("telegram", "1")
    guard.dispose()


def test_choice_of_store_and_urls() -> None:
    assert isinstance(guard_from_env({}), MemoryGuard)
    assert isinstance(guard_from_env({"DATABASE_URL": "sqlite:///x.db"}), SqlGuard)
    assert isinstance(guard_from_env({"DATABASE_URL": "sqlite:///x.db", "REDIS_URL": "redis://h/0"}), RedisGuard)
    assert sync_database_url("sqlite+aiosqlite:////tmp/x.db") == "sqlite:////tmp/x.db"
    assert sync_database_url("postgresql+asyncpg://u:p@h:5432/d").startswith("postgresql+psycopg")
    assert sync_database_url("postgresql+asyncpg://u:p@h:5432/d").endswith("://u:p@h:5432/d")


REDIS_URL = redis_url_for_tests()


@pytest.mark.skipif(REDIS_URL is None, reason="no Redis reachable here (CI always has one)")
async def test_redis_guard() -> None:
    assert REDIS_URL is not None
    guard = RedisGuard(REDIS_URL, ttl_seconds=60, prefix=f"test:{os.getpid()}:")
    assert await guard.first_time("whatsapp_cloud", "wamid.r")
    assert not await guard.first_time("whatsapp_cloud", "wamid.r")
