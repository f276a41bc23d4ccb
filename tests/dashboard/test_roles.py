"""Roles: staff cannot export, erase or manage accounts (refused on the server, hidden in the pages)."""
from __future__ import annotations

import re

from aiohttp import web
from aiohttp.test_utils import TestClient
from alembic import command
from sqlalchemy import inspect, select, text

from bot.dashboard.roles import ROUTE_ACCESS, Permission, Role, Stage, can
from bot.dashboard.routes import setup_routes
from bot.store.db import create_sync_engine_for
from bot.store.migrate import alembic_config
from bot.store.models import AuditEntry, Lead, LeadNote, User
from tests.dashboard.conftest import PASSWORD, STAFF_PASSWORD
from tests.dashboard.factories import (Store, add_events, add_lead, add_user, count_events, post, sign_in,
                                       submit_password)


def test_every_route_has_an_access_rule() -> None:
    dash = web.Application()
    setup_routes(dash)
    names = {resource.name for resource in dash.router.resources() if resource.name}
    assert names == set(ROUTE_ACCESS)
    assert {name for name, access in ROUTE_ACCESS.items() if access is Stage.public} == {"static", "login"}


def test_what_each_role_may_do() -> None:
    assert all(can("owner", p) for p in Permission)
    assert can("staff", "view") and not any(can("staff", p) for p in ("export", "erase", "manage_accounts"))
    assert not can("admin", "view") and not can("owner", "fly")
    assert Role.parse("staff") is Role.staff and Role.parse("root") is None


async def test_staff_cannot_export_or_erase_and_does_not_see_the_controls(signed_in_staff: TestClient,
                                                                          store: Store) -> None:
    lead = await add_lead(store.sessions, "Anna")
    await add_events(store.tracker, lead.conversation_id, [("visitor", "hello")])
    events = await count_events(store.tracker, lead.conversation_id)

    listing = await (await signed_in_staff.get("/dashboard/")).text()
    assert "Anna" in listing and "Export CSV" not in listing and "leads.csv" not in listing
    assert 'href="/dashboard/accounts"' not in listing and "sam" in listing and "Staff" in listing
    page = await (await signed_in_staff.get(f"/dashboard/leads/{lead.id}")).text()
    assert "Anna" in page and "Erase this lead" not in page and "/erase" not in page

    for path in ("/dashboard/leads.csv", "/dashboard/leads.csv?status=new", f"/dashboard/leads/{lead.id}/erase",
                 "/dashboard/accounts"):
        response = await signed_in_staff.get(path, allow_redirects=False)
        assert response.status == 403 and "You cannot do that here" in await response.text(), path
    for path, data in ((f"/dashboard/leads/{lead.id}/erase", {"confirm": "yes"}),
                       ("/dashboard/accounts", {"username": "mallory", "role": "owner"}),
                       ("/dashboard/accounts/1/role", {"role": "staff"}),
                       ("/dashboard/accounts/1/reset-password", {}),
                       ("/dashboard/accounts/1/reset-two-factor", {}),
                       ("/dashboard/accounts/1/delete", {"confirm": "yes"})):
        assert (await post(signed_in_staff, path, data)).status == 403, path

    assert await store.count(Lead) == 1 and await count_events(store.tracker, lead.conversation_id) == events
    async with store.sessions() as session:
        users = (await session.execute(select(User.username, User.role).order_by(User.username))).all()
        logged = set((await session.scalars(select(AuditEntry.action))).all())
    assert users == [("sam", "staff")]
    assert not logged & {"export", "erase", "account_create", "role", "password_reset", "account_delete"}

    # Staff do the everyday work.
    assert (await post(signed_in_staff, f"/dashboard/leads/{lead.id}/notes", {"text": "Called back"})).status == 303
    assert await store.count(LeadNote) == 1
    for path in ("/dashboard/queues", "/dashboard/overview", "/dashboard/audit", "/dashboard/account"):
        assert (await signed_in_staff.get(path)).status == 200, path


async def test_the_owner_sees_and_may_use_everything(signed_in: TestClient, store: Store) -> None:
    lead = await add_lead(store.sessions, "Anna")
    listing = await (await signed_in.get("/dashboard/")).text()
    assert "Export CSV" in listing and 'href="/dashboard/accounts"' in listing
    assert "Erase this lead" in await (await signed_in.get(f"/dashboard/leads/{lead.id}")).text()
    assert (await signed_in.get("/dashboard/leads.csv")).status == 200
    assert (await post(signed_in, f"/dashboard/leads/{lead.id}/erase", {"confirm": "yes"})).status == 303
    assert await store.count(Lead) == 0


async def account_id(store: Store, username: str) -> int:
    async with store.sessions() as session:
        found = await session.scalar(select(User.id).where(User.username == username))
    assert found is not None
    return found


