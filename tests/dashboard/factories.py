"""Seeding helpers shared by the dashboard tests and the browser test."""
from __future__ import annotations

import base64
import hashlib
import json
import re
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from typing import Iterable, Optional, Sequence

from aiohttp.test_utils import TestClient
from sqlalchemy import func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.dashboard import totp
from bot.dashboard.keys import CLOCK
from bot.dashboard.passwords import hash_password
from bot.store import tracker_events
from bot.store.models import (Booking, BookingStatus, ConsentRecord, Handoff, IntakeAnswer, Lead, LeadNote,
                              LeadStatus, Readiness, RecoveryCode, StatusChange, User, utcnow)
from bot.web.keys import SESSIONS

HEALTH_ANSWERS = [
    ("body_area", "Body area", "left knee"),
    ("scar_cause", "Cause of the scar", "surgery"),
    ("onset_date", "When it happened", "March 2025"),
    ("keloid", "Tendency to keloid scars", "no"),
    ("anticoagulants", "Takes blood thinners", "yes, warfarin"),
]


@dataclass
class Store:
    sessions: async_sessionmaker[AsyncSession]
    engine: AsyncEngine
    tracker: AsyncEngine

    async def count(self, model: type, *where: object) -> int:
        async with self.sessions() as session:
            return await session.scalar(select(func.count()).select_from(model).where(*where)) or 0

    async def get(self, model: type, key: object) -> object:
        async with self.sessions() as session:
            return await session.get(model, key)


@lru_cache(maxsize=8)
def _hash(password: str) -> str:
    """Hashing is slow by design: each test password is hashed once per run."""
    return hash_password(password)


def totp_secret_for(username: str) -> str:
    """Each test account's authenticator secret: fixed, so that tests (and the browser test) can make codes."""
    return base64.b32encode(hashlib.sha256(f"test-totp-{username}".encode()).digest()[:20]).decode()


async def add_user(sessions: async_sessionmaker[AsyncSession], username: str, password: str, *,
                   role: str = "owner", totp_enrolled: bool = True, must_change_password: bool = False) -> None:
    """An account ready to use by default: an owner, with a second factor (:func:`totp_secret_for`)."""
    async with sessions.begin() as session:
        session.add(User(username=username, password_hash=_hash(password), role=role,
                         must_change_password=must_change_password,
                         totp_secret=totp_secret_for(username) if totp_enrolled else None,
                         totp_enabled_at=utcnow() if totp_enrolled else None))


async def add_recovery_codes(sessions: async_sessionmaker[AsyncSession], username: str) -> list[str]:
    """Ten fresh recovery codes for the account (as enrolment would make them)."""
    codes = totp.new_recovery_codes()
    async with sessions.begin() as session:
        user_id = await session.scalar(select(User.id).where(User.username == username))
        session.add_all(RecoveryCode(user_id=user_id, code_hash=totp.hash_recovery_code(c)) for c in codes)
    return codes


async def add_lead(sessions: async_sessionmaker[AsyncSession], first_name: Optional[str] = "Anna", *,
                   conversation_id: Optional[str] = None, channel: str = "socketio", concern: Optional[str] = "scar",
                   status: LeadStatus = LeadStatus.new, readiness: Optional[Readiness] = Readiness.ready,
                   reasons: Sequence[str] = (), email: Optional[str] = None, phone: Optional[str] = None,
                   created_at: Optional[datetime] = None, answers: Iterable[tuple[str, str, str]] = (),
                   consent: bool = False, follow_up: Optional[date] = None) -> Lead:
    conversation_id = conversation_id or f"conv-{uuid.uuid4().hex[:12]}"
    lead = Lead(conversation_id=conversation_id, channel=channel, first_name=first_name, concern=concern,
                status=status, readiness=readiness, readiness_reasons=list(reasons),
                email=email if email is not None else (f"{first_name.lower()}@example.com" if first_name else None),
                phone=phone, preferred_contact="email", follow_up_date=follow_up,
                created_at=created_at or datetime.now(timezone.utc),
                intake_completed_at=(created_at or datetime.now(timezone.utc)) if readiness else None)
    async with sessions.begin() as session:
        session.add(lead)
        await session.flush()
        session.add_all(IntakeAnswer(lead_id=lead.id, key=k, question=q, answer=a, position=i)
                        for i, (k, q, a) in enumerate(answers))
        if consent:
            session.add(ConsentRecord(conversation_id=conversation_id, lead_id=lead.id, channel=channel,
                                      notice_version="2026-11-v1", granted=True))
        session.add(StatusChange(lead_id=lead.id, from_status=None, to_status=status.value,
                                 reason="intake submitted", changed_by="assistant"))
    return lead


