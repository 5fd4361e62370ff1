"""The invoice port: the minimal invoice record and a customer's account figures.

See :mod:`commtrak.ports` for the orders and the error contract every port shares.
"""

from __future__ import annotations

import uuid
from typing import Protocol

from commtrak.model.invoices import AccountFigures, Invoice
from commtrak.ports.customers import CustomerChildRepository

__all__ = ["InvoiceRepository"]


class InvoiceRepository(CustomerChildRepository, Protocol):
    """Stores the minimal :class:`~commtrak.model.Invoice` records."""

    def add(self, invoice: Invoice) -> None:
        """Store a new invoice.

        Raises:
            Conflict: ``id``/``unique_id`` when an invoice with that id exists.
        """

    def get(self, invoice_id: uuid.UUID, *, for_update: bool = False) -> Invoice:
        """Return the invoice with that id, locking it with *for_update*.

        Raises:
            NotFound: ``invoice`` when there is none.
        """
        ...

    def update(self, invoice: Invoice) -> None:
        """Replace the stored invoice that has ``invoice.id``.

        Raises:
            NotFound: ``invoice`` when there is none.
        """

    def for_customer(self, customer_id: uuid.UUID) -> list[Invoice]:
        """Return a customer's invoices in invoice order."""
        ...

    def count_active_for_invoice_address(
        self, invoice_address_id: uuid.UUID, *, customer_id: uuid.UUID | None = None
    ) -> int:
        """Return how many draft or issued invoices name the invoice address.

        With *customer_id*, only that customer's invoices count.
        """
        ...

    def figures(self, customer_id: uuid.UUID) -> AccountFigures:
        """Return the customer's account figures (see :class:`~commtrak.model.AccountFigures`).

        One aggregate query on SQL backends: sums and a minimum, no rows loaded.
        """
        ...

    def scan(self, after: uuid.UUID | None, limit: int) -> list[Invoice]:
        """Return up to *limit* invoices whose id sorts after *after*, by id text (export)."""
        ...
