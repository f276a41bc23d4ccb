"""The request side of the limits for the Rasa server's channels (Sanic): body size, client address, errors.

* :func:`limit_request_size` lowers Sanic's ``REQUEST_MAX_SIZE`` (100 MB by
  default) to ``MAX_REQUEST_BYTES`` when the server starts: larger bodies get a
  413 before any channel reads them. It applies to every route of the Rasa server.
* :func:`guarded` wraps a webhook handler: an address that made too many
  requests without valid credentials (401/403) gets a 429 before the handler
  runs, and an unexpected error becomes one short log line (its type only:
  never a traceback, which could quote what the visitor wrote).

Signed webhook deliveries are not counted per address: they come from the
platform's servers, for every visitor at once. Their visitors are counted per
conversation in :class:`bot.channels.base.Messaging`.
"""
from __future__ import annotations

import functools
import logging
from typing import Any, Awaitable, Callable

from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.limits import Gate

logger = logging.getLogger(__name__)
Handler = Callable[..., Awaitable[HTTPResponse]]
#: responses to a request without valid credentials: counted against the address
UNAUTHENTICATED = (401, 403)


def request_ip(request: Request, gate: Gate) -> str:
    """The client's address (a trusted local proxy's ``X-Forwarded-For``, else the peer)."""
    return gate.client_ip(request.ip, request.headers.get("X-Forwarded-For"))


def limit_request_size(blueprint: Blueprint, gate: Gate) -> None:
    """Refuse request bodies above ``MAX_REQUEST_BYTES`` on the whole server (413, no handler runs)."""
    @blueprint.listener("before_server_start")
    async def _cap(app: Any, _loop: Any) -> None:
        limit = gate.limits.max_request_bytes
        if app.config.REQUEST_MAX_SIZE > limit:
            app.config.REQUEST_MAX_SIZE = limit


def retry_after(seconds: float) -> dict[str, str]:
    """The ``Retry-After`` header: whole seconds, at least one."""
    return {"Retry-After": str(max(1, int(seconds + 0.999)))}


def too_many(seconds: float = 0.0) -> HTTPResponse:
    return response.text("too many requests", status=429, headers=retry_after(seconds))


def guarded(channel: str, gate: Gate) -> Callable[[Handler], Handler]:
    """Per-address limit on failed authentication, and no 500 with a traceback, for a webhook route."""
    def decorate(handler: Handler) -> Handler:
        @functools.wraps(handler)
        async def wrapper(request: Request, *args: Any, **kwargs: Any) -> HTTPResponse:
            ip = request_ip(request, gate)
            try:
                if not await gate.ip_allowed(ip):
                    logger.info("%s: too many requests without valid credentials from one address", channel)
                    return too_many()
                answer = await handler(request, *args, **kwargs)
                if answer.status in UNAUTHENTICATED:
                    await gate.count_ip(ip)
                return answer
            except Exception as error:      # the visitor's words stay out of the log: the type only
                logger.error("%s: a request could not be handled (%s)", channel, type(error).__name__)
                return response.text("the request could not be handled", status=500)
        return wrapper
    return decorate
