"""What actions share at run time: settings and database engines.

Built once by the action server's entry point (``python -m bot.actions``) or
by a test, and handed to actions through :func:`get_runtime`.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.settings import Settings, load_settings
from bot.store.db import create_engine_for, session_factory


@dataclass
class Runtime:
    settings: Settings
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    tracker_engine: AsyncEngine

    async def close(self) -> None:
        await self.engine.dispose()
        await self.tracker_engine.dispose()


_runtime: Optional[Runtime] = None


def build_runtime(settings: Optional[Settings] = None) -> Runtime:
    settings = settings or load_settings()
    engine = create_engine_for(settings.database_url)
    return Runtime(settings=settings, engine=engine, sessions=session_factory(engine),
                   tracker_engine=create_engine_for(settings.tracker_store_url))


def set_runtime(runtime: Optional[Runtime]) -> None:
    global _runtime
    _runtime = runtime


def get_runtime() -> Runtime:
    """The runtime set at start-up; built from the environment on first use otherwise."""
    global _runtime
    if _runtime is None:
        _runtime = build_runtime()
    return _runtime
