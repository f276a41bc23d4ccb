"""Quiet hours where the visitor is, with a frozen clock on SQLite and PostgreSQL: a number's time zone
(phonenumbers' data) moves reminders, aftercare and sends out of the visitor's night, not the studio's; without
a number that tells (none, a country with several offsets, an invalid one) the studio's zone holds as before."""
from __future__ import annotations

from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

from sqlalchemy import select

from bot.followup import plan, queue
from bot.followup.models import ScheduledMessage
from bot.followup.scheduler import Scheduler
from bot.followup.visitor_zone import phone_of, visitor_zone, zone_of_number
from bot.settings import Settings
from bot.store.models import Lead
from tests.followup.conftest import Db, RecordingSenders, add_booking, add_lead, utc

LONDON = ZoneInfo("Europe/London")
WINTER = utc(2026, 12, 1, 12, 0)


def naive(moment: datetime) -> datetime:
    return moment.astimezone(timezone.utc).replace(tzinfo=None) if moment.tzinfo else moment


async def _due(db: Db, lead: Lead, kind: str) -> list[datetime]:
    async with db.sessions() as session:
        return [naive(d) for d in (await session.scalars(select(ScheduledMessage.due_at).where(
            ScheduledMessage.lead_id == lead.id, ScheduledMessage.kind == kind).order_by(ScheduledMessage.due_at)))]


def test_the_zone_comes_from_a_number_only_when_it_tells() -> None:
    assert zone_of_number("+12125551234", LONDON, WINTER) == ZoneInfo("America/New_York")
    assert zone_of_number("+61291234567", LONDON, WINTER) == ZoneInfo("Australia/Sydney")
    assert zone_of_number("+447400123456", LONDON, WINTER) == LONDON        # London, Jersey, Guernsey, Man: one
    assert zone_of_number("+34912345678", LONDON, WINTER) == ZoneInfo("Europe/Madrid")    # a Madrid landline
    assert zone_of_number("+34612345678", LONDON, WINTER) is None           # a Spanish mobile: Madrid or Canaries
    assert zone_of_number("+61412345678", LONDON, WINTER) is None           # an Australian mobile: 3 offsets
    assert zone_of_number("+15551234567", LONDON, WINTER) is None           # not a valid number
    assert zone_of_number("not a number", LONDON, WINTER) is None
    whatsapp = Lead(conversation_id="12125551234", channel="whatsapp_cloud", phone=None)
    twilio = Lead(conversation_id="whatsapp:+61291234567", channel="twilio", phone=None)
    telegram = Lead(conversation_id="123456789", channel="telegram", phone=None)
    web = Lead(conversation_id="web-1", channel="socketio", phone="+819012345678")
    assert [phone_of(x) for x in (whatsapp, twilio, telegram, web)] == [
        "+12125551234", "+61291234567", None, "+819012345678"]
    assert [visitor_zone(x, LONDON, WINTER).key for x in (whatsapp, twilio, telegram, web)] == [
        "America/New_York", "Australia/Sydney", "Europe/London", "Asia/Tokyo"]


async def test_reminders_keep_out_of_the_visitors_night(db: Db, settings: Settings) -> None:
    # Wednesday 9 December 2026 in Brighton; one visitor wrote from New York on WhatsApp, one from Brighton
    new_york = await add_lead(db.sessions, "Nora", channel="whatsapp_cloud", conversation_id="12125551234",
                              email_address=None)
    local = await add_lead(db.sessions, "Lou")
    await add_booking(db.sessions, local, utc(2026, 12, 9, 10, 0))
    await add_booking(db.sessions, new_york, utc(2026, 12, 9, 10, 30))
    sent = RecordingSenders(settings, db.tracker)
    job = Scheduler(db.sessions, db.tracker, settings, sent)
    await job.run_once(WINTER)
    # the studio's 10:00 the day before and 08:00 on the day: fine in Brighton ...
    assert await _due(db, local, plan.REMINDER) == [datetime(2026, 12, 8, 10, 0), datetime(2026, 12, 9, 8, 0)]
    # ... but 05:30 and 03:30 in New York (the 10:30 booking): each goes the evening before there (20:59 EST)
    assert await _due(db, new_york, plan.REMINDER) == [datetime(2026, 12, 8, 1, 59), datetime(2026, 12, 9, 1, 59)]
    await job.run_once(utc(2026, 12, 8, 1, 59))                 # 01:59 in Brighton, 20:59 in New York
    assert [(conv, kind) for _, conv, kind, _ in sent.sent] == [("12125551234", plan.REMINDER)]