async def add_booking(sessions: async_sessionmaker[AsyncSession], lead: Lead, start_at: datetime,
                      status: BookingStatus = BookingStatus.requested, provider: str = "calendar") -> Booking:
    booking = Booking(lead_id=lead.id, conversation_id=lead.conversation_id, provider=provider, start_at=start_at,
                      end_at=start_at + timedelta(minutes=30), status=status)
    async with sessions.begin() as session:
        session.add(booking)
    return booking


async def add_handoff(sessions: async_sessionmaker[AsyncSession], lead: Lead, kind: str = "person",
                      details: str = "") -> Handoff:
    handoff = Handoff(conversation_id=lead.conversation_id, lead_id=lead.id, channel=lead.channel, kind=kind,
                      details=details)
    async with sessions.begin() as session:
        session.add(handoff)
    return handoff


async def add_note(sessions: async_sessionmaker[AsyncSession], lead: Lead, text: str) -> None:
    async with sessions.begin() as session:
        session.add(LeadNote(lead_id=lead.id, author="marta", text=text))


async def add_events(tracker: AsyncEngine, conversation_id: str, lines: Sequence[tuple[str, str]],
                     start: Optional[datetime] = None, buttons: Sequence[str] = ()) -> None:
    """Rows in Rasa's ``events`` table: ("visitor" | "assistant", text) pairs, a minute apart."""
    at = (start or datetime.now(timezone.utc) - timedelta(hours=1)).timestamp()
    rows = []
    for i, (speaker, text_) in enumerate(lines):
        data: dict[str, object] = {"text": text_}
        if speaker == "assistant" and buttons and i == len(lines) - 1:
            data["data"] = {"buttons": [{"title": b, "payload": b} for b in buttons]}
        rows.append({"sender_id": conversation_id, "type_name": "user" if speaker == "visitor" else "bot",
                     "timestamp": at + 60 * i, "data": json.dumps(data),
                     "intent_name": None, "action_name": None})
    rows.append({"sender_id": conversation_id, "type_name": "action", "timestamp": at + 60 * len(lines),
                 "data": json.dumps({"name": "action_listen"}), "intent_name": None, "action_name": "action_listen"})
    async with tracker.begin() as conn:
        await conn.execute(insert(tracker_events.events), rows)


async def count_events(tracker: AsyncEngine, conversation_id: str) -> int:
    async with tracker.connect() as conn:
        return (await conn.scalar(select(func.count()).select_from(tracker_events.events)
                                  .where(tracker_events.events.c.sender_id == conversation_id))) or 0


_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_from(html: str) -> str:
    match = _CSRF.search(html)
    assert match, "no CSRF token in the page"
    return match.group(1)


async def csrf(client: TestClient, path: str = "/dashboard/") -> str:
    response = await client.get(path)
    assert response.status == 200, response.status
    return csrf_from(await response.text())


async def fresh_code(client: TestClient, username: str) -> str:
    """The account's current authenticator code, its time step made usable again.

    A step is accepted once per account; tests that sign in several times within
    30 seconds forget the last one used (the replay refusal has its own test).
    """
    sessions = client.app[SESSIONS]
    async with sessions.begin() as session:
        secret = await session.scalar(select(User.totp_secret).where(User.username == username))
        await session.execute(update(User).where(User.username == username).values(totp_last_step=None))
    assert secret, f"{username} has no second factor"
    return totp.code_at(secret, client.app[CLOCK].now())


async def submit_password(client: TestClient, username: str, password: str, next_url: str = ""):  # type: ignore[no-untyped-def]
    token = await csrf(client, "/dashboard/login")
    data = {"username": username, "password": password, "csrf_token": token}
    if next_url:
        data["next"] = next_url
    return await client.post("/dashboard/login", data=data, allow_redirects=False)


async def submit_code(client: TestClient, code: str):  # type: ignore[no-untyped-def]
    token = await csrf(client, "/dashboard/login/code")
    return await client.post("/dashboard/login/code", data={"code": code, "csrf_token": token},
                             allow_redirects=False)


async def sign_in(client: TestClient, username: str, password: str, next_url: str = ""):  # type: ignore[no-untyped-def]
    """Password, then (when the account has one) the second-factor code; returns the last response."""
    response = await submit_password(client, username, password, next_url)
    assert response.status == 303, await response.text()
    if response.headers["Location"] == "/dashboard/login/code":
        response = await submit_code(client, await fresh_code(client, username))
        assert response.status == 303, await response.text()
    return response


async def post(client: TestClient, path: str, data: dict[str, str], token: Optional[str] = None):  # type: ignore[no-untyped-def]
    """POST a form with the session's CSRF token (fetched from the leads list when not given)."""
    token = token if token is not None else await csrf(client)
    return await client.post(path, data={**data, "csrf_token": token}, allow_redirects=False)
