"""The shared limits (bot.limits): message length, request size, rates per conversation and per address.

Unit tests first (configuration, client address, GCRA in memory and in Redis, the gate), then the same
limits through every channel of the real Rasa server (``conversation``: the messaging stack).
"""
from __future__ import annotations

import asyncio
import json
import os
import secrets
from concurrent.futures import ThreadPoolExecutor

import pytest

from bot.limits import TOO_FAST, Gate, Limits, Verdict, too_long_reply, well_formed
from bot.limits.client_ip import client_ip
from bot.limits.rate import MemoryRateLimiter, RedisRateLimiter, limiter_from_env
from tests.channels import payloads
from tests.channels.clients import http
from tests.channels.conftest import CONVERSATION_RATE, Fakes
from tests.channels.socketio_client import SocketClient
from tests.channels.visitors import MESSAGING, RasaLog, Visitor, rest_post, wait_until
from tests.harness import Assistant, redis_url_for_tests

REDIS_URL = redis_url_for_tests()


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_defaults_and_environment() -> None:
    assert Limits.from_env({}) == Limits(2000, 65536, 30, 60, 60, False, frozenset({"127.0.0.1", "::1"}), 604800)
    limits = Limits.from_env({"MAX_MESSAGE_CHARS": "500", "MAX_REQUEST_BYTES": "10", "RATE_LIMIT_CONVERSATION": "0",
                              "RATE_LIMIT_IP": "x", "RATE_LIMIT_WINDOW": "30", "RATE_LIMIT_REST": "yes",
                              "RATE_LIMIT_TRUSTED_PROXIES": "10.0.0.2, 10.0.0.3", "MAX_MESSAGE_AGE": "3600"})
    assert limits == Limits(500, 1024, 0, 60, 30, True, frozenset({"10.0.0.2", "10.0.0.3"}), 3600)
    assert Limits.from_env({"RATE_LIMIT_TRUSTED_PROXIES": ""}).trusted_proxies == frozenset()


def test_the_client_address_comes_from_a_trusted_proxy_only() -> None:
    trusted = {"127.0.0.1"}
    assert client_ip("203.0.113.9", None, trusted) == "203.0.113.9"
    assert client_ip("203.0.113.9", "198.51.100.1", trusted) == "203.0.113.9"       # anyone else's header: ignored
    assert client_ip("127.0.0.1", "1.2.3.4, 198.51.100.1", trusted) == "198.51.100.1"  # what our proxy appended
    assert client_ip("127.0.0.1", " , ", trusted) == "127.0.0.1"
    assert client_ip("", None, trusted) == "unknown"
    assert len(client_ip("127.0.0.1", "x" * 500, trusted)) == 64


def test_well_formed_text() -> None:
    assert well_formed("hello") and well_formed("") and well_formed("héllo ✨")
    assert not well_formed("\ud800") and not well_formed(["hi"]) and not well_formed(None) and not well_formed(5)


async def test_gcra_allows_a_burst_then_one_per_interval() -> None:
    clock = Clock()
    limiter = MemoryRateLimiter(clock=clock)
    assert [(await limiter.hit("k", 3, 60)).allowed for _ in range(4)] == [True, True, True, False]
    refused = await limiter.hit("k", 3, 60)
    assert not refused.allowed and 19 < refused.retry_after <= 20
    clock.now += 20                                        # one interval (60 s / 3) later: one more
    assert (await limiter.hit("k", 3, 60)).allowed
    assert not (await limiter.hit("k", 3, 60)).allowed
    assert (await limiter.hit("other", 3, 60)).allowed     # keys are independent
    clock.now += 60
    assert [(await limiter.hit("k", 3, 60)).allowed for _ in range(4)] == [True, True, True, False]


async def test_asking_without_counting_and_notices_once() -> None:
    clock = Clock()
    limiter = MemoryRateLimiter(clock=clock)
    for _ in range(5):
        assert (await limiter.hit("k", 2, 60, record=False)).allowed
    await limiter.hit("k", 2, 60)
    await limiter.hit("k", 2, 60)
    assert not (await limiter.hit("k", 2, 60, record=False)).allowed
    assert await limiter.once("n", 60) and not await limiter.once("n", 60)
    clock.now += 61
    assert await limiter.once("n", 60)


