"""Fixtures of the portal's security primitives."""

from __future__ import annotations

import pytest

from commtrak.security import Argon2Parameters


@pytest.fixture(scope="session")
def fast_argon2() -> Argon2Parameters:
    """The cheapest argon2id parameters, so that property tests can hash many passwords.

    Session-scoped so that hypothesis can use it with ``@given``.
    """
    return Argon2Parameters(time_cost=1, memory_cost=8, parallelism=1)
