"""One visitor on each channel of the messaging stack: send a text (signed like the platform), read the replies.

Used by the limit, replay and fuzz tests, which ask the same of every channel.
"""
from __future__ import annotations

import json
import random
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Optional

from bot.channels import whatsapp_payloads as wa
from tests.channels import payloads
from tests.channels.clients import http, messenger_post, telegram_post, twilio_post
from tests.channels.conftest import FACEBOOK_SECRET, TELEGRAM_SECRET, TWILIO_NUMBER, WHATSAPP_SECRET, Fakes
from tests.harness import Assistant

MESSAGING = ("whatsapp_cloud", "telegram", "twilio", "facebook")


@dataclass
class Visitor:
    """A new visitor on ``channel``; ``id`` is their conversation id there."""

    assistant: Assistant
    fakes: Fakes
    channel: str
    id: str = ""
    rest_replies: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.id:
            self.id = {"whatsapp_cloud": lambda: "4477" + str(random.randint(10**7, 10**8)),
                       "telegram": lambda: str(random.randint(10**8, 10**9)),
                       "twilio": lambda: "whatsapp:+4478" + str(random.randint(10**7, 10**8)),
                       "facebook": lambda: str(random.randint(10**15, 10**16)),
                       "rest": lambda: f"limits-{uuid.uuid4().hex[:12]}"}[self.channel]()

    def delivery(self, text: str, sent_at: Optional[float] = None) -> Any:
        """The platform's webhook body for ``text`` (a new message id each time)."""
        if self.channel == "whatsapp_cloud":
            body = payloads.wa_text(self.id, text)
            if sent_at is not None:
                body["entry"][0]["changes"][0]["value"]["messages"][0]["timestamp"] = str(int(sent_at))
            return body
        if self.channel == "telegram":
            update = payloads.tg_message(int(self.id), text, random.randint(10**8, 10**9))
            if sent_at is not None:
                update["message"]["date"] = int(sent_at)
            return update
        if self.channel == "twilio":
            return payloads.twilio_form(self.id, text, TWILIO_NUMBER, self.fakes.twilio.account_sid)
        if self.channel == "facebook":
            body = payloads.fb_message(self.id, text)
            if sent_at is not None:
                body["entry"][0]["messaging"][0]["timestamp"] = int(sent_at * 1000)
            return body
        return {"sender": self.id, "message": text}

    def post(self, body: Any) -> int:
        """Post a webhook body the way the platform does (correctly signed); the HTTP status."""
        if self.channel == "whatsapp_cloud":
            raw = body if isinstance(body, bytes) else json.dumps(body).encode()
            url = f"{self.assistant.rasa_url}/webhooks/whatsapp_cloud/webhook"
            return http("POST", url, raw, {"Content-Type": "application/json",
                                           wa.SIGNATURE_HEADER: wa.sign(WHATSAPP_SECRET, raw)})[0]
        if self.channel == "telegram":
            return telegram_post(self.assistant, body, TELEGRAM_SECRET)[0]
        if self.channel == "twilio":
            return twilio_post(self.assistant, body, self.fakes.twilio.auth_token)[0]
        if self.channel == "facebook":
            return messenger_post(self.assistant, body, FACEBOOK_SECRET)[0]
        status, answer = rest_post(self.assistant, body)
        if isinstance(answer, list):
            self.rest_replies.extend(str(m.get("text") or "") for m in answer if isinstance(m, dict))
        return status

    def say(self, text: str, sent_at: Optional[float] = None) -> int:
        return self.post(self.delivery(text, sent_at))

    def replies(self) -> list[str]:
        """Every text the bot sent this visitor so far."""
        if self.channel == "whatsapp_cloud":
            return [str((m.get("text") or {}).get("body") or (m.get("interactive") or {}).get("body", {}).get("text")
                        or "") for m in self.fakes.graph.whatsapp_messages(self.id)]
        if self.channel == "telegram":
            return [str(m.get("text") or "") for m in self.fakes.telegram.sent(self.id)]
        if self.channel == "twilio":
            return [m.get("Body", "") for m in self.fakes.twilio.sent(self.id)]
        if self.channel == "facebook":
            return [str(m["message"].get("text") or "") for m in self.fakes.graph.messenger_messages(self.id)]
        return list(self.rest_replies)

    def user_texts(self) -> list[str]:
        """The visitor's messages in the tracker store."""
        rows = self.assistant.tracker_rows(
            "SELECT data FROM events WHERE sender_id = :s AND type_name = 'user' ORDER BY id", s=self.id)
        return [json.loads(r["data"]).get("text") for r in rows]

    def events(self) -> int:
        rows = self.assistant.tracker_rows("SELECT COUNT(*) AS n FROM events WHERE sender_id = :s", s=self.id)
        return int(rows[0]["n"])


def rest_post(assistant: Assistant, body: Any, token: Optional[str] = "valid",
              headers: Optional[dict[str, str]] = None) -> tuple[int, Any]:
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    all_headers = {"Content-Type": "application/json", **(headers or {})}
    if token:
        all_headers["Authorization"] = "Bearer " + (assistant.stack.env["REST_CHANNEL_TOKEN"] if token == "valid"
                                                    else token)
    status, text = http("POST", f"{assistant.rasa_url}/webhooks/rest/webhook", raw, all_headers)
    try:
        return status, json.loads(text) if text else None
    except ValueError:
        return status, text


def wait_until(condition: Callable[[], bool], timeout: float = 60.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return condition()


class RasaLog:
    """What the Rasa server wrote to its log since this object was made."""

    def __init__(self, assistant: Assistant) -> None:
        assert assistant.stack.log_dir is not None
        self.path: Path = assistant.stack.log_dir / "rasa.log"
        self.start = self.path.stat().st_size if self.path.exists() else 0

    def text(self) -> str:
        with open(self.path, "rb") as handle:
            handle.seek(self.start)
            return handle.read().decode("utf-8", "replace")
