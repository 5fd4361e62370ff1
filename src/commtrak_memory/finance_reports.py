"""The memory backend's reports: the reference sums of statements, aged debt and the panel.

Each sums the ledger's entries dated by the date (the as-of rule of
:mod:`commtrak.finance.model.statements`) in Python, as the SQL backend's one query
does in the database.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable, Hashable, Iterable, Iterator
from typing import TypeVar

import attrs

from commtrak.finance.currencies import Currency
from commtrak.finance.model import (
    SOURCE_KINDS,
    CreditNote,
    EntryKind,
    Invoice,
    LedgerEntry,
    Receipt,
    ReceiptKind,
)
from commtrak.finance.model.statements import (
    AGE_BUCKETS,
    AgedDebt,
    StatementLine,
    StatementLineKind,
    age_bucket,
)
from commtrak.finance.money import Money
from commtrak.model.invoices import AccountFigures
from commtrak_memory._table import Table

__all__ = ["MemoryFinanceReports"]

K = TypeVar("K", bound=Hashable)


def _balances(
    entries: Iterable[LedgerEntry],
    key: Callable[[LedgerEntry], K | None],
    effect: Callable[[LedgerEntry], Money],
    made: Callable[[LedgerEntry], bool],
) -> dict[K, tuple[Money, Money]]:
    """Per key: the making entries' effect and the whole effect, keeping nonzero wholes."""
    sums: dict[K, tuple[Money, Money]] = {}
    for entry in entries:
        group = key(entry)
        if group is None:
            continue
        zero = Money.zero(entry.currency)
        amount, whole = sums.get(group, (zero, zero))
        change = effect(entry)
        sums[group] = (amount + change if made(entry) else amount, whole + change)
    return {group: value for group, value in sums.items() if not value[1].is_zero}


@attrs.frozen
class _Tables:
    ledger: Table[LedgerEntry]
    invoices: Table[Invoice]
    receipts: Table[Receipt]
    credit_notes: Table[CreditNote]


class MemoryFinanceReports:
    """The reports over a memory store's finance tables."""

    def __init__(
        self,
        ledger: Table[LedgerEntry],
        invoices: Table[Invoice],
        receipts: Table[Receipt],
        credit_notes: Table[CreditNote],
    ) -> None:
        self._tables = _Tables(ledger, invoices, receipts, credit_notes)

    def _dated(self, customer_id: uuid.UUID, as_of: datetime.date) -> list[LedgerEntry]:
        entries = self._tables.ledger.lookup("customer", customer_id)
        return [entry for entry in entries if entry.on <= as_of]

    def open_invoices(self, customer_id: uuid.UUID, as_of: datetime.date) -> list[StatementLine]:
        """Sum the customer's entries dated by *as_of* by invoice."""
        sums = _balances(
            self._dated(customer_id, as_of),
            lambda e: e.invoice_id,
            lambda e: e.invoice_effect,
            lambda e: e.kind is EntryKind.INVOICE,
        )
        lines = []
        for invoice_id, (amount, open_amount) in sums.items():
            invoice = self._tables.invoices.get(invoice_id)
            assert invoice is not None  # an entry names a stored invoice
            lines.append(
                StatementLine(
                    kind=StatementLineKind.INVOICE,
                    document_id=invoice.id,
                    number=invoice.number,
                    dated_on=invoice.issued_on,
                    due_on=invoice.due_on,
                    reference=invoice.description,
                    amount=amount,
                    open=open_amount,
                    contact_id=invoice.contact_id,
                )
            )
        return sorted(lines, key=lambda x: (x.dated_on, x.number or 0, str(x.document_id)))

    def open_credits(self, customer_id: uuid.UUID, as_of: datetime.date) -> list[StatementLine]:
        """Sum the customer's entries dated by *as_of* by credit."""
        sums = _balances(
            self._dated(customer_id, as_of),
            lambda e: e.source_id,
            lambda e: e.source_effect,
            lambda e: e.kind in SOURCE_KINDS,
        )
        lines = [self._credit(key, *value) for key, value in sums.items()]
        return sorted(lines, key=lambda x: (x.dated_on, str(x.document_id)))

    def _credit(self, source_id: uuid.UUID, amount: Money, open_amount: Money) -> StatementLine:
        receipt = self._tables.receipts.get(source_id)
        if receipt is not None:
            kind = (
                StatementLineKind.PAYMENT
                if receipt.kind is ReceiptKind.PAYMENT
                else StatementLineKind.ACCOUNT_CREDIT
            )
            number, dated, reference = None, receipt.received_on, receipt.reference
            reference = reference or receipt.method
        else:
            note = self._tables.credit_notes.get(source_id)
            assert note is not None  # an entry names a stored credit
            kind, number, dated = StatementLineKind.CREDIT_NOTE, note.number, note.issued_on
            reference = note.description
        return StatementLine(kind, source_id, number, dated, None, reference, amount, open_amount)

    def aged_debt(self, as_of: datetime.date) -> Iterator[AgedDebt]:
        """Sum every entry dated by *as_of* by customer, currency and bucket."""
        sums: dict[tuple[str, str], dict[str, Money]] = {}
        customers: dict[str, uuid.UUID] = {}
        currencies: dict[str, Currency] = {}
        for entry in self._tables.ledger:
            if entry.on > as_of:
                continue
            key = (str(entry.customer_id), entry.currency.code)
            customers[key[0]], currencies[key[1]] = entry.customer_id, entry.currency
            zero = Money.zero(entry.currency)
            row = sums.setdefault(key, dict.fromkeys((*AGE_BUCKETS, "credit", "owed"), zero))
            row["credit"] += entry.source_effect
            row["owed"] += entry.invoice_effect
            if entry.invoice_id is not None:
                invoice = self._tables.invoices.get(entry.invoice_id)
                assert invoice is not None  # an entry names a stored invoice
                bucket = age_bucket(invoice.due_on, as_of)
                row[bucket] += entry.invoice_effect
        for key in sorted(sums):
            row = sums[key]
            if row["owed"].is_zero and row["credit"].is_zero:
                continue
            amounts = [row[name] for name in (*AGE_BUCKETS, "credit")]
            yield AgedDebt(customers[key[0]], currencies[key[1]], *amounts)

    def account_figures(self, customer_id: uuid.UUID, currency: Currency) -> AccountFigures:
        """Sum the customer's entries in *currency* by invoice and credit."""
        entries = [
            e for e in self._tables.ledger.lookup("customer", customer_id) if e.currency == currency
        ]
        owed = {
            key: value
            for key, (_, value) in _balances(
                entries, lambda e: e.invoice_id, lambda e: e.invoice_effect, lambda e: True
            ).items()
            if value.amount > 0
        }
        due = []
        for invoice_id in owed:
            invoice = self._tables.invoices.get(invoice_id)
            assert invoice is not None  # an entry names a stored invoice
            due.append(invoice.due_on)
        return AccountFigures(
            outstanding=Money.total(owed.values(), currency).amount,
            oldest_unpaid_due_on=min(due, default=None),
            credit=Money.total((e.source_effect for e in entries), currency).amount,
        )
