"""Twilio (SMS and WhatsApp through Twilio) payloads: request signatures, inbound forms, outbound messages.

Standard library only. Twilio signs each webhook: ``X-Twilio-Signature`` is the
base64 HMAC-SHA1, keyed with the auth token, of the full webhook URL followed by
every POST parameter name and value, sorted by name. Buttons become numbered
options ("1. Yes"), since neither SMS nor Twilio's WhatsApp text have buttons.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass
from typing import Optional, Sequence
from urllib.parse import parse_qsl, urlsplit, urlunsplit

from bot.channels.buttons import Choice, numbered_text, split_text
from bot.channels.ids import conversation_id

API_BASE_URL = "https://api.twilio.com"
SIGNATURE_HEADER = "X-Twilio-Signature"
BODY_LIMIT = 1600
EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'

Params = list[tuple[str, str]]


class MalformedForm(ValueError):
    """The body is not a Twilio message webhook."""


@dataclass(frozen=True)
class TwilioInbound:
    message_sid: str
    sender: str
    text: Optional[str]


def parse_form(body: bytes) -> Params:
    """The URL-encoded POST parameters, in order. Raises :class:`MalformedForm` for bytes that are not."""
    try:
        return parse_qsl(body.decode("utf-8"), keep_blank_values=True, strict_parsing=bool(body))
    except (UnicodeDecodeError, ValueError) as error:
        raise MalformedForm("not a form") from error


def signature(url: str, params: Params, auth_token: str) -> str:
    data = url + "".join(f"{name}{value}" for name, value in sorted(set(params)))
    return base64.b64encode(hmac.new(auth_token.encode(), data.encode(), hashlib.sha1).digest()).decode()


def _with_and_without_port(url: str) -> list[str]:
    parts = urlsplit(url)
    host = parts.hostname or ""
    default = 443 if parts.scheme == "https" else 80
    netloc_port = f"{host}:{parts.port or default}"
    return [urlunsplit(parts._replace(netloc=host)), urlunsplit(parts._replace(netloc=netloc_port))]


def signature_ok(url: str, params: Params, header: Optional[str], auth_token: str) -> bool:
    """Whether ``header`` signs this request (Twilio signs with or without the port: both are tried)."""
    if not header or not auth_token:
        return False
    return any(hmac.compare_digest(signature(candidate, params, auth_token).encode(), header.strip().encode())
               for candidate in _with_and_without_port(url))


def parse_message(params: Params) -> Optional[TwilioInbound]:
    """The inbound message; None for status callbacks. Raises :class:`MalformedForm` without sid or sender."""
    form = dict(params)
    if "Body" not in form and "MessageStatus" in form:
        return None
    sid, sender = form.get("MessageSid") or form.get("SmsMessageSid"), form.get("From")
    if not sid or not sender:
        raise MalformedForm("no MessageSid or From")
    if conversation_id(sender) is None or len(sid) > 64:
        raise MalformedForm("bad MessageSid or From")
    body = form.get("Body")
    if body is not None:
        body = body.replace("¡", "@")    # some carriers corrupt @ in SMS
    if not body and (form.get("NumMedia") or "0").strip() not in ("", "0"):
        body = None
    return TwilioInbound(sid, sender, body if body is None else body.strip())


def message_forms(to: str, sender: str, text: str, options: Sequence[Choice] = ()) -> list[dict[str, str]]:
    """Form bodies for ``POST /2010-04-01/Accounts/{sid}/Messages.json`` (numbered options, ≤1600 chars each)."""
    return [{"To": to, "From": sender, "Body": part}
            for part in split_text(numbered_text(text, options), BODY_LIMIT)]


def messages_url(base_url: str, account_sid: str) -> str:
    return f"{(base_url or API_BASE_URL).rstrip('/')}/2010-04-01/Accounts/{account_sid}/Messages.json"
