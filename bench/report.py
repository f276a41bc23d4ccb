"""Writing benchmark results into docs/benchmarks.md, one marked section per benchmark."""
from __future__ import annotations

import os
import platform
import re
from datetime import datetime, timezone
from pathlib import Path

from bot.settings import REPO_ROOT

DOC = REPO_ROOT / "docs" / "benchmarks.md"
HEADER = """# Benchmarks

Measured by the scripts in `bench/` (`make bench`, `make bench-nlu`); each run rewrites its own
section below. Speed and memory goals are checked here, never by timed assertions in tests.
"""


def machine() -> str:
    memory = "?"
    try:
        kib = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))  # type: ignore[union-attr]
        memory = f"{kib / 1024 / 1024:.0f} GiB"
    except (OSError, AttributeError):
        pass
    cpu = "?"
    try:
        cpu = re.search(r"model name\s*:\s*(.+)", Path("/proc/cpuinfo").read_text()).group(1)  # type: ignore[union-attr]
    except (OSError, AttributeError):
        pass
    return (f"{os.cpu_count()} cores ({cpu}), {memory} RAM, {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()}; {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC")


def write_section(name: str, body: str) -> None:
    text = DOC.read_text() if DOC.exists() else HEADER
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    block = f"{start}\n{body.rstrip()}\n{end}"
    if start in text:
        text = re.sub(re.escape(start) + r".*?" + re.escape(end), lambda _: block, text, flags=re.S)
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    DOC.parent.mkdir(parents=True, exist_ok=True)
    DOC.write_text(text)
