"""References to customers, which a customer merge repoints to the surviving customer.

Everything that belongs to or names a customer is a *customer reference*: an object
that counts the records naming one customer and repoints them to another, inside the
merge's own transaction. commtrak's own children of a customer (contacts, branches,
work addresses, invoice addresses, invoices, tickets, data sheets, and the data-sheet
templates assigned to it for the portal) are references like any other; a host
application passes its own (jobs, estimates...) to :func:`commtrak.open_store` as
``customer_references``, so that one merge moves everything, or nothing.

Repointing is set-based: one call per kind, one statement per referencing table on SQL.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from typing import Protocol, runtime_checkable

import attrs

from commtrak.errors import PluginError
from commtrak.model.customer_merge import CUSTOM_VALUES_KIND, unite_portal_templates
from commtrak.ports import CustomerChildRepository, Transaction

__all__ = [
    "BUILT_IN_CUSTOMER_REFERENCES",
    "ChildRecords",
    "CustomerReference",
    "PortalTemplateChoice",
    "unique_kinds",
]


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


@attrs.frozen
class ChildRecords:
    """A commtrak repository whose records belong to a customer, as a reference."""

    kind: str
    repository: Callable[[Transaction], CustomerChildRepository]

    def count(self, transaction: Transaction, customer_id: uuid.UUID) -> int:
        """Count the customer's records."""
        return self.repository(transaction).count_for_customer(customer_id)

    def repoint(self, transaction: Transaction, from_id: uuid.UUID, to_id: uuid.UUID) -> int:
        """Give the records of *from_id* to *to_id*."""
        return self.repository(transaction).reassign_customer(from_id, to_id)


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


#: commtrak's own records that belong to a customer.
BUILT_IN_CUSTOMER_REFERENCES: tuple[CustomerReference, ...] = (
    ChildRecords("contact.customer", lambda t: t.contacts),
    ChildRecords("branch.customer", lambda t: t.branches),
    ChildRecords("work_address.customer", lambda t: t.work_addresses),
    ChildRecords("invoice_address.customer", lambda t: t.invoice_addresses),
    ChildRecords("invoice.customer", lambda t: t.invoices),
    ChildRecords("ticket.customer", lambda t: t.tickets),
    ChildRecords("data_sheet.customer", lambda t: t.data_sheets),
    PortalTemplateChoice(),
)


def unique_kinds(references: Iterable[CustomerReference]) -> tuple[CustomerReference, ...]:
    """Return *references* after the built-in ones, refusing a kind given twice.

    ``custom_value.customer`` is taken too: a merge counts the custom values it moves
    under that name (:data:`~commtrak.model.customer_merge.CUSTOM_VALUES_KIND`).

    Raises:
        PluginError: when two references share a kind, or one is named
            ``custom_value.customer``.
    """
    found: dict[str, CustomerReference] = {}
    for reference in (*BUILT_IN_CUSTOMER_REFERENCES, *references):
        if reference.kind in found or reference.kind == CUSTOM_VALUES_KIND:
            raise PluginError(f"two customer references are registered as {reference.kind!r}")
        found[reference.kind] = reference
    return tuple(found.values())
