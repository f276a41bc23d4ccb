"""Where a request comes from and whether it came over HTTPS.

``X-Forwarded-For`` and ``X-Forwarded-Proto`` are believed only when the
connection comes from an address in ``TRUSTED_PROXIES``: anybody else could
write them. Without that setting, a proxy's clients all share the proxy's
address; the sign-in limits then count per account only (see
:class:`ClientAddress`), so that one person's typos cannot lock out everyone.
"""
from __future__ import annotations

import ipaddress
import logging
from dataclasses import dataclass
from typing import Optional, Sequence

from aiohttp import web
from aiohttp.typedefs import Handler

from bot.dashboard.config import DashboardConfig, Network
from bot.dashboard.keys import CONFIG

log = logging.getLogger(__name__)

LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "[::1]"}
HSTS = ("Strict-Transport-Security", "max-age=31536000")
WARNED = web.AppKey("dashboard_warned", set)     # configuration warnings already logged by this application


def _address(value: str) -> Optional[ipaddress.IPv4Address | ipaddress.IPv6Address]:
    """The address, IPv4-mapped IPv6 (a dual-stack socket's ``::ffff:10.0.0.1``) as plain IPv4; None if garbage."""
    try:
        ip = ipaddress.ip_address(value.strip().strip("[]"))
    except ValueError:
        return None
    mapped = getattr(ip, "ipv4_mapped", None)
    return mapped or ip


def _trusted(address: str, proxies: Sequence[Network]) -> bool:
    ip = _address(address)
    return ip is not None and any(ip in network for network in proxies)


def warn_once(request: web.Request, key: str, message: str, *args: object) -> None:
    """A configuration warning, logged once per application rather than on every request."""
    warned = request.config_dict.get(WARNED)
    if warned is not None and key in warned:
        return
    if warned is not None:
        warned.add(key)
    log.warning(message, *args)


@dataclass(frozen=True)
class ClientAddress:
    ip: str
    shared: bool = False    # probably an untrusted proxy's own address, shared by all its clients


def client_address(request: web.Request, config: DashboardConfig) -> ClientAddress:
    """The client's IP: the right-most X-Forwarded-For entry that is not a trusted proxy."""
    remote = request.remote or "unknown"
    forwarded = request.headers.get("X-Forwarded-For", "")
    if not _trusted(remote, config.trusted_proxies):
        ip = _address(remote)
        behind_proxy = bool(forwarded) and ip is not None and (ip.is_loopback or ip.is_private)
        if behind_proxy:
            warn_once(request, "proxy", "The dashboard receives X-Forwarded-For from %s, which is not in "
                      "TRUSTED_PROXIES: sign-in limits count per account only. Set TRUSTED_PROXIES to the proxy's "
                      "address.", remote)
        return ClientAddress(remote[:64], shared=behind_proxy)
    for hop in reversed([part.strip() for part in forwarded.split(",") if part.strip()]):
        if _address(hop) is None:
            break                   # garbage: stop at the last hop a trusted proxy vouched for
        if not _trusted(hop, config.trusted_proxies):
            return ClientAddress(hop[:64])
        remote = hop
    return ClientAddress(remote[:64])


def is_https(request: web.Request, config: DashboardConfig) -> bool:
    """Served over HTTPS: directly, through a trusted proxy, or at the configured https:// address."""
    if config.secure_cookies or request.secure:
        return True
    if _trusted(request.remote or "", config.trusted_proxies):
        proto = request.headers.get("X-Forwarded-Proto", "").split(",")[0].strip().lower()
        if proto:
            return proto == "https"
    return config.public_scheme == "https" and host_name(request) == config.public_host


def host_name(request: web.Request) -> str:
    host = (request.host or "").lower()
    if host.startswith("["):
        return host.split("]")[0] + "]"
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def plain_http_warning(request: web.Request, config: DashboardConfig) -> bool:
    """True (and a log line, once) when the dashboard is reached over plain HTTP from elsewhere than this machine."""
    if is_https(request, config) or host_name(request) in LOCAL_HOSTS:
        return False
    warn_once(request, "http", "The dashboard is served over plain HTTP at %s: passwords and session cookies travel "
              "unencrypted. Put it behind HTTPS (see README, deployment).", host_name(request)[:100])
    return True


@web.middleware
async def strict_transport(request: web.Request, handler: Handler) -> web.StreamResponse:
    """HSTS on the dashboard's responses when it is served over HTTPS (browsers ignore it over HTTP)."""
    secure = is_https(request, request.config_dict[CONFIG])
    try:
        response = await handler(request)
    except web.HTTPException as exc:
        if secure:
            exc.headers[HSTS[0]] = HSTS[1]
        raise
    if secure and not response.prepared:
        response.headers[HSTS[0]] = HSTS[1]
    return response