async def test_memory_is_bounded() -> None:
    limiter = MemoryRateLimiter(capacity=10)
    for i in range(100):
        await limiter.hit(f"k{i}", 5, 60)
    assert len(limiter._tat) == 10


async def test_the_gate_counts_conversations_and_addresses() -> None:
    gate = Gate(Limits(max_message_chars=10, per_conversation=3, per_ip=5), MemoryRateLimiter())
    verdicts = [(await gate.check("socketio", "c1", "hi", "1.1.1.1")).verdict for _ in range(4)]
    assert verdicts == [Verdict.accept] * 3 + [Verdict.too_fast]
    assert (await gate.check("socketio", "c2", "hi", "1.1.1.1")).accepted           # 5th from the address
    refused = await gate.check("socketio", "c3", "hi", "1.1.1.1")                   # 6th: the address is over
    assert (refused.verdict, refused.reply) == (Verdict.too_fast, TOO_FAST) and refused.retry_after > 0
    assert (await gate.check("telegram", "c1", "hi")).accepted                      # another channel's c1
    too_long = await gate.check("telegram", "c9", "x" * 11)
    assert (too_long.verdict, too_long.reply) == (Verdict.too_long, too_long_reply(10))
    assert gate.check_length("x" * 10).accepted and not gate.check_length("x" * 11).accepted


async def test_messaging_apps_are_told_once_per_window() -> None:
    gate = Gate(Limits(per_conversation=1), MemoryRateLimiter())
    decisions = [await gate.check("whatsapp_cloud", "4477", "hi", notify_once=True) for _ in range(5)]
    assert [d.verdict for d in decisions] == [Verdict.accept] + [Verdict.too_fast] * 4
    assert [d.reply for d in decisions[1:]] == [TOO_FAST, None, None, None]


async def test_failed_authentication_is_counted_per_address() -> None:
    gate = Gate(Limits(per_ip=2), MemoryRateLimiter())
    assert await gate.ip_allowed("9.9.9.9")
    await gate.count_ip("9.9.9.9")
    await gate.count_ip("9.9.9.9")
    assert not await gate.ip_allowed("9.9.9.9") and await gate.ip_allowed("9.9.9.8")
    assert await Gate(Limits(per_ip=0), MemoryRateLimiter()).ip_allowed("9.9.9.9")


def test_the_store_follows_redis_url() -> None:
    assert isinstance(limiter_from_env({}), MemoryRateLimiter)
    assert isinstance(limiter_from_env({"REDIS_URL": "redis://127.0.0.1:6379/0"}), RedisRateLimiter)


async def test_without_redis_the_process_counts(caplog: pytest.LogCaptureFixture) -> None:
    limiter = RedisRateLimiter("redis://127.0.0.1:1/0")          # nothing listens there
    assert [(await limiter.hit("k", 2, 60)).allowed for _ in range(3)] == [True, True, False]
    assert await limiter.once("n", 60) and not await limiter.once("n", 60)
    assert caplog.text.count("Redis unavailable") == 1 and "Traceback" not in caplog.text
    await limiter.close()


@pytest.mark.skipif(REDIS_URL is None, reason="no Redis reachable here (CI always has one)")
async def test_redis_is_shared_by_every_replica() -> None:
    assert REDIS_URL is not None
    prefix = f"test:limits:{os.getpid()}:{id(object())}:"
    first, second = RedisRateLimiter(REDIS_URL, prefix=prefix), RedisRateLimiter(REDIS_URL, prefix=prefix)
    results = [(await limiter.hit("k", 4, 60)).allowed for limiter in (first, second, first, second, first)]
    assert results == [True, True, True, True, False]
    refused = await second.hit("k", 4, 60)
    assert not refused.allowed and 14 < refused.retry_after <= 15.1
    assert (await first.hit("k", 4, 60, record=False)).allowed is False
    assert await first.once("n", 60) and not await second.once("n", 60)
    concurrent = await asyncio.gather(*(first.hit("burst", 10, 60) for _ in range(25)))
    assert sum(hit.allowed for hit in concurrent) == 10          # one Lua script: no race between replicas
    await first.close()
    await second.close()


