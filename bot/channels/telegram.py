"""Telegram connector: Rasa's, made safe and with usable buttons (runs in the Rasa environment).

What changes from ``rasa.core.channels.telegram``:

* every update must carry ``X-Telegram-Bot-Api-Secret-Token`` (403 otherwise); the secret
  is given to ``setWebhook`` at start-up (``TELEGRAM_SECRET_TOKEN``, else derived from the
  bot token). Rasa's only check was the bot's user name, which anyone can send;
* nothing is fetched at import or on every update (Rasa called ``getMe`` each time);
  a failed ``setWebhook`` is logged, it does not stop the server;
* buttons are an inline keyboard with one button per row, ``callback_data`` = payload;
  button presses are acknowledged (``answerCallbackQuery``); "2" picks the second button;
* an update id is handled once; only private chats are answered; malformed bodies get 400;
* the limits of :mod:`bot.limits`: body size (413), unauthenticated posts per address (429),
  message length and per-chat rate (a kind reply), messages older than ``MAX_MESSAGE_AGE`` ignored.

Credentials (``bot.channels.telegram.TelegramInput``): ``access_token``, ``verify``
(bot name, kept for compatibility), ``webhook_url``, ``secret_token``, ``api_base_url``.
"""
from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional, Text

from rasa.core.channels.channel import InputChannel, OutputChannel
from rasa.core.channels.telegram import TelegramInput as RasaTelegramInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels import telegram_payloads as tg
from bot.channels.base import Messaging, OnNewMessage
from bot.channels.buttons import choices
from bot.channels.guard import guarded, limit_request_size

logger = logging.getLogger(__name__)
NAME = "telegram"


class TelegramOutput(OutputChannel):
    """Sends messages with the Bot API over aiohttp."""

    @classmethod
    def name(cls) -> Text:
        return NAME

    def __init__(self, state: Messaging, token: str, api_base_url: str = "") -> None:
        self.state, self.token, self.api_base_url = state, token, api_base_url

    async def call(self, method: str, body: Dict[str, Any]) -> None:
        await self.state.sender.post(tg.method_url(self.api_base_url, self.token, method), json_body=body,
                                     label=f"telegram {method}")

    async def send_text_message(self, recipient_id: Text, text: Text, **kwargs: Any) -> None:
        for body in tg.send_messages(recipient_id, text):
            await self.call("sendMessage", body)

    async def send_text_with_buttons(self, recipient_id: Text, text: Text, buttons: List[Dict[Text, Any]],
                                     **kwargs: Any) -> None:
        options = choices(buttons)
        await self.state.remember(recipient_id, options)
        for body in tg.send_messages(recipient_id, text or "", options):
            await self.call("sendMessage", body)

    async def send_quick_replies(self, recipient_id: Text, text: Text, quick_replies: List[Dict[Text, Any]],
                                 **kwargs: Any) -> None:
        await self.send_text_with_buttons(recipient_id, text, quick_replies, **kwargs)

    async def send_image_url(self, recipient_id: Text, image: Text, **kwargs: Any) -> None:
        await self.call("sendPhoto", {"chat_id": recipient_id, "photo": image})

    async def send_custom_json(self, recipient_id: Text, json_message: Dict[Text, Any], **kwargs: Any) -> None:
        """A ``sendMessage`` body (``text`` and e.g. ``reply_markup``); ``chat_id`` is filled in."""
        if isinstance(json_message, dict) and json_message.get("text"):
            await self.call("sendMessage", {**json_message, "chat_id": recipient_id})


class TelegramInput(RasaTelegramInput):
    """Telegram webhooks, authenticated by the secret token."""

    @classmethod
    def name(cls) -> Text:
        return NAME

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        if not credentials or not credentials.get("access_token"):
            cls.raise_missing_credentials_exception()
        assert credentials is not None                 # the call above raises (typed only where Rasa is installed)
        return cls(str(credentials["access_token"]), str(credentials.get("verify") or ""),
                   str(credentials.get("webhook_url") or ""), secret_token=str(credentials.get("secret_token") or ""),
                   api_base_url=str(credentials.get("api_base_url") or ""))

    def __init__(self, access_token: Optional[Text], verify: Optional[Text], webhook_url: Optional[Text],
                 debug_mode: bool = False, secret_token: str = "", api_base_url: str = "") -> None:
        super().__init__(access_token, verify, webhook_url, debug_mode)
        self.secret = tg.webhook_secret(access_token or "", secret_token)
        self.api_base_url = api_base_url
        self.state = Messaging(NAME)

    def get_output_channel(self) -> TelegramOutput:
        return TelegramOutput(self.state, self.access_token or "", self.api_base_url)

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        webhook = Blueprint("telegram_webhook", __name__)
        self.state.close_on_stop(webhook)
        limit_request_size(webhook, self.state.gate)

        @webhook.listener("after_server_start")
        async def register_webhook(*_: Any) -> None:
            if self.webhook_url:
                await self.get_output_channel().call("setWebhook", tg.set_webhook_body(self.webhook_url, self.secret))

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        @guarded(NAME, self.state.gate)
        async def receive(request: Request) -> HTTPResponse:
            header = request.headers.get(tg.SECRET_HEADER)
            if not header:
                return response.text("missing secret token", status=401)
            if not tg.secret_ok(header, self.secret):
                logger.warning("telegram: update with a wrong secret token refused")
                return response.text("invalid secret token", status=403)
            try:
                update = tg.parse_update(request.body or b"")
            except tg.MalformedUpdate:
                return response.text("malformed", status=400)
            if update is not None:
                await self._handle(update, on_new_message)
            return response.text("success")

        return webhook

    async def _handle(self, update: tg.TelegramInbound, on_new_message: OnNewMessage) -> None:
        if not await self.state.claim(str(update.update_id)):
            return
        output = self.get_output_channel()
        if update.callback_query_id:
            await output.call("answerCallbackQuery", {"callback_query_id": update.callback_query_id})
        if update.text is None:
            await self.state.unreadable(output, update.chat_id, str(update.update_id), update.sent_at,
                                        claimed=True)
            return
        if update.text.strip():
            await self.state.deliver(on_new_message, output, update.chat_id, update.text, str(update.update_id),
                                     update.sent_at, claimed=True)
