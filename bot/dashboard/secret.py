"""The key that encrypts session cookies.

``DASHBOARD_SECRET_KEY`` (32 bytes, url-safe base64) wins; otherwise a key is
generated once and kept in ``var/dashboard_secret.key`` (mode 0600), so
sessions survive a restart.
"""
from __future__ import annotations

import base64
import binascii
import os
from pathlib import Path
from typing import Mapping

from bot.settings import REPO_ROOT

KEY_FILE_NAME = "dashboard_secret.key"


class SecretKeyError(RuntimeError):
    pass


def _checked(key: str, source: str) -> bytes:
    try:
        raw = base64.urlsafe_b64decode(key.strip().encode("ascii"))
    except (binascii.Error, ValueError, UnicodeEncodeError) as exc:
        raise SecretKeyError(f"{source} is not url-safe base64") from exc
    if len(raw) != 32:
        raise SecretKeyError(f"{source} must decode to 32 bytes, not {len(raw)}")
    return raw


def new_key() -> str:
    return base64.urlsafe_b64encode(os.urandom(32)).decode("ascii")


def key_file(env: Mapping[str, str]) -> Path:
    return Path(env.get("VAR_DIR") or REPO_ROOT / "var") / KEY_FILE_NAME


def load_secret_key(env: Mapping[str, str]) -> bytes:
    """The 32-byte session key from the environment or the key file (created if missing)."""
    if env.get("DASHBOARD_SECRET_KEY"):
        return _checked(env["DASHBOARD_SECRET_KEY"], "DASHBOARD_SECRET_KEY")
    path = key_file(env)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        if path.stat().st_mode & 0o077:
            os.chmod(path, 0o600)
        return _checked(path.read_text(encoding="ascii"), str(path))
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(new_key() + "\n")
    return _checked(path.read_text(encoding="ascii"), str(path))
