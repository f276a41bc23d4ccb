"""Opening hours: is the studio open now, and when does it next open?"""
from __future__ import annotations

import re
from datetime import datetime, time, timedelta
from typing import Optional

from bot.settings import WEEKDAYS, Settings


def _parse(value: str) -> time:
    hours, minutes = value.split(":")
    return time(int(hours), int(minutes))


def opening_window(settings: Settings, day: datetime) -> Optional[tuple[datetime, datetime]]:
    """Opening and closing time on ``day`` (aware, studio time zone), or None when closed."""
    hours = settings.opening_hours().get(WEEKDAYS[day.weekday()])
    if hours is None or day.date() in settings.closed_dates():
        return None
    tz = settings.time_zone
    return (datetime.combine(day.date(), _parse(hours[0]), tz), datetime.combine(day.date(), _parse(hours[1]), tz))


def next_opening(settings: Settings, now: datetime) -> tuple[bool, Optional[datetime], Optional[datetime]]:
    """(open now?, closing time today if open, next opening time if closed)."""
    local = now.astimezone(settings.time_zone)
    window = opening_window(settings, local)
    if window and window[0] <= local < window[1]:
        return True, window[1], None
    for offset in range(0, 15):
        day = local + timedelta(days=offset)
        window = opening_window(settings, day)
        if window and window[0] > local:
            return False, None, window[0]
    return False, None, None


#: weekday names for the Spanish sentence (Monday first, as ``datetime.weekday``)
_DIAS = ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo")


def contact_expectation(settings: Settings, now: datetime, in_spanish: bool = False) -> str:
    """An honest sentence about when a person will answer (in Spanish for a request held in it)."""
    is_open, closes, opens = next_opening(settings, now)
    if is_open and closes is not None:
        if in_spanish:
            return (f"El estudio está abierto ahora (hasta las {closes:%H:%M}), así que normalmente le contestarán en "
                    "pocas horas.")
        return (f"The studio is open now (until {closes:%H:%M}), so someone will usually get back to you within a "
                "few hours.")
    if opens is not None:
        local_now = now.astimezone(settings.time_zone)
        tomorrow = opens.date() == (local_now + timedelta(days=1)).date()
        if in_spanish:
            day = "hoy más tarde" if opens.date() == local_now.date() else "mañana" if tomorrow \
                else f"el {_DIAS[opens.weekday()]}"
            return f"El estudio está cerrado ahora; le contestarán {day} a partir de las {opens:%H:%M}."
        day = "tomorrow" if tomorrow else f"on {opens:%A}"
        if opens.date() == local_now.date():
            day = "later today"
        return f"The studio is closed right now; someone will get back to you {day} after {opens:%H:%M}."
    if in_spanish:
        return "Alguien del estudio le contestará lo antes posible."
    return "Someone from the studio will get back to you as soon as possible."


#: a morning hour in a call time ("any morning after 8", "at 9", "7am"): 6 to 11, not followed by "pm"
_MORNING_HOUR = re.compile(r"\b(?:after|from|at|around|about|before|by)?\s*(\d{1,2})(?::[0-5]\d)?\s*(?!pm|p\.m\.|:?\d)"
                           r"(?:am|a\.m\.)?\b", re.IGNORECASE)


def before_opening_note(settings: Settings, when: str) -> str:
    """A sentence when a call time asks for a morning hour before the studio opens on any day ("any morning
    after 8" when it opens at 10), else "": no call is ever promised while the studio is closed."""
    opens = sorted(_parse(hours[0]) for hours in settings.opening_hours().values())
    if not opens:
        return ""
    first = opens[0]
    morning = bool(re.search(r"\bmornings?\b", when or "", re.IGNORECASE))
    for match in _MORNING_HOUR.finditer(when or ""):
        hour = int(match.group(1))
        said_am = bool(re.search(r"a\.?m\b", match.group(0), re.IGNORECASE))
        if 6 <= hour < first.hour and (morning or said_am):
            return (f" One thing: the studio opens at {first:%H:%M} at the earliest, so that's the earliest they can "
                    "ring.")
    return ""
