"""Signed links in a reminder e-mail: confirm attendance, cancel the consultation, or see how to change it.

The token is the repository's own encrypted, signed, expiring token (:mod:`bot.channels.resume`, keyed by
``RESUME_LINK_SECRET``; no new dependency): it holds only ``visit:<booking id>`` (a random id, encrypted), so
the URL names no one and carries nothing from the intake. It expires when the consultation ends; the action is
in the path (``/consultation/confirm|cancel|change?t=…``) and the page that opens changes nothing until its
button is pressed (a mail scanner opening links cancels nothing).
"""
from __future__ import annotations

from datetime import datetime
from typing import Optional
from urllib.parse import quote

from bot.channels.resume import make_token, open_token, resume_secret
from bot.followup.timing import as_utc
from bot.settings import Settings

PREFIX = "visit:"
BASE_PATH = "/consultation"
ACTIONS = ("confirm", "cancel", "change")
LABELS = {"confirm": "Confirm you are coming", "cancel": "Cancel the consultation",
          "change": "Change the time"}


def _site(settings: Settings) -> str:
    return (settings.env.get("DASHBOARD_URL") or "http://localhost:8080").rstrip("/")


def visit_token(settings: Settings, booking_id: str, expires_at: datetime, now: datetime) -> Optional[str]:
    """A token for the booking valid until ``expires_at`` (the consultation's end); None once that is past."""
    ttl = int((as_utc(expires_at) - as_utc(now)).total_seconds())
    if ttl <= 0:
        return None
    return make_token(f"{PREFIX}{booking_id}", resume_secret(settings.env), ttl=ttl, now=as_utc(now).timestamp())


def booking_of(settings: Settings, token: object, now: datetime) -> Optional[str]:
    """The booking id in a valid, unexpired token; None for a tampered, expired or foreign one."""
    if not isinstance(token, str) or not token or len(token) > 400:
        return None
    opened = open_token(token, resume_secret(settings.env), now=as_utc(now).timestamp())
    return opened[len(PREFIX):] if opened and opened.startswith(PREFIX) else None


def visit_links(settings: Settings, booking_id: str, expires_at: datetime,
                now: datetime) -> tuple[tuple[str, str], ...]:
    """(label, URL) for each action, in the order the e-mail lists them; none when the consultation is over."""
    token = visit_token(settings, booking_id, expires_at, now)
    if token is None:
        return ()
    return tuple((LABELS[action], f"{_site(settings)}{BASE_PATH}/{action}?t={quote(token)}") for action in ACTIONS)