# --- through every channel of the real Rasa server -------------------------------------------------------------

LONG = "my scar is on my left forearm and " * 80                         # 2,720 characters


def _address() -> str:
    """A client address of its own (the server trusts the local proxy's X-Forwarded-For)."""
    return f"2001:db8::{secrets.token_hex(2)}:{secrets.token_hex(2)}"


@pytest.mark.conversation
@pytest.mark.parametrize("channel", ["rest", *MESSAGING])
def test_an_over_long_message_gets_a_kind_reply_and_nothing_is_stored(messaging_assistant: Assistant, fakes: Fakes,
                                                                      channel: str) -> None:
    visitor = Visitor(messaging_assistant, fakes, channel)
    log = RasaLog(messaging_assistant)
    assert visitor.say(LONG) == 200
    assert visitor.replies() == [too_long_reply(2000)]
    assert visitor.events() == 0                                            # not processed, not stored
    assert "left forearm" not in log.text()


@pytest.mark.conversation
async def test_an_over_long_message_in_the_widget(messaging_assistant: Assistant) -> None:
    log = RasaLog(messaging_assistant)
    async with SocketClient(messaging_assistant.rasa_url, _address()) as socket:
        session = await socket.session()
        await socket.emit("user_uttered", {"message": LONG, "session_id": session})
        await socket.wait_for("bot_uttered")
        await socket.settle(quiet=0.5)
    assert socket.texts() == [too_long_reply(2000)]
    assert messaging_assistant.tracker_rows("SELECT id FROM events WHERE sender_id = :s", s=session) == []
    assert "left forearm" not in log.text()


#: the burst tests first use up most of the conversation's allowance with over-long messages (they count like any
#: other and cost no NLU), so that only a few messages of the burst itself go through Rasa's per-conversation lock
LEFT = 3
BURST = 10


@pytest.mark.conversation
def test_a_burst_on_whatsapp_gets_the_kind_reply_once(messaging_assistant: Assistant, fakes: Fakes) -> None:
    visitor = Visitor(messaging_assistant, fakes, "whatsapp_cloud")
    for _ in range(CONVERSATION_RATE - LEFT):
        assert visitor.say(LONG) == 200
    with ThreadPoolExecutor(max_workers=BURST) as pool:                    # then ten messages at once
        statuses = list(pool.map(lambda i: visitor.say(f"hello {i}"), range(BURST)))
    assert statuses == [200] * BURST                                        # 200: Meta must not retry them
    assert visitor.replies().count(TOO_FAST) == 1                           # told once, not seven times
    assert wait_until(lambda: len(visitor.user_texts()) == LEFT)
    assert len(visitor.user_texts()) == LEFT


@pytest.mark.conversation
async def test_a_burst_in_the_widget_gets_the_kind_reply(messaging_assistant: Assistant) -> None:
    async with SocketClient(messaging_assistant.rasa_url, _address()) as socket:
        session = await socket.session()
        for _ in range(CONVERSATION_RATE - LEFT):
            await socket.emit("user_uttered", {"message": LONG, "session_id": session})
        await socket.wait_for("bot_uttered", count=CONVERSATION_RATE - LEFT)
        for i in range(BURST):
            await socket.emit("user_uttered", {"message": f"hello {i}", "session_id": session})
        await socket.wait_for("bot_uttered", count=CONVERSATION_RATE - LEFT + BURST, timeout=120)
        await socket.settle()
    assert socket.texts().count(TOO_FAST) == BURST - LEFT                   # every refused message is answered
    user = messaging_assistant.tracker_rows(
        "SELECT COUNT(*) AS n FROM events WHERE sender_id = :s AND type_name = 'user'", s=session)
    assert user[0]["n"] == LEFT


