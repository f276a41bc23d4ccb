"""CSV export of the filtered leads list.

What a practitioner needs to follow up (contact details, concern category,
readiness outcome, status, dates, next booking) and no health answers. Cells
that a spreadsheet could take for a formula are neutralised.
"""
from __future__ import annotations

import csv
import io
import re
from typing import Mapping, Sequence
from zoneinfo import ZoneInfo

from bot.dashboard.labels import booking_status_label, concern_label, readiness_label, status_label, value_of
from bot.dashboard.timefmt import to_local
from bot.store.models import Booking, Lead

HEADER = ["Lead ID", "Created", "First name", "Email", "Phone", "Preferred contact", "Channel", "Language",
          "Concern", "Readiness", "Status", "Earliest date", "Follow-up date", "Next consultation",
          "Consultation status", "Dashboard link"]
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
_PHONE = re.compile(r"^\+\d{6,15}$")


def safe_cell(value: object) -> str:
    """Text a spreadsheet shows as text (OWASP CSV injection advice); E.164 phone numbers stay as they are."""
    text = "" if value is None else str(value)
    if text.startswith(_FORMULA_START) and not _PHONE.match(text):
        return "'" + text
    return text


def _local(value, tz: ZoneInfo) -> str:
    return to_local(value, tz).strftime("%Y-%m-%d %H:%M") if value else ""


def lead_row(lead: Lead, booking: Booking | None, tz: ZoneInfo, base_url: str, status: str = "") -> list[str]:
    """One lead's cells; ``status`` is its shown status (bot.dashboard.lead_state), else the stored one."""
    return [safe_cell(v) for v in (
        lead.id, _local(lead.created_at, tz), lead.first_name, lead.email, lead.phone, lead.preferred_contact,
        lead.channel, lead.language, concern_label(lead.concern) if lead.concern else "",
        readiness_label(value_of(lead.readiness) or None, short=True), status_label(status or value_of(lead.status)),
        lead.earliest_date.isoformat() if lead.earliest_date else "",
        lead.follow_up_date.isoformat() if lead.follow_up_date else "",
        _local(booking.start_at, tz) if booking else "",
        booking_status_label(value_of(booking.status)) if booking else "",
        f"{base_url}/dashboard/leads/{lead.id}")]


def leads_csv(leads: Sequence[Lead], bookings: Mapping[str, Booking], tz: ZoneInfo, base_url: str,
              shown: Mapping[str, str] | None = None) -> str:
    """The CSV text, with a byte-order mark so that spreadsheet programs read UTF-8 names correctly.

    ``shown`` maps lead ids to their shown status (what the list shows, not the stored value).
    """
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    shown = shown or {}
    for lead in leads:
        writer.writerow(lead_row(lead, bookings.get(lead.id), tz, base_url.rstrip("/"), shown.get(lead.id, "")))
    return out.getvalue()
