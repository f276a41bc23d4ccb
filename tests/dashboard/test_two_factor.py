"""The second factor: codes at sign-in, replays, recovery codes, and the guided first sign-in."""
from __future__ import annotations

import re
from urllib.parse import parse_qs, unquote, urlsplit

from aiohttp.test_utils import TestClient
from sqlalchemy import select

from bot.dashboard import totp
from bot.dashboard.clock import Clock
from bot.dashboard.passwords import verify_password
from bot.settings import Settings
from bot.store.models import AuditEntry, Lead, RecoveryCode, StatusChange, User
from bot.tools.first_account import ensure_first_account
from tests.dashboard.conftest import PASSWORD
from tests.dashboard.factories import (Store, add_lead, add_recovery_codes, add_user, csrf, fresh_code, post,
                                       submit_code, submit_password, totp_secret_for)

NEW_PASSWORD = "my very own passphrase"


async def is_signed_in(client: TestClient) -> bool:
    return (await client.get("/dashboard/", allow_redirects=False)).status == 200


async def sign_out(client: TestClient) -> None:
    await post(client, "/dashboard/logout", {})


async def actions(store: Store) -> list[str]:
    async with store.sessions() as session:
        return list((await session.scalars(select(AuditEntry.action).order_by(AuditEntry.id))).all())


async def test_the_password_alone_does_not_sign_in(client: TestClient, store: Store, user: str) -> None:
    response = await submit_password(client, "marta", PASSWORD)
    assert response.status == 303 and response.headers["Location"] == "/dashboard/login/code"
    assert not await is_signed_in(client)
    for path in ("/dashboard/leads.csv", "/dashboard/account", "/dashboard/account/password"):
        assert (await client.get(path, allow_redirects=False)).status == 303, path
    page = await (await client.get("/dashboard/login/code")).text()
    assert 'autocomplete="one-time-code"' in page and 'inputmode="numeric"' in page

    response = await submit_code(client, "000000")
    assert response.status == 401 and "That code is not right" in await response.text()
    assert not await is_signed_in(client)
    response = await submit_code(client, await fresh_code(client, "marta"))
    assert response.status == 303 and response.headers["Location"] == "/dashboard/"
    assert await is_signed_in(client)
    assert await actions(store) == ["login_code_failed", "login"]


async def test_a_code_works_once(client: TestClient, store: Store, user: str, clock: Clock) -> None:
    code = totp.code_at(totp_secret_for("marta"), clock.now())
    await submit_password(client, "marta", PASSWORD)
    assert (await submit_code(client, code)).status == 303
    await sign_out(client)
    await submit_password(client, "marta", PASSWORD)
    response = await submit_code(client, code)               # seen over a shoulder, typed again at once
    assert response.status == 401 and not await is_signed_in(client)
    clock.advance(30)                                        # the next code is fine
    assert (await submit_code(client, totp.code_at(totp_secret_for("marta"), clock.now()))).status == 303


async def test_codes_from_a_moment_ago_or_ahead_are_accepted(client: TestClient, user: str, clock: Clock) -> None:
    secret = totp_secret_for("marta")
    await submit_password(client, "marta", PASSWORD)
    stale = totp.code_at(secret, clock.now() - 60)          # two steps old: refused
    assert (await submit_code(client, stale)).status == 401
    assert (await submit_code(client, totp.code_at(secret, clock.now() - 30))).status == 303


async def test_a_recovery_code_works_once(client: TestClient, store: Store, user: str) -> None:
    codes = await add_recovery_codes(store.sessions, "marta")
    await submit_password(client, "marta", PASSWORD)
    response = await submit_code(client, " " + codes[0].upper().replace("-", " ") + " ")   # as typed off paper
    assert response.status == 303 and response.headers["Location"] == "/dashboard/"
    page = await (await client.get("/dashboard/")).text()
    assert "signed in with a recovery code" in page and "9 left" in page
    assert await store.count(RecoveryCode) == 9
    await sign_out(client)

    await submit_password(client, "marta", PASSWORD)
    assert (await submit_code(client, codes[0])).status == 401             # used up
    assert (await submit_code(client, codes[1])).status == 303
    assert await store.count(RecoveryCode) == 8
    async with store.sessions() as session:
        used = (await session.scalars(select(AuditEntry.details)
                                      .where(AuditEntry.action == "recovery_code_used"))).all()
    assert used == ["9 left", "8 left"]


