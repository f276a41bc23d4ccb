"""The practitioner's side of the live tests: the dashboard of the running web app over HTTP, and the relay."""
from __future__ import annotations

import json
import re
import time
from typing import Any, Optional

import aiohttp

from bot.dashboard import totp
from bot.dashboard.secret import load_secret_key
from bot.live import refs
from tests.dashboard.factories import totp_secret_for
from tests.live.conftest import PASSWORD, PRACTITIONER, Live

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
_last_step: dict[str, int] = {}
_signed_in: dict[tuple[str, str], tuple[dict[str, str], str]] = {}     # (web app, user) -> (cookies, CSRF token)


def next_code(username: str) -> str:
    """A code the server takes: each 30-second step is accepted once per account (and one step ahead)."""
    while True:
        current = totp.current_step(time.time())
        step = max(current, _last_step.get(username, -1) + 1)
        if step <= current + 1:
            _last_step[username] = step
            return totp.code_at(totp_secret_for(username), step * 30)
        time.sleep(1)


def conversation_path(live: Live, conversation_id: str) -> str:
    key = refs.ref_key(load_secret_key({"VAR_DIR": str(live.workdir)}))
    return f"/dashboard/conversations/{refs.ref(key, conversation_id)}"


class Dashboard:
    """A signed-in browser, without the browser: cookies, CSRF token, JSON answers."""

    def __init__(self, live: Live) -> None:
        self.live, self.base = live, live.assistant.web_url
        self.session = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))
        self.token = ""

    async def _csrf(self, path: str) -> str:
        async with self.session.get(self.base + path) as response:
            match = CSRF.search(await response.text())
        assert match, f"no CSRF token on {path}"
        return match.group(1)

    async def sign_in(self, username: str = PRACTITIONER, password: str = PASSWORD) -> "Dashboard":
        """Sign in (password and code), or reuse this test session's sign-in (a code is good once per 30 s)."""
        cached = _signed_in.get((self.base, username))
        if cached is not None:
            self.session.cookie_jar.update_cookies(cached[0])
            async with self.session.get(self.base + "/dashboard/", allow_redirects=False) as response:
                if response.status == 200:
                    self.token = cached[1]
                    return self
            self.session.cookie_jar.clear()
        token = await self._csrf("/dashboard/login")
        async with self.session.post(self.base + "/dashboard/login", allow_redirects=False,
                                     data={"username": username, "password": password, "csrf_token": token}) as r:
            assert r.status == 303, await r.text()
        token = await self._csrf("/dashboard/login/code")
        async with self.session.post(self.base + "/dashboard/login/code", allow_redirects=False,
                                     data={"code": next_code(username), "csrf_token": token}) as r:
            assert r.status == 303 and r.headers["Location"] == "/dashboard/", await r.text()
        self.token = await self._csrf("/dashboard/")
        _signed_in[(self.base, username)] = ({c.key: c.value for c in self.session.cookie_jar}, self.token)
        return self

    async def get(self, path: str) -> tuple[int, str]:
        async with self.session.get(self.base + path) as response:
            return response.status, await response.text()

    async def act(self, path: str, **fields: str) -> dict[str, Any]:
        """POST a live-chat action the way the page's script does; its JSON answer."""
        async with self.session.post(self.base + path, data={**fields, "csrf_token": self.token},
                                     headers={"Accept": "application/json"}) as response:
            assert response.status == 200, await response.text()
            return await response.json()

    async def form(self, path: str, **fields: str) -> int:
        async with self.session.post(self.base + path, data={**fields, "csrf_token": self.token},
                                     allow_redirects=False) as response:
            return response.status

    async def close(self) -> None:
        await self.session.close()


async def relay(live: Live, operation: str, body: Any, token: Optional[str] = None,
                headers: Optional[dict[str, str]] = None) -> tuple[int, Any]:
    """Call the Rasa server's relay directly."""
    all_headers = {"Content-Type": "application/json", **(headers or {})}
    if token != "":
        all_headers["Authorization"] = f"Bearer {token or live.relay_token}"
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    async with aiohttp.ClientSession() as session:
        async with session.post(f"{live.assistant.rasa_url}/webhooks/relay/{operation}", data=raw,
                                headers=all_headers) as response:
            text = await response.text()
            try:
                return response.status, json.loads(text)
            except ValueError:
                return response.status, text
