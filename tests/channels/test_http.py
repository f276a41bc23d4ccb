"""Outbound HTTP: retries on 429 / 5xx / timeouts, none on other errors."""
from __future__ import annotations

import asyncio
from typing import AsyncIterator

import pytest
from aiohttp import web

from bot.channels.http import Sender


class Script:
    def __init__(self) -> None:
        self.answers: list[tuple[int, dict[str, str], float]] = []
        self.calls = 0

    async def handle(self, request: web.Request) -> web.Response:
        self.calls += 1
        status, headers, delay = self.answers.pop(0) if self.answers else (200, {}, 0.0)
        if delay:
            await asyncio.sleep(delay)
        return web.json_response({"error": {"code": 131000}} if status >= 400 else {"ok": True},
                                 status=status, headers=headers)


@pytest.fixture
async def server() -> AsyncIterator[tuple[str, Script]]:
    script = Script()
    app = web.Application()
    app.router.add_post("/send", script.handle)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    yield f"http://127.0.0.1:{port}/send", script
    await runner.cleanup()


async def test_retries_5xx_and_429_then_succeeds(server: tuple[str, Script]) -> None:
    url, script = server
    script.answers = [(500, {}, 0.0), (429, {"Retry-After": "0"}, 0.0)]
    sender = Sender(backoff=0.01)
    result = await sender.post(url, json_body={"a": 1})
    await sender.close()
    assert result.ok and result.body == {"ok": True} and script.calls == 3


async def test_gives_up_after_the_attempts_and_does_not_retry_4xx(server: tuple[str, Script]) -> None:
    url, script = server
    script.answers = [(503, {}, 0.0)] * 5
    sender = Sender(attempts=3, backoff=0.01)
    result = await sender.post(url, json_body={})
    assert result.status == 503 and script.calls == 3
    script.answers, script.calls = [(400, {}, 0.0)], 0
    result = await sender.post(url, json_body={})
    await sender.close()
    assert result.status == 400 and result.body == {"error": {"code": 131000}} and script.calls == 1


async def test_a_slow_answer_times_out_and_is_retried(server: tuple[str, Script]) -> None:
    url, script = server
    script.answers = [(200, {}, 1.0)]
    sender = Sender(timeout=0.3, backoff=0.01)
    result = await sender.post(url, json_body={})
    await sender.close()
    assert result.ok and script.calls == 2
