"""Rows that belong to a customer: counting them and moving them, one statement each."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Column, func, select

from commtrak_sqlalchemy._db import Db

__all__ = ["count_owned", "reassign_owned"]


def count_owned(db: Db, column: Column[Any], customer_id: uuid.UUID) -> int:
    """Return how many rows of *column*'s table name *customer_id* in *column*."""
    row = db.first(select(func.count()).select_from(column.table).where(column == customer_id))
    return 0 if row is None else int(row[0])


def reassign_owned(db: Db, column: Column[Any], from_id: uuid.UUID, to_id: uuid.UUID) -> int:
    """Set *column* to *to_id* wherever it is *from_id* (one ``UPDATE``); return how many."""
    table = column.table
    return db.run(table.update().where(column == from_id).values({column.name: to_id}))