async def test_aftercare_and_sending_follow_the_visitors_clock(db: Db, settings: Settings) -> None:
    sydney = await add_lead(db.sessions, "Sid")
    async with db.sessions.begin() as session:
        row = await session.get(Lead, sydney.id)
        row.phone = "+61291234567"                               # a Sydney landline (AEDT, UTC+11, in December)
    local = await add_lead(db.sessions, "Lou")
    for lead in (sydney, local):
        await plan.session_done(db.sessions, settings, lead.id, date(2026, 12, 1), "marta", WINTER)
    # an hour after it was marked done: 13:00 in Brighton, midnight in Sydney, so 08:00 there (21:00 UTC)
    assert await _due(db, local, plan.AFTERCARE) == [datetime(2026, 12, 1, 13, 0)]
    assert await _due(db, sydney, plan.AFTERCARE) == [datetime(2026, 12, 1, 21, 0)]

    # a message that comes up in the visitor's night waits for their morning, even in the studio's day
    async with db.sessions.begin() as session:
        await queue.add(session, queue.Planned(sydney.id, sydney.conversation_id, plan.CHECK_IN, "by-hand",
                                               utc(2026, 12, 1, 12, 30), "email"), WINTER)
    sent = RecordingSenders(settings, db.tracker)
    job = Scheduler(db.sessions, db.tracker, settings, sent)
    await job.run_once(utc(2026, 12, 1, 13, 0))                 # 13:00 in Brighton, 00:00 in Sydney
    assert [(conv, kind) for _, conv, kind, _ in sent.sent] == [(local.conversation_id, plan.AFTERCARE)]
    async with db.sessions() as session:
        waiting = await session.scalar(select(ScheduledMessage).where(ScheduledMessage.dedupe_key == "by-hand"))
    assert (waiting.state, naive(waiting.due_at), waiting.reason) == (
        "scheduled", datetime(2026, 12, 1, 21, 0), "quiet hours")
    await job.run_once(utc(2026, 12, 1, 21, 0))                 # 21:00 in Brighton (its quiet hours): 08:00 there
    assert sorted(kind for _, conv, kind, _ in sent.sent if conv == sydney.conversation_id) == [
        plan.AFTERCARE, plan.CHECK_IN]


async def test_a_country_with_several_offsets_keeps_the_studios_quiet_hours(db: Db, settings: Settings) -> None:
    spain = await add_lead(db.sessions, "Sol", channel="whatsapp_cloud", conversation_id="34612345678",
                           email_address=None)
    await add_booking(db.sessions, spain, utc(2026, 12, 9, 10, 0))
    job = Scheduler(db.sessions, db.tracker, settings, RecordingSenders(settings, db.tracker))
    await job.run_once(WINTER)
    assert await _due(db, spain, plan.REMINDER) == [datetime(2026, 12, 8, 10, 0), datetime(2026, 12, 9, 8, 0)]


async def test_the_visitors_own_daylight_saving_change_counts(db: Db, settings: Settings) -> None:
    # New York moves its clocks on 14 March 2027, Brighton on 28 March: in between they are 4 hours apart, not 5
    new_york = await add_lead(db.sessions, "Nora", channel="whatsapp_cloud", conversation_id="12125551234",
                              email_address=None)
    await add_booking(db.sessions, new_york, utc(2027, 3, 17, 10, 0))        # 10:00 in Brighton, 06:00 EDT
    job = Scheduler(db.sessions, db.tracker, settings, RecordingSenders(settings, db.tracker))
    await job.run_once(utc(2027, 3, 1, 12, 0))
    # 24 h before is 06:00 EDT on the 16th, in the night there: 20:59 EDT on the 15th (00:59 UTC), an hour
    # earlier in UTC than in winter; 2 h before is 04:00 EDT: 20:59 EDT on the 16th
    assert await _due(db, new_york, plan.REMINDER) == [datetime(2027, 3, 16, 0, 59), datetime(2027, 3, 17, 0, 59)]
