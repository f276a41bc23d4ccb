"""Erasure that erases on disk: after an erasure the erased details are in neither SQLite file nor its WAL.

The files are read raw while the engines are still open (a running assistant keeps them open, so the
WAL is not folded in and deleted by a last close).
"""
from __future__ import annotations

import json
import secrets
import sqlite3
from datetime import datetime, timezone
from pathlib import Path
from typing import AsyncIterator

import pytest
from sqlalchemy import insert

from bot.store import tracker_events
from bot.store.leads import IntakeSubmission, erase_conversation, record_consent, save_intake, sweep_erasures
from bot.store.migrate import upgrade
from bot.store.models import LeadStatus, Readiness
from tests.store.conftest import Store


@pytest.fixture
async def sqlite_store(tmp_path: Path) -> AsyncIterator[Store]:
    url, tracker_url = f"sqlite:///{tmp_path / 'leads.db'}", f"sqlite:///{tmp_path / 'tracker.db'}"
    upgrade(url)
    store = Store(url, tracker_url)
    async with store.tracker_engine.begin() as conn:
        await conn.run_sync(tracker_events.events.metadata.create_all)
    yield store
    await store.close()


def raw_bytes(folder: Path) -> dict[str, bytes]:
    """Every SQLite file in ``folder`` (database, -wal and -shm), as stored on disk."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if ".db" in p.name}


def files_with(folder: Path, *markers: str) -> dict[str, list[str]]:
    """The files (by name) holding any of ``markers``, and which."""
    found = {name: [m for m in markers if m.encode() in data] for name, data in raw_bytes(folder).items()}
    return {name: hits for name, hits in found.items() if hits}


async def add_turn(store: Store, conversation: str, *texts: str) -> None:
    """Events as Rasa's tracker store saves them."""
    now = datetime.now(timezone.utc).timestamp()
    async with store.tracker_engine.begin() as conn:
        await conn.execute(insert(tracker_events.events), [
            {"sender_id": conversation, "type_name": "user", "timestamp": now + i,
             "data": json.dumps({"event": "user", "text": text})} for i, text in enumerate(texts)])


async def test_an_erased_lead_leaves_no_bytes_in_the_databases_or_their_wal(sqlite_store: Store,
                                                                           tmp_path: Path) -> None:
    tag = secrets.token_hex(6)
    erased = (f"erase.me.{tag}@example.com", f"+4479{tag[:8]}", f"zebra-knee-{tag}")  # email, phone, answer
    kept = (f"kept.{tag}@example.com", f"+4478{tag[:8]}", f"kept-knee-{tag}")
    for conversation, (email, phone, answer) in ((f"gone-{tag}", erased), (f"kept-{tag}", kept)):
        await record_consent(sqlite_store.sessions, conversation, "socketio", "v1", True)
        await save_intake(sqlite_store.sessions, IntakeSubmission(
            conversation_id=conversation, channel="socketio", first_name="Anna", email=email, phone=phone,
            preferred_contact="email", concern="scar", answers=[("body_area", "Where is it?", answer)],
            readiness=Readiness.ready, status=LeadStatus.new))
        await add_turn(sqlite_store, conversation, f"my email is {email}", answer)
    assert set(files_with(tmp_path, *erased)) >= {"leads.db-wal", "tracker.db-wal"}  # the test can see them

    assert await erase_conversation(sqlite_store.sessions, sqlite_store.tracker_engine, f"gone-{tag}")
    assert files_with(tmp_path, *erased) == {}
    # Rasa saves the turn after the erasing action; the sweep deletes it from the files too
    await add_turn(sqlite_store, f"gone-{tag}", f"yes, erase {erased[0]}")
    assert await sweep_erasures(sqlite_store.sessions, sqlite_store.tracker_engine) == 1
    assert files_with(tmp_path, *erased) == {}
    assert files_with(tmp_path, *kept) == {"leads.db": list(kept), "tracker.db": [kept[0], kept[2]]}  # others stay
    for engine in (sqlite_store.engine, sqlite_store.tracker_engine):
        async with engine.connect() as conn:
            assert (await conn.exec_driver_sql("PRAGMA secure_delete")).scalar() == 1


def test_without_the_controls_sqlite_keeps_erased_bytes(tmp_path: Path) -> None:
    """The finding: a delete alone leaves the row in the WAL, and without secure_delete in the file."""
    path, email = tmp_path / "plain.db", f"erase.me.{secrets.token_hex(6)}@example.com"
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA secure_delete=OFF")
    db.execute("CREATE TABLE leads (email TEXT)")
    db.execute("INSERT INTO leads VALUES (?)", (email,))
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.execute("DELETE FROM leads")
    assert "plain.db" in files_with(tmp_path, email)           # never overwritten in the database file
    db.execute("INSERT INTO leads VALUES (?)", (email,))
    db.execute("DELETE FROM leads")
    assert "plain.db-wal" in files_with(tmp_path, email)       # and the insert is still in the WAL
    db.close()
