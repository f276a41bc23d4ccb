"""Whether the visitor has told us they are under the studio's minimum age: then nothing is booked.

Only clear first-person statements count ("I'm 17", "im 16 years old", "I'm under 18", "my
daughter is 15"), never a bare number (a typed "16" may pick an offered time) nor a story's
numbers ("my scar is 17 years old"). The intake's age answer counts too, and the latest word
wins: "sorry, I meant 27" after "I'm 17" is an adult.
"""
from __future__ import annotations

import re
from typing import Any, Iterable, Optional

_WORDS = {"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
          "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20}
_NUMBER = r"(\d{1,3}|" + "|".join(_WORDS) + r")"
#: what may follow an age; anything else (":30", "weeks", "minutes", "am") is not one
_AGE_END = r"(?:\s*(?:years?|yrs?)(?:\s*old)?|\s*y/?o\b)?(?!\s*(?:[:.]\d|%|am\b|pm\b|o'?clock|min|minutes?|hours?|" \
           r"h\b|days?|weeks?|months?|kg|cm|ft|foot|feet|stone|st\b|noon|midday))\b"
_SELF = re.compile(rf"\b(?:i'?m|i am|im|age(?:d)?|my age is|i'?ll be|i will be|i turned|i just turned)\s+"
                   rf"(?:only\s+|just\s+|nearly\s+|almost\s+)?{_NUMBER}{_AGE_END}", re.I)
_CHILD = re.compile(rf"(?:\b(?:my|our)\s+(?:daughter|son|child|kid|teen|teenager)(?:'s|\s+is|\s+who is|,)?|"
                    rf"\b(?:she|he)(?:'s|\s+is))\s+"
                    rf"(?:only\s+|just\s+)?{_NUMBER}{_AGE_END}", re.I)
_MINOR = re.compile(r"\b(?:i'?m|i am|im)\s+(?:still\s+)?(?:under|below|not yet|not)\s*(?:18|eighteen)\b|"
                    r"\bi'?m a minor\b|\bi am a minor\b|\bunder ?age\b|\bunderage\b", re.I)
_ADULT = re.compile(r"\b(?:i'?m|i am|im)\s+(?:over|above|older than)\s*(?:18|eighteen)\b|"
                    r"\b(?:i'?m|i am|im)\s+(?:an )?adult\b", re.I)


def _number(word: str) -> int:
    return _WORDS[word.lower()] if word.lower() in _WORDS else int(word)


def says_minor(text: str, minimum_age: int = 18) -> Optional[bool]:
    """True when ``text`` says the visitor (or the child it is for) is under ``minimum_age``;
    False when it clearly says they are an adult; None when it says neither."""
    if not text or text.startswith("/"):
        return None
    if _MINOR.search(text):
        return True
    if any(10 <= _number(m.group(1)) < minimum_age for m in _CHILD.finditer(text)):
        return True                             # booking for a child: someone else's adult age says nothing
    ages = [a for a in (_number(m.group(1)) for m in _SELF.finditer(text)) if 10 <= a <= 120]
    if ages:
        return min(ages) < minimum_age
    if _ADULT.search(text):
        return False
    return None


def minor_in_conversation(events: Iterable[dict[str, Any]], minimum_age: int = 18) -> bool:
    """Whether, by the latest word on it, the visitor is under age: the intake's ``adult`` answer or
    what they wrote."""
    minor = False
    for event in events:
        if event.get("event") == "slot" and event.get("name") == "adult" and event.get("value") in ("yes", "no"):
            minor = event["value"] == "no"
        elif event.get("event") == "user":
            said = says_minor(str(event.get("text") or ""), minimum_age)
            if said is not None:
                minor = said
    return minor
