"""A local fake of Twilio's Messages API: ``POST /2010-04-01/Accounts/{sid}/Messages.json``.

HTTP Basic auth with the account SID and auth token, a form with ``To``, ``From``
and ``Body`` (≤1600 characters) or ``MediaUrl``; answers 201 with the message
resource, or Twilio's error shape (``code``, ``message``, ``more_info``, ``status``).
"""
from __future__ import annotations

import base64
import uuid
from dataclasses import dataclass, field
from typing import Any, Optional

from aiohttp import web

from tests.fakes.recording import RecordingServer


def twilio_error(status: int, code: int, message: str) -> web.Response:
    return web.json_response({"code": code, "message": message, "status": status,
                              "more_info": f"https://www.twilio.com/docs/errors/{code}"}, status=status)


@dataclass
class FakeTwilioApi(RecordingServer):
    name: str = "fake-twilio-api"
    account_sid: str = "AC" + "0" * 32
    auth_token: str = "test-twilio-auth-token"
    problems: list[str] = field(default_factory=list)

    def routes(self, app: web.Application) -> None:
        app.router.add_post("/2010-04-01/Accounts/{sid}/Messages.json", self._create)

    def error(self, status: int) -> web.Response:
        return twilio_error(status, 20429 if status == 429 else 20500, "fake failure")

    def sent(self, to: Optional[str] = None) -> list[dict[str, str]]:
        return [r.form for r in self.calls("/Messages.json", delivered=True) if r.form is not None
                and (to is None or r.form.get("To") == to)]

    async def _create(self, request: web.Request) -> web.Response:
        expected = "Basic " + base64.b64encode(f"{self.account_sid}:{self.auth_token}".encode()).decode()
        if request.match_info["sid"] != self.account_sid or request.headers.get("Authorization") != expected:
            return twilio_error(401, 20003, "Authenticate")
        form: dict[str, Any] = dict(await request.post())
        if not form.get("To") or not form.get("From"):
            self.problems.append("To and From required")
            return twilio_error(400, 21604, "A 'To' phone number is required.")
        if not form.get("Body") and not form.get("MediaUrl"):
            self.problems.append("Body or MediaUrl required")
            return twilio_error(400, 21602, "Message body is required.")
        if len(str(form.get("Body") or "")) > 1600:
            self.problems.append("Body over 1600 characters")
            return twilio_error(400, 21617, "The concatenated message body exceeds the 1600 character limit.")
        sid = "SM" + uuid.uuid4().hex
        return web.json_response({"sid": sid, "account_sid": self.account_sid, "to": form["To"],
                                  "from": form["From"], "body": form.get("Body", ""), "status": "queued",
                                  "num_segments": "1", "direction": "outbound-api"}, status=201)
