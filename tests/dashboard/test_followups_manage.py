"""The practitioner adds a follow-up to a lead, moves a scheduled one, and sees "Follow-ups this week":
times on the studio's clock, channels the lead can receive, refusals said plainly, CSRF and the audit log
as every dashboard form."""
from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from aiohttp.test_utils import TestClient
from sqlalchemy import select

from bot.dashboard.clock import Clock
from bot.followup import plan, queue
from bot.followup.models import ScheduledMessage
from bot.followup.timing import local_to_utc, wall_clock
from bot.settings import Settings
from bot.store.models import AuditEntry, BookingStatus
from tests.dashboard.factories import Store, add_booking, add_lead, csrf, post

LONDON = ZoneInfo("Europe/London")          # the studio's time zone (studio.yml)


async def _messages(store: Store, lead_id: str) -> list[ScheduledMessage]:
    async with store.sessions() as session:
        return list((await session.scalars(select(ScheduledMessage).where(ScheduledMessage.lead_id == lead_id)
                                           .order_by(ScheduledMessage.due_at))).all())


async def _audit(store: Store, lead_id: str) -> list[tuple[str, str]]:
    async with store.sessions() as session:
        return [(a, d) for a, d in (await session.execute(select(AuditEntry.action, AuditEntry.details).where(
            AuditEntry.target == lead_id, AuditEntry.action.in_(("followup_add", "followup_move"))))).all()]


def _day(clock: Clock, days: int) -> datetime:
    return datetime.combine(wall_clock(clock.utcnow(), LONDON).date() + timedelta(days=days), time(0, 0))


async def _flash(client: TestClient, lead_id: str) -> str:
    return await (await client.get(f"/dashboard/leads/{lead_id}")).text()


async def test_a_message_is_added_at_a_studio_time_on_a_channel_the_lead_can_receive(
        signed_in: TestClient, store: Store, clock: Clock) -> None:
    lead = await add_lead(store.sessions, "Anna")                    # website chat, with an e-mail address
    page = await _flash(signed_in, lead.id)
    assert "Add a follow-up message" in page
    assert '<option value="email">email</option>' in page and '<option value="chat">website chat</option>' in page
    assert 'value="whatsapp_cloud"' not in page and 'value="telegram"' not in page
    when = (_day(clock, 2) + timedelta(hours=11, minutes=30))
    path = f"/dashboard/leads/{lead.id}/followups"
    form = {"kind": plan.CHECK_IN, "when": f"{when:%Y-%m-%dT%H:%M}", "channel": "email"}

    refused = await signed_in.post(path, data={**form, "csrf_token": "forged"}, allow_redirects=False)
    assert refused.status == 403 and not await _messages(store, lead.id)

    response = await post(signed_in, path, form)
    assert response.status == 303
    [message] = await _messages(store, lead.id)
    assert (message.kind, message.channel, message.state, message.created_by) == (
        plan.CHECK_IN, "email", "scheduled", "marta")
    assert message.due_at.replace(tzinfo=None) == local_to_utc(when, LONDON).replace(tzinfo=None)
    assert await _audit(store, lead.id) == [("followup_add", "check_in by email")]
    page = await _flash(signed_in, lead.id)
    assert "The message was scheduled." in page and "Healing check-in" in page
    assert f"{when.day} {when:%b %Y, %H:%M}" in page                # shown on the studio's clock


