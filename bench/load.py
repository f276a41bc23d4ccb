"""Load benchmark: throughput and latency with many visitors at once, ours against a stock `rasa init` bot.

Closed loop, as real visitors behave: each simulated visitor opens a new conversation (a new sender), sends
:data:`TURNS` messages and waits for each reply before the next; ``concurrency`` visitors do so at the same
time until :func:`conversations_for` conversations are done. Reported per level: turns per second, p50 and
p95 per turn, failed turns, and the Rasa server's resident memory before and after the whole run.

Both bots run in the same run on the same machine, with a model trained beforehand (training time is
``make bench``'s job). The generator is a few lines of aiohttp (already pinned) rather than Locust: the
closed loop of "wait for each reply, new sender per conversation" is the whole workload, and Locust would add
gevent and some twenty packages to our environment for it.

Run: ``PYTHONPATH=. .venv/app/bin/python -m bench.load [--levels 1,10,50] [--write]``
"""
from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import subprocess
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import aiohttp

from bench.report import machine, write_section
from bench.runtime import OUR_MESSAGES, REST_TOKEN, STOCK_MESSAGES, _first_answer, _train, memory_mib
from bot.launcher.paths import RASA_BIN, model_path
from bot.launcher.stack import Ports, Stack
from bot.store.migrate import upgrade
from tests.harness import free_port

TURNS = 10


@dataclass
class Level:
    concurrency: int
    turns: int
    failed: int
    seconds: float
    p50_ms: float
    p95_ms: float

    @property
    def throughput(self) -> float:
        return self.turns / self.seconds if self.seconds else 0.0


@dataclass
class BotRun:
    name: str
    levels: list[Level]
    rss_start_mib: float
    rss_end_mib: float


def conversations_for(concurrency: int) -> int:
    """Enough conversations that every visitor has several and the level runs long enough to be steady."""
    return max(20, concurrency * 3)


def rss_mib(pid: int) -> float:
    """Resident memory now (VmRSS) of a process and its children."""
    return memory_mib(pid, "VmRSS:")


async def _visitor(session: aiohttp.ClientSession, url: str, messages: list[str], queue: asyncio.Queue[int],
                   samples: list[float], failures: list[str]) -> None:
    while True:
        try:
            queue.get_nowait()
        except asyncio.QueueEmpty:
            return
        sender = f"load-{uuid.uuid4().hex[:10]}"
        for turn in range(TURNS):
            begin = time.perf_counter()
            try:
                async with session.post(url, json={"sender": sender, "message": messages[turn % len(messages)]},
                                        headers={"Authorization": f"Bearer {REST_TOKEN}"}) as response:
                    await response.read()
                    if response.status != 200:
                        failures.append(str(response.status))
                        continue
            except (aiohttp.ClientError, asyncio.TimeoutError) as error:
                failures.append(type(error).__name__)
                continue
            samples.append((time.perf_counter() - begin) * 1000)


async def run_level(url: str, messages: list[str], concurrency: int) -> Level:
    queue: asyncio.Queue[int] = asyncio.Queue()
    for n in range(conversations_for(concurrency)):
        queue.put_nowait(n)
    samples: list[float] = []
    failures: list[str] = []
    timeout = aiohttp.ClientTimeout(total=120)
    async with aiohttp.ClientSession(timeout=timeout, connector=aiohttp.TCPConnector(limit=0)) as session:
        began = time.perf_counter()
        await asyncio.gather(*(_visitor(session, url, messages, queue, samples, failures)
                               for _ in range(concurrency)))
        seconds = time.perf_counter() - began
    quantiles = statistics.quantiles(samples, n=100) if len(samples) > 1 else [0.0] * 99
    return Level(concurrency, len(samples), len(failures), seconds,
                 statistics.median(samples) if samples else 0.0, quantiles[94])


def load(name: str, url: str, pid: int, messages: list[str], levels: list[int]) -> BotRun:
    start = rss_mib(pid)
    results = []
    for concurrency in levels:
        result = asyncio.run(run_level(url, messages, concurrency))
        print(f"{name}: {concurrency} at once: {result.throughput:.1f} turns/s, p50 {result.p50_ms:.0f} ms, "
              f"p95 {result.p95_ms:.0f} ms, {result.failed} failed", flush=True)
        results.append(result)
    return BotRun(name, results, start, rss_mib(pid))


