"""The contact port: contacts, their listings, searches and duplicate candidates.

See :mod:`commtrak.ports` for the orders and the error contract every port shares.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Collection, Mapping, Sequence
from typing import Protocol

from commtrak.model.contacts import Contact
from commtrak.ports.customers import CustomerChildRepository

__all__ = ["ContactRepository"]


class ContactRepository(CustomerChildRepository, Protocol):
    """Stores :class:`~commtrak.model.Contact` records. Contacts are never deleted here."""

    def add(self, contact: Contact) -> None:
        """Store a new contact.

        Raises:
            Conflict: ``id``/``unique_id`` when a contact with that id exists;
                ``primary``/``one_primary_contact`` when the contact is primary and its
                customer already has a primary contact (also from :meth:`update`).
        """

    def add_many(self, contacts: Sequence[Contact]) -> None:
        """Store new contacts at once (bulk import); one ``INSERT`` on SQL backends.

        Raises:
            Conflict: as in :meth:`add`; nothing is written.
        """

    def get(self, contact_id: uuid.UUID, *, for_update: bool = False) -> Contact:
        """Return the contact with that id, locking it with *for_update*.

        Raises:
            NotFound: ``contact`` when there is none.
        """
        ...

    def update(self, contact: Contact) -> None:
        """Replace the stored contact that has ``contact.id``.

        Raises:
            NotFound: ``contact`` when there is none.
        """

    def for_customer(
        self, customer_id: uuid.UUID, *, include_archived: bool = False
    ) -> list[Contact]:
        """Return a customer's contacts in contact order; archived ones only if asked."""
        ...

    def update_many(self, contacts: Sequence[Contact]) -> None:
        """Replace several stored contacts at once (one statement on SQL backends).

        Raises:
            NotFound: ``contact`` when one of them is not stored; nothing is written.
        """

    def archive_merged(
        self,
        mapping: Mapping[uuid.UUID, uuid.UUID],
        *,
        at: datetime.datetime,
        by: str,
    ) -> None:
        """Archive each contact that is a key of *mapping*, merged into its value.

        Sets ``archived``, ``merged_into``, ``modified_at`` = *at*, ``modified_by`` = *by*
        and clears ``primary`` and ``modified_via_portal``; one statement on SQL backends.
        """

    def duplicates(
        self,
        group_id: uuid.UUID,
        *,
        among: Collection[uuid.UUID] | None = None,
        involving: uuid.UUID | None = None,
    ) -> list[Contact]:
        """Return the active contacts of a group whose email key another one shares.

        Only active contacts with an email key of customers in the group count. With
        *among*, only contacts of those customers count; with *involving*, only keys
        that at least one active contact of that customer has are returned. A SQL
        backend answers with one grouped query on the indexed key.

        Returns:
            The contacts, ordered by email key, then created_at, then id.
        """
        ...

    def scan(self, after: uuid.UUID | None, limit: int) -> list[Contact]:
        """Return up to *limit* contacts whose id sorts after *after*, by id text."""
        ...

    def primary_of(self, customer_id: uuid.UUID) -> Contact | None:
        """Return the customer's primary contact, if it has one."""
        ...

    def delete(self, contact_id: uuid.UUID) -> None:
        """Remove a contact for good. The caller has checked nothing refers to it.

        Raises:
            NotFound: ``contact``.
        """

    def merged_into_any(self, contact_ids: Collection[uuid.UUID]) -> list[Contact]:
        """Return the contacts a merge archived into any of *contact_ids*, by id text."""
        ...

    def merged_ids(self) -> list[uuid.UUID]:
        """Return the ids of every contact archived by a merge (``merged_into`` set)."""
        ...

    def search(self, folded_fragment: str) -> list[Contact]:
        """Return the contacts whose folded name or email key contains the fragment.

        The fragment matches literally, as in :meth:`GroupRepository.search`. Results
        are in contact order: active first, archived last.
        """
        ...
