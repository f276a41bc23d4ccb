"""Finding 2: the action server answers Rasa only — a token, JSON bodies, no CORS, loopback.

Forged calls go straight to the running action server of the real stack, as a
web page or a neighbour on the network would send them; the conversation
through Rasa (which has the token) must keep working.
"""
from __future__ import annotations

import json
import os
import subprocess
import urllib.error
import urllib.request
from typing import Any, Optional

import pytest
import yaml

from bot.launcher.paths import APP_BIN
from bot.settings import REPO_ROOT
from tests.conversation.intake_helpers import asked_slot
from tests.harness import Assistant

pytestmark = pytest.mark.conversation
EVIL = "https://evil.example"


def call(url: str, body: Optional[bytes] = None, headers: Optional[dict[str, str]] = None,
         method: Optional[str] = None) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, data=body, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}, error.read()


def actions_url(assistant: Assistant, path: str = "/webhook") -> str:
    return f"http://127.0.0.1:{assistant.stack.ports.actions}{path}"


def forged_call(action: str, sender: str) -> bytes:
    """An action call as Rasa makes it, for another visitor's conversation."""
    tracker: dict[str, Any] = {"sender_id": sender, "slots": {"email": "forged@example.com"}, "latest_message": {},
                               "events": [], "paused": False, "followup_action": None, "active_loop": {},
                               "latest_action_name": None}
    return json.dumps({"next_action": action, "sender_id": sender, "tracker": tracker, "domain": {},
                       "version": "3.6.2"}).encode()


def counts(assistant: Assistant, sender: str) -> tuple[int, ...]:
    events = assistant.tracker_rows("SELECT count(*) AS n FROM events WHERE sender_id = :s", s=sender)[0]["n"]
    tables = ("leads", "consent_records", "erasure_requests", "audit_log")
    return (events, *(assistant.rows(f"SELECT count(*) AS n FROM {t}")[0]["n"] for t in tables))


def test_forged_calls_are_refused_and_change_nothing(assistant: Assistant) -> None:
    chat = assistant.conversation()
    chat.say("hi")
    before = counts(assistant, chat.sender_id)
    token = assistant.stack.env["ACTION_SERVER_TOKEN"]
    attempts = [
        {"Content-Type": "application/json"},                                   # no token
        {"Content-Type": "text/plain", "Origin": EVIL},                         # a web page's "simple" request
        {"Content-Type": "application/json", "Authorization": "Bearer guessed"},
        {"Content-Type": "application/json", "Authorization": token},           # the token, not as a bearer
        {"Content-Type": "application/json", "Authorization": f"Bearer {token[:-1]}"},
    ]
    for action in ("action_confirm_erasure", "action_submit_intake"):
        for headers in attempts:
            status, response_headers, body = call(actions_url(assistant), forged_call(action, chat.sender_id),
                                                  headers)
            assert status == 401, (headers, status, body)
            assert response_headers.get("www-authenticate") == "Bearer"
            assert b"forged@example.com" not in body
        status, _, _ = call(actions_url(assistant) + f"?token={token}", forged_call(action, chat.sender_id),
                            {"Content-Type": "application/json"})
        assert status == 401                                                     # a header only, never the URL
    assert counts(assistant, chat.sender_id) == before


def test_a_body_that_is_not_json_is_refused_even_with_the_token(assistant: Assistant) -> None:
    token = assistant.stack.env["ACTION_SERVER_TOKEN"]
    for content_type in ("text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", ""):
        headers = {"Authorization": f"Bearer {token}", **({"Content-Type": content_type} if content_type else {})}
        status, _, _ = call(actions_url(assistant), forged_call("action_confirm_erasure", "nobody"), headers)
        assert status == 415, content_type


def test_no_cors_for_any_origin(assistant: Assistant) -> None:
    preflight = {"Origin": EVIL, "Access-Control-Request-Method": "POST",
                 "Access-Control-Request-Headers": "content-type, authorization"}
    answers = [call(actions_url(assistant), headers=preflight, method="OPTIONS"),
               call(actions_url(assistant), forged_call("action_confirm_erasure", "x"),
                    {"Origin": EVIL, "Content-Type": "text/plain"}),
               call(actions_url(assistant, "/health"), headers={"Origin": EVIL})]
    for status, headers, _ in answers:
        assert not [h for h in headers if h.startswith("access-control-")], (status, headers)


def test_only_health_is_open(assistant: Assistant) -> None:
    assert call(actions_url(assistant, "/health"))[0] == 200
    assert call(actions_url(assistant, "/actions"))[0] == 401                   # the list of actions too
    token = assistant.stack.env["ACTION_SERVER_TOKEN"]
    status, _, body = call(actions_url(assistant, "/actions"), headers={"Authorization": f"Bearer {token}"})
    assert status == 200 and b"action_confirm_erasure" in body


def test_rasa_sends_the_token_in_a_header_from_an_owner_only_file(assistant: Assistant) -> None:
    endpoints_file = assistant.stack.var_dir / "endpoints.yml"
    assert endpoints_file.stat().st_mode & 0o777 == 0o600
    endpoint = yaml.safe_load(endpoints_file.read_text())["action_endpoint"]
    assert endpoint["headers"]["Authorization"] == f"Bearer {assistant.stack.env['ACTION_SERVER_TOKEN']}"
    assert "token" not in endpoint and "?" not in endpoint["url"]
    assert endpoint["url"].startswith("http://127.0.0.1:")


def test_the_conversation_still_runs_custom_actions(assistant: Assistant) -> None:
    chat = assistant.conversation()
    replies = chat.say("I'd like to check if I'm a good candidate")      # the intake form runs on the action server
    assert asked_slot(replies) == "health_consent", [r.get("text") for r in replies]


def test_the_action_server_does_not_start_without_a_token() -> None:
    env = {k: v for k, v in os.environ.items() if k != "ACTION_SERVER_TOKEN"}
    result = subprocess.run([str(APP_BIN / "python"), "-m", "bot.actions", "--port", "9"], cwd=REPO_ROOT,
                            env={**env, "PYTHONPATH": str(REPO_ROOT)}, capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert "ACTION_SERVER_TOKEN" in result.stderr
