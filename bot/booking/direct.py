"""A day and time the visitor named ("can I come thursday at 18:30?"): free to book as it is, or why
not and the nearest free times around it. Plain functions; the booking actions say and book."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Optional
from zoneinfo import ZoneInfo

from bot.booking.base import BookingProvider, Slot, as_utc
from bot.booking.exact import free_at, nearest, refusal
from bot.booking.slots import CalendarRules
from bot.booking.when import read_exact
from bot.contact import without_contact


@dataclass(frozen=True)
class Lookup:
    """What became of a named time: ``free`` to book, else ``reason`` and the ``nearest`` free times."""

    wanted: datetime                     # UTC
    free: Optional[Slot] = None
    reason: str = ""
    nearest: tuple[Slot, ...] = ()


def named_start(text: Optional[str], zone: ZoneInfo, region: str, now: datetime) -> Optional[datetime]:
    """The start (UTC) of the day and time named in ``text``, when both are named exactly."""
    if not text:
        return None
    exact = read_exact(without_contact(str(text), region), as_utc(now).astimezone(zone).date())
    return as_utc(exact.local(zone)) if exact.complete else None


async def look_up(provider: BookingProvider, rules: CalendarRules, wanted: datetime, now: datetime,
                  size: int) -> Lookup:
    """Is ``wanted`` free? If not, why (from the studio's rules, else taken) and the nearest free times.

    Raises :class:`~bot.booking.base.ProviderUnavailable` when the booking system does not answer.
    """
    slot = await free_at(provider, wanted)
    if slot is not None:
        return Lookup(as_utc(wanted), free=slot)
    refused = refusal(rules, now, wanted)
    reason = refused.reason if refused else "is already booked"
    lower, upper = rules.horizon(now)
    free = await provider.available_slots(lower, upper)
    return Lookup(as_utc(wanted), reason=reason, nearest=tuple(nearest(free, wanted, rules.time_zone, size)))
