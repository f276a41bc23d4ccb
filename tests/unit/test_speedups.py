"""The Rasa server's speed-ups keep Rasa's behaviour: the same answers of the action server pass, the same fail.

Rasa validated each answer of the action server by rebuilding its JSON-schema validator every call (about a
fifth of a turn, docs/benchmarks.md "Per-turn cost"); :mod:`bot.speedups.action_results` builds it once. Run in
the Rasa environment, where RemoteAction lives, against Rasa's own method as the reference.
"""
from __future__ import annotations

import json
import os
import subprocess
import textwrap
from pathlib import Path

import yaml

from bot.launcher.paths import RASA_BIN
from bot.launcher.stack import SPEEDUPS, Ports, Stack
from bot.settings import REPO_ROOT

PROBE = textwrap.dedent("""
    import json
    from jsonschema import ValidationError
    from rasa.core.actions.action import RemoteAction
    from rasa.shared.core.events import ActiveLoop, BotUttered, SlotSet
    from bot.speedups import action_results

    RESULTS = [
        {"events": [SlotSet("understanding", {"parts": [1, 2]}).as_dict(), ActiveLoop("intake_form").as_dict(),
                    BotUttered("hi", {"buttons": [{"title": "Yes", "payload": "/affirm"}]}).as_dict()],
         "responses": [{"response": "utter_faq/price"}, {"text": "hello", "buttons": []}]},
        {"events": [], "responses": []},
        {},
        {"events": "not a list"},
        {"events": [{"event": "slot", "name": 3}]},
        {"events": [{"no_event_key": True}]},
        {"responses": [1, 2]},
        {"events": [{"event": "no_such_event"}]},
    ]

    def outcome(check, result):
        try:
            return ["ok", check(RemoteAction("action_answer", None), result)]
        except ValidationError as error:
            return ["error", error.message]

    original = RemoteAction._validate_action_result
    before = [outcome(original, r) for r in RESULTS]
    action_results.install()
    installed = RemoteAction._validate_action_result is action_results.validate_action_result
    after = [outcome(RemoteAction._validate_action_result, r) for r in RESULTS]
    print(json.dumps({"before": before, "after": after, "installed": installed}))
""")


def test_answers_of_the_action_server_are_judged_exactly_as_rasa_judges_them() -> None:
    result = subprocess.run([str(RASA_BIN / "python"), "-c", PROBE], cwd=REPO_ROOT, capture_output=True, text=True,
                            timeout=300, env={**os.environ, "PYTHONPATH": str(REPO_ROOT), "TF_CPP_MIN_LOG_LEVEL": "3"})
    assert result.returncode == 0, result.stderr[-2000:]
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert found["installed"]
    assert found["after"] == found["before"]
    kinds = [kind for kind, _ in found["after"]]
    assert kinds[:3] == ["ok", "ok", "ok"] and kinds[3:] == ["error"] * 5      # the probe covers both sides


def test_the_launcher_switches_the_speedups_on(tmp_path: Path) -> None:
    stack = Stack(env={"ACTION_SERVER_TOKEN": "t"}, ports=Ports(rasa=1, actions=2, web=3), var_dir=tmp_path)
    _, credentials = stack._write_config([])
    assert SPEEDUPS in yaml.safe_load(credentials.read_text())
    assert SPEEDUPS in yaml.safe_load((REPO_ROOT / "credentials.yml").read_text())
