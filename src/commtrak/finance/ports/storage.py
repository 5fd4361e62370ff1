"""How finance reaches a backend's transaction without the core knowing of finance.

A backend that stores finance gives its transaction object one more attribute,
``finance``, returning :class:`FinanceStorage` (the finance repositories over the same
connection or undo log as the core repositories, so that one commit or rollback covers
both). The core's :class:`~commtrak.ports.Transaction` protocol does not mention it;
:func:`finance_storage` finds it on the session's transaction, and a backend without it
gets :class:`~commtrak.BackendUnavailable` the first time finance is used.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from commtrak.errors import BackendUnavailable
from commtrak.finance.ports.cards import StoredCardRepository
from commtrak.finance.ports.credit_notes import CreditNoteRepository
from commtrak.finance.ports.invoices import InvoiceRepository
from commtrak.finance.ports.jobs import JobRepository
from commtrak.finance.ports.journal import FinanceJournalRepository
from commtrak.finance.ports.ledger import LedgerRepository
from commtrak.finance.ports.receipts import ReceiptRepository
from commtrak.finance.ports.reports import FinanceReports
from commtrak.finance.ports.sequences import NumberSequence
from commtrak.ports import Transaction

__all__ = ["FinanceStorage", "FinanceTransaction", "finance_storage"]


class FinanceStorage(Protocol):
    """The finance repositories of one backend transaction."""

    @property
    def invoices(self) -> InvoiceRepository:
        """The invoices."""
        ...

    @property
    def credit_notes(self) -> CreditNoteRepository:
        """The credit notes."""
        ...

    @property
    def receipts(self) -> ReceiptRepository:
        """The payments and account credits."""
        ...

    @property
    def ledger(self) -> LedgerRepository:
        """The ledger."""
        ...

    @property
    def sequences(self) -> NumberSequence:
        """The gapless number sequences."""
        ...

    @property
    def journal(self) -> FinanceJournalRepository:
        """The finance journal."""
        ...

    @property
    def jobs(self) -> JobRepository:
        """The host's jobs and their claims on final invoices."""
        ...

    @property
    def cards(self) -> StoredCardRepository:
        """The stored cards (tokens, never numbers)."""
        ...

    @property
    def reports(self) -> FinanceReports:
        """Statements, aged debt and the side panel's figures, summed from the ledger."""
        ...


@runtime_checkable
class FinanceTransaction(Protocol):
    """A backend transaction that stores finance too."""

    @property
    def finance(self) -> FinanceStorage:
        """The finance repositories of this transaction."""
        ...


def finance_storage(transaction: Transaction) -> FinanceStorage:
    """Return the finance repositories of *transaction*.

    Raises:
        BackendUnavailable: when the backend does not store finance.
    """
    if not isinstance(transaction, FinanceTransaction):
        raise BackendUnavailable(
            f"this store's backend ({type(transaction).__module__}) does not store finance",
            rule="missing_capability",
        )
    return transaction.finance
