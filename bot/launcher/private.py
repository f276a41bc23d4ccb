"""Owner-only files: var/, the secrets the launcher makes, the SQLite databases.

The launcher and the processes it starts run with umask 077 (:data:`UMASK`), so
what they create is owner-only. This module also tightens what an earlier
version (or another process, such as a test's migration) left readable: SQLite
gives a new ``-wal`` or ``-shm`` file the permissions of its database file, so
one world-readable database would leak every later write.
"""
from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Iterable, Optional

UMASK = 0o077
SQLITE_SUFFIXES = ("", "-wal", "-shm", "-journal")


def private_dir(path: Path) -> Path:
    """``path`` created if needed and made 0700."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    path.chmod(0o700)
    return path


def write_private(path: Path, content: str) -> None:
    """Write ``content`` to ``path``, owner-only from the first byte (no moment with a wider mode)."""
    private_dir(path.parent)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        os.fchmod(handle.fileno(), 0o600)
        handle.write(content)


def stored_secret(var_dir: Path, name: str) -> str:
    """A random secret kept in ``var_dir/name`` (0600): made on first use, the same afterwards."""
    path = var_dir / name
    if not path.exists() or not path.read_text().strip():
        write_private(path, secrets.token_urlsafe(32))
    path.chmod(0o600)
    return path.read_text().strip()


def sqlite_file(url: str) -> Optional[Path]:
    """The database file of a ``sqlite:///`` URL (None for other databases and in-memory SQLite)."""
    if not url.split(":", 1)[0].startswith("sqlite") or ":///" not in url:
        return None
    path = url.split(":///", 1)[1].split("?", 1)[0]
    return Path(path) if path and path != ":memory:" else None


def tighten_sqlite(urls: Iterable[str]) -> list[Path]:
    """Make every existing file of these SQLite databases 0600; returns the files changed."""
    changed = []
    for url in urls:
        database = sqlite_file(url)
        if database is None:
            continue
        for suffix in SQLITE_SUFFIXES:
            file = database.with_name(database.name + suffix)
            if file.is_file() and file.stat().st_mode & 0o077:
                file.chmod(0o600)
                changed.append(file)
    return changed
