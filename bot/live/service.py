"""Take over, reply, hand back: the relay call, the ``takeovers`` row and the audit entry of each.

One practitioner answers a conversation at a time (the ``takeovers`` row);
anyone signed in may hand it back. What the practitioner typed is never put in
the audit log or the application log: only who, which conversation (the lead's
id, else the conversation's reference) and how it was delivered.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Optional

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.dashboard import audit
from bot.live.relay_client import RelayAnswer, RelayClient, RelayError
from bot.settings import Settings
from bot.store import takeovers
from bot.store.models import Lead

log = logging.getLogger(__name__)
Sessions = async_sessionmaker[AsyncSession]
MAX_REPLY = 2000
#: accounts whose names say nothing to a visitor: the practitioner's first name is shown instead
GENERIC_ACCOUNTS = {"admin", "administrator", "owner", "staff", "studio", "reception", "team", "root"}

DELIVERY = {
    "delivered": ("Sent.", "success"),
    "not_connected": ("Saved in the conversation, but the visitor's chat is not open right now: they may not see "
                      "it. For news that matters, use their email or phone.", "info"),
    "template": ("Outside WhatsApp's 24-hour window only a template message can be sent: the studio's template "
                 "was sent instead of your text. Your messages reach them once they reply.", "info"),
    "closed": ("Outside the 24-hour window only a template message can be sent, and none can go now (none is "
               "configured, or it was sent already). Nothing was sent.", "error"),
    "unsupported": ("This conversation's channel cannot receive live messages.", "error"),
    "failed": ("The message could not be sent. Please try again.", "error"),
}


@dataclass(frozen=True)
class Done:
    ok: bool
    message: str
    kind: str = "success"           # success | info | error (the dashboard's flash kinds)
    delivery: Optional[str] = None


def staff_name(username: str, settings: Settings) -> str:
    """How the visitor sees the practitioner: the account's name, or the practitioner's first name."""
    if username.lower() in GENERIC_ACCOUNTS:
        first = str(settings.practitioner.get("name") or "").split(" ")[0]
        return first or "Someone"
    return username[:1].upper() + username[1:]


def _told(answer: RelayAnswer) -> Done:
    message, kind = DELIVERY.get(answer.delivery or "", ("Done.", "success"))
    return Done(kind != "error", message, kind, answer.delivery)


def _refused(error: RelayError) -> Done:
    if error.status == 0:
        return Done(False, "The assistant's server cannot be reached right now. Please try again.", "error")
    if error.status == 404:
        return Done(False, "This conversation is no longer stored (it may have been erased).", "error")
    if error.status == 409 and "channel" in error.reason:
        return Done(False, DELIVERY["unsupported"][0], "error")
    if error.status == 409:
        return Done(False, "The assistant is answering this chat: take it over first.", "error")
    return Done(False, "That did not work. Please try again.", "error")


class Live:
    """The practitioner's actions on one conversation."""

    def __init__(self, sessions: Sessions, relay: RelayClient, settings: Settings) -> None:
        self.sessions, self.relay, self.settings = sessions, relay, settings

    async def target(self, conversation_id: str, reference: str) -> str:
        """What the audit log names: the lead's id, else the conversation's reference (never a phone number)."""
        async with self.sessions() as session:
            lead_id = await session.scalar(select(Lead.id).where(Lead.conversation_id == conversation_id))
        return lead_id or f"conversation {reference}"

    async def take_over(self, conversation_id: str, reference: str, channel: str, username: str) -> Done:
        current = await takeovers.active(self.sessions, conversation_id)
        if current is not None:
            if current.taken_by == username:
                return Done(True, "You are answering this chat.", "info")
            return Done(False, f"{current.taken_by} is answering this chat.", "info")
        row = await takeovers.start(self.sessions, conversation_id, channel, username)
        if row is None:
            return Done(False, "Someone else has just taken over this chat.", "info")
        try:
            answer = await self.relay.take_over(conversation_id, staff_name(username, self.settings))
        except RelayError as error:
            await takeovers.discard(self.sessions, row.id)
            log.warning("takeover failed: relay %s", error.status)
            return _refused(error)
        await audit.record(self.sessions, username, "takeover", await self.target(conversation_id, reference),
                           f"{answer.channel or channel or 'unknown channel'}; joined message {answer.delivery}")
        told = _told(answer)
        note = "You are answering this chat: the assistant stays silent until you hand back."
        return Done(True, note if told.kind == "success" else f"{note} {told.message}",
                    "success" if told.kind == "success" else told.kind, answer.delivery)

    async def reply(self, conversation_id: str, reference: str, username: str, text: str) -> Done:
        text = text.strip()
        if not text or len(text) > MAX_REPLY:
            return Done(False, f"A reply needs some text (at most {MAX_REPLY} characters).", "error")
        current = await takeovers.active(self.sessions, conversation_id)
        if current is None:
            return Done(False, "Take over the chat before replying.", "error")
        if current.taken_by != username:
            return Done(False, f"{current.taken_by} is answering this chat.", "error")
        try:
            answer = await self.relay.reply(conversation_id, staff_name(username, self.settings), text)
        except RelayError as error:
            log.warning("live reply failed: relay %s", error.status)
            return _refused(error)
        await takeovers.touch(self.sessions, current.id)
        await audit.record(self.sessions, username, "live_reply", await self.target(conversation_id, reference),
                           f"{answer.channel or 'unknown channel'}; {answer.delivery}")
        return _told(answer)

    async def hand_back(self, conversation_id: str, reference: str, username: str, reason: str = "handback") -> Done:
        current = await takeovers.active(self.sessions, conversation_id)
        taker = current.taken_by if current is not None else username
        try:
            answer = await self.relay.hand_back(conversation_id, staff_name(taker, self.settings))
        except RelayError as error:
            if error.status != 404 or current is None:
                log.warning("hand-back failed: relay %s", error.status)
                return _refused(error)
            answer = RelayAnswer(None, False, None)          # the conversation is gone: just close the row
        if current is not None:
            await takeovers.end(self.sessions, current.id, username, reason)
        details = f"{answer.channel or 'unknown channel'}; " + ("idle" if reason == "idle" else "by hand")
        await audit.record(self.sessions, username, "handback", await self.target(conversation_id, reference),
                           details)
        return Done(True, "The assistant is answering this chat again.", "success", answer.delivery)
