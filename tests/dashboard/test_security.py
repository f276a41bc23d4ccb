"""Security headers, error pages, logging without data, and the background jobs."""
from __future__ import annotations

import asyncio
import logging
import re
from datetime import datetime, timedelta, timezone
from pathlib import Path
from unittest import mock

from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from bot.settings import Settings
from bot.store.models import ErasureRequest, Lead
from bot.web.access_log import PathOnlyAccessLogger
from bot.web.app import create_app
from bot.web.security import CSP
from tests.dashboard.conftest import PASSWORD, Databases, make_settings
from tests.dashboard.factories import HEALTH_ANSWERS, Store, add_events, add_lead, count_events, sign_in

PAGES = ["/dashboard/", "/dashboard/queues", "/dashboard/overview", "/dashboard/audit"]


def assert_secure_headers(response) -> None:  # type: ignore[no-untyped-def]
    headers = response.headers
    assert headers["Content-Security-Policy"] == CSP
    assert "default-src 'self'" in CSP and "'unsafe-inline'" not in CSP and "frame-ancestors 'none'" in CSP
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"


async def test_every_page_has_the_security_headers_and_no_inline_script(signed_in: TestClient,
                                                                        store: Store) -> None:
    lead = await add_lead(store.sessions, "Anna")
    for path in PAGES + [f"/dashboard/leads/{lead.id}", f"/dashboard/leads/{lead.id}/erase", "/dashboard/leads.csv"]:
        response = await signed_in.get(path)
        assert response.status == 200, path
        assert_secure_headers(response)
        assert response.headers["Cache-Control"] == "no-store", path
        body = await response.text()
        # scripts only from files of the site (the live chats' script): never inline
        assert not re.search(r"<script(?![^>]*\bsrc=\"/dashboard/static/)", body), path
        assert " style=" not in body and "onclick" not in body, path


async def test_refusals_and_static_files_have_them_too(client: TestClient) -> None:
    for path, status in (("/dashboard/", 303), ("/dashboard/login", 200), ("/nowhere", 404), ("/", 302),
                         ("/healthz", 200)):
        response = await client.get(path, allow_redirects=False)
        assert response.status == status, path
        assert_secure_headers(response)
    html = await (await client.get("/dashboard/login")).text()
    css = re.search(r'href="(/dashboard/static/dashboard\.css\?v=[^"]+)"', html)
    assert css
    response = await client.get(css.group(1).replace("&amp;", "&"))
    assert response.status == 200 and response.content_type == "text/css"
    assert_secure_headers(response)


async def test_a_response_with_its_own_policy_keeps_it(aiohttp_client, settings: Settings) -> None:  # type: ignore[no-untyped-def]
    async def own(request: web.Request) -> web.Response:
        return web.Response(text="widget", headers={"Content-Security-Policy": "default-src 'self' https://x"})

    app = create_app(settings, run_jobs=False)
    app.router.add_get("/widget-like", own)
    client = await aiohttp_client(app)
    response = await client.get("/widget-like")
    assert response.headers["Content-Security-Policy"] == "default-src 'self' https://x"
    assert "X-Frame-Options" not in response.headers
    assert response.headers["X-Content-Type-Options"] == "nosniff"


async def test_an_unexpected_error_is_a_kind_page_and_leaks_nothing(aiohttp_client, settings: Settings,  # type: ignore[no-untyped-def]
                                                                    caplog) -> None:
    async def broken(request: web.Request) -> web.Response:
        quoted = "diabetes=" + "yes for Anna"
        raise RuntimeError(quoted)     # as if an exception quoted health data (SQL parameters do)

    app = create_app(settings, run_jobs=False)
    app.router.add_get("/broken", broken)
    client = await aiohttp_client(app)
    with caplog.at_level(logging.DEBUG):
        response = await client.get("/broken")
    html = await response.text()
    assert response.status == 500 and "Something went wrong on our side" in html
    assert "diabetes" not in html and "Traceback" not in html
    assert_secure_headers(response)
    assert "RuntimeError" in caplog.text and "diabetes" not in caplog.text


