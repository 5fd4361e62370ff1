"""The typed facade of the finance services on one session: ``finance.of(session)``."""

from __future__ import annotations

import functools

from commtrak.finance.services.cards import CardService
from commtrak.finance.services.credit_notes import CreditNoteService
from commtrak.finance.services.invoices import InvoiceService
from commtrak.finance.services.jobs import JobService
from commtrak.finance.services.ledger import LedgerService
from commtrak.finance.services.receipts import ReceiptService
from commtrak.finance.services.statements import StatementService
from commtrak.unit_of_work import UnitOfWork

__all__ = ["Finance", "of"]


class Finance:
    """The finance services of one session, one typed property each.

    Every property returns the session's own instance of its service (made once per
    session by :meth:`UnitOfWork.service <commtrak.unit_of_work.UnitOfWork.service>`),
    so ``of(s).invoices is s.service(InvoiceService)``.
    """

    def __init__(self, session: UnitOfWork) -> None:
        self._session = session

    @functools.cached_property
    def invoices(self) -> InvoiceService:
        """The invoices, to draft, finalise with a gapless number, and void."""
        return self._session.service(InvoiceService)

    @functools.cached_property
    def credit_notes(self) -> CreditNoteService:
        """Credit notes, to a customer or against an invoice."""
        return self._session.service(CreditNoteService)

    @functools.cached_property
    def receipts(self) -> ReceiptService:
        """The payments and account credits, and their allocation to invoices."""
        return self._session.service(ReceiptService)

    @functools.cached_property
    def ledger(self) -> LedgerService:
        """The ledger, with its balances and reversals."""
        return self._session.service(LedgerService)

    @functools.cached_property
    def jobs(self) -> JobService:
        """The host's jobs, for consolidated invoices and the profit report."""
        return self._session.service(JobService)

    @functools.cached_property
    def cards(self) -> CardService:
        """Stored cards, by token only."""
        return self._session.service(CardService)

    @functools.cached_property
    def statements(self) -> StatementService:
        """Statements as of a date, the aged-debt report, and their rendering."""
        return self._session.service(StatementService)


def of(session: UnitOfWork) -> Finance:
    """Return the finance services of *session* (a :class:`~commtrak.Session`)."""
    return session.service(Finance)
