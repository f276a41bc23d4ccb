"""Plain-text checks on visitor messages (stdlib only: used in both environments)."""
from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
#: six consonants in a row: keyboard mashing ("asdfghjkl"), not English or a typo
_MASHED = re.compile(r"[bcdfghjklmnpqrstvwxz]{6,}", re.IGNORECASE)
#: invisible characters: format (zero-width, BOM), controls, and combining marks left after NFC
_INVISIBLE = {"Cf", "Cc", "Co", "Cs", "Mn", "Me"}


def clean_text(text: str) -> str:
    """``text`` without invisible characters (NFC first, so accented letters stay).

    BERT-style tokenizers drop such characters; a word made only of them (the
    variation selector after "❤", a zero-width space) would vanish and misalign
    the language-model features with the tokens. Whitespace stays.
    """
    composed = unicodedata.normalize("NFC", text or "")
    return "".join(c for c in composed if c in "\n\t" or unicodedata.category(c) not in _INVISIBLE)


def unreadable(text: str) -> bool:
    """True when ``text`` has no letters or digits, is one run-on 'word' of 40+ characters, or only mashed keys."""
    words = _WORD.findall(text or "")
    if not words:
        return True
    if len(words) == 1 and len(words[0]) >= 40:
        return True
    return all(_MASHED.search(word) for word in words)
