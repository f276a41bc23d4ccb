"""Property-based fuzzing of every channel endpoint of the real Rasa server (issue 15, finding 10).

Random and hostile bodies, correctly signed where the platform signs, are posted
to the REST channel, the WhatsApp Cloud, Telegram, Twilio and Messenger webhooks
and sent as socket.io events. Whatever arrives: never a 5xx, never a traceback
in the Rasa server's log, and nothing stored but well-formed messages of
well-formed conversation ids. (The Cal.com webhook is fuzzed in
tests/booking/test_calcom_webhook.py.)
"""
from __future__ import annotations

import json
import secrets
import time
from typing import Any, Iterator
from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.channels import messenger_payloads as fb
from bot.channels import telegram_payloads as tg
from bot.channels import twilio_payloads as tw
from bot.channels import whatsapp_payloads as wa
from bot.channels.ids import SENDER
from tests.channels import payloads
from tests.channels.clients import http
from tests.channels.conftest import FACEBOOK_SECRET, TELEGRAM_SECRET, TWILIO_NUMBER, WHATSAPP_SECRET, Fakes
from tests.channels.socketio_client import SocketClient
from tests.channels.visitors import RasaLog, rest_post
from tests.harness import Assistant

#: the fixture ``nothing_goes_wrong`` checks once around all the examples of a test, on purpose
HEALTH = [HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=HEALTH)

# --- strategies ---------------------------------------------------------------------------------------------

LEAF = (st.none() | st.booleans() | st.integers(min_value=-(2**70), max_value=2**70)
        | st.floats(allow_nan=False) | st.text(max_size=30))
JSON = st.recursive(LEAF, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=10), inner,
                                                                                     max_size=3), max_leaves=10)
HOSTILE_TEXT = st.sampled_from([
    "", " ", "/restart", "/greet{\"name\": \"x\"}", "/nlu_fallback", "/session_start", "hi\x00there", "\u202e" * 5,
    "<script>alert(1)</script>", "'; DROP TABLE events; --", "{{7*7}}", "%s%s%s%n", "../../etc/passwd",
    "x" * 2001, "é" * 1999, "🙂" * 500, "1", "2", "yes", "stop", "delete my data"])
TEXT = st.one_of(HOSTILE_TEXT, st.text(max_size=60))
SOMETHING = st.one_of(TEXT, JSON)
RAW = st.one_of(st.binary(max_size=200), st.just(b"[" * 3000 + b"]" * 3000), st.just(b"{" * 20000),
                st.just(b'{"entry": [' + b"[" * 5000 + b"]]}"), st.just(b'{"a": NaN, "b": Infinity}'),
                st.just(b'{"a": "\\ud800"}'), st.just(b"\xff\xfe\x00"))


def now_or(other: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.builds(lambda: int(time.time())), other)


def wa_message() -> st.SearchStrategy[dict[str, Any]]:
    kind = st.sampled_from(["text", "interactive", "button", "image", "reaction", "sticker", "unknown"])
    return st.fixed_dictionaries({
        "from": st.one_of(st.from_regex(r"44770\d{7}", fullmatch=True), SOMETHING),
        "id": st.one_of(st.builds(payloads.wamid), SOMETHING),
        "timestamp": now_or(SOMETHING), "type": st.one_of(kind, SOMETHING)}, optional={
        "text": st.one_of(st.fixed_dictionaries({"body": SOMETHING}), SOMETHING),
        "interactive": st.one_of(st.fixed_dictionaries({"type": st.sampled_from(["button_reply", "list_reply"]),
                                                        "button_reply": JSON, "list_reply": JSON}), SOMETHING),
        "button": SOMETHING, "context": SOMETHING})


WHATSAPP = st.fixed_dictionaries({
    "object": st.one_of(st.just("whatsapp_business_account"), SOMETHING),
    "entry": st.one_of(st.lists(st.fixed_dictionaries({"id": SOMETHING, "changes": st.one_of(st.lists(
        st.fixed_dictionaries({"field": st.just("messages"), "value": st.one_of(st.fixed_dictionaries({}, optional={
            "metadata": st.one_of(st.just({"phone_number_id": payloads.PHONE_NUMBER_ID}), SOMETHING),
            "messages": st.one_of(st.lists(wa_message(), max_size=2), SOMETHING),
            "statuses": st.one_of(st.lists(JSON, max_size=2), SOMETHING)}), SOMETHING)}), max_size=2),
        SOMETHING)}), max_size=2), SOMETHING)})