async def test_an_impossible_message_is_refused_with_the_reason(signed_in: TestClient, store: Store,
                                                                 clock: Clock) -> None:
    lead = await add_lead(store.sessions, "Anna")
    path, token = f"/dashboard/leads/{lead.id}/followups", await csrf(signed_in)
    tomorrow = _day(clock, 1)
    cases = [
        ({"kind": plan.AFTERCARE, "when": f"{tomorrow + timedelta(hours=23):%Y-%m-%dT%H:%M}", "channel": "email"},
         "That time is in the quiet hours (21:00–08:00)"),
        ({"kind": plan.AFTERCARE, "when": f"{_day(clock, -1) + timedelta(hours=12):%Y-%m-%dT%H:%M}",
          "channel": "email"}, "That time has already passed"),
        ({"kind": plan.AFTERCARE, "when": f"{tomorrow + timedelta(hours=12):%Y-%m-%dT%H:%M}",
          "channel": "whatsapp_cloud"}, "This visitor cannot receive messages that way"),
        ({"kind": plan.REMINDER, "when": f"{tomorrow + timedelta(hours=12):%Y-%m-%dT%H:%M}", "channel": "email"},
         "A consultation reminder needs a booking ahead"),
        ({"kind": plan.AFTERCARE, "when": "next tuesday", "channel": "email"}, "Please enter a date and a time."),
        ({"kind": plan.TASK, "when": f"{tomorrow + timedelta(hours=12):%Y-%m-%dT%H:%M}", "channel": "email"},
         "Please choose what kind of message to send."),
    ]
    for form, reason in cases:
        assert (await post(signed_in, path, form, token)).status == 303
        assert reason in await _flash(signed_in, lead.id), form
    assert not await _messages(store, lead.id) and not await _audit(store, lead.id)


async def test_a_reminder_added_by_hand_goes_with_the_booking_and_before_it(signed_in: TestClient, store: Store,
                                                                             clock: Clock) -> None:
    lead = await add_lead(store.sessions, "Anna")
    start = local_to_utc(_day(clock, 5) + timedelta(hours=14), LONDON)
    booking = await add_booking(store.sessions, lead, start, status=BookingStatus.confirmed)
    path, token = f"/dashboard/leads/{lead.id}/followups", await csrf(signed_in)
    late = {"kind": plan.REMINDER, "when": f"{_day(clock, 5) + timedelta(hours=15):%Y-%m-%dT%H:%M}",
            "channel": "email"}
    await post(signed_in, path, late, token)
    assert "A reminder has to go before the consultation" in await _flash(signed_in, lead.id)
    await post(signed_in, path, {**late, "when": f"{_day(clock, 4) + timedelta(hours=18):%Y-%m-%dT%H:%M}"}, token)
    [message] = await _messages(store, lead.id)
    assert message.booking_id == booking.id and message.ref_at is not None


async def test_a_scheduled_message_is_moved_and_a_sent_one_stays(signed_in: TestClient, store: Store,
                                                                  clock: Clock, settings: Settings) -> None:
    lead = await add_lead(store.sessions, "Anna")
    start = local_to_utc(_day(clock, 6) + timedelta(hours=10), LONDON)
    await add_booking(store.sessions, lead, start, status=BookingStatus.confirmed)
    await plan.sync_bookings(store.sessions, settings, clock.utcnow())
    first, second = await _messages(store, lead.id)                 # 24 h and 2 h before
    async with store.sessions.begin() as session:
        row = await session.get(ScheduledMessage, first.id)
        row.state, row.sent_at = "sent", clock.utcnow()
    page = await _flash(signed_in, lead.id)
    assert page.count(">Move the message<") == 1
    assert f'value="{wall_clock(second.due_at, LONDON):%Y-%m-%dT%H:%M}"' in page       # today's time, to edit
    token = await csrf(signed_in)
    new_time = _day(clock, 6) + timedelta(hours=9)                  # an hour before the consultation
    path = f"/dashboard/leads/{lead.id}/followups/{second.id}/move"

    refused = await signed_in.post(path, data={"when": f"{new_time:%Y-%m-%dT%H:%M}", "csrf_token": "x"},
                                   allow_redirects=False)
    assert refused.status == 403
    assert (await post(signed_in, path, {"when": f"{new_time:%Y-%m-%dT%H:%M}"}, token)).status == 303
    moved = (await _messages(store, lead.id))[1]
    assert moved.due_at.replace(tzinfo=None) == local_to_utc(new_time, LONDON).replace(tzinfo=None)
    assert moved.state == "scheduled" and "The message was moved." in await _flash(signed_in, lead.id)
    [(action, details)] = await _audit(store, lead.id)
    assert action == "followup_move" and details.startswith(f"{plan.REMINDER} #{second.id}: ")

    await post(signed_in, path, {"when": f"{_day(clock, 6) + timedelta(hours=11):%Y-%m-%dT%H:%M}"}, token)
    assert "A reminder has to go before the consultation" in await _flash(signed_in, lead.id)
    await post(signed_in, f"/dashboard/leads/{lead.id}/followups/{first.id}/move",
               {"when": f"{new_time:%Y-%m-%dT%H:%M}"}, token)
    assert "That message is no longer scheduled" in await _flash(signed_in, lead.id)
    assert (await _messages(store, lead.id))[0].state == "sent"
    other = await add_lead(store.sessions, "Bea")                    # another lead's message is not this lead's
    assert (await post(signed_in, f"/dashboard/leads/{other.id}/followups/{second.id}/move",
                       {"when": f"{new_time:%Y-%m-%dT%H:%M}"}, token)).status == 404


