"""The journal ports: the duplicate-merge journal, the customer journal, the erasures.

See :mod:`commtrak.ports` for the orders and the error contract every port shares.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Sequence
from typing import Protocol

from commtrak.model.customer_journal import CustomerJournalEntry
from commtrak.model.duplicates import MergeJournalEntry
from commtrak.model.erasures import CustomerErasure

__all__ = ["CustomerJournalRepository", "ErasureJournalRepository", "JournalRepository"]


class JournalRepository(Protocol):
    """Stores the merge journal. Entries are only ever added, except by an erasure."""

    def add(self, entries: Sequence[MergeJournalEntry]) -> None:
        """Store new entries (one statement on SQL backends)."""

    def scan(self, after: uuid.UUID | None, limit: int) -> list[MergeJournalEntry]:
        """Return up to *limit* entries whose id sorts after *after*, by id text."""
        ...

    def for_group(self, group_id: uuid.UUID) -> list[MergeJournalEntry]:
        """Return a group's entries, oldest first (then by id)."""
        ...

    def for_contact(self, contact_id: uuid.UUID) -> list[MergeJournalEntry]:
        """Return the entries naming a contact as survivor or archived, oldest first."""
        ...

    def erase_for_contacts(self, contact_ids: Collection[uuid.UUID]) -> int:
        """Remove every entry naming one of the contacts (a customer's deletion).

        An entry holds the merged set's email key and the survivor's changed values,
        which are the erased contacts' data wherever they appear in it.

        Returns:
            How many entries were removed.
        """
        ...


class CustomerJournalRepository(Protocol):
    """Stores the customer journal. Entries are only ever added, except by an erasure."""

    def add(self, entry: CustomerJournalEntry) -> None:
        """Store a new entry.

        Raises:
            Conflict: ``id``/``unique_id`` when an entry with that id exists.
        """

    def for_customer(self, customer_id: uuid.UUID) -> list[CustomerJournalEntry]:
        """Return the entries naming the customer as ``customer_id`` or ``other_id``.

        Ordered oldest first, then by the text of the id.
        """
        ...

    def scan(self, after: uuid.UUID | None, limit: int) -> list[CustomerJournalEntry]:
        """Return up to *limit* entries whose id sorts after *after*, by id text (export)."""
        ...

    def erase_for_customer(self, customer_id: uuid.UUID) -> int:
        """Remove the entries naming the customer (a customer's deletion); return how many."""
        ...


class ErasureJournalRepository(Protocol):
    """Stores the erasure journal, apart from the rows an erasure deletes; only added to."""

    def add(self, entry: CustomerErasure) -> None:
        """Store a new entry.

        Raises:
            Conflict: ``id``/``unique_id`` when an entry with that id exists.
        """

    def for_customer(self, customer_id: uuid.UUID) -> list[CustomerErasure]:
        """Return the entries of a deleted customer, oldest first (then by id text)."""
        ...

    def scan(self, after: uuid.UUID | None, limit: int) -> list[CustomerErasure]:
        """Return up to *limit* entries whose id sorts after *after*, by id text (export)."""
        ...
