"""Benchmark: the thin call, a service read beside the driver's own query.

For each database (a SQLite file, and PostgreSQL when ``COMMTRAK_BENCH_POSTGRESQL`` or
``--postgresql`` names a database) and two store sizes (one group of 1,000 and of
50,000 members), it bulk-loads the group and, inside one open session, times:

* ``customers.get`` by id, beside ``SELECT * FROM customers WHERE id = ?`` written with
  the driver's own cursor;
* ``groups.next`` (the customer and its neighbour in navigation order), beside the
  hand-written index seek of the neighbour from a key and id the caller already holds;

measured in the same run, alternating batches of commtrak and the driver so that both
see the same machine load. It prints the time per call of each (its fastest batch of
200 calls among 30), their ratio and its target: ``customers.get`` under 2x on SQLite
and 1.5x on PostgreSQL, ``groups.next`` under 3x on both. It also counts the SQL
statements of each read (``customers.get``, ``groups.next``, ``groups.previous``,
``groups.head_office_of``) at both sizes, which must be one each, whatever the size.
It exits with status 1 if a target is missed.
Tables are prefixed ``bench_r_`` so the benchmark never touches a store's own tables.

Run it with ``nox -s bench`` or ``python benchmarks/bench_reads.py [--postgresql URL]
[--sizes 1000 50000]``.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from typing import Any

from _rows import member_row
from sqlalchemy import event, insert, text

from commtrak import Actor, Session, Store
from commtrak.model import fold
from commtrak_sqlalchemy.backend import SqlBackend
from commtrak_sqlalchemy.tables import define_tables

#: Calls per timed batch, and batches of each side.
BATCH = 200
ROUNDS = 30

#: The ratio each read must stay under, by dialect.
TARGETS = {
    "sqlite": {"customers.get": 2.0, "groups.next": 3.0},
    "postgresql": {"customers.get": 1.5, "groups.next": 3.0},
}

#: The hand-written baselines, by dialect: the read by id, the next member's seek.
BASELINES = {
    "sqlite": (
        "SELECT * FROM bench_r_customers WHERE id = ?",
        "SELECT * FROM bench_r_customers WHERE group_id = ? AND name_key >= ? "
        "AND (name_key > ? OR id > ?) ORDER BY name_key, id LIMIT 1",
    ),
    "postgresql": (
        "SELECT * FROM bench_r_customers WHERE id = %s",
        "SELECT * FROM bench_r_customers WHERE group_id = %s AND name_key >= %s "
        "AND (name_key > %s OR id > %s) ORDER BY name_key, id LIMIT 1",
    ),
}

#: The reads whose statements are counted, each called with a member in the middle.
COUNTED: dict[str, Callable[[Session, uuid.UUID], object]] = {
    "customers.get": lambda s, c: s.customers.get(c),
    "groups.next": lambda s, c: s.groups.next(c),
    "groups.previous": lambda s, c: s.groups.previous(c),
    "groups.head_office_of": lambda s, c: s.groups.head_office_of(c),
}


def load(backend: SqlBackend, members: int) -> tuple[uuid.UUID, uuid.UUID]:
    """Empty the tables and bulk-load one group of *members*.

    Returns:
        The group's id and the id of the member in the middle of its navigation order.
    """
    rng = random.Random(members)
    backend.erase_all_data()
    group_id = uuid.uuid4()
    name = "Real Peach Real Estate"
    customers = [
        member_row(n, f"Peach {rng.randrange(10**6):06} {n}", group_id) for n in range(members)
    ]
    with backend.engine.begin() as connection:
        connection.execute(
            insert(backend.tables.groups),
            [{"id": group_id, "name": name, "name_key": fold(name), "member_count": members}],
        )
        for start in range(0, members, 10_000):
            connection.execute(insert(backend.tables.customers), customers[start : start + 10_000])
    with backend.engine.begin() as connection:
        connection.execute(text("ANALYZE"))
    middle = sorted(customers, key=lambda c: (c["name_key"], str(c["id"])))[members // 2]
    return group_id, middle["id"]


def per_call(call: Callable[[], object]) -> float:
    """Run *call* a batch of times; return the seconds per call."""
    start = time.perf_counter()
    for _ in range(BATCH):
        call()
    return (time.perf_counter() - start) / BATCH


def side_by_side(ours: Callable[[], object], theirs: Callable[[], object]) -> tuple[float, float]:
    """Return the microseconds per call of *ours* and *theirs*, each its fastest batch.

    The batches alternate, so both sides run under the same load; the fastest batch of
    each (as ``timeit`` advises) is the least disturbed by other processes on the
    machine, which a median of batches on a shared machine is not.
    """
    per_call(ours), per_call(theirs)  # warm up both
    mine, baseline = [], []
    for _ in range(ROUNDS):
        mine.append(per_call(ours))
        baseline.append(per_call(theirs))
    return min(mine) * 1e6, min(baseline) * 1e6


def statements_per_call(store: Store, backend: SqlBackend, middle: uuid.UUID) -> dict[str, int]:
    """Count the SQL statements of each counted read, through SQLAlchemy's events."""
    seen: list[str] = []

    def count(_conn: object, _cursor: object, statement: str, *_: object) -> None:
        seen.append(statement)

    counts = {}
    event.listen(backend.engine, "before_cursor_execute", count)
    try:
        with store.session(actor=Actor.system()) as session:
            for name, read in COUNTED.items():
                seen.clear()
                read(session, middle)
                counts[name] = len(seen)
    finally:
        event.remove(backend.engine, "before_cursor_execute", count)
    return counts


