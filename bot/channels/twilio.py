"""Twilio connector (SMS, and WhatsApp through Twilio): Rasa's, made safe (runs in the Rasa environment).

What changes from ``rasa.core.channels.twilio``:

* every webhook must carry a valid ``X-Twilio-Signature`` (401 without, 403 wrong; nothing
  is processed). Rasa checked nothing, so anyone could post messages in a visitor's name.
  The signature covers the public URL Twilio calls: set ``webhook_url`` (``TWILIO_WEBHOOK_URL``)
  when the server is behind a proxy, otherwise the URL of the request is used;
* buttons are sent as numbered options ("1. Yes") and "1", "2" … pick them;
* a ``MessageSid`` is handled once; status callbacks are ignored; malformed bodies get 400;
* the limits of :mod:`bot.limits`: body size (413), unauthenticated posts per address (429),
  message length and per-sender rate (a kind reply);
* messages are sent with the REST API over aiohttp (Rasa's client blocked the event loop),
  with timeouts and retries; the 24-hour window of WhatsApp is respected.

Credentials (``bot.channels.twilio.TwilioInput``): ``account_sid``, ``auth_token``,
``twilio_number`` (e.g. ``whatsapp:+14155238886`` or an SMS number), ``webhook_url``,
``api_base_url``.
"""
from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional, Text

import aiohttp
from rasa.core.channels.channel import InputChannel, OutputChannel
from rasa.core.channels.twilio import TwilioInput as RasaTwilioInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels import twilio_payloads as tw
from bot.channels.base import ChoiceOutput, Messaging, OnNewMessage
from bot.channels.buttons import Choice
from bot.channels.guard import guarded, limit_request_size
from bot.channels.window import OPEN

logger = logging.getLogger(__name__)
NAME = "twilio"


class TwilioOutput(ChoiceOutput):
    """Sends SMS / WhatsApp messages through Twilio's Messages API."""

    @classmethod
    def name(cls) -> Text:
        return NAME

    def __init__(self, state: Messaging, account_sid: str, auth_token: str, number: str,
                 api_base_url: str = "") -> None:
        self.state, self.number = state, number
        self.url = tw.messages_url(api_base_url, account_sid)
        self.auth = aiohttp.BasicAuth(account_sid, auth_token)

    async def _send(self, recipient_id: Text, text: str, options: List[Choice]) -> None:
        if recipient_id.startswith("whatsapp:") and await self.state.window.decide(recipient_id) != OPEN:
            logger.info("twilio: outside WhatsApp's 24-hour window, message dropped")
            return
        for form in tw.message_forms(recipient_id, self.number, text, options):
            await self.state.sender.post(self.url, form=form, auth=self.auth, label="twilio send")

    async def send_image_url(self, recipient_id: Text, image: Text, **kwargs: Any) -> None:
        await self.state.sender.post(self.url, form={"To": recipient_id, "From": self.number, "MediaUrl": image},
                                     auth=self.auth, label="twilio send")


class TwilioInput(RasaTwilioInput):
    """Twilio message webhooks, authenticated by their signature."""

    @classmethod
    def name(cls) -> Text:
        return NAME

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        if not credentials or not credentials.get("account_sid") or not credentials.get("auth_token"):
            cls.raise_missing_credentials_exception()
        assert credentials is not None                 # the call above raises (typed only where Rasa is installed)
        return cls(str(credentials["account_sid"]), str(credentials["auth_token"]),
                   str(credentials.get("twilio_number") or ""), webhook_url=str(credentials.get("webhook_url") or ""),
                   api_base_url=str(credentials.get("api_base_url") or ""))

    def __init__(self, account_sid: Optional[Text], auth_token: Optional[Text], twilio_number: Optional[Text],
                 debug_mode: bool = False, webhook_url: str = "", api_base_url: str = "") -> None:
        super().__init__(account_sid, auth_token, twilio_number, debug_mode)
        self.webhook_url, self.api_base_url = webhook_url, api_base_url
        self.state = Messaging(NAME)

    def get_output_channel(self) -> OutputChannel:
        return TwilioOutput(self.state, self.account_sid or "", self.auth_token or "", self.twilio_number or "",
                            self.api_base_url)

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        webhook = Blueprint("twilio_webhook", __name__)
        self.state.close_on_stop(webhook)
        limit_request_size(webhook, self.state.gate)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        @guarded(NAME, self.state.gate)
        async def receive(request: Request) -> HTTPResponse:
            header = request.headers.get(tw.SIGNATURE_HEADER)
            if not header:
                return response.text("missing signature", status=401)
            try:
                params = tw.parse_form(request.body or b"")
            except tw.MalformedForm:
                return response.text("malformed", status=400)
            if not tw.signature_ok(self.webhook_url or request.url, params, header, self.auth_token or ""):
                logger.warning("twilio: webhook with a wrong signature refused")
                return response.text("invalid signature", status=403)
            try:
                message = tw.parse_message(params)
            except tw.MalformedForm:
                return response.text("malformed", status=400)
            if message is not None:
                await self._handle(message, on_new_message)
            return response.text(tw.EMPTY_TWIML, content_type="text/xml")

        return webhook

    async def _handle(self, message: tw.TwilioInbound, on_new_message: OnNewMessage) -> None:
        output = self.get_output_channel()
        if message.text is None:
            await self.state.unreadable(output, message.sender, message.message_sid)
            return
        if message.text:
            await self.state.deliver(on_new_message, output, message.sender, message.text, message.message_sid)
