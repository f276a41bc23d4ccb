"""Notifications: e-mail against a local SMTP server, a signed webhook against a local HTTP server."""
from __future__ import annotations

import asyncio
import email
import json
import logging
import socket
from dataclasses import replace
from email.message import Message
from typing import Any, Iterator

import pytest
from aiohttp import web
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, Envelope, LoginPassword

from bot.notify import build, notify, notify_in_background
from bot.notify.webhook import HEADER, verify
from bot.settings import DEFAULT_STUDIO_FILE, Settings, load_settings
from tests.dashboard.factories import HEALTH_ANSWERS

LEAD_ID = "0123456789abcdef0123456789abcdef"
SECRET = "webhook-secret-for-tests"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Inbox:
    def __init__(self) -> None:
        self.envelopes: list[Envelope] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Envelope) -> str:  # noqa: N802 (aiosmtpd API)
        self.envelopes.append(envelope)
        return "250 OK"

    def messages(self) -> list[Message]:
        return [email.message_from_bytes(e.original_content or b"") for e in self.envelopes]


def _authenticator(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
    ok = isinstance(data, LoginPassword) and (data.login, data.password) == (b"studio", b"smtp-pass")
    return AuthResult(success=ok)


@pytest.fixture
def smtp_server() -> Iterator[tuple[Inbox, int]]:
    inbox, port = Inbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port, authenticator=_authenticator,
                            auth_require_tls=False)
    controller.start()
    yield inbox, port
    controller.stop()


def settings_with(**env: str) -> Settings:
    base = load_settings(DEFAULT_STUDIO_FILE, environ={"DASHBOARD_URL": "https://studio.example/", **env})
    return base


async def test_an_email_for_a_new_lead(smtp_server: tuple[Inbox, int]) -> None:
    inbox, port = smtp_server
    settings = settings_with(SMTP_HOST="127.0.0.1", SMTP_PORT=str(port), SMTP_USER="studio",
                             SMTP_PASSWORD="smtp-pass", SMTP_FROM="assistant@lumenskin.example", SMTP_STARTTLS="0")
    await notify(settings, "new_lead", LEAD_ID, "Anna")
    assert len(inbox.envelopes) == 1
    envelope, message = inbox.envelopes[0], inbox.messages()[0]
    assert envelope.rcpt_tos == ["marta@lumenskin.example"] and envelope.mail_from == "assistant@lumenskin.example"
    assert message["Subject"] == "New lead: Anna"
    body = message.get_payload(decode=True).decode()
    assert f"https://studio.example/dashboard/leads/{LEAD_ID}" in body and "Anna" in body
    raw = (envelope.original_content or b"").decode()
    for key, question, answer in HEALTH_ANSWERS:
        assert question not in raw and answer not in raw and key not in raw


async def test_kinds_and_links(smtp_server: tuple[Inbox, int]) -> None:
    inbox, port = smtp_server
    settings = settings_with(SMTP_HOST="127.0.0.1", SMTP_PORT=str(port))
    await notify(settings, "handoff", None, "Bea")
    await notify(settings, "booking_request", LEAD_ID, "Chloe\r\nBcc: victim@example.com")
    first, second = inbox.messages()
    assert first["Subject"] == "Request for a person: Bea"
    assert "https://studio.example/dashboard/queues" in first.get_payload(decode=True).decode()
    assert second["Subject"] == "New booking request: Chloe Bcc: victim@example.com"   # one line: no new header
    assert second["Bcc"] is None and inbox.envelopes[1].rcpt_tos == ["marta@lumenskin.example"]


async def test_smtp_down_is_logged_not_raised(caplog: pytest.LogCaptureFixture) -> None:
    settings = settings_with(SMTP_HOST="127.0.0.1", SMTP_PORT=str(free_port()))
    with caplog.at_level(logging.ERROR):
        await notify(settings, "new_lead", LEAD_ID, "Anna")      # nothing listens there
    assert "Notification new_lead by email failed" in caplog.text and "Anna" not in caplog.text


async def test_no_email_without_a_server_or_recipients(smtp_server: tuple[Inbox, int]) -> None:
    inbox, port = smtp_server
    await notify(settings_with(), "new_lead", LEAD_ID, "Anna")
    nobody = replace(settings_with(SMTP_HOST="127.0.0.1", SMTP_PORT=str(port)), notifications={"email_to": []})
    await notify(nobody, "new_lead", LEAD_ID, "Anna")
    assert inbox.envelopes == []


