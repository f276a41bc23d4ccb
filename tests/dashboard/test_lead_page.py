"""A lead's page and the practitioner's actions on it: status, notes, follow-up, erasure."""
from __future__ import annotations

from datetime import date, datetime, timezone

from aiohttp.test_utils import TestClient
from sqlalchemy import select

from bot.store.models import (AuditEntry, Booking, ConsentRecord, ErasureRequest, Handoff, IntakeAnswer, Lead,
                              LeadNote, LeadStatus, Readiness, StatusChange)
from tests.dashboard.factories import (HEALTH_ANSWERS, Store, add_booking, add_events, add_handoff, add_lead,
                                       add_note, count_events, csrf, post)

CONVERSATION = [
    ("visitor", "Hi, I have a scar from knee surgery"),
    ("assistant", "I'm sorry to hear that. May I ask you a few health questions?"),
    ("visitor", "yes <b>sure</b>"),
    ("assistant", "Thank you. When did the surgery happen?"),
]


async def seeded(store: Store) -> Lead:
    lead = await add_lead(store.sessions, "Anna", answers=HEALTH_ANSWERS, consent=True, readiness=Readiness.review,
                          reasons=["Blood thinners: the practitioner will check with you"], phone="+447911123456")
    await add_booking(store.sessions, lead, datetime(2031, 3, 4, 14, 30, tzinfo=timezone.utc))
    await add_handoff(store.sessions, lead, "person", "Please call me after 5pm")
    await add_note(store.sessions, lead, "Left a voicemail")
    await add_events(store.tracker, lead.conversation_id, CONVERSATION, buttons=["Yes", "No"])
    return lead


async def test_the_lead_page_shows_everything(signed_in: TestClient, store: Store) -> None:
    lead = await seeded(store)
    response = await signed_in.get(f"/dashboard/leads/{lead.id}")
    assert response.status == 200
    html = await response.text()
    for question, answer in ((q, a) for _, q, a in HEALTH_ANSWERS):
        assert question in html and answer in html
    assert "Needs the practitioner&#39;s review" in html and "Blood thinners: the practitioner" in html
    assert "Agreed" in html and "notice 2026-11-v1" in html
    assert "4 Mar 2031, 14:30" in html and "Awaiting confirmation" in html
    assert "Asked for a person" in html and "Please call me after 5pm" in html
    assert "Left a voicemail" in html and "+447911123456" in html
    assert "Hi, I have a scar from knee surgery" in html and "When did the surgery happen?" in html
    assert "yes &lt;b&gt;sure&lt;/b&gt;" in html and '<span class="chip">Yes</span>' in html
    assert html.index("Hi, I have a scar") < html.index("When did the surgery happen?")
    async with store.sessions() as session:
        entry = (await session.scalars(select(AuditEntry).where(AuditEntry.action == "view_lead"))).one()
    assert entry.target == lead.id and entry.actor == "marta" and entry.details == ""


async def test_an_unknown_lead_is_a_kind_404(signed_in: TestClient) -> None:
    for path in ("/dashboard/leads/" + "0" * 32, "/dashboard/leads/not-an-id", "/dashboard/nowhere"):
        response = await signed_in.get(path)
        assert response.status == 404, path
        html = await response.text()
        assert "Page not found" in html and "may have been erased" in html


async def test_change_the_status_with_a_reason(signed_in: TestClient, store: Store) -> None:
    lead = await seeded(store)
    response = await post(signed_in, f"/dashboard/leads/{lead.id}/status",
                          {"status": "contacted", "reason": "Called, will think about it"})
    assert response.status == 303 and response.headers["Location"] == f"/dashboard/leads/{lead.id}"
    html = await (await signed_in.get(f"/dashboard/leads/{lead.id}")).text()
    assert "Status updated." in html and "Called, will think about it" in html
    async with store.sessions() as session:
        assert (await session.get(Lead, lead.id)).status == LeadStatus.contacted
        change = (await session.scalars(select(StatusChange).where(StatusChange.changed_by == "marta"))).one()
        entry = (await session.scalars(select(AuditEntry).where(AuditEntry.action == "status"))).one()
    assert (change.from_status, change.to_status, change.reason) == ("new", "contacted", "Called, will think about it")
    assert entry.details == "new → contacted" and "Called" not in entry.details


async def test_closing_needs_a_reason_and_nonsense_is_refused(signed_in: TestClient, store: Store) -> None:
    lead = await seeded(store)
    token = await csrf(signed_in)
    for data in ({"status": "closed", "reason": "  "}, {"status": "not_yet_ready", "reason": ""},
                 {"status": "promoted", "reason": "x"}):
        response = await post(signed_in, f"/dashboard/leads/{lead.id}/status", data, token)
        assert response.status == 303
    html = await (await signed_in.get(f"/dashboard/leads/{lead.id}")).text()
    assert "give a reason" in html
    assert (await store.get(Lead, lead.id)).status == LeadStatus.new
    response = await post(signed_in, f"/dashboard/leads/{'f' * 32}/status", {"status": "closed", "reason": "x"})
    assert response.status == 404


