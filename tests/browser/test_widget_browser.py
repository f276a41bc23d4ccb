"""The chat widget in a real headless Chromium, against the real Rasa, action and web servers.

Screenshots go to tests/artifacts/widget/. To add conversation steps, use the
``Chat`` helpers: ``send(text)``, ``click_button(title)``, ``wait_for_bot_text(substring)``.
"""
from __future__ import annotations

import json
import re
import secrets
from typing import Any, Iterator
from urllib.parse import quote, urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Locator, Page, expect, sync_playwright

from bot.channels.resume import make_token, resume_secret
from tests.conversation.intake_helpers import asked_slot
from tests.harness import ARTIFACTS, Assistant

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
SHOTS = ARTIFACTS / "widget"
BOT_TIMEOUT = 30_000  # ms: an answer may go through the action server
OWN_SESSION_ID = re.compile(r"^[0-9a-f]{32}$")
TIME_BUTTON = re.compile(r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{1,2} [A-Z][a-z]{2}, \d{2}:\d{2}$")
#: the intake as a visitor on the website answers it: ("click", button title) or ("type", text)
INTAKE_ANSWERS: dict[str, tuple[str, str]] = {
    "health_consent": ("click", "Yes"), "adult": ("click", "Yes"), "concern": ("click", "Stretch marks"),
    "body_area": ("type", "hips"), "stretch_colour": ("click", "White or silver"),
    "onset_date": ("type", "3 years ago"),
    **{slot: ("click", "No") for slot in ("pregnant_or_breastfeeding", "anticoagulants", "diabetes", "chemo_radio",
                                          "isotretinoin", "allergies", "keloid_history",
                                          "skin_condition_area")},
    "phototype": ("click", "Sometimes burns, tans gradually"),
    "expectations": ("type", "I'd like them to be less noticeable"), "first_name": ("type", "Anna"),
    "email": ("type", "anna.widget@example.com"), "phone": ("type", "07911 123456"),
    "preferred_contact": ("click", "Email"), "summary_confirmed": ("click", "Yes, send it"),
}
# A socket.io client speaking the raw protocol (Engine.IO 4 over a WebSocket) from inside the page, as a
# hostile page could: connect, send each [event, data] in turn (acknowledged ones wait for the server),
# wait `settle` ms and return everything the server emitted.
RAW_SOCKET_JS = """async ([server, steps, settle]) => {
  const url = server.replace(/^http/, "ws").replace(/\\/$/, "") + "/socket.io/?EIO=4&transport=websocket";
  const ws = new WebSocket(url);
  const received = [];
  let waiting = null;
  const waitFor = (test) => new Promise((resolve, reject) => {
    waiting = { test, resolve };
    setTimeout(() => reject(new Error("no answer from the server: " + JSON.stringify(received))), 20000);
  });
  ws.onmessage = (e) => {
    const d = String(e.data);
    if (d === "2") return ws.send("3");
    let packet = null;
    if (d.startsWith("42")) packet = { event: JSON.parse(d.slice(2)) };
    else if (d.startsWith("43")) packet = { ack: Number(d.slice(2).match(/^\\d+/)[0]) };
    else if (d.startsWith("40")) packet = { connected: true };
    if (!packet) return;
    if (packet.event) received.push(packet.event);
    if (waiting && waiting.test(packet)) { const w = waiting; waiting = null; w.resolve(packet); }
  };
  await new Promise((resolve, reject) => { ws.onopen = resolve; ws.onerror = () => reject(new Error("ws failed")); });
  const connected = waitFor((p) => p.connected);
  ws.send("40");
  await connected;
  let ackId = 0;
  for (const [event, data] of steps) {
    if (event === "session_request") {
      const confirm = waitFor((p) => p.event && p.event[0] === "session_confirm");
      ws.send("42" + JSON.stringify([event, data]));
      await confirm;
    } else {
      const id = ackId++;
      const ack = waitFor((p) => p.ack === id);
      ws.send("42" + id + JSON.stringify([event, data]));
      await ack;
    }
  }
  await new Promise((resolve) => setTimeout(resolve, settle));
  ws.close();
  return received;
}"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Chat:
    """The widget on the demo page, driven like a visitor would."""

    def __init__(self, page: Page, name: str) -> None:
        self.page, self.name = page, name
        self.console_errors: list[str] = []
        page.on("console", lambda m: m.type == "error" and self.console_errors.append(m.text))
        page.on("pageerror", lambda e: self.console_errors.append(str(e)))
        self.launcher = page.locator(".lc-launcher")
        self.panel = page.locator(".lc-panel")
        self.input = page.locator(".lc-input")
        self.log = page.locator(".lc-log")

    # ---- steps ----
    def open(self) -> None:
        self.launcher.click()
        expect(self.panel).to_be_visible()

    def send(self, text: str) -> None:
        """Type a message and press Enter; waits until it shows as the visitor's."""
        before = self.user_messages().count()
        self.input.fill(text)
        self.input.press("Enter")
        expect(self.user_messages()).to_have_count(before + 1)
        expect(self.user_messages().last.locator(".lc-bubble")).to_have_text(text)

    def click_button(self, title: str) -> None:
        """Click the quick reply ``title`` of the latest answer; its title becomes the visitor's message."""
        button = self.page.locator(".lc-reply", has_text=re.compile(rf"^{re.escape(title)}$"))
        expect(button).to_have_count(1, timeout=BOT_TIMEOUT)
        before = self.user_messages().count()
        button.click()
        expect(self.user_messages()).to_have_count(before + 1)
        expect(self.user_messages().last.locator(".lc-bubble")).to_have_text(title)
        expect(self.page.locator(".lc-reply", has_text=title)).to_have_count(0)  # answered buttons go away

    def wait_for_bot_text(self, substring: str, timeout: float = BOT_TIMEOUT) -> Locator:
        """The bot message containing ``substring`` (waits for it to arrive)."""
        message = self.bot_messages().filter(has_text=substring).last
        hint = ("no reply over socket.io: does credentials.yml use bot.widget.channel.SocketIOInput?"
                if not self.bot_messages().count() else f"no bot message with {substring!r}")
        expect(message, hint).to_be_visible(timeout=timeout)
        return message

    def wait_until_idle(self) -> None:
        expect(self.page.locator(".lc-typing")).to_be_hidden(timeout=BOT_TIMEOUT)

    def wait_scrolled_to_end(self) -> None:
        """The newest message is in view (smooth scrolling has arrived at the bottom)."""
        self.page.wait_for_function(
            "() => { const log = document.querySelector('#lumen-chat-widget').shadowRoot.querySelector('.lc-log');"
            " return log.scrollHeight - log.scrollTop - log.clientHeight < 2; }", timeout=5000)

    def shot(self, step: str) -> None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        if self.panel.is_visible():
            self.wait_scrolled_to_end()
        self.page.wait_for_timeout(300)
        self.page.screenshot(path=str(SHOTS / f"{self.name}-{step}.png"))

    # ---- queries ----
    def user_messages(self) -> Locator:
        return self.page.locator(".lc-msg--user")

    def bot_messages(self) -> Locator:
        return self.page.locator(".lc-msg--bot")

    def answer_intake(self, answers: dict[str, tuple[str, str]], limit: int = 40) -> list[str]:
        """Answer the intake question by question (clicking or typing); returns the slots asked, in order."""
        asked: list[str] = []
        before = max(0, self.bot_messages().count() - 3)
        for _ in range(limit):
            self.wait_until_idle()
            # the socket.io channel sends each paragraph of a reply as a message of its own
            replies = [{"text": t} for t in self.bot_messages().all_inner_texts()[before:]]
            slot = asked_slot(replies)
            if slot is None:
                return asked
            assert slot in answers, f"unexpected question {slot!r}: {replies}"
            asked.append(slot)
            before = self.bot_messages().count()
            how, value = answers[slot]
            self.click_button(value) if how == "click" else self.send(value)
            expect(self.bot_messages()).not_to_have_count(before, timeout=BOT_TIMEOUT)
        raise AssertionError("the intake did not end")

    def reply_titles(self) -> list[str]:
        return self.page.locator(".lc-reply").all_inner_texts()

    def session_id(self) -> str:
        return self.page.evaluate(
            "() => Object.entries(sessionStorage).filter(([k]) => /^lumenchat:.*:state$/.test(k))"
            ".map(([, v]) => JSON.parse(v).sessionId)[0]")

    def stored(self) -> dict[str, dict[str, str]]:
        """Everything the page keeps in localStorage and sessionStorage."""
        return self.page.evaluate("() => ({local: {...localStorage}, session: {...sessionStorage}})")

    def state_key(self) -> str:
        return f"lumenchat:{urlsplit(rasa_server(self)).netloc}:state"

    def assert_clean_console(self) -> None:
        assert not [e for e in self.console_errors if "favicon" not in e], self.console_errors


def new_chat(browser: Browser, assistant: Assistant, name: str, query: str = "",
             **context_options) -> tuple[BrowserContext, Chat]:
    context = browser.new_context(**{"viewport": {"width": 1280, "height": 860}, **context_options})
    page = context.new_page()
    chat = Chat(page, name)
    page.goto(f"{assistant.web_url}/demo{query}")
    expect(chat.launcher).to_be_visible()
    return context, chat


def rasa_server(chat: Chat) -> str:
    """The Rasa server as the widget on the page reaches it."""
    return chat.page.evaluate("() => document.querySelector('script[data-server]').dataset.server")


def raw_socket(chat: Chat, steps: list[tuple[str, Any]], settle_ms: int = 3000) -> list[list[Any]]:
    """Talk socket.io from the page without the widget's rules; returns the events the server sent."""
    return chat.page.evaluate(RAW_SOCKET_JS, [rasa_server(chat), [list(s) for s in steps], settle_ms])


def user_texts(assistant: Assistant, sender: str) -> list[tuple[str, str]]:
    """(text, input channel) of each visitor message in the conversation's tracker."""
    rows = assistant.tracker_rows("SELECT data FROM events WHERE sender_id = :s AND type_name = 'user' ORDER BY id",
                                  s=sender)
    return [(d.get("text") or "", d.get("input_channel") or "") for d in (json.loads(r["data"]) for r in rows)]


def test_a_conversation_through_the_widget(browser: Browser, assistant: Assistant) -> None:
    context, chat = new_chat(browser, assistant, "conversation")
    try:
        # a calm invitation before the chat is opened: teaser and unread badge
        expect(chat.page.locator(".lc-teaser")).to_be_visible(timeout=5000)
        expect(chat.page.locator(".lc-badge")).to_have_text("1")
        chat.shot("1-landing")

        chat.open()
        chat.wait_for_bot_text("welcome to")
        assert "Book a consultation" in chat.reply_titles()
        chat.wait_until_idle()
        chat.shot("2-greeting")

        chat.click_button("What is it?")
        chat.wait_for_bot_text("pigment")
        chat.wait_until_idle()

        chat.send("is it permanent?")
        chat.wait_for_bot_text("2 to 3 years")
        chat.wait_until_idle()
        chat.shot("3-faq")

        expect(chat.page.locator(".lc-msg--bot .lc-time").first).to_have_attribute("datetime", re.compile(r"^\d{4}-"))

        # a reload continues the same conversation and shows it again
        session = chat.session_id()
        count = chat.page.locator(".lc-msg").count()
        chat.page.reload()
        expect(chat.panel).to_be_visible()
        expect(chat.page.locator(".lc-msg")).to_have_count(count)
        chat.wait_for_bot_text("2 to 3 years")
        assert chat.session_id() == session
        chat.shot("4-after-reload")

        # the intake, answered with the buttons wherever the question has them
        chat.send("I'd like to check if I'm a good candidate")
        chat.wait_for_bot_text("Do you agree to answer a few health questions?")
        expect(chat.bot_messages().last).not_to_contain_text("own copy")  # the messaging-app note is not for the web
        assert chat.reply_titles() == ["Yes", "No"]
        chat.shot("5-privacy-notice")
        asked = chat.answer_intake(INTAKE_ANSWERS)
        assert asked[:2] == ["health_consent", "concern"] and asked[-1] == "summary_confirmed", asked
        assert asked.index("adult") < asked.index("pregnant_or_breastfeeding"), asked   # age before the health screen
        assert {"stretch_colour", "onset_date", "phototype", "email", "preferred_contact"} <= set(asked), asked
        summary = chat.bot_messages().filter(has_text="Here is a summary of your answers").last
        expect(summary).to_contain_text("hips")
        expect(summary).to_contain_text("anna.widget@example.com")

        # the booking: offered as buttons, a time clicked, confirmed in the studio's time zone
        chat.wait_for_bot_text("book a free consultation")
        chat.shot("6-intake-done")
        chat.click_button("Yes, let's book")
        chat.wait_for_bot_text("UK time (Europe/London)")
        chat.wait_until_idle()
        offered = [t for t in chat.reply_titles() if TIME_BUTTON.match(t)]
        assert 1 <= len(offered) <= 5, chat.reply_titles()
        chat.shot("7-times")
        chat.click_button(offered[0])
        confirmation = chat.wait_for_bot_text("Your free consultation is reserved for")
        expect(confirmation).to_contain_text(offered[0].split(", ")[1])
        expect(confirmation).to_contain_text("UK time (Europe/London)")
        chat.wait_until_idle()
        chat.shot("8-booked")

        [lead] = assistant.rows("SELECT * FROM leads WHERE conversation_id = :c", c=session)
        assert (lead["channel"], lead["first_name"], lead["email"], lead["concern"], lead["status"]) == (
            "socketio", "Anna", "anna.widget@example.com", "stretch_marks", "consultation_booked")
        assert lead["intake_completed_at"] is not None
        [booking] = assistant.rows("SELECT * FROM bookings WHERE conversation_id = :c", c=session)
        assert (booking["lead_id"], booking["status"]) == (lead["id"], "requested")
        answers = assistant.rows("SELECT * FROM intake_answers WHERE lead_id = :l", l=lead["id"])
        assert len(answers) >= 10
        [consent] = assistant.rows("SELECT * FROM consent_records WHERE conversation_id = :c", c=session)
        assert (consent["granted"], consent["channel"]) == (True, "socketio")

        # a question after the booking (a concern named in it would have skipped the concern question above)
        chat.send("how much does it cost for a scar?")
        chat.wait_for_bot_text("£180")
        chat.wait_until_idle()

        chat.page.locator(".lc-human").click()
        expect(chat.user_messages().last).to_contain_text("Talk to a person")
        chat.wait_for_bot_text("a person at the studio")
        chat.wait_until_idle()
        chat.shot("9-handoff")
        chat.assert_clean_console()
    finally:
        context.close()


def test_phone_layout_is_full_screen(browser: Browser, assistant: Assistant) -> None:
    context, chat = new_chat(browser, assistant, "phone", viewport={"width": 390, "height": 844},
                             device_scale_factor=2, is_mobile=True, has_touch=True)
    try:
        chat.shot("1-closed")
        chat.open()
        chat.wait_for_bot_text("welcome to")
        chat.wait_until_idle()
        chat.page.wait_for_timeout(400)  # the opening animation
        box = chat.panel.bounding_box()
        assert box is not None
        assert [round(box[k]) for k in ("x", "y", "width", "height")] == [0, 0, 390, 844]
        expect(chat.launcher).to_be_hidden()
        chat.send("does it hurt?")
        chat.wait_for_bot_text("How it feels")
        chat.wait_until_idle()
        chat.shot("2-open")
        chat.page.locator(".lc-close").click()
        expect(chat.panel).to_be_hidden()
        expect(chat.launcher).to_be_visible()
        chat.assert_clean_console()
    finally:
        context.close()


def test_keyboard_only(browser: Browser, assistant: Assistant) -> None:
    context, chat = new_chat(browser, assistant, "keyboard")
    page = chat.page
    focused_class = "() => { const h = document.activeElement; " \
                    "return h && h.shadowRoot && h.shadowRoot.activeElement ? h.shadowRoot.activeElement.className : '' }"
    try:
        for _ in range(80):  # Tab through the page until the launcher has the focus
            page.keyboard.press("Tab")
            if "lc-launcher" in page.evaluate(focused_class):
                break
        else:
            pytest.fail("Tab never reached the chat launcher")
        assert page.evaluate(focused_class) == "lc-launcher"
        chat.shot("1-launcher-focused")

        page.keyboard.press("Enter")
        expect(chat.panel).to_be_visible()
        assert "lc-input" in page.evaluate(focused_class)
        chat.wait_for_bot_text("welcome to")
        chat.wait_until_idle()
        page.keyboard.type("How many sessions will I need?")
        page.keyboard.press("Enter")
        expect(chat.user_messages().last).to_contain_text("How many sessions will I need?")
        chat.wait_for_bot_text("session")
        chat.wait_until_idle()
        assert "lc-input" in page.evaluate(focused_class)

        page.keyboard.press("Shift+Tab")  # back into the panel: the conversation log, then the buttons
        page.keyboard.press("Tab")
        assert "lc-input" in page.evaluate(focused_class)
        chat.shot("2-typed")

        page.keyboard.press("Escape")
        expect(chat.panel).to_be_hidden()
        assert page.evaluate(focused_class) == "lc-launcher"
        expect(chat.launcher).to_have_attribute("aria-expanded", "false")
        chat.assert_clean_console()
    finally:
        context.close()


def test_screen_reader_labels(browser: Browser, assistant: Assistant) -> None:
    context, chat = new_chat(browser, assistant, "aria")
    try:
        expect(chat.launcher).to_have_attribute("aria-label", re.compile("Open chat"))
        chat.open()
        expect(chat.panel).to_have_attribute("role", "dialog")
        expect(chat.log).to_have_attribute("role", "log")
        expect(chat.log).to_have_attribute("aria-live", "polite")
        expect(chat.input).to_have_attribute("aria-label", "Your message")
        expect(chat.page.locator(".lc-send")).to_have_attribute("aria-label", "Send")
        expect(chat.page.locator(".lc-footer a")).to_have_attribute("href", "https://lumenskin.example/privacy")
    finally:
        context.close()


def test_a_message_typed_offline_is_sent_after_reconnecting(browser: Browser, assistant: Assistant) -> None:
    context, chat = new_chat(browser, assistant, "offline")
    try:
        chat.open()
        chat.wait_for_bot_text("welcome to")
        chat.wait_until_idle()

        context.set_offline(True)
        expect(chat.page.locator(".lc-banner")).to_contain_text("Reconnecting", timeout=15_000)
        chat.send("is it permanent?")
        expect(chat.user_messages().last.locator(".lc-queued")).to_be_visible()
        chat.shot("1-offline")

        context.set_offline(False)
        chat.wait_for_bot_text("2 to 3 years")
        expect(chat.page.locator(".lc-banner")).to_be_hidden()
        expect(chat.user_messages().last.locator(".lc-queued")).to_be_hidden()
        chat.wait_until_idle()
        chat.shot("2-back-online")
    finally:
        context.close()


def test_text_is_escaped_and_only_web_links_are_linked(browser: Browser, assistant: Assistant) -> None:
    context, chat = new_chat(browser, assistant, "escaping")
    try:
        # a stored conversation renders through the same code as live messages
        key = chat.state_key()
        text = ('<img src=x onerror="window.pwned=1"> <b>bold?</b>\nSee https://lumenskin.example/privacy. '
                'Not javascript:alert(1) nor www.example.com')
        state = {"sessionId": "f" * 32, "updated": 4102444800000,
                 "messages": [{"id": "a", "from": "bot", "text": text, "time": 1767225600000}]}
        chat.page.evaluate("([k, v]) => sessionStorage.setItem(k, JSON.stringify(v))", [key, state])
        chat.page.reload()
        chat.open()
        bubble = chat.page.locator(".lc-msg--bot .lc-bubble").first
        expect(bubble).to_contain_text('<img src=x onerror="window.pwned=1"> <b>bold?</b>')
        expect(bubble.locator("img, b")).to_have_count(0)
        links = bubble.locator("a")
        expect(links).to_have_count(1)
        expect(links).to_have_attribute("href", "https://lumenskin.example/privacy")
        expect(links).to_have_attribute("rel", "noopener noreferrer nofollow")
        assert chat.page.evaluate("() => window.pwned") is None
        box = bubble.bounding_box()
        assert box is not None and box["height"] > 40, "the line break is kept"
    finally:
        context.close()


# ---- sessions: only the browser's own, or one handed over by a resume link ----------------------------

def test_a_forged_session_id_is_not_confirmed(browser: Browser, assistant: Assistant) -> None:
    phone = "4479" + str(secrets.randbelow(10**8)).zfill(8)  # a messaging-app conversation, as on WhatsApp
    assistant.post_rest(phone, "how much does it cost for a scar?")
    context, chat = new_chat(browser, assistant, "forged")
    try:
        # the raw protocol: claiming the phone number gets a fresh random id instead
        events = raw_socket(chat, [("session_request", {"session_id": phone})], settle_ms=200)
        confirmed = [data for name, *data in events if name == "session_confirm"]
        assert len(confirmed) == 1 and confirmed[0][0] != phone and OWN_SESSION_ID.match(confirmed[0][0]), events

        # the widget itself, with the phone number planted in its storage: it adopts the fresh id
        key = chat.state_key()
        state = {"sessionId": phone, "updated": 4102444800000,
                 "messages": [{"id": "a", "from": "bot", "text": "planted history", "time": 1767225600000}]}
        chat.page.evaluate("([k, v]) => sessionStorage.setItem(k, JSON.stringify(v))", [key, state])
        chat.page.reload()
        chat.open()
        chat.wait_for_bot_text("welcome to")  # the old history is gone and a new conversation starts
        expect(chat.bot_messages().filter(has_text="planted history")).to_have_count(0)
        assert OWN_SESSION_ID.match(chat.session_id()) and chat.session_id() != phone
        chat.send("is it permanent?")
        chat.wait_for_bot_text("2 to 3 years")
        chat.wait_until_idle()
        assert user_texts(assistant, phone) == [("how much does it cost for a scar?", "rest")]
        assert ("is it permanent?", "socketio") in user_texts(assistant, chat.session_id())
        chat.assert_clean_console()
    finally:
        context.close()


def test_a_message_for_another_session_is_dropped(browser: Browser, assistant: Assistant) -> None:
    victim = "4479" + str(secrets.randbelow(10**8)).zfill(8)
    assistant.post_rest(victim, "how much does it cost for a scar?")
    own = secrets.token_hex(16)
    context, chat = new_chat(browser, assistant, "other-session")
    try:
        events = raw_socket(chat, [
            ("user_uttered", {"message": "before any session", "session_id": own}),
            ("session_request", {"session_id": own}),
            ("user_uttered", {"message": "what does it cost?", "session_id": victim}),
            ("user_uttered", {"message": "is it permanent?", "session_id": own}),
        ])
        assert ["session_confirm", own] in events, events
        replies = [data.get("text", "") for name, data in events if name == "bot_uttered"]
        assert any("2 to 3 years" in r for r in replies), replies       # its own message is answered…
        assert not any("£" in r for r in replies), replies                # …the one for the other is not
        assert user_texts(assistant, victim) == [("how much does it cost for a scar?", "rest")]
        assert [t for t, _ in user_texts(assistant, own)] == ["is it permanent?"]
    finally:
        context.close()


def test_a_resume_link_continues_the_conversation(browser: Browser, assistant: Assistant) -> None:
    phone = "4479" + str(secrets.randbelow(10**8)).zfill(8)
    replies = assistant.post_rest(phone, "I'd like to check if I'm a good candidate")
    assert "Do you agree to answer a few health questions?" in replies[-1]["text"]
    token = make_token(phone, resume_secret(assistant.stack.env))

    # a tampered or unknown token only gets the visitor a conversation of their own
    context, chat = new_chat(browser, assistant, "resume-bad", query=f"?resume={quote(token[:-3] + 'AAA')}")
    try:
        expect(chat.panel).to_be_visible()
        chat.wait_for_bot_text("welcome to")
        assert OWN_SESSION_ID.match(chat.session_id())
    finally:
        context.close()

    context, chat = new_chat(browser, assistant, "resume", query=f"?resume={quote(token)}")
    try:
        expect(chat.panel).to_be_visible()                 # opened by the link
        chat.wait_for_bot_text("continues your conversation")
        chat.wait_for_bot_text("Only the studio sees your answers")  # the pending privacy notice, sent again
        chat.wait_for_bot_text("Do you agree to answer a few health questions?")
        assert chat.reply_titles() == ["Yes", "No"]
        assert "resume" not in chat.page.url               # the token is taken out of the address bar
        assert chat.session_id() == phone
        chat.wait_until_idle()
        chat.shot("1-resumed")

        chat.click_button("Yes")
        chat.wait_for_bot_text("What would you like help with?")
        chat.wait_until_idle()
        assert user_texts(assistant, phone)[-1] == ("yes", "socketio")
        chat.shot("2-answered")

        # a reload keeps the resumed conversation, without showing its messages twice
        count = chat.page.locator(".lc-msg").count()
        chat.page.reload()
        expect(chat.panel).to_be_visible()
        chat.page.wait_for_timeout(1500)
        expect(chat.page.locator(".lc-msg")).to_have_count(count)
        assert chat.session_id() == phone
        chat.click_button("Scar")
        chat.wait_for_bot_text("Where on the body is it?")
        assert [t for t, c in user_texts(assistant, phone) if c == "socketio"] == ["yes", "scar"]
        [consent] = assistant.rows("SELECT * FROM consent_records WHERE conversation_id = :c", c=phone)
        assert (consent["granted"], consent["channel"]) == (True, "socketio")
        chat.assert_clean_console()
    finally:
        context.close()


# ---- what the browser keeps: little, briefly, and nothing after "delete my data" or "End chat and clear" ----

def ours(stored: dict[str, dict[str, str]]) -> dict[str, str]:
    """The widget's keys in both storages."""
    return {f"{kind}:{k}": v for kind, items in stored.items() for k, v in items.items() if k.startswith("lumenchat:")}


def test_the_browser_keeps_the_chat_in_this_tab_and_only_briefly(browser: Browser, assistant: Assistant) -> None:
    context, chat = new_chat(browser, assistant, "storage")
    try:
        key, hour = chat.state_key(), 3600 * 1000
        now = chat.page.evaluate("() => Date.now()")
        legacy = {"sessionId": "a" * 32, "updated": now, "messages": [
            {"id": "a", "from": "user", "text": "legacy.copy@example.com", "time": now}]}
        stale = {"sessionId": "b" * 32, "updated": now - 3 * hour, "messages": [
            {"id": "b", "from": "user", "text": "stale.copy@example.com", "time": now - 3 * hour}]}
        chat.page.evaluate("([k, l, s]) => { localStorage.setItem(k, JSON.stringify(l)); "
                           "sessionStorage.setItem(k, JSON.stringify(s)); }", [key, legacy, stale])
        chat.page.reload()
        chat.open()
        chat.wait_for_bot_text("welcome to")
        chat.wait_until_idle()
        # what older versions kept in localStorage is gone, and so is a conversation idle for more than 2 hours
        assert "copy@example.com" not in json.dumps(chat.stored())
        assert not [k for k in ours(chat.stored()) if k.startswith("local:")], chat.stored()
        assert chat.session_id() not in ("a" * 32, "b" * 32)
        # a new tab of the same site starts a conversation of its own
        other = context.new_page()
        other.goto(chat.page.url)
        assert not [k for k in ours(other.evaluate("() => ({local: {...localStorage}, session: {...sessionStorage}})"))
                    if k.endswith(":state")]
        chat.assert_clean_console()
    finally:
        context.close()


def test_delete_my_data_clears_the_browser_copy(browser: Browser, assistant: Assistant) -> None:
    context, chat = new_chat(browser, assistant, "erasure")
    email, phone, area = "erase.widget@example.com", "07911 654321", "left hip"
    try:
        chat.open()
        chat.wait_for_bot_text("welcome to")
        chat.wait_until_idle()
        chat.send("I'd like to check if I'm a good candidate")
        chat.wait_for_bot_text("Do you agree to answer a few health questions?")
        chat.answer_intake({**INTAKE_ANSWERS, "body_area": ("type", area), "email": ("type", email),
                            "phone": ("type", phone)})
        chat.wait_for_bot_text("book a free consultation")
        chat.wait_until_idle()
        session = chat.session_id()
        assert all(v in json.dumps(ours(chat.stored())) for v in (email, phone, area, session))  # kept until now
        assert assistant.rows("SELECT id FROM leads WHERE conversation_id = :c", c=session)

        # "End chat and clear" offers the erasure of the studio's copy too
        chat.page.locator(".lc-end").click()
        expect(chat.page.locator(".lc-clear")).to_contain_text("The studio keeps what you have already sent")
        chat.page.locator(".lc-clear-erase").click()
        expect(chat.user_messages().last).to_contain_text("Delete my data")
        chat.wait_for_bot_text("can't be undone")
        chat.click_button("Yes, delete everything")
        notice = chat.page.locator(".lc-notice")
        expect(notice).to_contain_text("erased from the studio's records", timeout=BOT_TIMEOUT)
        expect(chat.page.locator(".lc-msg")).to_have_count(0)
        chat.shot("1-erased")

        # the browser holds nothing of the conversation: no key of ours at all, no email, phone, answer or id
        stored = json.dumps(chat.stored())
        assert ours(chat.stored()) == {}, stored
        assert not [v for v in (email, phone, area, "Stretch marks", session) if v in stored], stored
        assert assistant.rows("SELECT id FROM leads WHERE conversation_id = :c", c=session) == []

        # writing again starts a new conversation, and a reload shows nothing of the old one
        chat.send("is it permanent?")
        chat.wait_for_bot_text("2 to 3 years")
        chat.wait_until_idle()
        assert OWN_SESSION_ID.match(chat.session_id()) and chat.session_id() != session
        chat.page.reload()
        chat.open()
        expect(chat.page.locator(".lc-msg", has_text=area)).to_have_count(0)
        assert not [v for v in (email, phone, area, session) if v in json.dumps(chat.stored())]
        chat.assert_clean_console()
    finally:
        context.close()


def test_end_chat_and_clear_on_a_phone_with_the_keyboard(browser: Browser, assistant: Assistant) -> None:
    context, chat = new_chat(browser, assistant, "end-chat", viewport={"width": 390, "height": 844},
                             device_scale_factor=2, is_mobile=True, has_touch=True)
    page = chat.page
    focused = "() => document.querySelector('#lumen-chat-widget').shadowRoot.activeElement?.className || ''"
    try:
        chat.open()
        chat.wait_for_bot_text("welcome to")
        chat.wait_until_idle()
        chat.send("I'd like to check if I'm a good candidate")
        chat.click_button("Yes")
        chat.wait_until_idle()
        chat.send("my email is end.chat@example.com")
        chat.wait_until_idle()
        session = chat.session_id()
        assert "end.chat@example.com" in json.dumps(chat.stored())

        end = page.locator(".lc-end")
        expect(end).to_have_accessible_name("End chat and clear")
        expect(end).to_have_attribute("aria-expanded", "false")
        box = end.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390 and box["height"] >= 40, box
        end.focus()
        page.keyboard.press("Enter")
        clear = page.locator(".lc-clear")
        expect(clear).to_be_visible()
        expect(end).to_have_attribute("aria-expanded", "true")
        expect(clear).to_have_accessible_name("Clear this chat from this browser?")
        expect(clear).to_contain_text("from this device only")
        assert "lc-clear" in page.evaluate(focused)
        chat.shot("1-confirm")
        page.keyboard.press("Escape")                      # closes the question, not the chat
        expect(clear).to_be_hidden()
        expect(chat.panel).to_be_visible()
        assert "lc-end" in page.evaluate(focused)

        page.keyboard.press("Enter")
        page.keyboard.press("Tab")
        assert "lc-clear-yes" in page.evaluate(focused)
        page.keyboard.press("Enter")
        expect(page.locator(".lc-notice")).to_contain_text("cleared from this browser")
        expect(page.locator(".lc-notice")).to_contain_text("The studio still has what you sent")
        expect(chat.page.locator(".lc-msg")).to_have_count(0)
        chat.shot("2-cleared")
        stored = json.dumps(chat.stored())
        assert ours(chat.stored()) == {} and "end.chat@example.com" not in stored and session not in stored, stored
        # only the browser's copy: the studio still has the conversation
        assert ("my email is end.chat@example.com", "socketio") in user_texts(assistant, session)

        chat.send("is it permanent?")
        chat.wait_for_bot_text("2 to 3 years")
        assert chat.session_id() != session
        chat.assert_clean_console()
    finally:
        context.close()
