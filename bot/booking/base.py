"""The provider interface and the values that cross it."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Optional, Protocol, runtime_checkable


def as_utc(value: datetime) -> datetime:
    """An aware UTC datetime; a naive one is taken as UTC (how SQLite hands them back)."""
    if value.tzinfo is None:
        return value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc)


def iso_utc(value: datetime) -> str:
    """``2026-12-01T10:00:00Z``: the form Cal.com expects and the slot state keeps."""
    return as_utc(value).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_iso(text: str) -> datetime:
    """An aware datetime from ISO 8601 (``Z``, offsets and milliseconds accepted)."""
    value = text.strip()
    if value.endswith(("Z", "z")):
        value = value[:-1] + "+00:00"
    parsed = datetime.fromisoformat(value)
    return as_utc(parsed)


@dataclass(frozen=True)
class Slot:
    """A bookable time, in UTC."""

    start: datetime
    end: datetime

    @property
    def key(self) -> str:
        return iso_utc(self.start)


@dataclass(frozen=True)
class Attendee:
    """Who the consultation is for: contact details only, never health answers."""

    name: str
    email: Optional[str] = None
    phone: Optional[str] = None
    time_zone: str = "UTC"
    language: str = "en"
    video: bool = False              # the consultation by video rather than at the studio


@dataclass(frozen=True)
class BookingResult:
    """A booking made: our own ``bookings`` row, plus the provider's id if any."""

    booking_id: str
    provider: str
    start: datetime
    end: datetime
    status: str                      # requested | confirmed
    external_id: Optional[str] = None


class BookingError(Exception):
    """The booking could not be made or changed."""


class SlotTaken(BookingError):
    """Somebody else has just taken that time."""


class ProviderUnavailable(BookingError):
    """The booking system does not answer (or refuses us): fall back to a person."""


class BookingNotFound(BookingError):
    """No active booking with that id."""


@runtime_checkable
class BookingProvider(Protocol):
    """What the chat needs from a booking system."""

    name: str
    offers_slots: bool

    async def available_slots(self, start: datetime, end: datetime) -> list[Slot]:
        """Free consultation times starting in [start, end), earliest first."""

    async def book(self, slot: Slot, attendee: Attendee, lead_id: Optional[str],
                   conversation_id: str) -> BookingResult:
        """Book ``slot``; raises :class:`SlotTaken` or :class:`ProviderUnavailable`."""

    async def cancel(self, booking_id: str, reason: str) -> None:
        """Cancel our booking ``booking_id`` (and the provider's copy)."""
