"""Engine and session factories. Created at start-up, never at import."""
from __future__ import annotations

import logging

from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine, AsyncSession
from sqlalchemy import create_engine

log = logging.getLogger(__name__)

_ASYNC_DRIVERS = {"sqlite": "sqlite+aiosqlite", "postgresql": "postgresql+asyncpg"}
_SYNC_DRIVERS = {"sqlite": "sqlite", "postgresql": "postgresql+psycopg"}


def _with_driver(url: str, drivers: dict[str, str]) -> str:
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend not in drivers:
        raise ValueError(f"Unsupported database backend {backend!r}: use sqlite or postgresql")
    return parsed.set(drivername=drivers[backend]).render_as_string(hide_password=False)


def async_url(url: str) -> str:
    return _with_driver(url, _ASYNC_DRIVERS)


def sync_url(url: str) -> str:
    return _with_driver(url, _SYNC_DRIVERS)


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    # deleted rows are overwritten with zeros, whatever the SQLite build's default (erasure that erases)
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def create_engine_for(url: str) -> AsyncEngine:
    """An async engine; SQLite gets foreign keys, secure delete, WAL and a busy timeout."""
    engine = create_async_engine(async_url(url), pool_pre_ping=True)
    if engine.dialect.name == "sqlite":
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
    return engine


def create_sync_engine_for(url: str) -> Engine:
    engine = create_engine(sync_url(url), pool_pre_ping=True)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)


async def checkpoint(engine: AsyncEngine) -> bool:
    """Copy SQLite's write-ahead log into the database file and empty it; no-op elsewhere.

    After an erasure the WAL still holds earlier versions of the erased rows; with
    ``secure_delete`` the pages written back are zeroed, so once this returns True
    the erased bytes are in neither file. False when a reader or writer kept the
    checkpoint from finishing (a later sweep tries again).
    """
    if engine.dialect.name != "sqlite":
        return True
    async with engine.connect() as conn:
        busy, _log_frames, _done = (await conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")).one()
    if busy:
        log.warning("WAL checkpoint after erasure could not finish (database busy); will retry")
    return not busy
