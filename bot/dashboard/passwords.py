"""Argon2 password hashing and the rules for usernames and passwords (shared with ``bot.tools.users``)."""
from __future__ import annotations

import hashlib
import re
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

MIN_LENGTH = 12
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._@-]{1,99}$")


@lru_cache(maxsize=1)
def hasher() -> PasswordHasher:
    return PasswordHasher()


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return hasher().hash("not-a-real-password-just-for-timing")


def hash_password(password: str) -> str:
    return hasher().hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Check a password; an unknown user (``None``) costs the same time as a known one."""
    try:
        return hasher().verify(password_hash or _dummy_hash(), password) and password_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return hasher().check_needs_rehash(password_hash)


def fingerprint(password_hash: str) -> str:
    """A short digest of the hash kept in the session: a password reset signs out everywhere."""
    return hashlib.sha256(password_hash.encode()).hexdigest()[:16]


def password_problem(password: str) -> str | None:
    """Why a new password is refused, or None."""
    if len(password) < MIN_LENGTH:
        return f"Use at least {MIN_LENGTH} characters."
    if password.strip() != password:
        return "The password must not start or end with a space."
    return None


def normalise_username(value: str) -> str:
    return value.strip().lower()


def username_problem(name: str) -> str | None:
    """Why a (normalised) username is refused, or None."""
    if not USERNAME.match(name):
        return "A username is 2-100 characters: letters, digits, and . _ @ - (no spaces)."
    return None
