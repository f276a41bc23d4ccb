"""The WhatsApp output channel itself, in the Rasa environment: the 24-hour window and the template."""
from __future__ import annotations

import os
import subprocess
from typing import Iterator

import pytest

from bot.launcher.paths import RASA_BIN
from bot.settings import REPO_ROOT
from tests.fakes.graph_api import FakeGraphApi

NEVER_WROTE, WROTE, NO_TEMPLATE = "447700900001", "447700900002", "447700900003"     # as in output_probe.py


@pytest.fixture
def graph() -> Iterator[FakeGraphApi]:
    fake = FakeGraphApi()
    fake.start_in_thread()
    yield fake
    fake.stop_thread()


@pytest.mark.skipif(not (RASA_BIN / "python").exists(), reason="needs the Rasa environment")
def test_outside_the_window_only_the_template_is_sent_once(graph: FakeGraphApi) -> None:
    result = subprocess.run([str(RASA_BIN / "python"), "-m", "tests.channels.output_probe", graph.base_url,
                             graph.access_token, graph.phone_number_id], cwd=REPO_ROOT, capture_output=True,
                            text=True, timeout=300, env={**os.environ, "PYTHONPATH": str(REPO_ROOT)})
    assert result.returncode == 0 and "probe done" in result.stdout, result.stderr[-2000:]
    assert graph.whatsapp_messages(NEVER_WROTE) == [{
        "messaging_product": "whatsapp", "recipient_type": "individual", "to": NEVER_WROTE, "type": "template",
        "template": {"name": "consultation_follow_up", "language": {"code": "en_GB"}}}]
    [buttons] = graph.whatsapp_messages(WROTE)
    assert buttons["interactive"]["type"] == "button"
    assert graph.whatsapp_messages(NO_TEMPLATE) == []
    assert graph.problems == []
