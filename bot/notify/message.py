"""What a notification says: kind, first name, link. Never health answers."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Optional

from bot.settings import Settings

KINDS = {
    "new_lead": "New lead",
    "handoff": "Request for a person",
    "booking_request": "New booking request",
    "booking_cancelled": "Booking cancelled",         # sent by the booking actions too
    "booking_changed": "Booking changed",             # by video or at the studio, as the visitor asked
    "booking_failed": "A booking needs your help",
    "follow_up_due": "A follow-up is due",             # the "not yet" date agreed with a visitor (bot.followup)
    "unanswered": "Still waiting for an answer",       # a chat or request unanswered for a while (bot.live.unanswered)
}
DEFAULT_DASHBOARD_URL = "http://127.0.0.1:8080"
MAX_SUMMARY = 120


@dataclass(frozen=True)
class Notification:
    kind: str
    title: str
    summary: str              # a first name at most: never health answers
    link: str
    lead_id: Optional[str]
    studio: str
    sent_at: datetime

    @property
    def subject(self) -> str:
        if not self.summary:
            return self.title
        if self.summary.lower().startswith(self.title.lower()):    # "New lead from Anna"
            return self.summary
        return f"{self.title}: {self.summary}"

    def text(self) -> str:
        signature = f"The {self.studio} consultation assistant" if self.studio else "The consultation assistant"
        return "\n".join([self.subject, "",
                          f"Open it in the dashboard: {self.link}", "", f"— {signature}"])

    def payload(self) -> dict[str, object]:
        return {"kind": self.kind, "title": self.title, "summary": self.summary, "lead_id": self.lead_id,
                "url": self.link, "studio": self.studio, "sent_at": self.sent_at.isoformat()}


def _clean(summary: str) -> str:
    """One short line (no header injection, nothing long enough to be a narrative)."""
    text = " ".join((summary or "").split())
    return text if len(text) <= MAX_SUMMARY else text[:MAX_SUMMARY - 1] + "…"


def build(settings: Settings, kind: str, lead_id: Optional[str], summary: str,
          path: Optional[str] = None) -> Notification:
    """``path`` (a dashboard page, e.g. ``/dashboard/conversations/<ref>``) overrides the lead's page."""
    base = (settings.env.get("DASHBOARD_URL") or DEFAULT_DASHBOARD_URL).rstrip("/")
    link = f"{base}/dashboard/leads/{lead_id}" if lead_id else f"{base}/dashboard/queues"
    if path:
        link = base + path
    return Notification(kind=kind, title=KINDS.get(kind, "Notification"), summary=_clean(summary), link=link,
                        lead_id=lead_id, studio=str(settings.studio.get("name", "")),
                        sent_at=datetime.now(timezone.utc))
