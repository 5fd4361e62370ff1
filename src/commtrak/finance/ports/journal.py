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

    def scan(self, after: uuid.UUID | None, limit: int) -> list[FinanceJournalEntry]:
        """Return up to *limit* entries whose id sorts after *after*, by id text (export)."""
        ...
