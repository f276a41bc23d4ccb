"""The scheduler with a frozen clock, on SQLite and PostgreSQL: reminders at the right local times (across a
daylight-saving change), exactly once with two schedulers racing, cancelled with their booking, the "not yet"
date with its resume link and task, the touch-up recall, quiet hours, retries, "stop" and erasure."""
from __future__ import annotations

import asyncio
import re
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import func, select, update

from bot.booking.store import mark_cancelled
from bot.channels.resume import open_token, resume_secret
from bot.followup import plan, queue
from bot.followup.models import FollowupStop, ScheduledMessage
from bot.followup.scheduler import Scheduler, stop_url
from bot.followup.send import Outcome
from bot.store.leads import erase_conversation
from bot.store.models import AuditEntry, Booking, Handoff, Lead, LeadStatus
from tests.followup.conftest import (Clock, Db, RecordingSenders, add_booking, add_lead, make_settings, utc,
                                     visitor_wrote)


async def rows(db: Db, **where: object) -> list[ScheduledMessage]:
    async with db.sessions() as session:
        query = select(ScheduledMessage).order_by(ScheduledMessage.due_at, ScheduledMessage.id)
        for key, value in where.items():
            query = query.where(getattr(ScheduledMessage, key) == value)
        return list((await session.scalars(query)).all())


def scheduler(db: Db, settings, senders=None, sessions=None) -> tuple[Scheduler, RecordingSenders]:  # type: ignore[no-untyped-def]
    senders = senders or RecordingSenders(settings, db.tracker)
    return Scheduler(sessions or db.sessions, db.tracker, settings, senders), senders


async def test_a_booking_gets_its_reminders_at_local_times_across_the_spring_change(db: Db, settings) -> None:  # type: ignore[no-untyped-def]
    lead = await add_lead(db.sessions)
    # Sunday 29 March 2026, 10:00 BST (09:00 UTC); the clocks went forward that night
    booking = await add_booking(db.sessions, lead, utc(2026, 3, 29, 9, 0))
    clock = Clock(utc(2026, 3, 20, 12, 0))
    sent = RecordingSenders(settings, db.tracker)
    job = Scheduler(db.sessions, db.tracker, settings, sent, clock=clock)
    await job.run_once()
    planned = await rows(db, kind=plan.REMINDER)
    assert [r.due_at.replace(tzinfo=None) for r in planned] == [utc(2026, 3, 28, 10, 0).replace(tzinfo=None),
                                                                 utc(2026, 3, 29, 7, 0).replace(tzinfo=None)]
    assert {r.booking_id for r in planned} == {booking.id} and {r.channel for r in planned} == {"email"}
    assert not sent.sent

    clock.now = utc(2026, 3, 28, 9, 59)                  # a minute early (09:59 GMT): nothing
    await job.run_once()
    assert not sent.sent
    clock.now = utc(2026, 3, 28, 10, 0)                  # Saturday 10:00 GMT: the 24-hour reminder
    await job.run_once()
    assert [(k, m.values["when"]) for _, _, k, m in sent.sent] == [
        (plan.REMINDER, "Sunday 29 March at 10:00 (BST)")]
    await job.run_once(utc(2026, 3, 28, 10, 1))          # again: still once
    assert len(sent.sent) == 1
    await job.run_once(utc(2026, 3, 29, 7, 0))           # Sunday 08:00 BST: the 2-hour reminder
    assert len(sent.sent) == 2
    assert [r.state for r in await rows(db, kind=plan.REMINDER)] == ["sent", "sent"]
    async with db.sessions() as session:
        audited = (await session.scalars(select(AuditEntry.details).where(AuditEntry.action == "followup_sent"))).all()
    assert audited == [f"{plan.REMINDER} by email"] * 2


