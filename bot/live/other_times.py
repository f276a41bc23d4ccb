"""Other times a declined booking can offer: the practitioner picks up to 3 free times on the decline form.

The choices on the form are the booking provider's next free times (the ones the chat would offer, spread over
several days). When the decision is posted each chosen time is checked again against the provider, so a time
taken meanwhile is not offered. The visitor reads them in the decline notice; in an open chat each is also a
button whose payload asks the assistant to book that time ("Can I book Tuesday 9 December at 10:00?"), so the
tap goes through the ordinary booking flow (a named time: checked, then booked on their yes), and the new
booking request moves the lead's shown status from "Booking declined" to "Consultation requested".
"""
from __future__ import annotations

import logging
from datetime import datetime, timedelta, timezone
from typing import Iterable, Optional, Sequence

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.booking.base import ProviderUnavailable, as_utc, parse_iso
from bot.booking.config import booking_config
from bot.booking.providers import make_provider
from bot.booking.slots import spread
from bot.booking.text import short_label
from bot.settings import Settings

log = logging.getLogger(__name__)
MAX_CHOSEN = 3
#: how many free times the decline form lists
LISTED = 8


async def free_times(settings: Settings, sessions: async_sessionmaker[AsyncSession],
                     now: Optional[datetime] = None) -> list[datetime]:
    """The next free consultation times (UTC), as the chat would offer them; [] when the provider lists none."""
    config = booking_config(settings)
    provider = make_provider(settings, sessions)
    if not getattr(provider, "offers_slots", False):
        return []
    moment = now or datetime.now(timezone.utc)
    try:
        slots = await provider.available_slots(moment + timedelta(hours=config.min_notice_hours),
                                               moment + timedelta(days=config.days_ahead + 1))
    except ProviderUnavailable:
        log.warning("Other times: the booking provider did not answer")
        return []
    return [as_utc(slot.start) for slot in spread(slots, LISTED, settings.time_zone)]


def read_choices(values: Iterable[str]) -> Optional[list[datetime]]:
    """The times posted by the form (ISO, UTC), in order and without repeats; None when more than 3 or malformed."""
    chosen: list[datetime] = []
    for value in values:
        try:
            start = as_utc(parse_iso(value.strip()))
        except ValueError:
            return None
        if start not in chosen:
            chosen.append(start)
    return chosen if len(chosen) <= MAX_CHOSEN else None


async def still_free(settings: Settings, sessions: async_sessionmaker[AsyncSession],
                     chosen: Sequence[datetime]) -> list[datetime]:
    """Those of ``chosen`` the provider still has free (asked again now)."""
    if not chosen:
        return []
    config = booking_config(settings)
    provider = make_provider(settings, sessions)
    try:
        slots = await provider.available_slots(min(chosen), max(chosen) + timedelta(minutes=config.consultation_minutes))
    except ProviderUnavailable:
        log.warning("Other times: the booking provider did not answer")
        return []
    free = {as_utc(slot.start) for slot in slots}
    return [start for start in chosen if start in free]


def sentence_label(start: datetime, settings: Settings) -> str:
    """'Tuesday 9 December at 10:00' (the studio's time)."""
    local = start.astimezone(settings.time_zone)
    return f"{local:%A} {local.day} {local:%B} at {local:%H:%M}"


def offer_text(times: Sequence[datetime], settings: Settings) -> str:
    """The sentence added to the decline notice (in the chat and in an e-mail alike)."""
    labels = [sentence_label(t, settings) for t in times]
    listed = labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " or " + labels[-1]
    return (f"The studio can offer you {'this time' if len(labels) == 1 else 'one of these times'} instead: "
            f"{listed}. Tell me if you'd like {'it' if len(labels) == 1 else 'one of them'} and I'll book it.")


def buttons(times: Sequence[datetime], settings: Settings) -> list[dict[str, str]]:
    """One button per time: the short label, and a payload the booking flow reads as that exact time."""
    return [{"title": short_label(t, settings.time_zone), "payload": f"Can I book {sentence_label(t, settings)}?"}
            for t in times]
