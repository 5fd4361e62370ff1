"""Hypothesis profiles (a quick default, a thorough one for CI) and the DNS guard."""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator
from typing import Any

import dns.resolver
import pytest
from hypothesis import HealthCheck, settings

from commtrak.model import _email_dns
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


@pytest.fixture(autouse=True)
def no_dns(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Fail any test that reaches for a real DNS resolver: tests must not need the network.

    A DNS failure only leaves an email unverified, so refusing the lookup is not enough
    to notice it; every attempt is recorded and fails the test at teardown. (Sockets are
    left alone: the SQL backends' tests talk to local database servers.)
    """
    attempts: list[str] = []

    def refuse(*args: object, **kwargs: object) -> Any:
        attempts.append("DNS resolver")
        raise OSError(errno.ENETUNREACH, "tests must not use the network")

    monkeypatch.setattr(dns.resolver, "get_default_resolver", refuse)
    monkeypatch.setattr(_email_dns._SHARED_DEFAULT, "get", refuse)
    yield attempts
    assert attempts == [], "a test asked a real DNS resolver; pass a FakeResolver instead"


def pytest_configure(config: pytest.Config) -> None:
    """Without ``--commtrak-url`` or ``COMMTRAK_TEST_URLS``, test memory and SQLite."""
    if not config.getoption("commtrak_url") and not os.environ.get(URLS_VARIABLE, "").strip():
        config.option.commtrak_url = ["memory://", "sqlite://"]
