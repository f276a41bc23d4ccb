"""Run the leads store's Alembic migrations: ``python -m bot.store.migrate``."""
from __future__ import annotations

import fcntl
import hashlib
import os
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from alembic import command
from alembic.config import Config
from sqlalchemy import text

from bot.settings import load_settings

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config(database_url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", database_url)
    return config


#: PostgreSQL advisory lock key of the migrations (a stable signed 64-bit number)
MIGRATION_LOCK_KEY = int.from_bytes(hashlib.sha256(b"studio-job:migrate").digest()[:8], "big", signed=True)


@contextmanager
def _one_at_a_time(database_url: str) -> Iterator[None]:
    """Several processes start together (the action server, the web app, replicas): one migrates, the others
    wait and then find nothing to do. SQLite: a lock file beside the database; PostgreSQL: an advisory lock."""
    if database_url.startswith("sqlite:///"):
        database = Path(database_url.removeprefix("sqlite:///"))
        database.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(database.with_name(database.name + ".migrate-lock"), os.O_CREAT | os.O_RDWR, 0o600)
        os.fchmod(descriptor, 0o600)            # owner-only, like the database beside it (also one made before)
        with os.fdopen(descriptor, "r+") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)
        return
    if not database_url.startswith("postgresql"):
        yield
        return
    from bot.store.db import create_sync_engine_for

    engine = create_sync_engine_for(database_url)
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT pg_advisory_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
            conn.commit()
            try:
                yield
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": MIGRATION_LOCK_KEY})
                conn.commit()
    finally:
        engine.dispose()


def upgrade(database_url: str) -> None:
    """The leads store's schema brought to the newest revision, one process at a time."""
    with _one_at_a_time(database_url):
        command.upgrade(alembic_config(database_url), "head")


def main(argv: list[str]) -> int:
    settings = load_settings()
    if argv[:1] == ["revision"]:
        command.revision(alembic_config(settings.database_url), message=argv[1], autogenerate=True)
    else:
        upgrade(settings.database_url)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
