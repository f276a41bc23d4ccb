"""Routes of the chat widget on the web process.

``GET /widget/widget.js`` and ``/widget/widget.css``: the bundle built by
``npm ci && npm run build`` in bot/widget (served with ETag and, when the
browser accepts it, the pre-compressed ``.gz`` copy the build writes).
``GET /demo``: a studio website with the widget embedded by its one script tag.

Each response carries its own Content-Security-Policy (the app's security
middleware leaves such responses alone).
"""
from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from aiohttp import web

from bot.settings import Settings

HERE = Path(__file__).resolve().parent
DIST = HERE / "dist"
STATIC = HERE / "static"
TEMPLATES = HERE / "templates"
DEFAULT_RASA_URL = "http://localhost:5005"
ASSET_CSP = "default-src 'none'; frame-ancestors 'none'"
SERVICES = (  # (price key, name, description) shown on the demo page
    ("scar", "Scar camouflage",
     "Pigment matched to your skin tone softens the contrast of surgical, injury and burn scars once they have matured."),
    ("stretch_marks", "Stretch marks",
     "Silvery or white stretch marks are blended with the surrounding skin, so they catch the eye far less."),
    ("scalp", "Scalp micropigmentation",
     "Tiny layered impressions recreate the look of a closely shaved head or add density where hair has thinned."),
    ("vitiligo", "Vitiligo",
     "For stable patches only: careful colour work can even out small areas that have not changed for a year or more."),
    ("areola", "Areola restoration",
     "After breast reconstruction, a three-dimensional areola and nipple are drawn in with natural, soft tones."),
)


def rasa_public_url(settings: Settings) -> str:
    """The Rasa server's URL as a browser reaches it (``RASA_PUBLIC_URL``)."""
    return (settings.env.get("RASA_PUBLIC_URL") or DEFAULT_RASA_URL).rstrip("/")


def connect_sources(rasa_url: str) -> str:
    """``connect-src`` origins for the Rasa server: its http(s) and ws(s) URLs."""
    parts = urlsplit(rasa_url)
    ws_scheme = "wss" if parts.scheme == "https" else "ws"
    return f"{parts.scheme}://{parts.netloc} {ws_scheme}://{parts.netloc}"


def demo_csp(rasa_url: str) -> str:
    return ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: https:; "
            f"connect-src 'self' {connect_sources(rasa_url)}; font-src 'self'; base-uri 'none'; "
            "form-action 'self'; frame-ancestors 'none'; object-src 'none'")


def _asset(path: Path, content_type: str) -> web.StreamResponse:
    if not path.is_file():
        return web.Response(status=503, text="The chat widget is not built: run `npm ci && npm run build` "
                            "in bot/widget.\n", headers={"Content-Security-Policy": ASSET_CSP})
    return web.FileResponse(path, headers={
        "Content-Type": content_type,
        "Content-Security-Policy": ASSET_CSP,
        "Cache-Control": "no-cache",  # revalidate (ETag / Last-Modified): a rebuild shows at once
        "Cross-Origin-Resource-Policy": "cross-origin",  # any site may embed the widget
        "Access-Control-Allow-Origin": "*",
    })


def demo_context(settings: Settings) -> dict:
    values = settings.answer_values()
    rasa_url = rasa_public_url(settings)
    socket_path = (urlsplit(rasa_url).path.rstrip("/") or "") + "/socket.io"
    parts = urlsplit(rasa_url)
    return {
        "v": values,
        "rasa_origin": f"{parts.scheme}://{parts.netloc}",
        "socket_path": socket_path,
        "services": [(name, text, settings.prices.get(key, "on request")) for key, name, text in SERVICES],
        "consultation_price": settings.prices.get("consultation", "free"),
        "languages": settings.studio.get("languages") or ["English"],
    }


def setup_widget(app: web.Application, settings: Settings) -> None:
    """Add the widget's routes to the web app."""
    import jinja2

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True,
                             trim_blocks=True, lstrip_blocks=True)

    async def widget_js(request: web.Request) -> web.StreamResponse:
        return _asset(DIST / "widget.js", "application/javascript; charset=utf-8")

    async def widget_css(request: web.Request) -> web.StreamResponse:
        return _asset(DIST / "widget.css", "text/css; charset=utf-8")

    async def demo_css(request: web.Request) -> web.StreamResponse:
        return _asset(STATIC / "demo.css", "text/css; charset=utf-8")

    async def demo(request: web.Request) -> web.Response:
        html = env.get_template("demo.html").render(**demo_context(settings))
        return web.Response(text=html, content_type="text/html", headers={
            "Content-Security-Policy": demo_csp(rasa_public_url(settings)),
            "Referrer-Policy": "no-referrer",     # a ?resume= token must not leak to other sites
            "Cache-Control": "no-cache",
        })

    app.router.add_get("/widget/widget.js", widget_js)
    app.router.add_get("/widget/widget.css", widget_css)
    app.router.add_get("/widget/demo.css", demo_css)
    app.router.add_get("/demo", demo)
