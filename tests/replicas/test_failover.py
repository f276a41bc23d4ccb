"""Two replicas behind HAProxy (bot/replicas/cluster.py): a Rasa replica killed mid-intake loses nothing.

Two Rasa servers and two action servers on PostgreSQL and Redis (the atomic lock store, the shared windows and
choices), HAProxy in front (Debian's package). The visitor's chat sticks to one Rasa replica; that replica is
killed (SIGKILL) between two answers, and the next answer, through the same address, is served by the other one,
which asks the next question (no answer asked again, none lost); the lead ends up with every answer.
Stopping the cluster's own Redis mid-intake leaves the visitor answered (each replica's own lock, memory for the
rest) and the log saying so. Needs HAProxy, PostgreSQL and Redis (in CI all three must be there).
"""
from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import socket
import subprocess
import threading
import time
import urllib.request
import uuid
from pathlib import Path
from typing import Any, Iterator, Optional

import pytest
import yaml
from sqlalchemy import text

from bot.launcher.stack import LOCK_STORE, Ports
from bot.replicas.cluster import Cluster, ReplicaPorts
from bot.store.db import create_sync_engine_for
from bot.store.migrate import upgrade
from tests.conversation.intake_helpers import CONTACT, HEALTHY, asked_slot
from tests.harness import (ARTIFACTS, create_postgres_database, drop_postgres_database, ensure_model, free_port,
                           postgres_available, redis_url_for_tests)

pytestmark = pytest.mark.conversation
IN_CI = os.environ.get("CI") == "true"
ANSWERS = {**CONTACT, **HEALTHY, "scar_cause": "surgery", "onset_date": "3 years ago", "scar_settled": "yes",
           "keloid_history": "no"}


class PrivateRedis:
    """A Redis server of the cluster's own (Debian's redis-server), so a test can stop and restart it."""

    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: Optional[subprocess.Popen[bytes]] = None

    def start(self) -> None:
        self.process = subprocess.Popen([str(shutil.which("redis-server")), "--port", str(self.port), "--bind",
                                         "127.0.0.1", "--save", "", "--appendonly", "no"],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(100):
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                return
            time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()


@pytest.fixture(scope="module")
def private_redis() -> Iterator[Optional[PrivateRedis]]:
    if shutil.which("redis-server") is None:
        yield None
        return
    redis = PrivateRedis()
    redis.start()
    yield redis
    redis.stop()


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory, private_redis: Optional[PrivateRedis]) -> Iterator[Cluster]:
    redis_url = private_redis.url if private_redis is not None else redis_url_for_tests()
    missing = [what for what, ok in (("HAProxy", shutil.which("haproxy")), ("PostgreSQL", postgres_available()),
                                     ("Redis", redis_url)) if not ok]
    if missing:
        if IN_CI:
            pytest.fail(f"the failover test needs {', '.join(missing)} in CI")
        pytest.skip(f"needs {', '.join(missing)}")
    workdir: Path = tmp_path_factory.mktemp("cluster")
    suffix = uuid.uuid4().hex[:8]
    names = [f"studio_failover_leads_{suffix}", f"studio_failover_tracker_{suffix}"]
    database_url, tracker_url = (create_postgres_database(n) for n in names)
    upgrade(database_url)
    model = Path(os.environ["TEST_MODEL"]) if os.environ.get("TEST_MODEL") else ensure_model()
    env = {**os.environ, "DATABASE_URL": database_url, "TRACKER_STORE_URL": tracker_url, "REDIS_URL": redis_url,
           "VAR_DIR": str(workdir), "REST_CHANNEL_TOKEN": secrets.token_urlsafe(24)}
    replicas = [ReplicaPorts(free_port(), free_port(), free_port()) for _ in range(2)]
    cluster = Cluster(env=env, ports=Ports(free_port(), free_port(), free_port()), var_dir=workdir, model=model,
                      with_web=False, log_dir=ARTIFACTS / "logs" / "failover", replicas=2,
                      relay_port=free_port(), replica_ports=replicas)
    cluster.start()
    try:
        cluster.wait_ready(timeout=600)
        yield cluster
    finally:
        cluster.stop()
        for name in names:
            drop_postgres_database(name)


