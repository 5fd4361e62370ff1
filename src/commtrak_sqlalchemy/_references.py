"""Set-based statements shared by the repositories: reference counts, repointing, scans.

Repointing takes the whole mapping from duplicates to survivors in one ``UPDATE`` joined
to the mapping as a table (:mod:`commtrak_sqlalchemy._pairs`), so a merge runs one
statement per referencing column however many contacts it archives, and the statement
does not grow with the mapping.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Iterator, Mapping, Sequence
from typing import Any

from sqlalchemy import (
    Column,
    ColumnElement,
    Select,
    Table,
    and_,
    func,
    or_,
    select,
)

from commtrak_sqlalchemy._db import Db
from commtrak_sqlalchemy._pairs import update_from_pairs

__all__ = [
    "MAX_PARAMETERS",
    "after_pair",
    "chunks",
    "count_references",
    "id_chunks",
    "repoint",
    "scan",
]

#: The most ids one statement binds: under SQLite's default limit of 32,766 host
#: parameters with room to spare (PostgreSQL and MariaDB allow 65,535).
MAX_PARAMETERS = 30_000


def chunks(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def id_chunks(ids: Collection[uuid.UUID]) -> Iterator[Sequence[uuid.UUID]]:
    """Split *ids* (each once, in id-text order) into as few ``IN`` lists as the limit allows.

    The order is the order rows are locked in, so two transactions locking overlapping
    sets wait for each other instead of deadlocking.
    """
    return chunks(sorted(set(ids), key=str), MAX_PARAMETERS)


def count_references(
    db: Db, column: Column[Any], contact_ids: Collection[uuid.UUID]
) -> dict[uuid.UUID, int]:
    """Count the rows whose *column* names each of *contact_ids* (a grouped query)."""
    counts: dict[uuid.UUID, int] = {}
    for chunk in id_chunks(contact_ids):
        statement = (
            select(column, func.count().label("n")).where(column.in_(chunk)).group_by(column)
        )
        counts.update({row[0]: int(row.n) for row in db.rows(statement)})
    return counts


def repoint(db: Db, column: Column[Any], mapping: Mapping[uuid.UUID, uuid.UUID]) -> int:
    """Set *column* to the survivor wherever it names a duplicate; return the rows moved.

    One statement of a constant size however large the mapping (see
    :func:`~commtrak_sqlalchemy._pairs.update_from_pairs`).
    """
    return update_from_pairs(db, column, mapping)


def scan(
    table: Table, after: uuid.UUID | str | None, limit: int, *, key: str = "id"
) -> Select[Any]:
    """Return the statement reading the next *limit* rows of *table* after *after*.

    Rows are ordered by the unique, indexed column *key* (the id unless told), and the
    batch starts after the *key* of the last row of the batch before (keyset paging).
    """
    column = table.c[key]
    statement = select(table).order_by(column).limit(limit)
    return statement if after is None else statement.where(column > after)


def after_pair(
    first: Column[Any], second: Column[Any], after: tuple[Any, Any]
) -> ColumnElement[bool]:
    """Return the condition: ``(first, second)`` sorts after the pair *after*."""
    first_after, second_after = after
    return or_(first > first_after, and_(first == first_after, second > second_after))
