"""Benchmark: group navigation and group search as a group grows from 1,000 to 100,000 members.

For each database (a SQLite file, and PostgreSQL when ``COMMTRAK_BENCH_POSTGRESQL`` or
``--postgresql`` names a database) and each group size, it bulk-loads one group (and 500
other groups) with executemany, then times:

* ``next`` / ``previous``: the repository's ``step()`` (one index seek), and the whole
  service call ``session.groups.next()`` (which also reads the customer first);
* ``search``: the service call ``session.groups.search("peach")``, with member counts;

each beside a baseline measured in the same run: the same query hand-written with the
driver's own cursor. It prints the median time of each, their ratio, and how much each
grew from the smallest group to the largest; it exits with status 1 if any commtrak time
grew by 2x or more. Tables are prefixed ``bench_`` so the benchmark never touches a
store's own tables.

Run it with ``nox -s bench`` or ``python benchmarks/bench_navigation.py [--postgresql URL]
[--sizes 1000 100000]``.
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from typing import Any

from _options import size_options
from _rows import driver_ids, member_row
from sqlalchemy import insert, text

from commtrak import Actor, Store
from commtrak.model import Direction, fold
from commtrak_sqlalchemy.backend import SqlBackend
from commtrak_sqlalchemy.tables import define_tables

REPEAT = 300
OTHER_GROUPS = 500
WORDS = ("alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india")

#: The hand-written baselines, by dialect: next, previous, search.
BASELINES = {
    "sqlite": (
        "SELECT * FROM bench_customers WHERE group_id = ? AND name_key >= ? "
        "AND (name_key > ? OR id > ?) ORDER BY name_key, id LIMIT 1",
        "SELECT * FROM bench_customers WHERE group_id = ? AND name_key <= ? "
        "AND (name_key < ? OR id < ?) ORDER BY name_key DESC, id DESC LIMIT 1",
        "SELECT id, name, member_count FROM bench_groups WHERE instr(name_key, ?) > 0 "
        "ORDER BY name_key, id",
    ),
    "postgresql": (
        "SELECT * FROM bench_customers WHERE group_id = %s AND name_key >= %s "
        "AND (name_key > %s OR id > %s) ORDER BY name_key, id LIMIT 1",
        "SELECT * FROM bench_customers WHERE group_id = %s AND name_key <= %s "
        "AND (name_key < %s OR id < %s) ORDER BY name_key DESC, id DESC LIMIT 1",
        "SELECT id, name, member_count FROM bench_groups WHERE name_key LIKE %s "
        "ORDER BY name_key, id",
    ),
}


def median_micros(call: Callable[[], object], repeat: int = REPEAT) -> float:
    """Return the median time of *call* in microseconds, after a warm-up."""
    for _ in range(20):
        call()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1e6


def load(backend: SqlBackend, members: int) -> tuple[uuid.UUID, uuid.UUID]:
    """Empty the tables and bulk-load one group of *members* and the other groups.

    Returns:
        The group's id and the id of a member in the middle of its navigation order.
    """
    rng = random.Random(members)
    tables = backend.tables
    backend.erase_all_data()
    group_id = uuid.uuid4()
    groups = [{"id": group_id, "name": "Real Peach Real Estate", "member_count": members}]
    groups += [
        {
            "id": uuid.uuid4(),
            "name": f"{rng.choice(WORDS)} {n:04} {rng.choice(WORDS)}",
            "member_count": 0,
        }
        for n in range(OTHER_GROUPS)
    ]
    groups += [
        {"id": uuid.uuid4(), "name": f"Peach Plumbing {n}", "member_count": 0} for n in range(5)
    ]
    for group in groups:
        group["name_key"] = fold(str(group["name"]))
    customers = []
    for n in range(members):
        name = f"{rng.choice(WORDS).title()} {rng.choice(WORDS)} {rng.randrange(10**6):06}"
        customers.append(member_row(n, name, group_id))
    with backend.engine.begin() as connection:
        connection.execute(insert(tables.groups), groups)
        for start in range(0, members, 10_000):
            connection.execute(insert(tables.customers), customers[start : start + 10_000])
    with backend.engine.begin() as connection:
        connection.execute(text("ANALYZE"))
    middle = sorted(customers, key=lambda c: (c["name_key"], str(c["id"])))[members // 2]
    return group_id, middle["id"]


def measure(backend: SqlBackend, members: int) -> dict[str, tuple[float, float]]:
    """Return, per operation, the median commtrak time and the driver baseline's."""
    group_id, middle_id = load(backend, members)
    dialect = backend.engine.dialect.name
    next_sql, previous_sql, search_sql = BASELINES[dialect]
    store = Store(backend)
    results: dict[str, tuple[float, float]] = {}
    raw = backend.engine.raw_connection()
    try:
        cursor = raw.cursor()
        with store.session(actor=Actor.system()) as session:
            origin = session.customers.get(middle_id)
            key = fold(origin.name)
            ids = driver_ids(dialect, group_id, origin.id)
            fragment = "peach" if dialect == "sqlite" else "%peach%"
            customers = session.transaction.customers

            def baseline(sql: str, *parameters: Any) -> Callable[[], object]:
                def run() -> object:
                    cursor.execute(sql, parameters)
                    return cursor.fetchall()

                return run

            next_baseline = median_micros(baseline(next_sql, ids[0], key, key, ids[1]))
            previous_baseline = median_micros(baseline(previous_sql, ids[0], key, key, ids[1]))
            search_baseline = median_micros(baseline(search_sql, fragment))
            results["next (step)"] = (
                median_micros(lambda: customers.step(group_id, origin, Direction.NEXT)),
                next_baseline,
            )
            results["previous (step)"] = (
                median_micros(lambda: customers.step(group_id, origin, Direction.PREVIOUS)),
                previous_baseline,
            )
            results["next (service)"] = (
                median_micros(lambda: session.groups.next(middle_id)),
                next_baseline,
            )
            results["previous (service)"] = (
                median_micros(lambda: session.groups.previous(middle_id)),
                previous_baseline,
            )
            results["search (service)"] = (
                median_micros(lambda: session.groups.search("peach")),
                search_baseline,
            )
        cursor.close()
    finally:
        raw.close()
    return results


