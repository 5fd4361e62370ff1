"""Rows that belong to a customer: counting them and moving them, one statement each."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Column, Table, func, select

from commtrak_sqlalchemy._db import Db

__all__ = ["CustomerRows", "count_owned", "erase_owned", "reassign_owned"]


def count_owned(db: Db, column: Column[Any], customer_id: uuid.UUID) -> int:
    """Return how many rows of *column*'s table name *customer_id* in *column*."""
    row = db.first(select(func.count()).select_from(column.table).where(column == customer_id))
    return 0 if row is None else int(row[0])


def reassign_owned(db: Db, column: Column[Any], from_id: uuid.UUID, to_id: uuid.UUID) -> int:
    """Set *column* to *to_id* wherever it is *from_id* (one ``UPDATE``); return how many."""
    table = column.table
    return db.run(table.update().where(column == from_id).values({column.name: to_id}))


def erase_owned(db: Db, column: Column[Any], customer_id: uuid.UUID) -> int:
    """Delete the rows of *column*'s table naming *customer_id* (one ``DELETE``)."""
    return db.run(column.table.delete().where(column == customer_id))


class CustomerRows:
    """Counting and moving a customer's rows, for a repository over a table of them.

    The repository keeps its database in ``_db`` and a table with a ``customer_id``
    column in ``_table``; a customer merge counts and moves the rows with these two
    methods (see ``CustomerChildRepository``).
    """

    _db: Db
    _table: Table

    def count_for_customer(self, customer_id: uuid.UUID) -> int:
        """Count the customer's rows: one counting query."""
        return count_owned(self._db, self._table.c.customer_id, customer_id)

    def reassign_customer(self, from_id: uuid.UUID, to_id: uuid.UUID) -> int:
        """Give every row of one customer to another: one ``UPDATE``."""
        return reassign_owned(self._db, self._table.c.customer_id, from_id, to_id)

    def erase_for_customer(self, customer_id: uuid.UUID) -> int:
        """Delete every row of the customer: one ``DELETE``."""
        return erase_owned(self._db, self._table.c.customer_id, customer_id)
