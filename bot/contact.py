"""How to reach a visitor, read from one message: an email address and/or a phone number.

Shared by every contact step (booking, a person), so that "anna@example.com or 07700 900321" keeps
both, and a number is found next to other words ("call me after 5pm on 07911 123456").
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

import phonenumbers

from bot.intake.answers import normalise_email, normalise_phone

_EMAIL = re.compile(r"[^\s<>()\[\],;:\"']+@[^\s<>()\[\],;:\"']+")
#: a run of digits with the separators people type in phone numbers, optionally after a +
_PHONE = re.compile(r"(?<![\w:])\+?\(?\d[\d\s().\-/]{5,}\d(?![\w:])")
_SKIP = re.compile(r"^\W*(?:skip(?: it| that| this)?|pass|no|nope|nah|none|nothing|n/?a|-+|rather not(?: say)?|saltar|"
                   r"paso|prefiero no(?: decirlo)?|mejor no|"
                   r"i'?d rather not(?: say)?|prefer not to say|not really|no thanks|no thank you|"
                   r"(?:i )?don'?t mind)\W*$", re.I)


@dataclass(frozen=True)
class Contact:
    email: Optional[str] = None
    phone: Optional[str] = None          # E.164

    def __bool__(self) -> bool:
        return bool(self.email or self.phone)


_DIGIT_WORDS = {"oh": "0", "o": "0", "zero": "0", "nought": "0", "one": "1", "two": "2", "three": "3", "four": "4",
                "five": "5", "six": "6", "seven": "7", "eight": "8", "nine": "9"}
_SAID_DIGITS = re.compile(r"\b(?:(?:double|triple)\s+)?(?:oh|o|zero|nought|one|two|three|four|five|six|seven|eight|nine|\d)"
                          r"(?:[\s,-]+(?:(?:double|triple)\s+)?(?:oh|o|zero|nought|one|two|three|four|five|six|seven|eight|"
                          r"nine|\d))+\b", re.IGNORECASE)
#: at least this many digits said in words make a phone number ("oh seven seven double oh nine…")
SAID_NUMBER_DIGITS = 10


def said_digits(text: str) -> str:
    """A phone number said in words written as digits ("oh seven seven double oh nine double oh three five two"
    -> "07700900352"); other words stay as they are."""
    def digits(match: "re.Match[str]") -> str:
        words, out, repeat = re.split(r"[\s,-]+", match.group(0).lower()), [], 1
        for word in words:
            if word in ("double", "triple"):
                repeat = 2 if word == "double" else 3
                continue
            out.append((_DIGIT_WORDS.get(word) or word) * repeat)
            repeat = 1
        number = "".join(out)
        return number if len(number) >= SAID_NUMBER_DIGITS else match.group(0)
    return _SAID_DIGITS.sub(digits, text)


def read_contact(text: str, region: str) -> Contact:
    """The email address and the phone number in ``text`` (either may be None); a number or an address said in
    words, as dictation writes them, is read too."""
    text = said_digits(text)
    email = normalise_email(text)
    rest = _EMAIL.sub(" ", text)
    phone = None
    for candidate in _PHONE.findall(rest):
        phone = normalise_phone(candidate, region)
        if phone:
            break
    return Contact(email, phone)


def read_contact_in(text: str, regions: tuple[str, ...]) -> Contact:
    """:func:`read_contact`, for a number without a country prefix that may be of another country the visitor
    is from ("612 345 678" from a Spanish speaker): the first region where it is a valid number, else the first."""
    first = read_contact(text, regions[0])
    for region in regions:
        found = read_contact(text, region)
        if found.phone and phonenumbers.is_valid_number(phonenumbers.parse(found.phone)):
            return found
    return first


def without_contact(text: str, region: str) -> str:
    """``text`` without email addresses and phone numbers (so their digits are not read as times or dates)."""
    rest = _EMAIL.sub(" ", said_digits(text))
    rest = _PHONE.sub(lambda m: " " if normalise_phone(m.group(0), region) else m.group(0), rest)
    return re.sub(r"\s+", " ", rest).strip()


def is_skip(text: str) -> bool:
    """"skip", "rather not say", "no": the visitor leaves an optional question unanswered."""
    return _SKIP.match(text.strip()) is not None
