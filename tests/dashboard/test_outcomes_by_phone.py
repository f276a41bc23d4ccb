"""Outcomes to a visitor whose chat is closed, by their preferred contact when that is a phone: a text message
through Twilio, WhatsApp through the Cloud API (free text inside the 24-hour window, the approved template with
its parameters outside it), else e-mail. Against the local fakes of both APIs and a local SMTP server; the
Rasa server's relay is the stand-in of tests/dashboard/test_conversations.py (it says the chat is not open)."""
from __future__ import annotations

import time
from pathlib import Path
from typing import Any, Iterator

import pytest
from aiohttp.test_utils import TestClient
from sqlalchemy import select

from bot.settings import DEFAULT_STUDIO_FILE, Settings, load_settings
from bot.store.models import AuditEntry, VisitorNotice
from tests.dashboard.conftest import make_settings
from tests.dashboard.factories import HEALTH_ANSWERS, Store, add_booking, add_handoff, add_lead, post
from tests.dashboard.test_conversations import SLOT, FakeRelay, Inbox, add_message, relay, smtp  # noqa: F401
from tests.fakes.graph_api import FakeGraphApi
from tests.fakes.twilio_api import FakeTwilioApi

STUDIO_SMS = "+441273000999"
TEMPLATE = "consultation_update"


@pytest.fixture(scope="module")
def graph() -> Iterator[FakeGraphApi]:
    server = FakeGraphApi()
    server.start_in_thread()
    yield server
    server.stop_thread()


@pytest.fixture(scope="module")
def twilio() -> Iterator[FakeTwilioApi]:
    server = FakeTwilioApi()
    server.start_in_thread()
    yield server
    server.stop_thread()


@pytest.fixture
def settings(databases: Any, tmp_path: Path, smtp: tuple[Inbox, int], graph: FakeGraphApi,  # noqa: F811
             twilio: FakeTwilioApi, request: pytest.FixtureRequest) -> Settings:
    """SMTP, Twilio (an SMS number) and WhatsApp Cloud set up; the outcome template unless the test says not."""
    graph.reset()
    twilio.reset()
    env = {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(smtp[1]), "SMTP_STARTTLS": "0",
           "SMTP_FROM": "hello@lumenskin.example",
           "TWILIO_ACCOUNT_SID": twilio.account_sid, "TWILIO_AUTH_TOKEN": twilio.auth_token,
           "TWILIO_WHATSAPP_NUMBER": STUDIO_SMS, "TWILIO_API_BASE_URL": twilio.base_url,
           "WHATSAPP_ACCESS_TOKEN": graph.access_token, "WHATSAPP_PHONE_NUMBER_ID": graph.phone_number_id,
           "WHATSAPP_API_BASE_URL": graph.base_url}
    base = make_settings(databases, tmp_path, **env)
    text = DEFAULT_STUDIO_FILE.read_text(encoding="utf-8")
    line = "  # outcome_whatsapp_template: {name: consultation_update, language: en, parameters: [first_name, message]}"
    assert line in text
    callspec = getattr(request.node, "callspec", None)
    if callspec is None or callspec.params.get("with_template", True):
        text = text.replace(line, line.replace("# ", "", 1))
    studio = tmp_path / "studio.yml"
    studio.write_text(text, encoding="utf-8")
    return load_settings(studio, environ=dict(base.env))


async def _notice(store: Store) -> VisitorNotice:
    async with store.sessions() as session:
        return (await session.scalars(select(VisitorNotice).order_by(VisitorNotice.id.desc()))).first()  # type: ignore[return-value]


async def _audit(store: Store) -> str:
    async with store.sessions() as session:
        return str(await session.scalar(select(AuditEntry.details).where(AuditEntry.action == "notice")
                                        .order_by(AuditEntry.id.desc())))


async def test_a_visitor_who_prefers_sms_gets_a_text_message(relay: FakeRelay, signed_in: TestClient,  # noqa: F811
                                                              store: Store, smtp: tuple[Inbox, int],  # noqa: F811
                                                              twilio: FakeTwilioApi, graph: FakeGraphApi) -> None:
    relay.delivered, relay.delivery = False, "not_connected"
    lead = await add_lead(store.sessions, "Sia", phone="+447700900555", answers=HEALTH_ANSWERS)
    await _prefers(store, lead.id, "sms")
    booking = await add_booking(store.sessions, lead, SLOT)
    await post(signed_in, f"/dashboard/bookings/{booking.id}/decision", {"decision": "confirm"})

    [sms] = twilio.sent("+447700900555")
    assert sms["From"] == STUDIO_SMS
    assert sms["Body"] == ("Good news: your consultation with Lumen Skin Studio on Tuesday 1 July at 14:30 (BST) is "
                           "confirmed. We look forward to meeting you.")
    assert all(answer not in sms["Body"] for _k, _q, answer in HEALTH_ANSWERS)
    assert smtp[0].messages == [] and graph.whatsapp_messages() == []
    notice = await _notice(store)
    assert notice.sent_by == "sms" and notice.emailed_at is not None and notice.delivered_at is None
    assert "told by text message" in await (await signed_in.get("/dashboard/queues")).text()
    assert "sent by text message" in await (await signed_in.get(f"/dashboard/leads/{lead.id}")).text()
    assert await _audit(store) == "by text message"


