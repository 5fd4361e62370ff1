"""The SQL finance journal."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Row, insert, select

from commtrak.finance.model import FinanceAction, FinanceJournalEntry
from commtrak_sqlalchemy._owned import CustomerRows
from commtrak_sqlalchemy._references import scan
from commtrak_sqlalchemy.finance._rows import FinanceRepository

__all__ = ["SqlFinanceJournal"]


class SqlFinanceJournal(FinanceRepository, CustomerRows):
    """The finance journal table; rows are only ever inserted."""

    _table_name = "journal"

    def add(self, entry: FinanceJournalEntry) -> None:
        """Insert the entry."""
        self._db.run(
            insert(self._tables.journal).values(
                id=entry.id,
                customer_id=entry.customer_id,
                action=entry.action.value,
                subject_id=entry.subject_id,
                at=entry.at,
                by=entry.by,
                summary=entry.summary,
            )
        )

    def for_customer(self, customer_id: uuid.UUID) -> list[FinanceJournalEntry]:
        """Read the customer's rows, in the port's order."""
        table = self._tables.journal
        statement = (
            select(table).where(table.c.customer_id == customer_id).order_by(table.c.at, table.c.id)
        )
        return [_entry(row) for row in self._db.rows(statement)]

    def scan(self, after: uuid.UUID | None, limit: int) -> list[FinanceJournalEntry]:
        """Read the next batch by id."""
        return [_entry(row) for row in self._db.rows(scan(self._tables.journal, after, limit))]


def _entry(row: Row[Any]) -> FinanceJournalEntry:
    return FinanceJournalEntry(
        id=row.id,
        customer_id=row.customer_id,
        action=FinanceAction(row.action),
        subject_id=row.subject_id,
        at=row.at,
        by=row.by,
        summary=row.summary,
    )
