"""Messages the practitioner added or moved, with a frozen clock on SQLite and PostgreSQL: they go at the time
chosen, on the channel chosen, and the planner leaves them alone."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select

from bot.followup import manage, plan
from bot.followup.models import ScheduledMessage
from bot.followup.scheduler import Scheduler
from bot.settings import Settings
from bot.store.models import LeadStatus
from tests.followup.conftest import Clock, Db, RecordingSenders, add_lead, utc


async def _rows(db: Db) -> list[ScheduledMessage]:
    async with db.sessions() as session:
        return list((await session.scalars(select(ScheduledMessage).order_by(ScheduledMessage.id))).all())


async def test_a_message_added_by_hand_goes_at_its_time_on_the_channel_chosen(db: Db, settings: Settings) -> None:
    # wrote on WhatsApp and left an e-mail address: the assistant would use WhatsApp, Marta chooses e-mail
    lead = await add_lead(db.sessions, channel="whatsapp_cloud", conversation_id="447700900123")
    assert manage.channels_for(lead) == ["whatsapp_cloud", "email"]
    now = utc(2026, 12, 1, 12, 0)
    change = await manage.add_message(db.sessions, settings, lead.id, plan.CHECK_IN, "2026-12-03T09:15", "email",
                                      "marta", now)
    assert change.result is manage.Result.done
    [row] = await _rows(db)
    assert row.due_at.replace(tzinfo=None) == datetime(2026, 12, 3, 9, 15)            # GMT in December
    sent = RecordingSenders(settings, db.tracker)
    clock = Clock(now)
    job = Scheduler(db.sessions, db.tracker, settings, sent, clock=clock)
    await job.run_once(utc(2026, 12, 3, 9, 14))
    assert not sent.sent
    await job.run_once(utc(2026, 12, 3, 9, 15))
    assert [(channel, kind) for channel, _, kind, _ in sent.sent] == [("email", plan.CHECK_IN)]


async def test_a_not_yet_message_added_by_hand_is_not_planned_away(db: Db, settings: Settings) -> None:
    lead = await add_lead(db.sessions, follow_up_date=date(2027, 3, 1), status=LeadStatus.not_yet_ready)
    now = utc(2026, 12, 1, 12, 0)
    await manage.add_message(db.sessions, settings, lead.id, plan.NOT_YET, "2026-12-10T10:00", "email", "marta", now)
    sent = RecordingSenders(settings, db.tracker)
    job = Scheduler(db.sessions, db.tracker, settings, sent)
    await job.run_once(now)                     # plans the date's own message and task beside it
    assert sorted((r.kind, r.state) for r in await _rows(db)) == [
        (plan.NOT_YET, "scheduled"), (plan.NOT_YET, "scheduled"), (plan.TASK, "scheduled")]
    await job.run_once(utc(2026, 12, 10, 10, 0))
    assert [kind for _, _, kind, _ in sent.sent] == [plan.NOT_YET]


async def test_a_moved_message_goes_at_its_new_time_only(db: Db, settings: Settings) -> None:
    lead = await add_lead(db.sessions)
    now = utc(2026, 12, 1, 12, 0)
    added = await manage.add_message(db.sessions, settings, lead.id, plan.AFTERCARE, "2026-12-02T10:00", "email",
                                     "marta", now)
    assert added.message_id is not None
    moved = await manage.move_message(db.sessions, settings, lead.id, added.message_id, "2026-12-04T16:45",
                                      "sam", now)
    assert moved.result is manage.Result.done
    quiet = await manage.move_message(db.sessions, settings, lead.id, added.message_id, "2026-12-04T22:00",
                                      "sam", now)
    assert quiet.result is manage.Result.quiet
    sent = RecordingSenders(settings, db.tracker)
    job = Scheduler(db.sessions, db.tracker, settings, sent)
    await job.run_once(utc(2026, 12, 2, 10, 0))
    assert not sent.sent
    await job.run_once(utc(2026, 12, 4, 16, 45))
    assert [kind for _, _, kind, _ in sent.sent] == [plan.AFTERCARE]
