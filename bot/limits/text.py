"""Whether a message is text at all: a string that can be stored and read back."""
from __future__ import annotations

from typing import Any, TypeGuard


def well_formed(text: Any) -> TypeGuard[str]:
    """A string without lone surrogates (JSON allows ``"\\ud800"``; UTF-8, the databases and NLU do not)."""
    if not isinstance(text, str):
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
