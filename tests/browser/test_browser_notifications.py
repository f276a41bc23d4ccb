"""Optional browser notifications in the dashboard, in a real headless Chromium.

The web process runs as in production (``python -m bot.web``) on temp SQLite databases. The page's
``Notification`` is replaced by a recorder (headless Chromium shows nothing), keeping the browser's rules: the
permission is asked only through ``Notification.requestPermission`` and is remembered for the site. The test
checks that nothing is asked until the practitioner clicks the button, that a new lead, a chat waiting for a
person and a new request each raise one notification from the live stream, and that no name, message or
health detail is in them.
"""
from __future__ import annotations

import asyncio
import re
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone
from typing import Any, Iterator

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from bot.store.db import create_engine_for, session_factory
from bot.store.tracker_events import events
from tests.browser.test_dashboard_browser import CHROMIUM, CHROMIUM_ARGS, LAPTOP, Server, next_code, web_server
from tests.dashboard import factories

pytestmark = pytest.mark.browser

PASSWORD = "a calm and long passphrase"
RECORDER = """
(() => {
  window.__asked = 0;
  window.__notes = [];
  class Recorder {
    constructor(title, options) { window.__notes.push({ title, body: (options || {}).body, tag: (options || {}).tag }); }
    static get permission() { return localStorage.getItem("__permission") || "default"; }
    static requestPermission() {
      window.__asked += 1;
      localStorage.setItem("__permission", "granted");
      return Promise.resolve("granted");
    }
  }
  window.Notification = Recorder;
})();
"""



async def _seed(leads_url: str, tracker_url: str) -> None:
    engine, tracker = create_engine_for(leads_url), create_engine_for(tracker_url)
    try:
        async with tracker.begin() as conn:
            await conn.run_sync(events.metadata.create_all)
        await factories.add_user(session_factory(engine), "marta", PASSWORD)
    finally:
        await engine.dispose()
        await tracker.dispose()


async def _a_visitor_asks_for_a_person(server: Server) -> None:
    """A new lead whose chat asks for a person (a request, so the chat waits), written as the assistant would."""
    leads_url, tracker_url = server.urls
    engine, tracker = create_engine_for(leads_url), create_engine_for(tracker_url)
    try:
        sessions = session_factory(engine)
        lead = await factories.add_lead(sessions, "Zoe", conversation_id="web-zoe-notify",
                                        answers=factories.HEALTH_ANSWERS, consent=True)
        await factories.add_events(tracker, lead.conversation_id,
                                   [("visitor", "I'd like to talk to someone about the warfarin please"),
                                    ("assistant", "Of course. Marta will get back to you.")],
                                   start=datetime.now(timezone.utc) - timedelta(minutes=2))
        await factories.add_handoff(sessions, lead, "person", "warfarin")
    finally:
        await engine.dispose()
        await tracker.dispose()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    workdir = tmp_path_factory.mktemp("dashboard-notify")
    for running in web_server(workdir, _seed, workdir / "logs"):
        running.urls = (f"sqlite:///{workdir / 'leads.db'}", f"sqlite:///{workdir / 'tracker.db'}")  # type: ignore[attr-defined]
        yield running


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def sign_in(page: Page, server: Server) -> None:
    page.goto(f"{server.url}/dashboard/login")
    page.get_by_label("Username").fill("marta")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Code").fill(next_code("marta"))
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(f"{server.url}/dashboard/")


def notes(page: Page) -> list[dict[str, Any]]:
    return list(page.evaluate("window.__notes"))


def counts_shown(page: Page) -> None:
    """Wait until the page has had the live stream's counts (the badge's title is set with them, and then
    notifications are decided)."""
    expect(page.locator("[data-live-badge]")).to_have_attribute("title", re.compile(r"waiting for a person"))


def wait_for_notes(page: Page, count: int, tries: int = 300) -> list[dict[str, Any]]:
    """The notifications once there are ``count`` (the stream asks the leads store every few seconds)."""
    for _ in range(tries):
        found = notes(page)
        if len(found) >= count:
            return found
        page.wait_for_timeout(100)
    return notes(page)


def test_notifications_are_asked_for_on_a_click_and_say_what_is_waiting(server: Server, browser: Browser) -> None:
    context = browser.new_context(viewport=LAPTOP)
    context.add_init_script(RECORDER)
    page = context.new_page()
    try:
        sign_in(page, server)
        page.goto(f"{server.url}/dashboard/conversations")
        toggle = page.get_by_role("button", name="Notify me in this browser")
        expect(toggle).to_be_visible()
        assert page.evaluate("window.__asked") == 0                 # never asked on its own
        toggle.click()
        expect(page.get_by_role("button", name="Turn off browser notifications")).to_be_visible()
        expect(page.locator("[data-notify-state]")).to_contain_text("Browser notifications are on")
        assert page.evaluate("window.__asked") == 1

        counts_shown(page)                                          # what was already there is no news
        page.goto(f"{server.url}/dashboard/")                       # any dashboard page listens
        with ThreadPoolExecutor(1) as thread:                       # Playwright's loop runs in this thread
            thread.submit(asyncio.run, _a_visitor_asks_for_a_person(server)).result()
        shown = wait_for_notes(page, 3)
        assert sorted(n["title"] for n in shown) == ["A chat is waiting for a person", "New lead",
                                                     "New request to answer"]
        assert {n["tag"] for n in shown} == {"studio-waiting", "studio-new_leads", "studio-requests"}
        text = " ".join(f"{n['title']} {n['body']}" for n in shown)
        for private in ("Zoe", "warfarin", "talk to someone", "left knee", "surgery"):
            assert private not in text
        page.reload()                                               # nothing new since: nothing said again
        counts_shown(page)
        assert notes(page) == [] and page.evaluate("window.__asked") == 0

        page.goto(f"{server.url}/dashboard/conversations")
        page.get_by_role("button", name="Turn off browser notifications").click()
        expect(page.get_by_role("button", name="Notify me in this browser")).to_be_visible()
    finally:
        context.close()
