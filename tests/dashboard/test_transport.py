"""HTTPS and proxies: Secure ``__Host-`` cookies, the plain-HTTP warning, client addresses, sign-in limits."""
from __future__ import annotations

import logging
import socket
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from aiohttp import CookieJar
from aiohttp.test_utils import TestClient, TestServer

from bot.dashboard.config import DashboardConfig, parse_networks
from bot.dashboard.cookies import SECURE_COOKIE_NAME
from bot.dashboard.network import client_address, is_https
from bot.web.app import create_app
from tests.dashboard.conftest import PASSWORD, STAFF_PASSWORD, Databases, make_settings
from tests.dashboard.factories import Store, add_user, csrf_from, fresh_code, sign_in, submit_code

ATTACKER, MARTA_AT_HOME, SAM_AT_WORK = "203.0.113.9", "198.51.100.7", "192.0.2.44"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def make_client(aiohttp_client: Any, databases: Databases, tmp_path: Path, *, https: bool = False,
                      headers: dict[str, str] | None = None, **env: str) -> TestClient:
    """A client of an app with these settings; ``https``: its cookie jar accepts Secure cookies."""
    app = create_app(make_settings(databases, tmp_path, **env), run_jobs=False)
    if not https:
        return await aiohttp_client(app, headers=headers)
    port = _free_port()
    jar = CookieJar(unsafe=True, treat_as_secure_origin=f"http://127.0.0.1:{port}")
    return await aiohttp_client(TestServer(app, port=port), cookie_jar=jar, headers=headers)


def fake_request(remote: str, headers: dict[str, str] | None = None, host: str = "127.0.0.1:8080",
                 secure: bool = False) -> Any:
    return SimpleNamespace(remote=remote, headers=headers or {}, host=host, secure=secure,
                           config_dict={})


def test_the_client_address_is_believed_from_trusted_proxies_only() -> None:
    proxies = DashboardConfig(trusted_proxies=parse_networks("127.0.0.1, 10.0.0.0/8, bogus"))
    plain = DashboardConfig()
    chain = {"X-Forwarded-For": "6.6.6.6, 1.2.3.4, 10.0.0.2"}           # 6.6.6.6 was written by the client
    assert client_address(fake_request("127.0.0.1", chain), proxies).ip == "1.2.3.4"
    assert client_address(fake_request("10.1.1.1", {"X-Forwarded-For": "junk, 5.6.7.8"}), proxies).ip == "5.6.7.8"
    assert client_address(fake_request("127.0.0.1", {"X-Forwarded-For": "5.6.7.8, junk"}), proxies).ip == \
        "127.0.0.1"
    assert client_address(fake_request("127.0.0.1"), proxies).ip == "127.0.0.1"
    assert client_address(fake_request("::ffff:127.0.0.1", {"X-Forwarded-For": "1.2.3.4"}), proxies).ip == \
        "1.2.3.4"                                                          # a dual-stack socket's notation
    direct = client_address(fake_request("8.8.8.8", chain), proxies)       # not a proxy: its header is ignored
    assert (direct.ip, direct.shared) == ("8.8.8.8", False)
    untrusted = client_address(fake_request("127.0.0.1", chain), plain)   # a proxy nobody said to trust
    assert (untrusted.ip, untrusted.shared) == ("127.0.0.1", True)


def test_https_is_recognised() -> None:
    proxies = DashboardConfig(trusted_proxies=parse_networks("127.0.0.1"))
    public = DashboardConfig(public_scheme="https", public_host="studio.example")
    assert is_https(fake_request("8.8.8.8", secure=True), DashboardConfig())
    assert is_https(fake_request("127.0.0.1", {"X-Forwarded-Proto": "https"}), proxies)
    assert not is_https(fake_request("127.0.0.1", {"X-Forwarded-Proto": "http"}), proxies)
    assert not is_https(fake_request("8.8.8.8", {"X-Forwarded-Proto": "https"}), proxies)   # anybody can say it
    assert is_https(fake_request("8.8.8.8", host="studio.example"), public)
    assert is_https(fake_request("8.8.8.8", host="Studio.Example:443"), public)
    assert not is_https(fake_request("8.8.8.8", host="127.0.0.1:8080"), public)
    assert is_https(fake_request("8.8.8.8"), DashboardConfig(secure_cookies=True))


