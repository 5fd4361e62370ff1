"""The finance ports: what a backend implements to store finance.

They follow the core's conventions (:mod:`commtrak.ports`): a backend stores and sums,
the services check every rule first, and no driver exception escapes. Orders: invoices,
credit notes and receipts by their date, then the text of the id; ledger and journal
entries by the time recorded, then the text of the id.
"""

from __future__ import annotations

from commtrak.finance.ports.cards import CardVault, StoredCardRepository
from commtrak.finance.ports.credit_notes import CreditNoteRepository
from commtrak.finance.ports.invoices import InvoiceRepository
from commtrak.finance.ports.jobs import JobRepository
from commtrak.finance.ports.journal import FinanceJournalRepository
from commtrak.finance.ports.ledger import LedgerRepository
from commtrak.finance.ports.receipts import ReceiptRepository
from commtrak.finance.ports.reports import FinanceReports
from commtrak.finance.ports.sequences import NumberSequence
from commtrak.finance.ports.storage import FinanceStorage, FinanceTransaction, finance_storage

__all__ = [
    "CardVault",
    "CreditNoteRepository",
    "FinanceJournalRepository",
    "FinanceReports",
    "FinanceStorage",
    "FinanceTransaction",
    "InvoiceRepository",
    "JobRepository",
    "LedgerRepository",
    "NumberSequence",
    "ReceiptRepository",
    "StoredCardRepository",
    "finance_storage",
]
