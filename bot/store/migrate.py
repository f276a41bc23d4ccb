"""Run the leads store's Alembic migrations: ``python -m bot.store.migrate``."""
from __future__ import annotations

import sys
from pathlib import Path

from alembic import command
from alembic.config import Config

from bot.settings import load_settings

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config(database_url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", database_url)
    return config


def upgrade(database_url: str) -> None:
    if database_url.startswith("sqlite:///"):
        Path(database_url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
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
