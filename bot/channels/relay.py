"""The Rasa server's internal relay: the dashboard's way into a conversation (Rasa environment).

Not a messaging channel: an input channel only so that its routes join the Rasa
server, which owns the channel connections (the widget's sockets, the
messaging apps' senders). The web app calls it (:mod:`bot.live.relay_client`):

* ``POST /webhooks/relay/takeover``  ``{conversation_id, staff}``: the bot pauses, the visitor is told
  "<staff> from the studio has joined the chat";
* ``POST /webhooks/relay/reply``     ``{conversation_id, staff, text}``: the practitioner's text to the visitor
  (409 unless taken over);
* ``POST /webhooks/relay/handback``  ``{conversation_id, staff}``: the bot answers again, and says so;
* ``POST /webhooks/relay/notify``    ``{conversation_id, text, buttons?}``: a notice (a booking confirmed or
  declined, a request answered) for the open chat, with up to 3 buttons (``{title, payload}``: other times a
  declined booking can have); ``delivered`` says whether one was open;
* ``POST /webhooks/relay/status``    ``{conversation_id}``: the channel, whether paused, and what a send would do.

Each answer is JSON: ``{channel, paused, delivery}`` (see :mod:`bot.channels.live`). Hardening,
as for the action server: ``Authorization: Bearer <RELAY_TOKEN>`` (else the owner-only
``var/relay-token``, which the web app reads too), compared in constant time (401); JSON bodies
only (415); callers on loopback only unless ``allowed_networks`` lists more (403), and nothing
forwarded by a proxy (403: the relay is never published); addresses failing authentication are
rate limited (429); bodies are capped like every route (413). Conversation ids and texts are never
logged.

credentials.yml::

    bot.channels.relay.RelayInput:
      allowed_networks: []      # e.g. ["10.0.0.0/8"] when the web app runs on another host
"""
from __future__ import annotations

import ipaddress
import logging
import os
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.guard import guarded, limit_request_size
from bot.channels.ids import SENDER
from bot.channels.keys import relay_token
from bot.channels.live import Conversations, Result
from bot.hardening.action_server import bearer_matches, is_json
from bot.limits import shared_gate, well_formed

logger = logging.getLogger(__name__)
NAME = "relay"
LOOPBACK = ("127.0.0.0/8", "::1/128")
FORWARDING_HEADERS = ("x-forwarded-for", "forwarded", "x-real-ip")
MAX_STAFF_NAME = 100
MAX_TEXT = 2000
MAX_BUTTONS = 3
MAX_TITLE = 40
MAX_PAYLOAD = 200
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def networks(extra: Optional[list[str]] = None) -> list[Network]:
    """Loopback plus the configured networks (a bad entry is skipped with a warning)."""
    found: list[Network] = [ipaddress.ip_network(n) for n in LOOPBACK]
    for entry in extra or []:
        try:
            found.append(ipaddress.ip_network(str(entry).strip(), strict=False))
        except ValueError:
            logger.warning("relay: allowed_networks entry %.50r is not a network, ignored", entry)
    return found


def peer_allowed(peer: Optional[str], allowed: list[Network]) -> bool:
    try:
        address = ipaddress.ip_address((peer or "").strip("[]"))
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return any(address in network for network in allowed)


def clean_name(value: Any) -> Optional[str]:
    """A practitioner's display name: 1-100 printable characters."""
    if not isinstance(value, str):
        return None
    name = " ".join(value.split())
    return name if 0 < len(name) <= MAX_STAFF_NAME and name.isprintable() else None


def clean_buttons(value: Any) -> Optional[list[dict[str, str]]]:
    """Up to 3 buttons of a notice: a short printable title and a payload the visitor could have typed (never an
    intent payload starting with "/"); None when they are malformed."""
    if value is None:
        return []
    if not isinstance(value, list) or len(value) > MAX_BUTTONS:
        return None
    found = []
    for button in value:
        if not isinstance(button, dict):
            return None
        title, payload = button.get("title"), button.get("payload")
        if not isinstance(title, str) or not isinstance(payload, str):
            return None
        title, payload = " ".join(title.split()), " ".join(payload.split())
        if not (0 < len(title) <= MAX_TITLE and title.isprintable() and 0 < len(payload) <= MAX_PAYLOAD
                and payload.isprintable() and not payload.startswith("/") and well_formed(payload)):
            return None
        found.append({"title": title, "payload": payload})
    return found


