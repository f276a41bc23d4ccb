"""A local fake of the Telegram Bot API: ``/bot<token>/sendMessage``, ``answerCallbackQuery``, ``setWebhook``.

Checks the documented limits (text 1–4096 characters, ``callback_data`` 1–64 bytes,
``secret_token`` 1–256 of ``A-Z a-z 0-9 _ -``) and answers ``{"ok": true, "result": ...}``
or ``{"ok": false, "error_code", "description"}``.
"""
from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from typing import Any, Optional

from aiohttp import web

from tests.fakes.recording import RecordingServer

SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")


def telegram_error(status: int, description: str) -> web.Response:
    return web.json_response({"ok": False, "error_code": status, "description": description}, status=status)


def send_message_problem(body: Any) -> Optional[str]:
    if not isinstance(body, dict) or "chat_id" not in body:
        return "Bad Request: chat_id is empty"
    text = body.get("text")
    if not isinstance(text, str) or not 0 < len(text) <= 4096:
        return "Bad Request: message text is empty or too long"
    markup = body.get("reply_markup")
    if markup is not None:
        rows = markup.get("inline_keyboard")
        if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
            return "Bad Request: inline keyboard must be an array of arrays"
        for button in (b for row in rows for b in row):
            if not button.get("text") or not 0 < len(str(button.get("callback_data", "")).encode()) <= 64:
                return "Bad Request: BUTTON_DATA_INVALID"
    return None


@dataclass
class FakeTelegramApi(RecordingServer):
    name: str = "fake-telegram-api"
    token: str = "123456:TEST-telegram-token"
    problems: list[str] = field(default_factory=list)
    webhook: dict[str, Any] = field(default_factory=dict)

    def routes(self, app: web.Application) -> None:
        app.router.add_post("/bot{token}/{method}", self._method)

    def error(self, status: int) -> web.Response:
        return telegram_error(status, "Too Many Requests: retry after 1" if status == 429 else "Internal Server Error")

    def sent(self, chat_id: Optional[str] = None) -> list[dict[str, Any]]:
        return [r.json for r in self.calls("/sendMessage", delivered=True) if isinstance(r.json, dict)
                and (chat_id is None or str(r.json.get("chat_id")) == str(chat_id))]

    async def _method(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return telegram_error(401, "Unauthorized")
        method, body = request.match_info["method"], await request.json()
        if method == "sendMessage":
            problem = send_message_problem(body)
            if problem:
                self.problems.append(problem)
                return telegram_error(400, problem)
            return web.json_response({"ok": True, "result": {
                "message_id": len(self.requests), "date": int(time.time()), "text": body["text"],
                "chat": {"id": body["chat_id"], "type": "private"}}})
        if method == "answerCallbackQuery":
            return web.json_response({"ok": True, "result": True})
        if method == "setWebhook":
            if not SECRET.fullmatch(str(body.get("secret_token", "x"))):
                self.problems.append("bad secret_token")
                return telegram_error(400, "Bad Request: secret token contains unallowed characters")
            self.webhook = body
            return web.json_response({"ok": True, "result": True, "description": "Webhook was set"})
        return telegram_error(404, "Not Found: method not found")
