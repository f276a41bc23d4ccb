"""Sign-in (password, then the second-factor code) and sign-out."""
from __future__ import annotations

import asyncio

from aiohttp import web
from aiohttp_session import get_session
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from bot.dashboard import accounts, audit
from bot.dashboard.auth import (MAX_CODE_TRIES, current_user, now, pending_sign_in, revoke_all_sessions,
                                revoke_session, safe_next, start_pending, start_session)
from bot.dashboard.keys import CLOCK, CONFIG, THROTTLE, USER
from bot.dashboard.network import ClientAddress, client_address, plain_http_warning
from bot.dashboard.passwords import hash_password, needs_rehash, verify_password
from bot.dashboard.render import flash_for, render
from bot.dashboard.views.common import actor, form_text, sessions
from bot.store.models import User, utcnow

HOME = "/dashboard/"
WRONG_PASSWORD = "That username and password do not match. Please try again."
WRONG_CODE = "That code is not right. Type the 6-digit code your authenticator app shows now, or a recovery code."


def client(request: web.Request) -> ClientAddress:
    return client_address(request, request.config_dict[CONFIG])


async def _throttled(request: web.Request, where: ClientAddress, username: str) -> None:
    wait = await request.config_dict[THROTTLE].retry_after(where.ip, username, where.shared)
    if wait:
        raise web.HTTPTooManyRequests(headers={"Retry-After": str(wait)})


async def _login_form(request: web.Request, status: int = 200, **context: object) -> web.Response:
    return await render(request, "login.html", {
        "next": "", "username": "", "signed_out": False,
        "insecure": plain_http_warning(request, request.config_dict[CONFIG]), **context}, status=status)


async def login_page(request: web.Request) -> web.StreamResponse:
    if await current_user(request) is not None:
        raise web.HTTPSeeOther(safe_next(request.query.get("next"), HOME))
    return await _login_form(request, next=safe_next(request.query.get("next"), ""),
                             signed_out=request.query.get("signed_out") == "1")


async def login(request: web.Request) -> web.StreamResponse:
    username = (await form_text(request, "username", 100)).strip().lower()
    password = await form_text(request, "password", 1024)
    next_url = safe_next(await form_text(request, "next", 2000), HOME)
    where = client(request)
    await _throttled(request, where, username)

    async with sessions(request)() as db:
        user = await db.scalar(select(User).where(User.username == username)) if username else None
    ok = await asyncio.to_thread(verify_password, user.password_hash if user else None, password)
    if user is None or not ok:
        await request.config_dict[THROTTLE].failed(where.ip, username, where.shared)
        # The typed name is recorded only if it is an account: it might be a password typed in the wrong box.
        await audit.record(sessions(request), user.username if user else "(unknown user)", "login_failed",
                           details=f"from {where.ip}")
        return await _login_form(request, 401, error=WRONG_PASSWORD, username=username if user else "",
                                 next=next_url)

    if needs_rehash(user.password_hash):
        async with sessions(request).begin() as db:
            stored = await db.get(User, user.id)
            if stored is not None:
                stored.password_hash = user.password_hash = await asyncio.to_thread(hash_password, password)
    if user.totp_secret is not None:
        await start_pending(request, user, next_url)
        raise web.HTTPSeeOther(str(request.app.router["login_code"].url_for()))
    # No second factor yet (a new account): a session limited to choosing a password and enrolling.
    await _signed_in(request, user, where, "password only: second factor to set up")
    raise web.HTTPSeeOther(next_url)


async def _signed_in(request: web.Request, user: User, where: ClientAddress, how: str) -> None:
    await request.config_dict[THROTTLE].succeeded(where.ip, user.username)
    async with sessions(request).begin() as db:
        stored = await db.get(User, user.id)
        assert stored is not None
        stored.last_login_at = utcnow()
        audit.add(db, stored.username, "login", details=f"from {where.ip}; {how}")
    await start_session(request, stored, mfa=stored.totp_secret is not None)


async def code_page(request: web.Request) -> web.StreamResponse:
    if await current_user(request) is not None:
        raise web.HTTPSeeOther(HOME)
    if await pending_sign_in(request) is None:
        raise web.HTTPSeeOther(str(request.app.router["login"].url_for()))
    return await render(request, "login_code.html", {})


async def login_code(request: web.Request) -> web.StreamResponse:
    pending = await pending_sign_in(request)
    if pending is None:
        await flash_for(request, "Signing in took too long. Please start again.", "info")
        raise web.HTTPSeeOther(str(request.app.router["login"].url_for()))
    async with sessions(request)() as db:
        user = await db.get(User, pending["uid"])
    if user is None:
        (await get_session(request)).invalidate()
        raise web.HTTPSeeOther(str(request.app.router["login"].url_for()))
    where = client(request)
    await _throttled(request, where, user.username)

    typed = await form_text(request, "code", 100)
    how = await accounts.check_second_factor(sessions(request), user.id, typed, now(request))
    if how is None:
        await request.config_dict[THROTTLE].failed(where.ip, user.username, where.shared)
        await audit.record(sessions(request), user.username, "login_code_failed", details=f"from {where.ip}")
        pending["tries"] += 1
        session = await get_session(request)
        if pending["tries"] >= MAX_CODE_TRIES:
            session.invalidate()
            await flash_for(request, "Too many wrong codes. Please sign in again.", "error")
            raise web.HTTPSeeOther(str(request.app.router["login"].url_for()))
        session["pending"] = pending
        return await render(request, "login_code.html", {"error": WRONG_CODE}, status=401)

    await _signed_in(request, user, where, "authenticator code" if how == "totp" else "recovery code")
    if how == "recovery":
        async with sessions(request).begin() as db:
            left = await accounts.recovery_codes_left(db, user.id)
            audit.add(db, user.username, "recovery_code_used", details=f"{left} left")
        await flash_for(request, f"You signed in with a recovery code; it cannot be used again. {left} left: "
                        "make new ones on your account page if you are running low.", "info")
    raise web.HTTPSeeOther(safe_next(pending.get("next"), HOME))


async def _sign_out(request: web.Request, everywhere: bool) -> web.StreamResponse:
    """Revoke this session (or every session of the user) on the server, then clear the cookie."""
    session = await get_session(request)
    try:
        async with sessions(request).begin() as db:
            if everywhere:
                await revoke_all_sessions(db, request[USER].id, request.config_dict[CLOCK].utcnow())
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
