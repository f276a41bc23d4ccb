"""Configuration: the studio settings file plus the process environment.

Nothing is read at import time. Call :func:`load_settings` once at start-up and
pass the result to whoever needs it.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Mapping, Optional
from zoneinfo import ZoneInfo

import yaml

from bot.followup.config import FollowupSettings, WhatsAppTemplate, parse_followups

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_STUDIO_FILE = REPO_ROOT / "studio.yml"
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_LABELS = {"mon": "Mon", "tue": "Tue", "wed": "Wed", "thu": "Thu", "fri": "Fri", "sat": "Sat", "sun": "Sun"}


@dataclass(frozen=True)
class Readiness:
    minimum_age: int = 18
    scar_min_months: int = 12
    burn_scar_min_months: int = 18
    areola_min_months_after_reconstruction: int = 3
    areola_min_months_after_radiotherapy: int = 12
    vitiligo_stable_months: int = 12
    isotretinoin_clear_months: int = 12


class SettingsError(ValueError):
    """studio.yml has a mistake outside the sections with their own checks (the message names the key)."""


#: what an outcome's WhatsApp template may be filled with (``message``: the notice the chat would have shown)
OUTCOME_TEMPLATE_PARAMETERS = ("first_name", "studio_name", "message")


@dataclass(frozen=True)
class Alerts:
    """What the practitioner is reminded of, and how a visitor hears an outcome (``notifications`` in studio.yml)."""

    #: a chat waiting for a person, a request for a person or a booking request unanswered this long is
    #: reminded once, by e-mail and webhook (0: never)
    remind_unanswered_minutes: int = 30
    #: the approved WhatsApp template that tells a visitor an outcome outside the 24-hour window (None: by
    #: WhatsApp only inside it)
    outcome_whatsapp_template: Optional[WhatsAppTemplate] = None


def _outcome_template(value: Any) -> Optional[WhatsAppTemplate]:
    key = "notifications.outcome_whatsapp_template"
    if value in (None, "", {}):
        return None
    if isinstance(value, str):
        value = {"name": value}
    if not isinstance(value, Mapping) or not str(value.get("name") or "").strip():
        raise SettingsError(f"{key}: needs a name (an approved template)")
    parameters = value.get("parameters") or []
    if not isinstance(parameters, list) or any(p not in OUTCOME_TEMPLATE_PARAMETERS for p in parameters):
        raise SettingsError(f"{key}.parameters: a list of {', '.join(OUTCOME_TEMPLATE_PARAMETERS)}")
    return WhatsAppTemplate(str(value["name"]).strip(), str(value.get("language") or "en"),
                            tuple(str(p) for p in parameters))


def parse_alerts(raw: Mapping[str, Any]) -> Alerts:
    """The typed alert settings of the ``notifications`` section; a bad value stops start-up with its key."""
    value = raw.get("remind_unanswered_minutes", Alerts.remind_unanswered_minutes)
    key = "notifications.remind_unanswered_minutes"
    if isinstance(value, bool) or not isinstance(value, (int, str)) or not str(value).strip().isdigit():
        raise SettingsError(f"{key}: {value!r} is not a whole number of minutes (0 turns reminders off)")
    minutes = int(str(value).strip())
    if minutes > 7 * 24 * 60:
        raise SettingsError(f"{key}: {minutes} is more than a week")
    return Alerts(minutes, _outcome_template(raw.get("outcome_whatsapp_template")))


@dataclass(frozen=True)
class Settings:
    """Everything the running assistant needs to know about its studio."""

    studio: Mapping[str, Any]
    practitioner: Mapping[str, Any]
    prices: Mapping[str, str]
    privacy: Mapping[str, Any]
    readiness: Readiness
    booking: Mapping[str, Any]
    notifications: Mapping[str, Any]
    database_url: str
    tracker_store_url: str
    env: Mapping[str, str] = field(default_factory=dict)
    followups: FollowupSettings = field(default_factory=FollowupSettings)   # typed, checked (bot.followup.config)
    alerts: Alerts = field(default_factory=Alerts)                          # typed, checked (parse_alerts)

    @property
    def time_zone(self) -> ZoneInfo:
        return ZoneInfo(self.studio.get("time_zone", "UTC"))

    @property
    def notice_version(self) -> str:
        return str(self.privacy.get("notice_version", "1"))

    @property
    def retention_days(self) -> int:
        return int(self.privacy.get("retention_days", 365))

    def opening_hours(self) -> dict[str, tuple[str, str]]:
        hours = self.studio.get("opening_hours") or {}
        return {day: (str(v[0]), str(v[1])) for day, v in hours.items() if v}

    def closed_dates(self) -> set[date]:
        return {date.fromisoformat(str(d)) for d in self.studio.get("closed_dates") or []}

    def day_hours(self) -> dict[str, str]:
        """Each weekday (``"monday"``…) with its hours ("10:00–18:00"), or "" when closed."""
        hours = self.opening_hours()
        names = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
        return {name: (f"{hours[day][0]}–{hours[day][1]}" if day in hours else "") for day, name in zip(WEEKDAYS, names)}

    def hours_text(self) -> str:
        """Opening hours as one short line, grouping consecutive equal days."""
        hours = self.opening_hours()
        groups: list[tuple[list[str], tuple[str, str]]] = []
        for day in WEEKDAYS:
            if day not in hours:
                continue
            if groups and groups[-1][1] == hours[day] and WEEKDAYS.index(groups[-1][0][-1]) == WEEKDAYS.index(day) - 1:
                groups[-1][0].append(day)
            else:
                groups.append(([day], hours[day]))
        parts = []
        for days, (start, end) in groups:
            label = DAY_LABELS[days[0]] if len(days) == 1 else f"{DAY_LABELS[days[0]]}–{DAY_LABELS[days[-1]]}"
            parts.append(f"{label} {start}–{end}")
        closed = [DAY_LABELS[d] for d in WEEKDAYS if d not in hours]
        text = ", ".join(parts)
        if closed:
            text += f" (closed {', '.join(closed)})"
        return text

    @property
    def practitioner_name(self) -> str:
        """The practitioner's name, or a plain description when the studio has not set one."""
        return str(self.practitioner.get("name") or "the practitioner")

    def answer_values(self) -> dict[str, str]:
        """Values for the placeholders used in the answers (``{studio_name}`` …)."""
        s, p, prices = self.studio, self.practitioner, self.prices
        values = {
            "studio_name": s.get("name", ""),
            "studio_address": s.get("address", ""),
            "studio_phone": s.get("phone", ""),
            "studio_email": s.get("email", ""),
            "studio_website": s.get("website", ""),
            "studio_hours": self.hours_text(),
            "studio_time_zone": s.get("time_zone", ""),
            "studio_languages": " and ".join(s.get("languages") or ["English"]),
            "studio_payment": s.get("payment", "Payment details are given at the consultation."),
            "privacy_url": s.get("privacy_policy_url", ""),
            "gallery_url": s.get("gallery_url", ""),
            "practitioner_name": p.get("name", ""),
            "practitioner_training": p.get("training", ""),
            "preparation": str(self.booking.get("preparation") or "No special preparation is needed.").strip(),
        }
        for key in ("consultation", "scar", "stretch_marks", "scalp", "vitiligo", "areola", "touch_up"):
            values[f"price_{key}"] = str(prices.get(key, "on request"))
        return {k: str(v) for k, v in values.items()}

    def reply_values(self) -> dict[str, str]:
        """The answers' placeholders: the studio's facts and its own periods, so no answer quotes another figure."""
        r = self.readiness
        periods = {"scar_min_months": r.scar_min_months, "burn_min_months": r.burn_scar_min_months,
                   "vitiligo_stable_months": r.vitiligo_stable_months,
                   "areola_min_months": r.areola_min_months_after_reconstruction,
                   "radiotherapy_min_months": r.areola_min_months_after_radiotherapy,
                   "isotretinoin_clear_months": r.isotretinoin_clear_months, "minimum_age": r.minimum_age,
                   "booking_days_ahead": int(self.booking.get("days_ahead") or 21),
                   "booking_min_notice_hours": int(self.booking.get("min_notice_hours", 12) or 0),
                   "retention_months": max(1, round(self.retention_days / 30))}
        values = self.answer_values()
        return {**values, "studio_payment_plain": how_to_pay(values["studio_payment"]),
                **{k: str(v) for k, v in periods.items()}}


