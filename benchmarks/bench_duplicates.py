"""Benchmark: finding and merging duplicate contacts in a group of 50,000 members.

For each database (a SQLite file, and PostgreSQL when ``COMMTRAK_BENCH_POSTGRESQL`` or
``--postgresql`` names a database) it bulk-loads one group of 50,000 members with
250,000 contacts, 5,000 of whose email keys are each shared by two contacts of two
members (5,000 duplicate sets), and 20,000 customers whose sales contact is one of the
contacts (some of them duplicates). Then it times:

* **find**: ``session.duplicates.find(head_office)`` beside the same work hand-written
  with the driver (one ``GROUP BY`` on the indexed email key, reading the contacts);
* **merge**: ``session.duplicates.merge(head_office)`` beside the same work hand-written
  with the driver, on a second copy of the data: one ``GROUP BY``, one ``UPDATE`` moving
  the survivors to the Head Office, one archiving the duplicates, one ``UPDATE`` per
  referencing column, and the journal rows;

and prints each time, the baseline and their ratio, which must stay below 2 for finding
and below 3 for merging (1.5 on PostgreSQL). It also counts the SQL statements of a
merge with few and with many references, which must be the same. It exits with status 1
if a bound is broken. Tables are prefixed ``bench_a_`` and ``bench_b_`` so the benchmark
never touches a store's own tables.

Run it with ``nox -s bench`` or ``python benchmarks/bench_duplicates.py [--postgresql URL]
[--members 50000 --sets 5000]``.
"""

from __future__ import annotations

import argparse
import datetime
import gc
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

from commtrak import Actor, Store
from commtrak.model import fold
from commtrak_sqlalchemy.backend import SqlBackend
from commtrak_sqlalchemy.tables import define_tables

CONTACTS_PER_MEMBER = 5
SALES_CONTACTS = 20_000
START = datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)

#: The ratio a merge must stay under, by dialect (3 where none is named). PostgreSQL's
#: merge joins the id pairs as ``unnest`` arrays, one statement per column that does not
#: grow with the merge, where the hand-written baseline sends one long ``CASE``.
MERGE_BOUNDS = {"postgresql": 1.5}


