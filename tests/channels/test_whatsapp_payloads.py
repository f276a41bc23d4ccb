"""WhatsApp Cloud API: signature, handshake, webhook parsing and outbound message bodies."""
from __future__ import annotations

import json

import pytest

from bot.channels import whatsapp_payloads as wa
from tests.channels import payloads

SECRET = "app-secret"


def _bytes(data: object) -> bytes:
    return json.dumps(data).encode()


def test_signature_is_hmac_sha256_of_the_raw_body() -> None:
    body = _bytes(payloads.wa_text("447700900123", "hi"))
    header = wa.sign(SECRET, body)
    assert header.startswith("sha256=") and len(header) == 7 + 64
    assert wa.signature_ok(SECRET, body, header)
    assert not wa.signature_ok(SECRET, body + b" ", header)              # any change to the body
    assert not wa.signature_ok("other-secret", body, header)
    assert not wa.signature_ok(SECRET, body, header.replace("sha256=", "sha1="))
    assert not wa.signature_ok(SECRET, body, None)
    assert not wa.signature_ok("", body, wa.sign("", body))              # no secret configured: nothing passes


def test_handshake() -> None:
    good = {"hub.mode": "subscribe", "hub.verify_token": "vt", "hub.challenge": "1158201444"}
    assert wa.handshake(good, "vt") == "1158201444"
    assert wa.handshake({**good, "hub.verify_token": "nope"}, "vt") is None
    assert wa.handshake({**good, "hub.mode": "unsubscribe"}, "vt") is None
    assert wa.handshake(good, "") is None


def test_parse_text_buttons_lists_and_media() -> None:
    for data, text, kind in [(payloads.wa_text("447700900123", "Hello"), "Hello", "text"),
                             (payloads.wa_button_reply("447700900123", "yes", "Yes"), "yes", "button_reply"),
                             (payloads.wa_list_reply("447700900123", "hair loss", "Hair loss"), "hair loss",
                              "list_reply"),
                             (payloads.wa_image("447700900123"), None, "image")]:
        parsed = wa.parse_webhook(_bytes(data))
        assert [(m.sender, m.text, m.kind) for m in parsed.messages] == [("447700900123", text, kind)]
        assert parsed.messages[0].message_id.startswith("wamid.")
        assert parsed.messages[0].phone_number_id == payloads.PHONE_NUMBER_ID
        assert parsed.messages[0].timestamp is not None


def test_status_events_carry_no_messages() -> None:
    parsed = wa.parse_webhook(_bytes(payloads.wa_status("447700900123")))
    assert parsed.messages == [] and parsed.statuses == 1 and parsed.failed_codes == []
    failed = wa.parse_webhook(_bytes(payloads.wa_status("447700900123", "failed")))
    assert failed.messages == [] and failed.failed_codes == [131047]


@pytest.mark.parametrize("body", [b"{not json", b"[]", b'"text"', b"{}", b'{"entry": "x"}',
                                  b'{"entry": [{"changes": [{"value": {"messages": [{"type": "text"}]}}]}]}',
                                  b'{"entry": [{"changes": ["x"]}]}', "é".encode("latin-1")])
def test_malformed_bodies_are_rejected(body: bytes) -> None:
    with pytest.raises(wa.MalformedPayload):
        wa.parse_webhook(body)


def test_up_to_three_buttons_are_reply_buttons_with_payload_ids() -> None:
    [message] = wa.render("447700900123", "Are you 18 or older?", [("Yes", "yes"), ("No", "no")])
    assert message == {"messaging_product": "whatsapp", "recipient_type": "individual", "to": "447700900123",
                       "type": "interactive", "interactive": {
                           "type": "button", "body": {"text": "Are you 18 or older?"},
                           "action": {"buttons": [{"type": "reply", "reply": {"id": "yes", "title": "Yes"}},
                                                  {"type": "reply", "reply": {"id": "no", "title": "No"}}]}}}


