"""References to customers, which a customer merge repoints to the surviving customer.

Everything that belongs to or names a customer is a *customer reference*: an object
that counts the records naming one customer and repoints them to another, inside the
merge's own transaction. commtrak's own children of a customer (contacts, branches,
work addresses, invoice addresses, invoices, tickets, data sheets, and the data-sheet
templates assigned to it for the portal) are references like any other; a host
application passes its own (jobs, estimates...) to :func:`commtrak.open_store` as
``customer_references``, so that one merge moves everything, or nothing.

Repointing is set-based: one call per kind, one statement per referencing table on SQL.

An administrator's deletion of a customer (``s.customers.delete``) asks every reference
too: a reference that is :class:`Erasable` deletes the customer's records with it; one
whose records must be kept (``retained``, as finance's are) or that cannot erase (a host
reference without ``erase``) refuses the deletion while it counts any record, and the
refusal names it. The bounded contexts above the core (finance, the service context)
contribute their references through the ``commtrak.customer_references`` entry-point
group, so every store knows them without the host passing them.
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Callable, Iterable
from typing import Protocol, runtime_checkable

import attrs

from commtrak._entry_points import contributions
from commtrak.errors import Conflict, PluginError
from commtrak.model.customer_merge import CUSTOM_VALUES_KIND, unite_portal_templates
from commtrak.ports import CustomerChildRepository, Transaction

__all__ = [
    "BUILT_IN_CUSTOMER_REFERENCES",
    "CONTACT_RECORDS",
    "ENTRY_POINT_GROUP",
    "ChildRecords",
    "CustomerReference",
    "Erasable",
    "InvoiceAddressLinks",
    "PortalTemplateChoice",
    "WorkAddressRecords",
    "contributed_references",
    "unique_kinds",
]

#: The entry-point group through which contexts and plugins add customer references.
ENTRY_POINT_GROUP = "commtrak.customer_references"


@runtime_checkable
class CustomerReference(Protocol):
    """A place that refers to customers.

    Implementations run inside the merge's transaction and must make their writes part
    of it, so that a failed merge leaves them unchanged too.
    """

    @property
    def kind(self) -> str:
        """A stable name for the place, e.g. ``"host.job_customer"``."""
        ...

    def count(self, transaction: Transaction, customer_id: uuid.UUID) -> int:
        """Return how many records name the customer (one counting query)."""
        ...

    def repoint(self, transaction: Transaction, from_id: uuid.UUID, to_id: uuid.UUID) -> int:
        """Point every record naming *from_id* at *to_id*; return how many moved."""
        ...


@runtime_checkable
class Erasable(Protocol):
    """A customer reference that can delete a customer's records with the customer."""

    @property
    def retained(self) -> bool:
        """True when its records must be kept, so a deletion is refused while any exist."""
        ...

    def erase(self, transaction: Transaction, customer_id: uuid.UUID) -> int:
        """Delete every record naming the customer, in *transaction*; return how many."""
        ...


@attrs.frozen
class ChildRecords:
    """A commtrak repository whose records belong to a customer, as a reference.

    Attributes:
        kind: The reference's stable name.
        repository: The repository of the records, in a transaction.
        retained: The records must be kept (finance's, for the accounts): deleting a
            customer that has any is refused, naming *kind*.
    """

    kind: str
    repository: Callable[[Transaction], CustomerChildRepository]
    retained: bool = False

    def count(self, transaction: Transaction, customer_id: uuid.UUID) -> int:
        """Count the customer's records."""
        return self.repository(transaction).count_for_customer(customer_id)

    def repoint(self, transaction: Transaction, from_id: uuid.UUID, to_id: uuid.UUID) -> int:
        """Give the records of *from_id* to *to_id*."""
        return self.repository(transaction).reassign_customer(from_id, to_id)

    def erase(self, transaction: Transaction, customer_id: uuid.UUID) -> int:
        """Delete the customer's records (never called for a retained kind)."""
        return self.repository(transaction).erase_for_customer(customer_id)


@attrs.frozen
class PortalTemplateChoice:
    """The data-sheet templates assigned to a customer for the portal, as a reference.

    A customer has one assignment at most, so it counts 1 or 0. A merge gives the
    survivor the merged customer's templates as well as its own
    (:func:`~commtrak.model.customer_merge.unite_portal_templates`), so that the drafts
    that moved with the merged customer can still be finished and submitted. The merged
    customer's own assignment is left as it was, like the merged customer itself.
    """

    kind: str = "portal_templates.customer"

    def count(self, transaction: Transaction, customer_id: uuid.UUID) -> int:
        """Return 1 when templates are assigned to the customer, else 0."""
        return int(transaction.data_sheets.portal_templates(customer_id) is not None)

    def repoint(self, transaction: Transaction, from_id: uuid.UUID, to_id: uuid.UUID) -> int:
        """Add *from_id*'s templates to *to_id*'s; return 1 if it had any assignment."""
        sheets = transaction.data_sheets
        theirs = sheets.portal_templates(from_id)
        if theirs is None:
            return 0
        sheets.set_portal_templates(
            unite_portal_templates(to_id, sheets.portal_templates(to_id), theirs)
        )
        return 1

    @property
    def retained(self) -> bool:
        """An assignment goes with its customer."""
        return False

    def erase(self, transaction: Transaction, customer_id: uuid.UUID) -> int:
        """Delete the customer's assignment; return 1 if it had one."""
        return transaction.data_sheets.erase_portal_templates(customer_id)