TELEGRAM = st.fixed_dictionaries({"update_id": st.one_of(st.integers(min_value=1, max_value=2**40), SOMETHING)},
                                 optional={
    "message": st.one_of(st.fixed_dictionaries({
        "chat": st.one_of(st.fixed_dictionaries({"id": st.one_of(st.integers(min_value=1, max_value=10**12),
                                                                 SOMETHING),
                                                 "type": st.one_of(st.just("private"), SOMETHING)}), SOMETHING)},
        optional={"text": SOMETHING, "date": now_or(SOMETHING), "photo": JSON}), SOMETHING),
    "callback_query": st.one_of(st.fixed_dictionaries({"id": SOMETHING, "data": SOMETHING, "message": JSON}),
                                SOMETHING),
    "edited_message": JSON})

TWILIO = st.dictionaries(st.sampled_from(["MessageSid", "SmsMessageSid", "From", "Body", "NumMedia", "MessageStatus",
                                          "To", "AccountSid"]) | st.text(max_size=8),
                         st.one_of(TEXT, st.sampled_from(["whatsapp:+447700900123", "SM" + "a" * 32, "0", "1",
                                                          "x", "-1", "1e400"])), max_size=8)

MESSENGER = st.fixed_dictionaries({
    "object": st.one_of(st.just("page"), SOMETHING),
    "entry": st.one_of(st.lists(st.fixed_dictionaries({"messaging": st.one_of(st.lists(st.fixed_dictionaries({
        "sender": st.one_of(st.fixed_dictionaries({"id": st.one_of(st.from_regex(r"\d{16}", fullmatch=True),
                                                                   SOMETHING)}), SOMETHING),
        "timestamp": st.one_of(st.builds(lambda: int(time.time() * 1000)), SOMETHING)}, optional={
        "message": st.one_of(st.fixed_dictionaries({"mid": SOMETHING, "text": SOMETHING},
                                                   optional={"quick_reply": SOMETHING, "is_echo": SOMETHING}),
                             SOMETHING),
        "postback": st.one_of(st.fixed_dictionaries({"payload": SOMETHING, "mid": SOMETHING}), SOMETHING)}),
        max_size=2), SOMETHING)}), max_size=2), SOMETHING)})

REST = st.one_of(st.fixed_dictionaries({"sender": st.one_of(st.from_regex(r"fuzz-[a-z0-9]{8}", fullmatch=True),
                                                             SOMETHING)},
                                       optional={"message": SOMETHING, "metadata": SOMETHING,
                                                 "input_channel": SOMETHING}), JSON)


def another_address() -> str:
    """A client address per example (not ``random``: Hypothesis seeds it the same for every example)."""
    return f"2001:db8::{secrets.token_hex(2)}:{secrets.token_hex(2)}"


WA_ID = st.from_regex(r"44770\d{7}", fullmatch=True)
#: well-formed deliveries of hostile text: these reach NLU and the actions
WHATSAPP_TEXT = st.builds(payloads.wa_text, WA_ID, TEXT)
TELEGRAM_TEXT = st.builds(payloads.tg_message, st.integers(min_value=10**8, max_value=10**9), TEXT,
                          st.integers(min_value=1, max_value=2**40))
MESSENGER_TEXT = st.builds(payloads.fb_message, st.from_regex(r"\d{16}", fullmatch=True), TEXT)
TWILIO_TEXT = st.builds(lambda sender, text: payloads.twilio_form(sender, text, TWILIO_NUMBER, "AC" + "0" * 32),
                        st.from_regex(r"whatsapp:\+44770\d{7}", fullmatch=True), TEXT)


def as_body(value: Any) -> bytes:
    return value if isinstance(value, bytes) else json.dumps(value).encode()


# --- the parsers alone: any bytes give a result or the parser's own error, nothing else -------------------