@pytest.mark.conversation
async def test_one_address_with_many_conversations_gets_the_kind_reply(messaging_assistant: Assistant) -> None:
    address = _address()
    # over-long messages count like any other (and cost no NLU): 60 from one address, in three conversations
    for _ in range(3):
        async with SocketClient(messaging_assistant.rasa_url, address) as socket:
            session = await socket.session()
            for _ in range(20):
                await socket.emit("user_uttered", {"message": LONG, "session_id": session})
            await socket.wait_for("bot_uttered", count=20)
        assert socket.texts() == [too_long_reply(2000)] * 20
    async with SocketClient(messaging_assistant.rasa_url, address) as socket:
        session = await socket.session()
        await socket.emit("user_uttered", {"message": "hello", "session_id": session})
        await socket.wait_for("bot_uttered")
    assert socket.texts() == [TOO_FAST]
    async with SocketClient(messaging_assistant.rasa_url, _address()) as other:   # someone else is not affected
        session = await other.session()
        await other.emit("user_uttered", {"message": LONG, "session_id": session})
        await other.wait_for("bot_uttered")
    assert other.texts() == [too_long_reply(2000)]


@pytest.mark.conversation
def test_requests_without_credentials_are_limited_per_address(messaging_assistant: Assistant, fakes: Fakes) -> None:
    address = _address()
    url = f"{messaging_assistant.rasa_url}/webhooks/telegram/webhook"
    update = json.dumps(payloads.tg_message(123456789, "hi", 424242)).encode()
    wrong = {"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": "guess", "X-Forwarded-For": address}
    statuses = [http("POST", url, update, wrong)[0] for _ in range(61)]
    assert statuses[:60] == [403] * 60 and statuses[60] == 429
    rest = [rest_post(messaging_assistant, {"sender": "x", "message": "hi"}, "guess",
                      {"X-Forwarded-For": address})[0] for _ in range(2)]
    assert rest == [429, 429]                                               # the address, whatever the endpoint
    assert http("POST", url, update, {**wrong, "X-Forwarded-For": _address()})[0] == 403
    spoofed = rest_post(messaging_assistant, {"sender": "x", "message": "hi"}, "guess",
                        {"X-Forwarded-For": f"{address}, {_address()}"})[0]
    assert spoofed == 401                                                   # only the proxy's own entry counts


@pytest.mark.conversation
@pytest.mark.parametrize("channel", ["rest", "whatsapp_cloud"])
def test_an_oversized_body_is_refused_before_any_handler(messaging_assistant: Assistant, fakes: Fakes,
                                                         channel: str) -> None:
    visitor = Visitor(messaging_assistant, fakes, channel)
    body = visitor.delivery("hello")
    body["padding" if channel == "rest" else "object"] = "x" * 70_000
    assert visitor.post(json.dumps(body).encode()) == 413
    assert visitor.events() == 0


@pytest.mark.conversation
async def test_malformed_socket_input_is_dropped_without_a_traceback(messaging_assistant: Assistant) -> None:
    log = RasaLog(messaging_assistant)
    async with SocketClient(messaging_assistant.rasa_url, _address()) as socket:
        for packet in ['42["session_request"]', '42["session_request", null]', '42["session_request", [1, [2]]]',
                       '42[]', '42[{"a": 1}]', '42[["user_uttered"]]', "42[broken", "4x", '43["nothing"]',
                       '42["user_uttered"]', '42["user_uttered", "secret-marker", 2]']:
            await socket.raw(packet)
        await socket.settle(quiet=1)                    # every packet has its own task: let them all finish
        session = await socket.session()
        for payload in [{"message": [["secret-marker"]], "session_id": session},
                        {"message": {"text": "secret-marker"}, "session_id": session},
                        {"message": "secret-marker", "session_id": session, "metadata": "{not json"},
                        {"message": "secret-marker", "session_id": session, "metadata": [1, 2]},
                        {"message": "\ud800 secret-marker", "session_id": session}]:
            await socket.emit("user_uttered", payload)
        await socket.emit("user_uttered", {"message": "hello", "session_id": session})
        replies = await socket.wait_for("bot_uttered")
        await socket.settle(quiet=1)
    assert replies and "welcome" in "\n".join(socket.texts()).lower()       # the socket still works
    rows = messaging_assistant.tracker_rows(
        "SELECT data FROM events WHERE sender_id = :s AND type_name = 'user'", s=session)
    assert [json.loads(r["data"])["text"] for r in rows] == ["hello"]       # nothing malformed was stored
    written = log.text()
    assert "Traceback" not in written and "secret-marker" not in written
    assert "socketio: a malformed message was dropped" in written        # short lines (Rasa drops repeats)
