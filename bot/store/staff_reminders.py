"""Which reminders about unanswered chats and requests went out (table ``staff_reminders``, migration 0011).

One row per reminded item, keyed by what it is ("handoff:12", "booking:<id>", "chat:<ref>:<since>": a chat's
keyed reference, never its id, which can be a phone number). The primary key makes a reminder go once per item
however many web processes look at the same moment: whoever inserts the row sends it.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Iterable, Optional

from sqlalchemy import DateTime, String, delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import Mapped, mapped_column

from bot.store.models import Base, utcnow

Sessions = async_sessionmaker[AsyncSession]
MAX_ITEM = 80


class StaffReminder(Base):
    __tablename__ = "staff_reminders"

    item: Mapped[str] = mapped_column(String(MAX_ITEM), primary_key=True)
    sent_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


async def sent(sessions: Sessions, items: Iterable[str]) -> set[str]:
    """Those of ``items`` already reminded."""
    wanted = list(items)
    if not wanted:
        return set()
    async with sessions() as session:
        return set((await session.scalars(select(StaffReminder.item).where(StaffReminder.item.in_(wanted)))).all())


async def claim(sessions: Sessions, item: str, now: Optional[datetime] = None) -> bool:
    """True when this process is the one to send the reminder for ``item`` (nobody has)."""
    try:
        async with sessions.begin() as session:
            session.add(StaffReminder(item=item[:MAX_ITEM], sent_at=now or utcnow()))
    except IntegrityError:
        return False
    return True


async def prune(sessions: Sessions, days: int, now: Optional[datetime] = None) -> int:
    """Forget reminders sent more than ``days`` ago (their items are long answered or gone)."""
    cutoff = (now or utcnow()) - timedelta(days=days)
    async with sessions.begin() as session:
        result = await session.execute(delete(StaffReminder).where(StaffReminder.sent_at < cutoff))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
