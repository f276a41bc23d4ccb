"""Answering what a request for a person asks, whatever the order and whichever are asked."""
from __future__ import annotations

from typing import Any

from tests.harness import Conversation


def said(replies: list[dict[str, Any]]) -> str:
    return "\n".join(r.get("text") or "" for r in replies)


def answer_person_questions(chat: Conversation, replies: list[dict[str, Any]],
                            answers: dict[str, str]) -> list[dict[str, Any]]:
    """Answer who to ask for, what about, how to reach and when; "skip" for what is not in ``answers``.

    Returns the replies to the last answer (the confirmation, once nothing more is asked).
    """
    for _ in range(6):
        text = said(replies).lower()
        if "ask for" in text:
            replies = chat.say(answers.get("name", "skip"))
        elif "talk about" in text:
            replies = chat.say(answers.get("reason", "skip"))
        elif "email address or" in text and "phone number" in text:
            replies = chat.say(answers["contact"])
        elif "good time" in text:
            replies = chat.say(answers.get("time", "skip"))
        else:
            break
    return replies
