"""The receipt port (payments and account credits). See :mod:`commtrak.finance.ports`."""

from __future__ import annotations

import uuid
from typing import Protocol

from commtrak.finance.model.receipts import Receipt
from commtrak.ports import CustomerChildRepository

__all__ = ["ReceiptRepository"]


class ReceiptRepository(CustomerChildRepository, Protocol):
    """Stores payments and account credits. They are only ever added."""

    def add(self, receipt: Receipt) -> None:
        """Store a new receipt."""

    def get(self, receipt_id: uuid.UUID, *, for_update: bool = False) -> Receipt:
        """Return the receipt; *for_update* locks its row.

        Raises:
            NotFound: ``receipt``.
        """
        ...

    def for_customer(self, customer_id: uuid.UUID) -> list[Receipt]:
        """Return the customer's receipts, by date, then the text of the id."""
        ...

    def scan(self, after: uuid.UUID | None, limit: int) -> list[Receipt]:
        """Return up to *limit* receipts whose id sorts after *after*, by id text (export)."""
        ...