PARSE = settings(max_examples=300, deadline=None)


@PARSE
@given(data=st.one_of(WHATSAPP_TEXT, WHATSAPP, JSON, RAW))
def test_whatsapp_parser(data: Any) -> None:
    try:
        wa.parse_webhook(as_body(data))
    except wa.MalformedPayload:
        pass


@PARSE
@given(data=st.one_of(TELEGRAM_TEXT, TELEGRAM, JSON, RAW))
def test_telegram_parser(data: Any) -> None:
    try:
        update = tg.parse_update(as_body(data))
    except tg.MalformedUpdate:
        return
    assert update is None or SENDER.fullmatch(update.chat_id)


@PARSE
@given(data=st.one_of(MESSENGER_TEXT, MESSENGER, JSON, RAW))
def test_messenger_parser(data: Any) -> None:
    try:
        notification = fb.parse_webhook(as_body(data))
    except fb.MalformedPayload:
        return
    assert all(SENDER.fullmatch(message.sender) for message in notification.messages)


@PARSE
@given(form=st.one_of(TWILIO_TEXT, TWILIO), raw=st.one_of(st.none(), RAW))
def test_twilio_parser(form: dict[str, str], raw: Any) -> None:
    try:
        params = tw.parse_form(raw if raw is not None else urlencode(form).encode())
        message = tw.parse_message(params)
    except tw.MalformedForm:
        return
    assert message is None or SENDER.fullmatch(message.sender)


# --- what must hold whatever was sent ------------------------------------------------------------------------


@pytest.fixture
def nothing_goes_wrong(messaging_assistant: Assistant) -> Iterator[None]:
    """After the test: no traceback in the Rasa log, only well-formed ids and texts in the tracker store."""
    log = RasaLog(messaging_assistant)
    start = messaging_assistant.tracker_rows("SELECT COALESCE(MAX(id), 0) AS n FROM events")[0]["n"]
    yield
    time.sleep(1)
    written = log.text()
    assert "Traceback" not in written, written[-3000:]
    assert "Exception occurred while handling" not in written, written[-3000:]
    rows = messaging_assistant.tracker_rows("SELECT sender_id, type_name, data FROM events WHERE id > :n", n=start)
    for row in rows:
        assert SENDER.fullmatch(row["sender_id"]), row["sender_id"]
        if row["type_name"] == "user":
            text = json.loads(row["data"]).get("text")
            assert isinstance(text, str) and len(text) <= 2000, text


def check(status: int, allowed: tuple[int, ...] = (200, 400)) -> None:
    assert status in allowed, status
    assert status < 500


# --- the webhooks, correctly signed --------------------------------------------------------------------------


@pytest.mark.conversation
@FUZZ
@given(data=st.one_of(WHATSAPP_TEXT, WHATSAPP, JSON, RAW))
def test_whatsapp_webhook(messaging_assistant: Assistant, nothing_goes_wrong: None, data: Any) -> None:
    body = as_body(data)
    url = f"{messaging_assistant.rasa_url}/webhooks/whatsapp_cloud/webhook"
    check(http("POST", url, body, {"Content-Type": "application/json",
                                   wa.SIGNATURE_HEADER: wa.sign(WHATSAPP_SECRET, body)})[0])


