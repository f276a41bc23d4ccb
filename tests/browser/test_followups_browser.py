"""A lead's follow-up messages in a real headless Chromium: the practitioner sees what is scheduled and cancels
one (the web process runs as in production, its follow-up job included, on temp SQLite databases).
Screenshots go to tests/artifacts/followups/."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import Iterator

import pytest
from playwright.sync_api import Browser, expect

from bot.followup import plan
from bot.settings import REPO_ROOT, load_settings
from bot.store.db import create_engine_for, session_factory
from bot.store.models import BookingStatus, LeadStatus
from bot.store.tracker_events import events
from tests.browser.test_dashboard_browser import Server, sign_in, web_server
from tests.dashboard import factories

pytestmark = pytest.mark.browser

SHOTS = REPO_ROOT / "tests" / "artifacts" / "followups"
PASSWORD = "a calm and long passphrase"


async def _seed(leads_url: str, tracker_url: str) -> None:
    engine, tracker = create_engine_for(leads_url), create_engine_for(tracker_url)
    sessions = session_factory(engine)
    now = datetime.now(timezone.utc)
    settings = load_settings(environ={"DATABASE_URL": leads_url, "TRACKER_STORE_URL": tracker_url})
    try:
        async with tracker.begin() as conn:
            await conn.run_sync(events.metadata.create_all)
        await factories.add_user(sessions, "marta", PASSWORD)
        anna = await factories.add_lead(sessions, "Anna", conversation_id="web-anna-followups",
                                        status=LeadStatus.consultation_booked, email="anna@example.com")
        await factories.add_booking(sessions, anna, (now + timedelta(days=6)).replace(minute=0, second=0,
                                                                                        microsecond=0),
                                    status=BookingStatus.confirmed)
        await plan.sync_bookings(sessions, settings, now)
        await plan.session_done(sessions, settings, anna.id, date.today() - timedelta(days=1), "marta", now)
    finally:
        await engine.dispose()
        await tracker.dispose()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    yield from web_server(tmp_path_factory.mktemp("followups-browser"), _seed, SHOTS)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    from tests.browser.test_dashboard_browser import CHROMIUM, CHROMIUM_ARGS
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def test_the_practitioner_sees_the_scheduled_messages_and_cancels_one(server: Server, browser: Browser) -> None:
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    sign_in(page, server)
    page.get_by_role("link", name="Anna").first.click()
    section = page.locator("section.followups")
    expect(section.get_by_role("heading", name="Follow-up messages")).to_be_visible()
    items = section.locator("li.followup")
    expect(items.filter(has_text="Consultation reminder")).to_have_count(2)
    expect(items.filter(has_text="Touch-up recall")).to_have_count(1)
    expect(items.filter(has_text="Healing check-in")).to_have_count(1)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "lead-followups.png"), full_page=True)

    recall = items.filter(has_text="Touch-up recall")
    expect(recall.locator(".badge")).to_have_text("scheduled")
    recall.get_by_role("button", name="Cancel this message").click()
    expect(page.get_by_text("The message was cancelled.")).to_be_visible()
    recall = page.locator("section.followups li.followup").filter(has_text="Touch-up recall")
    expect(recall.locator(".badge")).to_have_text("cancelled")
    expect(recall).to_contain_text("cancelled by marta")
    expect(recall.get_by_role("button", name="Cancel this message")).to_have_count(0)
    page.screenshot(path=str(SHOTS / "lead-followup-cancelled.png"), full_page=True)
    page.close()


def test_on_a_phone_a_message_is_added_moved_and_seen_in_the_week(server: Server, browser: Browser) -> None:
    """390 px wide: the add and move forms fit, and "Follow-ups this week" shows the moved message on its day."""
    from zoneinfo import ZoneInfo

    from tests.browser.test_dashboard_browser import PHONE
    from tests.browser.test_dashboard_phone import no_sideways_scrolling, serious_axe_violations

    context = browser.new_context(viewport=PHONE, locale="en-GB", is_mobile=True, has_touch=True,
                                  device_scale_factor=2, bypass_csp=True)
    page = context.new_page()
    sign_in(page, server)
    page.get_by_role("link", name="Anna").first.click()
    section = page.locator("section.followups")
    today = datetime.now(ZoneInfo("Europe/London")).date()
    first, second = today + timedelta(days=2), today + timedelta(days=3)

    section.locator("summary", has_text="Add a follow-up message").click()
    form = section.locator("details.followup-add form")
    form.get_by_label("Message").select_option(label="Aftercare")
    form.get_by_label("Date and time").fill(f"{first.isoformat()}T12:30")
    form.get_by_label("Send by").select_option(label="email")
    no_sideways_scrolling(page)
    form.get_by_role("button", name="Schedule the message").click()
    expect(page.get_by_text("The message was scheduled.")).to_be_visible()
    aftercare = page.locator("section.followups li.followup").filter(has_text="Aftercare").filter(
        has_text=f"due {first.day} {first:%b %Y}, 12:30")           # beside the seeded session's aftercare
    expect(aftercare).to_have_count(1)
    expect(aftercare.locator(".badge")).to_have_text("scheduled")

    aftercare.locator("summary", has_text="Move").click()
    aftercare.get_by_label("New date and time").fill(f"{second.isoformat()}T09:45")
    no_sideways_scrolling(page)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "phone-lead-move.png"), full_page=True)
    aftercare.get_by_role("button", name="Move the message").click()
    expect(page.get_by_text("The message was moved.")).to_be_visible()
    moved = page.locator("section.followups li.followup").filter(has_text="Aftercare")
    expect(moved.filter(has_text=f"due {second.day} {second:%b %Y}, 09:45")).to_have_count(1)
    expect(moved.filter(has_text=f"due {first.day} {first:%b %Y}, 12:30")).to_have_count(0)
    no_sideways_scrolling(page)
    assert serious_axe_violations(page) == []

    page.goto(f"{server.url}/dashboard/followups")
    expect(page.get_by_role("heading", name="Follow-ups this week")).to_be_visible()
    day = page.locator("li.day").filter(has=page.locator("h2", has_text=f"{second.day} {second:%b}"))
    entry = day.locator("li.followup-entry").filter(has_text="Aftercare")
    expect(entry).to_contain_text("09:45")
    expect(entry).to_contain_text("scheduled")
    no_sideways_scrolling(page)
    page.screenshot(path=str(SHOTS / "phone-week.png"), full_page=True)
    assert serious_axe_violations(page) == []
    entry.get_by_role("link", name="Anna").click()
    expect(page.locator("section.followups")).to_be_visible()
    context.close()
