"""Benchmark: the CSV import beside a hand-written driver executemany of the same rows.

Generates a CSV file of 100,000 customers, each with a contact (name and email), and
for each database (a SQLite file, and PostgreSQL when ``COMMTRAK_BENCH_POSTGRESQL`` or
``--postgresql`` names a database) times:

* ``import_customers``: the CSV import, every row checked by the services' rules, 1,000
  rows per batch, each batch committed;
* the baseline, measured in the same run: the same file read with the ``csv`` module
  and the same rows (customers, contacts, import keys) written with the driver's own
  ``cursor.executemany``, 1,000 rows per statement and per commit, checking nothing.

It prints both times and their ratio, and exits with status 1 when the ratio reaches 2
on SQLite or 3 on PostgreSQL. Then it imports 1,000,000 customers into a SQLite file in
a process of its own and prints that process's peak memory (``ru_maxrss``), which must
stay under 200 MB: the import streams. Tables are prefixed ``bench_`` so the benchmark
never touches a store's own tables.

    python benchmarks/bench_import.py [--postgresql URL] [--rows 100000]
        [--memory-rows 1000000]
"""

from __future__ import annotations

import argparse
import csv
import datetime
import hashlib
import itertools
import os
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from typing import Any

from sqlalchemy import Table

from commtrak import Actor, EmailChecker, Store, open_store
from commtrak.model import fold
from commtrak.portability.csv_import import import_customers
from commtrak_sqlalchemy.backend import SqlBackend

HEADER = ("Ref", "Company", "Address Line 1", "Town", "Postcode", "Contact", "Email")
BATCH = 1000
TARGETS = {"sqlite": 2.0, "postgresql": 3.0}
MEMORY_LIMIT_MB = 200
ACTOR = Actor.system()