def load_ours(work: Path, model: Path, levels: list[int]) -> BotRun:
    database = f"sqlite:///{work / 'leads.db'}"
    upgrade(database)
    env = {**os.environ, "DATABASE_URL": database, "TRACKER_STORE_URL": f"sqlite:///{work / 'tracker.db'}",
           "REST_CHANNEL_TOKEN": REST_TOKEN, "RATE_LIMIT_REST": "0"}
    stack = Stack(env=env, ports=Ports(free_port(), free_port(), free_port()), var_dir=work, model=model,
                  with_web=False, log_dir=work / "logs")
    stack.start()
    try:
        url = f"http://127.0.0.1:{stack.ports.rasa}/webhooks/rest/webhook"
        _first_answer(url, time.monotonic())
        rasa = next(s for s in stack.services if s.name == "rasa" and s.process)
        assert rasa.process is not None
        return load("this assistant", url, rasa.process.pid, OUR_MESSAGES, levels)
    finally:
        stack.stop()


def load_stock(work: Path, levels: list[int]) -> BotRun:
    bot = work / "stock"
    bot.mkdir(parents=True, exist_ok=True)
    subprocess.run([str(RASA_BIN / "rasa"), "init", "--no-prompt", "--init-dir", str(bot)], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"})
    if not (bot / "models" / "stock.tar.gz").exists():
        _train([str(RASA_BIN / "rasa"), "train", "--fixed-model-name", "stock"], bot)
    port = free_port()
    process = subprocess.Popen([str(RASA_BIN / "rasa"), "run", "--model", "models/stock.tar.gz", "--port", str(port)],
                               cwd=bot, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        url = f"http://127.0.0.1:{port}/webhooks/rest/webhook"
        _first_answer(url, time.monotonic())
        return load("stock `rasa init` bot", url, process.pid, STOCK_MESSAGES, levels)
    finally:
        os.killpg(process.pid, 15)
        process.wait()


def report(runs: list[BotRun], levels: list[int]) -> str:
    lines = ["## Load: many visitors at once (`make bench-load`)", "", f"Machine: {machine()}", "",
             f"Closed loop over REST: each visitor starts a new conversation (new sender), sends {TURNS} messages and "
             "waits for each reply; N visitors at once until 3×N conversations (at least 20) are done. Memory is the "
             "Rasa server's resident set before and after all levels.", "",
             "| bot | " + " | ".join(f"{n} at once: turns/s, p50 / p95" for n in levels) + " | failed | Rasa memory |",
             "|---|" + "---|" * len(levels) + "---|---|"]
    for run in runs:
        cells = [f"{lv.throughput:.1f}, {lv.p50_ms:.0f} / {lv.p95_ms:.0f} ms" for lv in run.levels]
        lines.append(f"| {run.name} | " + " | ".join(cells) + f" | {sum(lv.failed for lv in run.levels)} | "
                     f"{run.rss_start_mib:.0f} → {run.rss_end_mib:.0f} MiB |")
    if len(runs) == 2:
        ratios = ", ".join(f"{ours.concurrency} at once {ours.throughput / stock.throughput:.2f}×"
                           for ours, stock in zip(runs[0].levels, runs[1].levels) if stock.throughput)
        lines += ["", f"Throughput of this assistant relative to the stock bot: {ratios}."]
    return "\n".join(lines)


def main(argv: Optional[list[str]] = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--levels", default="1,10,50", help="visitors at once, comma-separated")
    parser.add_argument("--model", type=Path, help="our model (default: the one trained on the current data)")
    parser.add_argument("--no-stock", action="store_true", help="only this assistant")
    parser.add_argument("--write", action="store_true", help="write the section of docs/benchmarks.md")
    args = parser.parse_args(argv)
    levels = [int(n) for n in args.levels.split(",")]
    model = args.model or model_path()
    work = Path(tempfile.mkdtemp(prefix="bench-load-"))
    try:
        runs = [load_ours(work / "ours", model, levels)]
        if not args.no_stock:
            runs.append(load_stock(work, levels))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    text = report(runs, levels)
    print(text)
    if args.write:
        write_section("load", text)


if __name__ == "__main__":
    main()
