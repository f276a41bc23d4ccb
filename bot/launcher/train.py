"""Train the Rasa model only when its inputs changed: ``python -m bot.launcher.train``."""
from __future__ import annotations

import fcntl
import subprocess
import sys
import time

from bot.launcher.paths import MODELS, RASA_BIN, model_path
from bot.settings import REPO_ROOT


def train(force: bool = False) -> int:
    """Train when the inputs changed; a second caller waits for a training under way instead of repeating it."""
    MODELS.mkdir(parents=True, exist_ok=True)
    with open(MODELS / ".training.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)        # released when the file closes, also if this process dies
        return _train(force)


def _train(force: bool) -> int:
    target = model_path()
    if target.exists() and not force:
        print(f"\n==> Model up to date: {target.relative_to(REPO_ROOT)}")
        return 0
    print(f"\n==> Training (inputs changed): {target.relative_to(REPO_ROOT)}", flush=True)
    started = time.monotonic()
    result = subprocess.run(
        [str(RASA_BIN / "rasa"), "train", "--config", "config.yml", "--domain", "domain.yml", "--data", "bot/data",
         "--out", str(MODELS), "--fixed-model-name", target.name.removesuffix(".tar.gz")],
        cwd=REPO_ROOT, env=_rasa_env())
    if result.returncode == 0:
        for old in MODELS.glob("model-*.tar.gz"):
            if old != target:
                old.unlink()
        print(f"==> Trained in {time.monotonic() - started:.0f} s")
    return result.returncode


def _rasa_env() -> dict[str, str]:
    import os

    env = dict(os.environ)
    env.update({"PYTHONPATH": str(REPO_ROOT), "TF_CPP_MIN_LOG_LEVEL": "2", "RASA_TELEMETRY_ENABLED": "false"})
    return env


if __name__ == "__main__":
    sys.exit(train(force="--force" in sys.argv))
