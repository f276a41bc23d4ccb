"""The visitor's pages of the follow-ups (the stop link, the reminder e-mail's links): small, plain, uncached."""
from __future__ import annotations

import html

from aiohttp import web


def page(title: str, body: str, status: int = 200) -> web.Response:
    markup = (f"<!doctype html><html lang=en><head><meta charset=utf-8><meta name=viewport "
            f"content='width=device-width,initial-scale=1'><meta name=robots content=noindex>"
            f"<title>{html.escape(title)}</title><style>body{{font:17px/1.5 system-ui,sans-serif;max-width:34rem;"
            f"margin:3rem auto;padding:0 1rem}}button{{font:inherit;padding:.6rem 1.2rem}}</style></head>"
            f"<body><h1>{html.escape(title)}</h1>{body}</body></html>")
    return web.Response(text=markup, status=status, content_type="text/html",
                        headers={"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"})
