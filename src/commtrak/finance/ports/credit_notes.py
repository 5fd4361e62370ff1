"""The credit-note port. See :mod:`commtrak.finance.ports`."""

from __future__ import annotations

import uuid
from typing import Protocol

from commtrak.finance.model.credit_notes import CreditNote
from commtrak.ports import CustomerChildRepository

__all__ = ["CreditNoteRepository"]


class CreditNoteRepository(CustomerChildRepository, Protocol):
    """Stores credit notes and their lines. Credit notes are only ever added."""

    def add(self, credit_note: CreditNote) -> None:
        """Store a new credit note with its lines."""

    def get(self, credit_note_id: uuid.UUID, *, for_update: bool = False) -> CreditNote:
        """Return the credit note; *for_update* locks its row.

        Raises:
            NotFound: ``credit_note``.
        """
        ...

    def for_customer(self, customer_id: uuid.UUID) -> list[CreditNote]:
        """Return the customer's credit notes, by date, then the text of the id."""
        ...

    def scan(self, after: uuid.UUID | None, limit: int) -> list[CreditNote]:
        """Return up to *limit* credit notes whose id sorts after *after*, by id text (export)."""
        ...
