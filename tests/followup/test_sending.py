"""Sending follow-ups for real: the local SMTP server, and the local fakes of the WhatsApp Cloud API (free text
inside the 24-hour window, the approved template with its parameters outside it), Telegram and Twilio."""
from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Iterator

import pytest
from sqlalchemy import select

from bot.followup import plan
from bot.followup.models import ScheduledMessage
from bot.followup.scheduler import Scheduler
from bot.followup.send import Senders
from tests.fakes.graph_api import FakeGraphApi
from tests.fakes.telegram_api import FakeTelegramApi
from tests.fakes.twilio_api import FakeTwilioApi
from tests.followup.conftest import Db, add_booking, add_lead, make_settings, smtp_env, utc, visitor_wrote


@pytest.fixture(scope="module")
def graph() -> Iterator[FakeGraphApi]:
    server = FakeGraphApi()
    server.start_in_thread()
    yield server
    server.stop_thread()


@pytest.fixture(scope="module")
def telegram() -> Iterator[FakeTelegramApi]:
    server = FakeTelegramApi()
    server.start_in_thread()
    yield server
    server.stop_thread()


@pytest.fixture(scope="module")
def twilio() -> Iterator[FakeTwilioApi]:
    server = FakeTwilioApi()
    server.start_in_thread()
    yield server
    server.stop_thread()


def env_for(graph: FakeGraphApi, telegram: FakeTelegramApi, twilio: FakeTwilioApi) -> dict[str, str]:
    return {"WHATSAPP_ACCESS_TOKEN": graph.access_token, "WHATSAPP_PHONE_NUMBER_ID": graph.phone_number_id,
            "WHATSAPP_API_BASE_URL": graph.base_url, "TELEGRAM_TOKEN": telegram.token,
            "TELEGRAM_API_BASE_URL": telegram.base_url, "TWILIO_ACCOUNT_SID": twilio.account_sid,
            "TWILIO_AUTH_TOKEN": twilio.auth_token, "TWILIO_WHATSAPP_NUMBER": "+441273000999",
            "TWILIO_API_BASE_URL": twilio.base_url}


async def _state(db: Db, kind: str) -> list[tuple[str, str]]:
    async with db.sessions() as session:
        return [(r.state, r.reason) for r in (await session.scalars(
            select(ScheduledMessage).where(ScheduledMessage.kind == kind).order_by(ScheduledMessage.due_at))).all()]


async def test_a_reminder_by_email_through_smtp(db: Db, tmp_path: Path, smtp) -> None:  # type: ignore[no-untyped-def]
    inbox, port = smtp
    settings = make_settings(tmp_path, DATABASE_URL=db.url, **smtp_env(port))
    lead = await add_lead(db.sessions, "Anna", email_address="anna@example.com")
    await add_booking(db.sessions, lead, utc(2026, 12, 10, 11, 0))
    senders = Senders(settings, db.tracker)
    job = Scheduler(db.sessions, db.tracker, settings, senders)
    await job.run_once(utc(2026, 12, 1, 12, 0))
    await job.run_once(utc(2026, 12, 9, 11, 0))
    await senders.close()
    [mail] = inbox.messages
    body = mail.get_content()
    assert mail["To"] == "anna@example.com" and mail["Subject"] == "Your consultation with Lumen Skin Studio"
    assert "Thursday 10 December at 11:00 (GMT)" in body and "Hello Anna" in body
    assert "/demo?resume=" in body                       # move or cancel it: carry on in the chat
    assert mail["List-Unsubscribe"].startswith("<https://studio.example/followups/stop?t=")
    assert "followups/stop?t=" in body
    assert await _state(db, plan.REMINDER) == [("sent", ""), ("scheduled", "")]


async def test_no_mail_server_retries_then_says_why(db: Db, tmp_path: Path) -> None:
    from bot.followup.send import RETRY
    settings = make_settings(tmp_path, **smtp_env(1))          # nothing listens on port 1
    lead = await add_lead(db.sessions)
    outcome = await Senders(settings, db.tracker).send("email", lead, plan.AFTERCARE, _message(settings),
                                                        utc(2026, 1, 1))
    assert outcome.status == RETRY and outcome.reason == "email: SMTPConnectError"


def _message(settings):  # type: ignore[no-untyped-def]
    from bot.followup.texts import compose
    return compose(settings, plan.AFTERCARE, "Anna")