class Hook:
    def __init__(self) -> None:
        self.received: list[tuple[bytes, dict[str, str]]] = []
        self.status = 204


@pytest.fixture
async def webhook_server(aiohttp_server) -> tuple[Hook, str]:  # type: ignore[no-untyped-def]
    hook = Hook()

    async def receive(request: web.Request) -> web.Response:
        hook.received.append((await request.read(), dict(request.headers)))
        return web.Response(status=hook.status)

    app = web.Application()
    app.router.add_post("/hook", receive)
    server = await aiohttp_server(app)
    return hook, str(server.make_url("/hook"))


def hook_settings(url: str, secret: str = SECRET) -> Settings:
    base = settings_with(NOTIFY_WEBHOOK_SECRET=secret)
    return replace(base, notifications={"email_to": [], "webhook_url": url})


async def test_a_signed_webhook(webhook_server: tuple[Hook, str]) -> None:
    hook, url = webhook_server
    await notify(hook_settings(url), "booking_request", LEAD_ID, "Anna")
    assert len(hook.received) == 1
    body, headers = hook.received[0]
    assert headers["Content-Type"] == "application/json"
    assert verify(SECRET, body, headers[HEADER]) and headers[HEADER].startswith("sha256=")
    assert not verify("another secret", body, headers[HEADER])
    payload = json.loads(body)
    assert payload["kind"] == "booking_request" and payload["summary"] == "Anna"
    assert payload["url"] == f"https://studio.example/dashboard/leads/{LEAD_ID}" and payload["lead_id"] == LEAD_ID
    assert set(payload) == {"kind", "title", "summary", "lead_id", "url", "studio", "sent_at"}


async def test_no_unsigned_webhook_and_failures_do_not_raise(webhook_server: tuple[Hook, str],
                                                             caplog: pytest.LogCaptureFixture) -> None:
    hook, url = webhook_server
    await notify(hook_settings(url, secret=""), "new_lead", LEAD_ID, "Anna")
    assert hook.received == []
    hook.status = 500
    with caplog.at_level(logging.ERROR):
        await notify(hook_settings(url), "new_lead", LEAD_ID, "Anna")
        await notify(hook_settings("http://127.0.0.1:1/nothing"), "new_lead", LEAD_ID, "Anna")
    assert caplog.text.count("Notification new_lead by webhook failed") == 2


async def test_email_and_webhook_together_in_the_background(smtp_server: tuple[Inbox, int],
                                                            webhook_server: tuple[Hook, str]) -> None:
    inbox, port = smtp_server
    hook, url = webhook_server
    settings = replace(settings_with(SMTP_HOST="127.0.0.1", SMTP_PORT=str(port), NOTIFY_WEBHOOK_SECRET=SECRET),
                       notifications={"email_to": ["a@example.com", "b@example.com"], "webhook_url": url})
    notify_in_background(settings, "handoff", LEAD_ID, "Anna")
    for _ in range(100):
        if inbox.envelopes and hook.received:
            break
        await asyncio.sleep(0.02)
    assert inbox.envelopes[0].rcpt_tos == ["a@example.com", "b@example.com"] and len(hook.received) == 1


async def test_the_subject_does_not_repeat_the_kind(smtp_server: tuple[Inbox, int]) -> None:
    inbox, port = smtp_server
    settings = settings_with(SMTP_HOST="127.0.0.1", SMTP_PORT=str(port))
    await notify(settings, "new_lead", LEAD_ID, "New lead from Anna")
    await notify(settings, "booking_cancelled", LEAD_ID, "Booking of Tuesday 3 March at 14:30 cancelled")
    assert [m["Subject"] for m in inbox.messages()] == [
        "New lead from Anna", "Booking cancelled: Booking of Tuesday 3 March at 14:30 cancelled"]


def test_a_long_summary_is_cut_to_one_short_line() -> None:
    note = build(settings_with(), "new_lead", LEAD_ID, "Anna " + "x" * 500 + "\nsecond line")
    assert len(note.summary) == 120 and "\n" not in note.summary
