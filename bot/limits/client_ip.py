"""The client's address: the peer's, or the one a trusted local proxy forwarded."""
from __future__ import annotations

from typing import Iterable, Optional

MAX_LENGTH = 64


def client_ip(peer: Optional[str], forwarded_for: Optional[str], trusted_proxies: Iterable[str]) -> str:
    """The peer address, or the last ``X-Forwarded-For`` entry when the peer is a trusted proxy.

    Only the last entry is taken: it is the one our own proxy appended, the
    earlier ones are whatever the client claimed. Anyone else's header is ignored,
    so a visitor cannot pick the address they are counted under.
    """
    peer = (peer or "").strip()[:MAX_LENGTH] or "unknown"
    if forwarded_for and peer in set(trusted_proxies):
        last = forwarded_for.split(",")[-1].strip()[:MAX_LENGTH]
        if last:
            return last
    return peer
