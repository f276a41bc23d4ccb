"""The dashboard's clock: session expiry, sign-in steps and TOTP codes all read it.

Tests move it forward instead of sleeping (``clock.advance(31 * 60)``).
"""
from __future__ import annotations

import time
from datetime import datetime, timezone


class Clock:
    def __init__(self) -> None:
        self.offset = 0.0

    def now(self) -> float:
        """Seconds since the epoch (``time.time()`` plus any offset a test added)."""
        return time.time() + self.offset

    def utcnow(self) -> datetime:
        return datetime.fromtimestamp(self.now(), timezone.utc)

    def advance(self, seconds: float) -> None:
        self.offset += seconds
