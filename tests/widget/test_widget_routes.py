"""The widget's routes on a bare aiohttp app: the bundle, its CSP, the demo page, the size budget."""
from __future__ import annotations

import gzip
import re

import pytest
from aiohttp import web

from bot.settings import load_settings
from bot.widget import routes
from bot.widget.footprint import BUDGET_BYTES, footprint
from bot.widget.routes import DIST, setup_widget


def make_app(rasa_url: str | None = None) -> web.Application:
    env = {"RASA_PUBLIC_URL": rasa_url} if rasa_url else {}
    app = web.Application()
    setup_widget(app, load_settings(environ=env))
    return app


def test_bundle_is_built() -> None:
    assert (DIST / "widget.js").is_file() and (DIST / "widget.css").is_file(), \
        "run `npm ci && npm run build` in bot/widget"


async def test_bundle_is_served_with_its_own_csp(aiohttp_client) -> None:
    client = await aiohttp_client(make_app())
    for path, kind in (("/widget/widget.js", "javascript"), ("/widget/widget.css", "text/css")):
        response = await client.get(path)
        assert response.status == 200
        assert kind in response.headers["Content-Type"]
        assert response.headers["Content-Security-Policy"] == "default-src 'none'; frame-ancestors 'none'"
        assert response.headers["Cross-Origin-Resource-Policy"] == "cross-origin"
        assert response.headers["ETag"]
        assert len(await response.read()) > 1000


async def test_bundle_is_sent_gzipped_to_browsers_that_accept_it(aiohttp_client) -> None:
    client = await aiohttp_client(make_app())
    response = await client.get("/widget/widget.js", headers={"Accept-Encoding": "gzip"}, auto_decompress=False)
    assert response.headers.get("Content-Encoding") == "gzip"
    assert gzip.decompress(await response.read()) == (DIST / "widget.js").read_bytes()


async def test_demo_page_embeds_the_widget_under_a_strict_csp(aiohttp_client) -> None:
    client = await aiohttp_client(make_app("https://chat.lumenskin.example"))
    response = await client.get("/demo")
    assert response.status == 200
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self';" in csp and "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "connect-src 'self' https://chat.lumenskin.example wss://chat.lumenskin.example;" in csp
    html = await response.text()
    settings = load_settings()
    for value in (settings.studio["name"], settings.studio["phone"], settings.studio["email"],
                  "12 Harbour Lane", settings.studio["privacy_policy_url"]):
        assert value in html
    for service in ("Scar", "Stretch marks", "Scalp", "Vitiligo", "Areola"):
        assert service in html
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert len(scripts) == 1, "one tag embeds the widget; no other script"
    tag = scripts[0]
    assert 'src="/widget/widget.js"' in tag and 'data-server="https://chat.lumenskin.example"' in tag
    assert 'data-privacy-url="https://lumenskin.example/privacy"' in tag
    assert "style=" not in html and "<style" not in html, "inline styles would break the CSP"


async def test_demo_uses_local_rasa_by_default(aiohttp_client) -> None:
    client = await aiohttp_client(make_app())
    response = await client.get("/demo")
    assert "connect-src 'self' http://localhost:5005 ws://localhost:5005;" in response.headers["Content-Security-Policy"]
    assert 'data-server="http://localhost:5005"' in await response.text()


def test_rasa_behind_a_path_gets_its_socket_path() -> None:
    context = routes.demo_context(load_settings(environ={"RASA_PUBLIC_URL": "https://lumenskin.example/rasa/"}))
    assert context["rasa_origin"] == "https://lumenskin.example"
    assert context["socket_path"] == "/rasa/socket.io"


async def test_missing_bundle_says_how_to_build_it(aiohttp_client, monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    monkeypatch.setattr(routes, "DIST", tmp_path)
    client = await aiohttp_client(make_app())
    response = await client.get("/widget/widget.js")
    assert response.status == 503
    assert "npm run build" in await response.text()


def test_footprint_is_within_budget() -> None:
    sizes = footprint()
    print(f"widget footprint: {sizes['total'] / 1024:.1f} KB gzipped ({sizes})")
    assert sizes["total"] <= BUDGET_BYTES
