"""A fresh, migrated leads database and tracker database, on SQLite and (when reachable, always in CI) PostgreSQL."""
from __future__ import annotations

import os
import uuid
from pathlib import Path
from typing import AsyncIterator

import pytest

from bot.store.db import create_engine_for, session_factory
from bot.store.migrate import upgrade
from bot.store.tracker_events import events
from tests.harness import create_postgres_database, drop_postgres_database, postgres_available

BACKENDS = ["sqlite", "postgresql"] if os.environ.get("CI") == "true" or postgres_available() else ["sqlite"]


class Store:
    def __init__(self, url: str, tracker_url: str) -> None:
        self.engine = create_engine_for(url)
        self.sessions = session_factory(self.engine)
        self.tracker_engine = create_engine_for(tracker_url)

    async def close(self) -> None:
        await self.engine.dispose()
        await self.tracker_engine.dispose()


@pytest.fixture(params=BACKENDS)
async def store(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Store]:
    names: list[str] = []
    if request.param == "postgresql":
        names = [f"studio_store_{uuid.uuid4().hex[:8]}", f"studio_store_tracker_{uuid.uuid4().hex[:8]}"]
        url, tracker_url = (create_postgres_database(n) for n in names)
    else:
        url, tracker_url = f"sqlite:///{tmp_path / 'leads.db'}", f"sqlite:///{tmp_path / 'tracker.db'}"
    upgrade(url)
    store = Store(url, tracker_url)
    async with store.tracker_engine.begin() as conn:
        await conn.run_sync(events.metadata.create_all)
    yield store
    await store.close()
    for name in names:
        drop_postgres_database(name)
