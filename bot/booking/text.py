"""How times are shown to visitors and read back from what they type."""
from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Optional, Sequence
from zoneinfo import ZoneInfo

from bot.booking.base import parse_iso

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december")
_ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
             "fifth": 5, "5th": 5, "last": -1}

LATER = re.compile(r"\b(later|more (?:times|options|slots|dates)|other (?:times|dates|days)|next week|"
                   r"another (?:day|time|week)|further (?:out|ahead)|after that|show more)\b", re.I)
NONE_SUIT = re.compile(r"\b(none|neither|nothing suits?|no good|don'?t (?:suit|work)|doesn'?t (?:suit|work)|"
                       r"can'?t (?:make|do) (?:any|those|them)|not (?:suitable|possible))\b", re.I)


def short_label(start: datetime, zone: ZoneInfo) -> str:
    """``Tue 2 Dec, 10:00`` (button text)."""
    local = start.astimezone(zone)
    return f"{local:%a} {local.day} {local:%b}, {local:%H:%M}"


def long_label(start: datetime, zone: ZoneInfo) -> str:
    """``Tuesday 2 December 2025 at 10:00`` (confirmations)."""
    local = start.astimezone(zone)
    return f"{local:%A} {local.day} {local:%B} {local.year} at {local:%H:%M}"


def _normalise(text: str) -> str:
    lowered = text.strip().lower().replace(".", ":")
    lowered = re.sub(r"[,;!?()\[\]\"']", " ", lowered)
    return re.sub(r"\s+", " ", lowered).strip()


def _times_in(text: str) -> set[tuple[int, int]]:
    """Clock times mentioned: ``10:00``, ``10am``, ``2 pm``, ``14:30``."""
    found: set[tuple[int, int]] = set()
    for hour, minute, meridiem in re.findall(r"\b(\d{1,2})(?::(\d{2}))?\s*(am|pm)?\b", text):
        if not minute and not meridiem:
            continue
        h, m = int(hour), int(minute or 0)
        if meridiem == "pm" and h < 12:
            h += 12
        if meridiem == "am" and h == 12:
            h = 0
        if 0 <= h < 24 and 0 <= m < 60:
            found.add((h, m))
    return found


def _matches(local: datetime, text: str, times: set[tuple[int, int]], today: Optional[datetime]) -> bool:
    if times and (local.hour, local.minute) not in times:
        return False
    weekdays = [i for i, name in enumerate(_WEEKDAYS) if re.search(rf"\b{name[:3]}(?:{name[3:]})?\b", text)]
    if weekdays and local.weekday() not in weekdays:
        return False
    for day, month in re.findall(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]{3,9})\b", text):
        if any(month.startswith(m[:3]) for m in _MONTHS):
            if int(day) != local.day or not _MONTHS[local.month - 1].startswith(month[:3]):
                return False
    if today is not None:
        if "tomorrow" in text and local.date() != (today + timedelta(days=1)).date():
            return False
        if re.search(r"\btoday\b", text) and local.date() != today.date():
            return False
    return True


#: a question for more options, not a choice ("anything on a saturday morning?", "do you have fridays?")
_ASKS_FOR_OPTIONS = re.compile(r"\b(?:any|anything|is there|are there|do you have|got any|what about|how about|"
                               r"other|else|more)\b")


def pick_offered(text: str, offered: Sequence[datetime], zone: ZoneInfo,
                 today: Optional[datetime] = None) -> Optional[int]:
    """The index of the offered time the visitor chose, or None.

    Understands a number ("2", as messaging apps show numbered options), an
    ordinal ("the second one"), the button text, an ISO time, or a day and/or
    clock time that fits exactly one of the offered times.
    """
    if not offered:
        return None
    cleaned = _normalise(text)
    number = re.fullmatch(r"(?:option|number|no|#)?\s*(\d{1,2})\s*[:)]?", cleaned)
    if number:
        index = int(number.group(1)) - 1
        return index if 0 <= index < len(offered) else None
    for word, position in _ORDINALS.items():
        if re.search(rf"\b{word}\b", cleaned) and len(cleaned.split()) <= 4:
            return len(offered) - 1 if position == -1 else (position - 1 if position <= len(offered) else None)
    try:
        chosen = parse_iso(text)
        return next((i for i, o in enumerate(offered) if o == chosen), None)
    except ValueError:
        pass
    labels = [_normalise(short_label(o, zone)) for o in offered]
    if cleaned in labels:
        return labels.index(cleaned)
    if _ASKS_FOR_OPTIONS.search(cleaned) and not re.search(r"\d", cleaned):
        return None                             # "anything on a saturday morning?" asks to see times, picks none
    times = _times_in(cleaned)
    has_day = any(re.search(rf"\b{n[:3]}", cleaned) for n in _WEEKDAYS) or "tomorrow" in cleaned \
        or re.search(r"\btoday\b", cleaned) is not None
    if not times and not has_day:
        return None
    local_today = today.astimezone(zone) if today else None
    candidates = [i for i, o in enumerate(offered) if _matches(o.astimezone(zone), cleaned, times, local_today)]
    return candidates[0] if len(candidates) == 1 else None


def wants_later(text: str) -> bool:
    return LATER.search(text) is not None


def none_suit(text: str) -> bool:
    return NONE_SUIT.search(text) is not None
