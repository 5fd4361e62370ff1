"""Benchmark: the service reminders' due list over 1,000,000 reminders, and a batch decision.

For each database (a SQLite file, and PostgreSQL when ``COMMTRAK_BENCH_POSTGRESQL`` or
``--postgresql`` names a database) it bulk-loads customers (one in ten Dormant), their
work addresses (one in twenty Dormant on its own) and 1,000,000 reminders with the
driver's executemany, then times, each beside the same work hand-written in SQL through
the driver's own cursor in the same run:

* ``due list``: one page of 100 reminders due, from the start and from the middle of
  the list (``reminders.due(until, after=..., limit=100)``), against the same query;
* ``batch``: a "cancel just this time" decision over 10,000 reminders
  (``reminders.decide``), against one locking read, the next dates computed in
  Python, one ``UPDATE ... FROM`` and one ``INSERT ... SELECT`` of the journal.

It prints the fastest run of each (see :func:`fastest_micros`), the ratio, and the
number of statements a batch of 100 and of 10,000 decisions issues (they must be
equal); it exits with status 1 if a
ratio is 2 or more or the statement counts differ. Tables are prefixed ``bench_`` so
the benchmark never touches a store's own tables.

Run it with ``nox -s bench`` or ``python benchmarks/bench_service.py [--postgresql URL]
[--reminders 1000000] [--batch 10000]``.
"""

from __future__ import annotations

import argparse
import datetime
import itertools
import json
import os
import random
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from typing import Any

from _rows import member_row
from sqlalchemy import event

from commtrak import Actor, Store
from commtrak import field_service as fs
from commtrak.field_service import DecisionKind, Period
from commtrak.model import fold
from commtrak_sqlalchemy.backend import SqlBackend
from commtrak_sqlalchemy.tables import define_tables

ACTOR = Actor.staff("bench", "Bench", "supervisor")
TODAY = datetime.date(2026, 3, 1)
CUSTOMERS = 10_000
ADDRESSES_PER_CUSTOMER = 5
CHUNK = 10_000
PAGE = 100
REPEAT = 200
BATCH_RUNS = 3

#: The hand-written due list, by dialect (parameters: until, after date, after id).
DUE_SQL = """
SELECT r.* FROM bench_service_reminders r
JOIN bench_customers c ON c.id = r.customer_id
LEFT JOIN bench_work_addresses w ON w.id = r.work_address_id
WHERE r.state = 'active' AND r.due_on <= {p} AND c.status = 'active'
AND (r.work_address_id IS NULL OR w.status = 'active')
AND r.due_on >= {p} AND (r.due_on > {p} OR r.id > {p})
ORDER BY r.due_on, r.id LIMIT 100
"""

#: The hand-written batch, by dialect: read and lock, update from the rows, journal.
BATCH_SQL = {
    "sqlite": (
        "SELECT id, customer_id, due_on, period_count, period_unit FROM "
        "bench_service_reminders WHERE id IN (SELECT value FROM json_each(?))",
        "UPDATE bench_service_reminders SET due_on = v.due_on FROM (SELECT "
        "json_extract(value, '$[0]') AS id, json_extract(value, '$[1]') AS due_on "
        "FROM json_each(?)) AS v WHERE bench_service_reminders.id = v.id",
        "INSERT INTO bench_reminder_decisions (id, batch_id, reminder_id, customer_id, kind, "
        "due_before, due_after, state_after, access_method, note, at, by) SELECT "
        "json_extract(value, '$[0]'), ?, json_extract(value, '$[1]'), "
        "json_extract(value, '$[2]'), 'cancel_once', json_extract(value, '$[3]'), "
        "json_extract(value, '$[4]'), 'active', '', '', ?, ? FROM json_each(?)",
    ),
    "postgresql": (
        "SELECT id, customer_id, due_on, period_count, period_unit FROM "
        "bench_service_reminders WHERE id = ANY(%s::uuid[]) FOR UPDATE",
        "UPDATE bench_service_reminders SET due_on = v.due_on FROM "
        "unnest(%s::uuid[], %s::date[]) AS v(id, due_on) WHERE bench_service_reminders.id = v.id",
        "INSERT INTO bench_reminder_decisions (id, batch_id, reminder_id, customer_id, kind, "
        "due_before, due_after, state_after, access_method, note, at, by) SELECT v.id, %s, "
        "v.reminder_id, v.customer_id, 'cancel_once', v.due_before, v.due_after, 'active', "
        "'', '', %s, %s FROM unnest(%s::uuid[], %s::uuid[], %s::uuid[], %s::date[], "
        "%s::date[]) AS v(id, reminder_id, customer_id, due_before, due_after)",
    ),
}


