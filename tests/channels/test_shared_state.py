"""The 24-hour window and the numbered choices as every replica sees them (bot/channels/shared.py).

Each test runs on this process's memory and on the real Redis; the Redis cases also check that a second
replica (another instance on the same Redis) gives the same answer, and that Redis failing falls back to
what this replica saw.
"""
from __future__ import annotations

import secrets
from typing import AsyncIterator

import pytest

from bot.channels.shared import SharedChoices, SharedWindow
from bot.channels.window import CLOSED, OPEN, TEMPLATE
from tests.harness import redis_url_for_tests

YES_NO = [("Yes", "yes"), ("No", "no")]


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


def _redis_or_skip() -> str:
    url = redis_url_for_tests()
    if url is None:
        pytest.skip("no Redis here (set TEST_REDIS_URL); in CI it is required")
    return url


async def _forget(url: str, prefix: str) -> None:
    """Leave nothing of this test in the shared Redis."""
    from redis import asyncio as redis_asyncio

    client = redis_asyncio.from_url(url)
    try:
        keys = [key async for key in client.scan_iter(match=prefix + "*")]
        if keys:
            await client.delete(*keys)
    finally:
        await client.aclose()


@pytest.fixture(params=["memory", "redis"])
async def pair(request: pytest.FixtureRequest) -> AsyncIterator[tuple[SharedWindow, SharedWindow, Clock]]:
    """Two replicas' windows: the same object in memory (one process), two instances on one Redis."""
    clock = Clock()
    if request.param == "memory":
        window = SharedWindow(clock=clock)
        yield window, window, clock
        return
    prefix, url = f"test:{secrets.token_hex(6)}:window:", _redis_or_skip()
    first, second = SharedWindow(url, prefix=prefix, clock=clock), SharedWindow(url, prefix=prefix, clock=clock)
    yield first, second, clock
    await _forget(url, prefix)
    await first.close()
    await second.close()


async def test_a_message_on_one_replica_opens_the_window_on_the_other(pair) -> None:
    first, second, clock = pair
    assert await second.decide("447700900001") == CLOSED
    await first.inbound("447700900001")
    assert await second.decide("447700900001") == OPEN
    clock.now += 23 * 3600
    assert await second.decide("447700900001") == OPEN
    clock.now += 2 * 3600
    assert await second.decide("447700900001") == CLOSED


async def test_the_template_goes_once_across_replicas_until_the_visitor_writes_again(pair) -> None:
    first, second, clock = pair
    await first.inbound("447700900002", at=clock.now - 25 * 3600)
    assert await second.decide("447700900002", template_configured=True) == TEMPLATE
    claims = [await first.claim_template("447700900002"), await second.claim_template("447700900002")]
    assert claims == [True, False]
    assert await first.decide("447700900002", True) == CLOSED
    await second.inbound("447700900002")
    assert await first.decide("447700900002", True) == OPEN


async def test_a_time_learnt_from_the_tracker_counts_only_when_newer(pair) -> None:
    first, second, clock = pair
    await first.learn("447700900003", clock.now - 60)
    await first.learn("447700900003", clock.now - 30 * 3600)        # older: changes nothing
    await first.learn("447700900003", None)
    assert await second.decide("447700900003") == OPEN
    await first.inbound("447700900004", at=clock.now + 10 * 24 * 3600)   # a wrong clock cannot keep it open
    clock.now += 25 * 3600
    assert await second.decide("447700900004") == CLOSED


@pytest.fixture(params=["memory", "redis"])
async def choices(request: pytest.FixtureRequest) -> AsyncIterator[tuple[SharedChoices, SharedChoices]]:
    if request.param == "memory":
        memory = SharedChoices()
        yield memory, memory
        return
    prefix, url = f"test:{secrets.token_hex(6)}:choices:", _redis_or_skip()
    first, second = SharedChoices(url, prefix=prefix), SharedChoices(url, prefix=prefix)
    yield first, second
    await _forget(url, prefix)
    await first.close()
    await second.close()


async def test_a_number_typed_on_another_replica_picks_the_button_shown_on_this_one(choices) -> None:
    first, second = choices
    await first.begin_turn("a")
    await first.remember("a", YES_NO)
    await first.end_turn("a")
    assert await second.resolve("a", "2") == "no"
    assert await second.resolve("b", "2") == "2"
    assert await second.resolve("a", "hello") == "hello"
    await second.begin_turn("a")                     # the next turn, on the other replica, shows text only
    await second.end_turn("a")
    assert await first.resolve("a", "1") == "1"


async def test_redis_going_away_falls_back_to_what_this_replica_saw() -> None:
    window = SharedWindow("redis://127.0.0.1:1/0")    # nothing listens there
    choices = SharedChoices("redis://127.0.0.1:1/0")
    await window.inbound("447700900005")
    assert await window.decide("447700900005") == OPEN
    assert await window.decide("447700900006", True) == TEMPLATE
    assert await window.claim_template("447700900006") is True
    assert await window.claim_template("447700900006") is False
    await choices.begin_turn("a")
    await choices.remember("a", YES_NO)
    await choices.end_turn("a")
    assert await choices.resolve("a", "1") == "yes"
