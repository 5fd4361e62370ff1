"""The SQL ledger: entries only ever inserted; every balance one ``SUM ... GROUP BY``."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Row, func, insert, select

from commtrak.errors import NotFound
from commtrak.finance.currencies import currency
from commtrak.finance.model import EntryKind, LedgerEntry, stored_money
from commtrak.finance.money import Money
from commtrak_sqlalchemy._owned import CustomerRows
from commtrak_sqlalchemy._references import scan
from commtrak_sqlalchemy.finance._rows import FinanceRepository

__all__ = ["SqlLedger"]


class SqlLedger(FinanceRepository, CustomerRows):
    """The ledger table and the sums over it."""

    _table_name = "ledger"

    def add(self, entries: Sequence[LedgerEntry]) -> None:
        """Insert the new row(s)."""
        self._db.run(insert(self._tables.ledger), [_values(entry) for entry in entries])

    def get(self, entry_id: uuid.UUID) -> LedgerEntry:
        """Read one entry by id."""
        table = self._tables.ledger
        row = self._db.first(select(table).where(table.c.id == entry_id))
        if row is None:
            raise NotFound("ledger_entry", entry_id)
        return _entry(row)

    def reversal_of(self, entry_id: uuid.UUID) -> LedgerEntry | None:
        """Read the entry that reverses *entry_id*."""
        table = self._tables.ledger
        row = self._db.first(select(table).where(table.c.reverses == entry_id))
        return None if row is None else _entry(row)

    def _oldest(self, condition: ColumnElement[bool]) -> list[LedgerEntry]:
        table = self._tables.ledger
        statement = select(table).where(condition).order_by(table.c.recorded_at, table.c.id)
        return [_entry(row) for row in self._db.rows(statement)]

    def for_customer(self, customer_id: uuid.UUID) -> list[LedgerEntry]:
        """Read the customer's rows, in the port's order."""
        return self._oldest(self._tables.ledger.c.customer_id == customer_id)

    def for_invoice(self, invoice_id: uuid.UUID) -> list[LedgerEntry]:
        """Read the invoice's entries, oldest first."""
        return self._oldest(self._tables.ledger.c.invoice_id == invoice_id)

    def for_source(self, source_id: uuid.UUID) -> list[LedgerEntry]:
        """Read the credit's entries, oldest first."""
        return self._oldest(self._tables.ledger.c.source_id == source_id)

    def scan(self, after: uuid.UUID | None, limit: int) -> list[LedgerEntry]:
        """Read the next batch by id."""
        return [_entry(row) for row in self._db.rows(scan(self._tables.ledger, after, limit))]

    def _sums(self, key: str, effect: str, condition: ColumnElement[bool]) -> dict[Any, Money]:
        """``SELECT key, currency, SUM(effect) ... WHERE condition GROUP BY key, currency``."""
        table = self._tables.ledger
        statement = (
            select(
                table.c[key].label("key"),
                table.c.currency,
                func.sum(table.c[effect]).label("total"),
            )
            .where(condition, table.c[key].is_not(None))
            .group_by(table.c[key], table.c.currency)
        )
        return {row.key: stored_money(row.total, row.currency) for row in self._db.rows(statement)}

    def invoice_balances(self, customer_id: uuid.UUID) -> dict[uuid.UUID, Money]:
        """Sum the customer's entries by invoice: one query."""
        condition = self._tables.ledger.c.customer_id == customer_id
        return self._sums("invoice_id", "invoice_effect", condition)

    def invoice_balance(self, invoice_id: uuid.UUID) -> Money | None:
        """Sum one invoice's entries: one query."""
        condition = self._tables.ledger.c.invoice_id == invoice_id
        return self._sums("invoice_id", "invoice_effect", condition).get(invoice_id)

    def source_balances(self, customer_id: uuid.UUID) -> dict[uuid.UUID, Money]:
        """Sum the customer's entries by credit: one query."""
        condition = self._tables.ledger.c.customer_id == customer_id
        return self._sums("source_id", "source_effect", condition)

    def source_balance(self, source_id: uuid.UUID) -> Money | None:
        """Sum one credit's entries: one query."""
        condition = self._tables.ledger.c.source_id == source_id
        return self._sums("source_id", "source_effect", condition).get(source_id)

    def _net(self, condition: ColumnElement[bool] | None) -> dict[str, Money]:
        """Per currency, ``SUM(invoice_effect)`` less ``SUM(source_effect)``: one query."""
        table = self._tables.ledger
        statement = select(
            table.c.currency,
            func.sum(table.c.invoice_effect).label("owed"),
            func.sum(table.c.source_effect).label("credit"),
        ).group_by(table.c.currency)
        if condition is not None:
            statement = statement.where(condition)
        return {
            row.currency: stored_money(row.owed, row.currency)
            - stored_money(row.credit, row.currency)
            for row in self._db.rows(statement)
        }

    def customer_balances(self, customer_id: uuid.UUID) -> dict[str, Money]:
        """Sum the customer's entries by currency: one query."""
        return self._net(self._tables.ledger.c.customer_id == customer_id)

    def totals(self) -> dict[str, Money]:
        """Sum every entry by currency: one query."""
        return self._net(None)


def _values(entry: LedgerEntry) -> dict[str, Any]:
    return {
        "id": entry.id,
        "customer_id": entry.customer_id,
        "kind": entry.kind.value,
        "currency": entry.currency.code,
        "dated_on": entry.on,
        "invoice_id": entry.invoice_id,
        "source_id": entry.source_id,
        "invoice_effect": entry.invoice_effect.amount,
        "source_effect": entry.source_effect.amount,
        "reverses": entry.reverses,
        "recorded_at": entry.recorded_at,
        "recorded_by": entry.recorded_by,
    }


def _entry(row: Row[Any]) -> LedgerEntry:
    return LedgerEntry(
        id=row.id,
        customer_id=row.customer_id,
        kind=EntryKind(row.kind),
        currency=currency(row.currency),
        on=row.dated_on,
        invoice_id=row.invoice_id,
        source_id=row.source_id,
        invoice_effect=stored_money(row.invoice_effect, row.currency),
        source_effect=stored_money(row.source_effect, row.currency),
        reverses=row.reverses,
        recorded_at=row.recorded_at,
        recorded_by=row.recorded_by,
    )
