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
20 calls among 300), their ratio and its target: ``customers.get`` under 2x on SQLite
and 1.5x on PostgreSQL, ``groups.next`` under 3x on both. It also counts the SQL
statements of each read (``customers.get``, ``groups.next``, ``groups.previous``,
``groups.head_office_of``) at both sizes, which must be one each, whatever the size.
It exits with status 1 if a target is missed.
Tables are prefixed ``bench_r<size>_`` so the benchmark never touches a store's own
tables; on PostgreSQL they are dropped afterwards.

Run it with ``nox -s bench`` or ``python benchmarks/bench_reads.py [--postgresql URL]
[--sizes 1000 50000]``.
"""

from __future__ import annotations

import contextlib
import random
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from typing import Any

from _options import size_options
from _rows import driver_ids, member_row
from sqlalchemy import event, insert, text
from sqlalchemy.engine import make_url

from commtrak import Actor, Session, Store
from commtrak.model import fold
from commtrak_sqlalchemy.backend import SqlBackend
from commtrak_sqlalchemy.tables import SqlTables, define_tables

#: Calls per timed batch, and batches of each side.
BATCH = 20
ROUNDS = 300

#: The ratio each read must stay under, by dialect.
TARGETS = {
    "sqlite": {"customers.get": 2.0, "groups.next": 3.0},
    "postgresql": {"customers.get": 1.5, "groups.next": 3.0},
}

#: The hand-written baselines: the read by id, the next member's seek ({t}: the table,
#: {m}: the driver's parameter mark).
BASELINES = (
    "SELECT * FROM {t} WHERE id = {m}",
    "SELECT * FROM {t} WHERE group_id = {m} AND name_key >= {m} "
    "AND (name_key > {m} OR id > {m}) ORDER BY name_key, id LIMIT 1",
)

#: The reads whose statements are counted, each called with a member in the middle.
COUNTED: dict[str, Callable[[Session, uuid.UUID], object]] = {
    "customers.get": lambda s, c: s.customers.get(c),
    "groups.next": lambda s, c: s.groups.next(c),
    "groups.previous": lambda s, c: s.groups.previous(c),
    "groups.head_office_of": lambda s, c: s.groups.head_office_of(c),
}


def load(backend: SqlBackend, members: int) -> tuple[uuid.UUID, uuid.UUID, str]:
    """Bulk-load one group of *members* into the backend's new, empty tables.

    Returns:
        The group's id, and the id and navigation key of the member in the middle of
        its navigation order.
    """
    rng = random.Random(members)
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
    return group_id, middle["id"], middle["name_key"]


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
    group_id, middle, key = load(backend, members)
    dialect = backend.engine.dialect.name
    mark = "?" if dialect == "sqlite" else "%s"
    get_sql, next_sql = (sql.format(t=backend.tables.customers.name, m=mark) for sql in BASELINES)
    group, origin = driver_ids(dialect, group_id, middle)
    store = Store(backend)
    with (
        contextlib.closing(backend.engine.raw_connection()) as raw,
        store.session(actor=Actor.system()) as session,
    ):
        cursor = raw.cursor()

        def driver(sql: str, *parameters: Any) -> Callable[[], object]:
            def run() -> object:
                cursor.execute(sql, parameters)
                return cursor.fetchall()

            return run

        timings = {
            "customers.get": side_by_side(
                lambda: session.customers.get(middle), driver(get_sql, origin)
            ),
            "groups.next": side_by_side(
                lambda: session.groups.next(middle), driver(next_sql, group, key, key, origin)
            ),
        }
        raw.rollback()
    return timings, statements_per_call(store, backend, middle)


def report(url: str, sizes: list[int], fresh: Callable[[int], Iterator[SqlBackend]]) -> int:
    """Print one database's lines; return how many targets were missed."""
    print(f"\n== {make_url(url).render_as_string(hide_password=True)}")
    columns = f"{'read':<14} {'commtrak µs':>12} {'driver µs':>10} {'ratio':>6}  target"
    print(f"{'members':>8}  {columns}")
    failures = 0
    counted: dict[int, dict[str, int]] = {}
    for size in sizes:
        with contextlib.contextmanager(fresh)(size) as backend:
            timings, counted[size] = measure(backend, size)
            dialect = backend.engine.dialect.name
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
    return failures


def main() -> int:
    options = size_options(__doc__, [1_000, 50_000])
    with tempfile.TemporaryDirectory() as directory:

        def sqlite_file(size: int) -> Iterator[SqlBackend]:
            # A new file per size: emptying 50,000 self-referencing rows is slow on SQLite.
            path = f"{directory}/reads_{size}.db"
            backend = SqlBackend(f"sqlite:///{path}", tables=bench_tables(size))
            try:
                yield backend
            finally:
                backend.close()

        failures = report("sqlite:///(a file per size)", options.sizes, sqlite_file)
    if options.postgresql:
        url = options.postgresql

        def server_tables(size: int) -> Iterator[SqlBackend]:
            # Tables of their own per size, dropped before and after.
            tables = bench_tables(size)
            backend = SqlBackend(url, tables=tables, create_tables=False)
            tables.metadata.drop_all(backend.engine)
            backend.close()
            backend = SqlBackend(url, tables=tables)
            try:
                yield backend
            finally:
                tables.metadata.drop_all(backend.engine)
                backend.close()

        failures += report(url, options.sizes, server_tables)
    return 1 if failures else 0


def bench_tables(size: int) -> SqlTables:
    """The benchmark's own tables for one store size, prefixed ``bench_r<size>_``."""
    return define_tables(prefix=f"bench_r{size}_")


if __name__ == "__main__":
    sys.exit(main())
