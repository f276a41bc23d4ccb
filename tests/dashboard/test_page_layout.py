"""What comes first on the pages a practitioner uses on a phone, and the lead page's next step.

The phone layout itself (no sideways scrolling, buttons in view) is checked in a real browser in
tests/browser/test_dashboard_phone.py; these tests check the order and content of the HTML.
"""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone

from zoneinfo import ZoneInfo

from aiohttp.test_utils import TestClient
from sqlalchemy import update

from bot.dashboard.next_step import next_step
from bot.store.models import Booking, BookingStatus, Handoff, Lead, LeadStatus
from tests.dashboard.factories import Store, add_booking, add_events, add_handoff, add_lead

NOW = datetime(2031, 3, 1, 12, 0, tzinfo=timezone.utc)


def _booking(status: BookingStatus, days: int) -> Booking:
    start = NOW + timedelta(days=days)
    return Booking(status=status, start_at=start, end_at=start + timedelta(minutes=30), provider="calendar",
                   conversation_id="c")


def _lead(*bookings: Booking, follow_up: date | None = None) -> Lead:
    return Lead(conversation_id="c", status=LeadStatus.new, bookings=list(bookings), follow_up_date=follow_up)


def test_the_next_step_puts_what_waits_for_the_practitioner_first() -> None:
    waiting = Handoff(status="open", kind="person", conversation_id="c", channel="socketio")
    request = _booking(BookingStatus.requested, 5)
    step = next_step(_lead(_booking(BookingStatus.confirmed, 2), request), "consultation_requested", [waiting], NOW)
    assert (step.kind, step.when, step.to_do) == ("confirm", request.start_at, True)
    step = next_step(_lead(_booking(BookingStatus.confirmed, 2)), "consultation_booked", [waiting], NOW)
    assert (step.kind, step.to_do) == ("person", True)
    soon, later = _booking(BookingStatus.confirmed, 2), _booking(BookingStatus.confirmed, 9)
    step = next_step(_lead(later, soon, _booking(BookingStatus.confirmed, -3)), "consultation_booked", [], NOW)
    assert (step.kind, step.when, step.to_do) == ("consultation", soon.start_at, False)
    step = next_step(_lead(_booking(BookingStatus.declined, 2)), "booking_declined", [], NOW)
    assert step.kind == "rebook" and "declined" in step.text
    step = next_step(_lead(follow_up=date(2031, 3, 9)), "contacted", [], NOW)
    assert (step.kind, step.when) == ("follow_up", date(2031, 3, 9))
    assert next_step(_lead(), "new", [], NOW).kind == "none"


async def test_the_lead_page_puts_contact_status_next_step_and_actions_before_the_transcript(
        signed_in: TestClient, store: Store) -> None:
    lead = await add_lead(store.sessions, "Anna", phone="+447911123456", status=LeadStatus.consultation_booked)
    await add_booking(store.sessions, lead, datetime(2031, 3, 4, 14, 30, tzinfo=timezone.utc))
    await add_events(store.tracker, lead.conversation_id,
                     [("visitor", "Hello"), ("assistant", "Hi! How can I help?")] * 20)
    html = await (await signed_in.get(f"/dashboard/leads/{lead.id}")).text()
    order = [html.index(marker) for marker in (
        "<h1>Anna</h1>", 'class="badge status-consultation_requested"', 'href="mailto:anna@example.com"',
        'href="tel:+447911123456"', ">Next step</h2>", "Confirm or decline the consultation request",
        ">Open To do</a>", ">Change status</button>", ">Add note</button>", 'id="readiness-h"',
        'id="transcript-h"', '<details class="transcript-box">', 'class="transcript"')]
    assert order == sorted(order)
    assert re.search(r'<details class="transcript-box">\s*<summary>Show the 40 messages</summary>', html)
    assert '<details class="transcript-box" open' not in html          # collapsed: the page stays short


async def test_the_leads_list_shows_status_concern_and_last_activity(signed_in: TestClient, store: Store) -> None:
    now = datetime.now(timezone.utc)
    quiet = await add_lead(store.sessions, "Olivia", concern="scalp", created_at=now - timedelta(days=40))
    talking = await add_lead(store.sessions, "Bea", concern="vitiligo", created_at=now - timedelta(days=3))
    async with store.sessions.begin() as session:          # nothing changed on the leads since they came in
        await session.execute(update(Lead).values(updated_at=Lead.created_at))
    await add_events(store.tracker, talking.conversation_id, [("visitor", "Still there?")],
                     start=now - timedelta(minutes=5))
    html = await (await signed_in.get("/dashboard/")).text()
    assert '<table class="leads cards-on-phone">' in html and '<th scope="col">Last activity</th>' in html
    bea, olivia = re.findall(r"<tr>(.*?)</tr>", html, re.S)[1:]
    assert "Bea" in bea and 'class="badge status-new"' in bea and "Vitiligo" in bea
    assert re.search(r'<td class="activity nowrap" data-label="Last activity"><time [^>]+>5 min ago</time>', bea)
    assert quiet.id in olivia and "Scalp (hair loss)" in olivia
    day = (now - timedelta(days=40)).astimezone(ZoneInfo("Europe/London"))
    assert re.search(rf'data-label="Last activity"><time [^>]+>{day.day} {day:%b %Y}</time>', olivia)   # a date


async def test_the_queues_show_phone_and_email_apart_with_the_actions(signed_in: TestClient, store: Store) -> None:
    anna = await add_lead(store.sessions, "Anna", phone="+447911123456", email="anna@example.com")
    await add_handoff(store.sessions, anna, "person")
    await add_booking(store.sessions, anna, datetime(2031, 3, 4, 14, 30, tzinfo=timezone.utc))
    html = await (await signed_in.get("/dashboard/queues")).text()
    handoffs = html[html.index('id="handoffs-h"'):]
    contact = re.search(r'<td class="contact">(.*?)</td>', handoffs, re.S)
    assert contact
    lines = re.findall(r"<li>(.*?)</li>", contact.group(1), re.S)
    assert len(lines) == 2
    assert '<a href="tel:+447911123456" class="nowrap">+447911123456</a>' in lines[0] and "Phone" in lines[0]
    assert '<a href="mailto:anna@example.com" class="break">anna@example.com</a>' in lines[1] and "Email" in lines[1]
    assert "+447911123456anna@example.com" not in re.sub(r"<[^>]+>|\s", "", html)   # never run together
    assert html.count('class="cards-on-phone queue"') == 2
    for button in (">Confirm</button>", ">Decline</button>", ">Mark done</button>"):
        assert button in html