def test_four_to_ten_options_are_a_list() -> None:
    options = [("Scar", "scar"), ("Stretch marks", "stretch marks"), ("Hair loss / scalp", "hair loss"),
               ("Vitiligo", "vitiligo"), ("Areola / nipple", "areola"), ("Something else", "something else")]
    [message] = wa.render("447700900123", "What would you like help with?", options)
    interactive = message["interactive"]
    assert interactive["type"] == "list" and len(interactive["action"]["button"]) <= wa.LIST_BUTTON
    rows = interactive["action"]["sections"][0]["rows"]
    assert [(r["id"], r["title"]) for r in rows] == [(p, t) for t, p in options]


def test_long_titles_are_shortened_and_long_payloads_become_numbers() -> None:
    options = [("Injury or an accident at work", "injury"), ("No", "/choose{\"x\": \"" + "y" * 300 + "\"}")]
    [message] = wa.render("1", "Cause?", options)
    buttons = message["interactive"]["action"]["buttons"]
    assert [b["reply"]["title"] for b in buttons] == ["Injury or an accide…", "No"]
    assert all(len(b["reply"]["title"]) <= wa.BUTTON_TITLE for b in buttons)
    assert [b["reply"]["id"] for b in buttons] == ["injury", "2"]
    long_rows = [(f"Option {i}: a very long title indeed", str(i)) for i in range(5)]
    rows = wa.render("1", "Pick", long_rows)[0]["interactive"]["action"]["sections"][0]["rows"]
    assert all(len(r["title"]) <= wa.ROW_TITLE and r["description"].startswith("Option") for r in rows)


def test_titles_that_collide_when_shortened_fall_back_to_a_list_then_numbered_text() -> None:
    options = [("Tuesday 4 March at 10:00", "a"), ("Tuesday 4 March at 11:00", "b")]
    [message] = wa.render("1", "Which time?", options)
    assert message["interactive"]["type"] == "list"             # 24 characters tell them apart
    clash = [("Same beginning of a long title one", "a"), ("Same beginning of a long title two", "b")]
    [message] = wa.render("1", "Which?", clash)
    assert message["type"] == "text" and "1. Same beginning" in message["text"]["body"]


def test_more_than_ten_options_are_numbered_text() -> None:
    options = [(f"Option {i}", f"o{i}") for i in range(1, 13)]
    [message] = wa.render("1", "Pick one", options)
    assert message["type"] == "text"
    body = message["text"]["body"]
    assert body.startswith("Pick one\n\n1. Option 1\n") and "12. Option 12" in body and "Reply with a number" in body


def test_a_long_text_with_buttons_keeps_the_question_with_the_buttons() -> None:
    notice = ("Privacy note. " * 100).strip() + "\n\nDo you agree to answer a few health questions?"
    first, second = wa.render("1", notice, [("Yes", "yes"), ("No", "no")])
    assert first["type"] == "text" and first["text"]["body"].startswith("Privacy note.")
    assert second["interactive"]["body"]["text"] == "Do you agree to answer a few health questions?"
    assert len(second["interactive"]["body"]["text"]) <= wa.INTERACTIVE_BODY


def test_text_is_split_at_4096_and_has_no_link_preview() -> None:
    messages = wa.text_messages("1", "word " * 2000)
    assert len(messages) == 3 and all(len(m["text"]["body"]) <= 4096 for m in messages)
    assert all(m["text"]["preview_url"] is False for m in messages)


def test_template_and_url() -> None:
    assert wa.template_message("1", "follow_up", "en_GB") == {
        "messaging_product": "whatsapp", "recipient_type": "individual", "to": "1", "type": "template",
        "template": {"name": "follow_up", "language": {"code": "en_GB"}}}
    assert wa.graph_url("", "", "123") == "https://graph.facebook.com/v21.0/123/messages"
    assert wa.graph_url("http://127.0.0.1:9/", "v21.0", "123") == "http://127.0.0.1:9/v21.0/123/messages"