async def test_owners_manage_accounts(signed_in: TestClient, aiohttp_client, app, store: Store) -> None:  # type: ignore[no-untyped-def]
    page = await (await signed_in.get("/dashboard/accounts")).text()
    assert "marta" in page and "(you)" in page and "Change role" not in page       # nothing to do to oneself

    response = await post(signed_in, "/dashboard/accounts", {"username": " Sam ", "role": "staff"})
    html = await response.text()
    assert response.status == 200 and "Account created" in html
    temporary = re.search(r'aria-label="Temporary password">([^<]+)<', html)
    assert temporary
    for bad in ({"username": "has space", "role": "staff"}, {"username": "sam", "role": "staff"},
                {"username": "eve", "role": "admin"}):
        response = await post(signed_in, "/dashboard/accounts", bad)
        assert response.status == 400, bad

    sam = await aiohttp_client(app)                # sam's first sign-in: own password, then codes
    response = await submit_password(sam, "sam", temporary.group(1))
    assert (await sam.get("/dashboard/", allow_redirects=False)).headers["Location"] == "/dashboard/account/password"

    sam_id = await account_id(store, "sam")
    assert (await post(signed_in, f"/dashboard/accounts/{sam_id}/role", {"role": "owner"})).status == 303
    assert (await post(signed_in, f"/dashboard/accounts/{sam_id}/role", {"role": "staff"})).status == 303
    response = await post(signed_in, f"/dashboard/accounts/{sam_id}/reset-password", {})
    assert "Password reset" in await response.text()
    assert (await sam.get("/dashboard/account/password", allow_redirects=False)).status == 303   # signed out

    marta_id = await account_id(store, "marta")
    await post(signed_in, f"/dashboard/accounts/{marta_id}/role", {"role": "staff"})
    assert "cannot change the role of your own account" in await (await signed_in.get("/dashboard/accounts")).text()
    await post(signed_in, f"/dashboard/accounts/{marta_id}/delete", {"confirm": "yes"})
    await post(signed_in, f"/dashboard/accounts/{sam_id}/delete", {})          # the box is not ticked
    assert await store.count(User) == 2
    assert (await post(signed_in, f"/dashboard/accounts/{sam_id}/delete", {"confirm": "yes"})).status == 303
    assert (await post(signed_in, "/dashboard/accounts/999999/role", {"role": "owner"})).status == 303
    async with store.sessions() as session:
        assert (await session.scalars(select(User.username))).all() == ["marta"]
        logged = (await session.execute(select(AuditEntry.actor, AuditEntry.action, AuditEntry.details)
                                        .where(AuditEntry.action.in_(
                                            ["account_create", "role", "password_reset", "account_delete"]))
                                        .order_by(AuditEntry.id))).all()
    assert logged == [("marta", "account_create", "sam (staff)"), ("marta", "role", "sam: staff → owner"),
                      ("marta", "role", "sam: owner → staff"), ("marta", "password_reset", "sam"),
                      ("marta", "account_delete", "sam")]
    audit = await (await signed_in.get("/dashboard/audit?action=role")).text()
    assert "Changed a role" in audit and "sam: staff → owner" in audit


async def test_a_role_change_applies_at_once(aiohttp_client, app, store: Store, user: str) -> None:  # type: ignore[no-untyped-def]
    await add_user(store.sessions, "ines", STAFF_PASSWORD, role="owner")
    marta, ines = await aiohttp_client(app), await aiohttp_client(app)
    await sign_in(marta, "marta", PASSWORD)
    await sign_in(ines, "ines", STAFF_PASSWORD)
    assert (await ines.get("/dashboard/leads.csv")).status == 200
    await post(marta, f"/dashboard/accounts/{await account_id(store, 'ines')}/role", {"role": "staff"})
    assert (await ines.get("/dashboard/leads.csv")).status == 403


async def test_an_owner_resets_a_lost_second_factor(aiohttp_client, app, store: Store, user: str) -> None:  # type: ignore[no-untyped-def]
    await add_user(store.sessions, "sam", STAFF_PASSWORD, role="staff")
    marta, sam = await aiohttp_client(app), await aiohttp_client(app)
    await sign_in(marta, "marta", PASSWORD)
    await sign_in(sam, "sam", STAFF_PASSWORD)
    response = await post(marta, f"/dashboard/accounts/{await account_id(store, 'sam')}/reset-two-factor", {})
    assert response.status == 303
    assert "set up a new second factor" in await (await marta.get("/dashboard/accounts")).text()
    assert (await sam.get("/dashboard/", allow_redirects=False)).headers["Location"].startswith("/dashboard/login")
    response = await submit_password(sam, "sam", STAFF_PASSWORD)          # no code asked: enrol again
    assert (await sam.get("/dashboard/", allow_redirects=False)).headers["Location"] == \
        "/dashboard/account/two-factor"
    assert await store.count(AuditEntry, AuditEntry.action == "totp_reset") == 1


def test_the_accounts_migration_keeps_existing_accounts_as_owners(empty_database: str) -> None:
    """Accounts from before roles could do everything: they stay owners, and enrol a second factor next time."""
    config = alembic_config(empty_database)
    command.upgrade(config, "0004")
    engine = create_sync_engine_for(empty_database)
    try:
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO users (username, password_hash, created_at) "
                              "VALUES ('marta', 'x', CURRENT_TIMESTAMP)"))
        command.upgrade(config, "0005")
        with engine.connect() as conn:
            assert conn.execute(select(User.username, User.role, User.must_change_password, User.totp_secret)
                                ).all() == [("marta", "owner", False, None)]
            assert {c["name"] for c in inspect(conn).get_columns("recovery_codes")} == \
                {"id", "user_id", "code_hash", "created_at"}
        with engine.begin() as conn:      # new rows take their defaults from the application, not the database
            defaults = {c["name"]: c["default"] for c in inspect(conn).get_columns("users")}
        assert defaults["role"] is None and defaults["must_change_password"] is None
        command.downgrade(config, "0004")
        with engine.connect() as conn:
            assert "recovery_codes" not in inspect(conn).get_table_names()
            assert "role" not in {c["name"] for c in inspect(conn).get_columns("users")}
            assert conn.execute(text("SELECT username FROM users")).scalars().all() == ["marta"]
        command.upgrade(config, "head")
    finally:
        engine.dispose()
