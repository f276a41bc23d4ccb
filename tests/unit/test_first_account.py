from pathlib import Path

from bot.dashboard.passwords import verify_password
from bot.settings import load_settings
from bot.store.db import create_sync_engine_for
from bot.store.migrate import upgrade
from bot.tools.first_account import ensure_first_account
from sqlalchemy import text


def test_a_fresh_install_gets_one_admin_account_with_a_random_password(tmp_path: Path) -> None:
    settings = load_settings(environ={"DATABASE_URL": f"sqlite:///{tmp_path / 'leads.db'}"})
    upgrade(settings.database_url)
    username, password = ensure_first_account(settings, tmp_path)
    assert username == "admin" and len(password) >= 12
    assert (tmp_path / "initial-dashboard-password.txt").stat().st_mode & 0o077 == 0
    engine = create_sync_engine_for(settings.database_url)
    with engine.connect() as conn:
        stored = conn.execute(text("SELECT password_hash FROM users")).scalars().all()
    engine.dispose()
    assert len(stored) == 1 and verify_password(stored[0], password)
    assert ensure_first_account(settings, tmp_path) is None          # never a second time
