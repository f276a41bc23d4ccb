"""The customer-service window: free-form replies only within 24 hours of the visitor's last message.

Standard library only. WhatsApp (and Messenger's standard messaging) reject
free-form messages outside the window; outside it a business may only send an
approved template. The connector records every inbound message and asks
:meth:`ServiceWindow.decide` before each send.

This record lives in the Rasa process's memory: a visitor not seen since the
process started counts as outside the window (replies to a message that has
just arrived are always inside). The connectors use it through
:class:`bot.channels.shared.SharedWindow`, which keeps it in Redis too when
``REDIS_URL`` is set, so every replica gives the same answer.
"""
from __future__ import annotations

import math
import time
from collections import OrderedDict
from typing import Callable, Optional

OPEN, TEMPLATE, CLOSED = "open", "template", "closed"
DAY = 24 * 3600.0


class ServiceWindow:
    """Last inbound time per visitor, and what may be sent to them now."""

    def __init__(self, seconds: float = DAY, capacity: int = 100_000,
                 clock: Callable[[], float] = time.time) -> None:
        self.seconds = seconds
        self.capacity = capacity
        self.clock = clock
        self._last: OrderedDict[str, float] = OrderedDict()
        self._template_sent: set[str] = set()

    def inbound(self, visitor: str, at: Optional[float] = None) -> None:
        """The visitor wrote at ``at`` (seconds since the epoch; now if unknown or in the future)."""
        now = self.clock()
        at = now if at is None or not math.isfinite(at) or at > now else at
        if at >= self._last.get(visitor, 0.0):
            self._last[visitor] = at
        self._last.move_to_end(visitor)
        self._template_sent.discard(visitor)
        while len(self._last) > self.capacity:
            old, _ = self._last.popitem(last=False)
            self._template_sent.discard(old)

    def learn(self, visitor: str, at: Optional[float]) -> None:
        """An inbound time known from elsewhere (the tracker store: another replica, or before a restart)."""
        if at is not None and math.isfinite(at) and at > self._last.get(visitor, 0.0):
            self.inbound(visitor, at)

    def is_open(self, visitor: str) -> bool:
        last = self._last.get(visitor)
        return last is not None and self.clock() - last < self.seconds

    def decide(self, visitor: str, template_configured: bool = False) -> str:
        """``open`` (send freely), ``template`` (send the template once instead) or ``closed`` (drop)."""
        if self.is_open(visitor):
            return OPEN
        if template_configured and visitor not in self._template_sent:
            return TEMPLATE
        return CLOSED

    def template_sent(self, visitor: str) -> None:
        """No further template until the visitor writes again."""
        self._template_sent.add(visitor)
