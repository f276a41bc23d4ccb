"""Sign-in, sign-out, sessions, CSRF and rate limiting."""
from __future__ import annotations

from aiohttp.test_utils import TestClient
from sqlalchemy import select, update

from bot.dashboard.clock import Clock
from bot.dashboard.passwords import hash_password
from bot.store.models import AuditEntry, User
from bot.web.app import create_app
from tests.dashboard.conftest import PASSWORD, make_settings
from tests.dashboard.factories import (Store, add_lead, add_user, csrf, csrf_from, fresh_code, post, sign_in,
                                      submit_code, submit_password)

PROTECTED_GETS = ["/dashboard/", "/dashboard/leads.csv", "/dashboard/queues", "/dashboard/overview",
                  "/dashboard/audit", "/dashboard/leads/" + "a" * 32, "/dashboard/leads/" + "a" * 32 + "/erase"]
PROTECTED_POSTS = ["/dashboard/logout", "/dashboard/leads/" + "a" * 32 + "/status",
                   "/dashboard/leads/" + "a" * 32 + "/notes", "/dashboard/leads/" + "a" * 32 + "/follow-up",
                   "/dashboard/leads/" + "a" * 32 + "/erase", "/dashboard/handoffs/1/done",
                   "/dashboard/bookings/" + "b" * 32 + "/decision"]


async def test_the_root_leads_to_the_dashboard(client: TestClient) -> None:
    for path in ("/", "/dashboard"):
        response = await client.get(path, allow_redirects=False)
        assert response.status == 302 and response.headers["Location"] == "/dashboard/"


async def test_every_page_needs_a_session(client: TestClient) -> None:
    for path in PROTECTED_GETS:
        response = await client.get(path, allow_redirects=False)
        assert response.status == 303, path
        assert response.headers["Location"].startswith("/dashboard/login?next=/dashboard/"), path


async def test_every_form_needs_a_session(client: TestClient, store: Store) -> None:
    lead = await add_lead(store.sessions)
    token = await csrf(client, "/dashboard/login")      # a valid token, but nobody signed in
    for path in PROTECTED_POSTS + [f"/dashboard/leads/{lead.id}/erase"]:
        response = await client.post(path, data={"csrf_token": token, "confirm": "yes", "status": "closed",
                                                 "reason": "x", "text": "x"}, allow_redirects=False)
        assert response.status == 303 and response.headers["Location"] == "/dashboard/login", path
    assert await store.count(type(lead)) == 1


async def test_sign_in_records_it_and_opens_the_dashboard(client: TestClient, store: Store, user: str) -> None:
    response = await submit_password(client, " Marta ", PASSWORD, "/dashboard/overview")
    assert response.status == 303 and response.headers["Location"] == "/dashboard/login/code"
    assert (await client.get("/dashboard/", allow_redirects=False)).status == 303     # not signed in yet
    response = await submit_code(client, await fresh_code(client, "marta"))
    assert response.status == 303 and response.headers["Location"] == "/dashboard/overview"
    page = await client.get("/dashboard/")
    assert page.status == 200 and "Leads" in await page.text()
    async with store.sessions() as session:
        entry = (await session.scalars(select(AuditEntry).where(AuditEntry.action == "login"))).one()
        account = (await session.scalars(select(User))).one()
    assert entry.actor == "marta" and "authenticator code" in entry.details and account.last_login_at is not None


async def test_sign_in_never_redirects_elsewhere(client: TestClient, user: str) -> None:
    for target in ("https://evil.example/", "//evil.example/", "/elsewhere", "/dashboard/\\evil",
                   "/dashboard/\r\nSet-Cookie: x=1"):
        response = await sign_in(client, "marta", PASSWORD, target)
        assert response.headers["Location"] == "/dashboard/", target
        await client.post("/dashboard/logout", data={"csrf_token": await csrf(client)}, allow_redirects=False)


