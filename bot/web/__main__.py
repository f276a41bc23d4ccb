"""Run the web process: ``python -m bot.web`` (WEB_HOST, default 127.0.0.1; WEB_PORT, default 8080).

Migrations run first, so a fresh database works at once.
"""
from __future__ import annotations

import logging

from aiohttp import web

from bot.settings import load_settings
from bot.store.migrate import upgrade
from bot.web.access_log import PathOnlyAccessLogger
from bot.web.app import create_app


QUIET_LOGGERS = ("aiosqlite", "sqlalchemy.engine", "asyncpg", "psycopg")   # they log SQL parameters at DEBUG


def configure_logging() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)


def main() -> None:
    configure_logging()
    settings = load_settings()
    upgrade(settings.database_url)
    host = settings.env.get("WEB_HOST") or "127.0.0.1"
    port = int(settings.env.get("WEB_PORT") or 8080)
    web.run_app(create_app(settings), host=host, port=port, access_log_class=PathOnlyAccessLogger)


if __name__ == "__main__":
    main()
