"""The finance services, each made once per session by :meth:`UnitOfWork.service`.

Reach them with ``session.service(InvoiceService)`` or through the typed facade
:func:`commtrak.finance.of`.
"""

from __future__ import annotations

from commtrak.finance.services.cards import CardService
from commtrak.finance.services.credit_notes import CREDIT_NOTE_SEQUENCE, CreditNoteService
from commtrak.finance.services.invoices import INVOICE_SEQUENCE, InvoiceService
from commtrak.finance.services.jobs import JobService
from commtrak.finance.services.ledger import LedgerService
from commtrak.finance.services.receipts import ReceiptService
from commtrak.finance.services.statements import StatementService

__all__ = [
    "CREDIT_NOTE_SEQUENCE",
    "INVOICE_SEQUENCE",
    "CardService",
    "CreditNoteService",
    "InvoiceService",
    "JobService",
    "LedgerService",
    "ReceiptService",
    "StatementService",
]
