"""commtrak's finance context: invoices, credit notes, payments and one ledger.

It is a bounded context of its own, above the customer core: it uses the core's model,
ports and services, and nothing in the core imports it (an import-linter contract in
``pyproject.toml`` keeps it so). Money is :class:`Money`, an exact
:class:`decimal.Decimal` in one :class:`Currency`, never a float. Reach the services of
a session with :func:`of`::

    with store.session(actor=actor) as s:
        invoice = finance.of(s).invoices.draft(...)
"""

from __future__ import annotations

from commtrak.finance.currencies import ISO_4217_MINOR_UNITS, Currency, currency
from commtrak.finance.facade import Finance, of
from commtrak.finance.model import (
    AgedDebt,
    Breakdown,
    CardBrand,
    CardExpiry,
    CreditNote,
    EntryKind,
    FinanceAction,
    FinanceJournalEntry,
    Invoice,
    InvoiceState,
    Job,
    JobClaim,
    JobsInvoiced,
    JobState,
    LedgerEntry,
    Line,
    LineCategory,
    Receipt,
    ReceiptKind,
    RenderedLine,
    Statement,
    StatementGroup,
    StatementLine,
    StatementLineKind,
    StatementTotals,
    StoredCard,
    card_expiry,
    line,
)
from commtrak.finance.money import MAX_AMOUNT, ROUNDING, Money
from commtrak.finance.panel import LedgerFigures
from commtrak.finance.references import CUSTOMER_REFERENCES
from commtrak.finance.vault import MemoryCardVault

__all__ = [
    "CUSTOMER_REFERENCES",
    "ISO_4217_MINOR_UNITS",
    "MAX_AMOUNT",
    "ROUNDING",
    "AgedDebt",
    "Breakdown",
    "CardBrand",
    "CardExpiry",
    "CreditNote",
    "Currency",
    "EntryKind",
    "Finance",
    "FinanceAction",
    "FinanceJournalEntry",
    "Invoice",
    "InvoiceState",
    "Job",
    "JobClaim",
    "JobState",
    "JobsInvoiced",
    "LedgerEntry",
    "LedgerFigures",
    "Line",
    "LineCategory",
    "MemoryCardVault",
    "Money",
    "Receipt",
    "ReceiptKind",
    "RenderedLine",
    "Statement",
    "StatementGroup",
    "StatementLine",
    "StatementLineKind",
    "StatementTotals",
    "StoredCard",
    "card_expiry",
    "currency",
    "line",
    "of",
]