def load(
    backend: SqlBackend, members: int, sets: int, references: int
) -> tuple[uuid.UUID, uuid.UUID]:
    """Empty the tables and bulk-load the group; return its id and its Head Office's."""
    rng = random.Random(members * 7 + sets)
    tables = backend.tables
    backend.erase_all_data()
    group_id = uuid.uuid4()
    customers = []
    for n in range(members):
        name = f"Real Peach {n:06}"
        customers.append(member_row(n, name, group_id))
    contacts = []
    for n in range(members * CONTACTS_PER_MEMBER):
        owner = customers[n // CONTACTS_PER_MEMBER]
        at = START + datetime.timedelta(seconds=n)
        contacts.append(
            {
                "id": uuid.uuid4(),
                "customer_id": owner["id"],
                "name": f"Contact {n}",
                "name_key": f"contact {n}",
                "title": "",
                "position": "",
                "phones": [],
                "email": f"c{n}@example.com",
                "email_key": f"c{n}@example.com",
                "email_status": "not_checked",
                "note": "",
                "social_urls": [],
                "visibility": "all_staff",
                "departments": [],
                "communication": ["email"],
                "is_primary": False,
                "archived": False,
                "merged_into": None,
                "created_at": at,
                "created_by": "bench",
                "modified_at": at,
                "modified_by": "bench",
                "modified_via_portal": False,
            }
        )
    # Duplicate sets: two contacts of two members other than the Head Office share a key.
    pool = list(range(CONTACTS_PER_MEMBER, len(contacts)))
    chosen = rng.sample(pool, 2 * sets)
    for k in range(sets):
        for index in chosen[2 * k : 2 * k + 2]:
            contacts[index]["email"] = contacts[index]["email_key"] = f"dup{k}@example.com"
    duplicates = [contacts[i]["id"] for i in chosen]
    for customer in rng.sample(customers, min(references, members)):
        customer["sales_contact_id"] = (
            rng.choice(duplicates) if rng.random() < 0.25 else rng.choice(contacts)["id"]
        )
    with backend.engine.begin() as connection:
        name = "Real Peach Real Estate"
        connection.execute(
            insert(tables.groups),
            [{"id": group_id, "name": name, "name_key": fold(name), "member_count": members}],
        )
        for start in range(0, members, 10_000):
            connection.execute(insert(tables.customers), customers[start : start + 10_000])
        for start in range(0, len(contacts), 10_000):
            connection.execute(insert(tables.contacts), contacts[start : start + 10_000])
    with backend.engine.begin() as connection:
        connection.execute(text("ANALYZE"))
    return group_id, uuid.UUID(str(customers[0]["id"]))


def timed(call: Callable[[], object]) -> tuple[float, object]:
    """Run *call* once, after a full garbage collection; return its time and result.

    The collection is untimed: the benchmark's own heap (the loaded rows) would
    otherwise make a full pass of the collector, tens of milliseconds, fall on
    whichever side crosses its threshold. Collections set off by a call's own objects
    are timed, on both sides.
    """
    gc.collect()
    start = time.perf_counter()
    result = call()
    return time.perf_counter() - start, result


def median_of_three(call: Callable[[], object]) -> tuple[float, object]:
    """Run a read-only *call* three times; return its median time and its last result."""
    runs = [timed(call) for _ in range(3)]
    return sorted(seconds for seconds, _ in runs)[1], runs[-1][1]


def placeholders(dialect: str, count: int) -> str:
    mark = "?" if dialect == "sqlite" else "%s"
    return ", ".join([mark] * count)


def ids(dialect: str, values: list[uuid.UUID]) -> list[Any]:
    """The ids as the driver takes them (the backend stores them as text on SQLite)."""
    return [value.hex if dialect == "sqlite" else value for value in values]


def hand_written_find(backend: SqlBackend, group_id: uuid.UUID) -> list[Any]:
    """The duplicate contacts of a group, with one GROUP BY, written with the driver."""
    p = backend.tables.prefix
    dialect = backend.engine.dialect.name
    mark = "?" if dialect == "sqlite" else "%s"
    sql = (
        f"SELECT c.* FROM {p}contacts c JOIN {p}customers m ON m.id = c.customer_id "
        f"WHERE m.group_id = {mark} AND NOT c.archived AND c.email_key IN ("
        f" SELECT c2.email_key FROM {p}contacts c2 JOIN {p}customers m2 ON m2.id = c2.customer_id"
        f" WHERE m2.group_id = {mark} AND NOT c2.archived AND c2.email_key IS NOT NULL"
        f" GROUP BY c2.email_key HAVING count(*) > 1) "
        f"ORDER BY c.email_key, c.created_at, c.id"
    )
    gid = ids(dialect, [group_id])[0]
    raw = backend.engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute(sql, (gid, gid))
        rows = cursor.fetchall()
        raw.commit()
        return rows
    finally:
        raw.close()


def hand_written_merge(backend: SqlBackend, group_id: uuid.UUID, head_office: uuid.UUID) -> int:
    """Merge every duplicate set with the driver: the work the service does, by hand."""
    p = backend.tables.prefix
    dialect = backend.engine.dialect.name
    raw = backend.engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute(
            f"SELECT c.id, c.email_key FROM {p}contacts c JOIN {p}customers m "
            f"ON m.id = c.customer_id WHERE m.group_id = {'?' if dialect == 'sqlite' else '%s'} "
            f"AND NOT c.archived AND c.email_key IN (SELECT c2.email_key FROM {p}contacts c2 "
            f"JOIN {p}customers m2 ON m2.id = c2.customer_id WHERE m2.group_id = "
            f"{'?' if dialect == 'sqlite' else '%s'} AND NOT c2.archived GROUP BY c2.email_key "
            f"HAVING count(*) > 1) ORDER BY c.email_key, c.created_at, c.id",
            tuple(ids(dialect, [group_id, group_id])),
        )
        sets: dict[str, list[Any]] = {}
        for contact_id, key in cursor.fetchall():
            sets.setdefault(key, []).append(contact_id)
        survivors = [members[0] for members in sets.values()]
        mapping = [(old, members[0]) for members in sets.values() for old in members[1:]]
        mark = "?" if dialect == "sqlite" else "%s"
        cursor.execute(
            f"UPDATE {p}contacts SET customer_id = {mark} WHERE id IN "
            f"({placeholders(dialect, len(survivors))})",
            (ids(dialect, [head_office])[0], *survivors),
        )
        case = " ".join([f"WHEN {mark} THEN {mark}"] * len(mapping))
        flat = [value for pair in mapping for value in pair]
        olds = [old for old, _ in mapping]
        cursor.execute(
            f"UPDATE {p}contacts SET archived = {'1' if dialect == 'sqlite' else 'true'}, "
            f"merged_into = CASE id {case} END WHERE id IN ({placeholders(dialect, len(olds))})",
            (*flat, *olds),
        )
        cursor.execute(
            f"UPDATE {p}customers SET sales_contact_id = CASE sales_contact_id {case} END "
            f"WHERE sales_contact_id IN ({placeholders(dialect, len(olds))})",
            (*flat, *olds),
        )
        now = datetime.datetime.now(datetime.UTC).replace(tzinfo=None)
        cursor.executemany(
            f'INSERT INTO {p}merge_journal (id, group_id, at, "by", email_key, survivor_id, '
            f"archived_ids, changed_fields, moved_references) VALUES "
            f"({placeholders(dialect, 9)})",
            [
                (
                    *ids(dialect, [uuid.uuid4(), group_id]),
                    now.strftime("%Y-%m-%d %H:%M:%S.%f") if dialect == "sqlite" else now,
                    "bench",
                    key,
                    members[0],
                    "[]",
                    "{}",
                    "{}",
                )
                for key, members in sets.items()
            ],
        )
        raw.commit()
        return len(sets)
    finally:
        raw.close()


def count_statements(backend: SqlBackend, references: int) -> int:
    """Count the SQL statements of one merge of 200 sets with *references* sales contacts."""
    _, head_office = load(backend, members=2_000, sets=200, references=references)
    store = Store(backend)
    statements = 0

    def count(*_: object) -> None:
        nonlocal statements
        statements += 1

    event.listen(backend.engine, "before_cursor_execute", count)
    try:
        with store.session(actor=Actor.system()) as session:
            merged = session.duplicates.merge(head_office)
    finally:
        event.remove(backend.engine, "before_cursor_execute", count)
    assert len(merged) == 200
    return statements


def measure(url: str, members: int, sets: int) -> int:
    """Print one database's figures; return how many bounds were broken."""
    ours_backend = fresh(url, "bench_a_")
    hand_backend = fresh(url, "bench_b_")
    counting_backend = fresh(url, "bench_c_")
    failures = 0
    try:
        print(
            f"\n== {ours_backend.url}: {members:,} members, "
            f"{members * CONTACTS_PER_MEMBER:,} contacts, {sets:,} duplicate sets"
        )
        dialect = ours_backend.engine.dialect.name
        _, head_office = load(ours_backend, members, sets, SALES_CONTACTS)
        group_id, hand_head_office = load(hand_backend, members, sets, SALES_CONTACTS)
        store = Store(ours_backend)
        with store.session(actor=Actor.system()) as session:
            session.duplicates.find(head_office)  # warm up both
            hand_written_find(hand_backend, group_id)
            ours, found = median_of_three(lambda: session.duplicates.find(head_office))
            theirs, rows = median_of_three(lambda: hand_written_find(hand_backend, group_id))
        assert len(found) == sets
        assert len(rows) == 2 * sets
        failures += report("find", ours, theirs, bound=2)
        with store.session(actor=Actor.system()) as session:
            ours, merged = timed(lambda: session.duplicates.merge(head_office))
        theirs, count = timed(lambda: hand_written_merge(hand_backend, group_id, hand_head_office))
        assert len(merged) == count == sets
        with store.session(actor=Actor.system()) as session:
            assert session.duplicates.find(head_office) == []
            assert set(session.duplicates.dangling_references().values()) == {0}
        failures += report("merge", ours, theirs, bound=MERGE_BOUNDS.get(dialect, 3))
        few = count_statements(counting_backend, 100)
        many = count_statements(counting_backend, 1_500)
        same = few == many
        failures += not same
        print(
            f"statements of a merge of 200 sets: {few} with 100 references, {many} with "
            f"1,500 references  {'ok' if same else 'GROWS WITH REFERENCES'}"
        )
    finally:
        for backend in (ours_backend, hand_backend, counting_backend):
            drop(backend)
    return failures


def fresh(url: str, prefix: str) -> SqlBackend:
    """Open a backend on new, empty tables prefixed *prefix* (dropping any left behind).

    Tables are dropped, not emptied: dropping a table is one statement, deleting 250,000
    contacts checks every foreign key row by row.
    """
    tables = define_tables(prefix=prefix)
    backend = SqlBackend(url, tables=tables, create_tables=False)
    drop(backend)
    return SqlBackend(url, tables=tables)


def drop(backend: SqlBackend) -> None:
    """Drop the backend's tables (a SQLite file goes with its directory) and close it."""
    if backend.engine.dialect.name != "sqlite":
        backend.tables.metadata.drop_all(backend.engine)
    backend.close()


def report(operation: str, ours: float, theirs: float, *, bound: float) -> int:
    """Print one operation's line; return 1 if the ratio breaks its bound."""
    ratio = ours / theirs
    verdict = "ok" if ratio < bound else f"TOO SLOW (bound {bound})"
    print(
        f"{operation:<6} commtrak {ours * 1000:>9.1f} ms   hand-written {theirs * 1000:>9.1f} ms"
        f"   ratio {ratio:5.2f}  (< {bound})  {verdict}"
    )
    return int(ratio >= bound)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgresql", default=os.environ.get("COMMTRAK_BENCH_POSTGRESQL"))
    parser.add_argument("--members", type=int, default=50_000)
    parser.add_argument("--sets", type=int, default=5_000)
    options = parser.parse_args()
    failures = 0
    with tempfile.TemporaryDirectory() as directory:
        urls = [f"sqlite:///{directory}/bench.db"]
        if options.postgresql:
            urls.append(options.postgresql)
        for url in urls:
            failures += measure(url, options.members, options.sets)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
