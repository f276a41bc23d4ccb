"""The dashboard on a phone (390×844) in a real headless Chromium, checked with axe-core.

The web process runs as in production (``python -m bot.web``) on temp SQLite databases seeded with a
booking request, a declined and a confirmed booking, a request for a person and a transcript with
tapped buttons. On the lead page, the queues, the leads list and the calendar the test checks that
nothing scrolls sideways (``scrollWidth <= clientWidth``), that the actions are on screen, and that
axe-core (``bot/widget/node_modules/axe-core``, a pinned devDependency installed by scripts/setup.sh)
reports no serious or critical violation. Screenshots go to tests/artifacts/dashboard-phone/.
"""
from __future__ import annotations

import json
from datetime import datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any, Iterator
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Browser, Locator, Page, expect, sync_playwright
from sqlalchemy import insert, update

from bot.settings import REPO_ROOT
from bot.store.db import create_engine_for, session_factory
from bot.store.models import BookingStatus, Lead, LeadStatus, Readiness
from bot.store.tracker_events import events
from tests.browser.test_dashboard_browser import (CHROMIUM, CHROMIUM_ARGS, LAPTOP, PHONE, TABLET, Server, next_code,
                                                  web_server)
from tests.dashboard import factories

pytestmark = pytest.mark.browser

SHOTS = REPO_ROOT / "tests" / "artifacts" / "dashboard-phone"
AXE = REPO_ROOT / "bot" / "widget" / "node_modules" / "axe-core" / "axe.min.js"
PASSWORD = "a calm and long passphrase"
LONDON = ZoneInfo("Europe/London")            # the studio's time zone (studio.yml)
GREETING = [{"title": "What is it?", "payload": "What is paramedical micropigmentation?"},
            {"title": "Am I ready?", "payload": "/check_suitability"},
            {"title": "Book a consultation", "payload": "/book_consultation"}]


def _transcript(start: datetime) -> list[dict[str, Any]]:
    """Rasa's events of a chat in which the visitor taps buttons (their payloads are what is stored)."""
    turns: list[tuple[str, dict[str, Any]]] = [
        ("user", {"text": "/greet"}),
        ("bot", {"text": "Hello, and welcome to Lumen Skin Studio!", "data": {"buttons": GREETING}}),
        ("user", {"text": "What is paramedical micropigmentation?"}),
        ("bot", {"text": "It camouflages scars and stretch marks with pigments matched to your skin.",
                 "data": {"buttons": [{"title": "Book a consultation", "payload": "/book_consultation"}]}}),
    ]
    for i in range(12):
        turns += [("user", {"text": f"And question number {i + 1}: how long does it last on a scar?"}),
                  ("bot", {"text": "Usually two to three years, with a touch-up now and then."})]
    turns += [("user", {"text": "/book_consultation"}),
              ("bot", {"text": "When would suit you?", "data": {"buttons": [
                  {"title": "Tue 10:00", "payload": '/choose_slot{"slot": "tue-10"}'}]}}),
              ("user", {"text": '/choose_slot{"slot": "tue-10"}'}),
              ("bot", {"text": "Thank you, Anna. The studio will confirm your consultation."})]
    return [{"sender_id": "web-anna-phone", "type_name": kind, "timestamp": start.timestamp() + 20 * i,
             "data": json.dumps({"event": kind, **data}), "intent_name": None, "action_name": None}
            for i, (kind, data) in enumerate(turns)]