async def test_two_schedulers_racing_send_each_message_once(db: Db, settings) -> None:  # type: ignore[no-untyped-def]
    start = utc(2026, 12, 10, 11, 0)
    for n in range(12):
        lead = await add_lead(db.sessions, f"Visitor{n}")
        await add_booking(db.sessions, lead, start + timedelta(minutes=45 * n))
    first, a = scheduler(db, settings)
    second, b = scheduler(db, settings, sessions=db.second_connection())
    assert first.worker != second.worker
    now = utc(2026, 12, 1, 12, 0)
    await asyncio.gather(first.run_once(now), second.run_once(now))      # both plan: each reminder exists once
    assert len(await rows(db)) == 24
    for hour in range(0, 48, 1):                                          # then both send, hour after hour
        moment = utc(2026, 12, 9, 0, 0) + timedelta(hours=hour)
        await asyncio.gather(first.run_once(moment), second.run_once(moment), first.run_once(moment))
    sends = Counter((conv, at) for (_, conv, _, _), at in zip(a.sent + b.sent, a.times + b.times))
    assert len(sends) == 24 and set(sends.values()) == {1}                # 12 bookings x 2 reminders, once each
    assert a.sent and b.sent                                              # both did some of the work
    assert {r.state for r in await rows(db)} == {"sent"}
    async with db.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(AuditEntry)
                                    .where(AuditEntry.action == "followup_sent")) == 24


async def test_a_cancelled_or_moved_booking_takes_its_reminders_with_it(db: Db, settings) -> None:  # type: ignore[no-untyped-def]
    lead = await add_lead(db.sessions)
    cancelled = await add_booking(db.sessions, lead, utc(2026, 12, 10, 11, 0))
    moved = await add_booking(db.sessions, lead, utc(2026, 12, 11, 11, 0))
    job, sent = scheduler(db, settings)
    await job.run_once(utc(2026, 12, 1, 12, 0))
    assert len(await rows(db, state="scheduled")) == 4

    await mark_cancelled(db.sessions, cancelled.id, "visitor cancelled")         # at once, in its transaction
    assert {r.state for r in await rows(db, booking_id=cancelled.id)} == {"cancelled"}
    assert {r.reason for r in await rows(db, booking_id=cancelled.id)} == {"the booking was cancelled"}

    async with db.sessions.begin() as session:                                  # moved (as Cal.com does it)
        row = await session.get(Booking, moved.id)
        row.start_at, row.end_at = utc(2026, 12, 12, 14, 0), utc(2026, 12, 12, 14, 30)
        await plan.booking_changed(session, row)
    await job.run_once(utc(2026, 12, 1, 12, 1))
    states = [(r.state, r.due_at.replace(tzinfo=None)) for r in await rows(db, booking_id=moved.id)]
    assert ("cancelled", utc(2026, 12, 10, 11, 0).replace(tzinfo=None)) in states
    assert ("scheduled", utc(2026, 12, 11, 14, 0).replace(tzinfo=None)) in states        # 24 h before the new time
    assert ("scheduled", utc(2026, 12, 12, 12, 0).replace(tzinfo=None)) in states

    for hour in range(0, 24 * 12):
        await job.run_once(utc(2026, 12, 1, 13, 0) + timedelta(hours=hour))
    assert [m.values["when"] for _, _, _, m in sent.sent] == ["Saturday 12 December at 14:00 (GMT)"] * 2


async def test_a_booking_cancelled_behind_the_schedulers_back_is_not_reminded(db: Db, settings) -> None:  # type: ignore[no-untyped-def]
    lead = await add_lead(db.sessions)
    booking = await add_booking(db.sessions, lead, utc(2026, 12, 10, 11, 0))
    job, sent = scheduler(db, settings)
    await job.run_once(utc(2026, 12, 1, 12, 0))
    async with db.sessions.begin() as session:                 # a write path that knows nothing of reminders
        await session.execute(update(Booking).where(Booking.id == booking.id).values(status="cancelled"))
    await job.run_once(utc(2026, 12, 9, 11, 0))
    assert not sent.sent and {r.state for r in await rows(db)} == {"cancelled"}


