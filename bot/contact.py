"""How to reach a visitor, read from one message: an email address and/or a phone number.

Shared by every contact step (booking, a person), so that "anna@example.com or 07700 900321" keeps
both, and a number is found next to other words ("call me after 5pm on 07911 123456").
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from bot.intake.answers import normalise_email, normalise_phone

_EMAIL = re.compile(r"[^\s<>()\[\],;:\"']+@[^\s<>()\[\],;:\"']+")
#: a run of digits with the separators people type in phone numbers, optionally after a +
_PHONE = re.compile(r"(?<![\w:])\+?\(?\d[\d\s().\-/]{5,}\d(?![\w:])")
_SKIP = re.compile(r"^\W*(?:skip(?: it| that| this)?|pass|no|nope|nah|none|nothing|n/?a|-+|rather not(?: say)?|"
                   r"i'?d rather not(?: say)?|prefer not to say|not really|no thanks|no thank you|"
                   r"(?:i )?don'?t mind)\W*$", re.I)


@dataclass(frozen=True)
class Contact:
    email: Optional[str] = None
    phone: Optional[str] = None          # E.164

    def __bool__(self) -> bool:
        return bool(self.email or self.phone)


def read_contact(text: str, region: str) -> Contact:
    """The email address and the phone number in ``text`` (either may be None)."""
    email = normalise_email(text)
    rest = _EMAIL.sub(" ", text)
    phone = None
    for candidate in _PHONE.findall(rest):
        phone = normalise_phone(candidate, region)
        if phone:
            break
    return Contact(email, phone)


def without_contact(text: str, region: str) -> str:
    """``text`` without email addresses and phone numbers (so their digits are not read as times or dates)."""
    rest = _EMAIL.sub(" ", text)
    rest = _PHONE.sub(lambda m: " " if normalise_phone(m.group(0), region) else m.group(0), rest)
    return re.sub(r"\s+", " ", rest).strip()


def is_skip(text: str) -> bool:
    """"skip", "rather not say", "no": the visitor leaves an optional question unanswered."""
    return _SKIP.match(text.strip()) is not None
