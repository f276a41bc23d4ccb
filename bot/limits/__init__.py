"""Limits on what visitors send: message length, request size and message rate. One place for every channel.

Every channel (the website widget over socket.io, the REST channel, WhatsApp
Cloud, Telegram, Twilio, Messenger) asks the same :class:`~bot.limits.gate.Gate`
before a message reaches NLU: an over-long message gets a kind reply and is not
processed or stored; a conversation or client address sending faster than the
configured rate gets a kind reply ("give me a few seconds") instead of an answer.

Standard library only (Redis is imported when ``REDIS_URL`` is used), so both
the Rasa environment and the app environment import it. Nothing happens at
import time: limits and stores are built from the environment when first asked.
"""
from __future__ import annotations

from bot.limits.config import Limits
from bot.limits.gate import Gate, Verdict, shared_gate
from bot.limits.replies import TOO_FAST, too_long_reply
from bot.limits.text import well_formed

__all__ = ["Gate", "Limits", "TOO_FAST", "Verdict", "shared_gate", "too_long_reply", "well_formed"]
