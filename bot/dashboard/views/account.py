"""The signed-in person's own account: password, second factor and recovery codes.

The first two are also the forced steps of a new account (see
:attr:`bot.dashboard.keys.CurrentUser.forced_step`): the pages then say so and
lead on to the next step. Recovery codes are shown once, in the response to
the form that made them, and never kept anywhere but as hashes.
"""
from __future__ import annotations

from aiohttp import web
from aiohttp_session import get_session
from sqlalchemy.exc import IntegrityError

from bot.dashboard import accounts, totp
from bot.dashboard.accounts import AccountError
from bot.dashboard.auth import as_current, now, revoke_session, start_session
from bot.dashboard.keys import CONFIG, USER
from bot.dashboard.render import flash_for, redirect, render
from bot.dashboard.views.common import form_text, sessions, settings
from bot.store.models import User

PENDING_SECRET = "totp_pending"     # the secret being enrolled, in the (encrypted) session until confirmed


async def _renew_session(request: web.Request, user: User) -> None:
    """A new session id after the account's credentials changed; the old one is refused from now on."""
    old = await get_session(request)
    try:
        async with sessions(request).begin() as db:
            revoke_session(db, old, request.config_dict[CONFIG])
    except IntegrityError:
        pass
    await start_session(request, user, mfa=user.totp_secret is not None)


async def account_page(request: web.Request) -> web.StreamResponse:
    async with sessions(request)() as db:
        stored = await db.get(User, request[USER].id)
        left = await accounts.recovery_codes_left(db, request[USER].id)
    return await render(request, "account.html", {"account": stored, "codes_left": left})


async def password_page(request: web.Request) -> web.StreamResponse:
    return await render(request, "password.html", {"forced": request[USER].must_change_password})


async def change_password(request: web.Request) -> web.StreamResponse:
    me = request[USER]
    try:
        user = await accounts.change_password(sessions(request), me.id, await form_text(request, "current", 1024),
                                              await form_text(request, "new", 1024),
                                              await form_text(request, "repeat", 1024))
    except AccountError as exc:
        return await render(request, "password.html", {"forced": me.must_change_password, "error": str(exc)},
                            status=400)
    await _renew_session(request, user)
    await flash_for(request, "Thank you: your password is saved." if me.must_change_password else
                    "Your password was changed. Other devices were signed out.", "success")
    step = as_current(user).forced_step
    raise redirect(request, step or "account")


def _not_now(request: web.Request) -> None:
    """Enrolment comes after the forced password change, and only once."""
    me = request[USER]
    if me.must_change_password:
        raise redirect(request, "password")
    if me.totp_enabled:
        raise redirect(request, "account")


async def totp_page(request: web.Request) -> web.StreamResponse:
    _not_now(request)
    session = await get_session(request)
    secret = session.get(PENDING_SECRET)
    if not isinstance(secret, str) or len(secret) != 32:
        secret = session[PENDING_SECRET] = totp.new_secret()
    return await render(request, "totp_setup.html", _setup_context(request, secret))


def _setup_context(request: web.Request, secret: str) -> dict[str, object]:
    issuer = str(settings(request).studio.get("name", "Studio dashboard"))
    return {"secret": totp.grouped(secret), "uri": totp.provisioning_uri(secret, request[USER].username, issuer),
            "issuer": issuer}


async def enrol_totp(request: web.Request) -> web.StreamResponse:
    _not_now(request)
    me = request[USER]
    session = await get_session(request)
    secret = session.get(PENDING_SECRET)
    if not isinstance(secret, str) or len(secret) != 32:
        raise redirect(request, "totp_setup")
    try:
        codes = await accounts.enrol_totp(sessions(request), me.id, secret, await form_text(request, "code", 100),
                                          now(request))
    except AccountError as exc:
        return await render(request, "totp_setup.html", {**_setup_context(request, secret), "error": str(exc)},
                            status=400)
    async with sessions(request)() as db:
        user = await db.get(User, me.id)
    assert user is not None
    await _renew_session(request, user)     # the new session carries the second factor just proved
    request[USER] = as_current(user)
    return await render(request, "recovery_codes.html", {"codes": codes, "first_time": True})


async def renew_recovery_codes(request: web.Request) -> web.StreamResponse:
    try:
        codes = await accounts.renew_recovery_codes(sessions(request), request[USER].id,
                                                    await form_text(request, "code", 100), now(request))
    except AccountError as exc:
        await flash_for(request, str(exc), "error")
        raise redirect(request, "account")
    return await render(request, "recovery_codes.html", {"codes": codes, "first_time": False})