async def test_a_wrong_password_is_refused_kindly(client: TestClient, store: Store, user: str) -> None:
    for username in ("marta", "nobody"):
        token = await csrf(client, "/dashboard/login")
        response = await client.post("/dashboard/login", data={
            "username": username, "password": "wrong password!", "csrf_token": token})
        assert response.status == 401
        assert "do not match" in await response.text()
    assert (await client.get("/dashboard/", allow_redirects=False)).status == 303
    async with store.sessions() as session:
        actors = (await session.scalars(select(AuditEntry.actor).where(AuditEntry.action == "login_failed")
                                        .order_by(AuditEntry.id))).all()
    assert actors == ["marta", "(unknown user)"]     # a mistyped password in the name box is not kept


async def test_sign_in_without_or_with_a_wrong_csrf_token_is_forbidden(client: TestClient, user: str) -> None:
    await csrf(client, "/dashboard/login")
    for data in ({}, {"csrf_token": "forged"}, {"csrf_token": ""}):
        response = await client.post("/dashboard/login", data={"username": "marta", "password": PASSWORD, **data},
                                     allow_redirects=False)
        assert response.status == 403
        assert "This form has expired" in await response.text()
    assert (await client.get("/dashboard/", allow_redirects=False)).status == 303


async def test_a_token_from_another_session_is_refused(aiohttp_client, app, user: str) -> None:  # type: ignore[no-untyped-def]
    first, second = await aiohttp_client(app), await aiohttp_client(app)
    await sign_in(first, "marta", PASSWORD)
    await sign_in(second, "marta", PASSWORD)
    foreign = await csrf(second)
    response = await first.post("/dashboard/logout", data={"csrf_token": foreign}, allow_redirects=False)
    assert response.status == 403


async def test_too_many_sign_ins_are_refused_for_a_while(client: TestClient, store: Store, user: str) -> None:
    for _ in range(5):
        token = await csrf(client, "/dashboard/login")
        response = await client.post("/dashboard/login", data={
            "username": "marta", "password": "not it at all", "csrf_token": token})
        assert response.status == 401
    token = await csrf(client, "/dashboard/login")
    response = await client.post("/dashboard/login", data={
        "username": "marta", "password": PASSWORD, "csrf_token": token}, allow_redirects=False)
    assert response.status == 429
    assert 0 < int(response.headers["Retry-After"]) <= 15 * 60
    text = await response.text()
    assert "Too many attempts" in text and "minutes" in text
    # Another account from the same address is not locked out by these failures.
    await add_user(store.sessions, "sam", PASSWORD)
    token = await csrf(client, "/dashboard/login")
    response = await client.post("/dashboard/login", data={"username": "sam", "password": PASSWORD,
                                                           "csrf_token": token}, allow_redirects=False)
    assert response.status == 303


async def test_many_usernames_from_one_address_are_refused_too(aiohttp_client, databases, tmp_path,  # type: ignore[no-untyped-def]
                                                                user: str) -> None:
    client = await aiohttp_client(create_app(make_settings(databases, tmp_path,
                                                           DASHBOARD_LOGIN_MAX_FAILURES_PER_IP="8"), run_jobs=False))
    for i in range(8):
        token = await csrf(client, "/dashboard/login")
        response = await client.post("/dashboard/login", data={
            "username": f"guess{i}", "password": "nope nope nope", "csrf_token": token})
        assert response.status == 401
    token = await csrf(client, "/dashboard/login")
    response = await client.post("/dashboard/login", data={"username": "marta", "password": PASSWORD,
                                                           "csrf_token": token}, allow_redirects=False)
    assert response.status == 429


async def test_sign_out_ends_the_session(signed_in: TestClient, store: Store) -> None:
    token = await csrf(signed_in)
    missing = await signed_in.post("/dashboard/logout", data={}, allow_redirects=False)
    assert missing.status == 403
    response = await post(signed_in, "/dashboard/logout", {}, token)
    assert response.status == 303 and response.headers["Location"] == "/dashboard/login?signed_out=1"
    assert "You have signed out" in await (await signed_in.get("/dashboard/login?signed_out=1")).text()
    assert (await signed_in.get("/dashboard/", allow_redirects=False)).status == 303
    assert await store.count(AuditEntry, AuditEntry.action == "logout") == 1


