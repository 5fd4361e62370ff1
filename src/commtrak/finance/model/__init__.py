"""The finance context's entities: lines, invoices, jobs, credit notes, receipts, ledger, cards."""

from __future__ import annotations

from commtrak.finance.model._checks import stored_money
from commtrak.finance.model.card_numbers import luhn_valid, pan_digits, refuse_card_number
from commtrak.finance.model.cards import (
    CardBrand,
    CardExpiry,
    StoredCard,
    card_brand,
    card_expiry,
)
from commtrak.finance.model.credit_notes import Breakdown, CreditNote, RenderedLine
from commtrak.finance.model.invoices import Invoice, InvoiceState
from commtrak.finance.model.jobs import Job, JobClaim, JobsInvoiced, JobState
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
    "CardBrand",
    "CardExpiry",
    "CreditNote",
    "EntryKind",
    "FinanceAction",
    "FinanceJournalEntry",
    "Invoice",
    "InvoiceState",
    "Job",
    "JobClaim",
    "JobState",
    "JobsInvoiced",
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
    "StoredCard",
    "card_brand",
    "card_expiry",
    "line",
    "lines_total",
    "luhn_valid",
    "pan_digits",
    "refuse_card_number",
    "stored_money",
]
