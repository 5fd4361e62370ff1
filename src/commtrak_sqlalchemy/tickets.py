"""The ticket repository: tickets and their notes."""

from __future__ import annotations

import uuid
from collections.abc import Collection, Mapping
from typing import Any

import attrs
from sqlalchemy import Row, false, select

from commtrak.errors import NotFound
from commtrak.model.tickets import Ticket, TicketNote
from commtrak_sqlalchemy._db import Db
from commtrak_sqlalchemy._owned import CustomerRows
from commtrak_sqlalchemy._references import count_references, repoint, scan

__all__ = ["SqlTickets"]

_TICKET_FIELDS = tuple(field.name for field in attrs.fields(Ticket))
_NOTE_FIELDS = tuple(field.name for field in attrs.fields(TicketNote))


def _ticket(row: Row[Any]) -> Ticket:
    fields = row._mapping
    return Ticket(**{field: fields[field] for field in _TICKET_FIELDS})


def _note(row: Row[Any]) -> TicketNote:
    fields = row._mapping
    return TicketNote(**{field: fields[field] for field in _NOTE_FIELDS})


class SqlTickets(CustomerRows):
    """Tickets and notes (see :class:`commtrak.ports.TicketRepository`)."""

    def __init__(self, db: Db) -> None:
        self._db = db
        self._table = db.tables.portal.tickets
        self._notes = db.tables.portal.notes

    def add(self, ticket: Ticket) -> None:
        """Insert the ticket."""
        self._db.run(self._table.insert().values(attrs.asdict(ticket, recurse=False)))

    def get(self, ticket_id: uuid.UUID) -> Ticket:
        """Read the ticket."""
        row = self._db.by_id(self._table, ticket_id)
        if row is None:
            raise NotFound("ticket", ticket_id)
        return _ticket(row)

    def for_contact(self, contact_id: uuid.UUID) -> list[Ticket]:
        """Read the contact's tickets, oldest first, then by id."""
        table = self._table
        statement = (
            select(table)
            .where(table.c.contact_id == contact_id)
            .order_by(table.c.created_at, table.c.id)
        )
        return [_ticket(row) for row in self._db.rows(statement)]

    def add_note(self, note: TicketNote) -> None:
        """Insert the note."""
        self._db.run(self._notes.insert().values(attrs.asdict(note, recurse=False)))

    def notes(self, ticket_id: uuid.UUID, *, include_internal: bool) -> list[TicketNote]:
        """Read a ticket's notes, oldest first, then by id."""
        notes = self._notes
        statement = select(notes).where(notes.c.ticket_id == ticket_id)
        if not include_internal:
            statement = statement.where(notes.c.internal == false())
        statement = statement.order_by(notes.c.created_at, notes.c.id)
        return [_note(row) for row in self._db.rows(statement)]

    def count_contacts(self, contact_ids: Collection[uuid.UUID]) -> dict[uuid.UUID, int]:
        """Count the tickets of each contact (one grouped query)."""
        return count_references(self._db, self._table.c.contact_id, contact_ids)

    def repoint_contacts(self, mapping: Mapping[uuid.UUID, uuid.UUID]) -> int:
        """Move the tickets of each duplicate to its survivor (one ``UPDATE``)."""
        return repoint(self._db, self._table.c.contact_id, mapping)

    def scan(self, after: uuid.UUID | None, limit: int) -> list[Ticket]:
        """Read the next *limit* tickets in id order after *after*."""
        return [_ticket(row) for row in self._db.rows(scan(self._table, after, limit))]

    def erase_for_customer(self, customer_id: uuid.UUID) -> int:
        """Delete the customer's tickets and their notes: two statements."""
        tickets = select(self._table.c.id).where(self._table.c.customer_id == customer_id)
        self._db.run(self._notes.delete().where(self._notes.c.ticket_id.in_(tickets)))
        return super().erase_for_customer(customer_id)

    def scan_notes(self, after: uuid.UUID | None, limit: int) -> list[TicketNote]:
        """Read the next *limit* notes in id order after *after*."""
        return [_note(row) for row in self._db.rows(scan(self._notes, after, limit))]
