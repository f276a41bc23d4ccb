"""Alembic environment: the URL comes from the caller (bot.store.migrate)."""
from __future__ import annotations

from alembic import context

from bot.store.db import create_sync_engine_for
from bot.store.models import Base

config = context.config


def run_migrations_online() -> None:
    url = config.get_main_option("sqlalchemy.url")
    assert url is not None                  # always set by bot.store.migrate
    engine = create_sync_engine_for(url)
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=Base.metadata,
                          render_as_batch=connection.dialect.name == "sqlite")
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


run_migrations_online()