async def test_a_forbidden_page_is_kind(signed_in: TestClient) -> None:
    response = await signed_in.post("/dashboard/logout", data={"csrf_token": "x"})
    html = await response.text()
    assert response.status == 403 and "Error 403" in html and "reload the page" in html


async def test_a_wrong_method_is_a_kind_page(signed_in: TestClient) -> None:
    response = await signed_in.get("/dashboard/logout")
    assert response.status == 405 and "That did not work" in await response.text()
    assert response.headers["Allow"] == "POST"


async def test_nothing_of_a_lead_reaches_the_logs(aiohttp_client, app: web.Application, store: Store,  # type: ignore[no-untyped-def]
                                                  user: str, caplog) -> None:
    caplog.set_level(logging.INFO)        # production level (database drivers log parameters at DEBUG)
    server = TestServer(app)
    await server.start_server(access_log_class=PathOnlyAccessLogger)     # as python -m bot.web runs it
    client = await aiohttp_client(server)
    await sign_in(client, user, PASSWORD)
    lead = await add_lead(store.sessions, "Zoltana", answers=HEALTH_ANSWERS, email="zoltana@example.com")
    await client.get(f"/dashboard/leads/{lead.id}")
    await client.get("/dashboard/?q=Zoltana")
    await client.get("/dashboard/leads.csv?q=zoltana")
    await asyncio.sleep(0.1)              # the access log line is written after the response
    assert f"/dashboard/leads/{lead.id}" in caplog.text      # the access log is there, without queries
    for secret in ("Zoltana", "zoltana", "warfarin", "left knee"):
        assert secret not in caplog.text


def test_the_access_log_leaves_out_the_query_string() -> None:
    logger = mock.Mock()
    access = PathOnlyAccessLogger(logger, "")
    request = mock.Mock(remote="10.0.0.1", method="GET", rel_url=mock.Mock(path="/dashboard/"))
    access.log(request, mock.Mock(status=200), 0.004)
    line = logger.info.call_args.args[0] % logger.info.call_args.args[1:]
    assert line == '10.0.0.1 "GET /dashboard/" 200 4ms'


async def test_an_unreadable_transcript_leaves_the_page_usable(aiohttp_client, databases: Databases,  # type: ignore[no-untyped-def]
                                                               tmp_path: Path, store: Store, user: str) -> None:
    broken = Databases(databases.backend, databases.leads_url, f"sqlite:///{tmp_path}/missing/dir/tracker.db")
    client = await aiohttp_client(create_app(make_settings(broken, tmp_path), run_jobs=False))
    await sign_in(client, user, PASSWORD)
    lead = await add_lead(store.sessions, "Anna")
    response = await client.get(f"/dashboard/leads/{lead.id}")
    assert response.status == 200 and "could not be read" in await response.text()


async def test_the_jobs_sweep_erasures_and_purge_old_leads(aiohttp_client, settings: Settings,  # type: ignore[no-untyped-def]
                                                           store: Store) -> None:
    old = await add_lead(store.sessions, "Old", created_at=datetime.now(timezone.utc) - timedelta(days=400))
    recent = await add_lead(store.sessions, "Recent")
    await add_events(store.tracker, old.conversation_id, [("visitor", "hello")])
    async with store.sessions.begin() as session:
        session.add(ErasureRequest(conversation_id="erased-1"))
    await add_events(store.tracker, "erased-1", [("visitor", "delete my data")])

    await aiohttp_client(create_app(settings))           # jobs on: both run once at start
    for _ in range(100):
        if await count_events(store.tracker, "erased-1") == 0 and await store.count(Lead) == 1 \
                and await count_events(store.tracker, old.conversation_id) == 0:     # the purge's last step
            break
        await asyncio.sleep(0.05)
    assert await store.count(Lead, Lead.id == old.id) == 0
    assert await store.count(Lead, Lead.id == recent.id) == 1
    assert await count_events(store.tracker, old.conversation_id) == 0
    assert await count_events(store.tracker, "erased-1") == 0
