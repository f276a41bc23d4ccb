"""The lock store named in endpoints.yml when REDIS_URL is set, in the Rasa environment, against the real Redis.

Rasa's own RedisLockStore, with two replicas' steps interleaved, serves the same conversation to both
(RasaHQ/rasa#11256); ours, created by Rasa from the endpoints the launcher writes, never does. Without Redis
ours falls back to the replica's own lock (or refuses, if configured so).
"""
from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
import yaml

from bot.launcher.paths import RASA_BIN
from bot.launcher.stack import lock_store_config
from bot.settings import REPO_ROOT


@pytest.mark.skipif(not (RASA_BIN / "python").exists(), reason="needs the Rasa environment")
def test_rasa_stock_store_races_and_ours_does_not(redis_url: str, prefix: str, tmp_path: Path) -> None:
    key_prefix = prefix.replace(":", "").replace("test", "t")
    endpoints = tmp_path / "endpoints.yml"
    config = {**lock_store_config(redis_url), "key_prefix": key_prefix}
    endpoints.write_text(yaml.safe_dump({"lock_store": config}))
    result = subprocess.run([str(RASA_BIN / "python"), "-m", "tests.replicas.lock_probe", redis_url, key_prefix,
                             str(endpoints)], cwd=REPO_ROOT, capture_output=True, text=True, timeout=300,
                            env={**os.environ, "PYTHONPATH": str(REPO_ROOT)})
    assert result.returncode == 0, result.stderr[-3000:]
    findings = json.loads(result.stdout.strip().splitlines()[-1])
    assert findings["stock_served"] == [0, 0]        # the bug: both replicas hold ticket 0 at once
    assert findings["kind"] == "AtomicRedisLockStore"
    assert findings["most"] == 1 and findings["value"] == 40
    # Redis down: answered one at a time under the replica's own lock, or refused when configured so
    assert (findings["down_most"], findings["down_done"], findings["down_refused"]) == (1, 6, True)
