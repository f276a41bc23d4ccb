"""Notifications to the practitioner: a new lead, a handoff request, a booking request.

By e-mail (SMTP) and/or a signed webhook, as configured. ``notify`` never
raises: the chat must carry on even when the mail server is down. Messages
hold only the kind, a first name and a link to the dashboard, never health
answers.
"""
from __future__ import annotations

from bot.notify.core import notify, notify_in_background
from bot.notify.message import KINDS, Notification, build

__all__ = ["KINDS", "Notification", "build", "notify", "notify_in_background"]
