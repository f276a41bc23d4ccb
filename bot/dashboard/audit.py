"""The audit log: who did what to which lead, and when. Never health data, never names."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import Session

from bot.store.models import AuditEntry

ACTION_LABELS = {
    "login": "Signed in",
    "login_failed": "Failed sign-in",
    "login_code_failed": "Wrong sign-in code",
    "recovery_code_used": "Signed in with a recovery code",
    "logout": "Signed out",
    "logout_all": "Signed out of all devices",
    "view_lead": "Viewed a lead",
    "status": "Changed a status",
    "note": "Added a note",
    "follow_up": "Set a follow-up date",
    "followup_sent": "Sent a follow-up message",
    "followup_failed": "A follow-up message failed",
    "followup_cancel": "Cancelled a follow-up message",
    "followup_add": "Added a follow-up message",
    "followup_move": "Moved a follow-up message",
    "visit_confirmed": "Visitor confirmed a consultation (e-mail link)",
    "visit_cancelled": "Visitor cancelled a consultation (e-mail link)",
    "visit_cancel_failed": "Visitor asked to cancel (booking system unreachable)",
    "followup_stop": "Visitor stopped follow-ups",
    "session_done": "Marked a treatment session done",
    "erase": "Erased a lead",
    "export": "Exported leads (CSV)",
    "booking": "Decided a booking request",
    "handoff": "Closed a handoff request",
    "view_conversation": "Viewed a live conversation",
    "takeover": "Took over a chat",
    "live_reply": "Replied in a chat",
    "handback": "Handed a chat back to the assistant",
    "notice": "Told a visitor an outcome",
    "password_change": "Changed their password",
    "totp_enrol": "Set up a second factor",
    "recovery_codes": "Made new recovery codes",
    "account_create": "Created an account",
    "role": "Changed a role",
    "password_reset": "Reset a password",
    "totp_reset": "Reset a second factor",
    "account_delete": "Deleted an account",
}
PAGE_SIZE = 50


def add(session: AsyncSession | Session, actor: str, action: str, target: str = "", details: str = "") -> None:
    """Add an entry within the caller's transaction (the command-line tools pass a synchronous session)."""
    session.add(AuditEntry(actor=actor[:100], action=action[:32], target=target[:255], details=details))


async def record(sessions: async_sessionmaker[AsyncSession], actor: str, action: str, target: str = "",
                 details: str = "") -> None:
    async with sessions.begin() as session:
        add(session, actor, action, target, details)


@dataclass
class AuditPage:
    entries: Sequence[AuditEntry]
    page: int
    pages: int
    total: int


async def entries(session: AsyncSession, page: int = 1, action: str = "") -> AuditPage:
    where = [AuditEntry.action == action] if action else []
    total = await session.scalar(select(func.count()).select_from(AuditEntry).where(*where)) or 0
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(page, 1), pages)
    rows = (await session.scalars(select(AuditEntry).where(*where)
                                  .order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
                                  .offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE))).all()
    return AuditPage(rows, page, pages, total)
