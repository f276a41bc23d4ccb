"""Running the real assistant for conversation tests.

One :class:`Assistant` per test session and database backend: the real Rasa
server, action server and web app, each on a free port, with fresh databases.
Tests talk to it over HTTP like a client would and look at the databases.
"""
from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator, Optional
from urllib.parse import urlsplit

from sqlalchemy import Engine, text

from bot.launcher.paths import APP_BIN, model_path
from bot.launcher.stack import Ports, Stack
from bot.settings import REPO_ROOT
from bot.store.db import create_sync_engine_for
from bot.store.migrate import upgrade

ARTIFACTS = REPO_ROOT / "tests" / "artifacts"
POSTGRES_ADMIN_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def postgres_available() -> bool:
    try:
        engine = create_sync_engine_for(POSTGRES_ADMIN_URL)
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        engine.dispose()
        return True
    except Exception:
        return False


def create_postgres_database(name: str) -> str:
    """A fresh, empty PostgreSQL database; returns its URL."""
    engine = create_sync_engine_for(POSTGRES_ADMIN_URL).execution_options(isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"


def drop_postgres_database(name: str) -> None:
    engine = create_sync_engine_for(POSTGRES_ADMIN_URL).execution_options(isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()


def ensure_model() -> Path:
    if not model_path().exists():
        subprocess.run([str(APP_BIN / "python"), "-m", "bot.launcher.train"], cwd=REPO_ROOT, check=True,
                       env={**os.environ, "PYTHONPATH": str(REPO_ROOT)})
    return model_path()


@dataclass
class Conversation:
    """One visitor talking to the assistant over Rasa's REST channel."""

    assistant: "Assistant"
    sender_id: str = field(default_factory=lambda: f"test-{uuid.uuid4().hex[:12]}")
    transcript: list[tuple[str, str]] = field(default_factory=list)

    def say(self, message: str) -> list[dict[str, Any]]:
        """Send a message; returns the bot's messages (``text``, ``buttons``…)."""
        replies = self.assistant.post_rest(self.sender_id, message)
        self.transcript.append(("visitor", message))
        self.transcript.extend(("bot", r.get("text", "")) for r in replies)
        return replies

    def say_text(self, message: str) -> str:
        """Send a message; returns all reply texts joined, for fact checks."""
        return "\n".join(r.get("text", "") for r in self.say(message))

    @staticmethod
    def buttons(replies: list[dict[str, Any]]) -> list[str]:
        return [b["title"] for r in replies for b in r.get("buttons") or []]

    def click(self, replies: list[dict[str, Any]], title: str) -> list[dict[str, Any]]:
        """Click the button with ``title`` among ``replies`` (sends its payload)."""
        for reply in replies:
            for button in reply.get("buttons") or []:
                if button["title"] == title:
                    return self.say(button["payload"])
        raise AssertionError(f"no button {title!r} in {self.buttons(replies)}")


@dataclass
class Assistant:
    """The running stack plus direct access to its databases."""

    backend: str
    stack: Stack
    database_url: str
    tracker_url: str
    leads_db: Engine
    tracker_db: Engine

    @property
    def rasa_url(self) -> str:
        return f"http://127.0.0.1:{self.stack.ports.rasa}"

    @property
    def web_url(self) -> str:
        return f"http://127.0.0.1:{self.stack.ports.web}"

    def post_rest(self, sender: str, message: str) -> list[dict[str, Any]]:
        body = json.dumps({"sender": sender, "message": message}).encode()
        request = urllib.request.Request(f"{self.rasa_url}/webhooks/rest/webhook", data=body,
                                         headers={"Content-Type": "application/json",
                                                  "Authorization": f"Bearer {self.stack.env['REST_CHANNEL_TOKEN']}"})
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.loads(response.read() or b"[]")

    def conversation(self) -> Conversation:
        return Conversation(self)

    def rows(self, sql: str, **params: Any) -> list[dict[str, Any]]:
        """Rows of a query on the leads database, as dicts."""
        with self.leads_db.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(text(sql), params)]

    def responses(self, chat: "Conversation") -> list[str]:
        """The domain responses sent to this visitor so far, in order (``utter_action`` in the tracker store)."""
        rows = self.tracker_rows("SELECT data FROM events WHERE sender_id = :s AND type_name = 'bot' ORDER BY id",
                                 s=chat.sender_id)
        return [(json.loads(r["data"]).get("metadata") or {}).get("utter_action") or "" for r in rows]

    def actions(self, chat: "Conversation") -> list[str]:
        """The actions run for this visitor so far, in order (from the tracker store)."""
        rows = self.tracker_rows("SELECT action_name FROM events WHERE sender_id = :s AND type_name = 'action' "
                                 "ORDER BY id", s=chat.sender_id)
        return [r["action_name"] for r in rows]

    def slot(self, chat: "Conversation", name: str) -> Any:
        """The slot's value now, by the latest event that set it (the next question is ``requested_slot``)."""
        rows = self.tracker_rows("SELECT data FROM events WHERE sender_id = :s AND type_name = 'slot' ORDER BY id",
                                 s=chat.sender_id)
        values = [json.loads(r["data"]) for r in rows]
        return next((v.get("value") for v in reversed(values) if v.get("name") == name), None)

    def tracker_rows(self, sql: str, **params: Any) -> list[dict[str, Any]]:
        with self.tracker_db.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(text(sql), params)]


def start_assistant(backend: str, workdir: Path, extra_env: Optional[dict[str, str]] = None,
                    model: Optional[Path] = None) -> Iterator[Assistant]:
    """Start the stack on ``backend`` ("sqlite" or "postgresql"); yields it, then stops and cleans up.

    ``model`` defaults to ``TEST_MODEL`` (a model file), else the model trained on the current data (trained
    first if missing)."""
    model = model or (Path(os.environ["TEST_MODEL"]) if os.environ.get("TEST_MODEL") else ensure_model())
    databases: list[str] = []
    if backend == "postgresql":
        suffix = uuid.uuid4().hex[:8]
        databases = [f"studio_test_leads_{suffix}", f"studio_test_tracker_{suffix}"]
        database_url, tracker_url = (create_postgres_database(n) for n in databases)
    else:
        database_url = f"sqlite:///{workdir / 'leads.db'}"
        tracker_url = f"sqlite:///{workdir / 'tracker.db'}"
    upgrade(database_url)
    env = {**os.environ, "DATABASE_URL": database_url, "TRACKER_STORE_URL": tracker_url, "VAR_DIR": str(workdir),
           "REST_CHANNEL_TOKEN": secrets.token_urlsafe(24), **(extra_env or {})}
    env.pop("REDIS_URL", None)
    ports = Ports(rasa=free_port(), actions=free_port(), web=free_port())
    stack = Stack(env=env, ports=ports, var_dir=workdir, model=model, log_dir=ARTIFACTS / "logs" / backend)
    stack.start()
    leads_db, tracker_db = create_sync_engine_for(database_url), create_sync_engine_for(tracker_url)
    try:
        stack.wait_ready(timeout=400)
        yield Assistant(backend, stack, database_url, tracker_url, leads_db, tracker_db)
    finally:
        stack.stop()
        leads_db.dispose()
        tracker_db.dispose()
        for name in databases:
            drop_postgres_database(name)


def redis_url_for_tests() -> Optional[str]:
    """Redis for tests: TEST_REDIS_URL or the local server; in CI it must be there (tests fail, never skip)."""
    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    if os.environ.get("CI") == "true":
        return url
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 6379), timeout=1):
            return url
    except OSError:
        return None
