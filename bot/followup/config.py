"""The ``followups`` section of studio.yml, typed and checked at start-up (standard library only).

A mistake in the section (a reminder of "-2" hours, quiet hours of "25:00", a text with an unknown
``{placeholder}``) raises :class:`FollowupConfigError` naming the key, so a studio finds it when the
assistant starts rather than when a message would have gone out.
"""
from __future__ import annotations

import string
from dataclasses import dataclass, field
from datetime import time
from typing import Any, Mapping, Optional

KINDS = ("consultation_reminder", "not_yet", "not_yet_task", "aftercare", "check_in", "touch_up")
#: placeholders a text may use (filled in bot.followup.texts)
PLACEHOLDERS = frozenset({"first_name", "studio_name", "practitioner_name", "studio_phone", "studio_email",
                          "studio_address", "when", "link", "stop"})

DEFAULT_TEXTS = {
    "consultation_reminder": (
        "Hello {first_name}, this is a reminder of your consultation with {studio_name} on {when}, at "
        "{studio_address}. To move or cancel it, just reply here{link}. {stop}"),
    "not_yet": (
        "Hello {first_name}, when you spoke with {studio_name}'s assistant it was a little early for your "
        "treatment, and we said we would get in touch around now. If you would like to carry on where you left "
        "off and check again whether the time is right, reply here{link}. {stop}"),
    "aftercare": (
        "Hello {first_name}, thank you for your session at {studio_name}. How you care for the area over the next "
        "days directly affects the result: keep it clean and dry, don't pick or scratch, avoid swimming, saunas, "
        "sweaty exercise and direct sun until it has healed, and use only what {practitioner_name} recommended. "
        "If anything worries you, contact the studio: {studio_phone}. {stop}"),
    "check_in": (
        "Hello {first_name}, it has been a few weeks since your session at {studio_name}. How is the area "
        "healing? Colour often settles and softens during healing; if you have a question, or would like the "
        "practitioner to look at it, reply here or call {studio_phone}. {stop}"),
    "touch_up": (
        "Hello {first_name}, it has been a while since your treatment at {studio_name}. Micropigmentation fades "
        "gradually, and a touch-up every 2 to 3 years keeps the result natural. If you would like one, reply "
        "here{link} or call {studio_phone}. {stop}"),
}


class FollowupConfigError(ValueError):
    """studio.yml's ``followups`` section has a mistake (the message names the key)."""


@dataclass(frozen=True)
class WhatsAppTemplate:
    """An approved WhatsApp template (outside the 24-hour window only these may be sent)."""

    name: str
    language: str = "en"
    #: the template's body parameters, in order, by placeholder name (e.g. ["first_name", "when"])
    parameters: tuple[str, ...] = ()


@dataclass(frozen=True)
class FollowupSettings:
    enabled: bool = True
    reminder_hours: tuple[int, ...] = (24, 2)       # before the consultation, in local wall-clock hours
    send_time: time = time(10, 0)                    # local time of messages due on a date
    quiet_start: time = time(21, 0)                  # no messages from ...
    quiet_end: time = time(8, 0)                     # ... until (local time; may wrap past midnight)
    aftercare_after_minutes: int = 60
    check_in_after_days: int = 42
    touch_up_after_months: int = 30                  # 2.5 years, inside the article's 2-3 years
    max_attempts: int = 5
    retry_after_minutes: int = 5                     # doubles after each failed attempt
    link_days: int = 14                              # how long a resume link in a message stays valid
    texts: Mapping[str, str] = field(default_factory=lambda: dict(DEFAULT_TEXTS))
    whatsapp_templates: Mapping[str, WhatsAppTemplate] = field(default_factory=dict)

    def text(self, kind: str) -> str:
        return self.texts.get(kind) or DEFAULT_TEXTS.get(kind, "")


def _time(key: str, value: Any) -> time:
    try:
        hours, minutes = str(value).strip().split(":")
        return time(int(hours), int(minutes))
    except (ValueError, TypeError):
        raise FollowupConfigError(f"followups.{key}: {value!r} is not a time like \"21:00\"") from None


