"""Live chats in the dashboard, against a stand-in for the Rasa server's relay: the list, one chat, take over /
reply / hand back (takeover rows, audit entries, roles, CSRF), the event streams, the idle hand-back, and the
outcomes of the queues reaching the visitor (the open chat, else an e-mail with a calendar file).

The relay itself, with the real Rasa server and channels, is tested in tests/live/.
"""
from __future__ import annotations

import asyncio
import email
import json
from email import policy
from email.message import EmailMessage
import re
import socket
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any, Iterator, Optional

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient
from aiosmtpd.controller import Controller
from sqlalchemy import insert, select, update

from bot.live import refs
from bot.live.idle import hand_back_idle
from bot.live.relay_client import RELAY, RelayAnswer, RelayError
from bot.live.web import REF_KEY
from bot.settings import Settings
from bot.store import takeovers
from bot.store.models import AuditEntry, Booking, BookingStatus, VisitorNotice
from bot.store.takeovers import Takeover
from bot.store.tracker_events import events
from tests.dashboard.conftest import make_settings
from tests.dashboard.factories import (HEALTH_ANSWERS, Store, add_booking, add_handoff, add_lead, csrf, post,
                                       sign_in)

WHATSAPP_VISITOR = "447700900123"
SLOT = datetime(2031, 7, 1, 13, 30, tzinfo=timezone.utc)      # 14:30 in London (BST)


@dataclass
class FakeRelay:
    """Records what the dashboard asked the Rasa server; answers with ``delivery``."""

    delivery: str = "delivered"
    delivered: bool = True
    fail_with: Optional[int] = None
    calls: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    buttons: list[list[dict[str, str]]] = field(default_factory=list)     # those of each notice that had some

    async def _call(self, operation: str, **body: str) -> RelayAnswer:
        self.calls.append((operation, body))
        if self.fail_with is not None:
            raise RelayError(self.fail_with, "fake")
        return RelayAnswer("socketio", operation in ("takeover", "reply"), self.delivery,
                           delivered=self.delivered)

    async def take_over(self, conversation_id: str, staff: str) -> RelayAnswer:
        return await self._call("takeover", conversation_id=conversation_id, staff=staff)

    async def reply(self, conversation_id: str, staff: str, text: str) -> RelayAnswer:
        return await self._call("reply", conversation_id=conversation_id, staff=staff, text=text)

    async def hand_back(self, conversation_id: str, staff: str) -> RelayAnswer:
        return await self._call("handback", conversation_id=conversation_id, staff=staff)

    async def notify(self, conversation_id: str, text: str,
                     buttons: Optional[list[dict[str, str]]] = None) -> RelayAnswer:
        if buttons:
            self.buttons.append(buttons)
        return await self._call("notify", conversation_id=conversation_id, text=text)

    async def status(self, conversation_id: str) -> RelayAnswer:
        return await self._call("status", conversation_id=conversation_id)

    async def close(self) -> None:
        pass

    def of(self, operation: str) -> list[dict[str, str]]:
        return [body for op, body in self.calls if op == operation]


@pytest.fixture
def relay(app: web.Application) -> FakeRelay:
    fake = FakeRelay()
    app[RELAY] = fake          # type: ignore[assignment]  (before the app starts: relay_ctx keeps it)
    return fake


async def add_message(store: Store, conversation_id: str, speaker: str, text: str, *, at: Optional[float] = None,
                      channel: str = "socketio", staff: str = "", buttons: tuple[tuple[str, str], ...] = ()) -> None:
    """One row in Rasa's events table, as Rasa writes it (the parts the dashboard reads)."""
    at = at or time.time()
    if speaker == "visitor":
        data: dict[str, Any] = {"event": "user", "timestamp": at, "text": text, "input_channel": channel,
                                "parse_data": {"intent": {"name": "greet"}, "entities": []}}
    else:
        data = {"event": "bot", "timestamp": at, "text": text, "metadata": {"staff": staff} if staff else {},
                "data": {"buttons": [{"title": t, "payload": p} for t, p in buttons]} if buttons else {}}
    async with store.tracker.begin() as conn:
        await conn.execute(insert(events), [{"sender_id": conversation_id, "type_name": data["event"],
                                             "timestamp": at, "data": json.dumps(data), "intent_name": None,
                                             "action_name": None}])


