"""Account tool, password hashing, the session key file and the login counters (memory and Redis)."""
from __future__ import annotations

import asyncio
import io
import os
import shutil
import socket
import stat
import subprocess
import time
from pathlib import Path
from typing import AsyncIterator

import pytest
from sqlalchemy import select, update

from bot.dashboard import setup as dashboard_setup
from bot.dashboard.keys import THROTTLE
from bot.dashboard.passwords import fingerprint, hash_password, verify_password
from bot.dashboard.ratelimit import LoginThrottle, MemoryCounter, RedisCounter
from bot.dashboard.secret import SecretKeyError, load_secret_key
from bot.store.models import AuditEntry, RecoveryCode, User
from bot.tools import users
from bot.web.app import create_app
from tests.dashboard.conftest import Databases, make_settings
from tests.dashboard.factories import Store, add_recovery_codes, totp_secret_for

PASSWORD = "correct horse battery staple"


def run(monkeypatch: pytest.MonkeyPatch, databases: Databases, *argv: str, stdin: str = "") -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    return users.main(list(argv), database_url=databases.leads_url)


async def stored_users(store: Store) -> list[User]:
    async with store.sessions() as session:
        return list((await session.scalars(select(User).order_by(User.username))).all())


async def test_create_list_reset_delete(monkeypatch: pytest.MonkeyPatch, databases: Databases, store: Store,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    assert run(monkeypatch, databases, "create", "Marta", "--password-stdin", stdin=PASSWORD + "\n") == 0
    assert run(monkeypatch, databases, "create", "sam", "--password-stdin", stdin=PASSWORD + "\n") == 0
    [marta, sam] = await stored_users(store)
    assert marta.username == "marta" and marta.password_hash.startswith("$argon2id$")
    assert PASSWORD not in marta.password_hash and verify_password(marta.password_hash, PASSWORD)
    assert (marta.role, sam.role) == ("owner", "staff")         # the first account is an owner, then staff
    assert not marta.must_change_password and marta.totp_secret is None
    assert run(monkeypatch, databases, "list") == 0
    listing = capsys.readouterr().out
    assert "Created marta (owner)." in listing and "Created sam (staff)." in listing
    assert "marta\towner\tcreated" in listing and "last sign-in never" in listing and "sam\tstaff" in listing
    assert "sign-in codes not set up" in listing

    assert run(monkeypatch, databases, "reset", "marta", "--password-stdin", stdin="another long password\n") == 0
    [marta_after, _] = await stored_users(store)
    assert verify_password(marta_after.password_hash, "another long password")
    assert fingerprint(marta_after.password_hash) != fingerprint(marta.password_hash)

    assert run(monkeypatch, databases, "delete", "sam") == 0
    assert [u.username for u in await stored_users(store)] == ["marta"]
    async with store.sessions() as session:
        logged = (await session.execute(select(AuditEntry.actor, AuditEntry.action, AuditEntry.details)
                                        .order_by(AuditEntry.id))).all()
    assert logged == [("(command line)", "account_create", "marta (owner)"),
                      ("(command line)", "account_create", "sam (staff)"),
                      ("(command line)", "password_reset", "marta"),
                      ("(command line)", "account_delete", "sam")]


async def test_roles_temporary_passwords_and_a_lost_phone(monkeypatch: pytest.MonkeyPatch, databases: Databases,
                                                          store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(monkeypatch, databases, "create", "marta", "--password-stdin", stdin=PASSWORD) == 0
    assert run(monkeypatch, databases, "create", "sam", "--role", "owner", "--temporary", "--password-stdin",
               stdin=PASSWORD) == 0
    [marta, sam] = await stored_users(store)
    assert sam.role == "owner" and sam.must_change_password and not marta.must_change_password
    assert "choose their own password" in capsys.readouterr().out

    assert run(monkeypatch, databases, "role", "sam", "staff") == 0
    assert run(monkeypatch, databases, "role", "marta", "staff") == 2        # the last owner stays an owner
    assert "at least one owner" in capsys.readouterr().err
    assert run(monkeypatch, databases, "delete", "marta") == 2
    assert run(monkeypatch, databases, "role", "sam") == 2                   # which role?
    with pytest.raises(SystemExit):                                          # argparse refuses it
        run(monkeypatch, databases, "role", "sam", "admin")

    await add_recovery_codes(store.sessions, "marta")
    async with store.sessions.begin() as session:
        await session.execute(update(User).where(User.username == "marta")
                              .values(totp_secret=totp_secret_for("marta"), totp_last_step=5))
    assert run(monkeypatch, databases, "reset-2fa", "marta") == 0
    [marta, sam] = await stored_users(store)
    assert marta.totp_secret is None and marta.totp_last_step is None and marta.sessions_valid_after is not None
    assert await store.count(RecoveryCode) == 0
    assert (marta.role, sam.role) == ("owner", "staff")
    async with store.sessions() as session:
        actions = (await session.scalars(select(AuditEntry.action).order_by(AuditEntry.id))).all()
    assert actions == ["account_create", "account_create", "role", "totp_reset"]


async def test_refusals(monkeypatch: pytest.MonkeyPatch, databases: Databases, store: Store,
                        capsys: pytest.CaptureFixture[str]) -> None:
    assert run(monkeypatch, databases, "create", "marta", "--password-stdin", stdin="short\n") == 2
    assert "at least 12 characters" in capsys.readouterr().err
    assert run(monkeypatch, databases, "create", "has space", "--password-stdin", stdin=PASSWORD) == 2
    assert run(monkeypatch, databases, "create", "--password-stdin", stdin=PASSWORD) == 2
    assert run(monkeypatch, databases, "reset", "ghost", "--password-stdin", stdin=PASSWORD) == 2
    assert run(monkeypatch, databases, "create", "marta", "--password-stdin", stdin=PASSWORD) == 0
    assert run(monkeypatch, databases, "create", "marta", "--password-stdin", stdin=PASSWORD) == 2
    assert "already exists" in capsys.readouterr().err
    assert len(await stored_users(store)) == 1


async def test_the_password_prompt(monkeypatch: pytest.MonkeyPatch, databases: Databases, store: Store) -> None:
    answers = iter([PASSWORD, "a different one entirely"])
    monkeypatch.setattr(users.getpass, "getpass", lambda prompt="": next(answers))
    assert run(monkeypatch, databases, "create", "marta") == 2          # the two entries differ
    answers = iter([PASSWORD, PASSWORD])
    assert run(monkeypatch, databases, "create", "marta") == 0
    assert len(await stored_users(store)) == 1


def test_password_checks() -> None:
    hashed = hash_password(PASSWORD)
    assert verify_password(hashed, PASSWORD) and not verify_password(hashed, PASSWORD + "!")
    assert not verify_password(None, PASSWORD) and not verify_password("not a hash", PASSWORD)


def test_the_session_key_file(tmp_path: Path) -> None:
    env = {"VAR_DIR": str(tmp_path / "var")}
    key = load_secret_key(env)
    path = tmp_path / "var" / "dashboard_secret.key"
    assert len(key) == 32 and stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_secret_key(env) == key                       # kept across restarts
    os.chmod(path, 0o644)
    assert load_secret_key(env) == key and stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_secret_key({**env, "DASHBOARD_SECRET_KEY": "ZGFzaGJvYXJkLXRlc3RzLW9ubHktc2VjcmV0LWtleSE="}) \
        == b"dashboard-tests-only-secret-key!"
    for bad in ("tooshort", "!!!not base64!!!"):
        with pytest.raises(SecretKeyError):
            load_secret_key({**env, "DASHBOARD_SECRET_KEY": bad})


async def test_the_memory_counter_window() -> None:
    now = [1000.0]
    throttle = LoginThrottle(MemoryCounter(clock=lambda: now[0]), max_failures=2, max_failures_per_ip=10,
                             window=60, max_failures_per_account=100)
    await throttle.failed("1.2.3.4", "Marta")
    assert await throttle.retry_after("1.2.3.4", "marta") == 0
    now[0] += 10
    await throttle.failed("1.2.3.4", "marta ")
    assert await throttle.retry_after("1.2.3.4", "MARTA") == 50
    assert await throttle.retry_after("5.6.7.8", "marta") == 0          # another address
    now[0] += 51
    assert await throttle.retry_after("1.2.3.4", "marta") == 0          # the window has passed
    await throttle.failed("1.2.3.4", "marta")
    await throttle.succeeded("1.2.3.4", "marta")
    await throttle.failed("1.2.3.4", "marta")
    assert await throttle.retry_after("1.2.3.4", "marta") == 0          # success cleared the count


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class FakeRedis:
    """The few Redis commands the counter uses, for machines without redis-server."""

    def __init__(self) -> None:
        self.data: dict[str, tuple[int, float]] = {}

    def _alive(self, name: str) -> bool:
        if name in self.data and self.data[name][1] <= time.monotonic():
            del self.data[name]
        return name in self.data

    async def get(self, name: str) -> bytes | None:
        return str(self.data[name][0]).encode() if self._alive(name) else None

    async def ttl(self, name: str) -> int:
        return int(self.data[name][1] - time.monotonic()) if self._alive(name) else -2

    async def delete(self, name: str) -> None:
        self.data.pop(name, None)

    async def expire(self, name: str, seconds: int) -> None:
        if self._alive(name):
            self.data[name] = (self.data[name][0], time.monotonic() + seconds)

    async def aclose(self) -> None:
        self.data.clear()

    def pipeline(self, transaction: bool = True) -> "FakePipeline":
        return FakePipeline(self)


class FakePipeline:
    def __init__(self, redis: FakeRedis) -> None:
        self.redis, self.ops = redis, []

    async def __aenter__(self) -> "FakePipeline":
        return self

    async def __aexit__(self, *exc: object) -> None:
        return None

    def set(self, name: str, value: int, ex: int, nx: bool) -> None:
        self.ops.append(("set", name, value, ex))

    def incr(self, name: str) -> None:
        self.ops.append(("incr", name))

    def ttl(self, name: str) -> None:
        self.ops.append(("ttl", name))

    async def execute(self) -> list[object]:
        results: list[object] = []
        for op in self.ops:
            if op[0] == "set":
                if not self.redis._alive(op[1]):
                    self.redis.data[op[1]] = (op[2], time.monotonic() + op[3])
                results.append(True)
            elif op[0] == "incr":
                count, end = self.redis.data.get(op[1], (0, float("inf")))
                self.redis.data[op[1]] = (count + 1, end)
                results.append(count + 1)
            else:
                results.append(await self.redis.ttl(op[1]))
        return results


@pytest.fixture
async def redis_counter(tmp_path: Path) -> AsyncIterator[RedisCounter]:
    """A real redis-server when installed (it is, with the project's setup), else the fake above."""
    binary = shutil.which("redis-server")
    if binary is None:
        counter = RedisCounter(FakeRedis())
        yield counter
        await counter.close()
        return
    port = _free_port()
    process = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "",  # noqa: ASYNC220
                                "--appendonly", "no", "--dir", str(tmp_path)], stdout=subprocess.DEVNULL)
    counter = RedisCounter.from_url(f"redis://127.0.0.1:{port}/0")
    try:
        for _ in range(100):
            try:
                await counter._redis.ping()
                break
            except Exception:  # noqa: BLE001 - not up yet
                await asyncio.sleep(0.05)
        yield counter
    finally:
        await counter.close()
        process.terminate()
        process.wait(timeout=10)


async def test_the_redis_counter(redis_counter: RedisCounter) -> None:
    throttle = LoginThrottle(redis_counter, max_failures=3, max_failures_per_ip=100, window=900)
    for _ in range(3):
        assert await throttle.retry_after("1.2.3.4", "marta") == 0
        await throttle.failed("1.2.3.4", "marta")
    wait = await throttle.retry_after("1.2.3.4", "marta")
    assert 890 <= wait <= 900
    assert await throttle.retry_after("1.2.3.4", "sam") == 0
    await throttle.succeeded("1.2.3.4", "marta")
    assert await throttle.retry_after("1.2.3.4", "marta") == 0


async def test_the_dashboard_uses_redis_when_configured(aiohttp_client, databases: Databases, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                        redis_counter: RedisCounter, monkeypatch) -> None:
    made: list[str] = []
    monkeypatch.setattr(dashboard_setup.RedisCounter, "from_url",
                        classmethod(lambda cls, url: made.append(url) or redis_counter))
    client = await aiohttp_client(create_app(make_settings(databases, tmp_path, REDIS_URL="redis://cache:6379/1"),
                                             run_jobs=False))
    assert made == ["redis://cache:6379/1"]
    assert client.app[THROTTLE].counter is redis_counter