async def _seed(leads_url: str, tracker_url: str) -> None:
    engine, tracker = create_engine_for(leads_url), create_engine_for(tracker_url)
    sessions = session_factory(engine)
    now = datetime.now(timezone.utc)
    today = now.astimezone(LONDON).date()
    monday = today - timedelta(days=today.weekday())                # this week's, for the calendar
    slot = datetime.combine(monday, time(10), tzinfo=LONDON).astimezone(timezone.utc)
    try:
        async with tracker.begin() as conn:
            await conn.run_sync(events.metadata.create_all)
            await conn.execute(insert(events), _transcript(now - timedelta(hours=2)))
        await factories.add_user(sessions, "marta", PASSWORD)
        anna = await factories.add_lead(
            sessions, "Anna", conversation_id="web-anna-phone", status=LeadStatus.consultation_booked,
            phone="+447911123456", email="anna.whitfield-longname@example-clinic.co.uk", consent=True,
            answers=factories.HEALTH_ANSWERS, readiness=Readiness.review,
            reasons=["Blood thinners: the practitioner will check with you"], created_at=now - timedelta(hours=2))
        await factories.add_booking(sessions, anna, slot)
        await factories.add_handoff(sessions, anna, "person", "Please call me after 5pm, on weekdays only")
        bea = await factories.add_lead(sessions, "Bea", concern="scalp", status=LeadStatus.consultation_booked,
                                       phone="+447700900123", created_at=now - timedelta(days=2))
        await factories.add_booking(sessions, bea, slot + timedelta(hours=2), status=BookingStatus.declined)
        chloe = await factories.add_lead(sessions, "Chloé", concern="areola", status=LeadStatus.consultation_booked,
                                         created_at=now - timedelta(days=3))
        await factories.add_booking(sessions, chloe, slot + timedelta(hours=4), status=BookingStatus.confirmed)
        dora = await factories.add_lead(sessions, "Maximiliana-Josephine", concern="stretch_marks",
                                        email="maximiliana.josephine.von-longname@example-studio.co.uk",
                                        phone="+447700900456", created_at=now - timedelta(days=5))
        await factories.add_handoff(sessions, dora, "time_preference", "Saturday mornings, or any day after 6pm")
        for i in range(6):
            await factories.add_lead(sessions, f"Lead {i}", concern="scar", created_at=now - timedelta(days=9 + i))
        async with sessions.begin() as session:          # no changes since they came in
            await session.execute(update(Lead).values(updated_at=Lead.created_at))
    finally:
        await engine.dispose()
        await tracker.dispose()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    yield from web_server(tmp_path_factory.mktemp("dashboard-phone"), _seed, SHOTS)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    assert Path(CHROMIUM).exists(), "Chromium is missing: run scripts/setup.sh --test (apt-get install chromium)"
    assert AXE.exists(), "axe-core is missing: run scripts/setup.sh (npm ci in bot/widget)"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def shot(page: Page, name: str) -> None:
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def sign_in(page: Page, server: Server) -> None:
    page.goto(f"{server.url}/dashboard/login")
    page.get_by_label("Username").fill("marta")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{server.url}/dashboard/login/code")
    page.get_by_label("Code").fill(next_code("marta"))
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(f"{server.url}/dashboard/")


def no_sideways_scrolling(page: Page) -> None:
    widths = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert widths[0] <= widths[1], f"the page scrolls sideways on {page.url}: {widths}"


def on_screen(locator: Locator, *, first_screen: bool = False) -> None:
    """Visible and within the screen's width (and, if asked, in the first screenful without scrolling)."""
    expect(locator).to_be_visible()
    box = locator.bounding_box()
    assert box is not None
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], f"off to the side: {box}"
    if first_screen:
        assert box["y"] + box["height"] <= PHONE["height"], f"below the first screen: {box}"


def serious_axe_violations(page: Page) -> list[str]:
    page.add_script_tag(path=str(AXE))         # the context bypasses the page's CSP for this only
    found = page.evaluate("""async () => {
        const result = await axe.run(document, {resultTypes: ["violations"]});
        return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                             nodes: v.nodes.slice(0, 3).map(n => n.target.join(" "))}));
    }""")
    return [f"{v['impact']}: {v['id']} ({v['help']}) at {v['nodes']}" for v in found
            if v["impact"] in ("serious", "critical")]


def check_page(page: Page, name: str) -> None:
    no_sideways_scrolling(page)
    shot(page, name)
    assert serious_axe_violations(page) == []


