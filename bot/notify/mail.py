"""E-mail notifications via SMTP (aiosmtplib).

SMTP_HOST (none: no e-mail), SMTP_PORT (587; 465 means implicit TLS),
SMTP_USER, SMTP_PASSWORD, SMTP_FROM, SMTP_STARTTLS (1/0; unset: use it when
the server offers it). Recipients: ``notifications.email_to`` in studio.yml.
"""
from __future__ import annotations

import logging
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import Optional

import aiosmtplib

from bot.notify.message import Notification
from bot.settings import Settings

log = logging.getLogger(__name__)
TIMEOUT_SECONDS = 15.0


def recipients(settings: Settings) -> list[str]:
    value = settings.notifications.get("email_to") or []
    items = [value] if isinstance(value, str) else list(value)
    return [str(v).strip() for v in items if str(v).strip()]


def _flag(value: Optional[str]) -> Optional[bool]:
    if value is None or value.strip() == "":
        return None
    return value.strip().lower() in {"1", "true", "yes", "on"}


def sender_address(settings: Settings) -> str:
    env = settings.env
    return env.get("SMTP_FROM") or env.get("SMTP_USER") or str(settings.studio.get("email") or "assistant@localhost")


def message(settings: Settings, note: Notification, to: list[str]) -> EmailMessage:
    sender = sender_address(settings)
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = ", ".join(to)
    msg["Subject"] = note.subject
    msg["Date"] = formatdate(localtime=False)
    msg["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    msg["Auto-Submitted"] = "auto-generated"
    msg.set_content(note.text())
    return msg


def configured(settings: Settings) -> bool:
    return bool(settings.env.get("SMTP_HOST"))


async def deliver(settings: Settings, msg: EmailMessage) -> None:
    """Hand ``msg`` to the SMTP server of the environment (``SMTP_HOST`` must be set)."""
    env = settings.env
    port = int(env.get("SMTP_PORT") or 587)
    implicit_tls = port == 465
    await aiosmtplib.send(
        msg, hostname=env["SMTP_HOST"], port=port,
        username=env.get("SMTP_USER") or None, password=env.get("SMTP_PASSWORD") or None,
        use_tls=implicit_tls, start_tls=None if implicit_tls else _flag(env.get("SMTP_STARTTLS")),
        timeout=TIMEOUT_SECONDS)


async def send(settings: Settings, note: Notification) -> bool:
    """Send the e-mail; False when e-mail is not configured."""
    to = recipients(settings)
    if not configured(settings) or not to:
        return False
    await deliver(settings, message(settings, note, to))
    log.info("Notification %s e-mailed to %d recipient(s)", note.kind, len(to))
    return True
