"""The one next step a lead's page puts first: what the practitioner should do, or what comes next."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Optional, Sequence, Union

from bot.dashboard.labels import value_of
from bot.dashboard.lead_state import CANCELLED, DECLINED
from bot.dashboard.timefmt import as_utc
from bot.store.models import Booking, BookingStatus, Handoff, Lead


@dataclass(frozen=True)
class NextStep:
    kind: str          # confirm | person | consultation | rebook | follow_up | none
    text: str
    when: Union[datetime, date, None] = None
    to_do: bool = False                 # waiting in the To do page


def _first(bookings: Sequence[Booking], status: BookingStatus) -> Optional[Booking]:
    found = sorted((b for b in bookings if value_of(b.status) == status.value), key=lambda b: as_utc(b.start_at))
    return found[0] if found else None


def next_step(lead: Lead, status: str, handoffs: Sequence[Handoff], now: datetime) -> NextStep:
    """In order: a request to confirm, a person waiting, the coming consultation, a declined or
    cancelled booking to replace, the follow-up date; else nothing planned."""
    requested = _first(lead.bookings, BookingStatus.requested)
    if requested is not None:
        return NextStep("confirm", "Confirm or decline the consultation request", requested.start_at, True)
    if any(h.status == "open" for h in handoffs):
        return NextStep("person", "They asked for a person: get back to them", None, True)
    confirmed = [b for b in lead.bookings if value_of(b.status) == BookingStatus.confirmed.value
                 and as_utc(b.end_at) >= as_utc(now)]
    if confirmed:
        return NextStep("consultation", "Consultation", min(confirmed, key=lambda b: as_utc(b.start_at)).start_at)
    if status in (DECLINED, CANCELLED):
        word = "declined" if status == DECLINED else "cancelled"
        return NextStep("rebook", f"The booking was {word}: offer another time")
    if lead.follow_up_date:
        return NextStep("follow_up", "Follow up", lead.follow_up_date)
    return NextStep("none", "Nothing planned: set a follow-up date or change the status")
