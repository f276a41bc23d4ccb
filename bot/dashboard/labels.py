"""Plain-language names for the values stored in the leads store."""
from __future__ import annotations

from typing import Optional

from bot.store.models import LeadStatus, Readiness

CONCERNS = {
    "scar": "Scar",
    "stretch_marks": "Stretch marks",
    "scalp": "Scalp (hair loss)",
    "vitiligo": "Vitiligo",
    "areola": "Areola / nipple",
    "other": "Something else",
}
CHANNELS = {
    "rest": "Website (REST)",
    "socketio": "Website chat",
    "telegram": "Telegram",
    "twilio": "SMS / WhatsApp (Twilio)",
    "whatsapp_cloud": "WhatsApp",
    "whatsapp": "WhatsApp",
    "facebook": "Messenger",
}
READINESS_SHORT = {"ready": "Ready", "review": "Review", "not_yet": "Not yet", "none": "No intake yet"}
HANDOFF_KINDS = {"person": "Asked for a person", "time_preference": "No suitable time offered",
                 "failed_input": "The assistant could not understand",
                 "booking_failed": "The booking system needs you", "follow_up": "Follow-up date reached"}
PROVIDERS = {"calendar": "Studio calendar", "calcom": "Cal.com", "link": "Booking link"}
#: Statuses shown but never stored (bot.dashboard.lead_state decides them).
SHOWN_ONLY = {"consultation_requested": "Consultation requested", "booking_declined": "Booking declined",
              "booking_cancelled": "Booking cancelled"}
BOOKING_STATUSES = {"requested": "Awaiting confirmation", "confirmed": "Confirmed", "declined": "Declined",
                    "cancelled": "Cancelled"}


def _fallback(value: str) -> str:
    return value.replace("_", " ").capitalize()


def status_label(value: Optional[str]) -> str:
    if not value:
        return ""
    if value in SHOWN_ONLY:
        return SHOWN_ONLY[value]
    try:
        return LeadStatus(value).label
    except ValueError:
        return _fallback(value)


def readiness_label(value: Optional[str], short: bool = False) -> str:
    if not value:
        return READINESS_SHORT["none"]
    if short:
        return READINESS_SHORT.get(value, _fallback(value))
    try:
        return Readiness(value).label
    except ValueError:
        return _fallback(value)


def concern_label(value: Optional[str]) -> str:
    return CONCERNS.get(value or "", _fallback(value)) if value else "Not given"


def channel_label(value: Optional[str]) -> str:
    return CHANNELS.get(value or "", _fallback(value)) if value else "Unknown"


def handoff_label(value: Optional[str]) -> str:
    return HANDOFF_KINDS.get(value or "", _fallback(value or "request"))


def provider_label(value: Optional[str]) -> str:
    return PROVIDERS.get(value or "", _fallback(value or ""))


def booking_status_label(value: Optional[str]) -> str:
    return BOOKING_STATUSES.get(value or "", _fallback(value or ""))


def value_of(value: object) -> str:
    """An enum member or a plain string, as its stored value."""
    return str(getattr(value, "value", value) or "")
