"""Owners manage the accounts: create one, change a role, reset a password or a second factor, delete.

A temporary password is shown once, in the response to the form that made it;
its account must choose its own at first sign-in.
"""
from __future__ import annotations

from typing import Awaitable, Callable

from aiohttp import web

from bot.dashboard import accounts
from bot.dashboard.accounts import AccountError
from bot.dashboard.keys import CLOCK, USER
from bot.dashboard.render import flash_for, redirect, render
from bot.dashboard.roles import Role
from bot.dashboard.views.common import actor, form_text, sessions


def _account_id(request: web.Request) -> int:
    return int(request.match_info["user_id"])


async def _page(request: web.Request, status: int = 200, **context: object) -> web.Response:
    async with sessions(request)() as db:
        rows = await accounts.list_accounts(db)
    return await render(request, "accounts.html", {"accounts": rows, "roles": list(Role), "new_username": "",
                                                   "new_role": Role.staff.value, **context}, status=status)


async def accounts_page(request: web.Request) -> web.StreamResponse:
    return await _page(request)


async def create_account(request: web.Request) -> web.StreamResponse:
    username = await form_text(request, "username", 100)
    role = await form_text(request, "role", 16)
    try:
        password = await accounts.create_account(sessions(request), actor(request), username, role)
    except AccountError as exc:
        return await _page(request, 400, error=str(exc), new_username=username, new_role=role)
    return await render(request, "temporary_password.html", {"username": username.strip().lower(),
                                                             "password": password, "created": True})


async def _change(request: web.Request, change: Callable[[], Awaitable[str]], done: str) -> web.StreamResponse:
    try:
        name = await change()
    except AccountError as exc:
        await flash_for(request, str(exc), "error")
    else:
        await flash_for(request, done.format(name=name), "success")
    raise redirect(request, "accounts")


async def change_role(request: web.Request) -> web.StreamResponse:
    role = await form_text(request, "role", 16)
    return await _change(request, lambda: accounts.set_role(sessions(request), actor(request), request[USER].id,
                                                            _account_id(request), role),
                         "The role of {name} is now " + (Role.parse(role) or Role.staff).label.lower() + ".")


async def reset_totp(request: web.Request) -> web.StreamResponse:
    at = request.config_dict[CLOCK].utcnow()
    return await _change(request, lambda: accounts.reset_totp(sessions(request), actor(request), request[USER].id,
                                                              _account_id(request), at),
                         "{name} was signed out and will set up a new second factor at the next sign-in.")


async def delete_account(request: web.Request) -> web.StreamResponse:
    if await form_text(request, "confirm", 10) != "yes":
        await flash_for(request, "Tick the box to confirm deleting the account.", "error")
        raise redirect(request, "accounts")
    return await _change(request, lambda: accounts.delete_account(sessions(request), actor(request),
                                                                  request[USER].id, _account_id(request)),
                         "The account {name} was deleted.")


async def reset_password(request: web.Request) -> web.StreamResponse:
    at = request.config_dict[CLOCK].utcnow()
    try:
        name, password = await accounts.reset_password(sessions(request), actor(request), request[USER].id,
                                                       _account_id(request), at)
    except AccountError as exc:
        await flash_for(request, str(exc), "error")
        raise redirect(request, "accounts")
    return await render(request, "temporary_password.html", {"username": name, "password": password,
                                                             "created": False})