async def add_pause(store: Store, conversation_id: str, kind: str = "pause") -> None:
    async with store.tracker.begin() as conn:
        await conn.execute(insert(events), [{"sender_id": conversation_id, "type_name": kind, "timestamp": time.time(),
                                             "data": json.dumps({"event": kind}), "intent_name": None,
                                             "action_name": None}])


def ref_of(app: web.Application, conversation_id: str) -> str:
    return refs.ref(app[REF_KEY], conversation_id)


async def test_the_list_shows_active_chats_without_their_ids(relay: FakeRelay, signed_in: TestClient,
                                                              store: Store, app: web.Application) -> None:
    anna = await add_lead(store.sessions, "Anna", conversation_id="web-anna-live")
    await add_message(store, anna.conversation_id, "visitor", "Hello, is anyone there?", at=time.time() - 600)
    await add_message(store, anna.conversation_id, "assistant", "Hello! How can I help?", at=time.time() - 590)
    await add_message(store, WHATSAPP_VISITOR, "visitor", "Can I talk to someone about my scalp?",
                      channel="whatsapp_cloud", at=time.time() - 120)
    await add_handoff(store.sessions, await add_lead(store.sessions, None, conversation_id=WHATSAPP_VISITOR,
                                                     channel="whatsapp_cloud"), "person")
    await add_message(store, "old-chat", "visitor", "From last week", at=time.time() - 3 * 86400)
    response = await signed_in.get("/dashboard/conversations")
    html = await response.text()
    assert response.status == 200
    assert "Anna" in html and "Website chat" in html and "Assistant: Hello! How can I help?" in html
    assert "WhatsApp" in html and "Can I talk to someone about my scalp?" in html
    assert "Asked for a person" in html and "Waiting" in html
    assert "From last week" not in html
    assert WHATSAPP_VISITOR not in html                      # the phone number is in no link and no text
    assert f'/dashboard/conversations/{ref_of(app, WHATSAPP_VISITOR)}"' in html
    assert html.index("Can I talk to someone") < html.index("Hello! How can I help?")   # waiting ones first
    assert re.search(r'data-live-badge data-stream="/dashboard/live/stream"', html)


async def test_one_chat_as_the_visitor_saw_it(relay: FakeRelay, signed_in: TestClient, store: Store,
                                              app: web.Application) -> None:
    conversation = "web-bea-1"
    await add_message(store, conversation, "visitor", "/greet")
    await add_message(store, conversation, "assistant", "Would you like to book?",
                      buttons=(("Book a consultation", "/book_consultation"), ("Not now", "/deny")))
    await add_message(store, conversation, "visitor", "/book_consultation")
    await add_message(store, conversation, "assistant", "Marta from the studio has joined the chat.", staff="Marta")
    await add_message(store, conversation, "assistant", "Hi Bea, happy to help.", staff="Marta")
    response = await signed_in.get(f"/dashboard/conversations/{ref_of(app, conversation)}")
    html = await response.text()
    assert response.status == 200
    assert "/greet" not in html and "/book_consultation" not in html
    assert re.search(r"chat-msg--visitor.*?Book a consultation", html, re.S)
    assert re.search(r"chat-msg--staff.*?Marta \(studio\).*?Hi Bea, happy to help\.", html, re.S)
    assert "Take over" in html and "The assistant is answering" in html
    assert relay.of("status") == [{"conversation_id": conversation}]
    async with store.sessions() as session:
        entry = (await session.scalars(select(AuditEntry).where(AuditEntry.action == "view_conversation"))).one()
    assert entry.target == f"conversation {ref_of(app, conversation)}"
    assert (await signed_in.get(f"/dashboard/conversations/{'0' * 32}")).status == 404
    assert (await signed_in.get("/dashboard/conversations/web-bea-1")).status == 404