async def test_the_code_step_expires_and_too_many_wrong_codes_start_again(client: TestClient, user: str,
                                                                          clock: Clock) -> None:
    await submit_password(client, "marta", PASSWORD)
    clock.advance(5 * 60 + 1)
    token = await csrf(client, "/dashboard/login")          # the code page sends back to the password
    response = await client.post("/dashboard/login/code", data={"code": "123456", "csrf_token": token},
                                 allow_redirects=False)
    assert response.status == 303 and response.headers["Location"] == "/dashboard/login"
    assert (await client.get("/dashboard/login/code", allow_redirects=False)).status == 303

    await submit_password(client, "marta", PASSWORD)
    for _ in range(4):
        assert (await submit_code(client, "999999")).status == 401
    response = await submit_code(client, "999999")
    assert response.status == 303 and response.headers["Location"] == "/dashboard/login"
    assert "Too many wrong codes" in await (await client.get("/dashboard/login")).text()
    # The right code is no use now: the password must come first again.
    token = await csrf(client, "/dashboard/login")
    response = await client.post("/dashboard/login/code", data={"code": await fresh_code(client, "marta"),
                                                                "csrf_token": token}, allow_redirects=False)
    assert response.headers["Location"] == "/dashboard/login" and not await is_signed_in(client)


async def test_wrong_codes_count_towards_the_sign_in_limit(client: TestClient, user: str) -> None:
    for _ in range(5):
        await submit_password(client, "marta", PASSWORD)
        assert (await submit_code(client, "000000")).status == 401
    response = await submit_password(client, "marta", PASSWORD)
    assert response.status == 429


def setup_secret(html: str, username: str = "admin") -> str:
    """The secret of the enrolment page, checked: in the otpauth:// link and as a key to type."""
    uri = re.search(r'href="(otpauth://[^"]+)"', html)
    assert uri, "no otpauth:// link on the page"
    parts = urlsplit(uri.group(1).replace("&amp;", "&"))
    assert parts.netloc == "totp" and unquote(parts.path) == f"/Lumen Skin Studio:{username}"
    query = parse_qs(parts.query)
    assert query["issuer"] == ["Lumen Skin Studio"]
    secret = query["secret"][0]
    assert " ".join(secret[i:i + 4] for i in range(0, 32, 4)) in html      # the key to type, in groups
    return secret


async def test_the_first_sign_in_forces_a_new_password_then_sign_in_codes(
        client: TestClient, store: Store, settings: Settings, tmp_path, clock: Clock) -> None:  # type: ignore[no-untyped-def]
    first = ensure_first_account(settings, tmp_path)
    assert first is not None and first.username == "admin"
    lead = await add_lead(store.sessions, "Anna")
    response = await submit_password(client, "admin", first.password)
    assert response.status == 303 and response.headers["Location"] == "/dashboard/"

    # Nothing else is reachable until the password is changed: pages and forms lead to the password page.
    for path in ("/dashboard/", "/dashboard/leads.csv", f"/dashboard/leads/{lead.id}", "/dashboard/accounts",
                 "/dashboard/account", "/dashboard/account/two-factor", "/dashboard/nowhere"):
        response = await client.get(path, allow_redirects=False)
        assert (response.status, response.headers.get("Location")) == (303, "/dashboard/account/password"), path
    page = await client.get("/dashboard/account/password")
    html = await page.text()
    assert page.status == 200 and "Choose your own password" in html and "Step 1 of 2" in html
    assert 'href="/dashboard/overview"' not in html and "Sign out" in html            # no menu, only sign-out
    response = await post(client, f"/dashboard/leads/{lead.id}/status", {"status": "closed", "reason": "x"})
    assert response.headers["Location"] == "/dashboard/account/password"
    assert await store.count(StatusChange, StatusChange.to_status == "closed") == 0

    for data, message in (({"current": "wrong password!!", "new": NEW_PASSWORD, "repeat": NEW_PASSWORD},
                           "current password is not right"),
                          ({"current": first.password, "new": "short", "repeat": "short"}, "at least 12"),
                          ({"current": first.password, "new": NEW_PASSWORD, "repeat": NEW_PASSWORD + "!"}, "differ"),
                          ({"current": first.password, "new": first.password, "repeat": first.password}, "different"),
                          ({"current": first.password, "new": "admin is my name", "repeat": "admin is my name"},
                           "username")):
        response = await post(client, "/dashboard/account/password", data)
        assert response.status == 400 and message in await response.text(), message
    response = await post(client, "/dashboard/account/password",
                          {"current": first.password, "new": NEW_PASSWORD, "repeat": NEW_PASSWORD})
    assert response.status == 303 and response.headers["Location"] == "/dashboard/account/two-factor"
    async with store.sessions() as session:
        admin = (await session.scalars(select(User))).one()
    assert verify_password(admin.password_hash, NEW_PASSWORD) and not admin.must_change_password

    # Step 2: sign-in codes. Still nothing else.
    assert (await client.get("/dashboard/", allow_redirects=False)).headers["Location"] == \
        "/dashboard/account/two-factor"
    html = await (await client.get("/dashboard/account/two-factor")).text()
    secret = setup_secret(html)
    assert secret == setup_secret(await (await client.get("/dashboard/account/two-factor")).text())  # same key
    response = await post(client, "/dashboard/account/two-factor", {"code": "000000"})
    assert response.status == 400 and "not right" in await response.text()
    response = await post(client, "/dashboard/account/two-factor", {"code": totp.code_at(secret, clock.now())})
    html = await response.text()
    assert response.status == 200 and "Your recovery codes" in html
    codes = re.findall(r"<li>([a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4})</li>", html)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert response.headers["Cache-Control"] == "no-store"
    assert await is_signed_in(client)
    async with store.sessions() as session:
        admin = (await session.scalars(select(User))).one()
        stored = (await session.scalars(select(RecoveryCode.code_hash))).all()
    assert admin.totp_secret == secret and admin.role == "owner"
    assert len(stored) == 10 and not any(c in h for c in codes for h in stored)
    assert await actions(store) == ["account_create", "login", "password_change", "totp_enrol"]

    # From now on: password and code; a recovery code from the page works too.
    await sign_out(client)
    await submit_password(client, "admin", NEW_PASSWORD)
    assert (await submit_code(client, codes[3])).status == 303 and await is_signed_in(client)
    assert (await client.get("/dashboard/leads.csv")).status == 200


