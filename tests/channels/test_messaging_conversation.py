"""Telegram, Twilio and Messenger connectors against the real servers, with fake platform APIs."""
from __future__ import annotations

import json
import random
from urllib.parse import urlencode

import pytest

from tests.channels import payloads
from tests.channels.clients import http, messenger_post, telegram_post, tracker_events, twilio_post
from tests.channels.conftest import FACEBOOK_SECRET, FACEBOOK_VERIFY, TELEGRAM_SECRET, TWILIO_NUMBER, Fakes
from tests.harness import Assistant

pytestmark = pytest.mark.conversation
GREETING_PAYLOADS = ["What is paramedical micropigmentation?", "/check_suitability", "/book_consultation"]


def _update_id() -> int:
    return random.randint(10**8, 10**9)


# --- Telegram ---------------------------------------------------------------------------------------

def test_telegram_webhook_is_registered_with_the_secret(messaging_assistant: Assistant, fakes: Fakes) -> None:
    assert fakes.telegram.webhook == {"url": "https://studio.example/webhooks/telegram/webhook",
                                      "secret_token": TELEGRAM_SECRET, "allowed_updates": ["message", "callback_query"]}


def test_telegram_inline_keyboard_button_presses_and_numbers(messaging_assistant: Assistant, fakes: Fakes) -> None:
    chat_id = random.randint(10**8, 10**9)
    hello = payloads.tg_message(chat_id, "hi", _update_id())
    assert telegram_post(messaging_assistant, hello, TELEGRAM_SECRET)[0] == 200
    [greeting] = [m for m in fakes.telegram.sent(str(chat_id)) if "reply_markup" in m]
    keyboard = greeting["reply_markup"]["inline_keyboard"]
    assert all(len(row) == 1 for row in keyboard)                         # one button per row
    assert [row[0]["callback_data"] for row in keyboard] == GREETING_PAYLOADS
    sent = len(fakes.telegram.sent(str(chat_id)))
    press = payloads.tg_callback(chat_id, "/check_suitability", _update_id())
    assert telegram_post(messaging_assistant, press, TELEGRAM_SECRET)[0] == 200
    answered = [r.json for r in fakes.telegram.calls("/answerCallbackQuery")]
    assert {"callback_query_id": press["callback_query"]["id"]} in answered
    notice = fakes.telegram.sent(str(chat_id))[sent:]
    assert any("Do you agree to answer a few health questions?" in m["text"] for m in notice)
    assert [row[0]["callback_data"] for row in notice[-1]["reply_markup"]["inline_keyboard"]] == ["yes", "no"]
    sent = len(fakes.telegram.sent(str(chat_id)))
    telegram_post(messaging_assistant, payloads.tg_message(chat_id, "1", _update_id()), TELEGRAM_SECRET)
    assert any("What would you like help with?" in m["text"] for m in fakes.telegram.sent(str(chat_id))[sent:])
    assert fakes.telegram.problems == []


@pytest.mark.parametrize("secret,status", [(None, 401), ("wrong-secret", 403), ("", 401)])
def test_telegram_without_the_secret_is_refused(messaging_assistant: Assistant, fakes: Fakes,
                                                secret: str, status: int) -> None:
    chat_id = random.randint(10**8, 10**9)
    assert telegram_post(messaging_assistant, payloads.tg_message(chat_id, "hi", _update_id()), secret)[0] == status
    assert fakes.telegram.sent(str(chat_id)) == [] and tracker_events(messaging_assistant, str(chat_id)) == 0


