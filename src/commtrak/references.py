"""References to contacts, which a merge repoints to the surviving contact.

Everything that points at a contact, in commtrak or in the host application, is a
*contact reference*: an object that can count the references to some contacts and
repoint them, inside the merge's own transaction. commtrak ships its own (a customer's
sales contact); a host registers its own through the
:func:`~commtrak.hookspecs.commtrak_contact_references` hook, and a backend may add the
ones it discovers (the SQLAlchemy backend finds foreign keys to its contacts table on the
host's ``MetaData``).

Repointing is set-based: one call per reference kind carries the whole mapping from
duplicates to survivors, so a SQL backend issues one statement per referencing column
however many contacts a merge archives.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Mapping
from typing import Protocol, runtime_checkable

from commtrak.errors import PluginError
from commtrak.ports import Transaction

__all__ = [
    "LIBRARY_REFERENCES",
    "ContactReference",
    "DataSheetContactReference",
    "ReferenceRegistry",
    "SalesContactReference",
    "TicketContactReference",
]


@runtime_checkable
class ContactReference(Protocol):
    """A place that refers to contacts.

    Implementations run inside the merge's transaction and must make their writes part
    of it (a SQL implementation uses the transaction's connection), so that a failed
    merge leaves them unchanged too.
    """

    @property
    def kind(self) -> str:
        """A stable name for the place, e.g. ``"customer.sales_contact"``."""
        ...

    def count(
        self, transaction: Transaction, contact_ids: Collection[uuid.UUID]
    ) -> Mapping[uuid.UUID, int]:
        """Return, for each of *contact_ids* that is referred to, how many references.

        Contacts nothing refers to may be left out. One query, not one per contact.
        """
        ...

    def repoint(self, transaction: Transaction, mapping: Mapping[uuid.UUID, uuid.UUID]) -> int:
        """Point every reference to a key of *mapping* at its value; return how many moved."""
        ...


class SalesContactReference:
    """A customer's sales contact (seed 000, "Sales Contact (Customer screen)")."""

    kind = "customer.sales_contact"

    def count(
        self, transaction: Transaction, contact_ids: Collection[uuid.UUID]
    ) -> Mapping[uuid.UUID, int]:
        """Count customers whose sales contact is each of *contact_ids*."""
        return transaction.customers.count_sales_contacts(contact_ids)

    def repoint(self, transaction: Transaction, mapping: Mapping[uuid.UUID, uuid.UUID]) -> int:
        """Give customers whose sales contact is merged the survivor instead."""
        return transaction.customers.repoint_sales_contacts(mapping)


class TicketContactReference:
    """A ticket's contact (seed 000, "Ticket Contact (Tickets)")."""

    kind = "ticket.contact"

    def count(
        self, transaction: Transaction, contact_ids: Collection[uuid.UUID]
    ) -> Mapping[uuid.UUID, int]:
        """Count the tickets whose contact is each of *contact_ids*."""
        return transaction.tickets.count_contacts(contact_ids)

    def repoint(self, transaction: Transaction, mapping: Mapping[uuid.UUID, uuid.UUID]) -> int:
        """Give tickets whose contact is merged the survivor instead."""
        return transaction.tickets.repoint_contacts(mapping)


class DataSheetContactReference:
    """The contact that filled in a portal data sheet, so the survivor keeps its sheets."""

    kind = "data_sheet.contact"

    def count(
        self, transaction: Transaction, contact_ids: Collection[uuid.UUID]
    ) -> Mapping[uuid.UUID, int]:
        """Count the data sheets each of *contact_ids* filled in."""
        return transaction.data_sheets.count_contacts(contact_ids)

    def repoint(self, transaction: Transaction, mapping: Mapping[uuid.UUID, uuid.UUID]) -> int:
        """Give data sheets filled in by a merged contact the survivor instead."""
        return transaction.data_sheets.repoint_contacts(mapping)


#: commtrak's own references to contacts; every store includes them.
LIBRARY_REFERENCES: tuple[ContactReference, ...] = (
    SalesContactReference(),
    TicketContactReference(),
    DataSheetContactReference(),
)


class ReferenceRegistry:
    """Collects contact references from plugins; each kind is registered once."""

    def __init__(self) -> None:
        self._references: dict[str, ContactReference] = {}

    def add(self, reference: ContactReference) -> None:
        """Register *reference*.

        Raises:
            PluginError: when another reference of the same kind is registered.
        """
        if reference.kind in self._references:
            raise PluginError(f"two contact references are registered as {reference.kind!r}")
        self._references[reference.kind] = reference

    @property
    def references(self) -> tuple[ContactReference, ...]:
        """Every registered reference, by kind."""
        return tuple(self._references[kind] for kind in sorted(self._references))
