"""The finance context's entities: lines, invoices, credit notes, receipts, the ledger."""

from __future__ import annotations

from commtrak.finance.model._checks import stored_money
from commtrak.finance.model.credit_notes import Breakdown, CreditNote, RenderedLine
from commtrak.finance.model.invoices import Invoice, InvoiceState
from commtrak.finance.model.journal import FinanceAction, FinanceJournalEntry
from commtrak.finance.model.ledger import SOURCE_KINDS, EntryKind, LedgerEntry
from commtrak.finance.model.lines import LINE_PLACES, Line, LineCategory, line, lines_total
from commtrak.finance.model.receipts import Receipt, ReceiptKind
from commtrak.finance.model.sequences import SequenceCounter
from commtrak.finance.model.statements import (
    AgedDebt,
    Statement,
    StatementGroup,
    StatementLine,
    StatementLineKind,
    StatementTotals,
)

__all__ = [
    "LINE_PLACES",
    "SOURCE_KINDS",
    "AgedDebt",
    "Breakdown",
    "CreditNote",
    "EntryKind",
    "FinanceAction",
    "FinanceJournalEntry",
    "Invoice",
    "InvoiceState",
    "LedgerEntry",
    "Line",
    "LineCategory",
    "Receipt",
    "ReceiptKind",
    "RenderedLine",
    "SequenceCounter",
    "Statement",
    "StatementGroup",
    "StatementLine",
    "StatementLineKind",
    "StatementTotals",
    "line",
    "lines_total",
    "stored_money",
]
