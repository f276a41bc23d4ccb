"""Calendar files: RFC 5545 line endings, folding and escaping, the booking's id as UID, no health details."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from bot.booking.ics import escape, event_ics, fold, studio_ics, visitor_ics

START = datetime(2031, 7, 1, 13, 30, tzinfo=timezone.utc)
STUDIO = {"name": "Lumen Skin Studio", "address": "12 Harbour Lane, Brighton BN1 1AA, United Kingdom",
          "phone": "+44 1273 000 123", "email": "hello@lumenskin.example"}


def test_text_is_escaped_and_long_lines_are_folded() -> None:
    assert escape("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    folded = fold("DESCRIPTION:" + "é" * 80)
    lines = folded.split("\r\n")
    assert all(len(line.encode()) <= 75 for line in lines)
    assert all(line.startswith(" ") for line in lines[1:])
    assert "".join(line[1:] if i else line for i, line in enumerate(lines)) == "DESCRIPTION:" + "é" * 80


def test_the_visitors_copy() -> None:
    ics = visitor_ics("b" * 32, START, START + timedelta(minutes=30), STUDIO)
    assert ics.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n") and ics.endswith("END:VCALENDAR\r\n")
    assert "\n" not in ics.replace("\r\n", "")
    assert f"UID:booking-{'b' * 32}@lumenskin.example" in ics
    assert "DTSTART:20310701T133000Z\r\nDTEND:20310701T140000Z" in ics
    assert "SUMMARY:Consultation at Lumen Skin Studio" in ics
    assert "LOCATION:12 Harbour Lane\\, Brighton BN1 1AA\\, United Kingdom" in ics
    assert "STATUS:CONFIRMED" in ics


def test_the_studios_copy_names_the_visitor_by_first_name_only() -> None:
    ics = studio_ics("c" * 32, START, START + timedelta(minutes=30), STUDIO, "Anna", status="TENTATIVE")
    assert "SUMMARY:Consultation: Anna" in ics and "STATUS:TENTATIVE" in ics
    assert "a visitor" in studio_ics("c" * 32, START, START, STUDIO, None)


def test_naive_times_are_read_as_utc() -> None:
    ics = event_ics("x", START.replace(tzinfo=None), START.replace(tzinfo=None) + timedelta(hours=1), "S",
                    now=START)
    assert "DTSTART:20310701T133000Z" in ics and "DTSTAMP:20310701T133000Z" in ics
