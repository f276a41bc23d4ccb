"""What happens to dashboard accounts: second-factor checks, password changes, enrolment, roles.

Each change and its audit entry are written in one transaction. Refusals the
person can act on raise :class:`AccountError` with a sentence to show them.
Hashing (argon2) runs in a thread, never on the event loop.
"""
from __future__ import annotations

import asyncio
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Optional, Sequence

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.dashboard import audit, totp
from bot.dashboard.passwords import (hash_password, normalise_username, password_problem, username_problem,
                                    verify_password)
from bot.dashboard.roles import Role
from bot.store.models import RecoveryCode, User, utcnow

Sessions = async_sessionmaker[AsyncSession]


class AccountError(Exception):
    """A refusal with a sentence for the person who asked."""


def temporary_password() -> str:
    """A random password to hand over; it must be changed at first sign-in."""
    return secrets.token_urlsafe(12)


async def _owners(db: AsyncSession) -> int:
    return await db.scalar(select(func.count()).select_from(User).where(User.role == Role.owner.value)) or 0


async def _get(db: AsyncSession, user_id: int) -> User:
    user = await db.get(User, user_id, with_for_update=True)
    if user is None:
        raise AccountError("That account no longer exists.")
    return user


# --- the second factor at sign-in -------------------------------------------------------------------------

async def check_second_factor(sessions: Sessions, user_id: int, typed: str, at: float) -> Optional[str]:
    """``"totp"`` or ``"recovery"`` when the code is right (and now used up), None otherwise."""
    code = totp.clean(typed)
    async with sessions() as db:
        user = await db.get(User, user_id)
        if user is None or user.totp_secret is None:
            return None
        secret, last = user.totp_secret, user.totp_last_step
        stored = [] if totp.is_totp_code(code) else \
            [(r.id, r.code_hash) for r in await db.scalars(select(RecoveryCode).where(RecoveryCode.user_id == user_id))]
    step = totp.matching_step(secret, code, at, last)
    if step is not None:
        return "totp" if await _use_step(sessions, user_id, step) else None
    code_id = await asyncio.to_thread(totp.matching_recovery_code, code, stored) if stored else None
    if code_id is not None:
        async with sessions.begin() as db:       # the DELETE decides: a code used twice at once works once
            result = await db.execute(delete(RecoveryCode).where(RecoveryCode.id == code_id))
        return "recovery" if result.rowcount == 1 else None  # type: ignore[attr-defined]
    return None


async def _use_step(sessions: Sessions, user_id: int, step: int) -> bool:
    """Record the step as used, unless this or a later one was used already (race-safe)."""
    async with sessions.begin() as db:
        result = await db.execute(update(User).where(User.id == user_id, or_(
            User.totp_last_step.is_(None), User.totp_last_step < step)).values(totp_last_step=step))
    return result.rowcount == 1  # type: ignore[attr-defined]


async def recovery_codes_left(db: AsyncSession, user_id: int) -> int:
    return await db.scalar(select(func.count()).select_from(RecoveryCode)
                           .where(RecoveryCode.user_id == user_id)) or 0


async def _replace_recovery_codes(db: AsyncSession, user_id: int) -> list[str]:
    codes = totp.new_recovery_codes()
    hashes = await asyncio.to_thread(lambda: [totp.hash_recovery_code(c) for c in codes])
    await db.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user_id))
    db.add_all(RecoveryCode(user_id=user_id, code_hash=h) for h in hashes)
    return codes


# --- the account's own changes ------------------------------------------------------------------------------

async def change_password(sessions: Sessions, user_id: int, current: str, new: str, repeat: str) -> User:
    """Check the current password and store the new one; returns the updated account."""
    async with sessions() as db:
        user = await db.get(User, user_id)
    if user is None:
        raise AccountError("That account no longer exists.")
    if not await asyncio.to_thread(verify_password, user.password_hash, current):
        raise AccountError("Your current password is not right.")
    problem = password_problem(new)
    if problem:
        raise AccountError(problem)
    if new != repeat:
        raise AccountError("The two new passwords differ.")
    if new == current:
        raise AccountError("Choose a password different from the current one.")
    if user.username in new.lower():
        raise AccountError("The password must not contain your username.")
    new_hash = await asyncio.to_thread(hash_password, new)
    async with sessions.begin() as db:
        stored = await _get(db, user_id)
        stored.password_hash = new_hash
        stored.must_change_password = False
        audit.add(db, stored.username, "password_change")
    return stored


async def enrol_totp(sessions: Sessions, user_id: int, secret: str, typed: str, at: float) -> list[str]:
    """Turn on the second factor once the app shows the right code; returns the new recovery codes."""
    step = totp.matching_step(secret, totp.clean(typed), at, None)
    if step is None:
        raise AccountError("That code is not right. Check the time on your phone, and type the code shown now.")
    async with sessions.begin() as db:
        user = await _get(db, user_id)
        if user.totp_secret is not None:
            raise AccountError("A second factor is already set up for this account.")
        user.totp_secret, user.totp_enabled_at, user.totp_last_step = secret, utcnow(), step
        codes = await _replace_recovery_codes(db, user_id)
        audit.add(db, user.username, "totp_enrol")
    return codes


