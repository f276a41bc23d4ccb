"""The WhatsApp Cloud API connector against the real servers, with a fake Graph API capturing the replies."""
from __future__ import annotations

import json
from urllib.parse import urlencode

import pytest

from bot.channels import whatsapp_payloads as wa
from tests.channels import payloads
from tests.channels.clients import UNSIGNED, WhatsAppChat, http, tracker_events
from tests.channels.conftest import WHATSAPP_SECRET, WHATSAPP_VERIFY, Fakes
from tests.conversation.intake_helpers import CONTACT, HEALTHY, asked_slot, run_intake
from tests.harness import Assistant

pytestmark = pytest.mark.conversation
START = "I'd like to check if I'm a good candidate"
GREETING_BUTTONS = ["What is it?", "Am I ready?", "Book a consultation"]


@pytest.fixture
def chat(messaging_assistant: Assistant, fakes: Fakes) -> WhatsAppChat:
    return WhatsAppChat(messaging_assistant, fakes.graph, WHATSAPP_SECRET)


def _user_events(assistant: Assistant, sender: str) -> int:
    rows = assistant.tracker_rows("SELECT COUNT(*) AS n FROM events WHERE sender_id = :s AND type_name = 'user'",
                                  s=sender)
    return int(rows[0]["n"])


def test_verification_handshake(messaging_assistant: Assistant) -> None:
    url = f"{messaging_assistant.rasa_url}/webhooks/whatsapp_cloud/webhook?"
    good = {"hub.mode": "subscribe", "hub.verify_token": WHATSAPP_VERIFY, "hub.challenge": "1158201444"}
    assert http("GET", url + urlencode(good)) == (200, "1158201444")
    assert http("GET", url + urlencode({**good, "hub.verify_token": "guess"}))[0] == 403
    assert http("GET", url + urlencode({**good, "hub.mode": "unsubscribe"}))[0] == 403


def test_a_text_message_is_answered_through_the_graph_api(chat: WhatsAppChat, fakes: Fakes) -> None:
    before = len(fakes.graph.calls("/messages"))
    replies = chat.send(payloads.wa_text(chat.wa_id, "hi"))
    assert [b["title"] for r in replies for b in r.get("buttons", [])] == GREETING_BUTTONS
    request = fakes.graph.calls("/messages")[before]
    assert request.path == f"/v21.0/{payloads.PHONE_NUMBER_ID}/messages"
    assert request.headers["authorization"] == f"Bearer {fakes.graph.access_token}"
    assert request.headers["content-type"].startswith("application/json")
    body = request.json
    assert (body["messaging_product"], body["recipient_type"], body["to"], body["type"]) == (
        "whatsapp", "individual", chat.wa_id, "interactive")
    assert body["interactive"]["type"] == "button"
    assert [b["reply"]["id"] for b in body["interactive"]["action"]["buttons"]] == [
        "What is paramedical micropigmentation?", "/check_suitability", "/book_consultation"]
    assert "welcome" in body["interactive"]["body"]["text"].lower()
    assert fakes.graph.problems == []


@pytest.mark.parametrize("signature", [UNSIGNED, "sha256=" + "0" * 64, wa.sign("another-secret", b"{}"),
                                       "sha1=0123456789abcdef0123456789abcdef01234567", "garbage"])
def test_a_wrongly_signed_post_is_refused_and_nothing_is_processed(chat: WhatsAppChat, signature: str) -> None:
    data = payloads.wa_text(chat.wa_id, "I'd like to book, my email is anna@example.com")
    status, _ = chat.post(data, signature=signature)
    assert status == (401 if signature == UNSIGNED else 403)
    assert chat.graph.whatsapp_messages(chat.wa_id) == []
    assert tracker_events(chat.assistant, chat.wa_id) == 0


def test_a_signature_over_another_body_is_refused(chat: WhatsAppChat) -> None:
    signed = json.dumps(payloads.wa_text(chat.wa_id, "hello")).encode()
    tampered = json.dumps(payloads.wa_text(chat.wa_id, "delete my data")).encode()
    status, _ = chat.post(tampered, signature=wa.sign(WHATSAPP_SECRET, signed))
    assert status == 403
    assert tracker_events(chat.assistant, chat.wa_id) == 0


@pytest.mark.parametrize("body", [b"{not json", b"[]", b'{"object": "whatsapp_business_account"}',
                                  b'{"object": "whatsapp_business_account", "entry": [{"changes": ["x"]}]}'])
def test_malformed_bodies_get_400(chat: WhatsAppChat, body: bytes) -> None:
    assert chat.post(body)[0] == 400