async def test_a_form_without_the_right_token_changes_nothing(signed_in: TestClient, store: Store) -> None:
    lead = await seeded(store)
    for token in ("", "wrong", None):
        data = {"status": "closed", "reason": "spam"}
        if token is not None:
            data["csrf_token"] = token
        response = await signed_in.post(f"/dashboard/leads/{lead.id}/status", data=data, allow_redirects=False)
        assert response.status == 403
        assert "This form has expired" in await response.text()
    response = await signed_in.post(f"/dashboard/leads/{lead.id}/notes", data={"text": "x"},
                                    headers={"X-CSRF-Token": "wrong"}, allow_redirects=False)
    assert response.status == 403
    assert (await store.get(Lead, lead.id)).status == LeadStatus.new
    assert await store.count(LeadNote) == 1


async def test_add_a_note(signed_in: TestClient, store: Store) -> None:
    lead = await seeded(store)
    response = await post(signed_in, f"/dashboard/leads/{lead.id}/notes",
                          {"text": "Prefers Thursday evenings\n<i>not italics</i>"})
    assert response.status == 303
    html = await (await signed_in.get(f"/dashboard/leads/{lead.id}")).text()
    assert "Note added." in html and "Prefers Thursday evenings\n&lt;i&gt;not italics&lt;/i&gt;" in html
    assert await store.count(LeadNote) == 2
    assert await store.count(AuditEntry, AuditEntry.action == "note") == 1
    await post(signed_in, f"/dashboard/leads/{lead.id}/notes", {"text": "   "})
    assert await store.count(LeadNote) == 2
    assert "A note needs some text" in await (await signed_in.get(f"/dashboard/leads/{lead.id}")).text()


async def test_set_and_clear_the_follow_up_date(signed_in: TestClient, store: Store) -> None:
    lead = await seeded(store)
    await post(signed_in, f"/dashboard/leads/{lead.id}/follow-up", {"follow_up_date": "2031-05-06"})
    assert (await store.get(Lead, lead.id)).follow_up_date == date(2031, 5, 6)
    html = await (await signed_in.get(f"/dashboard/leads/{lead.id}")).text()
    assert 'value="2031-05-06"' in html
    await post(signed_in, f"/dashboard/leads/{lead.id}/follow-up", {"follow_up_date": "6th of May"})
    assert (await store.get(Lead, lead.id)).follow_up_date == date(2031, 5, 6)
    await post(signed_in, f"/dashboard/leads/{lead.id}/follow-up", {"follow_up_date": ""})
    assert (await store.get(Lead, lead.id)).follow_up_date is None


async def test_erasure_asks_first(signed_in: TestClient, store: Store) -> None:
    lead = await seeded(store)
    response = await signed_in.get(f"/dashboard/leads/{lead.id}/erase")
    html = await response.text()
    assert response.status == 200 and "Erase Anna?" in html and "cannot be undone" in html
    response = await post(signed_in, f"/dashboard/leads/{lead.id}/erase", {})
    assert response.status == 303 and response.headers["Location"] == f"/dashboard/leads/{lead.id}/erase"
    assert await store.count(Lead) == 1 and await count_events(store.tracker, lead.conversation_id) == 5


async def test_erasure_removes_the_lead_and_the_conversation(signed_in: TestClient, store: Store) -> None:
    lead = await seeded(store)
    other = await add_lead(store.sessions, "Bea", answers=HEALTH_ANSWERS[:2], consent=True)
    await add_events(store.tracker, other.conversation_id, CONVERSATION[:2])
    response = await post(signed_in, f"/dashboard/leads/{lead.id}/erase", {"confirm": "yes"})
    assert response.status == 303 and response.headers["Location"] == "/dashboard/"
    assert "The lead and the conversation were erased." in await (await signed_in.get("/dashboard/")).text()
    conversation = lead.conversation_id
    assert await store.count(Lead, Lead.id == lead.id) == 0
    for model in (IntakeAnswer, LeadNote, StatusChange):
        assert await store.count(model, model.lead_id == lead.id) == 0, model
    for model in (ConsentRecord, Booking, Handoff):
        assert await store.count(model, model.conversation_id == conversation) == 0, model
    assert await count_events(store.tracker, conversation) == 0
    assert await store.count(ErasureRequest) == 1          # the sweeper deletes again what Rasa re-saves
    # The other lead is untouched.
    assert await store.count(IntakeAnswer, IntakeAnswer.lead_id == other.id) == 2
    assert await count_events(store.tracker, other.conversation_id) == 3
    async with store.sessions() as session:
        entry = (await session.scalars(select(AuditEntry).where(AuditEntry.action == "erase"))).one()
    assert entry.target == lead.id and entry.actor == "marta" and "Anna" not in entry.details
    assert (await signed_in.get(f"/dashboard/leads/{lead.id}")).status == 404
    assert (await post(signed_in, f"/dashboard/leads/{lead.id}/erase", {"confirm": "yes"})).status == 404


async def test_erasure_needs_the_token(signed_in: TestClient, store: Store) -> None:
    lead = await seeded(store)
    response = await signed_in.post(f"/dashboard/leads/{lead.id}/erase", data={"confirm": "yes"},
                                    allow_redirects=False)
    assert response.status == 403
    assert await store.count(Lead) == 1 and await count_events(store.tracker, lead.conversation_id) == 5


async def test_a_lead_without_a_tracker_table_still_opens(signed_in: TestClient, store: Store) -> None:
    from bot.store.tracker_events import events

    lead = await add_lead(store.sessions, "Eve")
    async with store.tracker.begin() as conn:
        await conn.run_sync(events.metadata.drop_all)
    html = await (await signed_in.get(f"/dashboard/leads/{lead.id}")).text()
    assert "No stored messages for this conversation." in html
