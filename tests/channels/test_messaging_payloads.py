"""Telegram, Twilio and Messenger: webhook authentication, parsing and button rendering."""
from __future__ import annotations

import json
from urllib.parse import urlencode

import pytest

from bot.channels import messenger_payloads as fb
from bot.channels import telegram_payloads as tg
from bot.channels import twilio_payloads as tw
from tests.channels import payloads

YES_NO = [("Yes", "yes"), ("No", "no")]


# --- Telegram ---------------------------------------------------------------------------------------

def test_telegram_secret_is_configured_or_derived_from_the_token() -> None:
    derived = tg.webhook_secret("123:abc")
    assert derived == tg.webhook_secret("123:abc") != tg.webhook_secret("123:abd")
    assert len(derived) == 64 and derived.isalnum()               # Telegram allows A-Z a-z 0-9 _ -
    assert tg.webhook_secret("123:abc", "mine") == "mine"
    assert tg.secret_ok(derived, derived) and not tg.secret_ok("x", derived) and not tg.secret_ok(None, derived)


def test_telegram_updates() -> None:
    message = tg.parse_update(json.dumps(payloads.tg_message(42, "Hello", 1001)).encode())
    assert message is not None and (message.update_id, message.chat_id, message.text) == (1001, "42", "Hello")
    press = tg.parse_update(json.dumps(payloads.tg_callback(42, "yes", 1002)).encode())
    assert press is not None and (press.chat_id, press.text, press.callback_query_id is not None) == ("42", "yes", True)
    start = tg.parse_update(json.dumps(payloads.tg_message(42, "/start", 1003)).encode())
    assert start is not None and start.text == tg.START_TEXT
    assert tg.parse_update(json.dumps(payloads.tg_message(-100, "hi", 1004, chat_type="group")).encode()) is None
    edited = {"update_id": 1005, "edited_message": payloads.tg_message(42, "x", 1)["message"]}
    assert tg.parse_update(json.dumps(edited).encode()) is None
    for bad in (b"nope", b"[]", b'{"message": {}}', b'{"update_id": 1, "message": {"text": "x"}}'):
        with pytest.raises(tg.MalformedUpdate):
            tg.parse_update(bad)


def test_telegram_inline_keyboard_one_button_per_row() -> None:
    long_payload = '/choose_slot{"start": "2030-01-01T10:00:00+00:00", "provider": "calendar"}'
    [body] = tg.send_messages("42", "Pick one", [*YES_NO, ("Later", long_payload)])
    assert body["chat_id"] == "42" and body["text"] == "Pick one"
    assert body["reply_markup"] == {"inline_keyboard": [[{"text": "Yes", "callback_data": "yes"}],
                                                        [{"text": "No", "callback_data": "no"}],
                                                        [{"text": "Later", "callback_data": "3"}]]}
    bodies = tg.send_messages("42", "x" * 5000, YES_NO)
    assert len(bodies) == 2 and "reply_markup" not in bodies[0] and "reply_markup" in bodies[1]
    assert tg.set_webhook_body("https://example.com/webhooks/telegram/webhook", "s")["secret_token"] == "s"
    assert tg.method_url("", "123:abc", "sendMessage") == "https://api.telegram.org/bot123:abc/sendMessage"


# --- Twilio -----------------------------------------------------------------------------------------

def test_twilio_signature_matches_twilios_documented_example() -> None:
    url = "https://mycompany.com/myapp.php?foo=1&bar=2"
    params = [("CallSid", "CA1234567890ABCDE"), ("Caller", "+12349013030"), ("Digits", "1234"),
              ("From", "+12349013030"), ("To", "+18005551212")]
    assert tw.signature(url, params, "12345") == "0/KCTR6DLpKmkAf8muzZqo1nDgQ="
    assert tw.signature_ok(url, params, "0/KCTR6DLpKmkAf8muzZqo1nDgQ=", "12345")
    assert not tw.signature_ok(url, params + [("Body", "injected")], "0/KCTR6DLpKmkAf8muzZqo1nDgQ=", "12345")
    assert not tw.signature_ok(url, params, "0/KCTR6DLpKmkAf8muzZqo1nDgQ=", "54321")
    assert not tw.signature_ok(url, params, None, "12345")
    with_port = tw.signature("https://example.com:443/webhooks/twilio/webhook", params, "12345")
    assert tw.signature_ok("https://example.com/webhooks/twilio/webhook", params, with_port, "12345")


