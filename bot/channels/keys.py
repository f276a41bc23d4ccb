"""Secrets from the environment, or generated once into the var directory. Standard library only."""
from __future__ import annotations

import os
import secrets
import time
from pathlib import Path
from typing import Mapping

REPO_ROOT = Path(__file__).resolve().parent.parent.parent


def var_dir(env: Mapping[str, str]) -> Path:
    return Path(env.get("VAR_DIR") or REPO_ROOT / "var")


def secret(env: Mapping[str, str], variable: str, file_name: str) -> bytes:
    """``env[variable]``, else the content of ``<VAR_DIR>/<file_name>`` (created, mode 0600, when missing).

    Several processes may ask at once: the file is written under a temporary
    name and linked into place, so every process reads the same complete value.
    """
    value = env.get(variable, "").strip()
    if value:
        return value.encode()
    directory = var_dir(env)
    path = directory / file_name
    if not path.exists():
        directory.mkdir(parents=True, exist_ok=True)
        temporary = directory / f".{file_name}.{os.getpid()}.{secrets.token_hex(4)}"
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(32))
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass
        finally:
            temporary.unlink()
    for _ in range(50):
        value = path.read_text().strip()
        if value:
            return value.encode()
        time.sleep(0.01)
    raise RuntimeError(f"{path} is empty: delete it or set {variable}")


RELAY_TOKEN_VARIABLE, RELAY_TOKEN_FILE = "RELAY_TOKEN", "relay-token"


def relay_token(env: Mapping[str, str]) -> str:
    """The bearer token of the Rasa server's internal relay (:mod:`bot.channels.relay`), shared with the web app."""
    return secret(env, RELAY_TOKEN_VARIABLE, RELAY_TOKEN_FILE).decode()
