"""The SQL repositories of invoices, credit notes and receipts."""

from __future__ import annotations

import abc
import uuid
from collections.abc import Sequence
from typing import Any, Generic, TypeVar

from sqlalchemy import Row, delete, insert, select, update

from commtrak.errors import NotFound
from commtrak.finance.currencies import currency
from commtrak.finance.model import (
    Breakdown,
    CreditNote,
    Invoice,
    InvoiceState,
    Line,
    Receipt,
    ReceiptKind,
    stored_money,
)
from commtrak_sqlalchemy._owned import CustomerRows
from commtrak_sqlalchemy._references import scan
from commtrak_sqlalchemy.finance._rows import FinanceRepository, line_rows, lines_by_document

__all__ = ["SqlCreditNotes", "SqlInvoices", "SqlReceipts"]


D = TypeVar("D")


class _Documents(FinanceRepository, CustomerRows, abc.ABC, Generic[D]):
    """Rows by id with a lock on request, listed by customer and date.

    A subclass names its entity and date column, says whether its documents have lines,
    and builds its entity from a row (and its lines) in :meth:`_build`; reading one, a
    customer's, or a batch of them is written once here.
    """

    _entity = ""
    _date = ""
    _lined = True

    @abc.abstractmethod
    def _build(self, row: Row[Any], lines: tuple[Line, ...]) -> D:
        """The entity of *row*, whose lines are *lines* (none if it has no lines)."""

    def _documents(self, rows: Sequence[Row[Any]]) -> list[D]:
        """The entities of *rows*, with their lines read in one query if they have any."""
        if not self._lined:
            return [self._build(row, ()) for row in rows]
        lines = lines_by_document(self._db, [row.id for row in rows])
        return [self._build(row, lines[row.id]) for row in rows]

    def _one(self, row_id: uuid.UUID, for_update: bool) -> D:
        return self._documents([self._row(row_id, for_update)])[0]

    def for_customer(self, customer_id: uuid.UUID) -> list[D]:
        """Read the customer's rows, in the port's order."""
        return self._documents(self._customer_rows(customer_id))

    def scan(self, after: uuid.UUID | None, limit: int) -> list[D]:
        """Read the next batch by id (with their lines: one more query)."""
        return self._documents(self._scan(after, limit))

    def _row(self, row_id: uuid.UUID, for_update: bool) -> Row[Any]:
        table = self._table
        found = self._db.first(self._locked(select(table).where(table.c.id == row_id), for_update))
        if found is None:
            raise NotFound(self._entity, row_id)
        return found

    def _customer_rows(self, customer_id: uuid.UUID) -> list[Row[Any]]:
        table = self._table
        statement = (
            select(table)
            .where(table.c.customer_id == customer_id)
            .order_by(table.c[self._date], table.c.id)
        )
        return list(self._db.rows(statement))

    def _scan(self, after: uuid.UUID | None, limit: int) -> list[Row[Any]]:
        return list(self._db.rows(scan(self._table, after, limit)))

    def _insert(self, values: dict[str, Any], lines: tuple[Line, ...] | None = None) -> None:
        self._db.run(insert(self._table).values(values))
        if lines:
            self._db.run(insert(self._tables.lines), line_rows(values["id"], lines))


class SqlInvoices(_Documents[Invoice]):
    """Invoices: a header row and one row per line."""

    _entity = "invoice"
    _date = "issued_on"

    _table_name = "invoices"

    def add(self, invoice: Invoice) -> None:
        """Insert the new row(s)."""
        self._insert(_invoice_values(invoice), invoice.lines)

    def get(self, invoice_id: uuid.UUID, *, for_update: bool = False) -> Invoice:
        """Read one row by id (``SELECT ... FOR UPDATE`` with *for_update*)."""
        return self._one(invoice_id, for_update)

    def update(self, invoice: Invoice) -> None:
        """Rewrite the header row and the lines."""
        table, lines = self._table, self._tables.lines
        values = _invoice_values(invoice)
        del values["id"]
        if not self._db.run(update(table).where(table.c.id == invoice.id).values(values)):
            raise NotFound("invoice", invoice.id)
        self._db.run(delete(lines).where(lines.c.document_id == invoice.id))
        if invoice.lines:
            self._db.run(insert(lines), line_rows(invoice.id, invoice.lines))

    def _build(self, row: Row[Any], lines: tuple[Line, ...]) -> Invoice:
        return _invoice(row, lines)