class Visitor:
    """A visitor on the REST channel through HAProxy; remembers which replica answered each message.

    ``alternate``: each message goes straight to the other replica than the last one (no HAProxy), the worst
    case for anything a replica might keep to itself."""

    def __init__(self, cluster: Cluster, alternate: bool = False) -> None:
        self.cluster, self.sender = cluster, f"failover-{uuid.uuid4().hex[:10]}"
        self.served_by: list[str] = []
        self.alternate = alternate

    def say(self, message: str) -> list[dict[str, Any]]:
        body = json.dumps({"sender": self.sender, "message": message}).encode()
        port = self.cluster.ports.rasa
        if self.alternate:
            replica = len(self.served_by) % len(self.cluster.replica_ports)
            port = self.cluster.replica_ports[replica].rasa
            self.served_by.append(f"rasa{replica + 1}")
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/webhooks/rest/webhook", data=body,
            headers={"Content-Type": "application/json",
                     "Authorization": f"Bearer {self.cluster.env['REST_CHANNEL_TOKEN']}"})
        with urllib.request.urlopen(request, timeout=120) as response:
            if not self.alternate:
                self.served_by.append(response.headers.get("X-Served-By", ""))
            return json.loads(response.read() or b"[]")

    def intake(self) -> list[str]:
        """The whole intake, from the first message to the confirmed summary; returns the slots asked."""
        replies = self.say("I'd like to check if I'm a candidate, I have a c-section scar")
        asked: list[str] = []
        for _ in range(40):
            slot = asked_slot(replies)
            if slot is None:
                return asked
            assert slot not in asked, f"{slot} asked again: an answer was lost"
            asked.append(slot)
            replies = self.say(ANSWERS[slot])
        raise AssertionError("the intake did not end")


def test_messages_of_one_visitor_sent_to_both_replicas_at_once_are_handled_one_after_the_other(
        cluster: Cluster) -> None:
    """Each replica directly (no HAProxy), the same visitor, at the same moment: the atomic lock serialises them."""
    token = cluster.env["REST_CHANNEL_TOKEN"]

    def post(port: int, sender: str, message: str, out: list[Any]) -> None:
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/webhooks/rest/webhook",
            data=json.dumps({"sender": sender, "message": message}).encode(),
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"})
        with urllib.request.urlopen(request, timeout=90) as response:
            out.append(json.loads(response.read() or b"[]"))

    senders = [f"race-{uuid.uuid4().hex[:10]}" for _ in range(3)]
    for sender in senders:
        out: list[Any] = []
        threads = [threading.Thread(target=post, args=(ports.rasa, sender, message, out))
                   for ports, message in zip(cluster.replica_ports, ("how much is it for a scar?", "where are you?"))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        assert len(out) == 2 and all(out), out              # both answered
    engine = create_sync_engine_for(cluster.env["TRACKER_STORE_URL"])
    try:
        with engine.connect() as conn:
            for sender in senders:
                events = conn.execute(text("SELECT type_name, action_name FROM events WHERE sender_id = :s "
                                           "ORDER BY id"), {"s": sender}).all()
                turns = [t for t, name in events if t == "user" or (t == "action" and name == "action_listen")]
                # each message is handled to the end (action_listen) before the next one starts
                assert turns.count("user") == 2, turns
                assert "user" not in {turns[i] for i in range(len(turns)) if i and turns[i - 1] == "user"}, turns
    finally:
        engine.dispose()


def test_concurrent_intakes_each_message_on_the_other_replica_lose_and_duplicate_nothing(cluster: Cluster) -> None:
    """CONCURRENT_INTAKES visitors (10 by default) at once, every message on the other replica than the last."""
    visitors = [Visitor(cluster, alternate=True) for _ in range(int(os.environ.get("CONCURRENT_INTAKES", 10)))]
    errors: list[BaseException] = []

    def run(visitor: Visitor) -> None:
        try:
            assert "summary_confirmed" in visitor.intake()
        except BaseException as error:      # reported below, with the visitor's replies
            errors.append(error)

    threads = [threading.Thread(target=run, args=(v,)) for v in visitors]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=900)
    assert not errors, errors[:3]
    senders = [v.sender for v in visitors]
    leads_engine = create_sync_engine_for(cluster.env["DATABASE_URL"])
    tracker_engine = create_sync_engine_for(cluster.env["TRACKER_STORE_URL"])
    try:
        with leads_engine.connect() as conn:
            leads = conn.execute(text("SELECT conversation_id, id FROM leads WHERE conversation_id = ANY(:s)"),
                                 {"s": senders}).all()
            consents = conn.execute(text("SELECT conversation_id FROM consent_records WHERE conversation_id = ANY(:s)"),
                                    {"s": senders}).all()
        with tracker_engine.connect() as conn:
            users = dict(conn.execute(text("SELECT sender_id, count(*) FROM events WHERE type_name = 'user' "
                                           "AND sender_id = ANY(:s) GROUP BY sender_id"), {"s": senders}).all())
    finally:
        leads_engine.dispose()
        tracker_engine.dispose()
    assert sorted(c for c, _ in leads) == sorted(senders)                  # one lead each: none lost, none twice
    assert sorted(c for (c,) in consents) == sorted(senders)
    assert users == {v.sender: len(v.served_by) for v in visitors}          # every message stored exactly once


