"""Sign-in and sign-out."""
from __future__ import annotations

import asyncio

from aiohttp import web
from aiohttp_session import get_session
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from bot.dashboard import audit
from bot.dashboard.auth import current_user, revoke_all_sessions, revoke_session, safe_next, start_session
from bot.dashboard.keys import CONFIG, THROTTLE, USER
from bot.dashboard.passwords import hash_password, needs_rehash, verify_password
from bot.dashboard.render import render
from bot.dashboard.views.common import actor, form_text, sessions
from bot.store.models import User, utcnow

HOME = "/dashboard/"


def client_ip(request: web.Request) -> str:
    if request.config_dict[CONFIG].trust_proxy:
        forwarded = request.headers.get("X-Forwarded-For", "")
        if forwarded:
            return forwarded.split(",")[-1].strip()[:64]
    return request.remote or "unknown"


async def login_page(request: web.Request) -> web.StreamResponse:
    if await current_user(request) is not None:
        raise web.HTTPSeeOther(safe_next(request.query.get("next"), HOME))
    return await render(request, "login.html", {
        "next": safe_next(request.query.get("next"), ""), "username": "",
        "signed_out": request.query.get("signed_out") == "1"})


async def login(request: web.Request) -> web.StreamResponse:
    username = (await form_text(request, "username", 100)).strip().lower()
    password = await form_text(request, "password", 1024)
    next_url = safe_next(await form_text(request, "next", 2000), HOME)
    ip = client_ip(request)
    throttle = request.config_dict[THROTTLE]
    wait = await throttle.retry_after(ip, username)
    if wait:
        raise web.HTTPTooManyRequests(headers={"Retry-After": str(wait)})

    async with sessions(request)() as db:
        user = await db.scalar(select(User).where(User.username == username)) if username else None
    ok = await asyncio.to_thread(verify_password, user.password_hash if user else None, password)
    if user is None or not ok:
        await throttle.failed(ip, username)
        # The typed name is recorded only if it is an account: it might be a password typed in the wrong box.
        await audit.record(sessions(request), user.username if user else "(unknown user)", "login_failed",
                           details=f"from {ip}")
        return await render(request, "login.html", {
            "error": "That username and password do not match. Please try again.",
            "username": username if user else "", "next": next_url}, status=401)

    await throttle.succeeded(ip, username)
    async with sessions(request).begin() as db:
        stored = await db.get(User, user.id)
        assert stored is not None
        if needs_rehash(stored.password_hash):
            stored.password_hash = await asyncio.to_thread(hash_password, password)
        stored.last_login_at = utcnow()
        audit.add(db, stored.username, "login", details=f"from {ip}")
        await db.flush()
        await start_session(request, stored)
    raise web.HTTPSeeOther(next_url)


async def _sign_out(request: web.Request, everywhere: bool) -> web.StreamResponse:
    """Revoke this session (or every session of the user) on the server, then clear the cookie."""
    session = await get_session(request)
    try:
        async with sessions(request).begin() as db:
            if everywhere:
                await revoke_all_sessions(db, request[USER].id)
            else:
                revoke_session(db, session, request.config_dict[CONFIG])
            audit.add(db, actor(request), "logout_all" if everywhere else "logout")
    except IntegrityError:
        pass        # a double click: the other request has already revoked this session
    session.invalidate()
    url = request.app.router["login"].url_for().with_query(signed_out="1")
    raise web.HTTPSeeOther(str(url))


async def logout(request: web.Request) -> web.StreamResponse:
    return await _sign_out(request, everywhere=False)


async def logout_all(request: web.Request) -> web.StreamResponse:
    return await _sign_out(request, everywhere=True)
