"""The visitor's time zone, where it can be known, for the quiet hours ("no messages at night where they are").

Known from a phone number (the lead's phone, or the conversation id on WhatsApp and Twilio, which is the number)
through the time-zone data of ``phonenumbers`` (already in the app environment): when every zone of the number
keeps the same UTC offset at that moment (a UK mobile: London, Jersey, Guernsey, Isle of Man), that zone is used
— the studio's own zone when it is one of them. A number whose country spans several offsets (a Spanish mobile:
Madrid or the Canaries; an Australian mobile), an invalid number, or no number (the website chat, Telegram,
Messenger) gives the studio's zone, as before.
"""
from __future__ import annotations

from datetime import datetime
from typing import Optional
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import phonenumbers
from phonenumbers import timezone as number_zones

from bot.followup.config import FollowupSettings
from bot.followup.timing import QuietHours, as_utc
from bot.store.models import Lead

#: channels whose conversation id is the visitor's phone number
PHONE_CHANNELS = ("whatsapp_cloud", "twilio")


def phone_of(lead: Lead) -> Optional[str]:
    """The visitor's number in E.164 form if there is one to read."""
    if lead.phone:
        return str(lead.phone)
    if lead.channel in PHONE_CHANNELS and lead.conversation_id:
        number = lead.conversation_id.removeprefix("whatsapp:")
        return number if number.startswith("+") else f"+{number}"
    return None


def zone_of_number(number: str, studio: ZoneInfo, at: datetime) -> Optional[ZoneInfo]:
    """The one UTC offset the number's zones share at ``at`` (as a zone), else None."""
    try:
        parsed = phonenumbers.parse(number, None)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(parsed):
        return None
    zones: list[ZoneInfo] = []
    for name in number_zones.time_zones_for_number(parsed):
        try:
            zones.append(ZoneInfo(name))
        except (ZoneInfoNotFoundError, ValueError):
            return None                  # "Etc/Unknown", or a zone this system does not know
    moment = as_utc(at)
    if not zones or len({moment.astimezone(zone).utcoffset() for zone in zones}) != 1:
        return None
    return studio if studio.key in {zone.key for zone in zones} else zones[0]


def visitor_zone(lead: Lead, studio: ZoneInfo, at: datetime) -> ZoneInfo:
    number = phone_of(lead)
    return (zone_of_number(number, studio, at) if number else None) or studio


def quiet_hours_for(lead: Lead, settings: FollowupSettings, studio: ZoneInfo, at: datetime) -> QuietHours:
    """The studio's quiet hours, on the visitor's clock where it can be known."""
    return QuietHours.of(settings, visitor_zone(lead, studio, at))
