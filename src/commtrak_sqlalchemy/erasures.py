"""The erasure journal in a SQL database (see :class:`commtrak.ports.ErasureJournalRepository`)."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Row, select

from commtrak.model.erasures import CustomerErasure
from commtrak_sqlalchemy._db import Db
from commtrak_sqlalchemy._references import scan

__all__ = ["SqlErasures"]


class SqlErasures:
    """The erasure journal; rows are only ever inserted."""

    def __init__(self, db: Db) -> None:
        self._db = db
        self._table = db.tables.erasures

    def add(self, entry: CustomerErasure) -> None:
        """Insert the entry."""
        self._db.run(
            self._table.insert().values(
                id=entry.id,
                customer_id=entry.customer_id,
                erased_customer_ids=[str(i) for i in entry.erased_customer_ids],
                at=entry.at,
                by=entry.by,
                removed=dict(entry.removed),
            )
        )

    def for_customer(self, customer_id: uuid.UUID) -> list[CustomerErasure]:
        """Read a deleted customer's entries, oldest first."""
        column = self._table.c
        statement = (
            select(self._table)
            .where(column.customer_id == customer_id)
            .order_by(column.at, column.id)
        )
        return [_entry(row) for row in self._db.rows(statement)]

    def scan(self, after: uuid.UUID | None, limit: int) -> list[CustomerErasure]:
        """Read the next batch of entries by id."""
        return [_entry(row) for row in self._db.rows(scan(self._table, after, limit))]


def _entry(row: Row[Any]) -> CustomerErasure:
    return CustomerErasure(
        id=row.id,
        customer_id=row.customer_id,
        erased_customer_ids=tuple([uuid.UUID(i) for i in row.erased_customer_ids]),
        at=row.at,
        by=row.by,
        removed={kind: int(count) for kind, count in row.removed.items()},
    )