async def test_whatsapp_inside_the_window_free_text_outside_it_the_template(  # type: ignore[no-untyped-def]
        db: Db, tmp_path: Path, graph, telegram, twilio) -> None:
    graph.reset()
    settings = make_settings(tmp_path, **env_for(graph, telegram, twilio))
    lead = await add_lead(db.sessions, "Bea", channel="whatsapp_cloud", conversation_id="447700900123",
                          email_address=None)
    booking_at = utc(2026, 12, 10, 11, 0)
    await add_booking(db.sessions, lead, booking_at)
    await visitor_wrote(db.tracker, lead.conversation_id, "thursday at 11 please", utc(2026, 12, 8, 15, 0))
    senders = Senders(settings, db.tracker)
    job = Scheduler(db.sessions, db.tracker, settings, senders)
    await job.run_once(utc(2026, 12, 1, 12, 0))
    await job.run_once(utc(2026, 12, 9, 11, 0))        # 20 hours after the visitor wrote: free text
    await job.run_once(utc(2026, 12, 10, 9, 0))        # 42 hours after: only the approved template
    await senders.close()
    text, template = graph.whatsapp_messages("447700900123")
    assert text["type"] == "text" and "Thursday 10 December at 11:00" in text["text"]["body"]
    assert template["type"] == "template"
    assert template["template"]["name"] == "consultation_reminder"
    assert template["template"]["components"] == [{"type": "body", "parameters": [
        {"type": "text", "text": "Bea"}, {"type": "text", "text": "Thursday 10 December at 11:00 (GMT)"}]}]
    assert not graph.problems
    assert [s for s, _ in await _state(db, plan.REMINDER)] == ["sent", "sent"]


async def test_whatsapp_outside_the_window_without_a_template_is_not_sent(  # type: ignore[no-untyped-def]
        db: Db, tmp_path: Path, graph, telegram, twilio) -> None:
    graph.reset()
    settings = make_settings(tmp_path, {"whatsapp_templates": {}}, **env_for(graph, telegram, twilio))
    lead = await add_lead(db.sessions, "Bea", channel="whatsapp_cloud", conversation_id="447700900124",
                          email_address=None)
    await plan.session_done(db.sessions, settings, lead.id, date(2026, 12, 1), "marta", utc(2026, 12, 1, 12, 0))
    senders = Senders(settings, db.tracker)
    await Scheduler(db.sessions, db.tracker, settings, senders).run_once(utc(2026, 12, 1, 13, 0))
    await senders.close()
    assert not graph.whatsapp_messages("447700900124")
    [(state, reason)] = await _state(db, plan.AFTERCARE)
    assert state == "failed" and "24-hour window" in reason


async def test_telegram_and_twilio_sms(db: Db, tmp_path: Path, graph, telegram, twilio) -> None:  # type: ignore[no-untyped-def]
    telegram.reset()
    twilio.reset()
    settings = make_settings(tmp_path, **env_for(graph, telegram, twilio))
    tg_lead = await add_lead(db.sessions, "Cleo", channel="telegram", conversation_id="777001", email_address=None)
    sms_lead = await add_lead(db.sessions, "Dana", channel="twilio", conversation_id="+447700900555",
                              email_address=None)
    for lead in (tg_lead, sms_lead):
        await plan.session_done(db.sessions, settings, lead.id, date(2026, 12, 1), "marta", utc(2026, 12, 1, 12, 0))
    telegram.fail(503)                                    # Telegram is down once: retried 5 minutes later
    senders = Senders(settings, db.tracker)
    job = Scheduler(db.sessions, db.tracker, settings, senders)
    await job.run_once(utc(2026, 12, 1, 13, 0))
    assert not telegram.sent("777001") and len(twilio.sent("+447700900555")) == 1
    await job.run_once(utc(2026, 12, 1, 13, 0) + timedelta(minutes=5))
    await senders.close()
    [sent] = telegram.sent("777001")
    assert sent["text"].startswith("Hello Cleo, thank you for your session") and "Reply STOP" in sent["text"]
    assert twilio.sent("+447700900555")[0]["From"] == "+441273000999"
    async with db.sessions() as session:
        attempts = (await session.scalars(select(ScheduledMessage.attempts).where(
            ScheduledMessage.lead_id == tg_lead.id, ScheduledMessage.kind == plan.AFTERCARE))).one()
    assert attempts == 2
