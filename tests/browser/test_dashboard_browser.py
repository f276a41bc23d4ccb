"""The practitioner's dashboard in a real headless Chromium (Debian's, driven by Playwright).

The web process runs as in production (``python -m bot.web``) on a free port,
on temp SQLite databases seeded with leads and a conversation transcript. The
test signs in, filters the list, opens a lead, reads the transcript, changes
the status, adds a note and downloads the CSV. Screenshots of the list, a lead,
the queues and the overview (laptop and tablet sizes) go to
tests/artifacts/dashboard/.
"""
from __future__ import annotations

import asyncio
import csv
import io
import os
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Callable, Coroutine, Iterator

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from bot.dashboard import totp
from bot.settings import REPO_ROOT
from bot.store.db import create_engine_for, session_factory
from bot.store.migrate import upgrade
from bot.store.models import BookingStatus, LeadStatus, Readiness
from bot.store.tracker_events import events
from tests.dashboard import factories

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
SHOTS = REPO_ROOT / "tests" / "artifacts" / "dashboard"
PASSWORD = "a calm and long passphrase"
TEMPORARY_PASSWORD = "temporary-Pa55word"
NEW_PASSWORD = "a garden of quiet lanterns"
LAPTOP = {"width": 1366, "height": 900}
TABLET = {"width": 820, "height": 1180}
PHONE = {"width": 390, "height": 844}