def _customers(dormant: set[int]) -> Iterator[dict[str, Any]]:
    for n in range(CUSTOMERS):
        row = member_row(n, f"Customer {n:06}", None)  # type: ignore[arg-type]
        row.update(is_head_office=False, status="dormant" if n in dormant else "active")
        yield row


def _address(customer: dict[str, Any], n: int) -> dict[str, Any]:
    dormant = customer["status"] == "dormant" or n % 20 == 0
    line1 = f"{n} Orchard Road"
    return {
        "id": uuid.uuid4(),
        "customer_id": customer["id"],
        **{f"address_{line}": "" for line in ("line2", "line3", "town", "county", "country")},
        "address_line1": line1,
        "address_postcode": "6000",
        "line1_key": fold(line1),
        "postcode_key": "6000",
        "occupier_title": "",
        "occupier_first_name": "",
        "occupier_surname": "Occupier",
        "occupier_phone": "",
        "occupier_email": None,
        "branch_id": None,
        "landlord_id": None,
        "status": "dormant" if dormant else "active",
        "dormant_by_cascade": customer["status"] == "dormant",
        "communication": [],
    }


def load(backend: SqlBackend, reminders: int) -> None:
    """Empty the tables and bulk-load the customers, work addresses and reminders.

    Every row is made as the driver takes it (a tuple of its values) and inserted with
    the driver's ``executemany``, CHUNK rows at a time.
    """
    rng = random.Random(reminders)
    tables = backend.tables
    dialect = backend.engine.dialect.name
    backend.erase_all_data()
    customers = list(_customers(set(rng.sample(range(CUSTOMERS), CUSTOMERS // 10))))
    addresses = [
        _address(c, n * ADDRESSES_PER_CUSTOMER + k)
        for n, c in enumerate(customers)
        for k in range(ADDRESSES_PER_CUSTOMER)
    ]
    owners = [(_driver(a["id"], dialect), _driver(a["customer_id"], dialect)) for a in addresses]
    dates = [_driver(TODAY + datetime.timedelta(days=d), dialect) for d in range(-200, 365)]
    created = _driver(datetime.datetime(2026, 1, 1), dialect)
    hexes = dialect == "sqlite"

    def rows() -> Iterator[tuple[Any, ...]]:
        pick, choose = rng.randrange, rng.choice
        for n in range(reminders):
            address_id, customer_id = owners[pick(len(owners))]
            made = uuid.uuid4()
            yield (
                made.hex if hexes else made,
                customer_id,
                address_id if n % 4 else None,
                "Annual boiler service",
                choose(dates),
                12,
                "months",
                "ended" if n % 50 == 0 else "active",
                created,
                "Bench",
            )

    reminder_columns = (
        "id, customer_id, work_address_id, description, due_on, period_count, period_unit, "
        "state, created_at, created_by"
    )
    marker = "?" if dialect == "sqlite" else "%s"
    raw = backend.engine.raw_connection()
    try:
        cursor = raw.cursor()
        if dialect == "sqlite":
            # A bulk load of rows consistent by construction: no per-row key checks.
            cursor.execute("PRAGMA synchronous = OFF")
            cursor.execute("PRAGMA foreign_keys = OFF")
        for table, source in (
            (tables.customers.name, customers),
            (tables.record.work_addresses.name, addresses),
        ):
            names = list(source[0])
            cursor.executemany(
                f"INSERT INTO {table} ({', '.join(names)}) "
                f"VALUES ({', '.join([marker] * len(names))})",
                [tuple(_driver(row[name], dialect) for name in names) for row in source],
            )
        insert = (
            f"INSERT INTO {tables.field_service.scheduling.reminders.name} ({reminder_columns}) "
            f"VALUES ({', '.join([marker] * 10)})"
        )
        generated = rows()
        indexes = tables.field_service.scheduling.reminders.indexes
        raw.commit()
        for index in indexes:  # built once after the load, not row by row
            index.drop(backend.engine)
        while chunk := list(itertools.islice(generated, CHUNK)):
            cursor.executemany(insert, chunk)
        raw.commit()
        for index in indexes:
            index.create(backend.engine)
        cursor.execute("ANALYZE")
        raw.commit()
        cursor.close()
    finally:
        raw.close()


def _driver(value: Any, dialect: str) -> Any:
    """*value* as the driver takes it for commtrak's column types."""
    if dialect == "sqlite":
        if isinstance(value, uuid.UUID):
            return value.hex
        if isinstance(value, datetime.datetime):
            return value.isoformat(" ", "microseconds")
        if isinstance(value, datetime.date):
            return value.isoformat()
    if isinstance(value, list):
        return json.dumps(value)
    return value


def fastest_micros(call: Callable[[], object], repeat: int = REPEAT) -> float:
    """Return the fastest time of *call* in microseconds, after a warm-up.

    The fastest of many runs, not the median: on a machine shared with other work, the
    runs another process interrupted are slower by whole time slices, for commtrak and
    for the baseline alike; the fastest run is the cost of the work itself.
    """
    for _ in range(5):
        call()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return min(times) * 1e6


def _until(offset: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=offset)


def measure_due(store: Store, backend: SqlBackend) -> dict[str, tuple[float, float]]:
    """The due list's first and middle page: commtrak's and the driver's fastest runs."""
    dialect = backend.engine.dialect.name
    marker = "?" if dialect == "sqlite" else "%s"
    sql = DUE_SQL.format(p=marker)
    until = _until(180)
    results = {}
    raw = backend.engine.raw_connection()
    try:
        cursor = raw.cursor()
        with store.session(actor=ACTOR) as session:
            reminders = fs.of(session).reminders
            starts = (("first page", datetime.date(1900, 1, 1)), ("middle page", TODAY))
            for label, start in starts:
                after = (start, uuid.UUID(int=0))
                parameters = tuple(_driver(v, dialect) for v in (until, start, start, after[1]))

                def baseline(parameters: tuple[Any, ...] = parameters) -> object:
                    cursor.execute(sql, parameters)
                    return cursor.fetchall()

                def ours(after: Any = after) -> object:
                    return reminders.due(until, after=after, limit=PAGE)

                found = reminders.due(until, after=after, limit=PAGE)
                assert len(found) == PAGE
                expected = [row[0] for row in baseline()]  # type: ignore[attr-defined]
                assert [_driver(r.id, dialect) for r in found] == expected
                results[f"due list, {label}"] = (fastest_micros(ours), fastest_micros(baseline))
        cursor.close()
    finally:
        raw.close()
    return results


def _chosen(store: Store, size: int, offset: int) -> list[uuid.UUID]:
    """*size* active reminders of the due list, from its *offset*-th day on."""
    with store.session(actor=ACTOR) as session:
        reminders = fs.of(session).reminders
        found: list[uuid.UUID] = []
        after = None
        while len(found) < size:
            page = reminders.due(
                _until(365), after=after or (_until(offset), uuid.UUID(int=0)), limit=1000
            )
            found += [r.id for r in page]
            after = page[-1]
        return found[:size]


def _ours(store: Store, ids: list[uuid.UUID]) -> float:
    start = time.perf_counter()
    with store.session(actor=ACTOR) as session:
        batch = fs.of(session).reminders.decide(ids, DecisionKind.CANCEL_ONCE, note="")
    seconds = time.perf_counter() - start
    assert len(batch.records) == len(ids)
    return seconds


def _baseline(backend: SqlBackend, ids: list[uuid.UUID]) -> float:
    """The same batch by hand: one read, the dates in Python, one update, one insert."""
    dialect = backend.engine.dialect.name
    select_sql, update_sql, insert_sql = BATCH_SQL[dialect]
    year = Period.months(12)
    start = time.perf_counter()
    raw = backend.engine.raw_connection()
    try:
        cursor = raw.cursor()
        if dialect == "sqlite":
            cursor.execute("BEGIN IMMEDIATE")
            cursor.execute(select_sql, (json.dumps([i.hex for i in ids]),))
        else:
            cursor.execute(select_sql, (ids,))
        rows = cursor.fetchall()
        moved = []
        for row in rows:
            due = (
                row[2] if isinstance(row[2], datetime.date) else datetime.date.fromisoformat(row[2])
            )
            moved.append((row[0], row[1], due, year.after(due), uuid.uuid4()))
        now = datetime.datetime.now(datetime.UTC).replace(tzinfo=None)
        batch = uuid.uuid4()
        if dialect == "sqlite":
            cursor.execute(update_sql, (json.dumps([[m[0], m[3].isoformat()] for m in moved]),))
            journal = [[m[4].hex, m[0], m[1], m[2].isoformat(), m[3].isoformat()] for m in moved]
            cursor.execute(
                insert_sql, (batch.hex, now.isoformat(" "), "Bench", json.dumps(journal))
            )
        else:
            cursor.execute(update_sql, ([m[0] for m in moved], [m[3] for m in moved]))
            cursor.execute(
                insert_sql,
                (
                    batch,
                    now,
                    "Bench",
                    [m[4] for m in moved],
                    [m[0] for m in moved],
                    [m[1] for m in moved],
                    [m[2] for m in moved],
                    [m[3] for m in moved],
                ),
            )
        raw.commit()
        cursor.close()
    finally:
        raw.close()
    assert len(moved) == len(ids)
    return time.perf_counter() - start


def measure_batch(store: Store, backend: SqlBackend, size: int) -> tuple[float, float]:
    """The fastest of commtrak's batches of *size* decisions, and of the baseline's (µs)."""
    ours, theirs = [], []
    for run in range(BATCH_RUNS):
        ours.append(_ours(store, _chosen(store, size, run * 20)))
        theirs.append(_baseline(backend, _chosen(store, size, run * 20 + 10)))
    return min(ours) * 1e6, min(theirs) * 1e6


def count_statements(store: Store, backend: SqlBackend, size: int, offset: int) -> int:
    """How many statements a batch of *size* decisions issues."""
    ids = _chosen(store, size, offset)
    statements: list[str] = []

    def count(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        statements.append(statement)

    event.listen(backend.engine, "before_cursor_execute", count)
    try:
        _ours(store, ids)
    finally:
        event.remove(backend.engine, "before_cursor_execute", count)
    return len(statements)


def report(backend: SqlBackend, reminders: int, batch: int) -> int:
    """Print one database's figures; return how many targets were missed."""
    print(f"\n== {backend.url}: {reminders:,} reminders")
    started = time.perf_counter()
    load(backend, reminders)
    print(f"loaded in {time.perf_counter() - started:.0f} s")
    store = Store(backend)
    results = measure_due(store, backend)
    results[f"batch of {batch:,}"] = measure_batch(store, backend, batch)
    failures = 0
    print(f"{'operation':<24} {'commtrak µs':>14} {'driver µs':>12} {'ratio':>6}")
    for operation, (ours, theirs) in results.items():
        ratio = ours / theirs
        verdict = "ok" if ratio < 2 else "TOO SLOW"
        failures += ratio >= 2
        print(f"{operation:<24} {ours:>14.0f} {theirs:>12.0f} {ratio:>6.2f}  {verdict}")
    small = count_statements(store, backend, 100, 300)
    large = count_statements(store, backend, batch, 200)
    verdict = "ok" if small == large else "GROWS"
    failures += small != large
    print(f"statements per batch: 100 decisions {small}, {batch:,} decisions {large}  {verdict}")
    backend.erase_all_data()
    return failures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgresql", default=os.environ.get("COMMTRAK_BENCH_POSTGRESQL"))
    parser.add_argument("--reminders", type=int, default=1_000_000)
    parser.add_argument("--batch", type=int, default=10_000)
    parser.add_argument(
        "--directory", default=None, help="where the SQLite file goes (default: a temporary one)"
    )
    options = parser.parse_args()
    failures = 0
    with tempfile.TemporaryDirectory(dir=options.directory) as directory:
        urls = [f"sqlite:///{directory}/bench.db"]
        if options.postgresql:
            urls.append(options.postgresql)
        for url in urls:
            backend = SqlBackend(url, tables=define_tables(prefix="bench_"))
            try:
                failures += report(backend, options.reminders, options.batch)
            finally:
                backend.close()
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
