"""The Rasa server says it is ready only when it can answer: a model that failed to load leaves it up but mute.

The launcher, the Kubernetes probes and HAProxy read ``GET /``; before this, a server whose spaCy pipeline was
missing answered ``ok`` there and dropped every visitor's message ("no agent to handle it").
"""
from __future__ import annotations

import os
import subprocess
import textwrap

import pytest

from bot.launcher.paths import RASA_BIN
from bot.settings import REPO_ROOT

PROBE = textwrap.dedent("""
    import asyncio
    from types import SimpleNamespace
    from bot.hardening.rasa_server import server_guard

    class Agent:
        def __init__(self, ready): self.ready = ready
        def is_ready(self): return self.ready

    def request(agent):
        return SimpleNamespace(path="/", method="GET", headers={}, app=SimpleNamespace(ctx=SimpleNamespace(agent=agent)))

    guard = server_guard(None)
    for agent in (None, Agent(False), Agent(True)):
        response = asyncio.run(guard(request(agent)))
        print(response.status, response.body.decode())
""")


@pytest.mark.skipif(not (RASA_BIN / "python").exists(), reason="needs the Rasa environment")
def test_the_root_answers_ok_only_once_a_model_is_loaded() -> None:
    result = subprocess.run([str(RASA_BIN / "python"), "-c", PROBE], cwd=REPO_ROOT, capture_output=True, text=True,
                            timeout=300, env={**os.environ, "PYTHONPATH": str(REPO_ROOT)})
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split("\n")[:3] == ["503 no model loaded", "503 no model loaded", "200 ok"]
