"""The limits, from environment variables with defaults that suit one studio's visitors.

========================== ======= ==========================================================
variable                   default meaning
========================== ======= ==========================================================
``MAX_MESSAGE_CHARS``      2000    longer messages get a kind reply and are not processed
``MAX_REQUEST_BYTES``      65536   larger request bodies (and socket.io packets) are refused
``RATE_LIMIT_CONVERSATION`` 30     messages per window per conversation (0: no limit)
``RATE_LIMIT_IP``          60      messages (or failed sign-ins to a webhook) per window per address
``RATE_LIMIT_WINDOW``      60      the window, in seconds
``RATE_LIMIT_REST``        off     also limit REST calls that carry the right bearer token
``RATE_LIMIT_TRUSTED_PROXIES`` 127.0.0.1,::1 peers whose ``X-Forwarded-For`` names the client
``MAX_MESSAGE_AGE``        604800  messaging-app messages older than this (seconds) are ignored
========================== ======= ==========================================================

A rate of N per window allows a burst of N, then one message every window/N seconds.
30 a minute per conversation: the intake is some 25 answers, most of them buttons, and a
quick visitor taps through it in about a minute; a flood is far faster than that.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Mapping

logger = logging.getLogger(__name__)
TRUE = {"1", "true", "yes", "on"}


def _int(env: Mapping[str, str], name: str, default: int, minimum: int = 0) -> int:
    raw = (env.get(name) or "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        logger.warning("%s is not a whole number; using %d", name, default)
        return default
    return max(minimum, value)


@dataclass(frozen=True)
class Limits:
    """What one process enforces; see the module docstring for the variables."""

    max_message_chars: int = 2000
    max_request_bytes: int = 64 * 1024
    per_conversation: int = 30
    per_ip: int = 60
    window_seconds: int = 60
    limit_rest: bool = False
    trusted_proxies: frozenset[str] = frozenset({"127.0.0.1", "::1"})
    max_message_age: int = 7 * 24 * 3600

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> "Limits":
        proxies = env.get("RATE_LIMIT_TRUSTED_PROXIES")
        return cls(
            max_message_chars=_int(env, "MAX_MESSAGE_CHARS", cls.max_message_chars, minimum=1),
            max_request_bytes=_int(env, "MAX_REQUEST_BYTES", cls.max_request_bytes, minimum=1024),
            per_conversation=_int(env, "RATE_LIMIT_CONVERSATION", cls.per_conversation),
            per_ip=_int(env, "RATE_LIMIT_IP", cls.per_ip),
            window_seconds=_int(env, "RATE_LIMIT_WINDOW", cls.window_seconds, minimum=1),
            limit_rest=(env.get("RATE_LIMIT_REST") or "").strip().lower() in TRUE,
            trusted_proxies=(frozenset(p.strip() for p in proxies.split(",") if p.strip())
                             if proxies is not None else cls.trusted_proxies),
            max_message_age=_int(env, "MAX_MESSAGE_AGE", cls.max_message_age, minimum=60),
        )
