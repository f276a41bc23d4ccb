"""Security headers for every response of the web process.

Responses that already carry their own Content-Security-Policy (the chat
widget's files and demo page) keep it, and keep their framing rules too.
"""
from __future__ import annotations

from aiohttp import web
from aiohttp.typedefs import Handler

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
       "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'")

ALWAYS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
}


def apply_headers(response: web.StreamResponse) -> None:
    headers = response.headers
    if "Content-Security-Policy" not in headers:
        headers["Content-Security-Policy"] = CSP
        headers.setdefault("X-Frame-Options", "DENY")
    for name, value in ALWAYS.items():
        headers.setdefault(name, value)


@web.middleware
async def security_headers(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        response = await handler(request)
    except web.HTTPException as exc:
        apply_headers(exc)
        raise
    if not response.prepared:
        apply_headers(response)
    return response
