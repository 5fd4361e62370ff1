"""The invoice port. See :mod:`commtrak.finance.ports` for what every finance port shares."""

from __future__ import annotations

import uuid
from typing import Protocol

from commtrak.finance.model.invoices import Invoice
from commtrak.ports import CustomerChildRepository

__all__ = ["InvoiceRepository"]


class InvoiceRepository(CustomerChildRepository, Protocol):
    """Stores invoices and their lines."""

    def add(self, invoice: Invoice) -> None:
        """Store a new invoice with its lines."""

    def get(self, invoice_id: uuid.UUID, *, for_update: bool = False) -> Invoice:
        """Return the invoice; *for_update* locks its row until the transaction ends.

        Raises:
            NotFound: ``invoice``.
        """
        ...

    def update(self, invoice: Invoice) -> None:
        """Replace a stored invoice (its state, number and lines).

        Raises:
            NotFound: ``invoice``.
            Conflict: ``number``/``unique_number`` if its number is another's.
        """

    def for_customer(self, customer_id: uuid.UUID) -> list[Invoice]:
        """Return the customer's invoices, by invoice date, then the text of the id."""
        ...

    def scan(self, after: uuid.UUID | None, limit: int) -> list[Invoice]:
        """Return up to *limit* invoices whose id sorts after *after*, by id text (export)."""
        ...
