"""Shared fixtures. The real assistant is started once per database backend.

SQLite always; PostgreSQL too when it is reachable — and in CI (CI=true) it
must be, so a missing PostgreSQL fails the run instead of skipping tests.
Locally, TEST_BACKENDS=sqlite narrows the run to one backend.
"""
from __future__ import annotations

import os
from typing import Iterator

import pytest

from tests.harness import Assistant, postgres_available, start_assistant


def _backends() -> list[str]:
    if os.environ.get("CI") == "true":
        return ["sqlite", "postgresql"]
    if os.environ.get("TEST_BACKENDS"):          # e.g. TEST_BACKENDS=sqlite for a quicker local run
        return os.environ["TEST_BACKENDS"].split(",")
    return ["sqlite", "postgresql"] if postgres_available() else ["sqlite"]


@pytest.fixture(scope="session", params=_backends())
def assistant(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Assistant]:
    """The running assistant (Rasa, actions, web) on a fresh database."""
    workdir = tmp_path_factory.mktemp(f"stack-{request.param}")
    yield from start_assistant(request.param, workdir)
