"""The invoice-address port: invoice addresses and the customers they serve.

See :mod:`commtrak.ports` for the orders and the error contract every port shares.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection
from typing import Protocol

from commtrak.model.invoice_addresses import InvoiceAddress
from commtrak.ports.customers import CustomerChildRepository

__all__ = ["InvoiceAddressRepository"]


class InvoiceAddressRepository(CustomerChildRepository, Protocol):
    """Stores :class:`~commtrak.model.InvoiceAddress` records and who uses them.

    The customers an invoice address is assigned to are *links*: a customer has each
    invoice address at most once. :meth:`count_for_customer` counts a customer's links
    and :meth:`reassign_customer` moves them, never making a second link to one address.
    """

    def add(self, invoice_address: InvoiceAddress) -> None:
        """Store a new invoice address.

        Raises:
            Conflict: ``id``/``unique_id`` when one with that id exists.
        """

    def get(self, invoice_address_id: uuid.UUID, *, for_update: bool = False) -> InvoiceAddress:
        """Return the invoice address with that id, deleted or not, as stored.

        Raises:
            NotFound: ``invoice_address`` when there is none.
        """
        ...

    def update(self, invoice_address: InvoiceAddress) -> None:
        """Replace the stored invoice address that has ``invoice_address.id``.

        Raises:
            NotFound: ``invoice_address`` when there is none.
        """

    def link(self, invoice_address_id: uuid.UUID, customer_id: uuid.UUID) -> None:
        """Assign the invoice address to the customer; assigning it twice changes nothing."""

    def unlink(self, invoice_address_id: uuid.UUID, customer_id: uuid.UUID) -> None:
        """Take the invoice address from the customer, if it had it."""

    def unlink_all(self, invoice_address_id: uuid.UUID) -> int:
        """Take the invoice address from every customer; return from how many."""
        ...

    def erase(self, invoice_address_id: uuid.UUID) -> None:
        """Delete the invoice address for good; the caller unlinked it first.

        An administrator's deletion of the customer whose work address it was made
        from (a deleted address is otherwise kept, see ``InvoiceAddress.deleted``).
        """

    def made_from(self, work_address_ids: Collection[uuid.UUID]) -> list[InvoiceAddress]:
        """Return the invoice addresses enabled from any of the work addresses, deleted too."""
        ...

    def customers_of(self, invoice_address_id: uuid.UUID) -> list[uuid.UUID]:
        """Return the customers the invoice address is assigned to, by the text of the id."""
        ...

    def for_customer(self, customer_id: uuid.UUID) -> list[InvoiceAddress]:
        """Return the invoice addresses assigned to a customer, in invoice address order."""
        ...

    def enabled_for(
        self,
        *,
        landlord_id: uuid.UUID | None = None,
        work_address_id: uuid.UUID | None = None,
    ) -> InvoiceAddress | None:
        """Return the undeleted invoice address enabled for that landlord or work address."""
        ...

    def scan(self, after: uuid.UUID | None, limit: int) -> list[InvoiceAddress]:
        """Return up to *limit* invoice addresses whose id sorts after *after*, by id text.

        Deleted ones too, as stored (export).
        """
        ...

    def scan_links(
        self, after: tuple[uuid.UUID, uuid.UUID] | None, limit: int
    ) -> list[tuple[uuid.UUID, uuid.UUID]]:
        """Return up to *limit* links ``(invoice_address_id, customer_id)`` after *after*.

        Links are ordered by the text of the invoice address id, then of the customer
        id (export).
        """
        ...