def measure(
    backend: SqlBackend, members: int
) -> tuple[dict[str, tuple[float, float]], dict[str, int]]:
    """Return the timings (commtrak, driver) of each read, and the statements per read."""
    group_id, middle = load(backend, members)
    dialect = backend.engine.dialect.name
    get_sql, next_sql = BASELINES[dialect]
    store = Store(backend)
    raw = backend.engine.raw_connection()
    try:
        cursor = raw.cursor()
        with store.session(actor=Actor.system()) as session:
            origin = session.customers.get(middle)
            key = fold(origin.name)
            ids: tuple[Any, Any] = (
                (group_id.hex, middle.hex) if dialect == "sqlite" else (group_id, middle)
            )

            def driver(sql: str, *parameters: Any) -> Callable[[], object]:
                def run() -> object:
                    cursor.execute(sql, parameters)
                    return cursor.fetchall()

                return run

            timings = {
                "customers.get": side_by_side(
                    lambda: session.customers.get(middle), driver(get_sql, ids[1])
                ),
                "groups.next": side_by_side(
                    lambda: session.groups.next(middle), driver(next_sql, ids[0], key, key, ids[1])
                ),
            }
        cursor.close()
        raw.rollback()
    finally:
        raw.close()
    return timings, statements_per_call(store, backend, middle)


def report(backend: SqlBackend, sizes: list[int]) -> int:
    """Print one database's lines; return how many targets were missed."""
    dialect = backend.engine.dialect.name
    print(f"\n== {backend.url}")
    print(
        f"{'members':>8}  {'read':<14} {'commtrak µs':>12} {'driver µs':>10} {'ratio':>6}  target"
    )
    failures = 0
    counted: dict[int, dict[str, int]] = {}
    for size in sizes:
        timings, counted[size] = measure(backend, size)
        for read, (ours, baseline) in timings.items():
            ratio = ours / baseline
            target = TARGETS[dialect][read]
            verdict = "ok" if ratio < target else "MISSED"
            failures += ratio >= target
            print(
                f"{size:>8}  {read:<14} {ours:>12.1f} {baseline:>10.1f} {ratio:>6.2f}"
                f"  < {target:<4} {verdict}"
            )
    for read in COUNTED:
        per_size = [counted[size][read] for size in sizes]
        constant = len(set(per_size)) == 1 and per_size[0] == 1
        failures += not constant
        shown = ", ".join(
            f"{n} at {size:,} members" for n, size in zip(per_size, sizes, strict=True)
        )
        print(f"statements per call: {read:<22} {shown}  {'ok' if constant else 'NOT ONE'}")
    backend.erase_all_data()
    return failures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgresql", default=os.environ.get("COMMTRAK_BENCH_POSTGRESQL"))
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 50_000])
    options = parser.parse_args()
    failures = 0
    with tempfile.TemporaryDirectory() as directory:
        urls = [f"sqlite:///{directory}/bench.db"]
        if options.postgresql:
            urls.append(options.postgresql)
        for url in urls:
            backend = SqlBackend(url, tables=define_tables(prefix="bench_r_"))
            try:
                failures += report(backend, options.sizes)
            finally:
                backend.close()
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
