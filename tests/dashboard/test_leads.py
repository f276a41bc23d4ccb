"""The leads list: order, filters, search, counts, pagination, escaping; and the CSV export."""
from __future__ import annotations

import csv
import io
import re
from datetime import datetime, timedelta, timezone

from aiohttp.test_utils import TestClient
from sqlalchemy import select

from bot.store.models import AuditEntry, BookingStatus, LeadStatus, Readiness
from tests.dashboard.factories import HEALTH_ANSWERS, Store, add_booking, add_lead

NOW = datetime.now(timezone.utc)


def names(html: str) -> list[str]:
    return re.findall(r'<td class="name">\s*<a href="/dashboard/leads/[0-9a-f]{32}">([^<]*)</a>', html)


async def page(client: TestClient, query: str = "") -> str:
    response = await client.get(f"/dashboard/?{query}")
    assert response.status == 200
    return await response.text()


async def seed(store: Store) -> None:
    await add_lead(store.sessions, "Olivia", created_at=NOW - timedelta(days=20), concern="scalp",
                   channel="telegram", status=LeadStatus.contacted, readiness=Readiness.review,
                   phone="+447700900123")
    await add_lead(store.sessions, "Beatriz", created_at=NOW - timedelta(days=3), concern="areola",
                   status=LeadStatus.consultation_booked, email="bea@clinic.example")
    await add_lead(store.sessions, "Chloe", created_at=NOW - timedelta(days=1), concern="scar",
                   readiness=Readiness.not_yet, status=LeadStatus.not_yet_ready)
    await add_lead(store.sessions, None, created_at=NOW - timedelta(hours=2), concern=None, readiness=None)


async def test_newest_first_with_counts_per_status(signed_in: TestClient, store: Store) -> None:
    await seed(store)
    html = await page(signed_in)
    assert names(html) == ["No name given", "Chloe", "Beatriz", "Olivia"]
    assert "4 leads" in html
    for label, count in (("All", 4), ("New", 1), ("Contacted", 1), ("Consultation booked", 1),
                         ("Not yet ready", 1), ("Closed", 0)):
        assert re.search(rf'{label} <span class="tab-count">{count}</span>', html), label


async def test_filters(signed_in: TestClient, store: Store) -> None:
    await seed(store)
    assert names(await page(signed_in, "status=contacted")) == ["Olivia"]
    assert names(await page(signed_in, "concern=areola")) == ["Beatriz"]
    assert names(await page(signed_in, "readiness=not_yet")) == ["Chloe"]
    assert names(await page(signed_in, "readiness=none")) == ["No name given"]
    assert names(await page(signed_in, "channel=telegram")) == ["Olivia"]
    day = lambda d: (NOW - timedelta(days=d)).astimezone(timezone.utc).date().isoformat()  # noqa: E731
    assert names(await page(signed_in, f"from={day(25)}&to={day(10)}")) == ["Olivia"]
    assert names(await page(signed_in, f"from={day(5)}&concern=scar")) == ["Chloe"]
    # The status tabs count under the other filters.
    html = await page(signed_in, "concern=scar")
    assert re.search(r'All <span class="tab-count">1</span>', html)
    # Nonsense in the query string is ignored, not an error.
    assert len(names(await page(signed_in, "status=bogus&readiness=x&from=notadate&page=-3&concern=%3Cb%3E"))) == 4


async def test_search_by_name_email_or_phone(signed_in: TestClient, store: Store) -> None:
    await seed(store)
    assert names(await page(signed_in, "q=oliv")) == ["Olivia"]
    assert names(await page(signed_in, "q=BEA%40CLINIC")) == ["Beatriz"]
    assert names(await page(signed_in, "q=%2B44+7700+900123")) == ["Olivia"]
    assert names(await page(signed_in, "q=07700900123")) == ["Olivia"]        # typed as a national number
    assert names(await page(signed_in, "q=%25")) == []                        # a wildcard is just a character
    assert "No leads match these filters" in await page(signed_in, "q=nobody")


