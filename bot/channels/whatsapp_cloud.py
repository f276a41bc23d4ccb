"""WhatsApp Cloud API connector for Rasa (runs in the Rasa environment).

In credentials.yml (the launcher writes it from the ``WHATSAPP_*`` variables)::

    bot.channels.whatsapp_cloud.WhatsAppCloudInput:
      verify_token: ...        # chosen by you, entered in Meta's webhook settings
      app_secret: ...          # the Meta app's secret: signs every webhook
      access_token: ...        # system-user token with whatsapp_business_messaging
      phone_number_id: ...     # the business number's id
      api_base_url: ""         # default https://graph.facebook.com (tests point it at a fake)
      api_version: v21.0
      template_name: ""        # optional: sent once instead of free text outside the 24-hour window
      template_language: en

Webhook: ``GET/POST /webhooks/whatsapp_cloud/webhook``. GET answers Meta's
verification handshake. Every POST must carry a valid ``X-Hub-Signature-256``
(401 without one, 403 with a wrong one; nothing is processed); a body that is
not a webhook notification gets 400; status events are acknowledged and
ignored; each message id is handled once, and messages older than
``MAX_MESSAGE_AGE`` are ignored (a replayed capture). Bodies above
``MAX_REQUEST_BYTES`` get 413; an address sending many unsigned or wrongly signed
posts gets 429; over-long messages and a conversation beyond its rate get a kind
reply (see :mod:`bot.limits`). Replies go to the Graph API with the bearer
token: text, reply buttons (≤3), a list (≤10) or numbered text.
"""
from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional, Text

from rasa.core.channels.channel import InputChannel, OutputChannel
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels import whatsapp_payloads as wa
from bot.channels.base import Messaging, OnNewMessage
from bot.channels.buttons import choices
from bot.channels.guard import guarded, limit_request_size
from bot.channels.window import CLOSED, TEMPLATE

logger = logging.getLogger(__name__)
NAME = "whatsapp_cloud"


class WhatsAppCloudOutput(OutputChannel):
    """Sends the bot's messages through the Graph API."""

    @classmethod
    def name(cls) -> Text:
        return NAME

    def __init__(self, state: Messaging, access_token: str, phone_number_id: str, api_base_url: str = "",
                 api_version: str = wa.GRAPH_VERSION, template_name: str = "", template_language: str = "en") -> None:
        self.state = state
        self.url = wa.graph_url(api_base_url, api_version, phone_number_id)
        self.headers = {"Authorization": f"Bearer {access_token}", "Content-Type": "application/json"}
        self.template_name, self.template_language = template_name, template_language

    async def _post(self, body: Dict[str, Any]) -> None:
        await self.state.sender.post(self.url, json_body=body, headers=self.headers, label="whatsapp_cloud send")

    async def _send(self, recipient_id: Text, messages: List[Dict[str, Any]]) -> None:
        decision = await self.state.window.decide(recipient_id, bool(self.template_name))
        if decision == CLOSED:
            logger.info("whatsapp_cloud: outside the 24-hour window, message dropped")
            return
        if decision == TEMPLATE:
            if not await self.state.window.claim_template(recipient_id):     # another replica sent it just now
                return
            await self._post(wa.template_message(recipient_id, self.template_name, self.template_language))
            return
        for message in messages:
            await self._post(message)

    async def send_text_message(self, recipient_id: Text, text: Text, **kwargs: Any) -> None:
        await self._send(recipient_id, wa.text_messages(recipient_id, text))

    async def send_text_with_buttons(self, recipient_id: Text, text: Text, buttons: List[Dict[Text, Any]],
                                     **kwargs: Any) -> None:
        options = choices(buttons)
        await self.state.remember(recipient_id, options)
        await self._send(recipient_id, wa.render(recipient_id, text or "", options))

    async def send_quick_replies(self, recipient_id: Text, text: Text, quick_replies: List[Dict[Text, Any]],
                                 **kwargs: Any) -> None:
        await self.send_text_with_buttons(recipient_id, text, quick_replies, **kwargs)

    async def send_image_url(self, recipient_id: Text, image: Text, **kwargs: Any) -> None:
        await self._send(recipient_id, [{"messaging_product": "whatsapp", "recipient_type": "individual",
                                         "to": recipient_id, "type": "image", "image": {"link": image}}])

    async def send_custom_json(self, recipient_id: Text, json_message: Dict[Text, Any], **kwargs: Any) -> None:
        """A ready Graph API message body (``type`` and its object); ``to`` is filled in."""
        if isinstance(json_message, dict) and json_message.get("type"):
            await self._send(recipient_id, [{"messaging_product": "whatsapp", "recipient_type": "individual",
                                             **json_message, "to": recipient_id}])


