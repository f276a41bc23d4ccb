"""The real assistant with every messaging channel switched on, talking to local fake platform APIs.

Started once per session, on SQLite, only when a test asks for it (the unit
tests in this folder do not).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

import pytest

from tests.fakes.graph_api import FakeGraphApi
from tests.fakes.telegram_api import FakeTelegramApi
from tests.fakes.twilio_api import FakeTwilioApi
from tests.harness import Assistant, start_assistant

WHATSAPP_SECRET = "test-whatsapp-app-secret"
WHATSAPP_VERIFY = "test-verify-token"
TELEGRAM_SECRET = "test-telegram-secret_1"
FACEBOOK_SECRET = "test-facebook-app-secret"
FACEBOOK_VERIFY = "test-facebook-verify"
TWILIO_NUMBER = "whatsapp:+14155238886"
#: messages per minute per conversation on this stack (the default, set explicitly): the whole-intake tests
#: stay within it, the limit tests burst beyond it
CONVERSATION_RATE = 30


@dataclass
class Fakes:
    graph: FakeGraphApi
    telegram: FakeTelegramApi
    twilio: FakeTwilioApi


@pytest.fixture(scope="session")
def fakes() -> Iterator[Fakes]:
    servers = Fakes(FakeGraphApi(), FakeTelegramApi(), FakeTwilioApi())
    for server in (servers.graph, servers.telegram, servers.twilio):
        server.start_in_thread()
    yield servers
    for server in (servers.graph, servers.telegram, servers.twilio):
        server.stop_thread()


@pytest.fixture(scope="session")
def messaging_assistant(fakes: Fakes, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Assistant]:
    """Rasa, actions and web app with WhatsApp Cloud, Telegram, Twilio and Messenger configured."""
    workdir = tmp_path_factory.mktemp("stack-messaging")
    env = {
        "WHATSAPP_VERIFY_TOKEN": WHATSAPP_VERIFY, "WHATSAPP_APP_SECRET": WHATSAPP_SECRET,
        "WHATSAPP_ACCESS_TOKEN": fakes.graph.access_token, "WHATSAPP_PHONE_NUMBER_ID": fakes.graph.phone_number_id,
        "WHATSAPP_API_BASE_URL": fakes.graph.base_url,
        "TELEGRAM_TOKEN": fakes.telegram.token, "TELEGRAM_BOT_NAME": "studio_test_bot",
        "TELEGRAM_WEBHOOK_URL": "https://studio.example/webhooks/telegram/webhook",
        "TELEGRAM_SECRET_TOKEN": TELEGRAM_SECRET, "TELEGRAM_API_BASE_URL": fakes.telegram.base_url,
        "TWILIO_ACCOUNT_SID": fakes.twilio.account_sid, "TWILIO_AUTH_TOKEN": fakes.twilio.auth_token,
        "TWILIO_WHATSAPP_NUMBER": TWILIO_NUMBER, "TWILIO_API_BASE_URL": fakes.twilio.base_url,
        "FACEBOOK_VERIFY": FACEBOOK_VERIFY, "FACEBOOK_SECRET": FACEBOOK_SECRET,
        "FACEBOOK_PAGE_ACCESS_TOKEN": fakes.graph.page_access_token, "FACEBOOK_API_BASE_URL": fakes.graph.base_url,
        "TWILIO_WEBHOOK_URL": "", "WHATSAPP_TEMPLATE_NAME": "", "DASHBOARD_URL": "https://studio.example",
        "RATE_LIMIT_CONVERSATION": str(CONVERSATION_RATE), "RATE_LIMIT_IP": "60", "MAX_MESSAGE_CHARS": "2000",
        "MAX_REQUEST_BYTES": "65536",
    }
    yield from start_assistant("sqlite", workdir, extra_env=env)
