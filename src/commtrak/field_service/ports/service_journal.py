"""The service journal port."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Protocol

from commtrak.field_service.model.service_journal import ServiceJournalEntry
from commtrak.ports import CustomerChildRepository

__all__ = ["ServiceJournalRepository"]


class ServiceJournalRepository(CustomerChildRepository, Protocol):
    """Stores the service journal. Entries are only ever added."""

    def add(self, entries: Sequence[ServiceJournalEntry]) -> None:
        """Store new entries (one statement on SQL)."""

    def for_customer(self, customer_id: uuid.UUID) -> list[ServiceJournalEntry]:
        """Return the customer's entries, oldest first, then by id."""
        ...

    def scan(self, after: uuid.UUID | None, limit: int) -> list[ServiceJournalEntry]:
        """Return up to *limit* entries with ids after *after*, by id (for export)."""
        ...
