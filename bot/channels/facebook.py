"""Messenger connector: Rasa's, with proper rejections and buttons (runs in the Rasa environment).

What changes from ``rasa.core.channels.facebook``:

* the ``X-Hub-Signature-256`` signature is checked (SHA-1 only if that is all there is);
  a missing one gets 401, a wrong one 403 (Rasa answered 200 "not validated");
  the verification handshake answers 403 to a wrong token;
* buttons are quick replies (up to 13, Rasa sent no options at all beyond 3), else numbered
  text; "2" picks the second option;
* a message id is handled once; malformed bodies get 400; echoes, deliveries and reads are ignored;
* the limits of :mod:`bot.limits`: body size (413), unauthenticated posts per address (429),
  message length and per-sender rate (a kind reply), messages older than ``MAX_MESSAGE_AGE`` ignored;
* messages are sent with the Send API over aiohttp (Rasa's client blocked the event loop),
  with timeouts and retries, only within the 24-hour standard-messaging window.

Credentials (``bot.channels.facebook.FacebookInput``): ``verify``, ``secret``,
``page-access-token``, ``api_base_url``, ``api_version``.
"""
from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional, Text

from rasa.core.channels.channel import InputChannel, OutputChannel
from rasa.core.channels.facebook import FacebookInput as RasaFacebookInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels import messenger_payloads as fb
from bot.channels.base import ChoiceOutput, Messaging, OnNewMessage
from bot.channels.buttons import Choice
from bot.channels.guard import guarded, limit_request_size
from bot.channels.window import OPEN

logger = logging.getLogger(__name__)
NAME = "facebook"


class MessengerOutput(ChoiceOutput):
    """Sends messages with the Messenger Send API."""

    @classmethod
    def name(cls) -> Text:
        return NAME

    def __init__(self, state: Messaging, page_access_token: str, api_base_url: str = "",
                 api_version: str = fb.GRAPH_VERSION) -> None:
        self.state = state
        self.url = fb.send_url(api_base_url, api_version)
        self.params = {"access_token": page_access_token}

    async def _send(self, recipient_id: Text, text: str, options: List[Choice]) -> None:
        if await self.state.window.decide(recipient_id) != OPEN:
            logger.info("facebook: outside the 24-hour window, message dropped")
            return
        for body in fb.send_bodies(recipient_id, text, options):
            await self.state.sender.post(self.url, json_body=body, params=self.params, label="facebook send")

    async def send_image_url(self, recipient_id: Text, image: Text, **kwargs: Any) -> None:
        if await self.state.window.decide(recipient_id) == OPEN:
            body = {"recipient": {"id": recipient_id}, "messaging_type": "RESPONSE",
                    "message": {"attachment": {"type": "image", "payload": {"url": image, "is_reusable": True}}}}
            await self.state.sender.post(self.url, json_body=body, params=self.params, label="facebook send")


class FacebookInput(RasaFacebookInput):
    """Messenger webhooks, authenticated by their signature."""

    @classmethod
    def name(cls) -> Text:
        return NAME

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        if not credentials or not credentials.get("secret") or not credentials.get("page-access-token"):
            cls.raise_missing_credentials_exception()
        assert credentials is not None                 # the call above raises (typed only where Rasa is installed)
        return cls(str(credentials.get("verify") or ""), str(credentials["secret"]),
                   str(credentials["page-access-token"]), api_base_url=str(credentials.get("api_base_url") or ""),
                   api_version=str(credentials.get("api_version") or fb.GRAPH_VERSION))

    def __init__(self, fb_verify: Text, fb_secret: Text, fb_access_token: Text, api_base_url: str = "",
                 api_version: str = fb.GRAPH_VERSION) -> None:
        super().__init__(fb_verify, fb_secret, fb_access_token)
        self.api_base_url, self.api_version = api_base_url, api_version
        self.state = Messaging(NAME)

    def get_output_channel(self) -> OutputChannel:
        return MessengerOutput(self.state, self.fb_access_token, self.api_base_url, self.api_version)

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        webhook = Blueprint("fb_webhook", __name__)
        self.state.close_on_stop(webhook)
        limit_request_size(webhook, self.state.gate)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["GET"])
        @guarded(NAME, self.state.gate)
        async def verify(request: Request) -> HTTPResponse:
            challenge = fb.handshake({key: request.args.get(key) for key in request.args}, self.fb_verify)
            if challenge is None:
                return response.text("forbidden", status=403)
            return response.text(challenge)

        @webhook.route("/webhook", methods=["POST"])
        @guarded(NAME, self.state.gate)
        async def receive(request: Request) -> HTTPResponse:
            body = request.body or b""
            sha256, sha1 = request.headers.get(fb.SIGNATURE_HEADER), request.headers.get(fb.SHA1_HEADER)
            if not sha256 and not sha1:
                return response.text("missing signature", status=401)
            if not fb.signature_ok(self.fb_secret, body, sha256, sha1):
                logger.warning("facebook: webhook with a wrong signature refused")
                return response.text("invalid signature", status=403)
            try:
                notification = fb.parse_webhook(body)
            except fb.MalformedPayload:
                return response.text("malformed", status=400)
            await self._handle(notification, on_new_message)
            return response.text("success")

        return webhook

    async def _handle(self, notification: fb.MessengerNotification, on_new_message: OnNewMessage) -> None:
        output = self.get_output_channel()
        for message in notification.messages:
            if message.text is None:
                await self.state.unreadable(output, message.sender, message.message_id, message.sent_at)
                continue
            if message.text.strip():
                await self.state.deliver(on_new_message, output, message.sender, message.text, message.message_id,
                                         message.sent_at)
