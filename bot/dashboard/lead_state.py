"""The status a lead is shown with: the stored status, corrected by the state of its bookings.

This is the one place that decides it; the header, the leads list and its tabs,
the CSV export and the overview all use :func:`shown_status` (in SQL, so that
filters, counts and pages agree).

Why a rule and not the stored value: the assistant stores "consultation booked"
as soon as a visitor *asks* for a time, and nothing moves it back when the
request is declined. So a lead stored as "consultation booked" is shown:

* "Consultation booked" with a confirmed booking;
* else "Consultation requested" with a request waiting for confirmation;
* else "Booking declined" / "Booking cancelled" when its latest booking was;
* else (set by hand, with no booking row) "Consultation booked".

Any other stored status is shown as it is: it was set by the practitioner
(contacted, closed, not yet ready...) or by the assistant after the booking
(a cancellation moves the lead back), and their later decision wins.

A lead's bookings are those linked to it, or to its conversation when a row
has no lead yet (as the queues find them).
"""
from __future__ import annotations

from typing import Any

from sqlalchemy import String, and_, case, exists, or_, select, type_coerce
from sqlalchemy.sql.elements import ColumnElement

from bot.store.models import Booking, BookingStatus, Lead, LeadStatus

REQUESTED = "consultation_requested"
DECLINED = "booking_declined"
CANCELLED = "booking_cancelled"
BOOKED = LeadStatus.consultation_booked.value

#: Every status a lead can be shown with, in the order of the tabs.
SHOWN_STATUSES = [LeadStatus.new.value, LeadStatus.contacted.value, REQUESTED, BOOKED, DECLINED, CANCELLED,
                  LeadStatus.not_yet_ready.value, LeadStatus.closed.value]
#: Shown only when some lead has them (they are outcomes, not statuses anyone sets).
OCCASIONAL = (DECLINED, CANCELLED)


def of_lead() -> ColumnElement[bool]:
    """A booking belongs to the lead of the enclosing query."""
    return or_(Booking.lead_id == Lead.id,
               and_(Booking.lead_id.is_(None), Booking.conversation_id == Lead.conversation_id))


def _has(status: BookingStatus) -> ColumnElement[bool]:
    return exists().where(of_lead(), Booking.status == status)


def _latest_booking_status() -> Any:
    return (select(Booking.status).where(of_lead())
            .order_by(Booking.updated_at.desc(), Booking.created_at.desc(), Booking.id.desc())
            .limit(1).scalar_subquery())


def shown_status() -> ColumnElement[str]:
    """The shown status of each row of a query selecting from ``leads``, as a plain string."""
    stored = type_coerce(Lead.status, String(32))
    latest = _latest_booking_status()
    return type_coerce(case(
        (Lead.status != LeadStatus.consultation_booked, stored),
        (_has(BookingStatus.confirmed), BOOKED),
        (_has(BookingStatus.requested), REQUESTED),
        (latest == BookingStatus.declined, DECLINED),
        (latest == BookingStatus.cancelled, CANCELLED),
        else_=BOOKED), String(32))
