"""The link handoff: the studio's booking page, prefilled with name and email (no health data).

Health answers never go into a URL: URLs end up in browser histories, server
logs and analytics. This module only ever adds ``name``, ``email`` and, when
given, ``metadata[lead_id]``: the lead's random id (no personal data), which
Cal.com hands back in its webhook so the booking finds its lead
(:mod:`bot.booking.webhooks`).
"""
from __future__ import annotations

from datetime import datetime
from typing import Optional
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

from bot.booking.base import Attendee, BookingError, BookingNotFound, BookingResult, Slot

LEAD_PARAM = "metadata[lead_id]"
PREFILL_KEYS = ("name", "email", LEAD_PARAM)


def booking_url(base: str, name: Optional[str] = None, email: Optional[str] = None,
                lead_id: Optional[str] = None) -> str:
    """``base`` with ``name``, ``email`` (and ``metadata[lead_id]``) as URL-encoded query parameters."""
    parts = urlsplit(base)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k not in PREFILL_KEYS]
    for key, value in (("name", name), ("email", email), (LEAD_PARAM, lead_id)):
        if value and value.strip():
            query.append((key, value.strip()))
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query, quote_via=quote), parts.fragment))


class LinkProvider:
    """No times in the chat: the visitor books on the studio's page."""

    name = "link"
    offers_slots = False

    def __init__(self, url: str) -> None:
        self.url = url

    def url_for(self, attendee: Optional[Attendee], lead_id: Optional[str] = None) -> str:
        if attendee is None:
            return booking_url(self.url, lead_id=lead_id)
        return booking_url(self.url, attendee.name, attendee.email, lead_id)

    async def available_slots(self, start: datetime, end: datetime) -> list[Slot]:
        return []

    async def book(self, slot: Slot, attendee: Attendee, lead_id: Optional[str],
                   conversation_id: str) -> BookingResult:
        raise BookingError("bookings are made on the booking page")

    async def cancel(self, booking_id: str, reason: str) -> None:
        raise BookingNotFound(booking_id)
