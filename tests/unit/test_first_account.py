"""The first dashboard account: an owner with a temporary password, shown once and never logged."""
from __future__ import annotations

import io
import logging
import stat
from pathlib import Path

import pytest
from sqlalchemy import select, update

from bot.dashboard.passwords import verify_password
from bot.settings import Settings, load_settings
from bot.store.db import create_sync_engine_for
from bot.store.migrate import upgrade
from bot.store.models import User
from bot.tools.first_account import NOTE_NAME, FirstAccount, ensure_first_account, show_once


class FakeTerminal(io.StringIO):
    def close(self) -> None:          # keep the text readable after show_once closes it
        self.closed_once = True


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    settings = load_settings(environ={"DATABASE_URL": f"sqlite:///{tmp_path / 'leads.db'}"})
    upgrade(settings.database_url)
    return settings


def accounts(settings: Settings) -> list[tuple[str, str, str, bool]]:
    engine = create_sync_engine_for(settings.database_url)
    with engine.connect() as conn:
        rows = conn.execute(select(User.username, User.password_hash, User.role, User.must_change_password)).all()
    engine.dispose()
    return [tuple(row) for row in rows]


def test_a_fresh_install_gets_one_owner_with_a_temporary_password(settings: Settings, tmp_path: Path) -> None:
    first = ensure_first_account(settings, tmp_path)
    assert first is not None and first.username == "admin" and len(first.password) >= 12
    assert first == ("admin", first.password)                   # still a (username, password) pair
    [(username, password_hash, role, must_change)] = accounts(settings)
    assert verify_password(password_hash, first.password)
    assert (username, role, must_change) == ("admin", "owner", True)
    assert not (tmp_path / NOTE_NAME).exists()                  # nothing on disk unless there is no terminal
    assert ensure_first_account(settings, tmp_path) is None     # never a second time


def test_the_password_is_shown_on_the_terminal_and_nowhere_else(settings: Settings, tmp_path: Path,
                                                                 caplog: pytest.LogCaptureFixture,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    caplog.set_level(logging.DEBUG)
    first = ensure_first_account(settings, tmp_path)
    assert first is not None
    terminal = FakeTerminal()
    line = show_once(first, tmp_path, terminal=lambda: terminal)
    print(line)
    assert first.password in terminal.getvalue() and "admin" in terminal.getvalue()
    assert first.password not in line and "shown on the terminal" in line
    assert first.password not in capsys.readouterr().out + caplog.text
    assert not (tmp_path / NOTE_NAME).exists()


def test_without_a_terminal_it_goes_to_an_owner_only_file_until_changed(settings: Settings, tmp_path: Path,
                                                                        caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    first = ensure_first_account(settings, tmp_path / "var")
    assert first is not None
    line = show_once(first, tmp_path / "var", terminal=lambda: None)
    note = tmp_path / "var" / NOTE_NAME
    assert first.password not in line and str(note) in line
    assert note.read_text() == f"admin\n{first.password}\n"
    assert stat.S_IMODE(note.stat().st_mode) == 0o600
    assert first.password not in caplog.text

    assert ensure_first_account(settings, tmp_path / "var") is None and note.exists()   # not yet changed
    engine = create_sync_engine_for(settings.database_url)
    with engine.begin() as conn:
        conn.execute(update(User).values(must_change_password=False))                  # changed at sign-in
    engine.dispose()
    assert ensure_first_account(settings, tmp_path / "var") is None
    assert not note.exists()


def test_the_account_name_can_be_chosen(tmp_path: Path) -> None:
    settings = load_settings(environ={"DATABASE_URL": f"sqlite:///{tmp_path / 'leads.db'}",
                                      "DASHBOARD_ADMIN_USER": "marta"})
    upgrade(settings.database_url)
    first = ensure_first_account(settings, tmp_path)
    assert isinstance(first, FirstAccount) and first.username == "marta"