async def renew_recovery_codes(sessions: Sessions, user_id: int, typed: str, at: float) -> list[str]:
    """New recovery codes (the old ones stop working), after a current code from the app."""
    if await check_second_factor(sessions, user_id, typed, at) != "totp":
        raise AccountError("That code is not right: type the code your authenticator app shows now.")
    async with sessions.begin() as db:
        user = await _get(db, user_id)
        codes = await _replace_recovery_codes(db, user_id)
        audit.add(db, user.username, "recovery_codes")
    return codes


# --- owners' changes to other accounts ------------------------------------------------------------------------

@dataclass(frozen=True)
class AccountRow:
    id: int
    username: str
    role: str
    totp_enabled: bool
    must_change_password: bool
    recovery_codes: int
    last_login_at: Optional[datetime]
    created_at: datetime


async def list_accounts(db: AsyncSession) -> Sequence[AccountRow]:
    counts = dict((await db.execute(select(RecoveryCode.user_id, func.count())
                                    .group_by(RecoveryCode.user_id))).tuples().all())
    users = (await db.scalars(select(User).order_by(User.username))).all()
    return [AccountRow(u.id, u.username, u.role, u.totp_secret is not None, u.must_change_password,
                       counts.get(u.id, 0), u.last_login_at, u.created_at) for u in users]


def _not_self(user: User, actor_id: int, what: str) -> None:
    if user.id == actor_id:
        raise AccountError(f"You cannot {what} your own account here; another owner can, "
                           "or use python -m bot.tools.users.")


async def create_account(sessions: Sessions, actor: str, username: str, role: str) -> str:
    """A new account with a temporary password (returned, to hand over once)."""
    name = normalise_username(username)
    problem = username_problem(name)
    if problem:
        raise AccountError(problem)
    parsed = Role.parse(role)
    if parsed is None:
        raise AccountError("Choose a role.")
    password = temporary_password()
    password_hash = await asyncio.to_thread(hash_password, password)
    async with sessions.begin() as db:
        if await db.scalar(select(User.id).where(User.username == name)) is not None:
            raise AccountError(f"There is already an account {name}.")
        db.add(User(username=name, password_hash=password_hash, role=parsed.value, must_change_password=True))
        audit.add(db, actor, "account_create", details=f"{name} ({parsed.value})")
    return password


async def set_role(sessions: Sessions, actor: str, actor_id: int, user_id: int, role: str) -> str:
    parsed = Role.parse(role)
    if parsed is None:
        raise AccountError("Choose a role.")
    async with sessions.begin() as db:
        user = await _get(db, user_id)
        _not_self(user, actor_id, "change the role of")
        if user.role == parsed.value:
            return user.username
        if user.role == Role.owner.value and await _owners(db) <= 1:
            raise AccountError("There must be at least one owner.")
        audit.add(db, actor, "role", details=f"{user.username}: {user.role} → {parsed.value}")
        user.role = parsed.value
    return user.username


async def reset_password(sessions: Sessions, actor: str, actor_id: int, user_id: int,
                         at: datetime) -> tuple[str, str]:
    """A temporary password for someone who forgot theirs; their sessions end. Returns (username, password)."""
    password = temporary_password()
    password_hash = await asyncio.to_thread(hash_password, password)
    async with sessions.begin() as db:
        user = await _get(db, user_id)
        _not_self(user, actor_id, "reset the password of")
        user.password_hash, user.must_change_password, user.sessions_valid_after = password_hash, True, at
        audit.add(db, actor, "password_reset", details=user.username)
    return user.username, password


async def reset_totp(sessions: Sessions, actor: str, actor_id: int, user_id: int, at: datetime) -> str:
    """Forget the account's second factor (a lost phone): they enrol again at their next sign-in."""
    async with sessions.begin() as db:
        user = await _get(db, user_id)
        _not_self(user, actor_id, "reset the second factor of")
        user.totp_secret = user.totp_enabled_at = user.totp_last_step = None
        user.sessions_valid_after = at
        await db.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user_id))
        audit.add(db, actor, "totp_reset", details=user.username)
    return user.username


async def delete_account(sessions: Sessions, actor: str, actor_id: int, user_id: int) -> str:
    async with sessions.begin() as db:
        user = await _get(db, user_id)
        _not_self(user, actor_id, "delete")
        if user.role == Role.owner.value and await _owners(db) <= 1:
            raise AccountError("There must be at least one owner.")
        name = user.username
        await db.delete(user)
        audit.add(db, actor, "account_delete", details=name)
    return name
