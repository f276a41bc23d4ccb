"""Reminders about unanswered chats and requests: against a local SMTP server and a local webhook receiver,
on the migrated store (SQLite, and PostgreSQL when reachable) and Rasa's events table.

The reminder round is called with a moment 40 minutes ahead instead of waiting."""
from __future__ import annotations

import asyncio
import email
import json
import time
from datetime import datetime, timezone
from email import policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any, AsyncIterator, Iterator

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer
from aiosmtpd.controller import Controller

from bot.live import refs
from bot.live.unanswered import remind_unanswered
from bot.notify.webhook import HEADER, verify
from bot.settings import DEFAULT_STUDIO_FILE, SettingsError, load_settings
from bot.store import takeovers
from bot.store.db import create_engine_for, session_factory
from tests.dashboard.conftest import SECRET_KEY, Databases, make_settings
from tests.dashboard.factories import HEALTH_ANSWERS, Store, add_booking, add_handoff, add_lead
from tests.dashboard.test_conversations import add_message
from tests.dashboard.test_notify import Inbox, free_port

WHATSAPP_VISITOR = "447700900777"
LATER = 40 * 60                      # the round looks 40 minutes ahead; reminders are due after 30
KEY = refs.ref_key(SECRET_KEY.encode())
WEBHOOK_SECRET = "reminder-webhook-secret"


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, int]]:
    inbox, port = Inbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield inbox, port
    controller.stop()


@pytest.fixture
async def receiver() -> AsyncIterator[tuple[list[tuple[bytes, str]], str]]:
    """A local webhook receiver: the bodies and signatures it got, and its URL."""
    got: list[tuple[bytes, str]] = []

    async def hook(request: web.Request) -> web.Response:
        got.append((await request.read(), request.headers.get(HEADER, "")))
        return web.Response(text="ok")

    app = web.Application()
    app.router.add_post("/hook", hook)
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    yield got, str(server.make_url("/hook"))
    await server.close()


def settings_for(databases: Databases, tmp_path: Path, port: int, studio: Path | None = None) -> Any:
    settings = make_settings(databases, tmp_path, SMTP_HOST="127.0.0.1", SMTP_PORT=str(port), SMTP_STARTTLS="0",
                             SMTP_FROM="assistant@lumenskin.example", NOTIFY_WEBHOOK_SECRET=WEBHOOK_SECRET)
    if studio is not None:
        settings = load_settings(studio, environ=dict(settings.env))
    return settings


def studio_file(tmp_path: Path, webhook: str = "", minutes: str = "30") -> Path:
    """studio.yml with the notifications section changed (webhook URL, reminder minutes)."""
    text = DEFAULT_STUDIO_FILE.read_text(encoding="utf-8")
    assert 'webhook_url: ""' in text and "remind_unanswered_minutes: 30" in text
    text = text.replace('webhook_url: ""', f'webhook_url: "{webhook}"')
    text = text.replace("remind_unanswered_minutes: 30", f"remind_unanswered_minutes: {minutes}")
    path = tmp_path / "studio.yml"
    path.write_text(text, encoding="utf-8")
    return path


def bodies(inbox: Inbox) -> list[tuple[str, str]]:
    """(subject, text) of each e-mail received, in order."""
    found = []
    for envelope in inbox.envelopes:
        message = email.message_from_bytes(envelope.original_content or b"", policy=policy.default)
        assert isinstance(message, EmailMessage)
        found.append((str(message["Subject"]).strip(), message.get_content()))
    return found


async def seed(store: Store) -> dict[str, Any]:
    """What a busy afternoon leaves: an old request, an old booking request, a fresh request, a chat where the
    practitioner has not answered the visitor's last message, and a chat whose only wait is its request."""
    anna = await add_lead(store.sessions, "Anna", answers=HEALTH_ANSWERS, consent=True)
    await add_message(store, anna.conversation_id, "visitor", "Can I talk to Marta about my scar please",
                      at=time.time() - 60)
    await add_handoff(store.sessions, anna, "person", details="warfarin and a keloid")
    bo = await add_lead(store.sessions, "Bo")
    await add_booking(store.sessions, bo, start_at=datetime(2031, 7, 1, 13, 30, tzinfo=timezone.utc))
    cy = await add_lead(store.sessions, "Cy", conversation_id=WHATSAPP_VISITOR, channel="whatsapp_cloud")
    await add_message(store, cy.conversation_id, "visitor", "Is my scalp too red to treat?", channel="whatsapp_cloud",
                      at=time.time() - 30)
    await takeovers.start(store.sessions, cy.conversation_id, "whatsapp_cloud", "marta")
    return {"anna": anna, "bo": bo, "cy": cy}