async def test_take_over_reply_and_hand_back(relay: FakeRelay, signed_in: TestClient, store: Store,
                                             app: web.Application) -> None:
    lead = await add_lead(store.sessions, "Cara", conversation_id="web-cara-1")
    await add_message(store, lead.conversation_id, "visitor", "Can I talk to a person?")
    path = f"/dashboard/conversations/{ref_of(app, lead.conversation_id)}"
    token = await csrf(signed_in, path)
    json_headers = {"Accept": "application/json"}

    refused = await signed_in.post(path + "/reply", data={"text": "Hello", "csrf_token": token}, headers=json_headers)
    assert (await refused.json())["ok"] is False and relay.of("reply") == []

    taken = await signed_in.post(path + "/takeover", data={"csrf_token": token}, headers=json_headers)
    assert (await taken.json())["ok"] is True
    assert relay.of("takeover") == [{"conversation_id": lead.conversation_id, "staff": "Marta"}]
    row = await takeovers.active(store.sessions, lead.conversation_id)
    assert row is not None and row.taken_by == "marta"

    said = await signed_in.post(path + "/reply", data={"text": "  Hi Cara, Marta here.  ", "csrf_token": token},
                                headers=json_headers)
    assert await said.json() == {"ok": True, "message": "Sent.", "kind": "success", "delivery": "delivered"}
    assert relay.of("reply") == [{"conversation_id": lead.conversation_id, "staff": "Marta",
                                  "text": "Hi Cara, Marta here."}]
    relay.delivery = "not_connected"
    said = await signed_in.post(path + "/reply", data={"text": "Are you still there?", "csrf_token": token},
                                headers=json_headers)
    assert "not open" in (await said.json())["message"]

    back = await post(signed_in, path + "/handback", {}, token)         # the form without JavaScript
    assert back.status == 303 and back.headers["Location"] == path
    assert "answering this chat again" in await (await signed_in.get(path)).text()
    assert relay.of("handback") == [{"conversation_id": lead.conversation_id, "staff": "Marta"}]
    async with store.sessions() as session:
        ended = (await session.scalars(select(Takeover))).one()
        audit = (await session.scalars(select(AuditEntry).where(
            AuditEntry.action.in_(("takeover", "live_reply", "handback"))).order_by(AuditEntry.id))).all()
    assert ended.ended_at is not None and ended.end_reason == "handback" and ended.ended_by == "marta"
    assert [a.action for a in audit] == ["takeover", "live_reply", "live_reply", "handback"]
    assert all(a.target == lead.id and "Cara" not in a.details and "Marta here" not in a.details for a in audit)


async def test_one_practitioner_at_a_time(relay: FakeRelay, signed_in: TestClient, staff: str, store: Store,
                                          app: web.Application) -> None:
    from tests.dashboard.conftest import STAFF_PASSWORD

    signed_in_staff = TestClient(signed_in.server)              # a second browser on the same server
    await signed_in_staff.start_server()
    await sign_in(signed_in_staff, staff, STAFF_PASSWORD)
    await add_message(store, "web-dora-1", "visitor", "Hello")
    path = f"/dashboard/conversations/{ref_of(app, 'web-dora-1')}"
    await post(signed_in, path + "/takeover", {}, await csrf(signed_in, path))
    staff_token = await csrf(signed_in_staff, path)
    answer = await signed_in_staff.post(path + "/takeover", data={"csrf_token": staff_token},
                                        headers={"Accept": "application/json"})
    assert await answer.json() == {"ok": False, "message": "marta is answering this chat.", "kind": "info",
                                   "delivery": None}
    answer = await signed_in_staff.post(path + "/reply", data={"text": "Me too", "csrf_token": staff_token},
                                        headers={"Accept": "application/json"})
    assert (await answer.json())["ok"] is False and len(relay.of("takeover")) == 1 and relay.of("reply") == []
    # staff may hand a colleague's chat back (they left for the day); the visitor hears the taker's name
    answer = await signed_in_staff.post(path + "/handback", data={"csrf_token": staff_token},
                                        headers={"Accept": "application/json"})
    assert (await answer.json())["ok"] is True and relay.of("handback")[0]["staff"] == "Marta"


