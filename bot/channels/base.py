"""What every messaging connector of ours shares (Rasa environment): replay guard, limits, choices, window.

A connector verifies and parses its webhook, then hands each message to
:meth:`Messaging.deliver`, which drops messages older than ``MAX_MESSAGE_AGE``
and replays (each message id is claimed once), records the visitor's inbound
time, asks the shared :class:`~bot.limits.Gate` (an over-long message or one
beyond the conversation's rate gets a kind reply instead: the rate reply once
per window, not per message), turns "2" into the second button's payload and
passes the message to Rasa. A message the bot cannot read (media) goes through
:meth:`Messaging.unreadable` with the same checks.
"""
from __future__ import annotations

import logging
import os
import time
from dataclasses import dataclass, field
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

from rasa.core.channels.channel import OutputChannel, UserMessage
from sanic import Blueprint

from bot.channels.buttons import Choice, choices
from bot.channels.http import Sender
from bot.channels.idempotency import ReplayGuard, guard_from_env
from bot.channels.shared import SharedChoices, SharedWindow, choices_from_env, window_from_env
from bot.channels.whatsapp_payloads import TEXT_ONLY_REPLY
from bot.limits import Gate, shared_gate, well_formed

logger = logging.getLogger(__name__)
OnNewMessage = Callable[[UserMessage], Awaitable[Any]]


@dataclass
class Messaging:
    """The per-channel state shared by the input side (webhook) and the output side (replies)."""

    channel: str
    guard: ReplayGuard = field(default_factory=lambda: guard_from_env(os.environ))
    # shared by every replica through Redis when REDIS_URL is set (bot/channels/shared.py)
    memory: SharedChoices = field(default_factory=lambda: choices_from_env(os.environ))
    window: SharedWindow = field(default_factory=lambda: window_from_env(os.environ))
    sender: Sender = field(default_factory=Sender)
    gate: Gate = field(default_factory=shared_gate)

    async def deliver(self, on_new_message: OnNewMessage, output: OutputChannel, visitor: str, text: str,
                      message_id: str, sent_at: Optional[float] = None, claimed: bool = False) -> bool:
        """Hand one inbound message to Rasa unless it is stale or was handled before; returns whether it was new.

        ``claimed``: the caller has already claimed ``message_id`` with :meth:`claim`.
        A message refused by the limits counts as handled: the visitor got the kind reply.
        """
        if not await self._fresh_and_new(message_id, sent_at, claimed):
            return False
        await self.window.inbound(visitor, sent_at)
        if not well_formed(text):
            logger.info("%s: message %.64s is not text that can be stored, ignored", self.channel, message_id)
            return True
        if not await self.admit(output, visitor, text):
            return True
        text = await self.memory.resolve(visitor, text)
        await self.memory.begin_turn(visitor)
        try:
            await on_new_message(UserMessage(text, output, visitor, input_channel=self.channel,
                                             message_id=message_id))
        except Exception as error:          # the type only: an error message could quote the visitor
            logger.error("%s: handling a message failed (%s)", self.channel, type(error).__name__)
            logger.debug("%s: handling a message failed", self.channel, exc_info=True)
        finally:
            await self.memory.end_turn(visitor)
        return True

    async def unreadable(self, output: OutputChannel, visitor: str, message_id: str,
                         sent_at: Optional[float] = None, claimed: bool = False) -> None:
        """A message the bot cannot read (media, stickers): the text-only reply, with the same checks."""
        if not await self._fresh_and_new(message_id, sent_at, claimed):
            return
        await self.window.inbound(visitor, sent_at)
        if await self.admit(output, visitor, ""):
            await output.send_text_message(visitor, TEXT_ONLY_REPLY)

    async def admit(self, output: OutputChannel, visitor: str, text: str) -> bool:
        """Whether the limits let this message through; if not, the visitor gets the kind reply (if due)."""
        decision = await self.gate.check(self.channel, visitor, text, notify_once=True)
        if decision.accepted:
            return True
        logger.info("%s: a message was refused (%s, %d characters)", self.channel, decision.verdict.value,
                    len(text))
        if decision.reply:
            await output.send_text_message(visitor, decision.reply)
        return False

    async def _fresh_and_new(self, message_id: str, sent_at: Optional[float], claimed: bool) -> bool:
        if sent_at is not None and time.time() - sent_at > self.gate.limits.max_message_age:
            logger.info("%s: message %.64s is older than MAX_MESSAGE_AGE, ignored", self.channel, message_id)
            return False
        return claimed or await self.claim(message_id)

    async def claim(self, message_id: str) -> bool:
        """Whether ``message_id`` is new (and now taken); a replay is logged and refused."""
        if await self.guard.first_time(self.channel, message_id):
            return True
        logger.info("%s: message %.64s already handled, replay ignored", self.channel, message_id)
        return False

    async def remember(self, visitor: str, options: list[Choice]) -> None:
        await self.memory.remember(visitor, options)

    def close_on_stop(self, blueprint: Blueprint) -> None:
        """Close the HTTP client sessions when the server stops."""
        @blueprint.listener("after_server_stop")
        async def _close(*_: Any) -> None:
            await self.sender.close()


class ChoiceOutput(OutputChannel):
    """Rasa's output methods for connectors that send text plus a list of choices through one ``_send``.

    Buttons are remembered per visitor, so a typed "2" can pick the second one.
    """

    state: Messaging

    async def _send(self, recipient_id: Text, text: str, options: List[Choice]) -> None:
        raise NotImplementedError

    async def send_text_message(self, recipient_id: Text, text: Text, **kwargs: Any) -> None:
        await self._send(recipient_id, text, [])

    async def send_text_with_buttons(self, recipient_id: Text, text: Text, buttons: List[Dict[Text, Any]],
                                     **kwargs: Any) -> None:
        options = choices(buttons)
        await self.state.remember(recipient_id, options)
        await self._send(recipient_id, text or "", options)

    async def send_quick_replies(self, recipient_id: Text, text: Text, quick_replies: List[Dict[Text, Any]],
                                 **kwargs: Any) -> None:
        await self.send_text_with_buttons(recipient_id, text, quick_replies, **kwargs)
