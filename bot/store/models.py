"""Tables of the leads store.

One lead per conversation: intake, booking and handoffs of one conversation
all attach to the same lead. Health answers live only in ``intake_answers``
and are removed with the lead (``ON DELETE CASCADE``).
"""
from __future__ import annotations

import enum
import uuid
from datetime import date, datetime, timezone
from typing import Any, Optional

from sqlalchemy import (JSON, BigInteger, Boolean, Date, DateTime, Enum, ForeignKey, Index, Integer, String, Text,
                        UniqueConstraint, false, text)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def new_id() -> str:
    return uuid.uuid4().hex


class Base(DeclarativeBase):
    type_annotation_map = {datetime: DateTime(timezone=True), dict[str, Any]: JSON, list[str]: JSON}


class LeadStatus(str, enum.Enum):
    new = "new"
    contacted = "contacted"
    consultation_booked = "consultation_booked"
    not_yet_ready = "not_yet_ready"
    closed = "closed"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


class Readiness(str, enum.Enum):
    ready = "ready"
    review = "review"
    not_yet = "not_yet"

    @property
    def label(self) -> str:
        return {"ready": "Ready for a consultation", "review": "Needs the practitioner's review",
                "not_yet": "Not yet"}[self.value]


class BookingStatus(str, enum.Enum):
    requested = "requested"
    confirmed = "confirmed"
    declined = "declined"
    cancelled = "cancelled"


ACTIVE_BOOKING_STATUSES = (BookingStatus.requested.value, BookingStatus.confirmed.value)


def _enum(cls: type[enum.Enum]) -> Enum:
    return Enum(cls, native_enum=False, length=32, values_callable=lambda e: [m.value for m in e])


class Lead(Base):
    __tablename__ = "leads"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    conversation_id: Mapped[str] = mapped_column(String(255), unique=True)
    channel: Mapped[str] = mapped_column(String(32), default="rest")
    first_name: Mapped[Optional[str]] = mapped_column(String(100))
    email: Mapped[Optional[str]] = mapped_column(String(254))
    phone: Mapped[Optional[str]] = mapped_column(String(20))          # E.164
    preferred_contact: Mapped[Optional[str]] = mapped_column(String(20))
    concern: Mapped[Optional[str]] = mapped_column(String(32))
    body_area: Mapped[Optional[str]] = mapped_column(String(100))     # in their words ("left forearm"), no narrative
    language: Mapped[str] = mapped_column(String(8), default="en")
    status: Mapped[LeadStatus] = mapped_column(_enum(LeadStatus), default=LeadStatus.new)
    readiness: Mapped[Optional[Readiness]] = mapped_column(_enum(Readiness))
    readiness_reasons: Mapped[list[str]] = mapped_column(default=list)
    earliest_date: Mapped[Optional[date]] = mapped_column(Date)
    follow_up_date: Mapped[Optional[date]] = mapped_column(Date)
    intake_completed_at: Mapped[Optional[datetime]]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    answers: Mapped[list["IntakeAnswer"]] = relationship(back_populates="lead", cascade="all, delete-orphan",
                                                         passive_deletes=True, order_by="IntakeAnswer.position")
    notes: Mapped[list["LeadNote"]] = relationship(cascade="all, delete-orphan", passive_deletes=True,
                                                   order_by="LeadNote.created_at")
    status_changes: Mapped[list["StatusChange"]] = relationship(cascade="all, delete-orphan", passive_deletes=True,
                                                                order_by="StatusChange.created_at")
    bookings: Mapped[list["Booking"]] = relationship(back_populates="lead", passive_deletes=True,
                                                     order_by="Booking.start_at")

    __table_args__ = (Index("ix_leads_created_at", "created_at"), Index("ix_leads_status", "status"))


class IntakeAnswer(Base):
    """One answer of the intake, stored as a short flag or phrase (minimum data)."""

    __tablename__ = "intake_answers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    lead_id: Mapped[str] = mapped_column(ForeignKey("leads.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(64))
    question: Mapped[str] = mapped_column(String(255))
    answer: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer, default=0)

    lead: Mapped[Lead] = relationship(back_populates="answers")
    __table_args__ = (UniqueConstraint("lead_id", "key"),)


