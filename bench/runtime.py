"""Runtime benchmark: ours against a stock `rasa init` bot, in one run on this machine.

Measures training time, cold start (process start to first answer), per-turn
latency over REST (p50/p95 of 200 sequential turns) and the peak resident
memory of every process, plus the widget's gzipped size. Writes the
"runtime" section of docs/benchmarks.md.  Run: ``make bench``.
"""
from __future__ import annotations

import gzip
import json
import os
import secrets
import shutil
import statistics
import subprocess
import tempfile
import time
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path

from bench.report import machine, write_section
from bot.launcher.paths import RASA_BIN
from bot.launcher.stack import Ports, Stack
from bot.settings import REPO_ROOT
from bot.store.migrate import upgrade
from tests.harness import free_port

TURNS = 200
OUR_MESSAGES = ["hello", "is it permanent?", "how much does it cost?", "does it hurt?",
                "can you help with a c-section scar?", "what are your opening hours?", "thanks!",
                "how long after surgery should I wait?", "where are you?", "bye"]
STOCK_MESSAGES = ["hello", "I am feeling great", "are you a bot?", "bye"]


@dataclass
class Result:
    name: str
    training_s: float
    cold_start_s: float
    p50_ms: float
    p95_ms: float
    peak_mib: dict[str, float]


#: the REST channel's bearer token for this run (the stock bot's REST channel ignores it)
REST_TOKEN = secrets.token_urlsafe(24)


def _post(url: str, sender: str, message: str) -> None:
    request = urllib.request.Request(url, data=json.dumps({"sender": sender, "message": message}).encode(),
                                     headers={"Content-Type": "application/json",
                                              "Authorization": f"Bearer {REST_TOKEN}"})
    with urllib.request.urlopen(request, timeout=60) as response:
        response.read()


def _first_answer(url: str, started: float, timeout: float = 600) -> float:
    while time.monotonic() - started < timeout:
        try:
            _post(url, "cold-start", "hello")
            return time.monotonic() - started
        except OSError:
            time.sleep(0.2)
    raise TimeoutError("no answer")


def _latencies(url: str, messages: list[str]) -> tuple[float, float]:
    samples, sender = [], f"bench-{uuid.uuid4().hex[:8]}"
    for turn in range(TURNS):
        if turn % len(messages) == 0:
            sender = f"bench-{uuid.uuid4().hex[:8]}"
        begin = time.perf_counter()
        _post(url, sender, messages[turn % len(messages)])
        samples.append((time.perf_counter() - begin) * 1000)
    quantiles = statistics.quantiles(samples, n=100)
    return statistics.median(samples), quantiles[94]


def _peak_mib(pid: int) -> float:
    """Peak resident memory (VmHWM) of a process and its children."""
    return memory_mib(pid, "VmHWM:")


def memory_mib(pid: int, field: str) -> float:
    """A memory figure from /proc (``VmHWM:`` the peak, ``VmRSS:`` now) of a process and its children, in MiB."""
    total = 0.0
    pids = [pid] + [int(p) for p in subprocess.run(["pgrep", "-P", str(pid)], capture_output=True,
                                                   text=True).stdout.split()]
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith(field):
                    total += int(line.split()[1]) / 1024
        except OSError:
            pass
    return total


def _train(cmd: list[str], cwd: Path) -> float:
    started = time.monotonic()
    subprocess.run(cmd, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env={**os.environ, "PYTHONPATH": str(REPO_ROOT), "TF_CPP_MIN_LOG_LEVEL": "3",
                        "RASA_MAX_CACHE_SIZE": "0"})     # no training cache: measure a full training
    return time.monotonic() - started


def bench_ours(work: Path) -> Result:
    models = work / "models"
    training = _train([str(RASA_BIN / "rasa"), "train", "--config", "config.yml", "--domain", "domain.yml",
                       "--data", "bot/data", "--out", str(models), "--fixed-model-name", "bench"], REPO_ROOT)
    database = f"sqlite:///{work / 'leads.db'}"
    upgrade(database)
    env = {**os.environ, "DATABASE_URL": database, "TRACKER_STORE_URL": f"sqlite:///{work / 'tracker.db'}",
           "REST_CHANNEL_TOKEN": REST_TOKEN}
    stack = Stack(env=env, ports=Ports(free_port(), free_port(), free_port()), var_dir=work,
                  model=models / "bench.tar.gz", with_web=False, log_dir=work / "logs")
    started = time.monotonic()
    stack.start()
    try:
        url = f"http://127.0.0.1:{stack.ports.rasa}/webhooks/rest/webhook"
        cold = _first_answer(url, started)
        p50, p95 = _latencies(url, OUR_MESSAGES)
        peaks = {s.name: _peak_mib(s.process.pid) for s in stack.services if s.process}
    finally:
        stack.stop()
    return Result("this assistant", training, cold, p50, p95, peaks)


def bench_stock(work: Path) -> Result:
    bot = work / "stock"
    bot.mkdir(parents=True, exist_ok=True)
    subprocess.run([str(RASA_BIN / "rasa"), "init", "--no-prompt", "--init-dir", str(bot)], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"})
    for model in (bot / "models").glob("*.tar.gz"):
        model.unlink()
    training = _train([str(RASA_BIN / "rasa"), "train", "--fixed-model-name", "stock"], bot)
    port = free_port()
    started = time.monotonic()
    process = subprocess.Popen([str(RASA_BIN / "rasa"), "run", "--model", "models/stock.tar.gz", "--port", str(port)],
                               cwd=bot, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        url = f"http://127.0.0.1:{port}/webhooks/rest/webhook"
        cold = _first_answer(url, started)
        p50, p95 = _latencies(url, STOCK_MESSAGES)
        peaks = {"rasa": _peak_mib(process.pid)}
    finally:
        os.killpg(process.pid, 15)
        process.wait()
    return Result("stock `rasa init` bot", training, cold, p50, p95, peaks)


def widget_size() -> str:
    dist = REPO_ROOT / "bot" / "widget" / "dist"
    files = sorted(p for p in dist.glob("*") if p.suffix in (".js", ".css")) if dist.exists() else []
    if not files:
        return "widget bundle not built"
    total = sum(len(gzip.compress(p.read_bytes(), 9)) for p in files)
    verdict = "within" if total <= 50 * 1024 else "OVER"
    return f"{total / 1024:.1f} KB gzipped ({', '.join(p.name for p in files)}), {verdict} the 50 KB limit"


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="bench-"))
    try:
        results = [bench_ours(work / "ours"), bench_stock(work)]
    finally:
        shutil.rmtree(work, ignore_errors=True)
    lines = ["## Runtime (`make bench`)", "", f"Machine: {machine()}", "",
             f"{TURNS} sequential REST turns per bot, one visitor at a time; cold start is from process start to "
             "the first answered message; peak memory is each process's VmHWM.", "",
             "| bot | training | cold start | p50 | p95 | peak memory |", "|---|---|---|---|---|---|"]
    for r in results:
        memory = ", ".join(f"{name} {mib:.0f} MiB" for name, mib in r.peak_mib.items())
        lines.append(f"| {r.name} | {r.training_s:.0f} s | {r.cold_start_s:.0f} s | {r.p50_ms:.0f} ms | "
                     f"{r.p95_ms:.0f} ms | {memory} |")
    lines += ["", f"Widget: {widget_size()}"]
    write_section("runtime", "\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
