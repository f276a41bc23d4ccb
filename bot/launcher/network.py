"""Where the servers listen and which web pages may talk to the Rasa server.

Loopback by default: ``RASA_HOST`` and ``ACTIONS_HOST`` open them (a reverse
proxy with TLS in front of Rasa is the deployment; the action server is only
ever called by Rasa). The browser origins allowed on the Rasa server (CORS and
the socket.io origin check) are the studio's website (``studio.website`` in
studio.yml), the web app that serves the demo page (``DASHBOARD_URL`` and this
machine's web port) and any listed in ``RASA_CORS_ORIGINS`` (space or comma
separated; ``*`` allows every origin).
"""
from __future__ import annotations

import re
from typing import Mapping, Optional
from urllib.parse import urlsplit

LOOPBACK = "127.0.0.1"
WILDCARD_HOSTS = ("", "0.0.0.0", "::", "[::]")


def origin_of(url: str) -> Optional[str]:
    """``scheme://host[:port]`` of an http(s) URL, lower-case; None for anything else."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}".lower()


def site_origins(env: Mapping[str, str], website: str, web_port: int) -> list[str]:
    """The origins whose pages may use the Rasa server, in a stable order without repeats."""
    extra = [o for o in re.split(r"[\s,]+", env.get("RASA_CORS_ORIGINS", "")) if o]
    if "*" in extra:
        return ["*"]
    candidates = [website, env.get("DASHBOARD_URL", ""), f"http://localhost:{web_port}",
                  f"http://127.0.0.1:{web_port}", *extra]
    origins: list[str] = []
    for candidate in candidates:
        origin = origin_of(candidate) if candidate else None
        if origin and origin not in origins:
            origins.append(origin)
    return origins


def bind_host(env: Mapping[str, str], name: str) -> str:
    """The interface a server listens on: the ``name`` setting, else loopback."""
    return env.get(name, "").strip() or LOOPBACK


def reach_host(host: str) -> str:
    """How this machine reaches a server bound to ``host`` (loopback for the wildcard addresses)."""
    if host in WILDCARD_HOSTS:
        return LOOPBACK
    return f"[{host}]" if ":" in host and not host.startswith("[") else host
