"""The live loop in a real headless Chromium, two browsers side by side, against the real servers.

A visitor in the widget on /demo (a laptop) asks for a person; the practitioner, on a phone (390×844), sees the
chat appear in the dashboard without reloading, takes over and replies; the visitor sees the reply under the
practitioner's name and the bot stays silent; the practitioner sees the visitor's answer arrive; the practitioner
hands back and the bot answers again. Screenshots of both sides go to tests/artifacts/live/; axe-core checks the
live pages on the phone.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Iterator

import pytest
from playwright.sync_api import Browser, Locator, Page, expect, sync_playwright

from bot.settings import REPO_ROOT
from tests.harness import ARTIFACTS
from tests.live.conftest import PASSWORD, PRACTITIONER, Live
from tests.live.dashboard import conversation_path, next_code

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
AXE = REPO_ROOT / "bot" / "widget" / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = ARTIFACTS / "live"
PHONE = {"width": 390, "height": 844}
BOT_TIMEOUT = 30_000


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    assert Path(CHROMIUM).exists(), "Chromium is missing: run scripts/setup.sh --test (apt-get install chromium)"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.wait_for_timeout(250)
    page.screenshot(path=str(SHOTS / f"{name}.png"))


def problems_of(page: Page) -> list[str]:
    found: list[str] = []
    page.on("pageerror", lambda error: found.append(f"page error: {error}"))
    page.on("console", lambda m: m.type == "error" and "favicon" not in m.text and found.append(m.text))
    return found


def sign_in(page: Page, live: Live) -> None:
    base = live.assistant.web_url
    page.goto(f"{base}/dashboard/login")
    page.get_by_label("Username").fill(PRACTITIONER)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{base}/dashboard/login/code")
    page.get_by_label("Code").fill(next_code(PRACTITIONER))
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(f"{base}/dashboard/")


def no_sideways_scrolling(page: Page) -> None:
    widths = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert widths[0] <= widths[1], f"the page scrolls sideways on {page.url}: {widths}"


def serious_axe_violations(page: Page) -> list[str]:
    if not AXE.exists():
        pytest.fail("axe-core is missing: run scripts/setup.sh (npm ci in bot/widget)")
    page.add_script_tag(path=str(AXE))
    found = page.evaluate("""async () => {
        const result = await axe.run(document, {resultTypes: ["violations"]});
        return result.violations.map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(
            n => n.target.join(" "))}));
    }""")
    return [f"{v['impact']}: {v['id']} at {v['nodes']}" for v in found if v["impact"] in ("serious", "critical")]


def within_phone(locator: Locator) -> None:
    expect(locator).to_be_visible()
    box = locator.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box


def test_the_practitioner_joins_a_chat_live(browser: Browser, live: Live) -> None:
    practitioner_context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2,
                                               locale="en-GB", bypass_csp=True)     # bypass: for axe-core only
    visitor_context = browser.new_context(viewport={"width": 1280, "height": 860}, locale="en-GB")
    dashboard, site = practitioner_context.new_page(), visitor_context.new_page()
    dashboard_problems, site_problems = problems_of(dashboard), problems_of(site)
    try:
        sign_in(dashboard, live)
        dashboard.get_by_role("link", name="Live chats").click()
        expect(dashboard.get_by_role("heading", name="Live chats")).to_be_visible()
        shot(dashboard, "practitioner-1-list")

        # The visitor opens the chat on the studio's site and asks for a person.
        site.goto(f"{live.assistant.web_url}/demo")
        site.locator(".lc-launcher").click()
        expect(site.locator(".lc-msg--bot").first).to_be_visible(timeout=BOT_TIMEOUT)
        site.locator(".lc-human").click()
        expect(site.locator(".lc-msg--user").last).to_have_text(re.compile("Talk to a person"))
        expect(site.locator(".lc-typing")).to_be_hidden(timeout=BOT_TIMEOUT)
        session_id = site.evaluate("() => Object.entries(sessionStorage).filter(([k]) => /:state$/.test(k))"
                                   ".map(([, v]) => JSON.parse(v).sessionId)[0]")
        shot(site, "visitor-1-asks-for-a-person")

        # The practitioner's list shows the chat without a reload; they open it and take over.
        path = conversation_path(live, session_id)
        row = dashboard.locator(f'a.live-link[href="{path}"]')
        expect(row).to_be_visible(timeout=10_000)
        expect(row).to_contain_text("Website chat")
        expect(row.locator(".badge", has_text="Waiting")).to_be_visible(timeout=10_000)   # they asked for a person
        expect(dashboard.locator("[data-live-badge]")).to_be_visible()
        shot(dashboard, "practitioner-2-chat-appears")
        no_sideways_scrolling(dashboard)
        assert serious_axe_violations(dashboard) == []
        row.click()
        expect(dashboard.locator(".chat-msg--visitor", has_text="Talk to a person")).to_be_visible()
        dashboard.get_by_role("button", name="Take over").click()
        expect(dashboard.locator("[data-chat-state]")).to_have_text("You are answering")
        expect(dashboard.locator(".chat-msg--assistant", has_text="has joined the chat")).to_be_visible(
            timeout=10_000)
        joined = site.locator(".lc-msg--staff", has_text="Marta from the studio has joined the chat.")
        expect(joined).to_be_visible(timeout=5_000)
        expect(joined.locator(".lc-staff")).to_have_text("Marta · from the studio")

        # The practitioner replies from the phone; the visitor sees it under the practitioner's name.
        reply = dashboard.get_by_label("Your reply")
        within_phone(reply)
        within_phone(dashboard.get_by_role("button", name="Send"))
        within_phone(dashboard.get_by_role("button", name="Hand back"))
        reply.fill("Hello, I'm Marta. How can I help you today?")
        dashboard.get_by_role("button", name="Send").click()
        expect(site.locator(".lc-msg--staff", has_text="How can I help you today?")).to_be_visible(timeout=5_000)
        expect(dashboard.locator(".chat-msg--staff", has_text="How can I help you today?")).to_be_visible(
            timeout=10_000)
        expect(reply).to_have_value("")
        shot(site, "visitor-2-practitioner-joined")

        # The visitor answers: the practitioner sees it arrive, and the bot says nothing.
        bots = site.locator(".lc-msg--bot").count()
        site.locator(".lc-input").fill("Thank you! Could I come in on Thursday evening?")
        site.locator(".lc-input").press("Enter")
        expect(dashboard.locator(".chat-msg--visitor", has_text="Thursday evening")).to_be_visible(timeout=10_000)
        site.wait_for_timeout(3000)
        expect(site.locator(".lc-msg--bot")).to_have_count(bots)
        expect(site.locator(".lc-typing")).to_be_hidden()
        shot(dashboard, "practitioner-3-conversation")
        no_sideways_scrolling(dashboard)
        assert serious_axe_violations(dashboard) == []
        reply.fill("Yes, Thursday at 18:30 works. See you then!")
        reply.press("Enter")
        expect(site.locator(".lc-msg--staff", has_text="Thursday at 18:30 works")).to_be_visible(timeout=5_000)
        shot(site, "visitor-3-reply")

        # Hand back: the visitor is told, and the assistant answers again.
        dashboard.get_by_role("button", name="Hand back").click()
        expect(dashboard.locator("[data-chat-state]")).to_have_text("The assistant is answering")
        expect(dashboard.get_by_role("button", name="Take over")).to_be_visible()
        expect(site.locator(".lc-msg--bot", has_text="chatting with the assistant again")).to_be_visible(
            timeout=5_000)
        bots = site.locator(".lc-msg--bot").count()
        site.locator(".lc-input").fill("how much does scar camouflage cost?")
        site.locator(".lc-input").press("Enter")
        expect(site.locator(".lc-msg--bot")).not_to_have_count(bots, timeout=BOT_TIMEOUT)
        expect(site.locator(".lc-msg--bot").nth(bots)).not_to_have_class(re.compile("lc-msg--staff"))
        # the person answered the request: its questions are not asked again, the question is answered
        expect(site.locator(".lc-msg--bot", has_text="£180")).to_be_visible(timeout=BOT_TIMEOUT)
        expect(site.locator(".lc-msg--bot").filter(has_text="Who should they ask for?")).to_have_count(1)
        expect(site.locator(".lc-typing")).to_be_hidden(timeout=BOT_TIMEOUT)
        shot(site, "visitor-4-assistant-again")
        expect(dashboard.locator(".chat-msg--visitor", has_text="how much does scar camouflage cost?")).to_be_visible(
            timeout=10_000)
        shot(dashboard, "practitioner-4-handed-back")

        assert dashboard_problems == [] and site_problems == []
    finally:
        practitioner_context.close()
        visitor_context.close()