TRANSCRIPT = [
    ("visitor", "Hello! I have a scar on my knee from an operation, can you help?"),
    ("assistant", "Hello, I'm the assistant of Lumen Skin Studio. Scar camouflage softens the contrast of a "
                  "scar with the skin around it. May I ask you a few questions to see if you are ready for a "
                  "consultation?"),
    ("visitor", "Yes please"),
    ("assistant", "Thank you. When did the surgery happen?"),
    ("visitor", "About 14 months ago"),
    ("assistant", "Has the scar settled: flat, and no longer pink or red?"),
    ("visitor", "Yes, it's pale now"),
    ("assistant", "Thank you, Anna. Marta will look at your answers. Would you like to book a free consultation?"),
]
ANSWERS = [
    ("concern", "Concern", "a scar"),
    ("body_area", "Body area", "right knee"),
    ("scar_cause", "Cause of the scar", "surgery"),
    ("onset_date", "When it happened", "about 14 months ago (Sep 2025)"),
    ("scar_settled", "Flat and no longer pink or red", "yes"),
    ("keloid", "Tendency to keloid scars", "no"),
    ("phototype", "Skin's reaction to sun", "sometimes burns, tans gradually (III)"),
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def _seed(leads_url: str, tracker_url: str) -> None:
    """A studio's last weeks: a dozen leads over channels, concerns and statuses, one full conversation."""
    engine, tracker = create_engine_for(leads_url), create_engine_for(tracker_url)
    sessions = session_factory(engine)
    now = datetime.now(timezone.utc)
    try:
        async with tracker.begin() as conn:
            await conn.run_sync(events.metadata.create_all)
        await factories.add_user(sessions, "marta", PASSWORD)
        await factories.add_user(sessions, "nadia", TEMPORARY_PASSWORD, role="staff", totp_enrolled=False,
                                 must_change_password=True)
        people = [
            ("Olivia", 75, "scalp", "telegram", LeadStatus.consultation_booked, Readiness.ready),
            ("Priya", 66, "areola", "socketio", LeadStatus.consultation_booked, Readiness.review),
            ("Grace", 58, "stretch_marks", "socketio", LeadStatus.not_yet_ready, Readiness.not_yet),
            ("Lucía", 47, "vitiligo", "whatsapp_cloud", LeadStatus.contacted, Readiness.review),
            ("Hannah", 40, "scar", "socketio", LeadStatus.closed, Readiness.ready),
            ("Amira", 31, "scalp", "socketio", LeadStatus.consultation_booked, Readiness.ready),
            ("Sophie", 24, "scar", "telegram", LeadStatus.contacted, Readiness.ready),
            ("Jade", 17, "areola", "socketio", LeadStatus.new, Readiness.review),
            ("Mei", 9, "scar", "whatsapp_cloud", LeadStatus.not_yet_ready, Readiness.not_yet),
            ("<script>alert(1)</script>", 6, "other", "socketio", LeadStatus.new, None),
            ("Tom", 4, "scalp", "socketio", LeadStatus.new, Readiness.ready),
            ("Bea", 2, "stretch_marks", "telegram", LeadStatus.new, Readiness.review),
        ]
        by_name = {}
        for i, (name, days, concern, channel, status, readiness) in enumerate(people):
            lead = by_name[name] = await factories.add_lead(
                sessions, name, concern=concern, channel=channel, status=status, readiness=readiness,
                created_at=now - timedelta(days=days, hours=3), phone="+447700900" + str(100 + days),
                reasons=["Vitiligo stable for less than 12 months"] if readiness == Readiness.not_yet else [])
            if status == LeadStatus.consultation_booked:
                slot = (now + timedelta(days=2 + i)).replace(hour=9 + i % 7, minute=0, second=0, microsecond=0)
                await factories.add_booking(sessions, lead, slot, status=BookingStatus.confirmed)
        anna = await factories.add_lead(
            sessions, "Anna", conversation_id="web-anna-1", concern="scar", channel="socketio",
            readiness=Readiness.ready, created_at=now - timedelta(hours=5), phone="+447911123456",
            email="anna.w@example.com", answers=ANSWERS, consent=True,
            reasons=["The scar is over 12 months old and has settled"])
        await factories.add_events(tracker, anna.conversation_id, TRANSCRIPT, start=now - timedelta(hours=5, minutes=10),
                                   buttons=["Book a consultation", "Not now"])
        slot = (now + timedelta(days=3)).replace(hour=14, minute=30, second=0, microsecond=0)
        await factories.add_booking(sessions, anna, slot)
        await factories.add_handoff(sessions, by_name["Tom"], "person", "Please call me after 5pm")
    finally:
        await engine.dispose()
        await tracker.dispose()


@dataclass
class Server:
    url: str
    process: subprocess.Popen[bytes]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    yield from web_server(tmp_path_factory.mktemp("dashboard-browser"), _seed, SHOTS)


def web_server(workdir: Path, seed: Callable[[str, str], Coroutine[Any, Any, None]], logs: Path) -> Iterator[Server]:
    """The web app alone on a free port, on fresh SQLite databases filled by ``seed``; stopped afterwards."""
    leads_url, tracker_url = f"sqlite:///{workdir / 'leads.db'}", f"sqlite:///{workdir / 'tracker.db'}"
    upgrade(leads_url)
    asyncio.run(seed(leads_url, tracker_url))
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT), "DATABASE_URL": leads_url, "TRACKER_STORE_URL": tracker_url,
           "VAR_DIR": str(workdir), "WEB_HOST": "127.0.0.1", "WEB_PORT": str(port),
           "DASHBOARD_URL": f"http://127.0.0.1:{port}"}
    for name in ("REDIS_URL", "DASHBOARD_SECRET_KEY", "SMTP_HOST"):
        env.pop(name, None)
    logs.mkdir(parents=True, exist_ok=True)
    log = open(logs / "web.log", "wb")
    process = subprocess.Popen([sys.executable, "-m", "bot.web"], cwd=REPO_ROOT, env=env, stdout=log,
                               stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/healthz", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            assert process.poll() is None, f"the web process exited: see {logs / 'web.log'}"
            assert time.monotonic() < deadline, "the web process did not answer within 60 s"
            time.sleep(0.2)
        yield Server(url, process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    assert Path(CHROMIUM).exists(), "Chromium is missing: run scripts/setup.sh --test (apt-get install chromium)"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def shot(page: Page, name: str) -> None:
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def sign_in(page: Page, server: Server) -> None:
    page.goto(f"{server.url}/dashboard/")
    expect(page).to_have_url(f"{server.url}/dashboard/login?next=/dashboard/")
    page.get_by_label("Username").fill("marta")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{server.url}/dashboard/login/code")
    shot(page, "login-code")
    page.get_by_label("Code").fill(next_code("marta"))
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(f"{server.url}/dashboard/")


_last_step: dict[str, int] = {}


def next_code(username: str) -> str:
    """A code the server takes: each 30-second step is accepted once per account (and one step ahead)."""
    while True:
        current = totp.current_step(time.time())
        step = max(current, _last_step.get(username, -1) + 1)
        if step <= current + 1:
            _last_step[username] = step
            return totp.code_at(factories.totp_secret_for(username), step * 30)
        time.sleep(1)          # a third sign-in within one step: wait for the next


def fits_the_screen(page: Page) -> bool:
    """No sideways scrolling: nothing is wider than the phone's screen."""
    return bool(page.evaluate(f"document.documentElement.scrollWidth <= {PHONE['width']}"))


def test_a_practitioner_reviews_a_lead(server: Server, browser: Browser) -> None:
    context = browser.new_context(viewport=LAPTOP, accept_downloads=True, locale="en-GB")
    page = context.new_page()
    problems: list[str] = []
    page.on("dialog", lambda dialog: (problems.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on("console", lambda m: m.type == "error" and problems.append(f"console: {m.text}"))

    page.goto(f"{server.url}/dashboard/login")
    shot(page, "login")
    sign_in(page, server)

    # The list: newest first, counts per status, the visitor's "name" shown as text.
    rows = page.locator("table.leads tbody tr")
    expect(rows).to_have_count(13)
    expect(rows.first.locator("td.name a")).to_have_text("Anna")
    expect(page.locator("td.name", has_text="<script>alert(1)</script>")).to_have_count(1)
    expect(page.get_by_role("link", name="New 5")).to_be_visible()
    shot(page, "list")

    # Filter: scars only.
    page.get_by_label("Concern").select_option("scar")
    page.get_by_role("button", name="Apply").click()
    expect(page).to_have_url(f"{server.url}/dashboard/?concern=scar")
    expect(rows).to_have_count(4)
    expect(page.locator("td.name a")).to_have_text(["Anna", "Mei", "Sophie", "Hannah"])
    page.get_by_label("Search").fill("anna.w@")
    page.get_by_role("button", name="Apply").click()
    expect(rows).to_have_count(1)

    # A lead: answers, readiness, transcript.
    page.get_by_role("link", name="Anna", exact=True).click()
    expect(page.get_by_role("heading", name="Anna", exact=True)).to_be_visible()
    expect(page.locator(".answers")).to_contain_text("about 14 months ago (Sep 2025)")
    expect(page.locator("#readiness-h + p")).to_contain_text("Ready for a consultation")
    transcript = page.locator(".transcript .msg")
    expect(transcript).to_have_count(len(TRANSCRIPT))
    expect(transcript.first).to_contain_text("I have a scar on my knee from an operation")
    expect(transcript.last).to_contain_text("Would you like to book a free consultation?")
    expect(transcript.last.locator(".chip")).to_have_text(["Book a consultation", "Not now"])
    shot(page, "lead")

    # Change the status, with a reason.
    page.get_by_label("New status").select_option("contacted")
    page.get_by_label("Reason").fill("Phoned her, she will confirm the date by email")
    page.get_by_role("button", name="Change status").click()
    expect(page.locator(".flash-success")).to_have_text("Status updated.")
    expect(page.locator(".lead-head .badge").first).to_have_text("Contacted")

    # Add a note.
    page.get_by_label("Add a note").fill("Prefers Thursday evenings. Bring photos of the scar.")
    page.get_by_role("button", name="Add note").click()
    expect(page.locator(".flash-success")).to_have_text("Note added.")
    expect(page.locator(".notes li").first).to_contain_text("Prefers Thursday evenings")
    page.locator(".history summary").click()
    shot(page, "lead-after-changes")

    # Download the CSV of the filtered list.
    page.get_by_role("link", name="← All leads").click()
    page.get_by_label("Concern").select_option("scar")
    page.get_by_role("button", name="Apply").click()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Export CSV").click()
    download = download_info.value
    assert download.suggested_filename.startswith("leads-") and download.suggested_filename.endswith(".csv")
    saved = SHOTS / "leads.csv"
    download.save_as(str(saved))
    rows_csv = list(csv.DictReader(io.StringIO(saved.read_text(encoding="utf-8-sig"))))
    assert [r["First name"] for r in rows_csv] == ["Anna", "Mei", "Sophie", "Hannah"]
    assert rows_csv[0]["Status"] == "Contacted" and rows_csv[0]["Email"] == "anna.w@example.com"
    assert "right knee" not in saved.read_text(encoding="utf-8-sig")

    # The queues and the overview.
    page.get_by_role("link", name="To do").click()
    expect(page.get_by_role("button", name="Confirm")).to_have_count(1)
    expect(page.locator("main")).to_contain_text("Please call me after 5pm")
    shot(page, "queues")
    page.get_by_role("link", name="Overview").click()
    expect(page.locator("svg.chart")).to_have_count(5)
    shot(page, "overview")
    page.get_by_role("link", name="Audit log").click()
    expect(page.locator("main")).to_contain_text("Exported leads (CSV)")
    shot(page, "audit")

    # Erase a lead, after the confirmation step.
    page.get_by_role("link", name="Leads").click()
    page.get_by_role("link", name="Bea", exact=True).click()
    page.get_by_role("link", name="Erase this lead…").click()
    expect(page.get_by_role("heading", name="Erase Bea?")).to_be_visible()
    shot(page, "erase-confirm")
    page.get_by_role("button", name="Erase permanently").click()      # the box is not ticked yet
    expect(page.get_by_role("heading", name="Erase Bea?")).to_be_visible()
    page.get_by_label("I understand").check()
    page.get_by_role("button", name="Erase permanently").click()
    expect(page.locator(".flash-success")).to_have_text("The lead and the conversation were erased.")
    expect(page.get_by_role("link", name="Bea", exact=True)).to_have_count(0)
    before = len(problems)
    page.goto(f"{server.url}/dashboard/leads/{'0' * 32}")
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
    assert [p for p in problems[before:] if "status of 404" not in p] == []   # only the page's own 404
    del problems[before:]
    shot(page, "not-found")
    page.get_by_role("link", name="Go to the dashboard").click()

    # The same pages on a tablet.
    page.set_viewport_size(TABLET)
    page.get_by_role("link", name="Leads").click()
    shot(page, "tablet-list")
    page.get_by_role("link", name="Anna", exact=True).click()
    shot(page, "tablet-lead")

    page.get_by_role("button", name="Sign out", exact=True).click()
    expect(page.locator(".flash-success")).to_have_text("You have signed out.")
    context.close()
    assert problems == []


def test_a_new_staff_member_signs_in_for_the_first_time_on_a_phone(server: Server, browser: Browser) -> None:
    """The guided first sign-in: own password, then sign-in codes and recovery codes; then staff pages only."""
    context = browser.new_context(viewport=PHONE, locale="en-GB", is_mobile=True, has_touch=True,
                                  device_scale_factor=2)
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on("console", lambda m: m.type == "error" and problems.append(f"console: {m.text}"))

    page.goto(f"{server.url}/dashboard/login")
    shot(page, "phone-login")
    assert fits_the_screen(page)
    page.get_by_label("Username").fill("nadia")
    page.get_by_label("Password").fill(TEMPORARY_PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    expect(page).to_have_url(f"{server.url}/dashboard/account/password")
    expect(page.get_by_role("heading", name="Choose your own password")).to_be_visible()
    expect(page.get_by_role("link", name="Leads")).to_have_count(0)          # nothing else until it is done
    shot(page, "phone-first-password")
    assert fits_the_screen(page)
    page.get_by_label("Temporary password").fill(TEMPORARY_PASSWORD)
    page.get_by_label("New password", exact=False).first.fill(NEW_PASSWORD)
    page.get_by_label("New password again").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Save and continue").click()

    expect(page).to_have_url(f"{server.url}/dashboard/account/two-factor")
    expect(page.get_by_role("heading", name="Set up sign-in codes")).to_be_visible()
    link = page.get_by_role("link", name="Open in authenticator app")
    expect(link).to_be_visible()
    uri = link.get_attribute("href") or ""
    assert uri.startswith("otpauth://totp/") and "secret=" in uri
    secret = uri.split("secret=")[1].split("&")[0]
    shot(page, "phone-totp-setup")
    assert fits_the_screen(page)
    page.get_by_label("Code from the app").fill(totp.code_at(secret, time.time()))
    page.get_by_role("button", name="Turn on sign-in codes").click()

    expect(page.get_by_role("heading", name="Your recovery codes")).to_be_visible()
    expect(page.locator(".recovery-codes li")).to_have_count(10)
    shot(page, "phone-recovery-codes")
    assert fits_the_screen(page)
    page.get_by_role("link", name="I have kept them: go to the dashboard").click()

    # Staff: leads, but no export, no erasure, no accounts.
    expect(page).to_have_url(f"{server.url}/dashboard/")
    expect(page.locator("table.leads tbody tr").first).to_be_visible()
    expect(page.get_by_role("link", name="Export CSV")).to_have_count(0)
    expect(page.get_by_role("link", name="Accounts")).to_have_count(0)
    shot(page, "phone-list")
    assert fits_the_screen(page)            # the table scrolls inside its card, not the page
    page.get_by_role("link", name="Tom", exact=True).click()
    expect(page.get_by_role("heading", name="Tom", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Erase this lead…")).to_have_count(0)
    shot(page, "phone-lead")
    assert fits_the_screen(page)
    page.get_by_role("link", name="nadia").click()
    expect(page.get_by_role("heading", name="Your account")).to_be_visible()
    shot(page, "phone-account")
    assert fits_the_screen(page)
    page.get_by_role("button", name="Sign out", exact=True).click()
    expect(page.locator(".flash-success")).to_have_text("You have signed out.")
    context.close()
    assert problems == []


def test_the_owner_manages_accounts_on_a_phone(server: Server, browser: Browser) -> None:
    context = browser.new_context(viewport=PHONE, locale="en-GB", is_mobile=True, has_touch=True)
    page = context.new_page()
    sign_in(page, server)
    page.get_by_role("link", name="Accounts").click()
    expect(page.get_by_role("heading", name="Accounts", exact=True)).to_be_visible()
    page.get_by_label("Username").fill("ines")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", name="Account created")).to_be_visible()
    shot(page, "phone-temporary-password")
    assert fits_the_screen(page)
    page.get_by_role("link", name="Back to the accounts").click()
    expect(page.locator(".account-card h2", has_text="ines")).to_be_visible()
    shot(page, "phone-accounts")
    assert fits_the_screen(page)
    context.close()
