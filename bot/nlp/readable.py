"""Whether a message has anything to read (stdlib only: used in both environments)."""
from __future__ import annotations

import re

_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def unreadable(text: str) -> bool:
    """True when ``text`` has no letters or digits, or is one run-on 'word' of 40+ characters."""
    words = _WORD.findall(text or "")
    if not words:
        return True
    return len(words) == 1 and len(words[0]) >= 40
