"""Fixtures for the booking tests: settings, a migrated leads database (SQLite, and PostgreSQL when available).

PostgreSQL runs when ``TEST_DATABASE_URL`` points at a server (a throwaway
database is created there and dropped afterwards), in CI, or when the local
server is reachable, like the rest of the suite.
"""
from __future__ import annotations

import os
import uuid
from pathlib import Path
from typing import Any, AsyncIterator, Callable, Iterator, Optional

import pytest
import pytest_asyncio
import yaml
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.actions.runtime import Runtime, build_runtime, set_runtime
from bot.settings import REPO_ROOT, Settings, load_settings
from bot.store.db import create_engine_for, create_sync_engine_for, session_factory
from bot.store.migrate import upgrade
from tests.harness import postgres_available

ADMIN_URL = os.environ.get("TEST_DATABASE_URL") or os.environ.get(
    "TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


def _with_postgres() -> bool:
    return bool(os.environ.get("TEST_DATABASE_URL")) or os.environ.get("CI") == "true" or postgres_available()


BACKENDS = ["sqlite", "postgresql"] if _with_postgres() else ["sqlite"]


def _admin(sql: str) -> None:
    engine = create_sync_engine_for(ADMIN_URL).execution_options(isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(sql))
    engine.dispose()


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, migrated leads database."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'leads.db'}"
        upgrade(url)
        yield url
        return
    name = f"booking_test_{uuid.uuid4().hex[:10]}"
    _admin(f'CREATE DATABASE "{name}"')
    url = ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    try:
        upgrade(url)
        yield url
    finally:
        _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest_asyncio.fixture
async def sessions(database_url: str) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    engine = create_engine_for(database_url)
    yield session_factory(engine)
    await engine.dispose()


MakeSettings = Callable[..., Settings]


@pytest.fixture
def make_settings(tmp_path: Path) -> MakeSettings:
    """Settings from the real studio.yml with ``booking`` / ``studio`` overrides and an environment."""

    def make(booking: Optional[dict[str, Any]] = None, studio: Optional[dict[str, Any]] = None,
             env: Optional[dict[str, str]] = None, database_url: str = "sqlite:///unused.db") -> Settings:
        raw = yaml.safe_load((REPO_ROOT / "studio.yml").read_text(encoding="utf-8"))
        raw["booking"] = {**raw.get("booking", {}), **(booking or {})}
        raw["studio"] = {**raw.get("studio", {}), **(studio or {})}
        path = tmp_path / f"studio-{uuid.uuid4().hex[:6]}.yml"
        path.write_text(yaml.safe_dump(raw), encoding="utf-8")
        environ = {"DATABASE_URL": database_url, "TRACKER_STORE_URL": f"sqlite:///{tmp_path / 'tracker.db'}",
                   "VAR_DIR": str(tmp_path), **(env or {})}
        return load_settings(path, environ=environ)

    return make


@pytest_asyncio.fixture
async def runtime_for(database_url: str, make_settings: MakeSettings) -> AsyncIterator[Callable[..., Runtime]]:
    """Install an action-server runtime on the test database; ``runtime_for(booking={...}, env={...})``."""
    built: list[Runtime] = []

    def install(**kwargs: Any) -> Runtime:
        runtime = build_runtime(make_settings(database_url=database_url, **kwargs))
        built.append(runtime)
        set_runtime(runtime)
        return runtime

    yield install
    set_runtime(None)
    for runtime in built:
        await runtime.close()
