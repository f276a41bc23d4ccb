"""Tables of the follow-up scheduler (migration 0007), registered on the leads store's ``Base``.

Only the kind of a message is stored, never its text: the text is written when it is sent, from
studio.yml and the lead (so nothing a visitor said sits in this table, and a studio's new wording applies
to messages already scheduled). Every row goes with its lead (``ON DELETE CASCADE``) and erasure deletes
them by conversation too.
"""
from __future__ import annotations

from datetime import date, datetime
from typing import Optional

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bot.store.models import Base, utcnow

SCHEDULED, SENDING, SENT, FAILED, CANCELLED = "scheduled", "sending", "sent", "failed", "cancelled"
STATES = (SCHEDULED, SENDING, SENT, FAILED, CANCELLED)
PENDING = (SCHEDULED, SENDING)


class ScheduledMessage(Base):
    """One outgoing message: sent once, at or after ``due_at`` (UTC), unless cancelled."""

    __tablename__ = "scheduled_messages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    lead_id: Mapped[str] = mapped_column(ForeignKey("leads.id", ondelete="CASCADE"), index=True)
    conversation_id: Mapped[str] = mapped_column(String(255), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    #: what makes it unique ("consultation_reminder:<booking>:24:<start>"): a second planner inserts nothing
    dedupe_key: Mapped[str] = mapped_column(String(200), unique=True)
    booking_id: Mapped[Optional[str]] = mapped_column(ForeignKey("bookings.id", ondelete="CASCADE"), index=True)
    ref_at: Mapped[Optional[datetime]]          # the consultation's start a reminder was planned for
    due_at: Mapped[datetime]
    channel: Mapped[str] = mapped_column(String(32))       # email, whatsapp_cloud, telegram, ... (as planned)
    state: Mapped[str] = mapped_column(String(16), default=SCHEDULED)
    reason: Mapped[str] = mapped_column(Text, default="")  # why it failed or was cancelled (never a text sent)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    claimed_by: Mapped[Optional[str]] = mapped_column(String(64))
    claimed_at: Mapped[Optional[datetime]]
    sent_at: Mapped[Optional[datetime]]
    created_by: Mapped[str] = mapped_column(String(100), default="assistant")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    __table_args__ = (Index("ix_scheduled_messages_state_due", "state", "due_at"),)


class FollowupStop(Base):
    """The visitor asked for no more follow-up messages ("stop" in reply, or the link in a message)."""

    __tablename__ = "followup_stops"

    lead_id: Mapped[str] = mapped_column(ForeignKey("leads.id", ondelete="CASCADE"), primary_key=True)
    via: Mapped[str] = mapped_column(String(16))          # reply | link | dashboard
    stopped_at: Mapped[datetime] = mapped_column(default=utcnow)


class TreatmentSession(Base):
    """A treatment session the practitioner marked done: aftercare, the check-in and the touch-up recall follow."""

    __tablename__ = "treatment_sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    lead_id: Mapped[str] = mapped_column(ForeignKey("leads.id", ondelete="CASCADE"), index=True)
    done_on: Mapped[date] = mapped_column(Date)
    recorded_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class AttendanceConfirmation(Base):
    """The visitor confirmed they will come, from the signed link in a reminder e-mail (migration 0010).

    ``start_at`` is the consultation time they confirmed: a booking moved since needs a new confirmation."""

    __tablename__ = "attendance_confirmations"

    booking_id: Mapped[str] = mapped_column(ForeignKey("bookings.id", ondelete="CASCADE"), primary_key=True)
    start_at: Mapped[datetime]
    via: Mapped[str] = mapped_column(String(16))          # email (the signed link)
    confirmed_at: Mapped[datetime] = mapped_column(default=utcnow)
