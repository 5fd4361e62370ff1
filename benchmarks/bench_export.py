"""Export memory: the ZIP archive's peak memory does not grow with the store.

Bulk-loads SQLite stores of each size straight into commtrak's tables (set-based
inserts, not a service call per row), then writes each store's archive with
:func:`commtrak.portability.export_archive` under ``tracemalloc``, printing the peak
beside the smallest store's peak measured in the same run, and the ratio. An export
that held the store in memory would grow with it (a ratio near the sizes' ratio); a
streaming one stays flat (a ratio near 1). Exits 1 when the largest store's peak is
more than twice the smallest's.

    python benchmarks/bench_export.py                 # 10,000 and 100,000 customers
    python benchmarks/bench_export.py --sizes 100000 1000000
"""

from __future__ import annotations

import argparse
import itertools
import os
import tempfile
import time
import tracemalloc
import uuid
from collections.abc import Iterator
from typing import Any

from _rows import member_row
from sqlalchemy import insert

from commtrak import Actor, open_store
from commtrak.model import fold
from commtrak.portability import export_archive
from commtrak_sqlalchemy.backend import SqlBackend

ACTOR = Actor.staff("bench", "Bench", "supervisor")
#: Customers per group: every customer is a member, the first its Head Office.
GROUP_SIZE = 1000
#: Rows per insert statement.
CHUNK = 10_000


def customers(count: int, groups: list[uuid.UUID]) -> Iterator[dict[str, Any]]:
    """The rows of *count* customers, GROUP_SIZE per group, made as they are inserted."""
    for n in range(count):
        group_id = groups[n // GROUP_SIZE]
        yield member_row(n % GROUP_SIZE, f"Customer {n:07} Pty", group_id)


def load(backend: SqlBackend, count: int) -> None:
    """Bulk-load *count* customers in groups of GROUP_SIZE."""
    tables = backend.tables
    group_ids = [uuid.uuid4() for _ in range(-(-count // GROUP_SIZE))]
    groups = [
        {"id": g, "name": f"Group {n}", "name_key": fold(f"Group {n}"), "member_count": 0}
        for n, g in enumerate(group_ids)
    ]
    rows = customers(count, group_ids)
    with backend.engine.begin() as connection:
        connection.execute(insert(tables.groups), groups)
        while chunk := list(itertools.islice(rows, CHUNK)):
            connection.execute(insert(tables.customers), chunk)


def measure(directory: str, count: int) -> tuple[float, float, int]:
    """Load a store of *count* customers; return the export's peak MiB, seconds, bytes."""
    path = os.path.join(directory, f"store-{count}.db")
    with open_store(f"sqlite:///{path}") as store:
        backend = store.backend
        assert isinstance(backend, SqlBackend)
        load(backend, count)
        target = os.path.join(directory, f"export-{count}.zip")
        tracemalloc.start()
        start = time.perf_counter()
        with store.session(actor=ACTOR) as session:
            manifest = export_archive(session, target)
        seconds = time.perf_counter() - start
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert manifest.counts["customers"] == count
    return peak / 2**20, seconds, os.path.getsize(target)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    options = parser.parse_args()
    sizes = sorted(options.sizes)
    print("\n== export_archive peak memory (tracemalloc), SQLite")
    print(
        f"{'customers':>10} {'peak MiB':>9} {'baseline MiB':>13} {'ratio':>6}"
        f" {'s':>7} {'ZIP MiB':>8}"
    )
    with tempfile.TemporaryDirectory() as directory:
        baseline = None
        ratio = 1.0
        for size in sizes:
            peak, seconds, size_bytes = measure(directory, size)
            baseline = peak if baseline is None else baseline
            ratio = peak / baseline
            print(
                f"{size:>10} {peak:>9.2f} {baseline:>13.2f} {ratio:>6.2f}"
                f" {seconds:>7.1f} {size_bytes / 2**20:>8.1f}"
            )
    print(f"baseline: the export of the {sizes[0]:,}-customer store in this run")
    return 1 if ratio > 2 else 0


if __name__ == "__main__":
    raise SystemExit(main())
