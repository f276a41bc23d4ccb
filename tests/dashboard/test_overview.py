"""The overview page, its numbers and the SVG charts; and the audit log page."""
from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from aiohttp.test_utils import TestClient

from bot.dashboard import charts, stats
from bot.store.models import BookingStatus, LeadStatus, Readiness, StatusChange
from tests.dashboard.factories import Store, add_booking, add_lead, post

LONDON = ZoneInfo("Europe/London")


def test_round_axis_maxima() -> None:
    assert [charts.nice_max(v) for v in (0, 1, 2, 3, 7, 12, 49, 51, 180)] == [1, 1, 2, 5, 10, 20, 50, 100, 200]


def test_column_geometry() -> None:
    chart = charts.columns([("a", 0), ("b", 5), ("c", 10)], width=300, height=100)
    assert [b.value for b in chart.bars] == [0, 5, 10]
    tall, half = chart.bars[2], chart.bars[1]
    assert abs(half.height * 2 - tall.height) < 1e-6 and chart.bars[0].height == 0
    assert tall.y + tall.height == chart.baseline and chart.ticks[-1].value == 10
    assert not chart.empty and chart.total == 15


def test_row_geometry_and_shares() -> None:
    chart = charts.rows([("Scar", 3), ("Scalp", 1)])
    assert [b.note for b in chart.bars] == ["75%", "25%"]
    assert chart.bars[0].width == chart.plot_right - chart.plot_left
    funnel = charts.rows([("New", 10), ("Contacted", 4)], share_of=10)
    assert [b.note for b in funnel.bars] == ["100%", "40%"]
    assert charts.rows([]).empty


async def seed_overview(store: Store, today: date) -> None:
    def at(days_ago: int) -> datetime:
        return datetime.combine(today - timedelta(days=days_ago), time(12), tzinfo=LONDON)

    await add_lead(store.sessions, "A", created_at=at(0), concern="scar", channel="socketio")
    await add_lead(store.sessions, "B", created_at=at(0), concern="scar", channel="telegram",
                   readiness=Readiness.review)
    contacted = await add_lead(store.sessions, "C", created_at=at(8), concern="scalp", status=LeadStatus.contacted)
    moved_on = await add_lead(store.sessions, "D", created_at=at(15), concern="areola", readiness=Readiness.not_yet,
                              status=LeadStatus.closed)
    booked = await add_lead(store.sessions, "E", created_at=at(16), concern="scalp", readiness=None)
    await add_booking(store.sessions, booked, datetime(2031, 1, 1, 10, tzinfo=timezone.utc),
                      status=BookingStatus.confirmed)
    async with store.sessions.begin() as session:
        session.add(StatusChange(lead_id=moved_on.id, from_status="new", to_status="contacted", changed_by="m"))
    await add_lead(store.sessions, "Old", created_at=at(7 * 20), concern="vitiligo")
    assert contacted


async def test_the_overview_numbers(store: Store) -> None:
    today = datetime.now(LONDON).date()
    await seed_overview(store, today)
    async with store.sessions() as session:
        data = await stats.overview(session, LONDON, weeks=12, today=today)
    assert len(data.weeks) == 12 and data.weeks[-1][0] == stats.week_start(today)
    assert sum(count for _, count in data.weeks) == 5 and data.weeks[-1][1] == 2
    assert data.concerns == [("Scalp (hair loss)", 2), ("Scar", 2), ("Areola / nipple", 1)]
    assert dict(data.channels) == {"Website chat": 4, "Telegram": 1}
    assert data.readiness == [("Ready", 2), ("Review", 1), ("Not yet", 1), ("No intake yet", 1)]
    assert data.funnel == [("Leads received", 5), ("Contacted", 3), ("Booking requested", 1),
                           ("Consultation booked", 1)]   # booked counts as requested and contacted


async def test_the_overview_page_draws_svg_charts(signed_in: TestClient, store: Store) -> None:
    await seed_overview(store, datetime.now(LONDON).date())
    response = await signed_in.get("/dashboard/overview")
    html = await response.text()
    assert response.status == 200
    assert html.count("<svg") == 5 and "style=" not in html
    assert not re.search(r"<script(?![^>]*\bsrc=\"/dashboard/static/)", html)     # no inline script
    assert "Leads per week" in html and "Scalp (hair loss)" in html and "Consultation booked" in html
    assert re.search(r'<div class="stat-value">20%</div><div class="stat-label">Booked, of all leads', html)
    wide = await (await signed_in.get("/dashboard/overview?weeks=52")).text()
    assert "the last 52 weeks" in wide and "Vitiligo" in wide
    assert "the last 12 weeks" in await (await signed_in.get("/dashboard/overview?weeks=1000")).text()


async def test_an_empty_overview(signed_in: TestClient) -> None:
    html = await (await signed_in.get("/dashboard/overview")).text()
    assert "No leads in this period yet." in html


async def test_the_audit_log_page(signed_in: TestClient, store: Store) -> None:
    lead = await add_lead(store.sessions, "<i>Anna</i>")
    await signed_in.get(f"/dashboard/leads/{lead.id}")
    await post(signed_in, f"/dashboard/leads/{lead.id}/status", {"status": "contacted", "reason": "rang"})
    await signed_in.get("/dashboard/leads.csv?concern=scar")
    html = await (await signed_in.get("/dashboard/audit")).text()
    for label in ("Signed in", "Viewed a lead", "Changed a status", "Exported leads (CSV)"):
        assert label in html
    assert "filter: concern=scar" in html and f'href="/dashboard/leads/{lead.id}"' in html
    assert "Anna" not in html                 # no names in the audit log
    only = await (await signed_in.get("/dashboard/audit?action=export")).text()
    assert "Exported leads (CSV)" in only and "Viewed a lead</td>" not in only
    assert "Everything" in await (await signed_in.get("/dashboard/audit?action=bogus&page=x")).text()


async def test_the_audit_log_pages(signed_in: TestClient, store: Store) -> None:
    from bot.dashboard import audit

    for i in range(60):
        await audit.record(store.sessions, "marta", "view_lead", f"{i:032x}")
    first = await (await signed_in.get("/dashboard/audit")).text()
    assert "Page 1 of 2" in first and "61 entries" in first
    assert "Page 2 of 2" in await (await signed_in.get("/dashboard/audit?page=2")).text()
