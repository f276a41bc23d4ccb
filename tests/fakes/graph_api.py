"""A local fake of Meta's Graph API: WhatsApp Cloud API messages and the Messenger Send API.

* ``POST /{version}/{phone_number_id}/messages`` with ``Authorization: Bearer <token>``:
  checks the documented limits (text ≤4096; reply buttons 1–3, titles ≤20 and unique,
  ids ≤256; lists ≤10 rows, titles ≤24, ids ≤200, button label ≤20; body ≤1024) and answers
  ``{"messaging_product": "whatsapp", "contacts": [...], "messages": [{"id": "wamid..."}]}``;
* ``POST /{version}/me/messages?access_token=<token>``: Messenger, ``messaging_type``,
  text ≤2000, quick replies ≤13 with titles ≤20; answers ``{"recipient_id", "message_id"}``.

Errors use the Graph error shape. Every problem found is also kept in ``problems``.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any, Optional

from aiohttp import web

from tests.fakes.recording import RecordingServer


def graph_error(status: int, message: str, code: int = 100) -> web.Response:
    return web.json_response({"error": {"message": message, "type": "OAuthException", "code": code,
                                        "fbtrace_id": uuid.uuid4().hex[:20]}}, status=status)


def whatsapp_problem(body: Any) -> Optional[str]:
    """What a real Cloud API would reject in a message body, if anything."""
    if not isinstance(body, dict) or body.get("messaging_product") != "whatsapp" or not body.get("to"):
        return "messaging_product whatsapp and to are required"
    kind = body.get("type")
    if kind == "text":
        text = (body.get("text") or {}).get("body")
        return None if isinstance(text, str) and 0 < len(text) <= 4096 else "text.body must be 1-4096 characters"
    if kind == "template":
        template = body.get("template") or {}
        return None if template.get("name") and (template.get("language") or {}).get("code") else "bad template"
    if kind == "image":
        return None if (body.get("image") or {}).get("link") else "image.link required"
    if kind != "interactive":
        return f"unsupported type {kind!r}"
    interactive = body.get("interactive") or {}
    text = (interactive.get("body") or {}).get("text")
    if not isinstance(text, str) or not 0 < len(text) <= 1024:
        return "interactive.body.text must be 1-1024 characters"
    action = interactive.get("action") or {}
    if interactive.get("type") == "button":
        buttons = action.get("buttons") or []
        replies = [b.get("reply") or {} for b in buttons]
        if not 1 <= len(buttons) <= 3 or any(b.get("type") != "reply" for b in buttons):
            return "1-3 reply buttons"
        if any(not 0 < len(r.get("title") or "") <= 20 for r in replies):
            return "button titles must be 1-20 characters"
        if any(not 0 < len(r.get("id") or "") <= 256 for r in replies):
            return "button ids must be 1-256 characters"
        if len({r["title"] for r in replies}) != len(replies) or len({r["id"] for r in replies}) != len(replies):
            return "button titles and ids must be unique"
        return None
    if interactive.get("type") == "list":
        if not 0 < len(action.get("button") or "") <= 20:
            return "list button label must be 1-20 characters"
        rows = [row for section in action.get("sections") or [] for row in section.get("rows") or []]
        if not 1 <= len(rows) <= 10:
            return "1-10 rows"
        if any(not 0 < len(r.get("title") or "") <= 24 or not 0 < len(r.get("id") or "") <= 200 for r in rows):
            return "row titles ≤24, ids ≤200 characters"
        if any(len(r.get("description") or "") > 72 for r in rows):
            return "row descriptions ≤72 characters"
        if len({r["id"] for r in rows}) != len(rows):
            return "row ids must be unique"
        return None
    return "interactive.type must be button or list"


def messenger_problem(body: Any) -> Optional[str]:
    if not isinstance(body, dict) or not (body.get("recipient") or {}).get("id"):
        return "recipient.id required"
    if body.get("messaging_type") not in ("RESPONSE", "UPDATE", "MESSAGE_TAG"):
        return "messaging_type required"
    message = body.get("message") or {}
    text = message.get("text")
    if "attachment" not in message and (not isinstance(text, str) or not 0 < len(text) <= 2000):
        return "text must be 1-2000 characters"
    replies = message.get("quick_replies")
    if replies is not None:
        if not 1 <= len(replies) <= 13:
            return "1-13 quick replies"
        if any(r.get("content_type") != "text" or not 0 < len(r.get("title") or "") <= 20
               or not 0 < len(str(r.get("payload") or "")) <= 1000 for r in replies):
            return "quick replies: content_type text, title ≤20, payload ≤1000"
    return None


@dataclass
class FakeGraphApi(RecordingServer):
    name: str = "fake-graph-api"
    access_token: str = "test-whatsapp-token"
    phone_number_id: str = "106540352242922"
    page_access_token: str = "test-page-token"
    problems: list[str] = field(default_factory=list)

    def routes(self, app: web.Application) -> None:
        app.router.add_post("/{version}/me/messages", self._messenger)
        app.router.add_post("/{version}/{phone_number_id}/messages", self._whatsapp)

    def error(self, status: int) -> web.Response:
        return graph_error(status, "fake failure", code=4 if status == 429 else 2)

    def whatsapp_messages(self, to: Optional[str] = None) -> list[dict[str, Any]]:
        """The message bodies sent through the Cloud API (to one recipient), in order."""
        return [r.json for r in self.calls("/messages", delivered=True)
                if "/me/" not in r.path and isinstance(r.json, dict) and (to is None or r.json.get("to") == to)]

    def messenger_messages(self, psid: Optional[str] = None) -> list[dict[str, Any]]:
        return [r.json for r in self.calls("/me/messages", delivered=True) if isinstance(r.json, dict)
                and (psid is None or (r.json.get("recipient") or {}).get("id") == psid)]

    async def _whatsapp(self, request: web.Request) -> web.Response:
        if request.headers.get("Authorization") != f"Bearer {self.access_token}":
            return graph_error(401, "Invalid OAuth access token - Cannot parse access token", code=190)
        if request.match_info["phone_number_id"] != self.phone_number_id:
            return graph_error(400, "Unsupported post request. Object does not exist", code=100)
        body = await request.json()
        problem = whatsapp_problem(body)
        if problem:
            self.problems.append(problem)
            return graph_error(400, f"(#100) Invalid parameter: {problem}")
        return web.json_response({"messaging_product": "whatsapp",
                                  "contacts": [{"input": body["to"], "wa_id": body["to"]}],
                                  "messages": [{"id": "wamid." + uuid.uuid4().hex.upper()}]})

    async def _messenger(self, request: web.Request) -> web.Response:
        if request.query.get("access_token") != self.page_access_token:
            return graph_error(401, "Invalid OAuth access token.", code=190)
        body = await request.json()
        problem = messenger_problem(body)
        if problem:
            self.problems.append(problem)
            return graph_error(400, f"(#100) {problem}")
        return web.json_response({"recipient_id": body["recipient"]["id"], "message_id": "m_" + uuid.uuid4().hex})
