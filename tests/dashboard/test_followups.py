"""A lead's follow-up messages in the dashboard: listed with their state, one cancelled (CSRF as every form),
a treatment session marked done schedules aftercare, the check-in and the touch-up recall."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from aiohttp.test_utils import TestClient
from sqlalchemy import select

from bot.followup import plan, queue
from bot.followup.models import ScheduledMessage, TreatmentSession
from bot.settings import Settings
from bot.store.models import AuditEntry
from tests.dashboard.factories import Store, add_booking, add_lead, csrf, post


async def _messages(store: Store, lead_id: str) -> list[ScheduledMessage]:
    async with store.sessions() as session:
        return list((await session.scalars(select(ScheduledMessage).where(ScheduledMessage.lead_id == lead_id)
                                           .order_by(ScheduledMessage.due_at))).all())


async def test_the_lead_page_lists_them_and_one_is_cancelled(signed_in: TestClient, store: Store,
                                                              settings: Settings) -> None:
    lead = await add_lead(store.sessions, "Anna")
    start = datetime.now(timezone.utc).replace(microsecond=0) + timedelta(days=5)
    await add_booking(store.sessions, lead, start)
    await plan.sync_bookings(store.sessions, settings, datetime.now(timezone.utc))
    first, second = await _messages(store, lead.id)
    async with store.sessions.begin() as session:      # one has gone already
        row = await session.get(ScheduledMessage, first.id)
        row.state, row.sent_at = "sent", datetime.now(timezone.utc)

    html = await (await signed_in.get(f"/dashboard/leads/{lead.id}")).text()
    assert "Follow-up messages" in html and html.count("<strong>Consultation reminder</strong>") == 2
    assert html.count("Cancel this message") == 1 and f"/followups/{second.id}/cancel" in html

    path = f"/dashboard/leads/{lead.id}/followups/{second.id}/cancel"
    refused = await signed_in.post(path, data={"csrf_token": "wrong"}, allow_redirects=False)
    assert refused.status == 403
    assert [m.state for m in await _messages(store, lead.id)] == ["sent", "scheduled"]
    done = await post(signed_in, path, {})
    assert done.status == 303
    assert [(m.state, m.reason) for m in await _messages(store, lead.id)] == [
        ("sent", ""), ("cancelled", "cancelled by marta")]
    again = await post(signed_in, f"/dashboard/leads/{lead.id}/followups/{first.id}/cancel", {})
    assert again.status == 303
    assert (await _messages(store, lead.id))[0].state == "sent"          # a sent one stays sent
    async with store.sessions() as session:
        assert (await session.scalars(select(AuditEntry.action).where(AuditEntry.target == lead.id))).all().count(
            "followup_cancel") == 1
    page = await (await signed_in.get(f"/dashboard/leads/{lead.id}")).text()
    assert "Cancel this message" not in page and "cancelled by marta" in page


async def test_another_leads_message_cannot_be_cancelled_from_this_lead(signed_in: TestClient, store: Store) -> None:
    lead, other = await add_lead(store.sessions, "Anna"), await add_lead(store.sessions, "Bea")
    async with store.sessions.begin() as session:
        await queue.add(session, queue.Planned(other.id, other.conversation_id, plan.AFTERCARE, "k1",
                                               datetime.now(timezone.utc) + timedelta(hours=1), "email"))
    [message] = await _messages(store, other.id)
    await post(signed_in, f"/dashboard/leads/{lead.id}/followups/{message.id}/cancel", {})
    assert (await _messages(store, other.id))[0].state == "scheduled"


async def test_marking_a_session_done_schedules_aftercare_check_in_and_touch_up(signed_in: TestClient,
                                                                                store: Store) -> None:
    lead = await add_lead(store.sessions, "Anna")
    token = await csrf(signed_in)
    future = await post(signed_in, f"/dashboard/leads/{lead.id}/sessions",
                        {"done_on": (date.today() + timedelta(days=3)).isoformat()}, token)
    assert future.status == 303 and not await _messages(store, lead.id)
    response = await post(signed_in, f"/dashboard/leads/{lead.id}/sessions", {"done_on": ""}, token)
    assert response.status == 303
    assert sorted(m.kind for m in await _messages(store, lead.id)) == [plan.AFTERCARE, plan.CHECK_IN, plan.TOUCH_UP]
    async with store.sessions() as session:
        assert (await session.scalar(select(TreatmentSession.recorded_by))) == "marta"
    html = await (await signed_in.get(f"/dashboard/leads/{lead.id}")).text()
    assert "Touch-up recall" in html and "Treatment sessions" in html
