"""The action server answers Rasa only: a bearer token, JSON bodies, no CORS.

rasa-sdk's server takes any call from anyone who can reach it, reflects any
``Origin`` in CORS headers and reads ``text/plain`` bodies as JSON, so a web
page could post a forged action call (a "simple" request, no preflight) and,
say, erase another visitor's data. Here:

* every route but ``GET /health`` needs ``Authorization: Bearer <ACTION_SERVER_TOKEN>``
  (Rasa sends it: ``headers`` of ``action_endpoint`` in the endpoints file the launcher
  writes) — 401 otherwise;
* a body must be ``application/json`` — 415 otherwise;
* CORS is off (no ``Access-Control-Allow-Origin`` for any origin: pass ``cors_origins=None``
  to ``create_app``);
* an unexpected error answers 500 with no request body echoed and logs no exception message.
"""
from __future__ import annotations

import hmac
import logging
from typing import Optional

from sanic import Sanic
from sanic.request import Request
from sanic.response import HTTPResponse, json

logger = logging.getLogger(__name__)

OPEN_PATHS = frozenset({"/health"})
BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})


def bearer_matches(header: Optional[str], token: str) -> bool:
    """Whether an ``Authorization`` header carries ``token``, compared in constant time."""
    return bool(token) and hmac.compare_digest((header or "").encode(), f"Bearer {token}".encode())


def is_json(content_type: Optional[str]) -> bool:
    return (content_type or "").split(";", 1)[0].strip().lower() == "application/json"


def protect(app: Sanic, token: str) -> Sanic:
    """Add the token and content-type checks and a quiet error handler to rasa-sdk's ``app``."""
    if not token:
        raise ValueError("the action server needs a token (ACTION_SERVER_TOKEN)")

    async def guard(request: Request) -> Optional[HTTPResponse]:
        if request.path in OPEN_PATHS and request.method in ("GET", "HEAD"):
            return None
        if not bearer_matches(request.headers.get("authorization"), token):
            logger.warning("action server: refused a call without the token (%s %s)", request.method,
                           request.path if request.path in ("/webhook", "/actions") else "other path")
            return json({"error": "unauthorized"}, status=401, headers={"WWW-Authenticate": "Bearer"})
        if request.method in BODY_METHODS and not is_json(request.headers.get("content-type")):
            return json({"error": "the body must be application/json"}, status=415)
        return None

    async def failed(request: Request, exception: Exception) -> HTTPResponse:
        status = int(getattr(exception, "status_code", 500) or 500)
        if status >= 500:
            logger.error("action server: %s while handling %s", type(exception).__name__, request.path)
        return json({"error": "internal error" if status >= 500 else type(exception).__name__}, status=status)

    app.register_middleware(guard, "request")
    app.error_handler.add(Exception, failed)
    return app
