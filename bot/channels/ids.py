"""Conversation ids from the platforms: checked before they name a conversation. Standard library only.

A signed webhook still gets the same rule as the REST channel: 1-128 letters,
digits or ``. _ - @ : +`` (phone numbers, ``whatsapp:+44…``, numeric chat ids,
page-scoped ids), so no odd value becomes a tracker's sender id.
"""
from __future__ import annotations

import re
from typing import Any, Optional

SENDER = re.compile(r"^[\w.@:+\-]{1,128}$")


def conversation_id(value: Any) -> Optional[str]:
    """``value`` as a conversation id (a number or a string of the allowed characters), else None."""
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        return None
    text = str(value)
    return text if SENDER.fullmatch(text) else None
