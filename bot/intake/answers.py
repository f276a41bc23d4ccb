"""Interpreting short answers: yes/no/not sure, choices, phototype, contact details."""
from __future__ import annotations

import re
from typing import Optional, Sequence

import phonenumbers
from email_validator import EmailNotValidError, validate_email
from rapidfuzz import fuzz, process

YES, NO, UNSURE = "yes", "no", "unsure"

_YES = {"yes", "y", "yeah", "yep", "yup", "ya", "yea", "sure", "of course", "correct", "right", "ok", "okay",
        "i do", "i agree", "agree", "i am", "it is", "they are", "i have", "definitely", "absolutely", "affirmative",
        "si", "sí", "true", "that's right", "thats right", "go ahead", "yes please", "fine", "👍"}
_NO = {"no", "n", "nope", "nah", "never", "not", "none", "i don't", "i dont", "i do not", "don't agree",
       "no thanks", "no thank you", "i'm not", "im not", "i am not", "it isn't", "it is not", "they aren't",
       "haven't", "have not", "i haven't", "false", "negative", "not really", "👎"}
_UNSURE = {"not sure", "unsure", "don't know", "dont know", "do not know", "no idea", "i'm not sure", "im not sure",
           "maybe", "perhaps", "idk", "dunno", "can't remember", "cant remember", "not certain", "possibly", "?"}

_YES_PHRASES = (" don't mind ", " dont mind ", " do not mind ", " why not ")
#: agreement, but only to a request ("may I ask…?"); to "do you have diabetes?" it would mean no
_AGREEING = (" no problem ", " not a problem ", " no worries ")
_NO_STARTS = ("i'm not ", "im not ", "i am not ", "i don't ", "i dont ", "i do not ", "i haven't ", "i have not ",
              "i've never ", "ive never ", "i have never ", "not at all")


def yes_no_unsure(text: str, intent: Optional[str] = None, request: bool = False) -> Optional[str]:
    """Map an answer to yes / no / unsure, or None when it is neither (``request``: the question asks leave)."""
    lowered = re.sub(r"[^\w\s'?👍👎]", " ", text.lower()).strip()
    lowered = re.sub(r"\s+", " ", lowered)
    if not lowered:
        return None
    if any(phrase in f" {lowered} " for phrase in (f" {p} " for p in _UNSURE)) or lowered in _UNSURE:
        return UNSURE
    if lowered in _YES or lowered.split(" ")[0] in {"yes", "yeah", "yep", "yup", "sure", "correct"}:
        return YES
    if any(phrase in f" {lowered} " for phrase in (*_YES_PHRASES, *(_AGREEING if request else ()))):
        return YES
    if lowered in _NO or lowered.split(" ")[0] in {"no", "nope", "nah", "never", "none"}:
        return NO
    if lowered.startswith(_NO_STARTS):          # "I'm not pregnant", "I don't take any"
        return NO
    if intent in ("affirm",):
        return YES
    if intent in ("deny",):
        return NO
    if intent in ("unsure",):
        return UNSURE
    return None


_NEGATION = re.compile(r"\b(not|no|never|neither|nor|isn't|aren't|don't|doesn't|haven't|hasn't|wasn't|weren't)\b|n't\b")


def described(text: str, descriptions: Sequence[tuple[str, Sequence[str]]]) -> Optional[str]:
    """yes / no / unsure from a description ("it's still a bit pink" → no), as ordered ``(value, phrases)``.

    A phrase without a negation counts only in a message without one, so "I'm not pregnant" never
    matches "pregnant"; phrases that carry their own negation ("no longer pink") always count.
    """
    lowered = re.sub(r"\s+", " ", text.lower().replace("’", "'")).strip()
    negated = bool(_NEGATION.search(lowered))
    for value, phrases in descriptions:
        for phrase in phrases:
            if re.search(rf"\b{re.escape(phrase)}\b", lowered) and (not negated or _NEGATION.search(phrase)):
                return value
    return None