async def test_the_actions_need_the_csrf_token(relay: FakeRelay, signed_in: TestClient, store: Store,
                                               app: web.Application) -> None:
    await add_message(store, "web-eve-1", "visitor", "Hello")
    path = f"/dashboard/conversations/{ref_of(app, 'web-eve-1')}"
    for action in ("/takeover", "/reply", "/handback"):
        response = await signed_in.post(path + action, data={"text": "x"}, allow_redirects=False)
        assert response.status == 403
    assert relay.calls == [] and await store.count(Takeover) == 0


async def test_a_relay_that_cannot_be_reached(relay: FakeRelay, signed_in: TestClient, store: Store,
                                              app: web.Application) -> None:
    await add_message(store, "web-fay-1", "visitor", "Hello")
    path = f"/dashboard/conversations/{ref_of(app, 'web-fay-1')}"
    relay.fail_with = 0
    assert (await signed_in.get(path)).status == 200                # the page still opens
    answer = await signed_in.post(path + "/takeover", data={"csrf_token": await csrf(signed_in, path)},
                                  headers={"Accept": "application/json"})
    assert "cannot be reached" in (await answer.json())["message"]
    assert await store.count(Takeover) == 0                                 # nothing left half-done


async def _events(response: Any, wanted: str, timeout: float = 8.0) -> dict[str, Any]:
    """The data of the next ``wanted`` event on an event stream."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        chunk = await asyncio.wait_for(response.content.readuntil(b"\n\n"), timeout=deadline - time.monotonic())
        fields = dict(line.split(": ", 1) for line in chunk.decode().strip().splitlines() if ": " in line)
        if fields.get("event") == wanted:
            return json.loads(fields["data"])
    raise AssertionError(f"no {wanted} event")


async def test_the_streams_push_what_changes(relay: FakeRelay, signed_in: TestClient, store: Store,
                                             app: web.Application) -> None:
    await add_message(store, "web-gia-1", "visitor", "Hello")
    live = await signed_in.get("/dashboard/live/stream?list=1")
    assert live.status == 200 and live.headers["Content-Type"].startswith("text/event-stream")
    assert live.headers["Cache-Control"] == "no-store" and "Content-Security-Policy" in live.headers
    assert "Set-Cookie" not in live.headers                  # a stream never refreshes the session
    assert await _events(live, "counts") == {"waiting": 0, "new_leads": 0, "requests": 0}
    assert [r["last"]["text"] for r in await _events(live, "conversations")] == ["Hello"]
    await add_message(store, "web-hal-1", "visitor", "A new visitor")     # appears without a reload
    rows = await _events(live, "conversations")
    assert [r["last"]["text"] for r in rows] == ["A new visitor", "Hello"]
    live.close()

    chat = await signed_in.get(f"/dashboard/conversations/{ref_of(app, 'web-gia-1')}/stream?after=0")
    first = await _events(chat, "line")
    assert first["speaker"] == "visitor" and first["text"] == "Hello"
    assert await _events(chat, "state") == {"taken_by": "", "mine": False, "paused": False}
    await add_pause(store, "web-gia-1")
    await add_message(store, "web-gia-1", "visitor", "Anyone?")
    assert (await _events(chat, "line"))["text"] == "Anyone?"
    assert (await _events(chat, "state"))["paused"] is True
    chat.close()


async def test_signed_out_browsers_get_no_stream(client: TestClient, relay: FakeRelay) -> None:
    response = await client.get("/dashboard/live/stream", allow_redirects=False)
    assert response.status == 303 and response.headers["Location"].startswith("/dashboard/login")


async def test_idle_takeovers_are_handed_back(relay: FakeRelay, settings: Settings, store: Store,
                                              app: web.Application) -> None:
    busy = await takeovers.start(store.sessions, "web-ida-1", "socketio", "marta")
    idle = await takeovers.start(store.sessions, "web-ivy-1", "socketio", "sam")
    assert busy is not None and idle is not None
    async with store.sessions.begin() as session:
        await session.execute(update(Takeover).where(Takeover.id == idle.id)
                              .values(last_activity_at=datetime.now(timezone.utc) - timedelta(minutes=16)))
    assert await hand_back_idle(store.sessions, relay, settings, b"k" * 32, 15) == 1  # type: ignore[arg-type]
    assert relay.of("handback") == [{"conversation_id": "web-ivy-1", "staff": "Sam"}]
    assert (await store.get(Takeover, idle.id)).end_reason == "idle"
    assert (await store.get(Takeover, busy.id)).ended_at is None
    async with store.sessions() as session:
        entry = (await session.scalars(select(AuditEntry).where(AuditEntry.action == "handback"))).one()
    assert entry.actor == "assistant" and "idle" in entry.details


async def test_erasing_a_lead_forgets_its_takeovers(relay: FakeRelay, signed_in: TestClient, store: Store) -> None:
    lead = await add_lead(store.sessions, "Iris")
    await takeovers.start(store.sessions, lead.conversation_id, "socketio", "marta")
    await post(signed_in, f"/dashboard/leads/{lead.id}/erase", {"confirm": "yes"})
    assert await store.count(Takeover) == 0


# ---- outcomes of the queues --------------------------------------------------------------------------------

async def test_a_confirmation_reaches_the_open_chat_at_once(relay: FakeRelay, signed_in: TestClient,
                                                            store: Store) -> None:
    lead = await add_lead(store.sessions, "Jo")
    booking = await add_booking(store.sessions, lead, SLOT)
    await post(signed_in, f"/dashboard/bookings/{booking.id}/decision", {"decision": "confirm"})
    assert [b["text"] for b in relay.of("notify")] == [
        "Good news: your consultation with Lumen Skin Studio on Tuesday 1 July at 14:30 (BST) is confirmed. "
        "We look forward to meeting you."]
    notice = (await _notices(store))[0]
    assert notice.delivered_at is not None and notice.emailed_at is None
    assert "told in their open chat" in await (await signed_in.get("/dashboard/queues")).text()


async def test_a_decline_gives_the_reason(relay: FakeRelay, signed_in: TestClient, store: Store) -> None:
    lead = await add_lead(store.sessions, "Kim")
    booking = await add_booking(store.sessions, lead, SLOT)
    await post(signed_in, f"/dashboard/bookings/{booking.id}/decision",
               {"decision": "decline", "reason": "I'm away that week, sorry!"})
    text = relay.of("notify")[0]["text"]
    assert "can't offer the consultation on Tuesday 1 July at 14:30" in text
    assert "I'm away that week, sorry!" in text and "another time" in text
    assert (await store.get(Booking, booking.id)).status == BookingStatus.declined


async def test_an_answered_request_is_told(relay: FakeRelay, signed_in: TestClient, store: Store) -> None:
    lead = await add_lead(store.sessions, "Lea")
    handoff = await add_handoff(store.sessions, lead, "person")
    await post(signed_in, f"/dashboard/handoffs/{handoff.id}/done", {})
    assert relay.of("notify") == [{"conversation_id": lead.conversation_id,
                                   "text": "Marta at Lumen Skin Studio has picked up your request to talk to a "
                                           "person."}]


class Inbox:
    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # aiosmtpd's API
        self.messages.append(email.message_from_bytes(envelope.original_content or b"", policy=policy.default))
        return "250 OK"


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, int]]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield inbox, port
    controller.stop()


@pytest.fixture
def settings(databases: Any, tmp_path: Any, request: pytest.FixtureRequest) -> Settings:
    """The dashboard's settings, with the local SMTP server when the test uses it."""
    env = {}
    if "smtp" in request.fixturenames:
        env = {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(request.getfixturevalue("smtp")[1]),
               "SMTP_STARTTLS": "0", "SMTP_FROM": "hello@lumenskin.example"}
    return make_settings(databases, tmp_path, **env)