async def test_enrolling_ends_the_password_only_sessions_elsewhere(aiohttp_client, app, store: Store,  # type: ignore[no-untyped-def]
                                                                   clock: Clock) -> None:
    await add_user(store.sessions, "sam", PASSWORD, totp_enrolled=False)
    laptop, phone = await aiohttp_client(app), await aiohttp_client(app)
    for client in (laptop, phone):
        await submit_password(client, "sam", PASSWORD)
        assert (await client.get("/dashboard/", allow_redirects=False)).headers["Location"] == \
            "/dashboard/account/two-factor"
    secret = setup_secret(await (await laptop.get("/dashboard/account/two-factor")).text(), "sam")
    await post(laptop, "/dashboard/account/two-factor", {"code": totp.code_at(secret, clock.now())})
    assert await is_signed_in(laptop)
    assert (await phone.get("/dashboard/", allow_redirects=False)).headers["Location"].startswith("/dashboard/login")


async def test_new_recovery_codes_replace_the_old_ones(signed_in: TestClient, store: Store) -> None:
    old = await add_recovery_codes(store.sessions, "marta")
    html = await (await signed_in.get("/dashboard/account")).text()
    assert "10 recovery codes left" in html and "Make new recovery codes" in html
    response = await post(signed_in, "/dashboard/account/recovery-codes", {"code": "000000"})
    assert response.headers["Location"] == "/dashboard/account"
    assert "not right" in await (await signed_in.get("/dashboard/account")).text()
    response = await post(signed_in, "/dashboard/account/recovery-codes",
                          {"code": await fresh_code(signed_in, "marta")})
    new = re.findall(r"<li>([a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4})</li>", await response.text())
    assert len(new) == 10 and not set(new) & set(old)
    assert await store.count(RecoveryCode) == 10
    assert "recovery_codes" in await actions(store)
    await sign_out(signed_in)
    await submit_password(signed_in, "marta", PASSWORD)
    assert (await submit_code(signed_in, old[0])).status == 401
    assert (await submit_code(signed_in, new[0])).status == 303


async def test_an_enrolled_account_cannot_enrol_again_or_skip_ahead(signed_in: TestClient, store: Store) -> None:
    response = await signed_in.get("/dashboard/account/two-factor", allow_redirects=False)
    assert response.headers["Location"] == "/dashboard/account"
    response = await post(signed_in, "/dashboard/account/two-factor", {"code": "123456"})
    assert response.headers["Location"] == "/dashboard/account"
    async with store.sessions() as session:
        assert (await session.scalars(select(User.totp_secret))).one() == totp_secret_for("marta")
    assert await store.count(Lead) == 0