class WhatsAppCloudInput(InputChannel):
    """Receives WhatsApp Cloud API webhooks."""

    @classmethod
    def name(cls) -> Text:
        return NAME

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        if not credentials:
            cls.raise_missing_credentials_exception()
        assert credentials is not None                 # the call above raises (typed only where Rasa is installed)
        settings = {k: str(v) for k, v in credentials.items() if v is not None}
        missing = [k for k in ("verify_token", "app_secret", "access_token", "phone_number_id") if not settings.get(k)]
        if missing:
            raise ValueError(f"whatsapp_cloud credentials need {', '.join(missing)}")
        return cls(**{k: settings.get(k, "") for k in (
            "verify_token", "app_secret", "access_token", "phone_number_id", "api_base_url", "api_version",
            "template_name", "template_language")})

    def __init__(self, verify_token: str, app_secret: str, access_token: str, phone_number_id: str,
                 api_base_url: str = "", api_version: str = "", template_name: str = "",
                 template_language: str = "") -> None:
        self.verify_token, self.app_secret = verify_token, app_secret
        self.access_token, self.phone_number_id = access_token, phone_number_id
        self.api_base_url, self.api_version = api_base_url or wa.GRAPH_BASE_URL, api_version or wa.GRAPH_VERSION
        self.template_name, self.template_language = template_name, template_language or "en"
        self.state = Messaging(NAME)

    def get_output_channel(self) -> OutputChannel:
        return WhatsAppCloudOutput(self.state, self.access_token, self.phone_number_id, self.api_base_url,
                                   self.api_version, self.template_name, self.template_language)

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        webhook = Blueprint("whatsapp_cloud_webhook", __name__)
        self.state.close_on_stop(webhook)
        limit_request_size(webhook, self.state.gate)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["GET"])
        @guarded(NAME, self.state.gate)
        async def verify(request: Request) -> HTTPResponse:
            params = {key: request.args.get(key) for key in request.args}
            challenge = wa.handshake(params, self.verify_token)
            if challenge is None:
                logger.warning("whatsapp_cloud: verification request with a wrong token refused")
                return response.text("forbidden", status=403)
            return response.text(challenge)

        @webhook.route("/webhook", methods=["POST"])
        @guarded(NAME, self.state.gate)
        async def receive(request: Request) -> HTTPResponse:
            body = request.body or b""
            header = request.headers.get(wa.SIGNATURE_HEADER)
            if not header:
                return response.text("missing signature", status=401)
            if not wa.signature_ok(self.app_secret, body, header):
                logger.warning("whatsapp_cloud: webhook with a wrong signature refused")
                return response.text("invalid signature", status=403)
            try:
                notification = wa.parse_webhook(body)
            except wa.MalformedPayload:
                return response.text("malformed", status=400)
            await self._handle(notification, on_new_message)
            return response.text("ok")

        return webhook

    async def _handle(self, notification: wa.Notification, on_new_message: OnNewMessage) -> None:
        for code in notification.failed_codes:
            logger.warning("whatsapp_cloud: a reply was not delivered (error %s%s)", code,
                           ", outside the 24-hour window" if code == 131047 else "")
        output = self.get_output_channel()
        for message in notification.messages:
            if message.phone_number_id and message.phone_number_id != self.phone_number_id:
                continue                     # another number of the same business account
            if message.text is None:
                await self.state.unreadable(output, message.sender, message.message_id, message.timestamp)
                continue
            if message.text.strip():
                await self.state.deliver(on_new_message, output, message.sender, message.text, message.message_id,
                                         message.timestamp)