def choose(text: str, options: Sequence[tuple[str, Sequence[str]]], threshold: int = 80) -> Optional[str]:
    """The option whose words appear in ``text`` (fuzzy), as ``(value, phrases)`` pairs.

    A bare number ("2") picks the option at that position, as on channels
    that show numbered options instead of buttons.
    """
    lowered = text.strip().lower()
    number = re.fullmatch(r"\s*(\d{1,2})\s*[.)]?\s*", lowered)
    if number:
        index = int(number.group(1)) - 1
        return options[index][0] if 0 <= index < len(options) else None
    for value, phrases in options:
        if lowered == value or any(re.search(rf"\b{re.escape(p)}\b", lowered) for p in phrases):
            return value
    choices = {p: value for value, phrases in options for p in (*phrases, value)}
    best = process.extractOne(lowered, list(choices), scorer=fuzz.WRatio)
    if best and best[1] >= threshold and len(lowered) >= 3:
        return choices[best[0]]
    return None


_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6}
ROMAN = {v: k.upper() for k, v in _ROMAN.items()}


def phototype(text: str) -> Optional[str]:
    """A Fitzpatrick type I–VI from "type 3", "III", "I always burn", or a sun-reaction button."""
    lowered = text.strip().lower()
    match = re.search(r"\b(?:type|fitzpatrick|phototype)?\s*\b(vi|iv|v|iii|ii|i|[1-6])\b", lowered)
    if match and (re.search(r"type|fitzpatrick|phototype", lowered) or re.fullmatch(r"\s*(vi|iv|v|iii|ii|i|[1-6])\s*", lowered)):
        token = match.group(1)
        return ROMAN[int(token)] if token.isdigit() else token.upper()
    reactions = [
        ("I", ("always burn", "always burns", "never tan", "never tans", "very fair", "freckles")),
        ("II", ("usually burn", "usually burns", "burn easily", "tan minimally", "tan a little", "fair skin")),
        ("III", ("sometimes burn", "sometimes burns", "tan gradually", "tans gradually", "medium skin", "light brown")),
        ("IV", ("rarely burn", "rarely burns", "tan easily", "tans easily", "olive")),
        ("V", ("very rarely burn", "very rarely burns", "tan very easily", "brown skin", "dark brown")),
        ("VI", ("never burn", "never burns", "deeply pigmented", "very dark", "black skin")),
    ]
    for value, phrases in sorted(reactions, key=lambda r: -max(len(p) for p in r[1])):
        if any(p in lowered for p in phrases):
            return value
    return None


def normalise_email(text: str) -> Optional[str]:
    """A syntactically valid email address found in ``text`` (no DNS look-up), normalised."""
    match = re.search(r"[^\s<>()\[\],;:\"']+@[^\s<>()\[\],;:\"']+", text)
    if not match:
        return None
    try:
        return validate_email(match.group(0).rstrip("."), check_deliverability=False).normalized
    except EmailNotValidError:
        return None


def normalise_phone(text: str, region: str) -> Optional[str]:
    """A phone number in E.164, read in the studio's region when it has no prefix (see ``_full_length_possible``)."""
    candidate = re.sub(r"[^\d+()\-\s./]", "", text).strip()
    if len(re.sub(r"\D", "", candidate)) < 6:
        return None
    try:
        number = phonenumbers.parse(candidate, region)
    except phonenumbers.NumberParseException:
        return None
    if not (phonenumbers.is_valid_number(number) or _full_length_possible(number)):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _full_length_possible(number: phonenumbers.PhoneNumber) -> bool:
    """Right length for its country but in no allocated range: reserved ranges like 07700 900xxx, which
    people use when they'd rather not share a number yet, or a range newer than the metadata. A
    practitioner can tell; refusing it would only frustrate the visitor."""
    national = str(number.national_number)
    return (phonenumbers.is_possible_number_with_reason(number) == phonenumbers.ValidationResult.IS_POSSIBLE
            and len(national) >= 9 and len(set(national)) > 2)


def first_name(text: str) -> Optional[str]:
    """A plausible first name from "I'm Anna", "my name is anna maria", "Anna"."""
    cleaned = re.sub(r"^(hi|hello|hey)[,!\s]+", "", text.strip(), flags=re.I)
    cleaned = re.sub(r"^(my name is|my name's|name is|i am|i'm|im|it's|it is|this is|call me|you can call me)\s+",
                     "", cleaned, flags=re.I)
    cleaned = cleaned.strip(" .!,")
    words = cleaned.split()
    if not words or len(words) > 3:
        return None
    if not all(re.fullmatch(r"[^\W\d_][^\W\d_'’\-]*", w) for w in words):
        return None
    name = " ".join(words)[:50]
    return " ".join(w[:1].upper() + w[1:] for w in name.split())
