"""What every finance service shares: the finance storage, the journal, ledger entries."""

from __future__ import annotations

import datetime
import uuid

from commtrak.errors import NotFound
from commtrak.finance.currencies import Currency
from commtrak.finance.model.journal import FinanceAction, FinanceJournalEntry
from commtrak.finance.model.ledger import SOURCE_KINDS, EntryKind, LedgerEntry
from commtrak.finance.money import Money
from commtrak.finance.ports.storage import FinanceStorage, finance_storage
from commtrak.model.ids import new_id
from commtrak.services._base import Service

__all__ = ["FinanceService"]


class FinanceService(Service):
    """Base of the finance services: a core service with the finance repositories."""

    @property
    def _finance(self) -> FinanceStorage:
        return finance_storage(self._session.transaction)

    def _journal(
        self, action: FinanceAction, customer_id: uuid.UUID, subject_id: uuid.UUID, summary: str
    ) -> FinanceJournalEntry:
        """Record who did *action* to *subject_id*, and when, in the finance journal."""
        entry = FinanceJournalEntry(
            id=new_id(),
            customer_id=customer_id,
            action=action,
            subject_id=subject_id,
            at=self._session.now(),
            by=self._session.actor.name,
            summary=summary,
        )
        self._finance.journal.add(entry)
        return entry

    def _entry(
        self,
        kind: EntryKind,
        customer_id: uuid.UUID,
        currency: Currency,
        on: datetime.date,
        *,
        invoice_id: uuid.UUID | None = None,
        source_id: uuid.UUID | None = None,
        invoice_effect: Money | None = None,
        source_effect: Money | None = None,
    ) -> LedgerEntry:
        """Make a new ledger entry (not stored yet); an effect left out is zero."""
        zero = Money.zero(currency)
        return LedgerEntry(
            id=new_id(),
            customer_id=customer_id,
            kind=kind,
            currency=currency,
            on=on,
            invoice_id=invoice_id,
            source_id=source_id,
            invoice_effect=zero if invoice_effect is None else invoice_effect,
            source_effect=zero if source_effect is None else source_effect,
            reverses=None,
            recorded_at=self._session.now(),
            recorded_by=self._session.actor.name,
        )

    def _record(self, entry: LedgerEntry) -> LedgerEntry:
        """Add *entry* to the ledger."""
        self._finance.ledger.add([entry])
        return entry

    def _lock_source(self, source_id: uuid.UUID) -> LedgerEntry:
        """Lock the credit's row and return the ledger entry that made it."""
        finance = self._finance
        made = [e for e in finance.ledger.for_source(source_id) if e.kind in SOURCE_KINDS]
        if not made:
            raise NotFound("credit", source_id)
        if made[0].kind is EntryKind.CREDIT_NOTE:
            finance.credit_notes.get(source_id, for_update=True)
        else:
            finance.receipts.get(source_id, for_update=True)
        return made[0]
