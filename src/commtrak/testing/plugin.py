"""commtrak's pytest plugin, registered through the ``pytest11`` entry point.

It adds:

* the ``--commtrak-url`` option (repeatable) and the ``COMMTRAK_TEST_URLS``
  environment variable (space- or comma-separated) naming the stores the conformance
  suite runs against; the default is ``memory://``;
* the ``commtrak_url`` fixture, parametrized over those URLs;
* the ``commtrak_store`` fixture: an empty store for one test, on each URL, with
  offline email checks;
* a summary line per store URL at the end of the run: how many tests passed, failed
  and were skipped on it.

A URL that is configured but does not answer fails the tests that use it; it is never
skipped.

This module imports neither hypothesis nor any backend, so that it costs nothing to a
project that has commtrak installed but does not use it in its tests.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Generator, Iterator

import pytest

from commtrak import EmailChecker, Store, open_store
from commtrak.plugins import mask_url

URLS_VARIABLE = "COMMTRAK_TEST_URLS"
_counts_key = pytest.StashKey[Counter[tuple[str, str]]]()


def pytest_addoption(parser: pytest.Parser) -> None:
    """Add ``--commtrak-url``."""
    group = parser.getgroup("commtrak")
    group.addoption(
        "--commtrak-url",
        action="append",
        default=[],
        metavar="URL",
        help=f"a store URL to run commtrak's conformance suite on (repeatable; "
        f"default: ${URLS_VARIABLE} or memory://)",
    )


def configured_urls(config: pytest.Config) -> list[str]:
    """Return the store URLs the run was asked to test, in the order given."""
    urls: list[str] = list(config.getoption("commtrak_url") or [])
    if not urls:
        urls = [url for url in re.split(r"[\s,]+", os.environ.get(URLS_VARIABLE, "")) if url]
    return urls or ["memory://"]


def url_id(url: str) -> str:
    """Return a short test id for *url*: its scheme, without driver or password."""
    return mask_url(url).split("://", 1)[0].split("+", 1)[0]


def pytest_configure(config: pytest.Config) -> None:
    """Prepare the per-URL counts."""
    config.stash[_counts_key] = Counter()


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Parametrize ``commtrak_url`` over the configured URLs.

    A test class that names its own ``store_url`` (a third-party backend's suite) runs
    on that URL only.
    """
    if "commtrak_url" in metafunc.fixturenames:
        own_url = getattr(metafunc.cls, "store_url", None)
        urls = [own_url] if own_url else configured_urls(metafunc.config)
        ids = [url_id(url) for url in urls]
        if len(set(ids)) != len(ids):
            ids = [mask_url(url) for url in urls]
        metafunc.parametrize("commtrak_url", urls, ids=ids, indirect=True)


@pytest.fixture
def commtrak_url(request: pytest.FixtureRequest) -> str:
    """One of the configured store URLs (the test runs once per URL)."""
    url: str = request.param
    return url


@pytest.fixture
def commtrak_store(commtrak_url: str) -> Iterator[Store]:
    """An empty store at ``commtrak_url``, erased before the test and closed after it.

    Its email checks are offline (form only), so tests never touch the network.
    """
    store = open_store(commtrak_url, email_checker=EmailChecker("offline"))
    try:
        store.backend.erase_all_data()
        yield store
    finally:
        store.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """Count each test's outcome against the store URL it ran on."""
    report: pytest.TestReport = yield
    callspec = getattr(item, "callspec", None)
    url = callspec.params.get("commtrak_url") if callspec is not None else None
    counted = report.when == "call" or (report.when == "setup" and not report.passed)
    if url is not None and (counted or (report.when == "teardown" and report.failed)):
        outcome = "skipped" if report.skipped else "failed" if report.failed else "passed"
        item.config.stash[_counts_key][(mask_url(url), outcome)] += 1
    return report


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Print one line per store URL: its passed, failed and skipped counts."""
    counts = terminalreporter.config.stash.get(_counts_key, Counter())
    urls = sorted({url for url, _ in counts})
    if not urls:
        return
    terminalreporter.section("commtrak stores")
    for url in urls:
        terminalreporter.write_line(
            f"{url}: {counts[(url, 'passed')]} passed, {counts[(url, 'failed')]} failed, "
            f"{counts[(url, 'skipped')]} skipped"
        )
