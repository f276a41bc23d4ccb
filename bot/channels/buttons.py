"""Buttons on every channel: numbered options where there are none, and "2" read as the second choice.

Standard library only. A connector remembers, per visitor, the buttons of the
bot's latest turn (:class:`ChoiceMemory`); when the visitor then types "2"
(or taps a native button whose id had to be shortened to its number), the
connector passes the payload of the second button to Rasa instead.
"""
from __future__ import annotations

import re
from collections import OrderedDict
from typing import Any, Iterable, Mapping, Optional, Sequence

Choice = tuple[str, str]            # (title, payload)
NUMBER = re.compile(r"\s*(?:option\s*|no\.?\s*|#)?(\d{1,2})\s*[.)]?\s*", re.I)
ELLIPSIS = "…"


def choices(buttons: Optional[Iterable[Mapping[str, Any]]]) -> list[Choice]:
    """(title, payload) of Rasa buttons; the payload defaults to the title, untitled buttons are dropped."""
    result: list[Choice] = []
    for button in buttons or []:
        title = str(button.get("title") or "").strip()
        payload = str(button.get("payload") or title).strip()
        if title:
            result.append((title, payload))
    return result


def shorten(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, with an ellipsis when cut."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + ELLIPSIS


def numbered_text(text: str, options: Sequence[Choice]) -> str:
    """The message with its options as a numbered list ("1. Yes"), for channels without buttons.

    Options the text already lists with their numbers (as the booking times
    do) are not repeated; the rest continue the numbering.
    """
    if not options:
        return text
    already = 0
    while already < len(options) and f"{already + 1}. {options[already][0]}" in text:
        already += 1
    if already == len(options):
        return text
    lines = [f"{i}. {title}" for i, (title, _) in enumerate(options, 1) if i > already]
    hint = "" if already else "\n\nReply with a number."
    return (f"{text}\n\n" if text else "") + "\n".join(lines) + hint


def pick(text: str, payloads: Sequence[str]) -> Optional[str]:
    """The payload that ``text`` selects by number ("2", "2.", "option 2"), if any."""
    match = NUMBER.fullmatch(text or "")
    if not match:
        return None
    index = int(match.group(1))
    return payloads[index - 1] if 1 <= index <= len(payloads) else None


class ChoiceMemory:
    """The payloads of the buttons each visitor was last shown, for a bounded number of visitors.

    A connector calls :meth:`begin_turn` before handing a message to Rasa,
    :meth:`remember` when it sends buttons, and :meth:`end_turn` afterwards:
    a turn without buttons forgets the earlier ones, so a later "2" is just "2".
    """

    def __init__(self, capacity: int = 20_000) -> None:
        self.capacity = capacity
        self._payloads: OrderedDict[str, tuple[str, ...]] = OrderedDict()
        self._shown_this_turn: set[str] = set()

    def remember(self, visitor: str, options: Sequence[Choice]) -> None:
        self._payloads[visitor] = tuple(payload for _, payload in options)
        self._payloads.move_to_end(visitor)
        self._shown_this_turn.add(visitor)
        while len(self._payloads) > self.capacity:
            self._payloads.popitem(last=False)

    def payloads(self, visitor: str) -> tuple[str, ...]:
        return self._payloads.get(visitor, ())

    def resolve(self, visitor: str, text: str) -> str:
        """``text``, or the payload it selects by number among the visitor's last buttons."""
        chosen = pick(text, self.payloads(visitor))
        return text if chosen is None else chosen

    def begin_turn(self, visitor: str) -> None:
        self._shown_this_turn.discard(visitor)

    def end_turn(self, visitor: str) -> None:
        if visitor not in self._shown_this_turn:
            self._payloads.pop(visitor, None)
        self._shown_this_turn.discard(visitor)


def button_id(payload: str, index: int, limit: int, encoding: str = "") -> str:
    """The payload as a native button's id, or its 1-based number when the payload does not fit.

    ``encoding`` measures the limit in bytes of that encoding (Telegram counts
    bytes); otherwise in characters. A number is read back by :class:`ChoiceMemory`.
    """
    size = len(payload.encode(encoding)) if encoding else len(payload)
    return payload if payload and size <= limit else str(index)


def split_text(text: str, limit: int) -> list[str]:
    """``text`` in parts of at most ``limit`` characters, cut at paragraph, line or word boundaries."""
    text = text.strip()
    parts: list[str] = []
    while len(text) > limit:
        window = text[:limit]
        cut = max(window.rfind("\n\n"), window.rfind("\n"))
        if cut < limit // 2:
            cut = window.rfind(" ")
        if cut < limit // 2:
            cut = limit
        parts.append(text[:cut].rstrip())
        text = text[cut:].lstrip()
    if text:
        parts.append(text)
    return parts
