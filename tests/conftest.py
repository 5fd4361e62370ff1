"""Hypothesis profiles: a quick default for development, a thorough one for CI."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

from commtrak.testing.plugin import URLS_VARIABLE

settings.register_profile(
    "dev",
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
settings.register_profile(
    "ci",
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=False,
    print_blob=True,
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


def pytest_configure(config: pytest.Config) -> None:
    """Without ``--commtrak-url`` or ``COMMTRAK_TEST_URLS``, test memory and SQLite."""
    if not config.getoption("commtrak_url") and not os.environ.get(URLS_VARIABLE, "").strip():
        config.option.commtrak_url = ["memory://", "sqlite://"]