async def test_each_unanswered_item_is_reminded_once_without_health_details(
        databases: Databases, store: Store, smtp: tuple[Inbox, int], receiver: tuple[list[tuple[bytes, str]], str],
        tmp_path: Path) -> None:
    inbox, port = smtp
    got, url = receiver
    settings = settings_for(databases, tmp_path, port, studio_file(tmp_path, webhook=url))
    leads = await seed(store)
    assert await remind_unanswered(store.sessions, store.tracker, settings, KEY) == 0      # nothing is 30 min old

    later = time.time() + LATER
    assert await remind_unanswered(store.sessions, store.tracker, settings, KEY, now=later) == 3
    assert await remind_unanswered(store.sessions, store.tracker, settings, KEY, now=later + 60) == 0   # once

    mails = dict(bodies(inbox))
    assert set(mails) == {"Still waiting for an answer: Request for a person from Anna, waiting 40 min",
                          "Still waiting for an answer: Booking request from Bo not confirmed or declined, "
                          "waiting 40 min",
                          "Still waiting for an answer: Chat on WhatsApp with Cy waiting for a person for 40 min"}
    by_subject = {subject.split(": ", 1)[1].split(" ")[0]: body for subject, body in mails.items()}
    assert f"https://studio.example/dashboard/leads/{leads['anna'].id}" in by_subject["Request"]
    assert f"https://studio.example/dashboard/leads/{leads['bo'].id}" in by_subject["Booking"]
    chat_link = f"https://studio.example/dashboard/conversations/{refs.ref(KEY, WHATSAPP_VISITOR)}"
    assert chat_link in by_subject["Chat"]
    raw = "\n".join(subject + body for subject, body in mails.items())
    for _, question, answer in HEALTH_ANSWERS:
        assert question not in raw and (len(answer) < 4 or answer not in raw)
    for said in ("scar", "scalp", "warfarin", "keloid", WHATSAPP_VISITOR):
        assert said not in raw

    assert len(got) == 3                                             # the signed webhook, once per item too
    for body, signature in got:
        assert verify(WEBHOOK_SECRET, body, signature)
        assert json.loads(body)["kind"] == "unanswered"
        assert WHATSAPP_VISITOR not in body.decode() and "warfarin" not in body.decode()


async def test_a_chat_that_waits_again_is_reminded_again(databases: Databases, store: Store,
                                                         smtp: tuple[Inbox, int], tmp_path: Path) -> None:
    inbox, port = smtp
    settings = settings_for(databases, tmp_path, port)
    await seed(store)
    later = time.time() + LATER
    assert await remind_unanswered(store.sessions, store.tracker, settings, KEY, now=later) == 3
    await add_message(store, WHATSAPP_VISITOR, "assistant", "Sorry for the wait!", staff="Marta", at=later + 1)
    assert await remind_unanswered(store.sessions, store.tracker, settings, KEY, now=later + 120) == 0
    await add_message(store, WHATSAPP_VISITOR, "visitor", "ok thanks, and the price?", channel="whatsapp_cloud",
                      at=later + 180)
    assert await remind_unanswered(store.sessions, store.tracker, settings, KEY, now=later + 180 + LATER) == 1
    assert [s for s, _ in bodies(inbox)][-1] == \
        "Still waiting for an answer: Chat on WhatsApp with Cy waiting for a person for 40 min"


async def test_rounds_at_the_same_moment_send_each_reminder_once(databases: Databases, store: Store,
                                                                   smtp: tuple[Inbox, int], tmp_path: Path) -> None:
    """Two web processes (each its own engine) looking at the same moment: every item still goes once."""
    inbox, port = smtp
    settings = settings_for(databases, tmp_path, port)
    await seed(store)
    later = time.time() + LATER
    engines = [create_engine_for(databases.leads_url) for _ in range(2)]
    trackers = [create_engine_for(databases.tracker_url) for _ in range(2)]
    try:
        counts = await asyncio.gather(*(remind_unanswered(session_factory(e), t, settings, KEY, now=later)
                                        for e, t in zip(engines, trackers)))
    finally:
        for engine in engines + trackers:
            await engine.dispose()
    assert sum(counts) == 3 and len(inbox.envelopes) == 3
    assert len({s for s, _ in bodies(inbox)}) == 3


async def test_reminders_can_be_turned_off_and_a_bad_value_names_its_key(
        databases: Databases, store: Store, smtp: tuple[Inbox, int], tmp_path: Path) -> None:
    inbox, port = smtp
    off = settings_for(databases, tmp_path, port, studio_file(tmp_path, minutes="0"))
    await seed(store)
    assert off.alerts.remind_unanswered_minutes == 0
    assert await remind_unanswered(store.sessions, store.tracker, off, KEY, now=time.time() + 10 * LATER) == 0
    assert inbox.envelopes == []
    for bad in ("-5", "soon", "true", "20000"):
        path = studio_file(tmp_path, minutes=bad)
        with pytest.raises(SettingsError, match="notifications.remind_unanswered_minutes"):
            load_settings(path, environ={})
