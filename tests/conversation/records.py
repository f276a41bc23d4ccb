"""What a conversation test reads back: the replies' text, and the rows stored for one conversation."""
from __future__ import annotations

from typing import Any, Optional

from tests.harness import Assistant, Conversation


def text(replies: list[dict[str, Any]]) -> str:
    return "\n".join(r.get("text") or "" for r in replies)


def rows(assistant: Assistant, table: str, chat: Conversation) -> list[dict[str, Any]]:
    return assistant.rows(f"SELECT * FROM {table} WHERE conversation_id = :c ORDER BY created_at", c=chat.sender_id)


def lead(assistant: Assistant, chat: Conversation) -> Optional[dict[str, Any]]:
    found = rows(assistant, "leads", chat)
    return found[0] if found else None
