"""The REST channel: no conversation can be read or changed without the channel's own secret."""
from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any, Optional

import pytest

from tests.harness import Assistant

pytestmark = pytest.mark.conversation


def post(assistant: Assistant, body: Any, token: Optional[str]) -> tuple[int, Any]:
    headers = {"Content-Type": "application/json", **({"Authorization": f"Bearer {token}"} if token else {})}
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    request = urllib.request.Request(f"{assistant.rasa_url}/webhooks/rest/webhook", data=data, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def test_without_the_token_nothing_is_read_or_stored(assistant: Assistant) -> None:
    chat = assistant.conversation()
    chat.say("I'd like to check if I'm a good candidate")           # the real visitor, with the token
    for token in (None, "wrong-token"):
        status, _ = post(assistant, {"sender": chat.sender_id, "message": "delete my data"}, token)
        assert status == 401
    rows = assistant.tracker_rows("SELECT data FROM events WHERE sender_id = :s AND type_name = 'user'",
                                  s=chat.sender_id)
    assert [json.loads(r["data"])["text"] for r in rows] == ["I'd like to check if I'm a good candidate"]


def test_the_body_cannot_choose_the_channel(assistant: Assistant) -> None:
    chat = assistant.conversation()
    token = assistant.stack.env["REST_CHANNEL_TOKEN"]
    status, _ = post(assistant, {"sender": chat.sender_id, "message": "hello", "input_channel": "whatsapp"}, token)
    assert status == 200
    rows = assistant.tracker_rows("SELECT data FROM events WHERE sender_id = :s AND type_name = 'user'",
                                  s=chat.sender_id)
    assert [json.loads(r["data"]).get("input_channel") for r in rows] == ["rest"]


@pytest.mark.parametrize("body", [b"", b"not json", [["nested"]], {"sender": "x"}, {"sender": "", "message": "hi"},
                                  {"sender": "a b/../c", "message": "hi"}, {"sender": "x", "message": ["hi"]}])
def test_malformed_bodies_get_a_400_and_store_nothing(assistant: Assistant, body: Any) -> None:
    status, answer = post(assistant, body, assistant.stack.env["REST_CHANNEL_TOKEN"])
    assert status == 400 and "error" in answer


def test_an_over_long_message_gets_a_kind_reply_and_is_not_stored(assistant: Assistant) -> None:
    chat = assistant.conversation()
    status, answer = post(assistant, {"sender": chat.sender_id, "message": "my scar " * 2000},
                          assistant.stack.env["REST_CHANNEL_TOKEN"])
    assert status == 200 and "shorter parts" in answer[0]["text"]
    assert assistant.tracker_rows("SELECT id FROM events WHERE sender_id = :s", s=chat.sender_id) == []


def test_a_typed_number_picks_that_button_of_the_last_reply(assistant: Assistant) -> None:
    """Over REST, as on the messaging apps, "1" after a reply with buttons is the first button."""
    chat = assistant.conversation()
    offer = chat.say("how much is scar camouflage?")
    first = next((r["buttons"][0] for r in offer if r.get("buttons")), None)
    assert first is not None, chat.transcript
    chat.say("1")
    rows = assistant.tracker_rows("SELECT data FROM events WHERE sender_id = :s AND type_name = 'user'",
                                  s=chat.sender_id)
    assert json.loads(rows[-1]["data"])["text"] == first["payload"], chat.transcript
