"""Who is signed in: session contents, expiry checks, the sign-in steps and the access guard.

The session cookie is encrypted (aiohttp-session) and holds only the user id,
a random session id, the sign-in time, the last activity, a fingerprint of the
password hash, whether the second factor was checked, and the CSRF token.
Signing out is recorded on the server (the session id in ``revoked_sessions``,
or the user's ``sessions_valid_after`` for all devices), so a copy of the
cookie is refused too.

Signing in takes two steps: the password starts a *pending* sign-in (no
session yet, a few minutes to live), and the second-factor code turns it into a
session. An account that still has to choose its own password or enrol a
second factor gets a session limited to those pages (:attr:`CurrentUser.forced_step`).
"""
from __future__ import annotations

import secrets
from datetime import datetime, timezone
from typing import Any, Optional

from aiohttp import web
from aiohttp.typedefs import Handler
from aiohttp_session import Session, get_session, new_session
from sqlalchemy import delete, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.dashboard.config import DashboardConfig
from bot.dashboard.keys import CLOCK, CONFIG, USER, CurrentUser
from bot.dashboard.passwords import fingerprint
from bot.dashboard.roles import ROUTE_ACCESS, Permission, Stage
from bot.dashboard.timefmt import as_utc
from bot.store.models import RevokedSession, User, utcnow
from bot.web.keys import SESSIONS

ACTIVITY_RESOLUTION = 60        # seconds: the cookie is refreshed at most once a minute
MAX_CODE_TRIES = 5              # wrong codes before a pending sign-in must start again with the password


def now(request: web.Request) -> float:
    return request.config_dict[CLOCK].now()


def csrf_token(session: Session) -> str:
    """The session's CSRF token, created on first use."""
    token = session.get("csrf")
    if not isinstance(token, str) or not token:
        token = secrets.token_urlsafe(32)
        session["csrf"] = token
    return token


async def start_session(request: web.Request, user: User, *, mfa: bool) -> Session:
    """A fresh session (new id, new CSRF token) for a user who just proved who they are."""
    session = await new_session(request)
    at = now(request)       # login_at keeps the fraction: "all devices" may be a moment before a new sign-in
    session.update({"uid": user.id, "sid": secrets.token_urlsafe(16), "login_at": at, "seen": int(at),
                    "pwfp": fingerprint(user.password_hash), "mfa": mfa, "csrf": secrets.token_urlsafe(32)})
    return session


async def start_pending(request: web.Request, user: User, next_url: str) -> None:
    """The password was right: wait for the second-factor code (in a fresh cookie, not yet a session)."""
    session = await new_session(request)
    session.update({"pending": {"uid": user.id, "at": now(request), "next": next_url, "tries": 0},
                    "csrf": secrets.token_urlsafe(32)})


async def pending_sign_in(request: web.Request) -> Optional[dict[str, Any]]:
    """The pending sign-in of this browser, if it is still fresh."""
    session = await get_session(request)
    pending = session.get("pending")
    if not isinstance(pending, dict) or not isinstance(pending.get("uid"), int) \
            or not isinstance(pending.get("at"), (int, float)) or not isinstance(pending.get("tries"), int):
        return None
    if now(request) - pending["at"] > request.config_dict[CONFIG].pending_minutes * 60:
        session.invalidate()
        return None
    return pending


def _session_alive(session: Session, config: DashboardConfig, at: float) -> bool:
    login_at, seen, sid = session.get("login_at"), session.get("seen"), session.get("sid")
    if not isinstance(login_at, (int, float)) or not isinstance(seen, int) or not isinstance(sid, str):
        return False
    return 0 <= at - login_at < config.session_hours * 3600 and at - seen < config.idle_minutes * 60


def _valid_for(user: User, session: Session) -> bool:
    """Password unchanged, no "sign out of all devices" since, and the second factor checked if enrolled."""
    if session.get("pwfp") != fingerprint(user.password_hash):
        return False
    if user.totp_secret and session.get("mfa") is not True:
        return False
    cutoff = user.sessions_valid_after
    return cutoff is None or session["login_at"] >= as_utc(cutoff).timestamp()


def as_current(user: User) -> CurrentUser:
    return CurrentUser(id=user.id, username=user.username, role=user.role,
                       must_change_password=user.must_change_password, totp_enabled=user.totp_secret is not None)


async def current_user(request: web.Request) -> Optional[CurrentUser]:
    """The signed-in user, or None (and the session cleared) if the session is not valid."""
    session = await get_session(request)
    uid = session.get("uid")
    if not isinstance(uid, int):
        return None
    at = now(request)
    if not _session_alive(session, request.config_dict[CONFIG], at):
        session.invalidate()
        return None
    async with request.config_dict[SESSIONS]() as db:
        user = await db.get(User, uid)
        revoked = await db.get(RevokedSession, session["sid"]) is not None
    if user is None or revoked or not _valid_for(user, session):
        session.invalidate()
        return None
    if at - session["seen"] >= ACTIVITY_RESOLUTION:
        session["seen"] = int(at)
    return as_current(user)


def revoke_session(db: AsyncSession, session: Session, config: DashboardConfig) -> None:
    """Refuse this session from now on; the row is kept until the session would have expired anyway."""
    expires = datetime.fromtimestamp(session["login_at"] + config.session_hours * 3600, timezone.utc)
    db.add(RevokedSession(sid=session["sid"], expires_at=expires))


async def revoke_all_sessions(db: AsyncSession, user_id: int, at: Optional[datetime] = None) -> None:
    """Refuse every session of this user that started before ``at`` (now), on every device."""
    await db.execute(update(User).where(User.id == user_id).values(sessions_valid_after=at or utcnow()))


async def purge_revoked_sessions(sessions: async_sessionmaker[AsyncSession]) -> int:
    """Forget revoked sessions that have expired anyway. Returns how many."""
    async with sessions.begin() as db:
        result = await db.execute(delete(RevokedSession).where(RevokedSession.expires_at < utcnow()))
    return result.rowcount or 0  # type: ignore[attr-defined]


def route_name(request: web.Request) -> str:
    resource = request.match_info.route.resource
    return (resource.name if resource is not None else None) or ""


def login_url(request: web.Request) -> str:
    url = request.app.router["login"].url_for()
    if request.method == "GET" and route_name(request) != "logout":
        return str(url.with_query(next=str(request.rel_url)))
    return str(url)


def safe_next(value: str | None, default: str) -> str:
    """Only dashboard paths of this site: never an open redirect."""
    if value and value.startswith("/dashboard/") and not value.startswith("//") and "\\" not in value \
            and not any(ord(c) < 32 for c in value):
        return value
    return default


def _access(request: web.Request) -> Stage | Permission | None:
    if request.match_info.http_exception is not None:
        return Permission.view          # no such page (404/405): said only to someone signed in
    return ROUTE_ACCESS.get(route_name(request))


@web.middleware
async def require_login(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Every route's access rule (roles.ROUTE_ACCESS), checked before its view runs."""
    access = _access(request)
    if access in (Stage.public, Stage.pending):
        return await handler(request)
    user = await current_user(request)
    if user is None:
        raise web.HTTPSeeOther(login_url(request))
    request[USER] = user
    if access is Stage.any_session:
        return await handler(request)
    if user.forced_step:
        raise web.HTTPSeeOther(str(request.app.router[user.forced_step].url_for()))
    if access is None or not user.can(access):
        raise web.HTTPForbidden()
    return await handler(request)