class ConsentRecord(Base):
    """Every yes or no to the privacy notice, with the notice version shown."""

    __tablename__ = "consent_records"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    conversation_id: Mapped[str] = mapped_column(String(255), index=True)
    lead_id: Mapped[Optional[str]] = mapped_column(ForeignKey("leads.id", ondelete="CASCADE"), index=True)
    channel: Mapped[str] = mapped_column(String(32))
    purpose: Mapped[str] = mapped_column(String(32), default="health_intake")
    notice_version: Mapped[str] = mapped_column(String(32))
    granted: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class LeadNote(Base):
    __tablename__ = "lead_notes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    lead_id: Mapped[str] = mapped_column(ForeignKey("leads.id", ondelete="CASCADE"), index=True)
    author: Mapped[str] = mapped_column(String(100))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class StatusChange(Base):
    __tablename__ = "status_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    lead_id: Mapped[str] = mapped_column(ForeignKey("leads.id", ondelete="CASCADE"), index=True)
    from_status: Mapped[Optional[str]] = mapped_column(String(32))
    to_status: Mapped[str] = mapped_column(String(32))
    reason: Mapped[str] = mapped_column(Text, default="")
    changed_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Booking(Base):
    """A consultation booking. The partial unique index makes a slot bookable once."""

    __tablename__ = "bookings"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    lead_id: Mapped[Optional[str]] = mapped_column(ForeignKey("leads.id", ondelete="CASCADE"), index=True)
    conversation_id: Mapped[str] = mapped_column(String(255), index=True)
    provider: Mapped[str] = mapped_column(String(16))
    external_id: Mapped[Optional[str]] = mapped_column(String(128))
    start_at: Mapped[datetime]
    end_at: Mapped[datetime]
    status: Mapped[BookingStatus] = mapped_column(_enum(BookingStatus), default=BookingStatus.requested)
    visitor_notified: Mapped[bool] = mapped_column(Boolean, default=False)
    by_video: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())   # else in person
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    lead: Mapped[Optional[Lead]] = relationship(back_populates="bookings")
    __table_args__ = (
        Index("uq_bookings_active_slot", "provider", "start_at", unique=True,
              sqlite_where=text("status IN ('requested', 'confirmed')"),
              postgresql_where=text("status IN ('requested', 'confirmed')")),
    )


class Handoff(Base):
    """A request for a person: a callback, or a time preference when no slot suited.

    A request for a person carries who to ask for, what it is about (the visitor's own words, never put in
    notifications) and when suits them; how to reach them is on the lead.
    """

    __tablename__ = "handoffs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    conversation_id: Mapped[str] = mapped_column(String(255), index=True)
    lead_id: Mapped[Optional[str]] = mapped_column(ForeignKey("leads.id", ondelete="CASCADE"), index=True)
    channel: Mapped[str] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(32), default="person")   # person | time_preference | failed_input
    details: Mapped[str] = mapped_column(Text, default="")
    name: Mapped[Optional[str]] = mapped_column(String(100))          # who to ask for
    reason: Mapped[Optional[str]] = mapped_column(Text)               # in the visitor's words, short
    contact_time: Mapped[Optional[str]] = mapped_column(String(100))  # "after 5pm", "mornings", "any time"
    status: Mapped[str] = mapped_column(String(16), default="open")   # open | done | withdrawn
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[Optional[datetime]]


class VisitorNotice(Base):
    """A message for a visitor: pushed to their open chat at once, else sent by their preferred contact (e-mail,
    SMS or WhatsApp) and said the next time they write."""

    __tablename__ = "visitor_notices"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    conversation_id: Mapped[str] = mapped_column(String(255), index=True)
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    delivered_at: Mapped[Optional[datetime]]
    emailed_at: Mapped[Optional[datetime]]            # the chat was not open: sent outside it (migration 0006) …
    sent_by: Mapped[Optional[str]] = mapped_column(String(16))   # … by "email", "sms" or "whatsapp" (migration 0012)
    #: buttons for an open chat ([{title, payload}]: other times a declined booking offers; migration 0013)
    buttons: Mapped[Optional[list[dict[str, str]]]] = mapped_column(JSON)


class ErasureRequest(Base):
    """Conversations whose stored events must be (re)deleted from the tracker store.

    Rasa saves the tracker after the erasing action has run, so events are
    deleted again shortly afterwards; the row goes once that is done.
    """

    __tablename__ = "erasure_requests"

    conversation_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    requested_at: Mapped[datetime] = mapped_column(default=utcnow)


class User(Base):
    """A practitioner account for the dashboard."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[Optional[datetime]]
    sessions_valid_after: Mapped[Optional[datetime]]     # "sign out of all devices": older sessions are refused
    role: Mapped[str] = mapped_column(String(16), default="staff")      # owner | staff (bot.dashboard.roles)
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)
    totp_secret: Mapped[Optional[str]] = mapped_column(String(64))      # base32; None until enrolled
    totp_enabled_at: Mapped[Optional[datetime]]
    totp_last_step: Mapped[Optional[int]] = mapped_column(BigInteger)   # a code's time step is accepted once


class RecoveryCode(Base):
    """A single-use recovery code of a dashboard account (argon2 hash only); the row goes once used."""

    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class RevokedSession(Base):
    """A dashboard session signed out before its cookie expired: a copy of the cookie is refused.

    Kept until the session would have expired anyway, then purged.
    """

    __tablename__ = "revoked_sessions"

    sid: Mapped[str] = mapped_column(String(64), primary_key=True)
    expires_at: Mapped[datetime]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class AuditEntry(Base):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(32))       # view_lead | export | status | erase | login ...
    target: Mapped[str] = mapped_column(String(255), default="")
    details: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class ProcessedMessage(Base):
    """Inbound message ids already handled (webhook replays are processed once)."""

    __tablename__ = "processed_messages"

    message_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    channel: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


# A table with a module of its own, registered on Base here so that Alembic and create_all see every table.
import bot.store.deliveries  # noqa: E402,F401  (webhook_deliveries, migration 0004)
import bot.store.takeovers  # noqa: E402,F401  (takeovers, migration 0006)
import bot.followup.models  # noqa: E402,F401  (scheduled_messages, followup_stops, treatment_sessions: 0007)