def test_redis_going_away_mid_intake_degrades_but_the_visitor_is_still_answered(
        cluster: Cluster, private_redis: Optional[PrivateRedis]) -> None:
    """Redis stops: each replica's own lock, memory for limits and choices; answers go on, and come back with it."""
    if private_redis is None:
        if IN_CI:
            pytest.fail("the failover test needs Debian's redis-server in CI")
        pytest.skip("needs Debian's redis-server to stop and restart a Redis of the test's own")
    visitor = Visitor(cluster)
    replies = visitor.say("I'd like to check if I'm a candidate, I have a c-section scar")
    assert asked_slot(replies) == "health_consent"
    private_redis.stop()
    asked = ["health_consent"]
    try:
        for _ in range(2):                          # two answers while Redis is down: each answered, and moved on
            replies = visitor.say(ANSWERS[asked[-1]])
            asked.append(str(asked_slot(replies)))
            assert asked[-1] in ANSWERS and asked[-1] not in asked[:-1], asked
    finally:
        private_redis.start()
    logs = "".join(path.read_text(errors="replace") for path in (ARTIFACTS / "logs" / "failover").glob("rasa-*.log"))
    assert "lock store: Redis unavailable" in logs                              # said clearly, in the log
    assert asked_slot(visitor.say(ANSWERS[asked[-1]])) not in asked            # and on with Redis back


def test_a_conversation_survives_its_rasa_replica_being_killed_mid_intake(cluster: Cluster) -> None:
    endpoints = yaml.safe_load((cluster.var_dir / "endpoints.yml").read_text())
    assert endpoints["lock_store"]["type"] == LOCK_STORE                      # both replicas: the atomic lock
    assert endpoints["action_endpoint"]["url"] == f"http://127.0.0.1:{cluster.ports.actions}/webhook"   # HAProxy
    visitor = Visitor(cluster)
    answers = ANSWERS
    replies = visitor.say("I'd like to check if I'm a candidate, I have a c-section scar")
    asked: list[str] = []
    killed = ""
    for _ in range(40):
        slot = asked_slot(replies)
        if slot is None:
            break
        assert slot not in asked, f"{slot} asked again after the failover: an answer was lost"
        asked.append(slot)
        if len(asked) == 4 and not killed:          # mid-intake: consent given, some health answers stored
            killed = visitor.served_by[-1]
            assert killed in ("rasa1", "rasa2")
            cluster.kill(f"rasa-{killed[-1]}")
        replies = visitor.say(answers[slot])
    else:
        raise AssertionError("the intake did not end")
    assert killed and "summary_confirmed" in asked
    before, after = visitor.served_by[:4], visitor.served_by[4:]
    assert set(before) == {killed}                   # sticky until the kill…
    assert after and killed not in after             # …then the other replica, for every later message
    engine = create_sync_engine_for(cluster.env["DATABASE_URL"])
    try:
        with engine.connect() as conn:
            lead = conn.execute(text("SELECT * FROM leads WHERE conversation_id = :c"),
                                {"c": visitor.sender}).mappings().one()
            stored = dict(conn.execute(text("SELECT key, answer FROM intake_answers WHERE lead_id = :l"),
                                       {"l": lead["id"]}).all())
    finally:
        engine.dispose()
    assert lead["concern"] == "scar" and lead["email"] == "anna.smith@example.com"
    assert {"keloid_history", "scar_settled"} <= set(stored)      # answered after the kill, beside those before
