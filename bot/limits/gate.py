"""The one check every channel makes before a message reaches NLU.

:meth:`Gate.check` counts the message against its conversation and its client
address, then looks at its length, and says what to do: process it, or send
the visitor the kind reply it carries. Channels that answer synchronously (the
widget, REST) send the reply every time; messaging apps ask with
``notify_once=True`` and send it once per window, not once per message (a
reply costs a platform API call and the visitor only needs telling once).
"""
from __future__ import annotations

import enum
import hashlib
import os
from dataclasses import dataclass
from typing import Mapping, Optional

from bot.limits.client_ip import client_ip
from bot.limits.config import Limits
from bot.limits.rate import RateLimiter, limiter_from_env
from bot.limits.replies import TOO_FAST, too_long_reply

MAX_KEY_PART = 128


class Verdict(str, enum.Enum):
    accept = "accept"
    too_long = "too_long"
    too_fast = "too_fast"


@dataclass(frozen=True)
class Decision:
    verdict: Verdict
    reply: Optional[str] = None       # what to tell the visitor (None: nothing, they were told already)
    retry_after: float = 0.0

    @property
    def accepted(self) -> bool:
        return self.verdict is Verdict.accept


ACCEPT = Decision(Verdict.accept)


def _key(part: str) -> str:
    """Keys stay short whatever a platform sends as an id."""
    if len(part) <= MAX_KEY_PART:
        return part
    return "sha256:" + hashlib.sha256(part.encode("utf-8", "replace")).hexdigest()


class Gate:
    """Message length and rates for every channel of one process."""

    def __init__(self, limits: Limits, limiter: RateLimiter) -> None:
        self.limits, self.limiter = limits, limiter

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> "Gate":
        return cls(Limits.from_env(env), limiter_from_env(env))

    def client_ip(self, peer: Optional[str], forwarded_for: Optional[str]) -> str:
        return client_ip(peer, forwarded_for, self.limits.trusted_proxies)

    def too_long(self, text: str) -> bool:
        return len(text) > self.limits.max_message_chars

    def check_length(self, text: str) -> Decision:
        """The length check alone (for callers whose rate is not limited)."""
        if self.too_long(text):
            return Decision(Verdict.too_long, too_long_reply(self.limits.max_message_chars))
        return ACCEPT

    async def check(self, channel: str, conversation: str, text: str, ip: Optional[str] = None,
                    notify_once: bool = False) -> Decision:
        """Count one message; whether to process it, and the kind reply if not.

        ``ip``: the client address (None for webhooks, which come from the platform's servers).
        """
        refused = await self._over_rate(channel, conversation, ip)
        if refused is not None:
            if notify_once and not await self.limiter.once(f"notice:{channel}:{_key(conversation)}",
                                                           self.limits.window_seconds):
                return Decision(Verdict.too_fast, None, refused)
            return Decision(Verdict.too_fast, TOO_FAST, refused)
        return self.check_length(text)

    async def _over_rate(self, channel: str, conversation: str, ip: Optional[str]) -> Optional[float]:
        """None when within both rates, else the seconds to wait."""
        window = self.limits.window_seconds
        if ip is not None and self.limits.per_ip > 0:
            hit = await self.limiter.hit(f"ip:{_key(ip)}", self.limits.per_ip, window)
            if not hit.allowed:
                return hit.retry_after
        if self.limits.per_conversation > 0:
            hit = await self.limiter.hit(f"conversation:{channel}:{_key(conversation)}",
                                         self.limits.per_conversation, window)
            if not hit.allowed:
                return hit.retry_after
        return None

    async def ip_allowed(self, ip: str) -> bool:
        """Whether ``ip`` may make one more unauthenticated attempt (nothing is counted)."""
        if self.limits.per_ip <= 0:
            return True
        return (await self.limiter.hit(f"ip:{_key(ip)}", self.limits.per_ip, self.limits.window_seconds,
                                       record=False)).allowed

    async def count_ip(self, ip: str) -> None:
        """Count a request ``ip`` made without valid credentials (a wrong token or signature)."""
        if self.limits.per_ip > 0:
            await self.limiter.hit(f"ip:{_key(ip)}", self.limits.per_ip, self.limits.window_seconds)


_shared: Optional[Gate] = None


def shared_gate() -> Gate:
    """The process's gate, built from the environment the first time it is asked for."""
    global _shared
    if _shared is None:
        _shared = Gate.from_env(os.environ)
    return _shared
