"""What the finance repositories share: their tables, locking reads, and lines."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Row, Select, Table, select

from commtrak.finance.model import Line, LineCategory, stored_money
from commtrak_sqlalchemy._db import Db
from commtrak_sqlalchemy.finance.tables import FinanceTables

__all__ = ["FinanceRepository", "line_rows", "lines_by_document"]


class FinanceRepository:
    """Base of the finance repositories: the transaction's database and the finance tables."""

    #: The :class:`~commtrak_sqlalchemy.finance.tables.FinanceTables` attribute of the
    #: repository's own table, kept as ``_table`` (empty: none).
    _table_name = ""

    def __init__(self, db: Db) -> None:
        self._db = db
        self._tables: FinanceTables = db.tables.finance
        if self._table_name:
            self._table: Table = getattr(self._tables, self._table_name)

    def _locked(self, statement: Select[Any], for_update: bool) -> Select[Any]:
        """*statement*, locking its rows when asked.

        Finance locks whatever the backend's ``row_locks`` option says: no database
        constraint can keep an allocation within a payment, so the lock is the only
        guard. SQLite needs none: ``BEGIN IMMEDIATE`` already serializes writers.
        """
        if for_update and self._db.dialect_name != "sqlite":
            return statement.with_for_update()
        return statement


def line_rows(document_id: uuid.UUID, lines: Sequence[Line]) -> list[dict[str, Any]]:
    """The rows of a document's lines, by position."""
    return [
        {
            "document_id": document_id,
            "position": position,
            "description": item.description,
            "quantity": item.quantity,
            "unit_price": item.unit_price.amount,
            "currency": item.unit_price.currency.code,
            "tax_rate": item.tax_rate,
            "category": item.category.value,
            "job_id": item.job_id,
        }
        for position, item in enumerate(lines)
    ]


def lines_by_document(
    db: Db, document_ids: Iterable[uuid.UUID]
) -> dict[uuid.UUID, tuple[Line, ...]]:
    """Read the lines of every document in *document_ids* with one query."""
    wanted = list(document_ids)
    table = db.tables.finance.lines
    found: dict[uuid.UUID, list[Line]] = {key: [] for key in wanted}
    if not wanted:
        return {}
    rows = db.rows(select(table).where(table.c.document_id.in_(wanted)).order_by(table.c.position))
    for row in rows:
        found[row.document_id].append(_line(row))
    return {key: tuple(value) for key, value in found.items()}


def _line(row: Row[Any]) -> Line:
    return Line(
        description=row.description,
        quantity=row.quantity,
        unit_price=stored_money(row.unit_price, row.currency),
        tax_rate=row.tax_rate,
        category=LineCategory(row.category),
        job_id=row.job_id,
    )
