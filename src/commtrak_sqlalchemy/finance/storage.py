"""The finance repositories of one SQL transaction."""

from __future__ import annotations

from commtrak_sqlalchemy._db import Db
from commtrak_sqlalchemy.finance.cards import SqlCards
from commtrak_sqlalchemy.finance.documents import SqlCreditNotes, SqlInvoices, SqlReceipts
from commtrak_sqlalchemy.finance.jobs import SqlJobs
from commtrak_sqlalchemy.finance.journal import SqlFinanceJournal
from commtrak_sqlalchemy.finance.ledger import SqlLedger
from commtrak_sqlalchemy.finance.reports import SqlFinanceReports
from commtrak_sqlalchemy.finance.sequences import SqlSequences

__all__ = ["SqlFinance"]


class SqlFinance:
    """Implements :class:`~commtrak.finance.ports.FinanceStorage` over one transaction's *db*."""

    def __init__(self, db: Db) -> None:
        self.invoices = SqlInvoices(db)
        self.credit_notes = SqlCreditNotes(db)
        self.receipts = SqlReceipts(db)
        self.ledger = SqlLedger(db)
        self.sequences = SqlSequences(db)
        self.journal = SqlFinanceJournal(db)
        self.jobs = SqlJobs(db)
        self.cards = SqlCards(db)
        self.reports = SqlFinanceReports(db)
