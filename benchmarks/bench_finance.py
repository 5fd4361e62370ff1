"""Benchmark: aged debt over 100,000 customers and one customer's statement of 10,000 invoices.

For each database (a SQLite file, and PostgreSQL when ``COMMTRAK_BENCH_POSTGRESQL`` or
``--postgresql`` names a database) it bulk-loads finance rows straight into the tables
with executemany (never through the services), into two stores side by side (two
sets of new tables, dropped after the run): the small store holds one customer with
10,000 invoices and 1,000 others with 10 each; the large one the same customer and
99,999 others, 1,000,000 invoices in all. A third of the invoices are paid, in full or
in part (a payment and its allocation), and some payments are left partly unallocated.
It then times:

* ``statement``: ``finance.of(s).statements.for_customer(big, as_of)``, in both
  stores in turns (so that its growth with the other customers is measured under one
  load), beside the same two queries hand-written through the driver's cursor;
* ``aged debt``: ``list(finance.of(s).statements.aged_debt(as_of))`` in the large
  store, beside the same ``GROUP BY`` hand-written through the driver's cursor.

A baseline gives the same result: the same rows, as the same Python values (ids as
UUIDs, dates as dates, each amount as :class:`~commtrak.finance.Money` in its row's
currency), made from the driver's rows by the few lines of code it takes; commtrak's
figure adds SQLAlchemy and its statement objects. The two are run in turns, so that a
change in the machine's load does not favour either, each after a full garbage
collection (see :func:`medians_in_turns`). It prints the median time of
each, the ratio to its baseline, and how much the
statement grew from the small store to the large one; it exits with status 1 if a
ratio is 2 or more, or the statement grew by 2x or more. Tables are prefixed
``bench_`` so the benchmark never touches a store's own tables.

Run it with ``nox -s bench`` or ``python benchmarks/bench_finance.py [--postgresql URL]
[--customers 100000]``.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import decimal
import functools
import gc
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from typing import Any

from _rows import member_row
from sqlalchemy import insert, text

from commtrak import Actor, Store, finance
from commtrak.finance import Money, currency
from commtrak.finance.model.statements import age_bounds
from commtrak_sqlalchemy.backend import SqlBackend
from commtrak_sqlalchemy.tables import define_tables

ACTOR = Actor.staff("bench", "Bench", "supervisor")
AS_OF = datetime.date(2026, 6, 30)
START = datetime.datetime(2026, 7, 1, 9, tzinfo=datetime.UTC)
BIG = 10_000
SMALL_OTHERS = 1_000
PER_CUSTOMER = 10
CHUNK = 10_000
#: The prefixes of the small store's tables and the large one's.
SMALL_PREFIX = "bench_small_"
PREFIX = "bench_"
ZERO = decimal.Decimal(0)

#: The hand-written statement: the invoices' and the credits' sums as of the date.
STATEMENT_SQL = (
    "SELECT i.id, i.number, i.issued_on, i.due_on, i.description, i.contact_id, "
    "b.currency, b.amount, b.open FROM (SELECT invoice_id, currency, "
    "SUM(CASE WHEN kind = 'invoice' THEN invoice_effect ELSE 0 END) AS amount, "
    "SUM(invoice_effect) AS open FROM {prefix}finance_ledger "
    "WHERE customer_id = :customer AND dated_on <= :as_of "
    "GROUP BY invoice_id, currency HAVING SUM(invoice_effect) <> 0) b "
    "JOIN {prefix}finance_invoices i ON i.id = b.invoice_id AND i.customer_id = :customer "
    "ORDER BY i.issued_on, i.number, i.id",
    "SELECT b.source_id, b.currency, b.amount, b.open, r.kind, r.reference, r.method, "
    "c.number, c.description, COALESCE(r.received_on, c.issued_on) AS dated "
    "FROM (SELECT source_id, currency, SUM(CASE WHEN kind IN "
    "('credit_note', 'payment', 'account_credit') THEN source_effect ELSE 0 END) AS amount, "
    "SUM(source_effect) AS open FROM {prefix}finance_ledger "
    "WHERE customer_id = :customer AND dated_on <= :as_of "
    "GROUP BY source_id, currency HAVING SUM(source_effect) <> 0) b "
    "LEFT JOIN {prefix}finance_receipts r ON r.id = b.source_id AND r.customer_id = :customer "
    "LEFT JOIN {prefix}finance_credit_notes c ON c.id = b.source_id "
    "AND c.customer_id = :customer "
    "WHERE b.source_id IS NOT NULL ORDER BY dated, b.source_id",
)

#: The hand-written aged debt: every entry dated by the date, bucketed by its invoice's due date.
AGED_SQL = (
    "SELECT l.customer_id, l.currency, "
    "SUM(CASE WHEN i.due_on >= :d0 THEN l.invoice_effect ELSE 0 END), "
    "SUM(CASE WHEN i.due_on < :d0 AND i.due_on >= :d30 THEN l.invoice_effect ELSE 0 END), "
    "SUM(CASE WHEN i.due_on < :d30 AND i.due_on >= :d60 THEN l.invoice_effect ELSE 0 END), "
    "SUM(CASE WHEN i.due_on < :d60 AND i.due_on >= :d90 THEN l.invoice_effect ELSE 0 END), "
    "SUM(CASE WHEN i.due_on < :d90 THEN l.invoice_effect ELSE 0 END), "
    "SUM(l.source_effect) "
    "FROM {prefix}finance_ledger l LEFT JOIN {prefix}finance_invoices i ON i.id = l.invoice_id "
    "WHERE l.dated_on <= :as_of GROUP BY l.customer_id, l.currency "
    "HAVING SUM(l.invoice_effect) <> 0 OR SUM(l.source_effect) <> 0 "
    "ORDER BY l.customer_id, l.currency"
)


def medians_in_turns(calls: list[Callable[[], object]], repeat: int) -> list[float]:
    """The median time of each of *calls*, run in turns (after one warm-up each).

    Taking turns keeps a change in the machine's load from favouring any of them. Each
    call starts after a full garbage collection (untimed): a statement makes tens of
    thousands of objects, so without it the collector's full pass over the whole
    process (tens of milliseconds, set off by whichever call crosses its threshold,
    and costing what the benchmark's own heap holds) lands on every other call, and a
    median of nine falls on either side of it. The collections a call's own objects
    set off while it runs are timed, on both sides.
    """
    for call in calls:
        call()
    times: list[list[float]] = [[] for _ in calls]
    for _ in range(repeat):
        for call, found in zip(calls, times, strict=True):
            gc.collect()
            start = time.perf_counter()
            call()
            found.append(time.perf_counter() - start)
    return [statistics.median(found) for found in times]


class Loader:
    """Makes and inserts the rows of customers, invoices, payments and ledger entries."""

    def __init__(self, backend: SqlBackend) -> None:
        self.backend = backend
        self.tables = backend.tables
        self.rng = random.Random(7)
        self.number = 0
        self.customers = 0

    def customer_rows(self, count: int) -> list[dict[str, Any]]:
        rows = []
        for _ in range(count):
            row = member_row(1, f"Customer {self.customers:07}", None)  # type: ignore[arg-type]
            row["is_head_office"] = False
            rows.append(row)
            self.customers += 1
        return rows

    def finance_rows(
        self, customer_id: uuid.UUID, invoices: int
    ) -> Iterator[tuple[str, dict[str, Any]]]:
        """The rows of *invoices* invoices of one customer, a third of them paid."""
        rng = self.rng
        for _ in range(invoices):
            self.number += 1
            issued = AS_OF - datetime.timedelta(days=rng.randrange(200))
            total = decimal.Decimal(rng.randrange(1_000, 100_000)).scaleb(-2)
            invoice_id = uuid.uuid4()
            yield (
                "invoices",
                {
                    "id": invoice_id,
                    "customer_id": customer_id,
                    "currency": "GBP",
                    "description": f"Work {self.number}",
                    "issued_on": issued,
                    "due_on": issued + datetime.timedelta(days=30),
                    "state": "final",
                    "number": self.number,
                    "created_at": START,
                    "created_by": "Bench",
                    "contact_id": None,
                },
            )
            yield "ledger", self.entry(customer_id, "invoice", issued, invoice_id, None, total, 0)
            if rng.random() < 1 / 3:
                paid_on = issued + datetime.timedelta(days=rng.randrange(60))
                paid = total if rng.random() < 0.7 else (total / 2).quantize(total)
                extra = decimal.Decimal(rng.choice((0, 0, 0, 500))).scaleb(-2)
                receipt_id = uuid.uuid4()
                yield (
                    "receipts",
                    {
                        "id": receipt_id,
                        "customer_id": customer_id,
                        "kind": "payment",
                        "amount": paid + extra,
                        "currency": "GBP",
                        "method": "bank transfer",
                        "received_on": paid_on,
                        "reference": f"REF {self.number}",
                        "nominal_account": "",
                        "created_at": START,
                        "created_by": "Bench",
                    },
                )
                yield (
                    "ledger",
                    self.entry(customer_id, "payment", paid_on, None, receipt_id, 0, paid + extra),
                )
                yield (
                    "ledger",
                    self.entry(
                        customer_id, "allocation", paid_on, invoice_id, receipt_id, -paid, -paid
                    ),
                )

    @staticmethod
    def entry(
        customer_id: uuid.UUID,
        kind: str,
        on: datetime.date,
        invoice_id: uuid.UUID | None,
        source_id: uuid.UUID | None,
        invoice_effect: decimal.Decimal | int,
        source_effect: decimal.Decimal | int,
    ) -> dict[str, Any]:
        return {
            "id": uuid.uuid4(),
            "customer_id": customer_id,
            "kind": kind,
            "currency": "GBP",
            "dated_on": on,
            "invoice_id": invoice_id,
            "source_id": source_id,
            "invoice_effect": decimal.Decimal(invoice_effect),
            "source_effect": decimal.Decimal(source_effect),
            "reverses": None,
            "recorded_at": START,
            "recorded_by": "Bench",
        }

    def load(self, customers: int, invoices_each: int) -> list[uuid.UUID]:
        """Insert *customers* customers with *invoices_each* invoices each; return their ids."""
        ids = []
        finance_tables = self.tables.finance
        with self.backend.engine.begin() as connection:
            for start in range(0, customers, CHUNK // max(invoices_each, 1) or 1):
                batch = self.customer_rows(min(CHUNK // max(invoices_each, 1), customers - start))
                connection.execute(insert(self.tables.customers), batch)
                pending: dict[str, list[dict[str, Any]]] = {
                    "invoices": [],
                    "receipts": [],
                    "ledger": [],
                }
                for row in batch:
                    ids.append(row["id"])
                    for table, values in self.finance_rows(row["id"], invoices_each):
                        pending[table].append(values)
                for table in ("invoices", "receipts", "ledger"):
                    if pending[table]:
                        connection.execute(insert(getattr(finance_tables, table)), pending[table])
        return ids

    def analyze(self) -> None:
        with self.backend.engine.begin() as connection:
            connection.execute(text("ANALYZE"))


#: How the hand-written baseline makes the result's values from the driver's: ``m`` an
#: amount as :class:`~commtrak.finance.Money` in the row's currency (the column after the
#: currency code ``c``), ``u`` an id and ``d`` a date (which only SQLite's driver leaves as
#: text; PostgreSQL's returns UUIDs, dates and Decimals itself); others as they are.
SQLITE_VALUES: dict[str, Callable[[Any], Any]] = {
    "u": lambda value: uuid.UUID(value),
    "d": datetime.date.fromisoformat,
}


def _amount(dialect: str) -> Callable[[Any], decimal.Decimal]:
    if dialect == "sqlite":
        return lambda value: decimal.Decimal(value).scaleb(-4)
    return lambda value: value


currencies = functools.lru_cache(currency)


def driver_query(
    backend: SqlBackend,
    sql: str,
    parameters: dict[str, Any],
    columns: str,
    connections: contextlib.ExitStack,
) -> Callable[[], object]:
    """A call running *sql* through the driver's own cursor, reading every row as values.

    The same result as commtrak's means the same Python values: on SQLite, each column
    whose kind *columns* gives (see :data:`SQLITE_VALUES`) is converted by hand. The
    driver connection stays checked out of the pool until *connections* closes: a
    connection the garbage collector returned while its cursor still ran would be
    handed out again in the middle of a transaction.
    """
    dialect = backend.engine.dialect.name
    raw = backend.engine.raw_connection()
    connections.callback(raw.close)
    cursor = raw.cursor()
    marker = "?" if dialect == "sqlite" else "%s"
    order = []
    statement = sql
    while found := [(statement.find(f":{n}"), n) for n in parameters if f":{n}" in statement]:
        position, name = min(found)
        order.append(name)
        statement = statement[:position] + marker + statement[position + len(name) + 1 :]
    values = []
    for name in order:
        value = parameters[name]
        if dialect == "sqlite" and isinstance(value, uuid.UUID):
            value = value.hex
        elif dialect == "sqlite" and isinstance(value, datetime.date):
            value = value.isoformat()
        values.append(value)
    kinds = [SQLITE_VALUES.get(kind) if dialect == "sqlite" else None for kind in columns]
    converted = [(n, convert) for n, convert in enumerate(kinds) if convert is not None]
    code = columns.find("c")
    amounts = [n for n, kind in enumerate(columns) if kind == "m"]
    amount = _amount(dialect)

    def run() -> object:
        cursor.execute(statement, values)
        rows = [list(row) for row in cursor.fetchall()]
        for row in rows:
            for n, convert in converted:
                if row[n] is not None:
                    row[n] = convert(row[n])
            money_currency = currencies(row[code])
            for n in amounts:
                row[n] = Money.stored(amount(row[n] or ZERO), money_currency)
        return rows

    return run


def statement_calls(
    backend: SqlBackend,
    session: Any,
    big: uuid.UUID,
    prefix: str,
    connections: contextlib.ExitStack,
) -> tuple[Callable[[], object], Callable[[], object]]:
    """The statement through commtrak in *session*, and by hand through the driver."""
    parameters = {"customer": big, "as_of": AS_OF}
    baselines = [
        driver_query(backend, sql.format(prefix=prefix), parameters, kinds, connections)
        for sql, kinds in zip(STATEMENT_SQL, ("uiddsucmm", "ucmmsssisd"), strict=True)
    ]
    statements = finance.of(session).statements
    return (lambda: statements.for_customer(big, AS_OF), lambda: [run() for run in baselines])


def aged_calls(
    backend: SqlBackend, session: Any, prefix: str, connections: contextlib.ExitStack
) -> tuple[Callable[[], object], Callable[[], object]]:
    """Aged debt through commtrak in *session*, and by hand through the driver."""
    d0, d30, d60, d90 = age_bounds(AS_OF)
    baseline = driver_query(
        backend,
        AGED_SQL.format(prefix=prefix),
        {"as_of": AS_OF, "d0": d0, "d30": d30, "d60": d60, "d90": d90},
        "ucmmmmmm",
        connections,
    )
    statements = finance.of(session).statements
    return (lambda: list(statements.aged_debt(AS_OF)), baseline)


def row(store: str, operation: str, times: tuple[float, float, int]) -> bool:
    """Print one timing beside its baseline; return whether its ratio misses the target."""
    ours, theirs, rows = times
    ratio = ours / theirs
    verdict = "ok" if ratio < 2 else "TOO SLOW"
    figures = f"{ours:>10.4f} {theirs:>9.4f} {ratio:>6.2f}"
    print(f"{store:>16}  {operation:<10} {figures}  {verdict:<8} {rows:,}")
    return ratio >= 2


def report(urls: tuple[str, str], customers: int, invoices: int) -> int:
    """Load, time and print one database; return how many targets it missed.

    The small store and the large one are two sets of tables (in two files on SQLite,
    whose sessions lock the whole file), so that the statement is timed in both in
    turns, under the same load.
    """
    small, large = fresh(urls[0], SMALL_PREFIX), fresh(urls[1], PREFIX)
    failures = 0
    try:
        print(f"\n== {large.url}")
        started = time.perf_counter()
        loaders, bigs = [], []
        for backend in (small, large):
            loader = Loader(backend)
            bigs += loader.load(1, BIG)
            loader.load(SMALL_OTHERS, PER_CUSTOMER)
            loaders.append(loader)
        loader = loaders[1]
        rest = customers - loader.customers
        with_invoices = min((invoices - loader.number) // PER_CUSTOMER, rest)
        loader.load(with_invoices, PER_CUSTOMER)
        loader.load(rest - with_invoices, 0)
        for each in loaders:
            each.analyze()
        sizes = [f"{each.customers:,} cust." for each in loaders]
        print(f"   loaded {sizes[0]} and {sizes[1]}, {loader.number:,} invoices", end="")
        print(f" in {time.perf_counter() - started:.0f} s")
        print(f"{'store':>16}  {'operation':<10} {'commtrak s':>10} {'driver s':>9} {'ratio':>6}")
        with (
            contextlib.ExitStack() as connections,
            Store(small).session(actor=ACTOR) as first,
            Store(large).session(actor=ACTOR) as s,
        ):
            calls = [
                *statement_calls(small, first, bigs[0], SMALL_PREFIX, connections),
                *statement_calls(large, s, bigs[1], PREFIX, connections),
            ]
            lines = len(finance.of(s).statements.for_customer(bigs[1], AS_OF).lines)
            times = medians_in_turns(calls, 9)
            failures += row(sizes[0], "statement", (times[0], times[1], lines))
            failures += row(sizes[1], "statement", (times[2], times[3], lines))
            ours, theirs = aged_calls(large, s, PREFIX, connections)
            rows = len(list(ours()))
            aged = medians_in_turns([ours, theirs], 3)
            failures += row(sizes[1], "aged debt", (aged[0], aged[1], rows))
        growth = times[2] / times[0]
        verdict = "ok" if growth < 2 else "GREW"
        failures += growth >= 2
        print(f"statement growth {sizes[0]} -> {sizes[1]}: {growth:.2f}x  {verdict}")
    finally:
        drop(small)
        drop(large)
    return failures


def fresh(url: str, prefix: str) -> SqlBackend:
    """A backend on new, empty tables named with *prefix* (any left by a run before dropped).

    Dropping the tables is quick at any size, where deleting a million rows one table
    after another (``erase_all_data``) takes minutes on SQLite.
    """
    tables = define_tables(prefix=prefix)
    drop(SqlBackend(url, tables=tables, create_tables=False))
    return SqlBackend(url, tables=tables)


def drop(backend: SqlBackend) -> None:
    """Drop the backend's tables (a SQLite file goes with its directory) and close it."""
    if backend.engine.dialect.name != "sqlite":
        backend.tables.metadata.drop_all(backend.engine)
    backend.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgresql", default=os.environ.get("COMMTRAK_BENCH_POSTGRESQL"))
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--invoices", type=int, default=1_000_000)
    parser.add_argument("--sqlite", action=argparse.BooleanOptionalAction, default=True)
    options = parser.parse_args()
    failures = 0
    with tempfile.TemporaryDirectory() as directory:
        urls = [(f"sqlite:///{directory}/small.db", f"sqlite:///{directory}/large.db")]
        urls = urls if options.sqlite else []
        if options.postgresql:
            urls.append((options.postgresql, options.postgresql))
        for pair in urls:
            failures += report(pair, options.customers, options.invoices)
    print("ok" if not failures else f"{failures} target(s) missed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