def test_the_dashboard_works_on_a_phone(server: Server, browser: Browser) -> None:
    context = browser.new_context(viewport=PHONE, locale="en-GB", is_mobile=True, has_touch=True,
                                  device_scale_factor=2, bypass_csp=True)
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    sign_in(page, server)

    # The list: more than names, on one screen's width.
    rows = page.locator("table.leads tbody tr")
    expect(rows).to_have_count(10)
    anna = rows.filter(has_text="Anna")
    on_screen(anna.locator("td.name a"), first_screen=False)
    on_screen(anna.locator("td.status .badge"))
    expect(anna.locator("td.status .badge")).to_have_text("Consultation requested")
    on_screen(anna.locator("td.concern"))
    on_screen(anna.locator("td.activity"))
    expect(rows.filter(has_text="Bea").locator("td.status .badge")).to_have_text("Booking declined")
    check_page(page, "phone-leads")

    # A lead: who, contact, status, next step and the actions first; the transcript collapsed, last.
    anna.locator("td.name a").click()
    expect(page.get_by_role("heading", name="Anna", exact=True)).to_be_visible()
    on_screen(page.get_by_role("heading", name="Anna", exact=True), first_screen=True)
    on_screen(page.locator(".lead-head .badge").first, first_screen=True)
    expect(page.locator(".lead-head .badge").first).to_have_text("Consultation requested")
    on_screen(page.get_by_role("link", name="Call", exact=True), first_screen=True)
    on_screen(page.get_by_role("link", name="Email", exact=True), first_screen=True)
    on_screen(page.get_by_role("heading", name="Next step"))
    expect(page.locator(".next-step-line")).to_contain_text("Confirm or decline the consultation request")
    on_screen(page.get_by_role("link", name="Open To do"))
    on_screen(page.get_by_role("button", name="Change status"))
    on_screen(page.get_by_role("button", name="Add note"))
    transcript = page.locator("details.transcript-box")
    assert transcript.evaluate("d => !d.open")
    heights = page.evaluate("document.documentElement.scrollHeight")
    assert heights < 6000, f"the lead page is {heights} px tall on a phone"
    order = page.evaluate("""() => ['#bookings-h', '#status-h', '#notes-h', '#readiness-h', '#transcript-h']
        .map(s => document.querySelector(s).getBoundingClientRect().top)""")
    assert order == sorted(order)
    check_page(page, "phone-lead")
    transcript.locator("summary").click()
    expect(page.locator(".transcript .chip-tapped")).to_have_text(["What is it?", "Book a consultation",
                                                                    "Tue 10:00"])
    expect(page.locator(".transcript")).not_to_contain_text("/book_consultation")
    expect(page.locator(".transcript")).not_to_contain_text("choose_slot")
    no_sideways_scrolling(page)
    shot(page, "phone-lead-transcript")

    # To do: Confirm, Decline and Mark done on screen; phone and email on lines of their own.
    nav = page.locator(".mainnav")
    nav.get_by_role("link", name="To do").click()
    expect(page.get_by_role("heading", name="To do")).to_be_visible()
    for name in ("Confirm", "Decline"):
        on_screen(page.get_by_role("button", name=name))
    done = page.get_by_role("button", name="Mark done")
    expect(done).to_have_count(2)
    for i in range(2):
        on_screen(done.nth(i))
    contact = page.locator("#handoffs-h ~ .table-wrap td.contact").first
    phone, email = contact.locator("a[href^='tel:']"), contact.locator("a[href^='mailto:']")
    on_screen(phone)
    on_screen(email)
    assert phone.bounding_box()["y"] < email.bounding_box()["y"]          # one under the other
    check_page(page, "phone-queues")

    # The calendar: this week's requests and confirmed consultations, as a list of days.
    nav.get_by_role("link", name="Calendar").click()
    expect(page.get_by_role("heading", name="Calendar")).to_be_visible()
    expect(page.locator(".cal-entry.cal-pending")).to_contain_text("Anna")
    expect(page.locator(".cal-entry.cal-pending")).to_contain_text("Awaiting confirmation")
    expect(page.locator(".cal-entry.cal-confirmed")).to_contain_text("Chloé")
    expect(page.locator(".week")).not_to_contain_text("Bea")
    on_screen(page.get_by_role("link", name="Next week"))
    check_page(page, "phone-calendar")
    page.get_by_role("link", name="Next week").click()
    expect(page.locator(".week")).not_to_contain_text("Anna")
    assert "/dashboard/calendar?week=" in page.url
    no_sideways_scrolling(page)
    context.close()
    assert problems == []


def test_the_same_pages_stay_good_on_a_laptop_and_a_tablet(server: Server, browser: Browser) -> None:
    context = browser.new_context(viewport=LAPTOP, locale="en-GB", bypass_csp=True)
    page = context.new_page()
    sign_in(page, server)
    page.get_by_role("link", name="Anna", exact=True).click()
    side, main = page.locator(".lead-side").bounding_box(), page.locator(".lead-main").bounding_box()
    assert side and main and side["x"] < main["x"] and abs(side["y"] - main["y"]) < 2      # two columns
    no_sideways_scrolling(page)
    shot(page, "laptop-lead")
    assert serious_axe_violations(page) == []
    nav = page.locator(".mainnav")
    nav.get_by_role("link", name="Calendar").click()
    days = page.locator(".week > li")
    expect(days).to_have_count(7)
    tops = {round(days.nth(i).bounding_box()["y"]) for i in range(7)}
    assert len(tops) == 1                                                  # the seven days side by side
    check_page(page, "laptop-calendar")
    nav.get_by_role("link", name="To do").click()
    check_page(page, "laptop-queues")
    nav.get_by_role("link", name="Leads").click()
    check_page(page, "laptop-leads")
    # A tablet: the lead page keeps its two columns, the side one narrower.
    page.set_viewport_size(TABLET)
    page.get_by_role("link", name="Anna", exact=True).click()
    side, main = page.locator(".lead-side").bounding_box(), page.locator(".lead-main").bounding_box()
    assert side and main and side["x"] < main["x"] and side["width"] < main["width"]
    no_sideways_scrolling(page)
    shot(page, "tablet-lead")
    context.close()
