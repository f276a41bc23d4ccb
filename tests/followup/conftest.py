"""Fixtures of the follow-up tests: a migrated leads database and a tracker database (SQLite, and PostgreSQL
when reachable, always in CI), settings from the real studio.yml, a local SMTP server, a frozen clock."""
from __future__ import annotations

import asyncio
import email
import os
import socket
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from email import policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any, AsyncIterator, Iterator, Optional

import pytest
import yaml
from aiosmtpd.controller import Controller
from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.followup.send import Outcome, Senders
from bot.followup.texts import Message
from bot.settings import REPO_ROOT, Settings, load_settings
from bot.store.db import create_engine_for, session_factory
from bot.store.migrate import upgrade
from bot.store.models import Booking, BookingStatus, Lead, LeadStatus
from bot.store.tracker_events import events
from tests.harness import create_postgres_database, drop_postgres_database, postgres_available

BACKENDS = ["sqlite", "postgresql"] if os.environ.get("CI") == "true" or postgres_available() else ["sqlite"]
if os.environ.get("TEST_BACKENDS") and os.environ.get("CI") != "true":
    BACKENDS = [b for b in BACKENDS if b in os.environ["TEST_BACKENDS"].split(",")]
UTC = timezone.utc


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


class Clock:
    """A frozen clock: tests set it, nothing sleeps."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@dataclass
class Db:
    url: str
    tracker_url: str
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    tracker: AsyncEngine
    backend: str
    extra: list[AsyncEngine] = field(default_factory=list)

    def second_connection(self) -> async_sessionmaker[AsyncSession]:
        """Another engine on the same database: what a second web process would have."""
        engine = create_engine_for(self.url)
        self.extra.append(engine)
        return session_factory(engine)


@pytest.fixture(params=BACKENDS)
async def db(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Db]:
    names: list[str] = []
    if request.param == "postgresql":
        names = [f"followup_{uuid.uuid4().hex[:8]}", f"followup_tracker_{uuid.uuid4().hex[:8]}"]
        url, tracker_url = (create_postgres_database(n) for n in names)
    else:
        url, tracker_url = f"sqlite:///{tmp_path / 'leads.db'}", f"sqlite:///{tmp_path / 'tracker.db'}"
    await asyncio.to_thread(upgrade, url)
    engine, tracker = create_engine_for(url), create_engine_for(tracker_url)
    async with tracker.begin() as conn:
        await conn.run_sync(events.metadata.create_all)
    database = Db(url, tracker_url, engine, session_factory(engine), tracker, request.param)
    yield database
    for extra in database.extra:
        await extra.dispose()
    await engine.dispose()
    await tracker.dispose()
    for name in names:
        drop_postgres_database(name)


def make_settings(tmp_path: Path, followups: Optional[dict[str, Any]] = None, **env: str) -> Settings:
    raw = yaml.safe_load((REPO_ROOT / "studio.yml").read_text(encoding="utf-8"))
    raw["followups"] = {**raw.get("followups", {}), **(followups or {})}
    path = tmp_path / f"studio-{uuid.uuid4().hex[:6]}.yml"
    path.write_text(yaml.safe_dump(raw), encoding="utf-8")
    environ = {"VAR_DIR": str(tmp_path), "DASHBOARD_URL": "https://studio.example",
               "RESUME_LINK_SECRET": "follow-up-tests-resume-secret-0123456789", **env}
    return load_settings(path, environ=environ)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return make_settings(tmp_path)


class Inbox:
    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # aiosmtpd's API
        self.messages.append(email.message_from_bytes(envelope.original_content or b"", policy=policy.default))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, int]]:
    """The local SMTP server (aiosmtpd): its inbox and port."""
    inbox, port = Inbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield inbox, port
    controller.stop()


def smtp_env(port: int) -> dict[str, str]:
    return {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(port), "SMTP_STARTTLS": "0",
            "SMTP_FROM": "hello@lumenskin.example"}


class RecordingSenders(Senders):
    """Senders that record instead of sending (and yield, so that racing schedulers interleave)."""

    def __init__(self, settings: Settings, tracker: AsyncEngine, outcomes: Optional[list[Outcome]] = None) -> None:
        super().__init__(settings, tracker)
        self.sent: list[tuple[str, str, str, Message]] = []      # (channel, conversation, kind, message)
        self.times: list[datetime] = []                            # when each went (the frozen clock)
        self.outcomes = outcomes or []

    async def send(self, channel: str, lead: Lead, kind: str, message: Message, now: datetime,
                   stop_url: str = "") -> Outcome:
        await asyncio.sleep(0.01)
        if self.outcomes:
            outcome = self.outcomes.pop(0)
            if outcome.status != "sent":
                return outcome
        self.sent.append((channel, lead.conversation_id, kind, message))
        self.times.append(now)
        return Outcome("sent")


async def add_lead(sessions: async_sessionmaker[AsyncSession], first_name: str = "Anna", *,
                   channel: str = "socketio", email_address: Optional[str] = "anna@example.com",
                   follow_up_date: Optional[date] = None, status: LeadStatus = LeadStatus.new,
                   conversation_id: Optional[str] = None, preferred_contact: Optional[str] = None) -> Lead:
    async with sessions.begin() as session:
        lead = Lead(conversation_id=conversation_id or f"conv-{uuid.uuid4().hex[:10]}", channel=channel,
                    first_name=first_name, email=email_address, follow_up_date=follow_up_date, status=status,
                    preferred_contact=preferred_contact)
        session.add(lead)
    return lead


async def add_booking(sessions: async_sessionmaker[AsyncSession], lead: Lead, start: datetime,
                      status: BookingStatus = BookingStatus.confirmed, minutes: int = 30) -> Booking:
    from datetime import timedelta
    async with sessions.begin() as session:
        booking = Booking(lead_id=lead.id, conversation_id=lead.conversation_id, provider="calendar",
                          start_at=start, end_at=start + timedelta(minutes=minutes), status=status)
        session.add(booking)
    return booking


async def visitor_wrote(tracker: AsyncEngine, conversation_id: str, text: str, at: datetime) -> None:
    import json
    async with tracker.begin() as conn:
        await conn.execute(insert(events).values(sender_id=conversation_id, type_name="user",
                                                 timestamp=at.timestamp(), intent_name=None, action_name=None,
                                                 data=json.dumps({"event": "user", "text": text,
                                                                  "timestamp": at.timestamp()})))
