"""The ticket port: tickets and their notes.

See :mod:`commtrak.ports` for the orders and the error contract every port shares.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Mapping
from typing import Protocol

from commtrak.model.tickets import Ticket, TicketNote
from commtrak.ports.customers import CustomerChildRepository

__all__ = ["TicketRepository"]


class TicketRepository(CustomerChildRepository, Protocol):
    """Stores :class:`~commtrak.model.Ticket` records and their notes.

    A ticket belongs to the customer it is against: :meth:`count_for_customer` counts a
    customer's tickets and :meth:`reassign_customer` moves them to another customer (a
    customer merge), their notes and ticket contacts unchanged.
    """

    def add(self, ticket: Ticket) -> None:
        """Store a new ticket.

        Raises:
            Conflict: ``id``/``unique_id`` when a ticket with that id exists.
        """

    def get(self, ticket_id: uuid.UUID) -> Ticket:
        """Return the ticket.

        Raises:
            NotFound: ``ticket`` when there is none.
        """
        ...

    def for_contact(self, contact_id: uuid.UUID) -> list[Ticket]:
        """Return the tickets whose contact is *contact_id*, oldest first, then by id."""
        ...

    def add_note(self, note: TicketNote) -> None:
        """Store a new note; the caller has checked its ticket exists.

        Raises:
            Conflict: ``id``/``unique_id`` when a note with that id exists.
        """

    def notes(self, ticket_id: uuid.UUID, *, include_internal: bool) -> list[TicketNote]:
        """Return a ticket's notes, oldest first, then by id; internal ones only if asked."""
        ...

    def count_contacts(self, contact_ids: Collection[uuid.UUID]) -> dict[uuid.UUID, int]:
        """Return, for each of *contact_ids* that is a ticket's contact, on how many.

        Contacts that are no ticket's contact are left out. One grouped query.
        """
        ...

    def repoint_contacts(self, mapping: Mapping[uuid.UUID, uuid.UUID]) -> int:
        """Replace each ticket contact that is a key of *mapping* by its value.

        One statement on SQL backends. Returns how many tickets changed.
        """
        ...

    def scan(self, after: uuid.UUID | None, limit: int) -> list[Ticket]:
        """Return up to *limit* tickets whose id sorts after *after*, by id text."""
        ...

    def scan_notes(self, after: uuid.UUID | None, limit: int) -> list[TicketNote]:
        """Return up to *limit* notes whose id sorts after *after*, by id text."""
        ...