def how_to_pay(payment: str) -> str:
    """The payment text without what sets the studio apart from public care ("… is a private studio."), for
    "do you take a deposit?": that sentence answers the NHS question, not this one."""
    sentences = re.split(r"(?<=[.!?])\s+", payment.strip())
    kept = [s for s in sentences if not re.search(r"\bprivate\b|\bNHS\b|\binsur", s, re.IGNORECASE)]
    return " ".join(kept) or payment


def _sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def load_settings(studio_file: str | os.PathLike[str] | None = None,
                  environ: Mapping[str, str] | None = None) -> Settings:
    """Read the studio settings file and the environment into one object."""
    env = dict(os.environ if environ is None else environ)
    path = Path(studio_file or env.get("STUDIO_SETTINGS") or DEFAULT_STUDIO_FILE)
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    var_dir = Path(env.get("VAR_DIR") or REPO_ROOT / "var")
    known = {f for f in Readiness.__dataclass_fields__}
    readiness = Readiness(**{k: int(v) for k, v in (raw.get("readiness") or {}).items() if k in known})
    return Settings(
        studio=raw.get("studio") or {},
        practitioner=raw.get("practitioner") or {},
        prices=raw.get("prices") or {},
        privacy=raw.get("privacy") or {},
        readiness=readiness,
        booking=raw.get("booking") or {},
        notifications=raw.get("notifications") or {},
        database_url=env.get("DATABASE_URL") or _sqlite_url(var_dir / "leads.db"),
        tracker_store_url=env.get("TRACKER_STORE_URL") or _sqlite_url(var_dir / "tracker.db"),
        env=env,
        followups=parse_followups(raw.get("followups")),
        alerts=parse_alerts(raw.get("notifications") or {}),
    )
