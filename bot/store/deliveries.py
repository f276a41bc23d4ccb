"""Signed webhook deliveries already processed: each one is processed once (table ``webhook_deliveries``).

A captured delivery keeps a valid signature for ever, so a replay would redo
what it did (bring back a cancelled booking, move a booking back). The
receiver claims the delivery's id here before acting on it: the insert fails
on the primary key for a delivery seen before. Ids are ``<source>:<id>``; for
Cal.com, which sends no delivery id, the id is the SHA-256 of the signed body.
Rows outlive the age limit of their deliveries (older ones are refused anyway)
and are then pruned.
"""
from __future__ import annotations

import hashlib
from datetime import datetime, timedelta
from typing import Optional

from sqlalchemy import DateTime, Index, String, delete
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import Mapped, mapped_column

from bot.store.models import Base, utcnow

#: rows are kept this long, far beyond any delivery's age limit
KEEP = timedelta(days=2)
PRUNE_EVERY = 200


class WebhookDelivery(Base):
    """One processed delivery (migration 0004)."""

    __tablename__ = "webhook_deliveries"

    delivery_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    source: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    __table_args__ = (Index("ix_webhook_deliveries_created_at", "created_at"),)


def body_id(body: bytes) -> str:
    """A delivery id for a platform that sends none: the SHA-256 of the signed body."""
    return "sha256:" + hashlib.sha256(body).hexdigest()


def _key(source: str, delivery_id: str) -> str:
    return f"{source}:{delivery_id}"[:255]


class DeliveryLog:
    """Claims and releases delivery ids in the leads store."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self.sessions = sessions
        self._claims = 0

    async def claim(self, source: str, delivery_id: str, now: Optional[datetime] = None) -> bool:
        """True if the delivery is new (it is now recorded), False if it was processed before."""
        now = now or utcnow()
        try:
            async with self.sessions.begin() as session:
                session.add(WebhookDelivery(delivery_id=_key(source, delivery_id), source=source[:32], created_at=now))
        except IntegrityError:
            return False
        self._claims += 1
        if self._claims % PRUNE_EVERY == 1:
            await self.prune(now - KEEP)
        return True

    async def release(self, source: str, delivery_id: str) -> None:
        """Forget a claim whose processing failed, so that the platform's retry is processed."""
        async with self.sessions.begin() as session:
            await session.execute(delete(WebhookDelivery).where(
                WebhookDelivery.delivery_id == _key(source, delivery_id)))

    async def prune(self, before: datetime) -> int:
        async with self.sessions.begin() as session:
            result = await session.execute(delete(WebhookDelivery).where(WebhookDelivery.created_at < before))
        return int(result.rowcount or 0)  # type: ignore[attr-defined]
