"""Redis for the replica tests: the local server (or TEST_REDIS_URL); in CI it must be there."""
from __future__ import annotations

import secrets

import pytest

from tests.harness import redis_url_for_tests


@pytest.fixture
def redis_url() -> str:
    url = redis_url_for_tests()
    if url is None:
        pytest.skip("no Redis here (set TEST_REDIS_URL); in CI it is required")
    return url


@pytest.fixture
def prefix() -> str:
    """Keys of this test only, so tests never see each other's locks."""
    return f"test:{secrets.token_hex(6)}:"