async def test_over_https_the_cookie_is_secure_and_host_only(aiohttp_client, databases: Databases,  # type: ignore[no-untyped-def]
                                                             tmp_path: Path, store: Store, user: str) -> None:
    client = await make_client(aiohttp_client, databases, tmp_path, https=True, TRUSTED_PROXIES="127.0.0.1",
                               headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": MARTA_AT_HOME})
    response = await client.get("/dashboard/login")
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith(f"{SECURE_COOKIE_NAME}=") and "Secure" in cookie and "HttpOnly" in cookie
    assert "Path=/;" in cookie and "SameSite=Lax" in cookie and "Domain" not in cookie
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000"
    assert "Not a secure connection" not in await response.text()
    response = await sign_in(client, "marta", PASSWORD)
    assert response.headers["Set-Cookie"].startswith(f"{SECURE_COOKIE_NAME}=")
    assert (await client.get("/dashboard/")).status == 200
    # The same cookie sent over plain HTTP is not the dashboard's cookie there.
    plain = await client.get("/dashboard/", headers={"X-Forwarded-Proto": "http"}, allow_redirects=False)
    assert plain.status == 303 and "Strict-Transport-Security" not in plain.headers


async def test_https_at_the_configured_address(aiohttp_client, databases: Databases, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    client = await make_client(aiohttp_client, databases, tmp_path, DASHBOARD_URL="https://studio.example")
    secure = await client.get("/dashboard/login", headers={"Host": "studio.example"})
    assert secure.headers["Set-Cookie"].startswith(f"{SECURE_COOKIE_NAME}=")
    local = await client.get("/dashboard/login")
    assert local.headers["Set-Cookie"].startswith("dashboard_session=") and "Secure" not in local.headers["Set-Cookie"]


async def test_forwarded_headers_from_anyone_are_ignored(aiohttp_client, databases: Databases,  # type: ignore[no-untyped-def]
                                                         tmp_path: Path) -> None:
    client = await make_client(aiohttp_client, databases, tmp_path)
    response = await client.get("/dashboard/login", headers={"X-Forwarded-Proto": "https"})
    assert response.headers["Set-Cookie"].startswith("dashboard_session=")


async def test_plain_http_away_from_this_machine_is_warned_about(aiohttp_client, databases: Databases,  # type: ignore[no-untyped-def]
                                                                 tmp_path: Path, caplog) -> None:
    caplog.set_level(logging.WARNING)
    client = await make_client(aiohttp_client, databases, tmp_path, DASHBOARD_URL="http://studio.example")
    assert "DASHBOARD_URL is plain http://" in caplog.text
    for _ in range(3):
        html = await (await client.get("/dashboard/login", headers={"Host": "studio.example:8080"})).text()
        assert "Not a secure connection" in html
    assert caplog.text.count("served over plain HTTP") == 1                 # logged once, not per request
    for host in ("localhost:8080", "127.0.0.1:8080", "[::1]:8080"):
        html = await (await client.get("/dashboard/login", headers={"Host": host})).text()
        assert "Not a secure connection" not in html, host


async def token(client: TestClient, ip: str) -> str:
    return csrf_from(await (await client.get("/dashboard/login", headers={"X-Forwarded-For": ip})).text())


async def failed_password(client: TestClient, username: str, ip: str) -> int:
    """A wrong password for ``username`` from ``ip`` (as the proxy reports it); the response status."""
    response = await client.post("/dashboard/login", data={
        "username": username, "password": "not the password", "csrf_token": await token(client, ip)},
        headers={"X-Forwarded-For": ip}, allow_redirects=False)
    return response.status


@pytest.fixture
async def behind_proxy(aiohttp_client, databases: Databases, tmp_path: Path, store: Store,  # type: ignore[no-untyped-def]
                       user: str) -> Any:
    """Three browsers behind one trusted proxy, each at its own address; marta and sam have accounts."""
    await add_user(store.sessions, "sam", STAFF_PASSWORD, role="staff")

    async def browser(ip: str) -> TestClient:
        return await make_client(aiohttp_client, databases, tmp_path, TRUSTED_PROXIES="127.0.0.1",
                                 headers={"X-Forwarded-For": ip})
    return browser


async def test_a_locked_account_or_address_does_not_lock_out_anyone_else(behind_proxy: Any) -> None:
    attacker, marta, sam = [await behind_proxy(ip) for ip in (ATTACKER, MARTA_AT_HOME, SAM_AT_WORK)]
    for _ in range(5):
        assert await failed_password(attacker, "marta", ATTACKER) == 401
    assert await failed_password(attacker, "marta", ATTACKER) == 429          # marta, from that address
    await sign_in(marta, "marta", PASSWORD)                                     # marta at home: fine
    assert (await marta.get("/dashboard/")).status == 200

    for i in range(25):                                                         # guessing many names
        assert await failed_password(attacker, f"guess{i}", ATTACKER) in (401, 429)
    assert await failed_password(attacker, "sam", ATTACKER) == 429             # that address is paused
    await sign_in(sam, "sam", STAFF_PASSWORD)                                   # sam elsewhere: fine
    assert (await sam.get("/dashboard/")).status == 200


async def test_one_account_is_paused_after_many_addresses_fail(behind_proxy: Any) -> None:
    """At most 20 wrong guesses per account in 15 minutes, whatever the addresses (ASVS: < 100 an hour)."""
    attacker = await behind_proxy(ATTACKER)
    for i in range(4):
        for _ in range(5):
            assert await failed_password(attacker, "marta", f"203.0.113.{10 + i}") == 401
    assert await failed_password(attacker, "marta", "203.0.113.99") == 429
    sam = await behind_proxy(SAM_AT_WORK)
    await sign_in(sam, "sam", STAFF_PASSWORD)                                   # other accounts: fine


async def test_behind_an_untrusted_proxy_one_person_cannot_lock_out_everyone(aiohttp_client, databases,  # type: ignore[no-untyped-def]
                                                                           tmp_path: Path, store: Store,
                                                                           user: str, caplog) -> None:
    """Everybody arrives from the proxy's address: the per-address limit would be a global one."""
    await add_user(store.sessions, "sam", STAFF_PASSWORD, role="staff")
    client = await make_client(aiohttp_client, databases, tmp_path, DASHBOARD_LOGIN_MAX_FAILURES_PER_IP="8")
    for i in range(12):
        assert await failed_password(client, f"guess{i}", f"10.0.0.{i}") == 401
    for _ in range(5):
        await failed_password(client, "marta", "10.0.0.1")
    assert await failed_password(client, "marta", "10.0.0.2") == 429          # that account is paused
    response = await client.post("/dashboard/login", data={
        "username": "sam", "password": STAFF_PASSWORD, "csrf_token": await token(client, "10.0.0.3")},
        headers={"X-Forwarded-For": "10.0.0.3"}, allow_redirects=False)
    assert response.status == 303                                             # the others are not
    assert response.headers["Location"] == "/dashboard/login/code"
    assert (await submit_code(client, await fresh_code(client, "sam"))).status == 303
    assert "not in TRUSTED_PROXIES" in caplog.text