def _int(key: str, value: Any, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise FollowupConfigError(f"followups.{key}: {value!r} is not a whole number")
    try:
        number = int(str(value).strip())
    except ValueError:
        raise FollowupConfigError(f"followups.{key}: {value!r} is not a whole number") from None
    if not low <= number <= high:
        raise FollowupConfigError(f"followups.{key}: {number} is outside {low}-{high}")
    return number


def _check_text(key: str, text: Any) -> str:
    if not isinstance(text, str) or not text.strip():
        raise FollowupConfigError(f"followups.texts.{key}: a text is needed")
    try:
        names = {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError as error:
        raise FollowupConfigError(f"followups.texts.{key}: {error}") from None
    unknown = sorted(n for n in names if n not in PLACEHOLDERS)
    if unknown:
        raise FollowupConfigError(f"followups.texts.{key}: unknown placeholder(s) {', '.join(unknown)}; "
                                  f"use {', '.join(sorted(PLACEHOLDERS))}")
    return " ".join(text.split())


def _template(key: str, value: Any) -> WhatsAppTemplate:
    if isinstance(value, str):
        value = {"name": value}
    if not isinstance(value, Mapping) or not str(value.get("name") or "").strip():
        raise FollowupConfigError(f"followups.whatsapp_templates.{key}: needs a name")
    parameters = value.get("parameters") or []
    if not isinstance(parameters, list) or any(p not in PLACEHOLDERS for p in parameters):
        raise FollowupConfigError(f"followups.whatsapp_templates.{key}.parameters: a list of "
                                  f"{', '.join(sorted(PLACEHOLDERS))}")
    return WhatsAppTemplate(str(value["name"]).strip(), str(value.get("language") or "en"),
                            tuple(str(p) for p in parameters))


def parse_followups(raw: Optional[Mapping[str, Any]]) -> FollowupSettings:
    """The section as :class:`FollowupSettings`; missing keys keep their defaults."""
    raw = raw or {}
    if not isinstance(raw, Mapping):
        raise FollowupConfigError("followups: must be a mapping")
    known = {"enabled", "reminder_hours_before", "send_time", "quiet_hours", "aftercare_after_minutes",
             "check_in_after_days", "touch_up_after_months", "max_attempts", "retry_after_minutes",
             "link_days", "texts", "whatsapp_templates"}
    unknown = sorted(set(raw) - known)
    if unknown:
        raise FollowupConfigError(f"followups: unknown key(s) {', '.join(unknown)}")
    values: dict[str, Any] = {}
    if "enabled" in raw:
        values["enabled"] = bool(raw["enabled"])
    if "reminder_hours_before" in raw:
        hours = raw["reminder_hours_before"] or []
        if not isinstance(hours, list):
            raise FollowupConfigError("followups.reminder_hours_before: a list of hours, e.g. [24, 2]")
        values["reminder_hours"] = tuple(sorted({_int("reminder_hours_before", h, 1, 24 * 14) for h in hours},
                                                reverse=True))
    if "send_time" in raw:
        values["send_time"] = _time("send_time", raw["send_time"])
    if "quiet_hours" in raw:
        quiet = raw["quiet_hours"]
        if quiet in (None, [], ""):
            values["quiet_start"] = values["quiet_end"] = time(0, 0)      # equal: no quiet hours
        elif isinstance(quiet, list) and len(quiet) == 2:
            values["quiet_start"], values["quiet_end"] = _time("quiet_hours", quiet[0]), _time("quiet_hours", quiet[1])
        else:
            raise FollowupConfigError("followups.quiet_hours: [start, end], e.g. [\"21:00\", \"08:00\"]")
    for key, low, high in (("aftercare_after_minutes", 0, 7 * 24 * 60), ("check_in_after_days", 1, 365),
                           ("touch_up_after_months", 1, 120), ("max_attempts", 1, 20),
                           ("retry_after_minutes", 1, 24 * 60), ("link_days", 1, 60)):
        if key in raw:
            values[key] = _int(key, raw[key], low, high)
    texts = dict(DEFAULT_TEXTS)
    for key, text in (raw.get("texts") or {}).items():
        if key not in DEFAULT_TEXTS:
            raise FollowupConfigError(f"followups.texts.{key}: not a kind of message ({', '.join(DEFAULT_TEXTS)})")
        texts[key] = _check_text(key, text)
    values["texts"] = texts
    templates = raw.get("whatsapp_templates") or {}
    if not isinstance(templates, Mapping):
        raise FollowupConfigError("followups.whatsapp_templates: a mapping of kind to template")
    for key in templates:
        if key not in KINDS:
            raise FollowupConfigError(f"followups.whatsapp_templates.{key}: not a kind of message")
    values["whatsapp_templates"] = {k: _template(k, v) for k, v in templates.items()}
    settings = FollowupSettings(**values)
    if settings.quiet_start != settings.quiet_end and not _allowed(settings.send_time, settings):
        raise FollowupConfigError("followups.send_time falls in the quiet hours")
    return settings


def _allowed(at: time, settings: FollowupSettings) -> bool:
    start, end = settings.quiet_start, settings.quiet_end
    if start == end:
        return True
    if start < end:
        return not start <= at < end
    return end <= at < start
