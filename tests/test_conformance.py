"""The conformance suite on every store URL of ``--commtrak-url`` / ``COMMTRAK_TEST_URLS``."""

from __future__ import annotations

from commtrak.testing.conformance import ConformanceSuite


class TestConformance(ConformanceSuite):
    pass
