"""Who is signed in: session contents, expiry checks and the sign-in guard.

The session cookie is encrypted (aiohttp-session) and holds only the user id,
a random session id, the sign-in time, the last activity, a fingerprint of the
password hash and the CSRF token. Signing out is recorded on the server (the
session id in ``revoked_sessions``, or the user's ``sessions_valid_after`` for
all devices), so a copy of the cookie is refused too.
"""
from __future__ import annotations

import secrets
import time
from datetime import datetime, timezone
from typing import Optional

from aiohttp import web
from aiohttp.typedefs import Handler
from aiohttp_session import Session, get_session, new_session
from sqlalchemy import delete, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.dashboard.config import DashboardConfig
from bot.dashboard.keys import CONFIG, USER, CurrentUser
from bot.dashboard.passwords import fingerprint
from bot.dashboard.timefmt import as_utc
from bot.store.models import RevokedSession, User, utcnow
from bot.web.keys import SESSIONS

PUBLIC_ROUTES = {"login", "static"}
ACTIVITY_RESOLUTION = 60        # seconds: the cookie is refreshed at most once a minute


def csrf_token(session: Session) -> str:
    """The session's CSRF token, created on first use."""
    token = session.get("csrf")
    if not isinstance(token, str) or not token:
        token = secrets.token_urlsafe(32)
        session["csrf"] = token
    return token


async def start_session(request: web.Request, user: User) -> Session:
    """A fresh session for a user who just signed in (a new CSRF token too)."""
    session = await new_session(request)
    now = time.time()       # login_at keeps the fraction: "all devices" may be a moment before a new sign-in
    session.update({"uid": user.id, "sid": secrets.token_urlsafe(16), "login_at": now, "seen": int(now),
                    "pwfp": fingerprint(user.password_hash), "csrf": secrets.token_urlsafe(32)})
    return session


def _session_alive(session: Session, config: DashboardConfig, now: float) -> bool:
    login_at, seen, sid = session.get("login_at"), session.get("seen"), session.get("sid")
    if not isinstance(login_at, (int, float)) or not isinstance(seen, int) or not isinstance(sid, str):
        return False
    return now - login_at < config.session_hours * 3600 and now - seen < config.idle_minutes * 60


def _valid_for(user: User, session: Session) -> bool:
    """The password is unchanged and no "sign out of all devices" came after this sign-in."""
    if session.get("pwfp") != fingerprint(user.password_hash):
        return False
    cutoff = user.sessions_valid_after
    return cutoff is None or session["login_at"] >= as_utc(cutoff).timestamp()


async def current_user(request: web.Request) -> Optional[CurrentUser]:
    """The signed-in user, or None (and the session cleared) if the session is not valid."""
    session = await get_session(request)
    uid = session.get("uid")
    if not isinstance(uid, int):
        return None
    now = time.time()
    if not _session_alive(session, request.config_dict[CONFIG], now):
        session.invalidate()
        return None
    async with request.config_dict[SESSIONS]() as db:
        user = await db.get(User, uid)
        revoked = await db.get(RevokedSession, session["sid"]) is not None
    if user is None or revoked or not _valid_for(user, session):
        session.invalidate()
        return None
    if now - session["seen"] >= ACTIVITY_RESOLUTION:
        session["seen"] = int(now)
    return CurrentUser(id=user.id, username=user.username)


def revoke_session(db: AsyncSession, session: Session, config: DashboardConfig) -> None:
    """Refuse this session from now on; the row is kept until the session would have expired anyway."""
    expires = datetime.fromtimestamp(session["login_at"] + config.session_hours * 3600, timezone.utc)
    db.add(RevokedSession(sid=session["sid"], expires_at=expires))


async def revoke_all_sessions(db: AsyncSession, user_id: int) -> None:
    """Refuse every session of this user that started before now (on every device)."""
    await db.execute(update(User).where(User.id == user_id).values(sessions_valid_after=utcnow()))


async def purge_revoked_sessions(sessions: async_sessionmaker[AsyncSession]) -> int:
    """Forget revoked sessions that have expired anyway. Returns how many."""
    async with sessions.begin() as db:
        result = await db.execute(delete(RevokedSession).where(RevokedSession.expires_at < utcnow()))
    return result.rowcount or 0


def _route_name(request: web.Request) -> str:
    resource = request.match_info.route.resource
    return (resource.name if resource is not None else None) or ""


def login_url(request: web.Request) -> str:
    url = request.app.router["login"].url_for()
    if request.method == "GET" and _route_name(request) != "logout":
        return str(url.with_query(next=str(request.rel_url)))
    return str(url)


def safe_next(value: str | None, default: str) -> str:
    """Only dashboard paths of this site: never an open redirect."""
    if value and value.startswith("/dashboard/") and not value.startswith("//") and "\\" not in value:
        return value
    return default


@web.middleware
async def require_login(request: web.Request, handler: Handler) -> web.StreamResponse:
    if _route_name(request) in PUBLIC_ROUTES:
        return await handler(request)
    user = await current_user(request)
    if user is None:
        raise web.HTTPSeeOther(login_url(request))
    request[USER] = user
    return await handler(request)
