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


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked ``one_backend`` run on SQLite only, even where both backends run.

    They are about what a message means and what the reply says; the lead, booking and handoff rows they
    also check are written by the same store code that the store tests and the unmarked end-to-end tests
    (intake, booking, handoff, erasure) exercise on PostgreSQL too. Running them twice cost CI minutes
    and found nothing the other tests did not."""
    if len(_backends()) < 2:
        return
    kept: list[pytest.Item] = []
    dropped: list[pytest.Item] = []
    for item in items:
        callspec = getattr(item, "callspec", None)
        backend = callspec.params.get("assistant") if callspec else None
        (dropped if backend == "postgresql" and item.get_closest_marker("one_backend") else kept).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


@pytest.fixture(scope="session", params=_backends())
def assistant(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Assistant]:
    """The running assistant (Rasa, actions, web) on a fresh database."""
    workdir = tmp_path_factory.mktemp(f"stack-{request.param}")
    yield from start_assistant(request.param, workdir)