async def test_the_not_yet_date_sends_a_message_with_a_resume_link_and_makes_a_task(db: Db, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                                                    settings) -> None:
    lead = await add_lead(db.sessions, follow_up_date=date(2027, 8, 2), status=LeadStatus.not_yet_ready)
    job, sent = scheduler(db, settings)
    await job.run_once(utc(2026, 12, 1, 12, 0))
    planned = await rows(db)
    assert {(r.kind, r.channel) for r in planned} == {(plan.NOT_YET, "email"), (plan.TASK, plan.STUDIO)}
    assert {r.due_at.replace(tzinfo=None) for r in planned} == {utc(2027, 8, 2, 9, 0).replace(tzinfo=None)}  # 10:00 BST

    await job.run_once(utc(2027, 8, 2, 8, 59))
    assert not sent.sent
    await job.run_once(utc(2027, 8, 2, 9, 0))
    [(channel, conversation, kind, message)] = sent.sent
    assert (channel, conversation, kind) == ("email", lead.conversation_id, plan.NOT_YET)
    link = re.search(r"https://studio\.example/demo\?resume=(\S+)", message.text)
    assert link, message.text
    from urllib.parse import unquote
    assert open_token(unquote(link.group(1).rstrip(".")), resume_secret(settings.env)) == lead.conversation_id
    async with db.sessions() as session:
        task = await session.scalar(select(Handoff).where(Handoff.lead_id == lead.id))
    assert task is not None and (task.kind, task.status) == ("follow_up", "open")


async def test_a_changed_date_or_a_booking_cancels_the_not_yet_message(db: Db, settings) -> None:  # type: ignore[no-untyped-def]
    lead = await add_lead(db.sessions, follow_up_date=date(2027, 8, 2), status=LeadStatus.not_yet_ready)
    job, sent = scheduler(db, settings)
    await job.run_once(utc(2026, 12, 1, 12, 0))
    async with db.sessions.begin() as session:
        (await session.get(Lead, lead.id)).follow_up_date = date(2027, 9, 6)
    await job.run_once(utc(2026, 12, 1, 12, 1))
    assert {(r.state, r.due_at.date()) for r in await rows(db, kind=plan.NOT_YET)} == {
        ("cancelled", date(2027, 8, 2)), ("scheduled", date(2027, 9, 6))}
    async with db.sessions.begin() as session:
        (await session.get(Lead, lead.id)).status = LeadStatus.consultation_booked
    await job.run_once(utc(2027, 9, 6, 9, 0))
    assert not sent.sent and {r.state for r in await rows(db)} == {"cancelled"}


async def test_a_session_done_brings_aftercare_a_check_in_and_the_touch_up_recall(db: Db, settings) -> None:  # type: ignore[no-untyped-def]
    lead = await add_lead(db.sessions, channel="telegram", conversation_id="5550001", email_address=None)
    now = utc(2026, 5, 14, 15, 0)                              # Thursday 16:00 BST, right after the session
    record = await plan.session_done(db.sessions, settings, lead.id, date(2026, 5, 14), "marta", now)
    assert record is not None
    due = {r.kind: r.due_at.replace(tzinfo=None) for r in await rows(db)}
    assert due == {plan.AFTERCARE: utc(2026, 5, 14, 16, 0).replace(tzinfo=None),
                   plan.CHECK_IN: utc(2026, 6, 25, 9, 0).replace(tzinfo=None),        # 42 days, 10:00 BST
                   plan.TOUCH_UP: utc(2028, 11, 14, 10, 0).replace(tzinfo=None)}      # 30 months, 10:00 GMT
    job, sent = scheduler(db, settings)
    await job.run_once(utc(2026, 5, 14, 16, 0))
    await job.run_once(utc(2028, 11, 14, 9, 59))
    assert [k for _, _, k, _ in sent.sent] == [plan.AFTERCARE, plan.CHECK_IN]
    await job.run_once(utc(2028, 11, 14, 10, 0))
    assert [(c, k) for c, _, k, _ in sent.sent][-1] == ("telegram", plan.TOUCH_UP)
    assert "every 2 to 3 years" in sent.sent[-1][3].text and "Reply STOP" in sent.sent[-1][3].text


