"""The ZIP archive between every pair of the configured SQL databases (both directions).

The conformance suite's :class:`~commtrak.testing.conformance.ArchiveContract` goes
from each store to memory or SQLite; here a store of each configured SQL database is
exported and imported into each other one, and transferred without a file, giving
back equal data (a SQLite export imports into PostgreSQL and MariaDB, and back).
"""

from __future__ import annotations

import io
import itertools

import pytest

from commtrak import Actor
from commtrak.portability import export_archive, export_data, import_archive, transfer
from commtrak.testing.conformance import PinnedClock
from commtrak.testing.conformance._base import open_test_store
from commtrak.testing.conformance.export import fill, fill_portal, records
from commtrak.testing.plugin import configured_urls

ACTOR = Actor.staff("staff-1", "Sam Supervisor", "supervisor")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    sql = [
        u
        for u in configured_urls(metafunc.config)
        if u.startswith(("sqlite", "postgresql", "mysql"))
    ]
    urls = list(dict.fromkeys(["sqlite://", *sql]))
    pairs = [(a, b) for a, b in itertools.permutations(urls, 2)]
    metafunc.parametrize(
        ("source_url", "target_url"),
        pairs,
        ids=[f"{a.split(':')[0]}->{b.split(':')[0]}" for a, b in pairs],
    )


@pytest.mark.parametrize("secrets", [False, True])
def test_an_archive_and_a_transfer_give_back_equal_data(
    source_url: str, target_url: str, secrets: bool
) -> None:
    clock = PinnedClock()
    with open_test_store(source_url, clock=clock) as source:
        fill(source, ACTOR, clock)
        fill_portal(source, ACTOR, clock)
        buffer = io.BytesIO()
        with source.session(actor=ACTOR) as s:
            export_archive(s, buffer, include_secrets=secrets)
            exported, original = export_data(s, include_secrets=secrets), records(s)
        with open_test_store(target_url, clock=clock) as target:
            with target.session(actor=ACTOR) as s:
                import_archive(s, io.BytesIO(buffer.getvalue()))
            with target.session(actor=ACTOR) as s:
                assert export_data(s, include_secrets=secrets) == exported
                assert records(s) == original
        with open_test_store(target_url, clock=clock) as target:
            transfer(source, target, actor=ACTOR, include_secrets=secrets)
            with target.session(actor=ACTOR) as s:
                assert export_data(s, include_secrets=secrets) == exported
