"""What the assistant says about bookings: offers, confirmations, fallbacks."""
from __future__ import annotations

from datetime import datetime
from typing import Any, Optional, Sequence
from zoneinfo import ZoneInfo

from bot.booking.base import as_utc
from bot.booking.config import BookingConfig, zone_label
from bot.booking.text import long_label, short_label
from bot.settings import Settings
from bot.store.models import Booking, BookingStatus

LATER_TIMES = "Later times"
NONE_SUIT = "None of these suit me"
PREFERENCE_EXAMPLES = ("Weekday mornings", "Weekday afternoons", "Thursday evening", "Saturday morning")


def _button(title: str, payload: Optional[str] = None) -> dict[str, str]:
    return {"title": title, "payload": payload or title}


def offer(settings: Settings, starts: Sequence[Any], numbered: bool) -> tuple[str, list[dict[str, str]]]:
    """The times as buttons (and as a numbered list for messaging apps)."""
    zone: ZoneInfo = settings.time_zone
    labels = [short_label(as_utc(s), zone) for s in starts]
    text = (f"Here are the next free times for your free consultation, in {zone_label(str(zone))}. "
            "Which one suits you?")
    if numbered:
        text += "\n" + "\n".join(f"{i}. {label}" for i, label in enumerate(labels, 1))
        text += "\nReply with the number of the time you'd like."
    return text, [*(_button(label) for label in labels), _button(LATER_TIMES), _button(NONE_SUIT)]


def choice_hint(count: int, failures: int) -> str:
    text = (f"Sorry, I didn't catch which time you'd like. Tap one of the times, or type its number "
            f"(1–{count}). You can also ask for later times, or say none of them suit you.")
    if failures >= 2:
        text += " If it's easier, just say \"talk to a person\" and the studio will contact you."
    return text


def confirmation(settings: Settings, config: BookingConfig, booking: Booking, name: Optional[str],
                 contact: Optional[str]) -> str:
    """Date, time, time zone, address, preparation, and how to cancel or reschedule."""
    zone = settings.time_zone
    when = long_label(as_utc(booking.start_at), zone)
    practitioner = settings.practitioner_name
    studio = settings.studio
    opening = f"Thank you, {name}!" if name else "Thank you!"
    held = "reserved" if booking.status == BookingStatus.requested else "booked"
    lines = [f"{opening} Your free consultation is {held} for {when}, {zone_label(str(zone))}."]
    if booking.status == BookingStatus.requested:
        reach = f" by {contact}" if contact else ""
        lines.append(f"It's a booking request for now: {practitioner} will confirm it, and the studio will let you "
                     f"know{reach}.")
    else:
        lines.append("It's confirmed, and a confirmation is on its way by email.")
    if booking.by_video:
        details = [f"Where: by video — {practitioner} will send you the link before it."]
    else:
        details = [f"Where: {studio['address']}."] if studio.get("address") else []
    details.append(f"How to prepare: {config.preparation}")
    phone = f", or call the studio on {studio['phone']}" if studio.get("phone") else ""
    change = f"Need to change it? Just write \"reschedule\" or \"cancel my booking\" here at any time{phone}."
    return "\n\n".join((" ".join(lines), " ".join(details), change))     # three short paragraphs for a phone


def provider_down(settings: Settings, link: Optional[str], doing: str) -> str:
    practitioner = settings.practitioner_name
    text = f"I'm sorry — the booking system isn't answering right now, so I couldn't {doing} here."
    if link:
        text += f" You can pick a time on the studio's booking page instead: {link}"
    text += (f"\n\nI've also let {practitioner} know, and the studio will contact you to arrange a time. "
             "Your details are saved, so you won't need to repeat them.")
    return text


def link_handoff(url: str) -> str:
    return (f"You can choose a time that suits you on the studio's booking page: {url}\n\n"
            "I've filled in only your name and email there — nothing else from our chat.")


def preference_buttons() -> list[dict[str, str]]:
    return [_button(p) for p in PREFERENCE_EXAMPLES]


def named_unavailable(settings: Settings, start: datetime, reason: str, alternatives: bool) -> str:
    """A named time that cannot be booked, said kindly, before the nearest free times (if any)."""
    said = f"I'm sorry — {long_label(as_utc(start), settings.time_zone)} {reason}"
    if alternatives:
        return f"{said}. Here are the nearest free times around it."
    return f"{said}, and I can't see other free times around it right now."


def already_booked(settings: Settings, booking: Booking) -> tuple[str, list[dict[str, str]]]:
    """A visitor with a booking asks to book again: change or cancel it instead."""
    when = long_label(as_utc(booking.start_at), settings.time_zone)
    text = (f"You already have a consultation booked for {when}. Would you like to change the time or cancel it? "
            "You can also just say \"reschedule\" or \"cancel my booking\".")
    return text, [_button("Change the time", "/reschedule_booking"), _button("Cancel it", "/cancel_booking"),
                  _button("Keep it", "no")]


def minor(settings: Settings, someone_else: bool = False) -> tuple[str, list[dict[str, str]]]:
    """The studio works with adults only: no booking, the policy, a parent or guardian, and a person."""
    age = settings.readiness.minimum_age
    phone = settings.studio.get("phone")
    if someone_else:                            # a parent asking for their child: spoken to as the parent
        text = (f"Thank you for telling me. The studio works with adults from {age}, even with a parent's consent, "
                f"so I can't book a consultation for them yet. They'd be very welcome to book once they turn {age}. "
                f"If you'd like to talk it through, the studio is{f' on {phone}' if phone else ' happy to hear from you'}"
                " — or I can pass you to a person at the studio now.")
        return text, [_button("Talk to a person", "/human_handoff"), _button("No, thanks", "no")]
    text = (f"Thank you for telling me. The studio works with adults from {age}, so I can't book a consultation "
            f"for you yet. I can ask the studio to get in touch when you turn {age}, and a parent or guardian is "
            f"welcome to contact the studio{f' on {phone}' if phone else ''} to talk it through. (If I "
            f"misunderstood and you are {age} or over, just tell me.)")
    return text, [_button(f"Remind me when I'm {age}", f"Please get in touch when I turn {age}"),
                  _button("Talk to a person", "/human_handoff"), _button("No, thanks", "no")]
