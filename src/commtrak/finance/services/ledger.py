"""The ledger: its entries, the balances summed from them, and reversals."""

from __future__ import annotations

import uuid

from commtrak.errors import Conflict
from commtrak.finance.model.journal import FinanceAction, FinanceJournalEntry
from commtrak.finance.model.ledger import SOURCE_KINDS, EntryKind, LedgerEntry
from commtrak.finance.money import Money
from commtrak.finance.services._base import FinanceService
from commtrak.model.ids import new_id
from commtrak.model.permissions import Permission
from commtrak.services._base import atomic, requires

__all__ = ["LedgerService"]


class LedgerService(FinanceService):
    """Reads the ledger and its balances; reverses entries by adding new ones."""

    def entries(self, customer_id: uuid.UUID) -> list[LedgerEntry]:
        """Return the customer's entries, oldest first.

        Raises:
            NotFound: ``customer``.
        """
        customer = self._customers.get(customer_id)
        return self._finance.ledger.for_customer(customer.id)

    def entry(self, entry_id: uuid.UUID) -> LedgerEntry:
        """Return one entry.

        Raises:
            NotFound: ``ledger_entry``.
        """
        return self._finance.ledger.get(entry_id)

    def customer_balance(self, customer_id: uuid.UUID) -> dict[str, Money]:
        """Return, by currency code, what the customer owes less its unallocated credit.

        Negative when the customer has more credit than debt.

        Raises:
            NotFound: ``customer``.
        """
        customer = self._customers.get(customer_id)
        return self._finance.ledger.customer_balances(customer.id)

    def open_invoices(self, customer_id: uuid.UUID) -> dict[uuid.UUID, Money]:
        """Return the open balance of each of the customer's invoices that owes something.

        Raises:
            NotFound: ``customer``.
        """
        customer = self._customers.get(customer_id)
        balances = self._finance.ledger.invoice_balances(customer.id)
        return {key: value for key, value in balances.items() if value.amount}

    def unallocated_credits(self, customer_id: uuid.UUID) -> dict[uuid.UUID, Money]:
        """Return the unallocated amount of each of the customer's credits that has some.

        Raises:
            NotFound: ``customer``.
        """
        customer = self._customers.get(customer_id)
        balances = self._finance.ledger.source_balances(customer.id)
        return {key: value for key, value in balances.items() if value.amount}

    def totals(self) -> dict[str, Money]:
        """Return, by currency code, the sum of every customer's balance in the store."""
        return self._finance.ledger.totals()

    def journal(self, customer_id: uuid.UUID) -> list[FinanceJournalEntry]:
        """Return the finance journal of a customer, oldest first.

        Raises:
            NotFound: ``customer``.
        """
        customer = self._customers.get(customer_id)
        return self._finance.journal.for_customer(customer.id)

    @requires(Permission.FINANCE_POST, "reverse ledger entries")
    @atomic
    def reverse(self, entry_id: uuid.UUID) -> LedgerEntry:
        """Reverse an entry by adding one with the opposite effects.

        An allocation or a credit note against an invoice can always be reversed; a
        payment, an account credit or a credit note to the customer only while none of
        it is allocated (reverse its allocations first). An invoice's entry is reversed
        by voiding the invoice.

        Raises:
            NotFound: ``ledger_entry``.
            Conflict: ``entry_id``/``already_reversed``, ``entry_id``/``reversal`` (a
                reversal is not reversed), ``entry_id``/``void_instead`` (an invoice's
                entry), ``entry_id``/``allocated_source`` (a credit partly allocated).
        """
        finance = self._finance
        entry = finance.ledger.get(entry_id)
        if entry.kind is EntryKind.REVERSAL:
            raise Conflict("entry_id", "reversal", "a reversal cannot be reversed")
        if entry.kind is EntryKind.INVOICE:
            raise Conflict("entry_id", "void_instead", "void the invoice to reverse its entry")
        if entry.source_id is not None:
            self._lock_source(entry.source_id)
        if entry.invoice_id is not None:
            finance.invoices.get(entry.invoice_id, for_update=True)
        if finance.ledger.reversal_of(entry.id) is not None:
            raise Conflict("entry_id", "already_reversed", "the entry was reversed already")
        if entry.kind in SOURCE_KINDS and entry.source_id is not None:
            left = finance.ledger.source_balance(entry.source_id) or Money.zero(entry.currency)
            if left != entry.source_effect:
                raise Conflict(
                    "entry_id",
                    "allocated_source",
                    f"{entry.source_effect - left} of it is allocated; reverse that first",
                )
        now = self._session.now()
        reversal = self._record(entry.reversal(new_id(), now.date(), now, self._session.actor.name))
        self._journal(
            FinanceAction.REVERSED, entry.customer_id, reversal.id, f"{entry.kind} reversed"
        )
        return reversal
