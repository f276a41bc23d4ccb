"""What a follow-up says: the studio's text for its kind (studio.yml ``followups.texts``), filled in when sent.

Placeholders: the visitor's first name, the studio's name, practitioner, phone, e-mail and address, the
consultation's time (``{when}``), a link to carry on in the website chat (``{link}``, e-mail only: in a
messaging app the visitor simply replies) and how to stop (``{stop}``). Never anything from the intake.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Optional

from bot.dashboard.timefmt import fmt_slot
from bot.settings import Settings

STOP_REPLY = "Reply STOP to receive no more messages like this."
STOP_LINK = "To receive no more messages like this: {url}"
SUBJECTS = {
    "consultation_reminder": "Your consultation with {studio_name}",
    "not_yet": "{studio_name}: getting back in touch",
    "aftercare": "Caring for your treatment area",
    "check_in": "How is your treatment area healing?",
    "touch_up": "Time for a touch-up?",
}


@dataclass(frozen=True)
class Message:
    text: str
    subject: str
    values: dict[str, str]          # the placeholders, for a template's parameters
    #: (label, signed URL) under the text of a reminder e-mail: confirm, cancel, change (bot.followup.visit_links)
    actions: tuple[tuple[str, str], ...] = ()


def compose(settings: Settings, kind: str, first_name: Optional[str], when: Optional[datetime] = None,
            link: str = "", stop_url: str = "", actions: tuple[tuple[str, str], ...] = ()) -> Message:
    studio = settings.studio
    values = {
        "first_name": (first_name or "there").strip() or "there",
        "studio_name": str(studio.get("name") or "the studio"),
        "practitioner_name": settings.practitioner_name,
        "studio_phone": str(studio.get("phone") or studio.get("email") or ""),
        "studio_email": str(studio.get("email") or ""),
        "studio_address": str(studio.get("address") or "the studio"),
        "when": fmt_slot(when, settings.time_zone) if when else "",
        "link": f" or continue in the chat: {link}" if link else "",
        "stop": STOP_LINK.format(url=stop_url) if stop_url else STOP_REPLY,
    }
    text = settings.followups.text(kind).format(**values)
    subject = SUBJECTS.get(kind, "A message from {studio_name}").format(**values)
    return Message(" ".join(text.split()), subject, values, actions)