def main() -> int:
    options = size_options(__doc__, [1_000, 100_000])
    failures = 0
    with tempfile.TemporaryDirectory() as directory:
        urls = [f"sqlite:///{directory}/bench.db"]
        if options.postgresql:
            urls.append(options.postgresql)
        for url in urls:
            backend = SqlBackend(url, tables=define_tables(prefix="bench_"))
            try:
                failures += report(backend, options.sizes)
            finally:
                backend.close()
    return 1 if failures else 0


def report(backend: SqlBackend, sizes: list[int]) -> int:
    """Print one database's table of timings; return how many operations grew 2x or more."""
    print(f"\n== {backend.url}")
    print(f"{'members':>8}  {'operation':<20} {'commtrak µs':>12} {'driver µs':>10} {'ratio':>6}")
    by_size = {}
    for size in sizes:
        by_size[size] = measure(backend, size)
        for operation, (ours, baseline) in by_size[size].items():
            ratio = ours / baseline
            print(f"{size:>8}  {operation:<20} {ours:>12.1f} {baseline:>10.1f} {ratio:>6.2f}")
    smallest, largest = by_size[min(sizes)], by_size[max(sizes)]
    failures = 0
    for operation in smallest:
        growth = largest[operation][0] / smallest[operation][0]
        verdict = "ok" if growth < 2 else "TOO SLOW"
        failures += growth >= 2
        print(f"growth {min(sizes)} -> {max(sizes)}: {operation:<20} {growth:>5.2f}x  {verdict}")
    backend.erase_all_data()
    return failures


if __name__ == "__main__":
    sys.exit(main())