def parse(body: Any, *fields: str) -> tuple[Optional[dict[str, str]], str]:
    """The named fields of a request body, checked; or None and the reason."""
    if not isinstance(body, dict):
        return None, "the body must be a JSON object"
    values: dict[str, str] = {}
    conversation = body.get("conversation_id")
    if not isinstance(conversation, str) or not SENDER.fullmatch(conversation):
        return None, "conversation_id is missing or malformed"
    values["conversation_id"] = conversation
    if "staff" in fields:
        name = clean_name(body.get("staff"))
        if name is None:
            return None, "staff must be a name of 1-100 characters"
        values["staff"] = name
    if "text" in fields:
        text = body.get("text")
        if not isinstance(text, str) or not well_formed(text) or not text.strip() or len(text) > MAX_TEXT:
            return None, f"text must be 1-{MAX_TEXT} characters of text"
        values["text"] = text.strip()
    return values, ""


def parse_buttons(body: Any) -> tuple[Optional[list[dict[str, str]]], str]:
    buttons = clean_buttons(body.get("buttons") if isinstance(body, dict) else None)
    if buttons is None:
        return None, f"buttons must be up to {MAX_BUTTONS} of {{title, payload}} (a payload is text, not an intent)"
    return buttons, ""


class RelayInput(InputChannel):
    """Authenticated internal endpoints for the practitioner's live replies and the visitor's notices."""

    def __init__(self, allowed_networks: Optional[list[str]] = None, token: str = "") -> None:
        self.allowed = networks(allowed_networks)
        self.token = token

    @classmethod
    def name(cls) -> Text:
        return NAME

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "RelayInput":
        extra = (credentials or {}).get("allowed_networks") or []
        return cls([str(n) for n in (extra if isinstance(extra, list) else [extra])])

    def _refusal(self, request: Request) -> Optional[HTTPResponse]:
        if any(header in request.headers for header in FORWARDING_HEADERS) \
                or not peer_allowed(request.ip, self.allowed):
            logger.warning("relay: refused a call from outside the allowed networks")
            return response.json({"error": "forbidden"}, status=403)
        if not bearer_matches(request.headers.get("authorization"), self.token):
            logger.warning("relay: refused a call without the token")
            return response.json({"error": "unauthorized"}, status=401, headers={"WWW-Authenticate": "Bearer"})
        if not is_json(request.headers.get("content-type")):
            return response.json({"error": "the body must be application/json"}, status=415)
        return None

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        relay = Blueprint("relay_webhook", __name__)
        gate = shared_gate()
        limit_request_size(relay, gate)
        if not self.token:
            self.token = relay_token(os.environ)

        def route(path: str, fields: tuple[str, ...],
                  operation: Callable[[Conversations, dict[str, Any]], Awaitable[Result]]) -> None:
            @relay.route(path, methods=["POST"], name=f"relay_{path.strip('/')}")
            @guarded(NAME, gate)
            async def handle(request: Request) -> HTTPResponse:
                refusal = self._refusal(request)
                if refusal is not None:
                    return refusal
                try:
                    body = request.json
                except Exception:
                    return response.json({"error": "the body is not JSON"}, status=400)
                values, reason = parse(body, *fields)
                if values is None:
                    return response.json({"error": reason}, status=400)
                buttons, reason = parse_buttons(body) if "buttons" in fields else ([], "")
                if buttons is None:
                    return response.json({"error": reason}, status=400)
                result = await operation(Conversations(request.app), {**values, "buttons": buttons})
                return response.json(result.body, status=result.status)

        route("/takeover", ("staff",), lambda c, v: c.take_over(v["conversation_id"], v["staff"]))
        route("/reply", ("staff", "text"), lambda c, v: c.reply(v["conversation_id"], v["staff"], v["text"]))
        route("/handback", ("staff",), lambda c, v: c.hand_back(v["conversation_id"], v["staff"]))
        route("/notify", ("text", "buttons"), lambda c, v: c.notify(v["conversation_id"], v["text"], v["buttons"]))
        route("/status", (), lambda c, v: c.status(v["conversation_id"]))
        return relay

