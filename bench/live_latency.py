"""Live-reply latency: from the practitioner pressing Send in the dashboard to the visitor's widget receiving it.

Starts the whole assistant (Rasa, action server, web app) on fresh SQLite databases, opens a website chat with
a socket.io client speaking the widget's protocol, signs a practitioner in to the dashboard, takes the chat over
and sends :data:`MESSAGES` replies one after another through the dashboard's reply action (the same request the
page's script makes: web app → relay → Rasa → socket.io). Each sample is the time from the start of that request
to the socket receiving the message. Prints the median and the 95th percentile, and how long the dashboard's
request itself took; it writes nothing (the results go into docs/benchmarks.md by hand).

Run: ``PYTHONPATH=. .venv/app/bin/python -m bench.live_latency [--model bot/models/model-….tar.gz]``
"""
from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any, Optional, cast

from bench.report import machine
from bot.store.db import create_engine_for, session_factory
from tests.channels.socketio_client import SocketClient
from tests.dashboard.factories import add_user
from tests.harness import start_assistant
from tests.channels.conftest import Fakes
from tests.live.conftest import PASSWORD, PRACTITIONER, Inbox, Live
from tests.live.dashboard import Dashboard, conversation_path

MESSAGES = 50


class Arrivals(list):  # type: ignore[type-arg]
    """The socket client's event list, noting when each event arrived."""

    def __init__(self) -> None:
        super().__init__()
        self.at: list[float] = []

    def append(self, item: Any) -> None:
        self.at.append(time.perf_counter())
        super().append(item)


async def arrival(visitor: SocketClient, text: str, timeout: float = 30) -> float:
    """When the bot_uttered carrying ``text`` arrived."""
    events: Arrivals = visitor.events  # type: ignore[assignment]
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        for (name, args), at in zip(list(events), list(events.at), strict=False):
            if name == "bot_uttered" and args and isinstance(args[0], dict) and args[0].get("text") == text:
                return at
        await asyncio.sleep(0.001)
    raise TimeoutError(f"{text!r} never reached the visitor")


def percentile(samples: list[float], share: float) -> float:
    return statistics.quantiles(samples, n=100, method="inclusive")[int(share * 100) - 1]


async def measure(live: Live, messages: int) -> tuple[list[float], list[float]]:
    dashboard = await Dashboard(live).sign_in()
    try:
        async with SocketClient(live.assistant.rasa_url) as visitor:
            visitor.events = Arrivals()
            session_id = await visitor.session()
            await visitor.emit("user_uttered", {"message": "hello", "session_id": session_id})
            await visitor.wait_for("bot_uttered", count=1)
            await visitor.settle(quiet=1.0)
            path = conversation_path(live, session_id)
            assert (await dashboard.act(path + "/takeover"))["ok"]
            await arrival(visitor, "Marta from the studio has joined the chat.")
            to_visitor, request = [], []
            for number in range(1, messages + 1):
                text = f"Reply number {number}: thank you for waiting, I'm looking at your question now."
                started = time.perf_counter()
                answer = await dashboard.act(path + "/reply", text=text)
                answered = time.perf_counter()
                assert answer["delivery"] == "delivered", answer
                to_visitor.append((await arrival(visitor, text) - started) * 1000)
                request.append((answered - started) * 1000)
            assert (await dashboard.act(path + "/handback"))["ok"]
            return to_visitor, request
    finally:
        await dashboard.close()


def run(model: Optional[Path], messages: int) -> None:
    with tempfile.TemporaryDirectory(prefix="bench-live-") as folder:
        work = Path(folder)
        for assistant in start_assistant("sqlite", work, model=model):
            engine = create_engine_for(assistant.database_url)
            asyncio.run(add_user(session_factory(engine), PRACTITIONER, PASSWORD))
            asyncio.run(engine.dispose())
            live = Live(assistant, cast(Fakes, None), cast(Inbox, None), "", work)     # no fakes, no SMTP here
            to_visitor, request = asyncio.run(measure(live, messages))
    print(f"Live replies, practitioner's send → visitor's socket.io client ({len(to_visitor)} messages, "
          "one at a time, SQLite, one machine, no Redis)")
    print(f"  to the visitor:        median {statistics.median(to_visitor):6.1f} ms   "
          f"p95 {percentile(to_visitor, 0.95):6.1f} ms   max {max(to_visitor):6.1f} ms")
    print(f"  dashboard's request:   median {statistics.median(request):6.1f} ms   "
          f"p95 {percentile(request, 0.95):6.1f} ms")
    print(f"  machine: {machine()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, help="a trained model (default: the one for the current data)")
    parser.add_argument("--messages", type=int, default=MESSAGES)
    args = parser.parse_args()
    run(args.model, args.messages)


if __name__ == "__main__":
    main()
