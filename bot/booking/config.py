"""The ``booking`` section of studio.yml, read into one typed object."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping, Optional

from bot.settings import Settings

DEFAULT_PREPARATION = (
    "No special preparation is needed. If you can, come with the area free of make-up, creams or self-tan, and "
    "bring any notes from your doctor or surgeon that you think are useful. Wear clothes that make the area easy "
    "to see.")

#: Friendly names for common studio time zones ("UK time (Europe/London)").
ZONE_NAMES = {"Europe/London": "UK time", "Europe/Dublin": "Irish time", "Europe/Madrid": "Spanish time",
              "Europe/Paris": "French time", "Europe/Berlin": "German time", "Europe/Lisbon": "Portuguese time",
              "America/New_York": "Eastern time", "America/Los_Angeles": "Pacific time"}


@dataclass(frozen=True)
class CalcomConfig:
    base_url: str = "https://api.cal.com"
    event_type_id: int = 0
    api_version: str = "2024-08-13"          # bookings and cancel
    slots_api_version: str = "2024-09-04"    # GET /v2/slots
    timeout_seconds: float = 8.0
    retries: int = 2
    backoff_seconds: float = 0.5
    max_wait_seconds: float = 5.0
    api_key: Optional[str] = None


@dataclass(frozen=True)
class BookingConfig:
    provider: str = "calendar"
    consultation_minutes: int = 30
    buffer_minutes: int = 15
    days_ahead: int = 21
    min_notice_hours: int = 12
    slots_per_page: int = 5
    link_url: str = ""
    preparation: str = DEFAULT_PREPARATION
    calcom: CalcomConfig = CalcomConfig()

    @property
    def page_size(self) -> int:
        return max(1, min(self.slots_per_page, 5))


def _calcom(raw: Mapping[str, Any], env: Mapping[str, str]) -> CalcomConfig:
    defaults = CalcomConfig()
    return CalcomConfig(
        base_url=(env.get("CALCOM_BASE_URL") or str(raw.get("base_url") or defaults.base_url)).rstrip("/"),
        event_type_id=int(raw.get("event_type_id") or 0),
        api_version=str(raw.get("api_version") or defaults.api_version),
        slots_api_version=str(raw.get("slots_api_version") or defaults.slots_api_version),
        timeout_seconds=float(raw.get("timeout_seconds") or defaults.timeout_seconds),
        retries=int(raw.get("retries", defaults.retries)),
        backoff_seconds=float(raw.get("backoff_seconds", defaults.backoff_seconds)),
        max_wait_seconds=float(raw.get("max_wait_seconds", defaults.max_wait_seconds)),
        api_key=env.get("CALCOM_API_KEY") or None,
    )


def booking_config(settings: Settings) -> BookingConfig:
    """The booking settings with defaults filled in; secrets from the environment."""
    raw = settings.booking or {}
    defaults = BookingConfig()
    return BookingConfig(
        provider=str(raw.get("provider") or defaults.provider).strip().lower(),
        consultation_minutes=int(raw.get("consultation_minutes") or defaults.consultation_minutes),
        buffer_minutes=int(raw.get("buffer_minutes", defaults.buffer_minutes) or 0),
        days_ahead=int(raw.get("days_ahead") or defaults.days_ahead),
        min_notice_hours=int(raw.get("min_notice_hours", defaults.min_notice_hours) or 0),
        slots_per_page=int(raw.get("slots_per_page") or defaults.slots_per_page),
        link_url=str(raw.get("link_url") or ""),
        preparation=str(raw.get("preparation") or defaults.preparation).strip(),
        calcom=_calcom(raw.get("calcom") or {}, settings.env),
    )


def zone_label(zone: str) -> str:
    """How a time zone is named to a visitor: ``UK time (Europe/London)``."""
    friendly = ZONE_NAMES.get(zone)
    if friendly is None:
        friendly = f"{zone.rsplit('/', 1)[-1].replace('_', ' ')} time"
    return f"{friendly} ({zone})"
