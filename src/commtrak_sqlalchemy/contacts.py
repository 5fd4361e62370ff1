"""The contact repository: contact rows, listings and search."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Row, Select, false, or_, select

from commtrak.errors import Conflict, NotFound
from commtrak.model import Contact, Visibility, fold
from commtrak_sqlalchemy._db import Db
from commtrak_sqlalchemy.dialects import contains

__all__ = ["SqlContacts"]

_STORED = (
    "id",
    "customer_id",
    "name",
    "title",
    "phone",
    "mobile",
    "email",
    "email_key",
    "note",
    "archived",
    "merged_into",
    "created_at",
    "created_by",
    "modified_at",
    "modified_by",
    "modified_via_portal",
)


def _values(contact: Contact) -> dict[str, Any]:
    values = {field: getattr(contact, field) for field in _STORED}
    values["name_key"] = fold(contact.name)
    values["visibility"] = contact.visibility.value
    values["departments"] = list(contact.departments)
    return values


def _contact(row: Row[Any]) -> Contact:
    fields = row._mapping
    return Contact(
        **{field: fields[field] for field in _STORED},
        visibility=Visibility(fields["visibility"]),
        departments=tuple(fields["departments"]),
    )


def _unknown_customer() -> Conflict:
    return Conflict("customer_id", "customer_exists", "the contact's customer does not exist")


class SqlContacts:
    """Contacts in a SQL database (see :class:`commtrak.repositories.ContactRepository`).

    Listings are in contact order (active first, then folded name, then id), read
    through the index on ``(customer_id, archived, name_key, id)``.
    """

    def __init__(self, db: Db) -> None:
        self._db = db
        self._table = db.tables.contacts

    def add(self, contact: Contact) -> None:
        """Insert the contact."""
        self._db.run(self._table.insert().values(_values(contact)), foreign_key=_unknown_customer())

    def get(self, contact_id: uuid.UUID, *, for_update: bool = False) -> Contact:
        """Read the contact, locking its row with *for_update*."""
        statement = select(self._table).where(self._table.c.id == contact_id)
        row = self._db.first(self._db.locking(statement, for_update))
        if row is None:
            raise NotFound("contact", contact_id)
        return _contact(row)

    def update(self, contact: Contact) -> None:
        """Rewrite the contact's row."""
        matched = self._db.run(
            self._table.update().where(self._table.c.id == contact.id).values(_values(contact)),
            foreign_key=_unknown_customer(),
        )
        if not matched:
            raise NotFound("contact", contact.id)

    def for_customer(
        self, customer_id: uuid.UUID, *, include_archived: bool = False
    ) -> list[Contact]:
        """Read a customer's contacts in contact order."""
        conditions = [self._table.c.customer_id == customer_id]
        if not include_archived:
            conditions.append(self._table.c.archived == false())
        return [_contact(row) for row in self._db.rows(self._ordered(*conditions))]

    def search(self, folded_fragment: str) -> list[Contact]:
        """Find contacts by substring of their folded name or email key."""
        dialect = self._db.dialect_name
        matching = or_(
            contains(self._table.c.name_key, folded_fragment, dialect),
            contains(self._table.c.email_key, folded_fragment, dialect),
        )
        return [_contact(row) for row in self._db.rows(self._ordered(matching))]

    def _ordered(self, *conditions: Any) -> Select[Any]:
        column = self._table.c
        return (
            select(self._table)
            .where(*conditions)
            .order_by(column.archived, column.name_key, column.id)
        )
