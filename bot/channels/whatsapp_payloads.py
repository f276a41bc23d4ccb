"""WhatsApp Cloud API payloads: webhook signature and parsing, and the bodies of outbound messages.

Standard library only (no Rasa), so it is unit-tested in the app environment.
Shapes follow Meta's reference: webhooks deliver
``entry[].changes[].value.messages[]`` (``text``, ``interactive`` with
``button_reply`` / ``list_reply``, template ``button``) and
``...value.statuses[]``; messages are sent with
``POST /{version}/{phone_number_id}/messages``.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import math
from dataclasses import dataclass, field
from typing import Any, Mapping, Optional, Sequence

from bot.channels.buttons import Choice, button_id, numbered_text, shorten, split_text
from bot.channels.ids import conversation_id

GRAPH_BASE_URL = "https://graph.facebook.com"
GRAPH_VERSION = "v21.0"
SIGNATURE_HEADER = "X-Hub-Signature-256"
MAX_BUTTONS, BUTTON_TITLE, BUTTON_ID = 3, 20, 256
MAX_ROWS, ROW_TITLE, ROW_DESCRIPTION, ROW_ID = 10, 24, 72, 200
LIST_BUTTON, SECTION_TITLE = 20, 24
INTERACTIVE_BODY, TEXT_BODY = 1024, 4096
LIST_BUTTON_LABEL = "Choose"
TEXT_ONLY_REPLY = "Sorry, I can only read text messages here. Please type your answer."


class MalformedPayload(ValueError):
    """The body is not a WhatsApp webhook notification."""


@dataclass(frozen=True)
class Inbound:
    """One message a visitor sent. ``text`` is None for media and other types the bot cannot read."""

    message_id: str
    sender: str
    text: Optional[str]
    kind: str
    timestamp: Optional[float]
    phone_number_id: str = ""


@dataclass
class Notification:
    messages: list[Inbound] = field(default_factory=list)
    statuses: int = 0
    failed_codes: list[int] = field(default_factory=list)     # error codes of "failed" statuses


def sign(app_secret: str, body: bytes) -> str:
    """The ``X-Hub-Signature-256`` value Meta sends for ``body``."""
    return "sha256=" + hmac.new(app_secret.encode(), body, hashlib.sha256).hexdigest()


def signature_ok(app_secret: str, body: bytes, header: Optional[str]) -> bool:
    """Whether ``header`` is the HMAC-SHA256 of the raw body with the app secret (constant time)."""
    if not app_secret or not header:
        return False
    return hmac.compare_digest(sign(app_secret, body).encode(), header.strip().encode())


def handshake(params: Mapping[str, str], verify_token: str) -> Optional[str]:
    """The ``hub.challenge`` to echo for a valid verification request, else None."""
    token = params.get("hub.verify_token") or ""
    if (params.get("hub.mode") != "subscribe" or not verify_token
            or not hmac.compare_digest(token.encode(), verify_token.encode())):
        return None
    return params.get("hub.challenge") or ""


def _reply_text(message: Mapping[str, Any]) -> tuple[Optional[str], str]:
    kind = str(message.get("type") or "")
    if kind == "text":
        body = (message.get("text") or {}).get("body")
        return (body if isinstance(body, str) else None), "text"
    if kind == "interactive":
        interactive = message.get("interactive") or {}
        sub = str(interactive.get("type") or "")
        reply = interactive.get(sub) or {}
        if sub in ("button_reply", "list_reply") and reply.get("id") is not None:
            return str(reply["id"]), sub
        return None, sub or kind
    if kind == "button":                      # a quick-reply button of a template
        button = message.get("button") or {}
        value = button.get("payload") or button.get("text")
        return (str(value) if value is not None else None), "template_button"
    return None, kind


def _timestamp(value: Any) -> Optional[float]:
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):
        return None
    return number if math.isfinite(number) else None


def _failed_code(status: Mapping[str, Any]) -> int:
    errors = status.get("errors") or [{}]
    try:
        return int(errors[0].get("code") or 0)
    except (AttributeError, TypeError, ValueError):
        return 0


def parse_webhook(body: bytes) -> Notification:
    """The visitors' messages and the number of status events in a notification.

    Raises :class:`MalformedPayload` when the body is not JSON of the documented
    shape. Reactions are dropped; other unreadable types come with ``text=None``.
    """
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError, RecursionError) as error:
        raise MalformedPayload("not JSON") from error
    if not isinstance(data, dict) or not isinstance(data.get("entry"), list):
        raise MalformedPayload("no entry list")
    try:
        return _notification(data)
    except (AttributeError, TypeError, KeyError, ValueError, OverflowError) as error:    # a field of an unexpected type
        raise MalformedPayload("unexpected shape") from error


def _notification(data: dict[str, Any]) -> Notification:
    result = Notification()
    if data.get("object") not in (None, "whatsapp_business_account"):
        return result
    for entry in data["entry"]:
        if not isinstance(entry, dict) or not isinstance(entry.get("changes", []), list):
            raise MalformedPayload("bad entry")
        for change in entry.get("changes", []):
            value = change.get("value") if isinstance(change, dict) else None
            if not isinstance(value, dict):
                raise MalformedPayload("bad change")
            phone_number_id = str((value.get("metadata") or {}).get("phone_number_id") or "")
            statuses, messages = value.get("statuses") or [], value.get("messages") or []
            if not isinstance(statuses, list) or not isinstance(messages, list):
                raise MalformedPayload("bad messages")
            result.statuses += len(statuses)
            result.failed_codes += [_failed_code(status) for status in statuses
                                    if isinstance(status, dict) and status.get("status") == "failed"]
            for message in messages:
                if not isinstance(message, dict) or not message.get("id") or not message.get("from"):
                    raise MalformedPayload("message without id or sender")
                if conversation_id(message["from"]) is None or isinstance(message["id"], (dict, list)):
                    raise MalformedPayload("bad id or sender")
                text, kind = _reply_text(message)
                if kind == "reaction":
                    continue
                result.messages.append(Inbound(str(message["id"]), str(message["from"]), text, kind,
                                               _timestamp(message.get("timestamp")), phone_number_id))
    return result


# --- outbound ---------------------------------------------------------------------------------------

def _envelope(to: str, kind: str, content: dict[str, Any]) -> dict[str, Any]:
    return {"messaging_product": "whatsapp", "recipient_type": "individual", "to": to, "type": kind,
            kind: content}


def text_messages(to: str, text: str) -> list[dict[str, Any]]:
    """Text messages (split at 4096 characters); links get no preview."""
    return [_envelope(to, "text", {"preview_url": False, "body": part}) for part in split_text(text, TEXT_BODY)]


def _unique(titles: Sequence[str]) -> bool:
    return len(set(titles)) == len(titles)


def reply_buttons(to: str, body: str, options: Sequence[Choice]) -> Optional[dict[str, Any]]:
    """An interactive reply-buttons message (up to 3), or None if the titles do not fit."""
    titles = [shorten(title, BUTTON_TITLE) for title, _ in options]
    if not 1 <= len(options) <= MAX_BUTTONS or not _unique(titles):
        return None
    buttons = [{"type": "reply", "reply": {"id": button_id(payload, i, BUTTON_ID), "title": title}}
               for i, ((_, payload), title) in enumerate(zip(options, titles), 1)]
    return _envelope(to, "interactive", {"type": "button", "body": {"text": body},
                                         "action": {"buttons": buttons}})


def list_message(to: str, body: str, options: Sequence[Choice]) -> Optional[dict[str, Any]]:
    """An interactive list message (up to 10 rows), or None if the titles do not fit."""
    titles = [shorten(title, ROW_TITLE) for title, _ in options]
    if not 1 <= len(options) <= MAX_ROWS or not _unique(titles):
        return None
    rows = []
    for i, ((title, payload), short) in enumerate(zip(options, titles), 1):
        row: dict[str, Any] = {"id": button_id(payload, i, ROW_ID), "title": short}
        if short != title:
            row["description"] = shorten(title, ROW_DESCRIPTION)
        rows.append(row)
    return _envelope(to, "interactive", {"type": "list", "body": {"text": body},
                                         "action": {"button": LIST_BUTTON_LABEL,
                                                    "sections": [{"title": "Options", "rows": rows}]}})


def _body_and_lead_in(text: str) -> tuple[list[str], str]:
    """Text too long for an interactive body: leading paragraphs go first as text, the rest is the body."""
    text = text.strip() or "Please choose:"
    if len(text) <= INTERACTIVE_BODY:
        return [], text
    paragraphs = text.split("\n\n")
    body = paragraphs.pop()
    while paragraphs and len(paragraphs[-1]) + 2 + len(body) <= INTERACTIVE_BODY:
        body = paragraphs.pop() + "\n\n" + body
    if len(body) > INTERACTIVE_BODY:
        paragraphs.append(body)
        body = "Please choose:"
    return ["\n\n".join(paragraphs)], body


def render(to: str, text: str, options: Sequence[Choice]) -> list[dict[str, Any]]:
    """The messages for a bot reply: reply buttons (≤3), a list (≤10) or numbered text, else plain text."""
    if not options:
        return text_messages(to, text)
    lead_in, body = _body_and_lead_in(text)
    native = reply_buttons(to, body, options) if len(options) <= MAX_BUTTONS else None
    native = native or list_message(to, body, options)
    if native is None:
        return text_messages(to, numbered_text(text, options))
    return [message for part in lead_in for message in text_messages(to, part)] + [native]


def template_message(to: str, name: str, language: str = "en") -> dict[str, Any]:
    """An approved template without parameters (the only thing allowed outside the 24-hour window)."""
    return _envelope(to, "template", {"name": name, "language": {"code": language}})


def graph_url(base_url: str, version: str, phone_number_id: str) -> str:
    return f"{(base_url or GRAPH_BASE_URL).rstrip('/')}/{version or GRAPH_VERSION}/{phone_number_id}/messages"