def test_twilio_inbound_forms() -> None:
    form = payloads.twilio_form("whatsapp:+447700900123", "Hello ¡ you", "whatsapp:+14155238886", "AC1")
    message = tw.parse_message(tw.parse_form(urlencode(form).encode()))
    assert message is not None and message.sender == "whatsapp:+447700900123" and message.text == "Hello @ you"
    assert message.message_sid == form["MessageSid"]
    media = {**form, "Body": "", "NumMedia": "1", "MediaUrl0": "https://api.twilio.com/x"}
    assert tw.parse_message(tw.parse_form(urlencode(media).encode())).text is None  # type: ignore[union-attr]
    status = {"MessageSid": "SM1", "MessageStatus": "delivered", "To": "+1", "From": "+2"}
    assert tw.parse_message(list(status.items())) is None
    with pytest.raises(tw.MalformedForm):
        tw.parse_message([("Body", "hi")])
    with pytest.raises(tw.MalformedForm):
        tw.parse_form(b"\xff\xfe")
    with pytest.raises(tw.MalformedForm):
        tw.parse_form(b"novalue")


def test_twilio_buttons_are_numbered_text() -> None:
    [form] = tw.message_forms("whatsapp:+447700900123", "whatsapp:+14155238886", "Are you 18 or older?", YES_NO)
    assert form == {"To": "whatsapp:+447700900123", "From": "whatsapp:+14155238886",
                    "Body": "Are you 18 or older?\n\n1. Yes\n2. No\n\nReply with a number."}
    assert len(tw.message_forms("+1", "+2", "word " * 700)) == 3
    assert tw.messages_url("", "AC1") == "https://api.twilio.com/2010-04-01/Accounts/AC1/Messages.json"


# --- Messenger --------------------------------------------------------------------------------------

def test_messenger_signature_prefers_sha256() -> None:
    body = json.dumps(payloads.fb_message("psid1", "hi")).encode()
    assert fb.signature_ok("s", body, fb.sign("s", body), None)
    assert fb.signature_ok("s", body, None, fb.sign("s", body, "sha1"))
    assert not fb.signature_ok("s", body, fb.sign("t", body), fb.sign("s", body, "sha1"))   # a bad 256 fails
    assert not fb.signature_ok("s", body, None, None)
    assert not fb.signature_ok("", body, fb.sign("", body), None)


def test_messenger_events() -> None:
    parsed = fb.parse_webhook(json.dumps(payloads.fb_message("psid1", "Hello", mid="m_1")).encode())
    assert [(m.message_id, m.sender, m.text) for m in parsed.messages] == [("m_1", "psid1", "Hello")]
    quick = fb.parse_webhook(json.dumps(payloads.fb_message("psid1", "Yes", quick_reply="yes")).encode())
    assert quick.messages[0].text == "yes"
    postback = fb.parse_webhook(json.dumps(payloads.fb_postback("psid1", "/book_consultation", "Book")).encode())
    assert postback.messages[0].text == "/book_consultation"
    delivery = fb.parse_webhook(json.dumps(payloads.fb_delivery("psid1")).encode())
    assert delivery.messages == [] and delivery.ignored == 1
    echo = payloads.fb_message("page", "our own reply")
    echo["entry"][0]["messaging"][0]["message"]["is_echo"] = True
    assert fb.parse_webhook(json.dumps(echo).encode()).messages == []
    for bad in (b"{", b"[]", b'{"object": "page", "entry": [{"id": "1"}]}',
                b'{"object": "page", "entry": [{"messaging": [{"message": {"text": "x"}}]}]}'):
        with pytest.raises(fb.MalformedPayload):
            fb.parse_webhook(bad)


def test_messenger_quick_replies_up_to_13_then_numbered_text() -> None:
    [body] = fb.send_bodies("psid1", "Are you 18 or older?", YES_NO)
    assert body == {"recipient": {"id": "psid1"}, "messaging_type": "RESPONSE", "message": {
        "text": "Are you 18 or older?", "quick_replies": [{"content_type": "text", "title": "Yes", "payload": "yes"},
                                                          {"content_type": "text", "title": "No", "payload": "no"}]}}
    many = [(f"Option {i}", f"o{i}") for i in range(1, 15)]
    [body] = fb.send_bodies("psid1", "Pick", many)
    assert "quick_replies" not in body["message"] and "14. Option 14" in body["message"]["text"]
    assert fb.send_url("") == "https://graph.facebook.com/v21.0/me/messages"
    assert fb.handshake({"hub.mode": "subscribe", "hub.verify_token": "v", "hub.challenge": "c"}, "v") == "c"
    assert fb.handshake({"hub.mode": "subscribe", "hub.verify_token": "w", "hub.challenge": "c"}, "v") is None
