"""The first dashboard account, so a fresh install can be signed into at once.

When no account exists, ``make run`` creates ``admin`` (or DASHBOARD_ADMIN_USER)
with a random password, prints it once and keeps it in
``var/initial-dashboard-password.txt`` (readable by the owner only). Change it
with ``make users``-style commands: ``python -m bot.tools.users reset admin``.
"""
from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Optional

from sqlalchemy import func, select

from bot.settings import Settings
from bot.store.db import create_sync_engine_for
from bot.store.models import User
from bot.tools.users import create


def ensure_first_account(settings: Settings, var_dir: Path) -> Optional[tuple[str, str]]:
    """Create the first account if there is none; returns (username, password) when created."""
    engine = create_sync_engine_for(settings.database_url)
    try:
        with engine.connect() as conn:
            if conn.execute(select(func.count()).select_from(User)).scalar_one():
                return None
        username = settings.env.get("DASHBOARD_ADMIN_USER", "admin")
        password = secrets.token_urlsafe(12)
        create(engine, username, password)
    finally:
        engine.dispose()
    var_dir.mkdir(parents=True, exist_ok=True)
    note = var_dir / "initial-dashboard-password.txt"
    note.write_text(f"{username}\n{password}\n")
    os.chmod(note, 0o600)
    return username, password
