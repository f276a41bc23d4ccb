"""Two Rasa replicas sharing Redis: the visitor's socket is on one, the practitioner's relay call reaches the other.

The replicas share the tracker store, the Redis lock store and, through python-socketio's Redis manager, the
widget's socket.io server: a reply sent through either replica reaches the socket, and either knows whether the
chat is open. Needs Redis (``TEST_REDIS_URL`` or the local server; in CI it must be there).
"""
from __future__ import annotations

import asyncio
import os
import secrets
import subprocess
from pathlib import Path
from typing import Iterator

import pytest

from bot.launcher.private import UMASK
from bot.launcher.stack import Ports, Service, Stack
from bot.settings import REPO_ROOT
from bot.store.migrate import upgrade
from tests.channels.socketio_client import SocketClient
from tests.harness import ARTIFACTS, ensure_model, free_port, redis_url_for_tests
from tests.live.test_relay import wait_for_message

pytestmark = pytest.mark.conversation
REDIS_URL = redis_url_for_tests()


class Replicas:
    def __init__(self, stack: Stack, second_port: int, token: str) -> None:
        self.stack, self.second_port, self.token = stack, second_port, token

    @property
    def first(self) -> str:
        return f"http://127.0.0.1:{self.stack.ports.rasa}"

    @property
    def second(self) -> str:
        return f"http://127.0.0.1:{self.second_port}"


@pytest.fixture(scope="module")
def replicas(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Replicas]:
    if REDIS_URL is None:
        pytest.skip("no Redis here (set TEST_REDIS_URL); in CI it is required")
    workdir: Path = tmp_path_factory.mktemp("replicas")
    database = f"sqlite:///{workdir / 'leads.db'}"
    upgrade(database)
    token = secrets.token_urlsafe(24)
    model = Path(os.environ["TEST_MODEL"]) if os.environ.get("TEST_MODEL") else ensure_model()
    env = {**os.environ, "DATABASE_URL": database, "TRACKER_STORE_URL": f"sqlite:///{workdir / 'tracker.db'}",
           "VAR_DIR": str(workdir), "REDIS_URL": REDIS_URL, "RELAY_TOKEN": token,
           "REST_CHANNEL_TOKEN": secrets.token_urlsafe(24)}
    stack = Stack(env=env, ports=Ports(free_port(), free_port(), free_port()), var_dir=workdir, model=model,
                  with_web=False, log_dir=ARTIFACTS / "logs" / "replicas")
    stack.start()
    second_port = free_port()
    rasa = next(s for s in stack.services if s.name == "rasa")
    command = [str(second_port) if previous == "--port" else part
               for previous, part in zip([""] + rasa.command[:-1], rasa.command, strict=True)]
    log = os.open(ARTIFACTS / "logs" / "replicas" / "rasa-2.log", os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    second = subprocess.Popen(command, cwd=REPO_ROOT, env=stack._process_env(), stdout=log,
                              stderr=subprocess.STDOUT, start_new_session=True, umask=UMASK)
    stack.services.append(Service("rasa-2", command, f"http://127.0.0.1:{second_port}/", second))
    try:
        stack.wait_ready(timeout=400)
        yield Replicas(stack, second_port, token)
    finally:
        stack.stop()
        os.close(log)


async def relay_call(url: str, token: str, operation: str, body: dict[str, str]) -> dict[str, object]:
    import aiohttp

    async with aiohttp.ClientSession() as session:
        async with session.post(f"{url}/webhooks/relay/{operation}", json=body,
                                headers={"Authorization": f"Bearer {token}"}) as response:
            assert response.status == 200, await response.text()
            return await response.json()


async def test_a_reply_through_another_replica_reaches_the_socket(replicas: Replicas) -> None:
    async with SocketClient(replicas.first) as visitor:
        session_id = await visitor.session()
        await visitor.emit("user_uttered", {"message": "hello", "session_id": session_id})
        await wait_for_message(visitor, lambda m: m.get("text"))
        await visitor.settle(quiet=1.0)

        body = {"conversation_id": session_id, "staff": "Marta"}
        answer = await relay_call(replicas.second, replicas.token, "takeover", body)
        assert answer == {"channel": "socketio", "paused": True, "delivery": "delivered"}
        await wait_for_message(visitor, lambda m: m.get("staff") == "Marta", timeout=5)

        answer = await relay_call(replicas.second, replicas.token, "reply", {**body, "text": "Hello from Marta"})
        assert answer["delivery"] == "delivered"
        await wait_for_message(visitor, lambda m: m.get("text") == "Hello from Marta", timeout=5)
        await relay_call(replicas.second, replicas.token, "handback", body)
        await wait_for_message(visitor, lambda m: "assistant again" in (m.get("text") or ""), timeout=5)
    for _ in range(50):                                            # the socket has gone: no replica has it open
        status = await relay_call(replicas.second, replicas.token, "status", {"conversation_id": session_id})
        if status["delivery"] == "not_connected":
            break
        await asyncio.sleep(0.1)
    assert status["delivery"] == "not_connected" and status["paused"] is False
