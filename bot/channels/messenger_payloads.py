"""Messenger Platform payloads: webhook signature and parsing, Send API bodies. Standard library only.

Webhooks (``object: page``) carry ``entry[].messaging[]`` events: ``message``
(text, ``quick_reply.payload``, attachments; ``is_echo`` for our own) and
``postback`` (``payload``); delivery and read events are ignored. Meta signs
them with ``X-Hub-Signature-256`` (and the older SHA-1 ``X-Hub-Signature``).
Buttons are quick replies (≤13, titles ≤20 characters), else numbered text.
"""
from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass, field
from typing import Any, Mapping, Optional, Sequence

from bot.channels.buttons import Choice, numbered_text, shorten, split_text
from bot.channels.ids import conversation_id

GRAPH_BASE_URL = "https://graph.facebook.com"
GRAPH_VERSION = "v21.0"
SIGNATURE_HEADER, SHA1_HEADER = "X-Hub-Signature-256", "X-Hub-Signature"
MAX_QUICK_REPLIES, QUICK_REPLY_TITLE, QUICK_REPLY_PAYLOAD = 13, 20, 1000
TEXT_LIMIT = 2000


class MalformedPayload(ValueError):
    """The body is not a Messenger webhook."""


@dataclass(frozen=True)
class MessengerInbound:
    message_id: str
    sender: str
    text: Optional[str]
    sent_at: Optional[float] = None


@dataclass
class MessengerNotification:
    messages: list[MessengerInbound] = field(default_factory=list)
    ignored: int = 0


def sign(app_secret: str, body: bytes, algorithm: str = "sha256") -> str:
    return f"{algorithm}=" + hmac.new(app_secret.encode(), body, getattr(hashlib, algorithm)).hexdigest()


def signature_ok(app_secret: str, body: bytes, sha256_header: Optional[str], sha1_header: Optional[str]) -> bool:
    """The SHA-256 signature when present (it always is today), else the SHA-1 one; constant time."""
    if not app_secret:
        return False
    header, algorithm = (sha256_header, "sha256") if sha256_header else (sha1_header, "sha1")
    if not header:
        return False
    return hmac.compare_digest(sign(app_secret, body, algorithm).encode(), header.strip().encode())


def parse_webhook(body: bytes) -> MessengerNotification:
    """The visitors' messages and button presses. Raises :class:`MalformedPayload` for anything else."""
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError, RecursionError) as error:
        raise MalformedPayload("not JSON") from error
    if not isinstance(data, dict) or not isinstance(data.get("entry"), list):
        raise MalformedPayload("no entry list")
    try:
        return _notification(data)
    except (AttributeError, TypeError, KeyError, ValueError, OverflowError) as error:   # unexpected field types
        raise MalformedPayload("unexpected shape") from error


def _notification(data: dict[str, Any]) -> MessengerNotification:
    result = MessengerNotification()
    if data.get("object") not in (None, "page"):
        return result
    for entry in data["entry"]:
        events = entry.get("messaging") if isinstance(entry, dict) else None
        if not isinstance(events, list):
            raise MalformedPayload("entry without messaging")
        for event in events:
            parsed = _event(event)
            if parsed is None:
                result.ignored += 1
            else:
                result.messages.append(parsed)
    return result


def _event(event: Any) -> Optional[MessengerInbound]:
    if not isinstance(event, dict) or not isinstance(event.get("sender"), dict):
        raise MalformedPayload("event without sender")
    sender = conversation_id(event["sender"].get("id"))
    if sender is None:
        raise MalformedPayload("bad sender id")
    sent_at = float(event["timestamp"]) / 1000 if isinstance(event.get("timestamp"), (int, float)) else None
    message, postback = event.get("message"), event.get("postback")
    if isinstance(message, Mapping) and not message.get("is_echo"):
        mid = str(message.get("mid") or f"{sender}:{event.get('timestamp')}")
        quick = message.get("quick_reply") or {}
        if quick.get("payload"):
            return MessengerInbound(mid, sender, str(quick["payload"]), sent_at)
        text = message.get("text")
        return MessengerInbound(mid, sender, str(text) if isinstance(text, str) else None, sent_at)
    if isinstance(postback, Mapping) and postback.get("payload"):
        mid = str(postback.get("mid") or f"{sender}:{event.get('timestamp')}:postback")
        return MessengerInbound(mid, sender, str(postback["payload"]), sent_at)
    return None                     # echoes, deliveries, reads, reactions


def handshake(params: Mapping[str, str], verify_token: str) -> Optional[str]:
    token = params.get("hub.verify_token") or ""
    if (params.get("hub.mode") != "subscribe" or not verify_token
            or not hmac.compare_digest(token.encode(), verify_token.encode())):
        return None
    return params.get("hub.challenge") or ""


def send_bodies(psid: str, text: str, options: Sequence[Choice] = ()) -> list[dict[str, Any]]:
    """Send API bodies (``messaging_type: RESPONSE``); buttons as quick replies on the last one."""
    titles = [shorten(title, QUICK_REPLY_TITLE) for title, _ in options]
    native = (0 < len(options) <= MAX_QUICK_REPLIES and len(set(titles)) == len(titles)
              and all(0 < len(payload) <= QUICK_REPLY_PAYLOAD for _, payload in options))
    if options and not native:
        text = numbered_text(text, options)
    parts = split_text(text, TEXT_LIMIT) or ["Please choose:"]
    bodies: list[dict[str, Any]] = [{"recipient": {"id": psid}, "messaging_type": "RESPONSE",
                                     "message": {"text": part}} for part in parts]
    if options and native:
        bodies[-1]["message"]["quick_replies"] = [{"content_type": "text", "title": title, "payload": payload}
                                                  for title, (_, payload) in zip(titles, options)]
    return bodies


def send_url(base_url: str, version: str = GRAPH_VERSION) -> str:
    return f"{(base_url or GRAPH_BASE_URL).rstrip('/')}/{version or GRAPH_VERSION}/me/messages"