async def test_quiet_hours_hold(db: Db, tmp_path: Path) -> None:
    settings = make_settings(tmp_path, {"aftercare_after_minutes": 0})
    lead = await add_lead(db.sessions)
    # marked done late: aftercare would be due at 22:30, inside the quiet hours: it waits for 08:00
    await plan.session_done(db.sessions, settings, lead.id, date(2026, 12, 1), "marta", utc(2026, 12, 1, 22, 30))
    [aftercare] = await rows(db, kind=plan.AFTERCARE)
    assert aftercare.due_at.replace(tzinfo=None) == utc(2026, 12, 2, 8, 0).replace(tzinfo=None)
    job, sent = scheduler(db, settings)
    # a message that is due but comes up at night (the web process was down) is held too
    async with db.sessions.begin() as session:
        await session.execute(update(ScheduledMessage).where(ScheduledMessage.kind == plan.AFTERCARE)
                              .values(due_at=utc(2026, 12, 1, 20, 0)))
    await job.run_once(utc(2026, 12, 1, 23, 0))
    assert not sent.sent
    [held] = await rows(db, kind=plan.AFTERCARE)
    assert (held.state, held.attempts, held.due_at.replace(tzinfo=None)) == (
        "scheduled", 0, utc(2026, 12, 2, 8, 0).replace(tzinfo=None))
    await job.run_once(utc(2026, 12, 2, 8, 0))
    assert len(sent.sent) == 1


async def test_a_temporary_failure_is_retried_with_backoff_then_given_up(db: Db, tmp_path: Path) -> None:
    settings = make_settings(tmp_path, {"max_attempts": 3, "retry_after_minutes": 5})
    lead = await add_lead(db.sessions)
    await plan.session_done(db.sessions, settings, lead.id, date(2026, 12, 1), "marta", utc(2026, 12, 1, 12, 0))
    failing = RecordingSenders(settings, db.tracker, [Outcome("retry", "SMTP: ConnectionRefusedError")] * 3)
    job, _ = scheduler(db, settings, failing)
    now = utc(2026, 12, 1, 13, 0)
    await job.run_once(now)
    [row] = await rows(db, kind=plan.AFTERCARE)
    assert (row.state, row.attempts, row.due_at.replace(tzinfo=None)) == (
        "scheduled", 1, (now + timedelta(minutes=5)).replace(tzinfo=None))
    await job.run_once(now + timedelta(minutes=5))
    [row] = await rows(db, kind=plan.AFTERCARE)
    assert (row.attempts, row.due_at.replace(tzinfo=None)) == (2, (now + timedelta(minutes=15)).replace(tzinfo=None))
    await job.run_once(now + timedelta(minutes=15))
    [row] = await rows(db, kind=plan.AFTERCARE)
    assert row.state == "failed" and "gave up after 3 attempts" in row.reason and not failing.sent
    async with db.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(AuditEntry)
                                    .where(AuditEntry.action == "followup_failed")) == 1


