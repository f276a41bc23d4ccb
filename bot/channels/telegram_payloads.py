"""Telegram Bot API payloads: webhook secret, update parsing, ``sendMessage`` bodies. Standard library only.

Telegram authenticates webhooks with the ``secret_token`` given to
``setWebhook``, sent back in the ``X-Telegram-Bot-Api-Secret-Token`` header.
Buttons are inline keyboards, one button per row, ``callback_data`` = payload
(1–64 bytes; a longer payload is replaced by the button's number).
"""
from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from typing import Any, Optional, Sequence

from bot.channels.buttons import Choice, button_id, split_text
from bot.channels.ids import conversation_id

API_BASE_URL = "https://api.telegram.org"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
CALLBACK_DATA_BYTES = 64
TEXT_LIMIT = 4096
START_COMMAND, START_TEXT = "/start", "hello"


class MalformedUpdate(ValueError):
    """The body is not a Telegram update."""


@dataclass(frozen=True)
class TelegramInbound:
    update_id: int
    chat_id: str
    text: Optional[str]
    callback_query_id: Optional[str] = None
    sent_at: Optional[float] = None


def webhook_secret(bot_token: str, configured: str = "") -> str:
    """The configured secret, else one derived from the bot token (hex: allowed by Telegram, 64 chars)."""
    if configured:
        return configured
    return hmac.new(bot_token.encode(), b"studio-telegram-webhook", hashlib.sha256).hexdigest()


def secret_ok(header: Optional[str], expected: str) -> bool:
    return bool(header) and bool(expected) and hmac.compare_digest(str(header).encode(), expected.encode())


def parse_update(body: bytes) -> Optional[TelegramInbound]:
    """A private chat's text message or button press; None for updates the bot ignores.

    Raises :class:`MalformedUpdate` for a body that is not an update. Group chats,
    edited messages, channel posts and media are ignored (None, or ``text=None`` for media).
    """
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError, RecursionError) as error:
        raise MalformedUpdate("not JSON") from error
    update_id = data.get("update_id") if isinstance(data, dict) else None
    if not isinstance(update_id, int) or isinstance(update_id, bool):
        raise MalformedUpdate("no update_id")
    try:
        return _update(data)
    except (AttributeError, TypeError, KeyError, ValueError, OverflowError) as error:   # a field of another type
        raise MalformedUpdate("unexpected shape") from error


def _chat_id(chat: dict[str, Any]) -> str:
    chat_id = conversation_id(chat.get("id"))
    if chat_id is None:
        raise MalformedUpdate("bad chat id")
    return chat_id


def _update(data: dict[str, Any]) -> Optional[TelegramInbound]:
    update_id = data["update_id"]
    query = data.get("callback_query")
    if isinstance(query, dict):
        message = query.get("message") or {}
        chat = message.get("chat") or {}
        if chat.get("type", "private") != "private" or "id" not in chat or not query.get("id"):
            return None
        data_text = query.get("data")
        return TelegramInbound(update_id, _chat_id(chat), data_text if isinstance(data_text, str) else "",
                               str(query["id"])[:64])
    message = data.get("message")
    if not isinstance(message, dict):
        return None
    chat = message.get("chat")
    if not isinstance(chat, dict) or "id" not in chat:
        raise MalformedUpdate("message without chat")
    if chat.get("type") != "private":
        return None
    text = message.get("text")
    if isinstance(text, str) and text.strip().split("@")[0] == START_COMMAND:
        text = START_TEXT
    date = message.get("date")
    return TelegramInbound(update_id, _chat_id(chat), text if isinstance(text, str) else None,
                           sent_at=float(date) if isinstance(date, (int, float)) else None)


def send_messages(chat_id: str, text: str, options: Sequence[Choice] = ()) -> list[dict[str, Any]]:
    """``sendMessage`` bodies; the last one carries the inline keyboard."""
    parts = split_text(text, TEXT_LIMIT) or ["Please choose:"]
    bodies: list[dict[str, Any]] = [{"chat_id": chat_id, "text": part} for part in parts]
    if options:
        keyboard = [[{"text": title, "callback_data": button_id(payload, i, CALLBACK_DATA_BYTES, "utf-8")}]
                    for i, (title, payload) in enumerate(options, 1)]
        bodies[-1]["reply_markup"] = {"inline_keyboard": keyboard}
    return bodies


def set_webhook_body(url: str, secret: str) -> dict[str, Any]:
    return {"url": url, "secret_token": secret, "allowed_updates": ["message", "callback_query"]}


def method_url(base_url: str, bot_token: str, method: str) -> str:
    return f"{(base_url or API_BASE_URL).rstrip('/')}/bot{bot_token}/{method}"