def test_telegram_malformed_and_replayed_updates(messaging_assistant: Assistant, fakes: Fakes) -> None:
    url = f"{messaging_assistant.rasa_url}/webhooks/telegram/webhook"
    headers = {"X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET, "Content-Type": "application/json"}
    assert http("POST", url, b"{oops", headers)[0] == 400
    assert http("POST", url, b'{"message": {"text": "hi"}}', headers)[0] == 400
    chat_id = random.randint(10**8, 10**9)
    update = payloads.tg_message(chat_id, "hi", _update_id())
    for _ in range(3):
        assert telegram_post(messaging_assistant, update, TELEGRAM_SECRET)[0] == 200
    assert len([m for m in fakes.telegram.sent(str(chat_id)) if "reply_markup" in m]) == 1
    group = payloads.tg_message(chat_id, "hi", _update_id(), chat_type="group")
    before = len(fakes.telegram.sent(str(chat_id)))
    assert telegram_post(messaging_assistant, group, TELEGRAM_SECRET)[0] == 200
    assert len(fakes.telegram.sent(str(chat_id))) == before                   # groups are not answered


# --- Twilio -----------------------------------------------------------------------------------------

def _phone() -> str:
    return "whatsapp:+4477009" + "".join(random.choices("0123456789", k=5))


def test_twilio_numbered_options_and_numbers(messaging_assistant: Assistant, fakes: Fakes) -> None:
    sender = _phone()
    form = payloads.twilio_form(sender, "hi", TWILIO_NUMBER, fakes.twilio.account_sid)
    status, body = twilio_post(messaging_assistant, form, fakes.twilio.auth_token)
    assert status == 200 and "<Response" in body
    [greeting] = [m for m in fakes.twilio.sent(sender) if "1. What is it?" in m["Body"]]
    assert greeting["From"] == TWILIO_NUMBER
    assert "2. Am I ready?\n3. Book a consultation\n\nReply with a number." in greeting["Body"]
    request = fakes.twilio.calls("/Messages.json")[-1]
    assert request.path == f"/2010-04-01/Accounts/{fakes.twilio.account_sid}/Messages.json"
    assert request.headers["authorization"].startswith("Basic ")
    sent = len(fakes.twilio.sent(sender))
    twilio_post(messaging_assistant, payloads.twilio_form(sender, "2", TWILIO_NUMBER, fakes.twilio.account_sid),
                fakes.twilio.auth_token)
    notice = "\n".join(m["Body"] for m in fakes.twilio.sent(sender)[sent:])
    assert "Do you agree to answer a few health questions?" in notice and "1. Yes\n2. No" in notice
    assert fakes.twilio.problems == []


def test_twilio_wrong_signatures_malformed_and_replays(messaging_assistant: Assistant, fakes: Fakes) -> None:
    sender = _phone()
    form = payloads.twilio_form(sender, "hi", TWILIO_NUMBER, fakes.twilio.account_sid)
    assert twilio_post(messaging_assistant, form, None)[0] == 401
    assert twilio_post(messaging_assistant, form, "not-the-token")[0] == 403
    assert fakes.twilio.sent(sender) == [] and tracker_events(messaging_assistant, sender) == 0
    no_sender = {k: v for k, v in form.items() if k != "From"}
    assert twilio_post(messaging_assistant, no_sender, fakes.twilio.auth_token)[0] == 400
    for _ in range(2):
        assert twilio_post(messaging_assistant, form, fakes.twilio.auth_token)[0] == 200
    assert len([m for m in fakes.twilio.sent(sender) if "1. What is it?" in m["Body"]]) == 1


# --- Messenger --------------------------------------------------------------------------------------

def test_messenger_handshake(messaging_assistant: Assistant) -> None:
    url = f"{messaging_assistant.rasa_url}/webhooks/facebook/webhook?"
    good = {"hub.mode": "subscribe", "hub.verify_token": FACEBOOK_VERIFY, "hub.challenge": "CHALLENGE_ACCEPTED"}
    assert http("GET", url + urlencode(good)) == (200, "CHALLENGE_ACCEPTED")
    assert http("GET", url + urlencode({**good, "hub.verify_token": "x"}))[0] == 403


def test_messenger_quick_replies_and_replays(messaging_assistant: Assistant, fakes: Fakes) -> None:
    psid = str(random.randint(10**15, 10**16))
    message = payloads.fb_message(psid, "hi")
    for _ in range(2):
        assert messenger_post(messaging_assistant, message, FACEBOOK_SECRET)[0] == 200
    greeting = [m for m in fakes.graph.messenger_messages(psid) if "quick_replies" in m["message"]]
    assert len(greeting) == 1
    assert [q["payload"] for q in greeting[0]["message"]["quick_replies"]] == GREETING_PAYLOADS
    assert greeting[0]["messaging_type"] == "RESPONSE"
    request = fakes.graph.calls("/me/messages")[-1]
    assert request.path == "/v21.0/me/messages" and request.query["access_token"] == fakes.graph.page_access_token
    sent = len(fakes.graph.messenger_messages(psid))
    tapped = payloads.fb_message(psid, "Am I ready?", quick_reply="/check_suitability")
    assert messenger_post(messaging_assistant, tapped, FACEBOOK_SECRET)[0] == 200
    assert any("health questions" in m["message"]["text"] for m in fakes.graph.messenger_messages(psid)[sent:])
    sent = len(fakes.graph.messenger_messages(psid))
    assert messenger_post(messaging_assistant, payloads.fb_delivery(psid), FACEBOOK_SECRET)[0] == 200
    assert len(fakes.graph.messenger_messages(psid)) == sent
    assert fakes.graph.problems == []


def test_messenger_wrong_signature_and_malformed(messaging_assistant: Assistant, fakes: Fakes) -> None:
    psid = str(random.randint(10**15, 10**16))
    message = payloads.fb_message(psid, "hi")
    assert messenger_post(messaging_assistant, message, None)[0] == 401
    assert messenger_post(messaging_assistant, message, "wrong-secret")[0] == 403
    assert fakes.graph.messenger_messages(psid) == [] and tracker_events(messaging_assistant, psid) == 0
    assert messenger_post(messaging_assistant, b"{nope", FACEBOOK_SECRET)[0] == 400
    assert messenger_post(messaging_assistant, json.dumps({"object": "page"}).encode(), FACEBOOK_SECRET)[0] == 400
