"""The session cookie: ``__Host-`` and ``Secure`` whenever the dashboard is served over HTTPS.

Over HTTPS the cookie is ``__Host-dashboard_session`` (the browser then insists
on ``Secure``, ``Path=/`` and no ``Domain``: no other host or plain-HTTP page
can set or overwrite it). Over plain HTTP (a laptop, ``make run``) it is
``dashboard_session``, scoped to ``/dashboard``. The choice is made per request
(:func:`bot.dashboard.network.is_https`), so one process can serve both.
"""
from __future__ import annotations

import time
from typing import Optional

from aiohttp import web
from aiohttp_session import Session
from aiohttp_session.cookie_storage import EncryptedCookieStorage

from bot.dashboard.config import DashboardConfig
from bot.dashboard.network import is_https

COOKIE_NAME = "dashboard_session"
SECURE_COOKIE_NAME = "__Host-dashboard_session"
PLAIN_PATH = "/dashboard"


class AdaptiveCookieStorage(EncryptedCookieStorage):
    """Encrypted (Fernet) session cookie whose name and flags follow the request's transport."""

    def __init__(self, secret_key: bytes, config: DashboardConfig) -> None:
        super().__init__(secret_key, cookie_name=COOKIE_NAME, max_age=config.idle_minutes * 60, path=PLAIN_PATH,
                         httponly=True, samesite="Lax", secure=False)
        self._config = config

    def _secure(self, request: web.Request) -> bool:
        return is_https(request, self._config)

    def name_for(self, request: web.Request) -> str:
        return SECURE_COOKIE_NAME if self._secure(request) else COOKIE_NAME

    def load_cookie(self, request: web.Request) -> Optional[str]:
        return request.cookies.get(self.name_for(request))

    async def save_session(self, request: web.Request, response: web.StreamResponse, session: Session) -> None:
        secure = self._secure(request)
        name, path = (SECURE_COOKIE_NAME, "/") if secure else (COOKIE_NAME, PLAIN_PATH)
        if session.empty:
            response.del_cookie(name, path=path, secure=secure, httponly=True, samesite="Lax")
            return
        data = self._encoder(self._get_session_data(session)).encode("utf-8")
        max_age = session.max_age if session.max_age is not None else self.max_age
        params: dict[str, object] = {"path": path, "secure": secure, "httponly": True, "samesite": "Lax"}
        if max_age is not None:
            params["max_age"] = max_age
            params["expires"] = time.strftime("%a, %d-%b-%Y %T GMT", time.gmtime(time.time() + max_age))
        response.set_cookie(name, self._fernet.encrypt(data).decode("utf-8"), **params)  # type: ignore[arg-type]
