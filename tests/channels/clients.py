"""Talking to the real Rasa server through the messaging webhooks, like the platforms do.

Each client signs its webhook the way its platform does, posts it, and reads
the bot's replies from the fake platform API they were sent to. The webhook
answers only after Rasa has handled the message, so by then every reply has
reached the fake.
"""
from __future__ import annotations

import json
import random
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from typing import Any, Optional
from urllib.parse import urlencode

from bot.channels import messenger_payloads as fb
from bot.channels import twilio_payloads as tw
from bot.channels import whatsapp_payloads as wa
from tests.channels import payloads
from tests.fakes.graph_api import FakeGraphApi
from tests.harness import Assistant

UNSIGNED = "unsigned"


def http(method: str, url: str, body: bytes = b"", headers: Optional[dict[str, str]] = None) -> tuple[int, str]:
    request = urllib.request.Request(url, data=body if method == "POST" else None, method=method,
                                     headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def as_reply(message: dict[str, Any]) -> dict[str, Any]:
    """A Cloud API message body as the ``{"text", "buttons"}`` the conversation helpers read."""
    kind = message.get("type")
    if kind == "text":
        return {"text": message["text"]["body"], "format": "text"}
    if kind == "template":
        return {"text": "", "format": "template", "template": message["template"]["name"]}
    interactive = message.get("interactive") or {}
    action = interactive.get("action") or {}
    if interactive.get("type") == "button":
        buttons = [{"title": b["reply"]["title"], "payload": b["reply"]["id"]} for b in action["buttons"]]
    else:
        buttons = [{"title": r["title"], "payload": r["id"]} for s in action["sections"] for r in s["rows"]]
    return {"text": interactive["body"]["text"], "buttons": buttons, "format": interactive.get("type")}


@dataclass
class WhatsAppChat:
    """One WhatsApp user. ``say`` taps a native button when the answer is one of the last buttons' ids."""

    assistant: Assistant
    graph: FakeGraphApi
    app_secret: str
    wa_id: str = field(default_factory=lambda: "4477009" + "".join(random.choices("0123456789", k=5)))
    tap_buttons: bool = True
    last: list[dict[str, Any]] = field(default_factory=list)
    history: list[dict[str, Any]] = field(default_factory=list)
    transcript: list[tuple[str, str]] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"{self.assistant.rasa_url}/webhooks/whatsapp_cloud/webhook"

    def post(self, data: Any, signature: Optional[str] = None) -> tuple[int, str]:
        """Post a notification (dict or raw bytes), signed with the app secret unless ``signature`` says otherwise."""
        body = data if isinstance(data, bytes) else json.dumps(data).encode()
        headers = {"Content-Type": "application/json"}
        if signature != UNSIGNED:
            headers[wa.SIGNATURE_HEADER] = signature or wa.sign(self.app_secret, body)
        return http("POST", self.url, body, headers)

    def replies_after(self, count: int) -> list[dict[str, Any]]:
        return [as_reply(m) for m in self.graph.whatsapp_messages(self.wa_id)[count:]]

    def send(self, data: Any) -> list[dict[str, Any]]:
        before = len(self.graph.whatsapp_messages(self.wa_id))
        status, _ = self.post(data)
        assert status == 200, status
        self.last = self.replies_after(before)
        self.history.extend(self.last)
        self.transcript.extend(("bot", r["text"]) for r in self.last)
        return self.last

    def say(self, text: str) -> list[dict[str, Any]]:
        self.transcript.append(("visitor", text))
        for reply in reversed(self.last) if self.tap_buttons else []:
            for button in reply.get("buttons") or []:
                if button["payload"] == text:
                    return self.tap(reply, button["title"])
        return self.send(payloads.wa_text(self.wa_id, text))

    def tap(self, reply: dict[str, Any], title: str) -> list[dict[str, Any]]:
        """Tap a reply button or pick a list row, as WhatsApp reports it."""
        button = next(b for b in reply["buttons"] if b["title"] == title)
        make = payloads.wa_button_reply if reply["format"] == "button" else payloads.wa_list_reply
        return self.send(make(self.wa_id, button["payload"], title))


def telegram_post(assistant: Assistant, update: dict[str, Any], secret: Optional[str]) -> tuple[int, str]:
    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers["X-Telegram-Bot-Api-Secret-Token"] = secret
    return http("POST", f"{assistant.rasa_url}/webhooks/telegram/webhook", json.dumps(update).encode(), headers)


def twilio_post(assistant: Assistant, form: dict[str, str], auth_token: Optional[str]) -> tuple[int, str]:
    url = f"{assistant.rasa_url}/webhooks/twilio/webhook"
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    if auth_token is not None:
        headers[tw.SIGNATURE_HEADER] = tw.signature(url, list(form.items()), auth_token)
    return http("POST", url, urlencode(form).encode(), headers)


def messenger_post(assistant: Assistant, data: Any, app_secret: Optional[str]) -> tuple[int, str]:
    body = data if isinstance(data, bytes) else json.dumps(data).encode()
    headers = {"Content-Type": "application/json"}
    if app_secret is not None:
        headers[fb.SIGNATURE_HEADER] = fb.sign(app_secret, body)
        headers[fb.SHA1_HEADER] = fb.sign(app_secret, body, "sha1")
    return http("POST", f"{assistant.rasa_url}/webhooks/facebook/webhook", body, headers)


def tracker_events(assistant: Assistant, sender: str) -> int:
    rows = assistant.tracker_rows("SELECT COUNT(*) AS n FROM events WHERE sender_id = :s", s=sender)
    return int(rows[0]["n"])

