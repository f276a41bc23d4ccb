"""A declined booking offers another time, and the visitor books it with one tap, against the real assistant: the
practitioner ticks a free time on the decline form, the visitor's open widget gets the decline with a button for
it, the tap goes through the ordinary booking flow, and the new request is what the lead page shows."""
from __future__ import annotations

import re

import pytest
from sqlalchemy.orm import Session

from bot.store.models import Lead, LeadStatus
from tests.channels.socketio_client import SocketClient
from tests.live.conftest import Live
from tests.live.dashboard import Dashboard, relay
from tests.live.test_outcomes import add_lead_with_booking, open_chat
from tests.live.test_relay import bot_messages, wait_for_message

pytestmark = pytest.mark.conversation

OFFERED = re.compile(r'<input type="checkbox" name="time" value="([^"]+)"> ([^<]+)</label>')
STATUS = re.compile(r'<p class="badges"><span class="badge status-[a-z_]+">([^<]+)</span>')


async def test_the_visitor_books_an_offered_time_with_one_tap(live: Live) -> None:
    dashboard = await Dashboard(live).sign_in()
    try:
        async with SocketClient(live.assistant.rasa_url) as visitor:
            session_id = await open_chat(live, visitor)
            lead_id, booking_id = add_lead_with_booking(live, session_id, "Ines")
            with Session(live.assistant.leads_db) as session:
                lead = session.get(Lead, lead_id)
                assert lead is not None
                lead.status = LeadStatus.consultation_booked        # as the assistant stores a request
                session.commit()
            _, queues = await dashboard.get("/dashboard/queues")
            iso, label = OFFERED.findall(queues)[2]
            assert await dashboard.form(f"/dashboard/bookings/{booking_id}/decision", decision="decline",
                                        time=iso) == 303
            notice = await wait_for_message(visitor, lambda m: "can't offer" in (m.get("text") or ""))
            [button] = notice["quick_replies"]
            assert label.startswith(button["payload"][len("Can I book "):-1])
            assert "The studio can offer you this time instead" in notice["text"]
            _, page = await dashboard.get(f"/dashboard/leads/{lead_id}")
            assert STATUS.findall(page)[0] == "Booking declined"

            before = len(bot_messages(visitor))
            await visitor.emit("user_uttered", {"message": button["payload"], "session_id": session_id})
            reply = await wait_for_message(visitor, lambda m: "reserved for" in (m.get("text") or ""))
            assert len(bot_messages(visitor)) > before
            day, clock = button["payload"][len("Can I book "):-1].split(" at ")
            assert day in reply["text"] and f"at {clock}" in reply["text"]
    finally:
        await dashboard.close()
    rows = live.assistant.rows("SELECT status FROM bookings WHERE conversation_id = :c ORDER BY created_at",
                               c=session_id)
    assert [r["status"] for r in rows] == ["declined", "requested"]
    dashboard = await Dashboard(live).sign_in()
    try:
        _, page = await dashboard.get(f"/dashboard/leads/{lead_id}")
        assert STATUS.findall(page)[0] == "Consultation requested"
        assert button["title"] in page                              # the tap in the transcript, as the visitor saw it
    finally:
        await dashboard.close()


async def test_the_relay_takes_only_plain_buttons(live: Live) -> None:
    """At most 3, each a short title and a payload the visitor could have typed (never an intent with entities)."""
    async with SocketClient(live.assistant.rasa_url) as visitor:
        session_id = await open_chat(live, visitor)
        base = {"conversation_id": session_id, "text": "Other times"}
        fine = {"title": "Tue 9 Dec, 10:00", "payload": "Can I book Tuesday 9 December at 10:00?"}
        for buttons in ([{**fine, "payload": '/book_consultation{"lead_id": "x"}'}], [fine] * 4,
                        [{"title": "x" * 41, "payload": "ok"}], [{"title": "ok"}], "ok"):
            status, answer = await relay(live, "notify", {**base, "buttons": buttons})
            assert status == 400 and "buttons" in answer["error"], buttons
        status, answer = await relay(live, "notify", {**base, "buttons": [fine]})
        assert status == 200 and answer["delivered"] is True
        message = await wait_for_message(visitor, lambda m: m.get("text") == "Other times")
        assert message["quick_replies"] == [{"content_type": "text", **fine}]
