"""The handoff tests use the booking tests' database and runtime fixtures (SQLite, and PostgreSQL when available)."""
from tests.booking.conftest import database_url, make_settings, runtime_for, sessions  # noqa: F401
