"""The calendar: a week of consultations, requested and confirmed, in the studio's time zone."""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from aiohttp.test_utils import TestClient

from bot.dashboard.calendar_week import monday_of, week_from_query, week_of
from bot.store.models import BookingStatus
from tests.dashboard.factories import Store, add_booking, add_lead

LONDON = ZoneInfo("Europe/London")
MONDAY = date(2031, 3, 24)          # the week before the clocks go forward (30 March 2031)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=LONDON).astimezone(timezone.utc)


def test_the_week_asked_for() -> None:
    today = date(2031, 3, 27)                               # a Thursday
    assert week_from_query(None, today) == MONDAY
    assert week_from_query("2031-03-30", today) == MONDAY   # any day of the week names it
    assert week_from_query("2031-03-31", today) == date(2031, 3, 31)
    for nonsense in ("", "next", "2031-02-30", "0001-01-01", "9999-12-31"):
        assert week_from_query(nonsense, today) == MONDAY
    assert monday_of(date(2031, 3, 24)) == MONDAY


async def seed(store: Store) -> dict[str, str]:
    anna = await add_lead(store.sessions, "Anna", concern="scar")
    bea = await add_lead(store.sessions, "Bea", concern="scalp")
    cara = await add_lead(store.sessions, "Cara")
    await add_booking(store.sessions, anna, at(MONDAY, 10), status=BookingStatus.confirmed)
    await add_booking(store.sessions, bea, at(MONDAY + timedelta(days=2), 14, 30))          # requested
    await add_booking(store.sessions, cara, at(MONDAY + timedelta(days=2), 9), status=BookingStatus.declined)
    await add_booking(store.sessions, cara, at(MONDAY + timedelta(days=3), 9), status=BookingStatus.cancelled)
    await add_booking(store.sessions, cara, at(MONDAY + timedelta(days=7), 9))              # next week
    await add_booking(store.sessions, cara, at(MONDAY - timedelta(days=1), 23, 30))         # Sunday before
    # Sunday 30 March, after the clocks went forward: still that Sunday in London.
    await add_booking(store.sessions, anna, datetime(2031, 3, 30, 22, 30, tzinfo=timezone.utc),
                      status=BookingStatus.confirmed)
    return {"anna": anna.id, "bea": bea.id, "cara": cara.id}


async def test_a_week_holds_the_active_bookings_day_by_day(store: Store) -> None:
    ids = await seed(store)
    async with store.sessions() as session:
        week = await week_of(session, MONDAY, LONDON, today=MONDAY + timedelta(days=2))
    assert [d.day for d in week.days] == [MONDAY + timedelta(days=i) for i in range(7)]
    entries = {d.day.isoformat(): [(f"{e.start:%H:%M}", e.lead.id if e.lead else None, e.pending) for e in d.entries]
               for d in week.days if d.entries}
    assert entries == {"2031-03-24": [("10:00", ids["anna"], False)],
                       "2031-03-26": [("14:30", ids["bea"], True)],
                       "2031-03-30": [("23:30", ids["anna"], False)]}
    assert (week.confirmed, week.pending) == (2, 1)
    assert [d.today for d in week.days].index(True) == 2
    assert (week.previous, week.next, week.end) == (MONDAY - timedelta(weeks=1), MONDAY + timedelta(weeks=1),
                                                     MONDAY + timedelta(days=6))


async def test_the_calendar_page(signed_in: TestClient, store: Store) -> None:
    await seed(store)
    html = await (await signed_in.get("/dashboard/calendar?week=2031-03-26")).text()
    assert '<a href="/dashboard/calendar" aria-current="page">Calendar</a>' in html          # in the main menu
    assert "Week of 24 Mar 2031 to 30 Mar 2031: 2 confirmed, 1 awaiting confirmation." in html
    assert 'href="/dashboard/calendar?week=2031-03-17" rel="prev"' in html
    assert 'href="/dashboard/calendar?week=2031-03-31" rel="next"' in html
    pending = re.search(r'<li class="cal-entry cal-pending">(.*?)</li>', html, re.S)
    confirmed = re.findall(r'<li class="cal-entry cal-confirmed">(.*?)</li>', html, re.S)
    assert pending and len(confirmed) == 2
    assert ">14:30</time>–<time" in pending.group(1) and ">Bea</a>" in pending.group(1)
    assert "Awaiting confirmation" in pending.group(1) and 'href="/dashboard/queues"' in pending.group(1)
    assert ">10:00</time>–<time" in confirmed[0] and ">Anna</a>" in confirmed[0] and "Confirmed" in confirmed[0]
    assert "Cara" not in html                                    # declined, cancelled and other weeks left out
    assert html.count("No consultations") == 4
    assert 'aria-current="date"' not in html                     # not this week
    # Without a week: this week, today marked.
    this_week = await (await signed_in.get("/dashboard/calendar")).text()
    assert this_week.count('aria-current="date"') == 1 and "This week</a>" in this_week


async def test_staff_see_the_calendar(signed_in_staff: TestClient) -> None:
    response = await signed_in_staff.get("/dashboard/calendar?week=bogus")
    assert response.status == 200 and "Calendar" in await response.text()
