"""Where things are on disk, shared by the launcher, the trainer and the tests."""
from __future__ import annotations

import hashlib
from pathlib import Path

from bot.settings import REPO_ROOT

RASA_BIN = REPO_ROOT / ".venv" / "rasa" / "bin"
APP_BIN = REPO_ROOT / ".venv" / "app" / "bin"
MODELS = REPO_ROOT / "bot" / "models"
TRAINING_INPUTS = ("config.yml", "domain.yml", "bot/data", "bot/nlp/vocabulary.yml")


def _files(relative: str) -> list[Path]:
    path = REPO_ROOT / relative
    return sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]


def training_fingerprint() -> str:
    """A hash of everything training reads: the model file is named after it."""
    digest = hashlib.sha256()
    for relative in TRAINING_INPUTS:
        for file in _files(relative):
            digest.update(str(file.relative_to(REPO_ROOT)).encode())
            digest.update(file.read_bytes())
    return digest.hexdigest()[:16]


def model_path() -> Path:
    return MODELS / f"model-{training_fingerprint()}.tar.gz"