async def test_a_closed_chat_gets_an_email_with_the_calendar_file(smtp: tuple[Inbox, int], relay: FakeRelay,
                                                                   signed_in: TestClient, store: Store) -> None:
    inbox, _ = smtp
    relay.delivered, relay.delivery = False, "not_connected"
    lead = await add_lead(store.sessions, "Mia", email="mia@example.com", answers=HEALTH_ANSWERS)
    booking = await add_booking(store.sessions, lead, SLOT)
    await post(signed_in, f"/dashboard/bookings/{booking.id}/decision", {"decision": "confirm"})
    assert len(inbox.messages) == 1
    message = inbox.messages[0]
    assert message["To"] == "mia@example.com"
    assert message["Subject"] == "Your consultation with Lumen Skin Studio is confirmed"
    body = message.get_body(("plain",)).get_content()
    assert body.startswith("Hello Mia,") and "Tuesday 1 July at 14:30 (BST) is confirmed" in body
    calendar = next(part for part in message.iter_attachments() if part.get_content_type() == "text/calendar")
    ics = calendar.get_content()
    assert calendar.get_filename() == "consultation.ics"
    assert "DTSTART:20310701T133000Z" in ics and "SUMMARY:Consultation at Lumen Skin Studio" in ics
    raw = message.as_string()
    for _key, question, answer in HEALTH_ANSWERS:
        assert question not in raw and answer not in raw
    notice = (await _notices(store))[0]
    assert notice.emailed_at is not None and notice.delivered_at is None     # and said in the chat next time
    assert "told by email" in await (await signed_in.get("/dashboard/queues")).text()


