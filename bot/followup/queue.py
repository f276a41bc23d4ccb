"""The scheduled messages as a queue: add once, claim once, finish, retry, cancel, stop.

Exactly once, with any number of scheduler processes: a message is *claimed* (``scheduled`` → ``sending``) by
one process before it is sent, and only the process holding the claim may finish it.

* PostgreSQL: ``SELECT ... FOR UPDATE SKIP LOCKED`` picks due rows no other process is claiming, and they are
  marked ``sending`` in the same transaction;
* SQLite (and as the rule everywhere): each row is claimed with ``UPDATE ... SET state = 'sending' WHERE id = ?
  AND state = 'scheduled'``; a row counts as claimed only when that update changed it (SQLite's write lock
  makes it atomic).

A process that dies while sending leaves the row ``sending``: after :data:`STALE_AFTER` it is marked failed
("interrupted") rather than sent again, since the message may already have gone (at most once beats twice).
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Optional, Sequence

from sqlalchemy import ColumnElement, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.dashboard import audit
from bot.followup.models import (CANCELLED, FAILED, SCHEDULED, SENDING, SENT, FollowupStop, ScheduledMessage)
from bot.followup.timing import as_utc
from bot.store.models import utcnow

Sessions = async_sessionmaker[AsyncSession]
STALE_AFTER = timedelta(minutes=15)
ACTOR = "scheduler"


@dataclass(frozen=True)
class Planned:
    """A message that should exist (see :mod:`bot.followup.plan`)."""

    lead_id: str
    conversation_id: str
    kind: str
    dedupe_key: str
    due_at: datetime
    channel: str
    booking_id: Optional[str] = None
    ref_at: Optional[datetime] = None
    created_by: str = "assistant"


def worker_id() -> str:
    return uuid.uuid4().hex[:16]


async def add(session: AsyncSession, planned: Planned, now: Optional[datetime] = None) -> bool:
    """Insert it unless a message with its key exists (whoever got there first); True when inserted."""
    now = now or utcnow()
    values = dict(lead_id=planned.lead_id, conversation_id=planned.conversation_id, kind=planned.kind,
                  dedupe_key=planned.dedupe_key, due_at=as_utc(planned.due_at), channel=planned.channel,
                  booking_id=planned.booking_id, ref_at=as_utc(planned.ref_at) if planned.ref_at else None,
                  state=SCHEDULED, reason="", attempts=0, created_by=planned.created_by, created_at=now,
                  updated_at=now)
    dialect = session.bind.dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    result = await session.execute(insert(ScheduledMessage).values(**values)
                                   .on_conflict_do_nothing(index_elements=["dedupe_key"]))
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def cancel_where(session: AsyncSession, reason: str, *where: ColumnElement[bool]) -> int:
    """Cancel the scheduled messages matching ``where`` (never one being sent or already sent)."""
    result = await session.execute(update(ScheduledMessage).where(ScheduledMessage.state == SCHEDULED, *where)
                                   .values(state=CANCELLED, reason=reason[:500], updated_at=utcnow())
                                   .execution_options(synchronize_session=False))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


async def cancel_one(sessions: Sessions, message_id: int, lead_id: str, actor: str) -> bool:
    """The practitioner cancels one message of a lead; False when it was no longer scheduled."""
    async with sessions.begin() as session:
        done = await cancel_where(session, f"cancelled by {actor}", ScheduledMessage.id == message_id,
                                  ScheduledMessage.lead_id == lead_id)
        if done:
            audit.add(session, actor, "followup_cancel", lead_id, str(message_id))
    return bool(done)


async def stop(sessions: Sessions, lead_id: str, via: str, actor: str = ACTOR) -> int:
    """The visitor wants no more follow-ups: recorded once, and everything still scheduled is cancelled."""
    async with sessions.begin() as session:
        if await session.get(FollowupStop, lead_id) is None:
            session.add(FollowupStop(lead_id=lead_id, via=via[:16]))
            audit.add(session, actor, "followup_stop", lead_id, via)
        return await cancel_where(session, f"the visitor asked to stop ({via})", ScheduledMessage.lead_id == lead_id)


async def stopped(session: AsyncSession, lead_id: str) -> bool:
    return await session.get(FollowupStop, lead_id) is not None


async def claim_due(sessions: Sessions, worker: str, now: datetime, limit: int = 20) -> list[int]:
    """Claim up to ``limit`` due messages for ``worker``; returns their ids (no other worker gets them)."""
    due = (select(ScheduledMessage.id).where(ScheduledMessage.state == SCHEDULED, ScheduledMessage.due_at <= now)
           .order_by(ScheduledMessage.due_at, ScheduledMessage.id).limit(limit))
    claim = dict(state=SENDING, claimed_by=worker, claimed_at=now, updated_at=now,
                 attempts=ScheduledMessage.attempts + 1)
    async with sessions.begin() as session:
        if session.bind.dialect.name == "postgresql":
            ids = list((await session.scalars(due.with_for_update(skip_locked=True))).all())
            if ids:
                await session.execute(update(ScheduledMessage).where(ScheduledMessage.id.in_(ids))
                                      .values(**claim).execution_options(synchronize_session=False))
            return ids
    async with sessions() as session:
        candidates = list((await session.scalars(due)).all())
    claimed: list[int] = []
    for message_id in candidates:
        async with sessions.begin() as session:
            result = await session.execute(
                update(ScheduledMessage).where(ScheduledMessage.id == message_id, ScheduledMessage.state == SCHEDULED)
                .values(**claim).execution_options(synchronize_session=False))
            if result.rowcount == 1:  # type: ignore[attr-defined]
                claimed.append(message_id)
    return claimed


async def _finish(sessions: Sessions, message_id: int, worker: str, values: dict[str, object],
                  audit_action: str, details: str) -> bool:
    async with sessions.begin() as session:
        result = await session.execute(
            update(ScheduledMessage).where(ScheduledMessage.id == message_id, ScheduledMessage.state == SENDING,
                                           ScheduledMessage.claimed_by == worker)
            .values(updated_at=utcnow(), **values).execution_options(synchronize_session=False))
        if result.rowcount != 1:  # type: ignore[attr-defined]
            return False
        lead_id = await session.scalar(select(ScheduledMessage.lead_id).where(ScheduledMessage.id == message_id))
        audit.add(session, ACTOR, audit_action, lead_id or "", details)
    return True


async def mark_sent(sessions: Sessions, message_id: int, worker: str, channel: str, kind: str,
                    now: datetime) -> bool:
    return await _finish(sessions, message_id, worker, {"state": SENT, "sent_at": now, "channel": channel,
                                                        "reason": ""},
                         "followup_sent", f"{kind} by {channel}")


async def mark_failed(sessions: Sessions, message_id: int, worker: str, kind: str, reason: str) -> bool:
    return await _finish(sessions, message_id, worker, {"state": FAILED, "reason": reason[:500]},
                         "followup_failed", f"{kind}: {reason}"[:500])


async def mark_cancelled(sessions: Sessions, message_id: int, worker: str, reason: str) -> bool:
    """Cancelled when it came up (its booking was cancelled, the visitor said stop...): no audit entry of a send."""
    async with sessions.begin() as session:
        result = await session.execute(
            update(ScheduledMessage).where(ScheduledMessage.id == message_id, ScheduledMessage.state == SENDING,
                                           ScheduledMessage.claimed_by == worker)
            .values(state=CANCELLED, reason=reason[:500], updated_at=utcnow())
            .execution_options(synchronize_session=False))
        return result.rowcount == 1  # type: ignore[attr-defined]


async def retry_later(sessions: Sessions, message_id: int, worker: str, due_at: datetime, reason: str,
                      count_attempt: bool = True) -> bool:
    """Back to ``scheduled`` for ``due_at`` (a failed attempt, or quiet hours: then the attempt is not counted)."""
    values: dict[str, object] = {"state": SCHEDULED, "due_at": due_at, "reason": reason[:500],
                                 "claimed_by": None, "claimed_at": None}
    if not count_attempt:
        values["attempts"] = ScheduledMessage.attempts - 1
    async with sessions.begin() as session:
        result = await session.execute(
            update(ScheduledMessage).where(ScheduledMessage.id == message_id, ScheduledMessage.state == SENDING,
                                           ScheduledMessage.claimed_by == worker)
            .values(updated_at=utcnow(), **values).execution_options(synchronize_session=False))
        return result.rowcount == 1  # type: ignore[attr-defined]


async def fail_stale(sessions: Sessions, now: datetime) -> int:
    """Messages left ``sending`` by a process that stopped: failed, not sent again (they may have gone)."""
    async with sessions.begin() as session:
        result = await session.execute(
            update(ScheduledMessage).where(ScheduledMessage.state == SENDING,
                                           ScheduledMessage.claimed_at < now - STALE_AFTER)
            .values(state=FAILED, reason="interrupted while sending; not retried so that it cannot go twice",
                    updated_at=now).execution_options(synchronize_session=False))
        return int(result.rowcount or 0)  # type: ignore[attr-defined]


async def for_lead(session: AsyncSession, lead_id: str) -> Sequence[ScheduledMessage]:
    return (await session.scalars(select(ScheduledMessage).where(ScheduledMessage.lead_id == lead_id)
                                  .order_by(ScheduledMessage.due_at.desc(), ScheduledMessage.id.desc()))).all()
