"""What a visitor is told when a limit stops their message (never silence)."""
from __future__ import annotations

TOO_FAST = ("You're sending messages faster than I can read them; give me a few seconds, "
            "then send your message again.")


def too_long_reply(max_chars: int) -> str:
    return ("That's a long message, and I'd like to read it properly — could you send it in a few shorter parts "
            f"(up to about {max_chars} characters each)?")
