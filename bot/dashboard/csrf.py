"""CSRF protection: every unsafe request must echo the session's token.

The token comes from the form field ``csrf_token`` (or the ``X-CSRF-Token``
header) and is compared in constant time; a mismatch is refused with 403.
"""
from __future__ import annotations

import hmac

from aiohttp import web
from aiohttp.typedefs import Handler
from aiohttp_session import get_session

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
FIELD = "csrf_token"


class CsrfRefused(web.HTTPForbidden):
    """403 raised when the token is missing or wrong (the error page explains it)."""


async def check_token(request: web.Request) -> None:
    session = await get_session(request)
    expected = session.get("csrf")
    given = request.headers.get("X-CSRF-Token")
    if given is None and request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        value = (await request.post()).get(FIELD)
        given = value if isinstance(value, str) else None
    if not isinstance(expected, str) or not expected or given is None \
            or not hmac.compare_digest(given.encode(), expected.encode()):
        raise CsrfRefused()


@web.middleware
async def csrf_protect(request: web.Request, handler: Handler) -> web.StreamResponse:
    if request.method not in SAFE_METHODS:
        await check_token(request)
    return await handler(request)