async def test_the_practitioner_downloads_a_calendar_file(relay: FakeRelay, signed_in: TestClient,
                                                          store: Store) -> None:
    lead = await add_lead(store.sessions, "Noa", answers=HEALTH_ANSWERS)
    booking = await add_booking(store.sessions, lead, SLOT, status=BookingStatus.confirmed)
    response = await signed_in.get(f"/dashboard/bookings/{booking.id}/calendar.ics")
    assert response.status == 200 and response.headers["Content-Type"].startswith("text/calendar")
    assert response.headers["Content-Disposition"] == 'attachment; filename="consultation-20310701-1430.ics"'
    body = await response.text()
    assert "SUMMARY:Consultation: Noa" in body and "STATUS:CONFIRMED" in body and "\r\n" in body
    assert all(answer not in body for _k, _q, answer in HEALTH_ANSWERS)
    assert (await signed_in.get(f"/dashboard/bookings/{'d' * 32}/calendar.ics")).status == 404
    lead_page = await (await signed_in.get(f"/dashboard/leads/{lead.id}")).text()
    assert f'href="/dashboard/bookings/{booking.id}/calendar.ics" download' in lead_page


async def _notices(store: Store) -> list[VisitorNotice]:
    async with store.sessions() as session:
        return list((await session.scalars(select(VisitorNotice).order_by(VisitorNotice.id))).all())


