"""Who from the studio is answering a conversation in person (table ``takeovers``, migration 0006).

One row per takeover: who took over and when, the last thing they did, and how
it ended (handed back, or handed back by the idle job). At most one open row per
conversation (a partial unique index), so two practitioners cannot take over the
same chat at once. Rows go with the conversation on erasure.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Optional, Sequence

from sqlalchemy import DateTime, Index, Integer, String, delete, select, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import Mapped, mapped_column

from bot.store.models import Base, utcnow

Sessions = async_sessionmaker[AsyncSession]


class Takeover(Base):
    __tablename__ = "takeovers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    conversation_id: Mapped[str] = mapped_column(String(255), index=True)
    channel: Mapped[str] = mapped_column(String(32), default="")
    taken_by: Mapped[str] = mapped_column(String(100))
    taken_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_activity_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    ended_at: Mapped[Optional[datetime]] = mapped_column(DateTime(timezone=True))
    ended_by: Mapped[Optional[str]] = mapped_column(String(100))
    end_reason: Mapped[Optional[str]] = mapped_column(String(16))     # handback | idle

    __table_args__ = (
        Index("uq_takeovers_open", "conversation_id", unique=True,
              sqlite_where=text("ended_at IS NULL"), postgresql_where=text("ended_at IS NULL")),
    )


async def active(sessions: Sessions, conversation_id: str) -> Optional[Takeover]:
    async with sessions() as session:
        return await session.scalar(select(Takeover).where(Takeover.conversation_id == conversation_id,
                                                           Takeover.ended_at.is_(None)))


async def active_for(sessions: Sessions, conversation_ids: Sequence[str]) -> dict[str, Takeover]:
    if not conversation_ids:
        return {}
    async with sessions() as session:
        rows = (await session.scalars(select(Takeover).where(Takeover.conversation_id.in_(conversation_ids),
                                                             Takeover.ended_at.is_(None)))).all()
    return {row.conversation_id: row for row in rows}


async def start(sessions: Sessions, conversation_id: str, channel: str, username: str) -> Optional[Takeover]:
    """A new open takeover, or None when someone already has one for this conversation."""
    row = Takeover(conversation_id=conversation_id, channel=(channel or "")[:32], taken_by=username[:100])
    try:
        async with sessions.begin() as session:
            session.add(row)
    except IntegrityError:
        return None
    return row


async def touch(sessions: Sessions, takeover_id: int, at: Optional[datetime] = None) -> None:
    async with sessions.begin() as session:
        await session.execute(update(Takeover).where(Takeover.id == takeover_id)
                              .values(last_activity_at=at or utcnow()))


async def end(sessions: Sessions, takeover_id: int, by: str, reason: str) -> bool:
    """Close an open takeover; False if it was closed already."""
    async with sessions.begin() as session:
        result = await session.execute(update(Takeover).where(Takeover.id == takeover_id,
                                                              Takeover.ended_at.is_(None))
                                       .values(ended_at=utcnow(), ended_by=by[:100], end_reason=reason[:16]))
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def discard(sessions: Sessions, takeover_id: int) -> None:
    """Forget a takeover that never happened (the relay refused it)."""
    async with sessions.begin() as session:
        await session.execute(delete(Takeover).where(Takeover.id == takeover_id))


async def idle(sessions: Sessions, minutes: float, now: Optional[datetime] = None) -> list[Takeover]:
    """Open takeovers with nothing done for ``minutes``."""
    cutoff = (now or utcnow()) - timedelta(minutes=minutes)
    async with sessions() as session:
        return list((await session.scalars(select(Takeover).where(Takeover.ended_at.is_(None),
                                                                  Takeover.last_activity_at < cutoff))).all())


async def prune(sessions: Sessions, days: int, now: Optional[datetime] = None) -> int:
    """Forget takeovers that ended more than ``days`` ago."""
    cutoff = (now or utcnow()) - timedelta(days=days)
    async with sessions.begin() as session:
        result = await session.execute(delete(Takeover).where(Takeover.ended_at.is_not(None),
                                                              Takeover.ended_at < cutoff))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
