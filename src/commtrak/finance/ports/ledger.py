"""The ledger port: entries only ever added, balances only ever summed.

Every balance method is one set-based query on SQL backends (a ``SUM ... GROUP BY``
over the ledger), never a stored figure. See :mod:`commtrak.finance.ports`.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Protocol

from commtrak.finance.model.ledger import LedgerEntry
from commtrak.finance.money import Money
from commtrak.ports import CustomerChildRepository

__all__ = ["LedgerRepository"]


class LedgerRepository(CustomerChildRepository, Protocol):
    """Stores the ledger and sums it."""

    def add(self, entries: Sequence[LedgerEntry]) -> None:
        """Store new entries.

        Raises:
            Conflict: ``entry_id``/``already_reversed`` when one reverses an entry that
                another entry reverses already.
        """

    def get(self, entry_id: uuid.UUID) -> LedgerEntry:
        """Return the entry.

        Raises:
            NotFound: ``ledger_entry``.
        """
        ...

    def reversal_of(self, entry_id: uuid.UUID) -> LedgerEntry | None:
        """Return the entry that reverses *entry_id*, if there is one."""
        ...

    def for_customer(self, customer_id: uuid.UUID) -> list[LedgerEntry]:
        """Return the customer's entries, oldest first (recorded time, then id text)."""
        ...

    def for_invoice(self, invoice_id: uuid.UUID) -> list[LedgerEntry]:
        """Return the entries on the invoice's balance, oldest first."""
        ...

    def for_source(self, source_id: uuid.UUID) -> list[LedgerEntry]:
        """Return the entries on the credit's unallocated amount, oldest first."""
        ...

    def invoice_balances(self, customer_id: uuid.UUID) -> dict[uuid.UUID, Money]:
        """Return the open balance of each of the customer's invoices in the ledger."""
        ...

    def invoice_balance(self, invoice_id: uuid.UUID) -> Money | None:
        """Return the invoice's open balance, or ``None`` if it has no entries."""
        ...

    def source_balances(self, customer_id: uuid.UUID) -> dict[uuid.UUID, Money]:
        """Return the unallocated amount of each of the customer's credits."""
        ...

    def source_balance(self, source_id: uuid.UUID) -> Money | None:
        """Return the credit's unallocated amount, or ``None`` if it has no entries."""
        ...

    def customer_balances(self, customer_id: uuid.UUID) -> dict[str, Money]:
        """Return, by currency code, what the customer owes less its unallocated credit."""
        ...

    def totals(self) -> dict[str, Money]:
        """Return, by currency code, the sum of every entry's customer effect."""
        ...

    def scan(self, after: uuid.UUID | None, limit: int) -> list[LedgerEntry]:
        """Return up to *limit* entries whose id sorts after *after*, by id text (export)."""
        ...