async def test_staff_may_use_the_live_chats(relay: FakeRelay, signed_in_staff: TestClient, store: Store,
                                            app: web.Application) -> None:
    await add_message(store, "web-ola-1", "visitor", "Hello")
    assert (await signed_in_staff.get("/dashboard/conversations")).status == 200
    path = f"/dashboard/conversations/{ref_of(app, 'web-ola-1')}"
    answer = await signed_in_staff.post(path + "/takeover", data={"csrf_token": await csrf(signed_in_staff, path)},
                                        headers={"Accept": "application/json"})
    assert (await answer.json())["ok"] is True and relay.of("takeover")[0]["staff"] == "Sam"


async def test_a_generic_account_shows_the_practitioners_first_name(relay: FakeRelay, client: TestClient,
                                                                     store: Store, app: web.Application) -> None:
    from tests.dashboard.conftest import PASSWORD
    from tests.dashboard.factories import add_user

    await add_user(store.sessions, "admin", PASSWORD)
    await sign_in(client, "admin", PASSWORD)
    await add_message(store, "web-pia-1", "visitor", "Hello")
    path = f"/dashboard/conversations/{ref_of(app, 'web-pia-1')}"
    await post(client, path + "/takeover", {}, await csrf(client, path))
    assert relay.of("takeover")[0]["staff"] == "Marta"


async def add_action(store: Store, conversation_id: str, name: str, at: Optional[float] = None) -> None:
    at = at or time.time()
    async with store.tracker.begin() as conn:
        await conn.execute(insert(events), [{"sender_id": conversation_id, "type_name": "action", "timestamp": at,
                                             "data": json.dumps({"event": "action", "name": name}),
                                             "intent_name": None, "action_name": name}])


async def test_asking_for_a_person_waits_until_someone_joins(relay: FakeRelay, signed_in: TestClient, store: Store,
                                                             app: web.Application) -> None:
    asked_at = time.time() - 270     # "4 min" for the next 30 s, however slow the machine
    await add_message(store, "web-quin-1", "visitor", "/human_handoff", at=asked_at)
    await add_action(store, "web-quin-1", "action_human_handoff", at=asked_at + 1)
    await add_message(store, "web-quin-1", "assistant", "Who should they ask for?", at=asked_at + 2)
    html = await (await signed_in.get("/dashboard/conversations")).text()
    assert "Asked for a person" in html and "Waiting 4 min" in html and "Talk to a person" not in html
    path = f"/dashboard/conversations/{ref_of(app, 'web-quin-1')}"
    token = await csrf(signed_in, path)
    await post(signed_in, path + "/takeover", {}, token)
    await add_pause(store, "web-quin-1")
    html = await (await signed_in.get("/dashboard/conversations")).text()
    assert "marta is answering" in html and "Asked for a person" not in html and "Waiting" not in html
    await post(signed_in, path + "/handback", {}, token)
    await add_pause(store, "web-quin-1", "resume")
    html = await (await signed_in.get("/dashboard/conversations")).text()
    assert "Waiting" not in html and "The assistant is answering" in html        # the request was answered


async def test_the_live_pages_have_the_security_headers_and_no_inline_script(relay: FakeRelay,
                                                                               signed_in: TestClient,
                                                                               store: Store,
                                                                               app: web.Application) -> None:
    await add_message(store, "web-rae-1", "visitor", "<script>alert(1)</script>")
    for path in ("/dashboard/conversations", f"/dashboard/conversations/{ref_of(app, 'web-rae-1')}"):
        response = await signed_in.get(path)
        body = await response.text()
        assert response.status == 200 and response.headers["Cache-Control"] == "no-store"
        assert "script-src 'self'" in response.headers["Content-Security-Policy"]
        assert response.headers["X-Frame-Options"] == "DENY"
        assert "<script>alert(1)</script>" not in body and "&lt;script&gt;alert(1)&lt;/script&gt;" in body
        assert not re.search(r"<script(?![^>]*\bsrc=\"/dashboard/static/live\.js)", body)
