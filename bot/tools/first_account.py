"""The first dashboard account, so a fresh install can be signed into at once.

When no account exists, ``make run`` creates ``admin`` (or DASHBOARD_ADMIN_USER),
an owner, with a random temporary password. :func:`show_once` shows that
password once, on the terminal itself (``/dev/tty``), so it never reaches a
log file even when standard output is redirected, and never goes through the
logging system. Without a terminal (a service, a container) it is written to
``var/initial-dashboard-password.txt``, readable by the owner only, and the
file is deleted at the first start after the password was changed.

The password must be changed at the first sign-in, and a second factor set
up, before anything else in the dashboard can be used.
"""
from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Callable, NamedTuple, Optional, TextIO

from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from bot.dashboard.roles import Role
from bot.settings import Settings
from bot.store.db import create_sync_engine_for
from bot.store.models import User
from bot.tools.users import create

NOTE_NAME = "initial-dashboard-password.txt"


class FirstAccount(NamedTuple):
    username: str
    password: str


def open_terminal() -> Optional[TextIO]:
    """The controlling terminal for writing, or None (no terminal: a service or a container)."""
    try:
        return open("/dev/tty", "w", encoding="utf-8")
    except OSError:
        return None


def _forget_stale_note(engine: Engine, note: Path) -> None:
    """Delete the note once its password no longer works (changed at first sign-in, or account gone)."""
    if not note.exists():
        return
    username = note.read_text(encoding="utf-8").split("\n", 1)[0].strip()
    with engine.connect() as conn:
        pending = conn.execute(select(User.must_change_password).where(User.username == username)).scalar()
    if not pending:
        note.unlink(missing_ok=True)


def ensure_first_account(settings: Settings, var_dir: Path) -> Optional[FirstAccount]:
    """Create the first account (an owner with a temporary password) if there is none; returns it when created."""
    engine = create_sync_engine_for(settings.database_url)
    try:
        with engine.connect() as conn:
            if conn.execute(select(func.count()).select_from(User)).scalar_one():
                _forget_stale_note(engine, var_dir / NOTE_NAME)
                return None
        username = settings.env.get("DASHBOARD_ADMIN_USER", "admin")
        password = secrets.token_urlsafe(12)
        create(engine, username, password, Role.owner.value, temporary=True)
    finally:
        engine.dispose()
    return FirstAccount(username, password)


def _write_note(var_dir: Path, first: FirstAccount) -> Path:
    var_dir.mkdir(parents=True, exist_ok=True)
    note = var_dir / NOTE_NAME
    fd = os.open(note, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(f"{first.username}\n{first.password}\n")
    os.chmod(note, 0o600)
    return note


def show_once(first: FirstAccount, var_dir: Path,
              terminal: Callable[[], Optional[TextIO]] = open_terminal) -> str:
    """Show the temporary password on the terminal (or put it in an owner-only file).

    Returns a line for standard output that does not contain the password.
    """
    tty = terminal()
    if tty is not None:
        with tty:
            tty.write(f"\n  First dashboard account: {first.username}\n"
                      f"  Temporary password:      {first.password}\n"
                      "  (shown only now, and not in any log: you choose your own at the first sign-in)\n\n")
            tty.flush()
        return (f"A first dashboard account {first.username!r} was created; its temporary password was shown on "
                "the terminal. Sign in, choose your own password and set up sign-in codes.")
    note = _write_note(var_dir, first)
    return (f"A first dashboard account {first.username!r} was created; its temporary password is in {note} "
            "(readable by you only, deleted once you have chosen your own password at the first sign-in).")
