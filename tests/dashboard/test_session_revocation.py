"""Signing out on the server: a copied cookie is refused, "all devices", the purge and the migration."""
from __future__ import annotations

import asyncio
import json
from datetime import datetime, timedelta, timezone

from aiohttp import web
from aiohttp.test_utils import TestClient
from alembic import command
from cryptography.fernet import Fernet
from sqlalchemy import inspect, select, text

from bot.dashboard.setup import COOKIE_NAME
from bot.settings import Settings
from bot.store.db import create_sync_engine_for
from bot.store.migrate import alembic_config
from bot.store.models import AuditEntry, RevokedSession, User
from bot.web.app import create_app
from tests.dashboard.conftest import PASSWORD, SECRET_KEY
from tests.dashboard.factories import Store, add_user, csrf, post, sign_in


def session_cookie(client: TestClient) -> str:
    [value] = [c.value for c in client.session.cookie_jar if c.key == COOKIE_NAME and c.value]
    return value


async def replay(client: TestClient, cookie: str) -> web.StreamResponse:
    """The leads list, asked for with a copy of a session cookie (as a thief would)."""
    return await client.get("/dashboard/", headers={"Cookie": f'{COOKIE_NAME}="{cookie}"'},
                            allow_redirects=False)


def is_login_redirect(response: web.StreamResponse) -> bool:
    return response.status == 303 and response.headers["Location"].startswith("/dashboard/login")


async def test_a_copied_cookie_is_refused_after_sign_out(aiohttp_client, app: web.Application,  # type: ignore[no-untyped-def]
                                                         signed_in: TestClient, store: Store) -> None:
    cookie = session_cookie(signed_in)
    thief = await aiohttp_client(app)
    assert (await replay(thief, cookie)).status == 200       # the copy works while the session lasts

    response = await post(signed_in, "/dashboard/logout", {})
    assert response.headers["Location"] == "/dashboard/login?signed_out=1"
    assert is_login_redirect(await replay(thief, cookie))
    async with store.sessions() as session:
        [row] = (await session.scalars(select(RevokedSession))).all()
    lifetime = row.expires_at.replace(tzinfo=timezone.utc) - datetime.now(timezone.utc)
    assert timedelta(hours=11, minutes=59) < lifetime <= timedelta(hours=12)
    assert await store.count(AuditEntry, AuditEntry.action == "logout") == 1


async def test_a_session_without_an_id_is_refused(aiohttp_client, app: web.Application,  # type: ignore[no-untyped-def]
                                                  signed_in: TestClient) -> None:
    """A cookie from before session ids (same key, still fresh) must sign in again."""
    fernet = Fernet(SECRET_KEY)
    data = json.loads(fernet.decrypt(session_cookie(signed_in).encode()))
    del data["session"]["sid"]
    old = fernet.encrypt(json.dumps(data).encode()).decode()
    assert is_login_redirect(await replay(await aiohttp_client(app), old))


async def test_sign_out_of_all_devices(aiohttp_client, app: web.Application, store: Store,  # type: ignore[no-untyped-def]
                                       user: str) -> None:
    await add_user(store.sessions, "sam", PASSWORD)
    laptop, phone, colleague = [await aiohttp_client(app) for _ in range(3)]
    await sign_in(laptop, "marta", PASSWORD)
    await sign_in(phone, "marta", PASSWORD)
    await sign_in(colleague, "sam", PASSWORD)
    page = await (await laptop.get("/dashboard/")).text()
    assert 'action="/dashboard/logout-all"' in page and "Sign out of all devices" in page

    assert (await laptop.post("/dashboard/logout-all", data={"csrf_token": "forged"})).status == 403
    assert (await phone.get("/dashboard/", allow_redirects=False)).status == 200
    response = await post(laptop, "/dashboard/logout-all", {})
    assert response.headers["Location"] == "/dashboard/login?signed_out=1"
    for client in (laptop, phone):
        assert is_login_redirect(await client.get("/dashboard/", allow_redirects=False))
    assert (await colleague.get("/dashboard/", allow_redirects=False)).status == 200

    await sign_in(phone, "marta", PASSWORD)          # straight away: a new sign-in is not caught by it
    assert (await phone.get("/dashboard/", allow_redirects=False)).status == 200
    audit = await (await colleague.get("/dashboard/audit?action=logout_all")).text()
    assert "Signed out of all devices" in audit and "marta" in audit
    assert await store.count(AuditEntry, AuditEntry.action == "logout_all") == 1


async def test_a_double_click_on_sign_out_is_harmless(signed_in: TestClient, store: Store) -> None:
    token = await csrf(signed_in)
    responses = await asyncio.gather(*(post(signed_in, "/dashboard/logout", {}, token) for _ in range(2)))
    assert [r.status for r in responses] == [303, 303]
    assert await store.count(RevokedSession) == 1
    assert await store.count(AuditEntry, AuditEntry.action == "logout") == 1


async def test_the_purge_forgets_expired_revocations(aiohttp_client, settings: Settings,  # type: ignore[no-untyped-def]
                                                     store: Store) -> None:
    now = datetime.now(timezone.utc)
    async with store.sessions.begin() as session:
        session.add_all([RevokedSession(sid="expired", expires_at=now - timedelta(minutes=1)),
                         RevokedSession(sid="live", expires_at=now + timedelta(hours=1))])
    await aiohttp_client(create_app(settings))           # jobs on: the purge runs once at start
    for _ in range(100):
        if await store.count(RevokedSession) == 1:
            break
        await asyncio.sleep(0.05)
    assert await store.count(RevokedSession, RevokedSession.sid == "expired") == 0
    assert await store.count(RevokedSession, RevokedSession.sid == "live") == 1


def test_the_migration_keeps_accounts_and_can_be_undone(empty_database: str) -> None:
    config = alembic_config(empty_database)
    command.upgrade(config, "0001")
    engine = create_sync_engine_for(empty_database)
    try:
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO users (username, password_hash, created_at) "
                              "VALUES ('marta', 'x', CURRENT_TIMESTAMP)"))
        command.upgrade(config, "head")
        with engine.connect() as conn:
            assert conn.execute(select(User.username, User.sessions_valid_after)).all() == [("marta", None)]
            assert {c["name"] for c in inspect(conn).get_columns("revoked_sessions")} == \
                {"sid", "expires_at", "created_at"}
            assert inspect(conn).get_pk_constraint("revoked_sessions")["constrained_columns"] == ["sid"]
        command.downgrade(config, "0001")
        with engine.connect() as conn:
            assert "revoked_sessions" not in inspect(conn).get_table_names()
            assert "sessions_valid_after" not in {c["name"] for c in inspect(conn).get_columns("users")}
        command.upgrade(config, "head")
    finally:
        engine.dispose()