async def test_the_week_ahead_lists_what_goes_out_by_day_with_links_and_no_health_details(
        signed_in_staff: TestClient, store: Store, clock: Clock) -> None:
    anna = await add_lead(store.sessions, "Anna", concern="areola")
    bea = await add_lead(store.sessions, "Bea", concern="vitiligo")
    now = clock.utcnow()
    at = {n: local_to_utc(_day(clock, n) + timedelta(hours=12), LONDON) for n in (1, 3, 9)}
    async with store.sessions.begin() as session:
        for key, lead, kind, due in (("a", anna, plan.AFTERCARE, at[1]), ("b", bea, plan.TOUCH_UP, at[3]),
                                     ("c", anna, plan.CHECK_IN, at[9]), ("d", bea, plan.CHECK_IN, at[1])):
            await queue.add(session, queue.Planned(lead.id, lead.conversation_id, kind, key, due, "email"), now)
        await queue.cancel_where(session, "test", ScheduledMessage.dedupe_key == "d")
    response = await signed_in_staff.get("/dashboard/followups")
    assert response.status == 200
    html = await response.text()
    assert "Follow-ups this week" in html and "2 messages, 2 still to go out" in html
    day1, day3 = (_day(clock, n) for n in (1, 3))
    first = html.index(f"{day1:%A}</span> <span class=\"day-date\">{day1.day} {day1:%b}")
    third = html.index(f"{day3:%A}</span> <span class=\"day-date\">{day3.day} {day3:%b}")
    assert first < html.index("Aftercare") < third < html.index("Touch-up recall")
    assert f'href="/dashboard/leads/{anna.id}"' in html and f'href="/dashboard/leads/{bea.id}"' in html
    assert "Healing check-in" not in html                         # 9 days ahead, and a cancelled one
    for health in ("areola", "Areola", "vitiligo", "Vitiligo", "scar"):
        assert health not in html
    assert 'aria-current="page">Follow-ups</a>' in html


async def test_the_quiet_hours_of_a_visitor_abroad_are_theirs(signed_in: TestClient, store: Store,
                                                              clock: Clock) -> None:
    lead = await add_lead(store.sessions, "Sid", phone="+61291234567")      # a Sydney number
    path, token = f"/dashboard/leads/{lead.id}/followups", await csrf(signed_in)
    day = _day(clock, 3)
    # 13:00 in the studio is 22:00-00:00 in Sydney (whatever either clock's season): refused, saying where
    await post(signed_in, path, {"kind": plan.CHECK_IN, "when": f"{day + timedelta(hours=13):%Y-%m-%dT%H:%M}",
                                 "channel": "email"}, token)
    assert ("That time is in the quiet hours (21:00–08:00 where the visitor is, Australia/Sydney time)"
            in await _flash(signed_in, lead.id))
    # 23:30 in the studio (its own quiet hours) is the morning in Sydney: scheduled
    late = day + timedelta(hours=23, minutes=30)
    await post(signed_in, path, {"kind": plan.CHECK_IN, "when": f"{late:%Y-%m-%dT%H:%M}", "channel": "email"}, token)
    assert "The message was scheduled." in await _flash(signed_in, lead.id)
    assert len(await _messages(store, lead.id)) == 1