async def test_stop_in_reply_ends_every_follow_up(db: Db, settings) -> None:  # type: ignore[no-untyped-def]
    lead = await add_lead(db.sessions, channel="telegram", conversation_id="5550002", email_address=None)
    await visitor_wrote(db.tracker, lead.conversation_id, "stop", utc(2026, 5, 14, 11, 0))   # leaving a form: not it
    await plan.session_done(db.sessions, settings, lead.id, date(2026, 5, 14), "marta", utc(2026, 5, 14, 15, 0))
    job, sent = scheduler(db, settings)
    await job.run_once(utc(2026, 5, 14, 16, 0))
    assert [k for _, _, k, _ in sent.sent] == [plan.AFTERCARE]
    await visitor_wrote(db.tracker, lead.conversation_id, "STOP", utc(2026, 5, 14, 17, 0))
    await job.run_once(utc(2026, 5, 14, 17, 1))
    assert {r.state for r in await rows(db, kind=plan.CHECK_IN)} == {"cancelled"}
    assert {r.state for r in await rows(db, kind=plan.TOUCH_UP)} == {"cancelled"}
    async with db.sessions() as session:
        assert (await session.get(FollowupStop, lead.id)).via == "reply"
    # a booking made later gets no reminders either, and a new session no aftercare
    await add_booking(db.sessions, lead, utc(2026, 6, 10, 11, 0))
    await plan.session_done(db.sessions, settings, lead.id, date(2026, 6, 10), "marta", utc(2026, 6, 10, 12, 0))
    await job.run_once(utc(2026, 6, 20, 12, 0))
    assert len(sent.sent) == 1 and not await rows(db, state="scheduled")


async def test_the_stop_link_in_an_email(db: Db, settings, aiohttp_client) -> None:  # type: ignore[no-untyped-def]
    from bot.web.app import create_app
    from bot.web.engines import engines_ctx  # noqa: F401  (the app opens its own engines)
    lead = await add_lead(db.sessions)
    await plan.session_done(db.sessions, settings, lead.id, date(2026, 5, 14), "marta", utc(2026, 5, 14, 15, 0))
    app_settings = make_settings(Path(settings.env["VAR_DIR"]), DATABASE_URL=db.url, TRACKER_STORE_URL=db.tracker_url)
    client = await aiohttp_client(create_app(app_settings, run_jobs=False))
    url = stop_url(app_settings, lead.id)
    path = url.removeprefix("https://studio.example")
    page = await client.get(path)
    assert page.status == 200 and "Stop the messages" in await page.text()
    assert not await rows(db, state="cancelled")                      # opening the link changes nothing
    token = path.split("t=", 1)[1]
    done = await client.post("/followups/stop", data={"t": token})
    assert done.status == 200
    assert {r.state for r in await rows(db)} == {"cancelled"}
    forged = await client.post("/followups/stop", data={"t": token[:-3] + "AAA"})
    assert forged.status == 404


async def test_erasure_removes_them(db: Db, settings) -> None:  # type: ignore[no-untyped-def]
    lead = await add_lead(db.sessions, follow_up_date=date(2027, 8, 2))
    await add_booking(db.sessions, lead, utc(2026, 12, 10, 11, 0))
    await plan.session_done(db.sessions, settings, lead.id, date(2026, 11, 30), "marta", utc(2026, 12, 1, 9, 0))
    job, _ = scheduler(db, settings)
    await job.run_once(utc(2026, 12, 1, 12, 0))
    assert len(await rows(db)) == 7
    await queue.stop(db.sessions, lead.id, "dashboard")
    assert await erase_conversation(db.sessions, db.tracker, lead.conversation_id)
    assert await rows(db) == []
    async with db.sessions() as session:
        assert await session.get(FollowupStop, lead.id) is None


async def test_a_message_left_half_sent_is_not_sent_again(db: Db, settings) -> None:  # type: ignore[no-untyped-def]
    lead = await add_lead(db.sessions)
    await plan.session_done(db.sessions, settings, lead.id, date(2026, 12, 1), "marta", utc(2026, 12, 1, 12, 0))
    claimed = await queue.claim_due(db.sessions, "crashed-worker", utc(2026, 12, 1, 13, 0))
    assert len(claimed) == 1                                  # ... and that process died while sending
    job, sent = scheduler(db, settings)
    await job.run_once(utc(2026, 12, 1, 13, 5))
    assert not sent.sent
    await job.run_once(utc(2026, 12, 1, 13, 20))
    [row] = await rows(db, kind=plan.AFTERCARE)
    assert row.state == "failed" and "interrupted" in row.reason and not sent.sent
