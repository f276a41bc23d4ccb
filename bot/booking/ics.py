"""Calendar files (RFC 5545) for a consultation: attached to the visitor's confirmation, downloaded by the studio.

One ``VEVENT`` in UTC, with the booking's id as its ``UID`` (so a calendar
updates the same event), the studio's address as the location and nothing
about the visitor's health: the visitor's copy names the studio, the studio's
copy names the visitor by first name.
"""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Mapping, Optional

PRODUCT = "-//Consultation assistant//Bookings//EN"
LINE_OCTETS = 75


def escape(value: str) -> str:
    """TEXT escaping: backslash, semicolon, comma and line breaks."""
    return (value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))


def fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after CRLF and a space (never inside a character)."""
    out, current, size = [], "", 0
    for char in line:
        width = len(char.encode())
        if size + width > LINE_OCTETS:
            out.append(current)
            current, size = " ", 1
        current += char
        size += width
    out.append(current)
    return "\r\n".join(out)


def stamp(moment: datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def event_ics(uid: str, start: datetime, end: datetime, summary: str, location: str = "", description: str = "",
              status: str = "CONFIRMED", now: Optional[datetime] = None, method: str = "PUBLISH") -> str:
    """A calendar with one event, CRLF line endings, folded lines."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODUCT}", "CALSCALE:GREGORIAN", f"METHOD:{method}",
             "BEGIN:VEVENT", f"UID:{escape(uid)}", f"DTSTAMP:{stamp(now or datetime.now(timezone.utc))}",
             f"DTSTART:{stamp(start)}", f"DTEND:{stamp(end)}", f"SUMMARY:{escape(summary)}"]
    if location:
        lines.append(f"LOCATION:{escape(location)}")
    if description:
        lines.append(f"DESCRIPTION:{escape(description)}")
    lines += [f"STATUS:{status}", "TRANSP:OPAQUE", "END:VEVENT", "END:VCALENDAR"]
    return "\r\n".join(fold(line) for line in lines) + "\r\n"


def booking_uid(booking_id: str, studio_email: str = "") -> str:
    domain = studio_email.rpartition("@")[2] or "consultation-assistant.local"
    return f"booking-{booking_id}@{domain}"


#: where a consultation by video takes place, for both calendars
VIDEO_LOCATION = "Video call (the studio sends the link)"


def visitor_ics(booking_id: str, start: datetime, end: datetime, studio: Mapping[str, Any],
                by_video: bool = False) -> str:
    """The visitor's copy: the studio, its address (or the video call) and phone."""
    name = str(studio.get("name") or "the studio")
    contact = " · ".join(str(v) for v in (studio.get("phone"), studio.get("email")) if v)
    return event_ics(booking_uid(booking_id, str(studio.get("email") or "")), start, end,
                     f"Video consultation with {name}" if by_video else f"Consultation at {name}",
                     VIDEO_LOCATION if by_video else str(studio.get("address") or ""),
                     f"Your consultation with {name}." + (f" To change it: {contact}." if contact else ""))


def studio_ics(booking_id: str, start: datetime, end: datetime, studio: Mapping[str, Any],
               first_name: Optional[str], status: str = "CONFIRMED", by_video: bool = False) -> str:
    """The studio's copy: the visitor's first name at most (details stay in the dashboard)."""
    who = first_name or "a visitor"
    return event_ics(booking_uid(booking_id, str(studio.get("email") or "")), start, end,
                     f"{'Video consultation' if by_video else 'Consultation'}: {who}",
                     VIDEO_LOCATION if by_video else str(studio.get("address") or ""),
                     "Booked through the consultation assistant.", status)