async def test_a_signed_in_visit_to_the_login_page_goes_home(signed_in: TestClient) -> None:
    response = await signed_in.get("/dashboard/login", allow_redirects=False)
    assert response.status == 303 and response.headers["Location"] == "/dashboard/"


async def test_the_session_cookie_is_encrypted_http_only_and_scoped(client: TestClient, user: str) -> None:
    response = await sign_in(client, "marta", PASSWORD)
    cookie = response.headers["Set-Cookie"]
    assert cookie.replace('"', "").startswith("dashboard_session=gAAAAA")   # a Fernet token: nothing readable
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Path=/dashboard" in cookie
    assert "Max-Age=1800" in cookie and "Secure" not in cookie and "marta" not in cookie    # plain HTTP here


async def test_secure_cookies_when_configured(aiohttp_client, databases, tmp_path, store: Store,  # type: ignore[no-untyped-def]
                                              user: str) -> None:
    client = await aiohttp_client(create_app(make_settings(databases, tmp_path, DASHBOARD_SECURE_COOKIES="1"),
                                             run_jobs=False))
    response = await client.get("/dashboard/login")
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("__Host-dashboard_session=") and "Secure" in cookie and "Path=/;" in cookie


async def test_an_idle_session_expires_after_30_minutes(signed_in: TestClient, clock: Clock) -> None:
    clock.advance(29 * 60)
    assert (await signed_in.get("/dashboard/", allow_redirects=False)).status == 200   # still active
    clock.advance(29 * 60)
    assert (await signed_in.get("/dashboard/", allow_redirects=False)).status == 200   # activity keeps it alive
    clock.advance(30 * 60 + 1)
    response = await signed_in.get("/dashboard/", allow_redirects=False)
    assert response.status == 303 and response.headers["Location"] == "/dashboard/login?next=/dashboard/"


async def test_a_session_ends_after_the_maximum_lifetime(signed_in: TestClient, clock: Clock) -> None:
    for minutes in range(25, 12 * 60, 25):     # active every 25 minutes: never idle, but 12 hours at most
        clock.advance(25 * 60)
        assert (await signed_in.get("/dashboard/", allow_redirects=False)).status == 200, minutes
    clock.advance(12 * 3600 - 28 * 25 * 60 + 5)
    assert (await signed_in.get("/dashboard/", allow_redirects=False)).status == 303


async def test_a_password_reset_signs_out_everywhere(signed_in: TestClient, store: Store) -> None:
    async with store.sessions.begin() as session:
        await session.execute(update(User).values(password_hash=hash_password("a brand new passphrase")))
    assert (await signed_in.get("/dashboard/", allow_redirects=False)).status == 303


async def test_a_deleted_account_is_signed_out(signed_in: TestClient, store: Store) -> None:
    async with store.sessions.begin() as session:
        await session.delete((await session.scalars(select(User))).one())
    assert (await signed_in.get("/dashboard/", allow_redirects=False)).status == 303


async def test_several_accounts_can_sign_in(aiohttp_client, app, store: Store, user: str) -> None:  # type: ignore[no-untyped-def]
    await add_user(store.sessions, "assistant.two", PASSWORD)
    first, second = await aiohttp_client(app), await aiohttp_client(app)
    await sign_in(first, "marta", PASSWORD)
    await sign_in(second, "assistant.two", PASSWORD)
    assert "marta" in await (await first.get("/dashboard/")).text()
    assert "assistant.two" in await (await second.get("/dashboard/")).text()


async def test_the_login_page_has_its_token(client: TestClient) -> None:
    html = await (await client.get("/dashboard/login")).text()
    assert len(csrf_from(html)) >= 40 and 'autocomplete="current-password"' in html