async def test_pagination(signed_in: TestClient, store: Store) -> None:
    for i in range(30):
        await add_lead(store.sessions, f"Lead{i:02d}", created_at=NOW - timedelta(minutes=i))
    first = await page(signed_in)
    assert names(first) == [f"Lead{i:02d}" for i in range(25)]
    assert "Page 1 of 2" in first and 'href="/dashboard/?page=2"' in first
    second = await page(signed_in, "page=2")
    assert names(second) == [f"Lead{i:02d}" for i in range(25, 30)]
    assert names(await page(signed_in, "page=99")) == names(second)


async def test_a_name_is_shown_as_text_never_run(signed_in: TestClient, store: Store) -> None:
    await add_lead(store.sessions, "<script>alert(1)</script>", email="x@example.com")
    html = await page(signed_in)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


async def test_the_list_shows_the_next_step(signed_in: TestClient, store: Store) -> None:
    lead = await add_lead(store.sessions, "Dana")
    await add_booking(store.sessions, lead, datetime(2031, 3, 4, 14, 30, tzinfo=timezone.utc))
    html = await page(signed_in)
    assert 'Consultation<span class="sub nowrap">4 Mar 2031, 14:30</span>' in html and "to confirm" in html


async def test_no_leads_yet(signed_in: TestClient) -> None:
    assert "No leads yet" in await page(signed_in)


async def read_csv(response) -> list[dict[str, str]]:  # type: ignore[no-untyped-def]
    body = await response.read()
    assert body.startswith("\ufeff".encode())
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))


async def test_csv_export_of_the_filtered_list(signed_in: TestClient, store: Store) -> None:
    await seed(store)
    chloe = await add_lead(store.sessions, "Chloé", concern="scar", answers=HEALTH_ANSWERS,
                           reasons=["The scar is younger than 12 months"], phone="+447911123456")
    await add_booking(store.sessions, chloe, datetime(2031, 3, 4, 14, 30, tzinfo=timezone.utc),
                      status=BookingStatus.confirmed)
    response = await signed_in.get("/dashboard/leads.csv?concern=scar&q=chlo")
    assert response.status == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert re.match(r'attachment; filename="leads-\d{4}-\d{2}-\d{2}\.csv"', response.headers["Content-Disposition"])
    assert response.headers["Cache-Control"] == "no-store"
    rows = await read_csv(response)
    assert [r["First name"] for r in rows] == ["Chloé", "Chloe"]
    row = rows[0]
    assert row["Concern"] == "Scar" and row["Readiness"] == "Ready" and row["Status"] == "New"
    assert row["Phone"] == "+447911123456" and row["Consultation status"] == "Confirmed"
    assert row["Next consultation"] == "2031-03-04 14:30"
    assert row["Dashboard link"] == f"https://studio.example/dashboard/leads/{chloe.id}"
    body = (await (await signed_in.get("/dashboard/leads.csv")).read()).decode("utf-8-sig")
    for _, question, answer in HEALTH_ANSWERS:      # no health answers, no reasons
        assert question not in body and answer not in body
    assert "younger than 12 months" not in body


async def test_the_export_is_in_the_audit_log_without_the_search_term(signed_in: TestClient, store: Store) -> None:
    await seed(store)
    await signed_in.get("/dashboard/leads.csv?status=contacted&q=olivia")
    async with store.sessions() as session:
        entry = (await session.scalars(select(AuditEntry).where(AuditEntry.action == "export"))).one()
    assert entry.actor == "marta"
    assert entry.details == "1 leads; filter: status=contacted, q=(search term)"
    assert "olivia" not in entry.details.lower()


async def test_spreadsheet_formulas_are_neutralised(signed_in: TestClient, store: Store) -> None:
    await add_lead(store.sessions, "=HYPERLINK(\"http://evil\")", email="@evil.example")
    rows = await read_csv(await signed_in.get("/dashboard/leads.csv"))
    assert rows[0]["First name"].startswith("'=") and rows[0]["Email"].startswith("'@")
