"""The finance journal port."""

from __future__ import annotations

import uuid
from typing import Protocol

from commtrak.finance.model.journal import FinanceJournalEntry
from commtrak.ports import CustomerChildRepository

__all__ = ["FinanceJournalRepository"]


class FinanceJournalRepository(CustomerChildRepository, Protocol):
    """Stores the finance journal. Entries are only ever added."""

    def add(self, entry: FinanceJournalEntry) -> None:
        """Store a new entry."""

    def for_customer(self, customer_id: uuid.UUID) -> list[FinanceJournalEntry]:
        """Return the customer's entries, oldest first, then by id text."""
        ...