class SqlCreditNotes(_Documents[CreditNote]):
    """Credit notes: a header row and one row per line."""

    _entity = "credit_note"
    _date = "issued_on"

    _table_name = "credit_notes"

    def add(self, credit_note: CreditNote) -> None:
        """Insert the new row(s)."""
        self._insert(
            {
                "id": credit_note.id,
                "customer_id": credit_note.customer_id,
                "invoice_id": credit_note.invoice_id,
                "currency": credit_note.currency.code,
                "description": credit_note.description,
                "issued_on": credit_note.issued_on,
                "breakdown": credit_note.breakdown.value,
                "number": credit_note.number,
                "created_at": credit_note.created_at,
                "created_by": credit_note.created_by,
            },
            credit_note.lines,
        )

    def get(self, credit_note_id: uuid.UUID, *, for_update: bool = False) -> CreditNote:
        """Read one row by id (``SELECT ... FOR UPDATE`` with *for_update*)."""
        return self._one(credit_note_id, for_update)

    def _build(self, row: Row[Any], lines: tuple[Line, ...]) -> CreditNote:
        return _credit_note(row, lines)


class SqlReceipts(_Documents[Receipt]):
    """Payments and account credits, one row each."""

    _entity = "receipt"
    _date = "received_on"
    _lined = False

    _table_name = "receipts"

    def add(self, receipt: Receipt) -> None:
        """Insert the new row(s)."""
        self._insert(
            {
                "id": receipt.id,
                "customer_id": receipt.customer_id,
                "kind": receipt.kind.value,
                "amount": receipt.amount.amount,
                "currency": receipt.amount.currency.code,
                "method": receipt.method,
                "received_on": receipt.received_on,
                "reference": receipt.reference,
                "nominal_account": receipt.nominal_account,
                "created_at": receipt.created_at,
                "created_by": receipt.created_by,
            }
        )

    def get(self, receipt_id: uuid.UUID, *, for_update: bool = False) -> Receipt:
        """Read one row by id (``SELECT ... FOR UPDATE`` with *for_update*)."""
        return self._one(receipt_id, for_update)

    def _build(self, row: Row[Any], lines: tuple[Line, ...]) -> Receipt:
        return _receipt(row)


def _invoice_values(invoice: Invoice) -> dict[str, Any]:
    return {
        "id": invoice.id,
        "customer_id": invoice.customer_id,
        "currency": invoice.currency.code,
        "description": invoice.description,
        "issued_on": invoice.issued_on,
        "due_on": invoice.due_on,
        "state": invoice.state.value,
        "number": invoice.number,
        "created_at": invoice.created_at,
        "created_by": invoice.created_by,
        "invoice_address_id": invoice.invoice_address_id,
        "address": "\n".join(invoice.address) if invoice.address else None,
        "contact_id": invoice.contact_id,
    }


def _invoice(row: Row[Any], lines: tuple[Line, ...]) -> Invoice:
    return Invoice(
        id=row.id,
        customer_id=row.customer_id,
        currency=currency(row.currency),
        description=row.description,
        issued_on=row.issued_on,
        due_on=row.due_on,
        lines=lines,
        state=InvoiceState(row.state),
        number=row.number,
        created_at=row.created_at,
        created_by=row.created_by,
        invoice_address_id=row.invoice_address_id,
        address=tuple(row.address.split("\n")) if row.address else (),
        contact_id=row.contact_id,
    )


def _credit_note(row: Row[Any], lines: tuple[Line, ...]) -> CreditNote:
    return CreditNote(
        id=row.id,
        customer_id=row.customer_id,
        invoice_id=row.invoice_id,
        currency=currency(row.currency),
        description=row.description,
        issued_on=row.issued_on,
        breakdown=Breakdown(row.breakdown),
        lines=lines,
        number=row.number,
        created_at=row.created_at,
        created_by=row.created_by,
    )


def _receipt(row: Row[Any]) -> Receipt:
    return Receipt(
        id=row.id,
        customer_id=row.customer_id,
        kind=ReceiptKind(row.kind),
        amount=stored_money(row.amount, row.currency),
        method=row.method,
        received_on=row.received_on,
        reference=row.reference,
        nominal_account=row.nominal_account,
        created_at=row.created_at,
        created_by=row.created_by,
    )
