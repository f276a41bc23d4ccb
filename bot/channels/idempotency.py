"""Webhook replays processed once: each inbound message id is claimed before the message is handled.

Platforms re-deliver a webhook when they get no timely 2xx, so the same
message can arrive twice. :meth:`ReplayGuard.first_time` claims an id and says
whether it is new. The store is chosen from the environment (:func:`guard_from_env`):

* ``REDIS_URL`` set: Redis ``SET key NX EX`` (shared by every Rasa replica, ids kept 8 days);
* else ``DATABASE_URL`` set: the leads store's ``processed_messages`` table, one short
  ``INSERT`` that fails on the primary key for a replay (SQLAlchemy Core, works with
  the Rasa environment's SQLAlchemy 1.4); rows older than 30 days are pruned now and then;
* else an in-memory LRU of the last 50,000 ids (one process only).

What it covers: WhatsApp Cloud message ids (``wamid``), Telegram ``update_id``,
Twilio ``MessageSid``, Messenger ``mid`` (or sender and timestamp). Ids are kept
longer than ``MAX_MESSAGE_AGE`` (7 days by default, :mod:`bot.limits.config`), and
:class:`bot.channels.base.Messaging` ignores messages older than that, so a
captured, correctly signed delivery cannot be replayed once its id is forgotten
(Twilio sends no time: its ids are kept 30 days in SQL, 8 in Redis). The
in-memory store forgets on restart: it is for development only.

Claiming before handling means at-most-once: a message whose handling crashed
is not handled again on redelivery, which beats answering a question twice.
If the store is unreachable the message is handled (and the error logged).
"""
from __future__ import annotations

import asyncio
import logging
import threading
from collections import OrderedDict
from datetime import datetime, timedelta, timezone
from typing import Any, Mapping, Optional, Protocol

logger = logging.getLogger(__name__)
KEEP_DAYS = 30
PRUNE_EVERY = 500


class ReplayGuard(Protocol):
    async def first_time(self, channel: str, message_id: str) -> bool: ...


class MemoryGuard:
    """The most recent ids in this process."""

    def __init__(self, capacity: int = 50_000) -> None:
        self.capacity = capacity
        self._seen: OrderedDict[str, None] = OrderedDict()

    async def first_time(self, channel: str, message_id: str) -> bool:
        key = f"{channel}:{message_id}"
        if key in self._seen:
            self._seen.move_to_end(key)
            return False
        self._seen[key] = None
        while len(self._seen) > self.capacity:
            self._seen.popitem(last=False)
        return True


def sync_database_url(url: str) -> str:
    """A synchronous driver for the leads store's URL (``sqlite`` or ``postgresql``, any driver given)."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        driver = "sqlite"
    elif backend == "postgresql":
        try:
            import psycopg2  # noqa: F401  (the Rasa environment's driver)
            driver = "postgresql+psycopg2"
        except ImportError:
            driver = "postgresql+psycopg"
    else:
        raise ValueError(f"unsupported database backend {backend!r}")
    return str(parsed.set(drivername=driver).render_as_string(hide_password=False))


class SqlGuard:
    """Claims in the ``processed_messages`` table (message_id primary key, channel, created_at)."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._engine: Any = None
        self._table: Any = None
        self._inserts = 0
        self._lock = threading.Lock()

    def _setup(self) -> None:
        from sqlalchemy import Column, DateTime, MetaData, String, Table, create_engine, event

        engine = create_engine(sync_database_url(self.url), pool_pre_ping=True)
        if engine.dialect.name == "sqlite":
            def _busy_timeout(connection: Any, _record: Any) -> None:
                cursor = connection.cursor()
                cursor.execute("PRAGMA busy_timeout=5000")
                cursor.close()
            event.listen(engine, "connect", _busy_timeout)
        self._table = Table("processed_messages", MetaData(), Column("message_id", String(255), primary_key=True),
                            Column("channel", String(32)), Column("created_at", DateTime(timezone=True)))
        self._engine = engine

    def _claim(self, channel: str, message_id: str) -> bool:
        from sqlalchemy.exc import IntegrityError

        with self._lock:
            if self._engine is None:
                self._setup()
        now = datetime.now(timezone.utc)
        key = f"{channel}:{message_id}"[:255]
        try:
            with self._engine.begin() as connection:
                connection.execute(self._table.insert().values(message_id=key, channel=channel[:32], created_at=now))
        except IntegrityError:
            return False
        self._inserts += 1
        if self._inserts % PRUNE_EVERY == 1:
            with self._engine.begin() as connection:
                connection.execute(self._table.delete().where(
                    self._table.c.created_at < now - timedelta(days=KEEP_DAYS)))
        return True

    async def first_time(self, channel: str, message_id: str) -> bool:
        try:
            return await asyncio.get_running_loop().run_in_executor(None, self._claim, channel, message_id)
        except Exception:
            logger.exception("Could not record a processed message id; handling the message anyway")
            return True

    def dispose(self) -> None:
        if self._engine is not None:
            self._engine.dispose()


class RedisGuard:
    """Claims as Redis keys with an 8-day expiry (a day more than ``MAX_MESSAGE_AGE``'s default)."""

    def __init__(self, url: str, ttl_seconds: int = 8 * 24 * 3600, prefix: str = "studio:processed:") -> None:
        self.url, self.ttl, self.prefix = url, ttl_seconds, prefix
        self._client: Any = None

    async def first_time(self, channel: str, message_id: str) -> bool:
        try:
            if self._client is None:
                from redis import asyncio as redis_asyncio

                self._client = redis_asyncio.from_url(self.url)
            created = await self._client.set(f"{self.prefix}{channel}:{message_id}", "1", nx=True, ex=self.ttl)
            return bool(created)
        except Exception:
            logger.exception("Could not record a processed message id in Redis; handling the message anyway")
            return True


def guard_from_env(env: Mapping[str, str]) -> ReplayGuard:
    """Redis if ``REDIS_URL`` is set, else the SQL table if ``DATABASE_URL`` is set, else memory."""
    redis_url: Optional[str] = env.get("REDIS_URL")
    if redis_url:
        return RedisGuard(redis_url)
    database_url = env.get("DATABASE_URL")
    if database_url:
        return SqlGuard(database_url)
    return MemoryGuard()