@attrs.frozen
class WorkAddressRecords(ChildRecords):
    """A customer's work addresses, which the invoice addresses made from them name.

    Erasing them erases those invoice addresses too, once no customer is left using
    them; one still in use by another customer stops the deletion.
    """

    def erase(self, transaction: Transaction, customer_id: uuid.UUID) -> int:
        """Delete the customer's work addresses and the invoice addresses made from them.

        Raises:
            Conflict: ``customer_id``/``invoice_address_shared`` when another customer
                still uses an invoice address made from one of them.
        """
        addresses = transaction.invoice_addresses
        made = addresses.made_from(
            [w.id for w in transaction.work_addresses.for_customer(customer_id)]
        )
        for invoice_address in made:
            users = [c for c in addresses.customers_of(invoice_address.id) if c != customer_id]
            if users:
                raise Conflict(
                    "customer_id",
                    "invoice_address_shared",
                    f"invoice address {invoice_address.name!r}, made from one of its work "
                    f"addresses, is used by {len(users)} other customer(s); "
                    "give them another invoice address first",
                )
            addresses.unlink_all(invoice_address.id)
            addresses.erase(invoice_address.id)
        return super().erase(transaction, customer_id)


@attrs.frozen
class InvoiceAddressLinks(ChildRecords):
    """The invoice addresses a customer uses (its links to them).

    Erasing them unlinks the customer, and deletes the invoice addresses no other
    customer uses, unless a landlord's (a landlord is a record of its own).
    """

    def erase(self, transaction: Transaction, customer_id: uuid.UUID) -> int:
        """Unlink the customer's invoice addresses; delete those only it used."""
        addresses = transaction.invoice_addresses
        only_its = [
            invoice_address
            for invoice_address in addresses.for_customer(customer_id)
            if invoice_address.landlord_id is None
            and addresses.customers_of(invoice_address.id) == [customer_id]
        ]
        count = super().erase(transaction, customer_id)
        for invoice_address in only_its:
            addresses.erase(invoice_address.id)
        return count


#: A customer's contacts, as a reference. A deletion erases them last, after every
#: record that could name them.
CONTACT_RECORDS = ChildRecords("contact.customer", lambda t: t.contacts)

#: commtrak's own records that belong to a customer. A reference may name the records
#: of those before it, never of those after (a deletion erases them in reverse order).
BUILT_IN_CUSTOMER_REFERENCES: tuple[CustomerReference, ...] = (
    CONTACT_RECORDS,
    ChildRecords("branch.customer", lambda t: t.branches),
    WorkAddressRecords("work_address.customer", lambda t: t.work_addresses),
    InvoiceAddressLinks("invoice_address.customer", lambda t: t.invoice_addresses),
    ChildRecords("invoice.customer", lambda t: t.invoices),
    ChildRecords("ticket.customer", lambda t: t.tickets),
    ChildRecords("data_sheet.customer", lambda t: t.data_sheets),
    PortalTemplateChoice(),
)


@functools.cache
def contributed_references() -> tuple[CustomerReference, ...]:
    """The references the ``commtrak.customer_references`` entry points add, loaded once.

    Raises:
        PluginError: when an entry point fails to load or holds no customer reference.
    """
    found = []
    for point, reference in contributions(ENTRY_POINT_GROUP):
        if not isinstance(reference, CustomerReference):
            raise PluginError(
                f"customer references {point!r} hold {reference!r}, no customer reference"
            )
        found.append(reference)
    return tuple(found)


def unique_kinds(references: Iterable[CustomerReference]) -> tuple[CustomerReference, ...]:
    """Return the built-in and contributed references, then *references*, each kind once.

    A reference given again as the very same object (a host still passing
    ``finance.CUSTOMER_REFERENCES``, which finance now contributes itself) counts once.
    ``custom_value.customer`` is taken too: a merge counts the custom values it moves
    under that name (:data:`~commtrak.model.customer_merge.CUSTOM_VALUES_KIND`).

    Raises:
        PluginError: when two different references share a kind, or one is named
            ``custom_value.customer``.
    """
    found: dict[str, CustomerReference] = {}
    for reference in (*BUILT_IN_CUSTOMER_REFERENCES, *contributed_references(), *references):
        if found.get(reference.kind) is reference:
            continue
        if reference.kind in found or reference.kind == CUSTOM_VALUES_KIND:
            raise PluginError(f"two customer references are registered as {reference.kind!r}")
        found[reference.kind] = reference
    return tuple(found.values())
