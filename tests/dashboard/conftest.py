"""Fixtures of the dashboard tests: a migrated store, the web app and a signed-in client.

Backends: SQLite (temp files) always; PostgreSQL as well when TEST_DATABASE_URL
is set (e.g. postgresql://postgres@127.0.0.1:5432/postgres: each test gets its
own databases, cloned from migrated templates on that server and dropped
afterwards), and, like the rest of the suite, when CI=true or PostgreSQL is
reachable at the harness's default address.
"""
from __future__ import annotations

import os
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import AsyncIterator, Iterator

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient
from sqlalchemy import text
from sqlalchemy.engine import make_url

from bot.dashboard.clock import Clock
from bot.dashboard.keys import CLOCK
from bot.settings import DEFAULT_STUDIO_FILE, Settings, load_settings
from bot.store.db import create_engine_for, create_sync_engine_for, session_factory
from bot.store.migrate import upgrade
from bot.store.tracker_events import events
from bot.web.app import create_app
from tests.dashboard import factories
from tests.harness import POSTGRES_ADMIN_URL, postgres_available

PASSWORD = "a calm and long passphrase"
STAFF_PASSWORD = "another calm long passphrase"
SECRET_KEY = "ZGFzaGJvYXJkLXRlc3RzLW9ubHktc2VjcmV0LWtleSE="   # 32 bytes, url-safe base64


def _postgres_admin_url() -> str | None:
    if os.environ.get("TEST_DATABASE_URL"):
        return os.environ["TEST_DATABASE_URL"]
    if os.environ.get("CI") == "true" or postgres_available():
        return POSTGRES_ADMIN_URL
    return None


PG_ADMIN_URL = _postgres_admin_url()
BACKENDS = ["sqlite", "postgresql"] if PG_ADMIN_URL else ["sqlite"]


class PostgresServer:
    """Creates and drops databases on the server of PG_ADMIN_URL."""

    def __init__(self, admin_url: str) -> None:
        self.admin_url = admin_url
        self.engine = create_sync_engine_for(admin_url).execution_options(isolation_level="AUTOCOMMIT")

    def url(self, name: str) -> str:
        return make_url(self.admin_url).set(database=name).render_as_string(hide_password=False)

    def create(self, name: str, template: str | None = None) -> str:
        with self.engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            conn.execute(text(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else "")))
        return self.url(name)

    def drop(self, name: str) -> None:
        with self.engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def _create_events_table(url: str) -> None:
    engine = create_sync_engine_for(url)
    events.metadata.create_all(engine)
    engine.dispose()


@dataclass
class Templates:
    """Migrated, empty databases that each test copies (faster than migrating every time)."""

    backend: str
    leads: str           # a file path (SQLite) or a database name (PostgreSQL)
    tracker: str
    server: PostgresServer | None = None


@pytest.fixture(scope="session", params=BACKENDS)
def templates(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Templates]:
    if request.param == "sqlite":
        folder = tmp_path_factory.mktemp("templates")
        leads, tracker = folder / "leads.db", folder / "tracker.db"
        upgrade(f"sqlite:///{leads}")
        _create_events_table(f"sqlite:///{tracker}")
        for wal in folder.glob("*.db-*"):
            wal.unlink()
        yield Templates("sqlite", str(leads), str(tracker))
        return
    assert PG_ADMIN_URL
    server = PostgresServer(PG_ADMIN_URL)
    suffix = uuid.uuid4().hex[:8]
    names = (f"dash_tpl_leads_{suffix}", f"dash_tpl_tracker_{suffix}")
    upgrade(server.create(names[0]))
    _create_events_table(server.create(names[1]))
    yield Templates("postgresql", names[0], names[1], server)
    for name in names:
        server.drop(name)
    server.engine.dispose()


@dataclass
class Databases:
    backend: str
    leads_url: str
    tracker_url: str


@pytest.fixture
def databases(templates: Templates, tmp_path: Path) -> Iterator[Databases]:
    if templates.backend == "sqlite":
        leads, tracker = tmp_path / "leads.db", tmp_path / "tracker.db"
        shutil.copy(templates.leads, leads)
        shutil.copy(templates.tracker, tracker)
        yield Databases("sqlite", f"sqlite:///{leads}", f"sqlite:///{tracker}")
        return
    server = templates.server
    assert server is not None
    suffix = uuid.uuid4().hex[:8]
    names = (f"dash_leads_{suffix}", f"dash_tracker_{suffix}")
    urls = [server.create(names[0], templates.leads), server.create(names[1], templates.tracker)]
    yield Databases("postgresql", *urls)
    for name in names:
        server.drop(name)


def make_settings(databases: Databases, var_dir: Path, **env: str) -> Settings:
    environ = {"DATABASE_URL": databases.leads_url, "TRACKER_STORE_URL": databases.tracker_url,
               "VAR_DIR": str(var_dir), "DASHBOARD_SECRET_KEY": SECRET_KEY,
               "DASHBOARD_URL": "https://studio.example", **env}
    return load_settings(DEFAULT_STUDIO_FILE, environ=environ)


@pytest.fixture
def settings(databases: Databases, tmp_path: Path) -> Settings:
    return make_settings(databases, tmp_path)


@pytest.fixture
async def store(databases: Databases) -> AsyncIterator[factories.Store]:
    """Direct access to the databases, for seeding and for checking rows."""
    leads, tracker = create_engine_for(databases.leads_url), create_engine_for(databases.tracker_url)
    yield factories.Store(session_factory(leads), leads, tracker)
    await leads.dispose()
    await tracker.dispose()


@pytest.fixture
async def user(store: factories.Store) -> str:
    """An owner with a second factor (codes from factories.totp_secret_for)."""
    await factories.add_user(store.sessions, "marta", PASSWORD)
    return "marta"


@pytest.fixture
async def staff(store: factories.Store) -> str:
    await factories.add_user(store.sessions, "sam", STAFF_PASSWORD, role="staff")
    return "sam"


@pytest.fixture
def app(settings: Settings) -> web.Application:
    return create_app(settings, run_jobs=False)


@pytest.fixture
def clock(app: web.Application) -> Clock:
    """The app's clock: move it forward instead of sleeping."""
    return app[CLOCK]


@pytest.fixture
async def client(aiohttp_client, app: web.Application) -> TestClient:  # type: ignore[no-untyped-def]
    return await aiohttp_client(app)


@pytest.fixture
async def signed_in(client: TestClient, user: str) -> TestClient:
    """A client signed in as the owner (password and authenticator code)."""
    await factories.sign_in(client, user, PASSWORD)
    return client


@pytest.fixture
async def signed_in_staff(aiohttp_client, app: web.Application, staff: str) -> TestClient:  # type: ignore[no-untyped-def]
    client = await aiohttp_client(app)
    await factories.sign_in(client, staff, STAFF_PASSWORD)
    return client


@pytest.fixture(params=BACKENDS)
def empty_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database (not migrated), for the migration tests."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'leads.db'}"
        return
    assert PG_ADMIN_URL
    server, name = PostgresServer(PG_ADMIN_URL), f"dash_migrate_{uuid.uuid4().hex[:8]}"
    yield server.create(name)
    server.drop(name)
    server.engine.dispose()
