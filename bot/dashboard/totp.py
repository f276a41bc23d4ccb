"""The second factor: time-based one-time codes (RFC 6238, pyotp) and single-use recovery codes.

A code is accepted for the previous, the current and the next 30-second step
(clock drift), and each step only once per account: the last step used is
stored, so a code seen over someone's shoulder cannot be replayed. Recovery
codes are random, shown once and stored as argon2 hashes; each works once.
"""
from __future__ import annotations

import hmac
import re
import secrets
from functools import lru_cache
from typing import Iterable, Optional

import pyotp
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

DIGITS = 6
RECOVERY_COUNT = 10
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"     # no 0/o, 1/i/l: read off paper without doubt
RECOVERY_LENGTH = 12                                        # 31^12: about 59 bits each
_NOT_CODE = re.compile(r"[\s-]+")


def new_secret() -> str:
    return pyotp.random_base32()                            # 32 base32 characters: 160 bits


def provisioning_uri(secret: str, username: str, issuer: str) -> str:
    """The otpauth:// address an authenticator app reads (tapped on a phone, or typed in)."""
    return pyotp.TOTP(secret).provisioning_uri(name=username, issuer_name=issuer)


def grouped(secret: str) -> str:
    """The secret in groups of four, easier to type into an app by hand."""
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


def clean(value: str) -> str:
    """A typed code without spaces or dashes, lower case (recovery codes) and at most 64 characters."""
    return _NOT_CODE.sub("", value)[:64].lower()


def is_totp_code(value: str) -> bool:
    return len(value) == DIGITS and value.isascii() and value.isdigit()


def current_step(now: float) -> int:
    return int(now // 30)


def matching_step(secret: str, code: str, now: float, last_step: Optional[int]) -> Optional[int]:
    """The time step the code belongs to, if it is valid now and that step was not used before."""
    if not is_totp_code(code):
        return None
    totp, current = pyotp.TOTP(secret), current_step(now)
    found = None
    for step in (current - 1, current, current + 1):
        if hmac.compare_digest(totp.generate_otp(step), code) and (last_step is None or step > last_step):
            found = step
    return found


def code_at(secret: str, now: float) -> str:
    """The code an authenticator shows at ``now`` (tests and the browser test use it)."""
    return pyotp.TOTP(secret).generate_otp(current_step(now))


@lru_cache(maxsize=1)
def _hasher() -> PasswordHasher:
    # OWASP's minimum argon2id cost: recovery codes are long random strings, not guessable passwords,
    # and up to ten are checked per attempt.
    return PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)


def new_recovery_codes() -> list[str]:
    """Ten codes such as ``k7mq-2xhb-95rt``."""
    codes = []
    for _ in range(RECOVERY_COUNT):
        raw = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_LENGTH))
        codes.append("-".join(raw[i:i + 4] for i in range(0, RECOVERY_LENGTH, 4)))
    return codes


def hash_recovery_code(code: str) -> str:
    return _hasher().hash(clean(code))


def is_recovery_code(value: str) -> bool:
    return len(value) == RECOVERY_LENGTH and all(c in RECOVERY_ALPHABET for c in value)


def matching_recovery_code(code: str, stored: Iterable[tuple[int, str]]) -> Optional[int]:
    """The id of the stored hash the (cleaned) code matches. Slow by design: call it in a thread."""
    if not is_recovery_code(code):
        return None
    for code_id, code_hash in stored:
        try:
            if _hasher().verify(code_hash, code):
                return code_id
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            continue
    return None
