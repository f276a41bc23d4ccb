"""E-mails to a visitor: an outcome (a booking confirmed or declined, a request answered) when their chat is closed.

Through the same SMTP server as the studio's notifications (:mod:`bot.notify.mail`).
The text is the notice the chat would have shown (the studio's name, a time, a
reason the practitioner chose to give): never intake answers. A confirmed
booking carries its calendar file (``consultation.ics``).
"""
from __future__ import annotations

import logging
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import Optional

from bot.notify import mail
from bot.settings import Settings

log = logging.getLogger(__name__)


def visitor_message(settings: Settings, to: str, subject: str, text: str, first_name: Optional[str] = None,
                    ics: Optional[str] = None) -> EmailMessage:
    sender = mail.sender_address(settings)
    studio = str(settings.studio.get("name") or "The studio")
    contact = " · ".join(str(v) for v in (settings.studio.get("phone"), settings.studio.get("email")) if v)
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = to
    msg["Subject"] = subject
    msg["Date"] = formatdate(localtime=False)
    msg["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    msg["Auto-Submitted"] = "auto-generated"
    greeting = f"Hello {first_name}," if first_name else "Hello,"
    lines = [greeting, "", text, ""]
    if contact:
        lines += [f"Questions? Reply to this email or contact {studio}: {contact}.", ""]
    lines.append(f"— {studio}")
    msg.set_content("\n".join(lines))
    if ics:
        msg.add_attachment(ics.encode(), maintype="text", subtype="calendar", filename="consultation.ics",
                           params={"method": "PUBLISH"})
    return msg


async def send_to_visitor(settings: Settings, to: str, subject: str, text: str, first_name: Optional[str] = None,
                          ics: Optional[str] = None) -> bool:
    """Send it; False when e-mail is not configured or it failed (logged by type, never the address)."""
    if not mail.configured(settings) or not to:
        return False
    try:
        await mail.deliver(settings, visitor_message(settings, to, subject, text, first_name, ics))
    except Exception as exc:  # the practitioner's action must not fail on SMTP
        log.error("E-mail to a visitor failed: %s", type(exc).__name__)
        return False
    log.info("A notice was e-mailed to a visitor%s", " with a calendar file" if ics else "")
    return True