async def test_whatsapp_outside_the_window_is_the_approved_template(relay: FakeRelay, signed_in: TestClient,  # noqa: F811
                                                                   store: Store, smtp: tuple[Inbox, int],  # noqa: F811
                                                                   graph: FakeGraphApi, twilio: FakeTwilioApi) -> None:
    relay.delivered, relay.delivery = False, "not_connected"
    lead = await add_lead(store.sessions, "Wen", phone="+447700900666")
    await _prefers(store, lead.id, "whatsapp")
    booking = await add_booking(store.sessions, lead, SLOT)
    await post(signed_in, f"/dashboard/bookings/{booking.id}/decision",
               {"decision": "decline", "reason": "Marta is away that week"})

    [message] = graph.whatsapp_messages("447700900666")
    assert message["type"] == "template" and message["template"]["name"] == TEMPLATE
    first, text = message["template"]["components"][0]["parameters"]
    assert first == {"type": "text", "text": "Wen"}
    assert text["text"].startswith("I'm sorry: Lumen Skin Studio can't offer the consultation on Tuesday 1 July")
    assert "Marta is away that week" in text["text"] and "\n" not in text["text"]
    assert not graph.problems and twilio.sent() == [] and smtp[0].messages == []
    assert (await _notice(store)).sent_by == "whatsapp"


async def test_whatsapp_inside_the_window_is_free_text(relay: FakeRelay, signed_in: TestClient,  # noqa: F811
                                                       store: Store, graph: FakeGraphApi) -> None:
    relay.delivered, relay.delivery = False, "not_connected"
    lead = await add_lead(store.sessions, "Ines", phone="+447700900777")
    await _prefers(store, lead.id, "whatsapp")
    await add_message(store, "447700900777", "visitor", "hi, it's Ines from the website", channel="whatsapp_cloud",
                      at=time.time() - 3600)                           # wrote to the studio's WhatsApp an hour ago
    handoff = await add_handoff(store.sessions, lead, "person")
    await post(signed_in, f"/dashboard/handoffs/{handoff.id}/done", {})
    [message] = graph.whatsapp_messages("447700900777")
    assert message["type"] == "text"
    assert message["text"]["body"] == "Marta at Lumen Skin Studio has picked up your request to talk to a person."


@pytest.mark.parametrize("with_template", [False])
async def test_no_way_by_phone_falls_back_to_email(relay: FakeRelay, signed_in: TestClient,  # noqa: F811
                                                   store: Store, smtp: tuple[Inbox, int],  # noqa: F811
                                                   graph: FakeGraphApi, twilio: FakeTwilioApi,
                                                   with_template: bool) -> None:
    """WhatsApp preferred, outside its window and no template set up: e-mail. A failing SMS: e-mail too."""
    relay.delivered, relay.delivery = False, "not_connected"
    wen = await add_lead(store.sessions, "Wen", phone="+447700900666", email="wen@example.com")
    await _prefers(store, wen.id, "whatsapp")
    booking = await add_booking(store.sessions, wen, SLOT)
    await post(signed_in, f"/dashboard/bookings/{booking.id}/decision", {"decision": "confirm"})
    assert graph.whatsapp_messages() == [] and [m["To"] for m in smtp[0].messages] == ["wen@example.com"]
    assert (await _notice(store)).sent_by == "email"

    twilio.fail(500, times=5)
    sid = await add_lead(store.sessions, "Sid", phone="+447700900888", email="sid@example.com")
    await _prefers(store, sid.id, "phone")
    handoff = await add_handoff(store.sessions, sid, "person")
    await post(signed_in, f"/dashboard/handoffs/{handoff.id}/done", {})
    assert twilio.sent("+447700900888") == []
    assert [m["To"] for m in smtp[0].messages] == ["wen@example.com", "sid@example.com"]
    assert (await _notice(store)).sent_by == "email"


async def test_an_open_chat_is_told_there_and_nowhere_else(relay: FakeRelay, signed_in: TestClient,  # noqa: F811
                                                           store: Store, smtp: tuple[Inbox, int],  # noqa: F811
                                                           twilio: FakeTwilioApi) -> None:
    lead = await add_lead(store.sessions, "Ola", phone="+447700900999")
    await _prefers(store, lead.id, "sms")
    booking = await add_booking(store.sessions, lead, SLOT)
    await post(signed_in, f"/dashboard/bookings/{booking.id}/decision", {"decision": "confirm"})
    assert len(relay.of("notify")) == 1 and twilio.sent() == [] and smtp[0].messages == []


async def _prefers(store: Store, lead_id: str, way: str) -> None:
    from bot.store.models import Lead
    async with store.sessions.begin() as session:
        lead = await session.get(Lead, lead_id)
        assert lead is not None
        lead.preferred_contact = way