def test_a_message_without_id_is_malformed_and_not_processed(chat: WhatsAppChat) -> None:
    data = payloads.wa_text(chat.wa_id, "hi")
    del data["entry"][0]["changes"][0]["value"]["messages"][0]["id"]
    assert chat.post(data)[0] == 400
    assert tracker_events(chat.assistant, chat.wa_id) == 0 and chat.graph.whatsapp_messages(chat.wa_id) == []


def test_a_replayed_message_is_processed_once(chat: WhatsAppChat) -> None:
    data = payloads.wa_text(chat.wa_id, "hi")
    first = chat.send(data)
    assert first
    for _ in range(2):
        assert chat.send(data) == []                     # acknowledged, not answered again
    assert _user_events(chat.assistant, chat.wa_id) == 1
    assert len(chat.graph.whatsapp_messages(chat.wa_id)) == len(first)
    message_id = data["entry"][0]["changes"][0]["value"]["messages"][0]["id"]
    claimed = chat.assistant.rows("SELECT channel FROM processed_messages WHERE message_id = :m",
                                  m=f"whatsapp_cloud:{message_id}")
    assert claimed == [{"channel": "whatsapp_cloud"}]      # the SQL replay guard (DATABASE_URL is set)


def test_status_events_are_acknowledged_and_ignored(chat: WhatsAppChat) -> None:
    for status in ("sent", "delivered", "read", "failed"):
        assert chat.send(payloads.wa_status(chat.wa_id, status)) == []
    assert tracker_events(chat.assistant, chat.wa_id) == 0


def test_media_gets_a_text_only_reply(chat: WhatsAppChat) -> None:
    [reply] = chat.send(payloads.wa_image(chat.wa_id))
    assert reply == {"text": wa.TEXT_ONLY_REPLY, "format": "text"}
    assert _user_events(chat.assistant, chat.wa_id) == 0


def test_typed_numbers_and_taps_choose_buttons_outside_the_form(chat: WhatsAppChat) -> None:
    chat.tap_buttons = False
    chat.say("hi")
    notice = chat.say("2")                               # the 2nd greeting button: "Am I ready?"
    assert asked_slot(notice) == "health_consent"
    text = "\n".join(r["text"] for r in notice)
    assert "keeps its own copy" in text                  # the messaging-app note of the privacy notice
    assert [b["title"] for b in notice[-1]["buttons"]] == ["Yes", "No"] and notice[-1]["format"] == "button"
    assert asked_slot(chat.say("1")) == "concern"        # "1" → "yes", inside the form too
    assert "2" not in {r["text"] for r in chat.history}


def test_graph_api_errors_are_retried(chat: WhatsAppChat, fakes: Fakes) -> None:
    fakes.graph.fail(500)
    fakes.graph.fail(429, retry_after="0")
    replies = chat.send(payloads.wa_text(chat.wa_id, "hi"))
    assert [b["title"] for r in replies for b in r.get("buttons", [])] == GREETING_BUTTONS
    attempts = [r for r in fakes.graph.calls("/messages")
                if isinstance(r.json, dict) and r.json.get("to") == chat.wa_id]
    assert [r.status for r in attempts][:3] == [500, 429, 200]


def test_a_whole_intake_over_whatsapp(chat: WhatsAppChat, fakes: Fakes) -> None:
    first = chat.say(START)
    assert asked_slot(first) == "health_consent"
    answers = {**CONTACT, **HEALTHY, "concern": "hair loss", "scalp_pattern": "hairline", "scalp_condition": "no"}
    replies, asked = run_intake(chat, first, answers)  # type: ignore[arg-type]
    assert asked[0] == "health_consent" and {"concern", "scalp_pattern", "summary_confirmed"} <= set(asked)
    formats = {r["format"] for r in chat.history}
    assert {"button", "list", "text"} <= formats         # yes/no as reply buttons, 4+ options as lists
    assert fakes.graph.problems == []
    assert all(len(r["text"]) <= 4096 for r in chat.history)
    lead = chat.assistant.rows("SELECT * FROM leads WHERE conversation_id = :c", c=chat.wa_id)
    assert len(lead) == 1, replies
    assert (lead[0]["channel"], lead[0]["concern"], lead[0]["email"]) == ("whatsapp_cloud", "scalp",
                                                                          "anna.smith@example.com")
    assert lead[0]["intake_completed_at"] is not None
    consent = chat.assistant.rows("SELECT channel, granted FROM consent_records WHERE conversation_id = :c",
                                  c=chat.wa_id)
    assert [(c["channel"], c["granted"]) for c in consent] == [("whatsapp_cloud", True)]
    stored = {r["key"]: r["answer"] for r in chat.assistant.rows(
        "SELECT key, answer FROM intake_answers WHERE lead_id = :l", l=lead[0]["id"])}
    assert "hairline" in stored["scalp_pattern"].lower()
