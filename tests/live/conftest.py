"""The real assistant for the live-loop tests: Rasa (widget and the four messaging apps, against local fakes of
their APIs), the action server and the web app, a local SMTP server, and a dashboard account.

Started once per session and database backend, only when a test asks for it. ``TEST_MODEL`` (a model file) runs
them on that model instead of the one trained on the current data (while someone is changing the training data).
"""
from __future__ import annotations

import asyncio
import email
import os
import secrets
import socket
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any, Iterator

import pytest
from aiosmtpd.controller import Controller

from bot.store.db import create_engine_for, session_factory
from tests.channels.conftest import (CONVERSATION_RATE, FACEBOOK_SECRET, FACEBOOK_VERIFY, TELEGRAM_SECRET,
                                     TWILIO_NUMBER, WHATSAPP_SECRET, WHATSAPP_VERIFY, Fakes)
from tests.conftest import _backends
from tests.dashboard.factories import add_user
from tests.fakes.graph_api import FakeGraphApi
from tests.fakes.telegram_api import FakeTelegramApi
from tests.fakes.twilio_api import FakeTwilioApi
from tests.harness import Assistant, start_assistant

PRACTITIONER, PASSWORD = "marta", "a calm and long passphrase"
TEMPLATE = "studio_update"


class Inbox:
    """The local SMTP server's mailbox."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # aiosmtpd's API
        self.messages.append(email.message_from_bytes(envelope.original_content or b"", policy=policy.default))
        return "250 OK"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if m["To"] == address]


@dataclass
class Live:
    assistant: Assistant
    fakes: Fakes
    inbox: Inbox
    relay_token: str
    workdir: Path
    extra: dict[str, str] = field(default_factory=dict)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session", params=_backends())
def live(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    fakes = Fakes(FakeGraphApi(), FakeTelegramApi(), FakeTwilioApi())
    for server in (fakes.graph, fakes.telegram, fakes.twilio):
        server.start_in_thread()
    inbox, smtp_port = Inbox(), _free_port()
    smtp = Controller(inbox, hostname="127.0.0.1", port=smtp_port)
    smtp.start()
    token = secrets.token_urlsafe(24)
    env = {
        "WHATSAPP_VERIFY_TOKEN": WHATSAPP_VERIFY, "WHATSAPP_APP_SECRET": WHATSAPP_SECRET,
        "WHATSAPP_ACCESS_TOKEN": fakes.graph.access_token, "WHATSAPP_PHONE_NUMBER_ID": fakes.graph.phone_number_id,
        "WHATSAPP_API_BASE_URL": fakes.graph.base_url, "WHATSAPP_TEMPLATE_NAME": TEMPLATE,
        "TELEGRAM_TOKEN": fakes.telegram.token, "TELEGRAM_BOT_NAME": "studio_test_bot",
        "TELEGRAM_WEBHOOK_URL": "https://studio.example/webhooks/telegram/webhook",
        "TELEGRAM_SECRET_TOKEN": TELEGRAM_SECRET, "TELEGRAM_API_BASE_URL": fakes.telegram.base_url,
        "TWILIO_ACCOUNT_SID": fakes.twilio.account_sid, "TWILIO_AUTH_TOKEN": fakes.twilio.auth_token,
        "TWILIO_WHATSAPP_NUMBER": TWILIO_NUMBER, "TWILIO_API_BASE_URL": fakes.twilio.base_url, "TWILIO_WEBHOOK_URL": "",
        "FACEBOOK_VERIFY": FACEBOOK_VERIFY, "FACEBOOK_SECRET": FACEBOOK_SECRET,
        "FACEBOOK_PAGE_ACCESS_TOKEN": fakes.graph.page_access_token, "FACEBOOK_API_BASE_URL": fakes.graph.base_url,
        "RATE_LIMIT_CONVERSATION": str(CONVERSATION_RATE), "RATE_LIMIT_IP": "600",
        "SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(smtp_port), "SMTP_STARTTLS": "0",
        "SMTP_FROM": "hello@lumenskin.example", "RELAY_TOKEN": token,
    }
    workdir = tmp_path_factory.mktemp(f"stack-live-{request.param}")
    try:
        model = Path(os.environ["TEST_MODEL"]) if os.environ.get("TEST_MODEL") else None
        for assistant in start_assistant(request.param, workdir, extra_env=env, model=model):
            engine = create_engine_for(assistant.database_url)
            asyncio.run(add_user(session_factory(engine), PRACTITIONER, PASSWORD))
            asyncio.run(engine.dispose())
            yield Live(assistant, fakes, inbox, token, workdir, env)
    finally:
        smtp.stop()
        for server in (fakes.graph, fakes.telegram, fakes.twilio):
            server.stop_thread()
