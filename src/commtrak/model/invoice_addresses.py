"""Invoice addresses: where a customer's invoices go instead of its own address (seed 004).

An invoice address is either an *alternative recipient* (an insurer, say) with a name
and address of its own, or a landlord or work address *enabled* as an invoice address,
which keeps no copy of their details: it names its source, and is read through it, so
an edit of the landlord or work address shows on every invoice address view at once.
One invoice address may be shared by several customers.
"""

from __future__ import annotations

import uuid

import attrs

from commtrak.model._text import fold
from commtrak.model.customers import Address

__all__ = ["InvoiceAddress", "InvoiceAddressUsage", "invoice_address_order_key"]


@attrs.frozen
class InvoiceAddress:
    """A recipient of invoices, shareable by several customers.

    Attributes:
        id: Made by the library.
        name: The recipient's name; for an enabled landlord or work address, the
            source's current name (the stored row keeps none).
        address: The recipient's address; likewise read from the source.
        landlord_id: The landlord enabled as this invoice address, if it is one.
        work_address_id: The work address enabled as this invoice address, if it is one.
        deleted: Deleted invoice addresses are kept, unlinked from every customer, so
            that settled invoices that name them still print.
    """

    id: uuid.UUID
    name: str = ""
    address: Address = attrs.field(factory=Address)
    landlord_id: uuid.UUID | None = None
    work_address_id: uuid.UUID | None = None
    deleted: bool = False


def invoice_address_order_key(invoice_address: InvoiceAddress) -> tuple[str, str]:
    """Order invoice address listings: folded name, then id.

    Enabled landlords and work addresses are ordered by their stored (blank) name,
    so they come first, by id, on every backend.
    """
    return (fold(invoice_address.name), str(invoice_address.id))


@attrs.frozen
class InvoiceAddressUsage:
    """Who an invoice address would be taken from by deleting it.

    Attributes:
        invoice_address: The invoice address.
        customer_ids: The customers it is assigned to, by id text.
        active_invoices: How many active invoices name it; deleting is refused while
            there are any.
    """

    invoice_address: InvoiceAddress
    customer_ids: tuple[uuid.UUID, ...]
    active_invoices: int

    @property
    def shared(self) -> bool:
        """Whether more than one customer uses it (deleting needs a confirmation)."""
        return len(self.customer_ids) > 1