@pytest.mark.conversation
@FUZZ
@given(data=st.one_of(TELEGRAM_TEXT, TELEGRAM, JSON, RAW))
def test_telegram_webhook(messaging_assistant: Assistant, nothing_goes_wrong: None, data: Any) -> None:
    url = f"{messaging_assistant.rasa_url}/webhooks/telegram/webhook"
    check(http("POST", url, as_body(data), {"Content-Type": "application/json",
                                            "X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET})[0])


@pytest.mark.conversation
@FUZZ
@given(form=st.one_of(TWILIO_TEXT, TWILIO), raw=st.one_of(st.none(), st.none(), RAW))
def test_twilio_webhook(messaging_assistant: Assistant, fakes: Fakes, nothing_goes_wrong: None,
                        form: dict[str, str], raw: Any) -> None:
    url = f"{messaging_assistant.rasa_url}/webhooks/twilio/webhook"
    body = raw if raw is not None else urlencode(form).encode()
    params = tw.parse_form(body) if raw is None else list(form.items())
    headers = {"Content-Type": "application/x-www-form-urlencoded",
               tw.SIGNATURE_HEADER: tw.signature(url, params, fakes.twilio.auth_token)}
    check(http("POST", url, body, headers)[0], (200, 400, 403) if raw is not None else (200, 400))


@pytest.mark.conversation
@FUZZ
@given(data=st.one_of(MESSENGER_TEXT, MESSENGER, JSON, RAW))
def test_messenger_webhook(messaging_assistant: Assistant, nothing_goes_wrong: None, data: Any) -> None:
    body = as_body(data)
    headers = {"Content-Type": "application/json", fb.SIGNATURE_HEADER: fb.sign(FACEBOOK_SECRET, body)}
    check(http("POST", f"{messaging_assistant.rasa_url}/webhooks/facebook/webhook", body, headers)[0])


@pytest.mark.conversation
@FUZZ
@given(data=st.one_of(REST, RAW), token=st.sampled_from(["valid", "valid", "valid", "wrong", None]))
def test_rest_channel(messaging_assistant: Assistant, nothing_goes_wrong: None, data: Any, token: Any) -> None:
    address = another_address()                                # not to use up one address's allowance
    status, answer = rest_post(messaging_assistant, as_body(data), token, {"X-Forwarded-For": address})
    check(status, (200, 400) if token == "valid" else (401,))
    if status == 400:
        assert isinstance(answer, dict) and set(answer) == {"error"}


@pytest.mark.conversation
@FUZZ
@given(query=st.dictionaries(st.sampled_from(["hub.mode", "hub.verify_token", "hub.challenge"]) | st.text(max_size=5),
                             st.text(max_size=20), max_size=4),
       channel=st.sampled_from(["whatsapp_cloud", "facebook"]))
def test_verification_handshakes(messaging_assistant: Assistant, nothing_goes_wrong: None, query: dict[str, str],
                                 channel: str) -> None:
    url = f"{messaging_assistant.rasa_url}/webhooks/{channel}/webhook?{urlencode(query)}"
    headers = {"X-Forwarded-For": another_address()}
    check(http("GET", url, headers=headers)[0], (200, 403))


# --- socket.io events ----------------------------------------------------------------------------------------

EVENT = st.one_of(
    st.tuples(st.just("session_request"), st.one_of(st.fixed_dictionaries({}, optional={
        "session_id": st.one_of(st.from_regex(r"[0-9a-f]{32}", fullmatch=True), SOMETHING),
        "resume_token": SOMETHING}), SOMETHING)),
    st.tuples(st.just("user_uttered"), st.one_of(st.fixed_dictionaries({"message": SOMETHING}, optional={
        "session_id": SOMETHING, "metadata": SOMETHING, "customData": SOMETHING}), SOMETHING)),
    st.tuples(st.one_of(st.just("user_uttered"), st.text(max_size=12)), JSON))
PACKETS = st.lists(st.one_of(EVENT.map(lambda e: "42" + json.dumps(list(e))), st.text(max_size=30),
                             st.sampled_from(['42["user_uttered"]', "42[]", "42", "4", "2", "41", "40{}", "49",
                                              '421["user_uttered", {}]', '451-["x",{"_placeholder":true,"num":0}]'])),
                   min_size=1, max_size=6)


@pytest.mark.conversation
@settings(max_examples=40, deadline=None, suppress_health_check=HEALTH)
@given(packets=PACKETS, mine=st.booleans())
async def test_socketio_events(messaging_assistant: Assistant, nothing_goes_wrong: None, packets: list[str],
                               mine: bool) -> None:
    address = another_address()
    async with SocketClient(messaging_assistant.rasa_url, address) as socket:
        session = await socket.session() if mine else ""
        for packet in packets:
            await socket.raw(packet.replace('"session_id": ""', f'"session_id": "{session}"'))
        await socket.settle(quiet=0.3, timeout=10)
    async with SocketClient(messaging_assistant.rasa_url, address) as probe:   # the server still answers
        assert await probe.session()
