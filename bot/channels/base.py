"""What every messaging connector of ours shares (Rasa environment): replay guard, numbered choices, window.

A connector verifies and parses its webhook, then hands each message to
:meth:`Messaging.deliver`, which claims the message id (replays are dropped),
records the visitor's inbound time, turns "2" into the second button's payload
and passes the message to Rasa.
"""
from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

from rasa.core.channels.channel import OutputChannel, UserMessage
from sanic import Blueprint

from bot.channels.buttons import Choice, ChoiceMemory, choices
from bot.channels.http import Sender
from bot.channels.idempotency import ReplayGuard, guard_from_env
from bot.channels.window import ServiceWindow

logger = logging.getLogger(__name__)
OnNewMessage = Callable[[UserMessage], Awaitable[Any]]


@dataclass
class Messaging:
    """The per-channel state shared by the input side (webhook) and the output side (replies)."""

    channel: str
    guard: ReplayGuard = field(default_factory=lambda: guard_from_env(os.environ))
    memory: ChoiceMemory = field(default_factory=ChoiceMemory)
    window: ServiceWindow = field(default_factory=ServiceWindow)
    sender: Sender = field(default_factory=Sender)

    async def deliver(self, on_new_message: OnNewMessage, output: OutputChannel, visitor: str, text: str,
                      message_id: str, sent_at: Optional[float] = None, claimed: bool = False) -> bool:
        """Hand one inbound message to Rasa unless it was handled before; returns whether it was handled.

        ``claimed``: the caller has already claimed ``message_id`` with :meth:`claim`.
        """
        if not claimed and not await self.claim(message_id):
            return False
        self.window.inbound(visitor, sent_at)
        text = self.memory.resolve(visitor, text)
        self.memory.begin_turn(visitor)
        try:
            await on_new_message(UserMessage(text, output, visitor, input_channel=self.channel,
                                             message_id=message_id))
        except Exception:
            logger.exception("%s: handling a message failed", self.channel)
        finally:
            self.memory.end_turn(visitor)
        return True

    async def claim(self, message_id: str) -> bool:
        """Whether ``message_id`` is new (and now taken); a replay is logged and refused."""
        if await self.guard.first_time(self.channel, message_id):
            return True
        logger.info("%s: message %s already handled, replay ignored", self.channel, message_id)
        return False

    def remember(self, visitor: str, options: list[Choice]) -> None:
        self.memory.remember(visitor, options)

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
        self.state.remember(recipient_id, options)
        await self._send(recipient_id, text or "", options)

    async def send_quick_replies(self, recipient_id: Text, text: Text, quick_replies: List[Dict[Text, Any]],
                                 **kwargs: Any) -> None:
        await self.send_text_with_buttons(recipient_id, text, quick_replies, **kwargs)
