"""The REST channel, for tools, tests and server-to-server use: never open to the public without a secret.

Rasa's own REST channel trusts the ``sender`` (and ``input_channel``) in the body, so
anyone who knows a conversation id could read or change it. This one is only switched
on with ``REST_CHANNEL_TOKEN`` and needs ``Authorization: Bearer <token>`` (401
otherwise); the channel is always ``rest``, whatever the body says; malformed bodies
get a 400 with a short reason and an over-long message (``MAX_MESSAGE_CHARS``) a
kind reply, neither is processed nor stored; nothing the visitor wrote is ever logged.

Limits (:mod:`bot.limits`): bodies above ``MAX_REQUEST_BYTES`` get 413; an address
making many requests without the token gets 429. Callers with the token are the
studio's own tools and servers, so their conversations are rate-limited only with
``RATE_LIMIT_REST=1`` (then 429 with the kind reply as the body).

As on the messaging apps, a typed "2" right after a reply with buttons picks the
second button (:mod:`bot.channels.buttons`): a script or a person typing the
number instead of tapping gets what the number shows.
"""
from __future__ import annotations

import hmac
import logging
import os
from typing import Any, Awaitable, Callable, Optional

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.buttons import choices
from bot.channels.guard import guarded, limit_request_size, request_ip, retry_after
from bot.channels.ids import SENDER
from bot.channels.shared import SharedChoices, choices_from_env
from bot.channels.telegram_payloads import START_COMMAND, START_TEXT
from bot.limits import Gate, Verdict, shared_gate, well_formed

logger = logging.getLogger(__name__)


def authorised(header: Optional[str], token: str) -> bool:
    """Whether ``Authorization`` carries the bearer ``token`` (compared in constant time)."""
    scheme, _, given = (header or "").partition(" ")
    return scheme.lower() == "bearer" and bool(token) and hmac.compare_digest(given.strip().encode(), token.encode())


def read_body(request: Request) -> tuple[Optional[tuple[str, str, dict[str, Any]]], str]:
    """(sender, text, metadata), or None with the reason the body cannot be used."""
    try:
        body = request.json
    except Exception:                      # sanic raises on invalid JSON
        return None, "the body is not JSON"
    if not isinstance(body, dict):
        return None, "the body must be a JSON object"
    sender, text, metadata = body.get("sender"), body.get("message"), body.get("metadata") or {}
    if not isinstance(sender, str) or not SENDER.fullmatch(sender):
        return None, "sender must be 1-128 letters, digits or . _ - @ : +"
    if not well_formed(text):
        return None, "message must be a string of text"
    if not isinstance(metadata, dict):
        return None, "metadata must be an object"
    if text.strip().lower() == START_COMMAND:
        text = START_TEXT                   # a bot client's "/start" opens a chat: a hello, never a restart
    return (sender, text, metadata), ""


class TokenRestInput(InputChannel):
    """``POST /webhooks/rest/webhook`` with ``{"sender": …, "message": …}`` and a bearer token."""

    def __init__(self, token: str, gate: Optional[Gate] = None, memory: Optional[SharedChoices] = None) -> None:
        self.token = token
        self.gate = gate
        self.memory = memory

    @classmethod
    def name(cls) -> str:
        return "rest"

    @classmethod
    def from_credentials(cls, credentials: Optional[dict[str, Any]]) -> InputChannel:
        return cls(str((credentials or {}).get("token") or ""))

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = Blueprint("token_rest_webhook", __name__)
        gate = self.gate = self.gate or shared_gate()
        memory = self.memory = self.memory or choices_from_env(os.environ)
        limit_request_size(webhook, gate)

        @webhook.listener("after_server_stop")
        async def _close(*_: Any) -> None:
            await memory.close()

        @webhook.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        @guarded("rest", gate)
        async def receive(request: Request) -> HTTPResponse:
            if not authorised(request.headers.get("Authorization"), self.token):
                return response.json({"error": "a valid bearer token is needed"}, status=401)
            parsed, problem = read_body(request)
            if parsed is None:
                logger.info("rest: refused a malformed body (%s)", problem)
                return response.json({"error": problem}, status=400)
            sender, text, metadata = parsed
            decision = (await gate.check("rest", sender, text, request_ip(request, gate)) if gate.limits.limit_rest
                        else gate.check_length(text))
            if not decision.accepted:
                logger.info("rest: refused a message (%s, %d characters)", decision.verdict.value, len(text))
                reply = [{"recipient_id": sender, "text": decision.reply}]
                if decision.verdict is Verdict.too_fast:
                    return response.json(reply, status=429, headers=retry_after(decision.retry_after))
                return response.json(reply)
            collector = CollectingOutputChannel()
            await memory.begin_turn(sender)
            try:
                text = await memory.resolve(sender, text)
                await on_new_message(UserMessage(text, collector, sender, input_channel=self.name(),
                                                 metadata=metadata))
                for message in collector.messages:
                    if message.get("buttons"):
                        await memory.remember(sender, choices(message["buttons"]))
            except Exception as error:      # the visitor's words stay out of the log
                logger.error("rest: the message could not be processed (%s)", type(error).__name__)
                return response.json({"error": "the message could not be processed"}, status=500)
            finally:
                await memory.end_turn(sender)
            return response.json(collector.messages)

        return webhook