def write_csv(path: str, rows: int, *, contacts: bool = True) -> None:
    """Write *rows* customers (with a contact each, if *contacts*) to *path*."""
    with open(path, "w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(HEADER)
        for n in range(rows):
            contact = (f"Contact {n}", f"contact{n}@realpeach.com.au") if contacts else ("", "")
            writer.writerow(
                [f"R{n}", f"Customer {n:07} Pty", f"{n} Peach Street", "Perth", "6000", *contact]
            )


def with_prefix(url: str) -> str:
    """The store URL whose tables are prefixed ``bench_``."""
    return url + ("&" if "?" in url else "?") + "commtrak_prefix=bench_"


def time_import(store: Store, path: str) -> float:
    """Import the file into *store*; return the seconds it took."""
    start = time.perf_counter()
    result = import_customers(store, path, actor=ACTOR, batch_size=BATCH)
    seconds = time.perf_counter() - start
    assert result.rejected == 0, result.rejections[:3]
    return seconds


def _statement(table: Table, columns: list[str], paramstyle: str) -> str:
    marks = ["?" if paramstyle == "qmark" else "%s" for _ in columns]
    return f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({', '.join(marks)})"


def baseline_rows(path: str, dialect: str) -> Iterator[tuple[list[Any], list[Any], list[Any]]]:
    """The rows of the three tables, a batch at a time, as the driver takes them."""
    now = datetime.datetime.now(datetime.UTC).replace(tzinfo=None)

    def ident(value: uuid.UUID) -> Any:
        return value if dialect == "postgresql" else value.hex

    with open(path, encoding="utf-8", newline="") as file:
        reader = csv.reader(file)
        next(reader)
        while batch := list(itertools.islice(reader, BATCH)):
            customers, contacts, keys = [], [], []
            for ref, name, line1, town, postcode, contact, email in batch:
                customer_id, contact_id = uuid.uuid4(), uuid.uuid4()
                key = hashlib.sha256(f"customer\0reference\0{ref}".encode()).hexdigest()
                keys.append((key, "customer", ident(customer_id)))
                customers.append(
                    (
                        ident(customer_id),
                        name,
                        fold(name),
                        "company",
                        "active",
                        line1,
                        "",
                        "",
                        town,
                        "",
                        postcode,
                        "",
                        "",
                        "",
                        "",
                        "[]",
                    )
                )
                if not contact:
                    continue
                contacts.append(
                    (
                        ident(contact_id),
                        ident(customer_id),
                        contact,
                        fold(contact),
                        "",
                        "",
                        "[]",
                        email,
                        email.lower(),
                        "not_checked",
                        "",
                        "[]",
                        "all_staff",
                        "[]",
                        '["email"]',
                        False,
                        False,
                        now,
                        "System",
                        now,
                        "System",
                        False,
                    )
                )
            yield customers, contacts, keys


CUSTOMER_COLUMNS = [
    "id",
    "name",
    "name_key",
    "type",
    "status",
    "address_line1",
    "address_line2",
    "address_line3",
    "address_town",
    "address_county",
    "address_postcode",
    "address_country",
    "advertising_source",
    "invoice_format",
    "price_book",
    "communication",
]
CONTACT_COLUMNS = [
    "id",
    "customer_id",
    "name",
    "name_key",
    "title",
    "position",
    "phones",
    "email",
    "email_key",
    "email_status",
    "note",
    "social_urls",
    "visibility",
    "departments",
    "communication",
    "is_primary",
    "archived",
    "created_at",
    "created_by",
    "modified_at",
    "modified_by",
    "modified_via_portal",
]


def time_baseline(backend: SqlBackend, path: str) -> float:
    """Write the file's rows with the driver's executemany; return the seconds it took."""
    tables = backend.tables
    dialect = backend.engine.dialect
    statements = [
        _statement(tables.customers, CUSTOMER_COLUMNS, dialect.paramstyle),
        _statement(tables.contacts, CONTACT_COLUMNS, dialect.paramstyle),
        _statement(tables.import_keys, ["key", "kind", "record_id"], dialect.paramstyle),
    ]
    connection = backend.engine.raw_connection()
    try:
        start = time.perf_counter()
        for batch in baseline_rows(path, dialect.name):
            cursor = connection.cursor()
            if dialect.name == "sqlite":  # the engine's connections leave BEGIN to us
                cursor.execute("BEGIN IMMEDIATE")
            for statement, rows in zip(statements, batch, strict=True):
                if rows:
                    cursor.executemany(statement, rows)
            cursor.close()
            connection.commit()
        return time.perf_counter() - start
    finally:
        connection.close()


def compare(url: str, path: str, rows: int) -> bool:
    """Print the import beside the baseline on *url*; return whether the ratio is met."""
    with open_store(with_prefix(url), email_checker=EmailChecker("offline")) as store:
        backend = store.backend
        assert isinstance(backend, SqlBackend)
        name = backend.engine.dialect.name
        backend.erase_all_data()
        ours = time_import(store, path)
        backend.erase_all_data()
        baseline = time_baseline(backend, path)
        backend.erase_all_data()
    ratio = ours / baseline
    target = TARGETS[name]
    verdict = "ok" if ratio < target else "TOO SLOW"
    print(
        f"{name:<11} {rows:>8} {ours:>10.2f} {baseline:>10.2f} {ratio:>6.2f} "
        f"{target:>7.1f}  {verdict}"
    )
    return ratio < target


MEMORY_CHILD = """
import resource, sys
from commtrak import Actor, EmailChecker, open_store
from commtrak.portability.csv_import import import_customers
url, path = sys.argv[1:]
with open_store(url, email_checker=EmailChecker("offline")) as store:
    result = import_customers(store, path, actor=Actor.system(), batch_size=1000)
print(result.imported, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def measure_memory(directory: str, rows: int) -> bool:
    """Import *rows* customers in a process of its own; print its peak memory."""
    path = os.path.join(directory, f"memory-{rows}.csv")
    write_csv(path, rows, contacts=False)
    url = f"sqlite:///{os.path.join(directory, 'memory.db')}"
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", MEMORY_CHILD, url, path],
        capture_output=True,
        text=True,
        check=True,
    )
    seconds = time.perf_counter() - start
    imported, peak_kib = (int(word) for word in done.stdout.split())
    assert imported == rows, done.stdout
    peak = peak_kib / 1024
    verdict = "ok" if peak < MEMORY_LIMIT_MB else "TOO MUCH"
    size = os.path.getsize(path) / 2**20
    print(
        f"\n== import_customers peak memory (ru_maxrss of the importing process), SQLite\n"
        f"{'rows':>9} {'CSV MiB':>8} {'peak MiB':>9} {'limit MiB':>10} {'s':>7}\n"
        f"{rows:>9} {size:>8.1f} {peak:>9.1f} {MEMORY_LIMIT_MB:>10} {seconds:>7.1f}  {verdict}"
    )
    return peak < MEMORY_LIMIT_MB


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgresql", default=os.environ.get("COMMTRAK_BENCH_POSTGRESQL"))
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--memory-rows", type=int, default=1_000_000)
    parser.add_argument(
        "--without-contacts", action="store_true", help="customers only, no contact on a row"
    )
    options = parser.parse_args()
    met = True
    with tempfile.TemporaryDirectory() as directory:
        path = os.path.join(directory, "customers.csv")
        write_csv(path, options.rows, contacts=not options.without_contacts)
        rows = "customers" if options.without_contacts else "customers, each with a contact"
        print(f"\n== import_customers beside the driver's executemany of the same rows ({rows})")
        print(
            f"{'database':<11} {'rows':>8} {'import s':>10} {'driver s':>10} {'ratio':>6} "
            f"{'target':>7}"
        )
        urls = [f"sqlite:///{directory}/bench.db"]
        if options.postgresql:
            urls.append(options.postgresql)
        for url in urls:
            met &= compare(url, path, options.rows)
        if options.memory_rows:
            met &= measure_memory(directory, options.memory_rows)
    print(
        f"(the importing process's own maximum resident set; {resource.getpagesize()}-byte pages)"
    )
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
