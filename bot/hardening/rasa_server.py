"""The Rasa server's network defaults that its command line cannot set.

Rasa offers no hook for app-wide middleware, but every input channel's
blueprint is registered on the app, so this "channel" (it takes no messages)
adds a request middleware when its blueprint is registered:

* ``GET /`` answers ``ok`` instead of Rasa's ``Hello from Rasa: <version>``: the
  version tells a scanner which known flaws to try. It answers 503 while no model is
  loaded (a model that failed to load leaves the server up but mute), so the
  launcher, the probes and a load balancer never send visitors to it;
* a socket.io request from a browser page (an ``Origin`` header) whose origin is
  not one of the studio's sites is refused with 403. ``--cors`` covers only the
  HTTP long-polling transport; browsers apply no CORS to WebSockets, so the same
  list is checked here for both. Clients without ``Origin`` (not browsers) pass:
  the socket.io channel's own session rules still apply to them.

In credentials.yml (the launcher fills in ``origins`` from the studio settings)::

    bot.hardening.rasa_server.ServerHardening:
      origins: ["https://studio.example"]     # absent or "*": no origin check

Runs inside the Rasa environment: imports only Rasa, Sanic and the standard library.
"""
from __future__ import annotations

from typing import Any, Awaitable, Callable, Coroutine, Dict, Iterable, Optional, Text

from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, Sanic
from sanic.request import Request
from sanic.response import HTTPResponse, text

Middleware = Callable[[Request], Coroutine[Any, Any, Optional[HTTPResponse]]]
SOCKET_IO_PATH = "/socket.io"


def normalise_origin(origin: str) -> str:
    return origin.strip().rstrip("/").lower()


def server_guard(origins: Optional[Iterable[str]]) -> Middleware:
    """The request middleware; ``origins`` None (or containing ``*``) allows every origin."""
    allowed = None if origins is None else {normalise_origin(o) for o in origins}
    if allowed is not None and "*" in allowed:
        allowed = None

    async def guard(request: Request) -> Optional[HTTPResponse]:
        if request.path == "/" and request.method in ("GET", "HEAD"):
            agent = getattr(request.app.ctx, "agent", None)
            if agent is None or not agent.is_ready():
                return text("no model loaded", status=503)     # up but unable to answer: not ready
            return text("ok")
        origin = request.headers.get("origin")
        if (allowed is not None and origin and request.path.startswith(SOCKET_IO_PATH)
                and normalise_origin(origin) not in allowed):
            return text("origin not allowed", status=403)
        return None

    return guard


def app_wide_blueprint(name: str, middleware: Middleware) -> Blueprint:
    """A blueprint without routes that registers ``middleware`` on the whole app it joins."""

    class AppWide(Blueprint):
        def register(self, app: Sanic, options: Dict[str, Any]) -> None:
            super().register(app, options)
            app.register_middleware(middleware, "request")

    return AppWide(name)


class ServerHardening(InputChannel):
    """Not a messaging channel: the hook that puts :func:`server_guard` on the Rasa app."""

    def __init__(self, origins: Optional[list[str]] = None) -> None:
        self.origins = origins

    @classmethod
    def name(cls) -> Text:
        return "server_hardening"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "ServerHardening":
        origins = (credentials or {}).get("origins")
        if isinstance(origins, str):
            origins = [origins]
        return cls([str(o) for o in origins] if origins else None)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        return app_wide_blueprint("server_hardening", server_guard(self.origins))
