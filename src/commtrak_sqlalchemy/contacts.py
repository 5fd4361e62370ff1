"""The contact repository: contact rows, listings and search."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Collection, Mapping, Sequence
from typing import Any

from sqlalchemy import FromClause, Row, Select, bindparam, case, false, func, or_, select

from commtrak.errors import Conflict, NotFound
from commtrak.model import (
    Channel,
    Contact,
    EmailStatus,
    PhoneKind,
    PhoneNumber,
    Visibility,
    fold,
)
from commtrak_sqlalchemy._db import Db
from commtrak_sqlalchemy._owned import CustomerRows
from commtrak_sqlalchemy._pairs import update_from_pairs
from commtrak_sqlalchemy._references import scan
from commtrak_sqlalchemy.dialects import contains

__all__ = ["SqlContacts"]

_STORED = (
    "id",
    "customer_id",
    "name",
    "title",
    "position",
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
    values["email_status"] = None if contact.email_status is None else contact.email_status.value
    values["phones"] = [[p.kind.value, p.number, p.calling_code] for p in contact.phones]
    values["social_urls"] = list(contact.social_urls)
    values["departments"] = list(contact.departments)
    values["communication"] = [channel.value for channel in contact.communication]
    values["is_primary"] = contact.primary
    return values


def _contact(row: Row[Any]) -> Contact:
    fields = row._mapping
    status = fields["email_status"]
    return Contact(
        **{field: fields[field] for field in _STORED},
        visibility=Visibility(fields["visibility"]),
        email_status=None if status is None else EmailStatus(status),
        phones=tuple(PhoneNumber(PhoneKind(k), n, c) for k, n, c in fields["phones"]),
        social_urls=tuple(fields["social_urls"]),
        departments=tuple(fields["departments"]),
        communication=tuple(Channel(c) for c in fields["communication"]),
        primary=bool(fields["is_primary"]),
    )


def _unknown_customer() -> Conflict:
    return Conflict("customer_id", "customer_exists", "the contact's customer does not exist")


class SqlContacts(CustomerRows):
    """Contacts in a SQL database (see :class:`commtrak.ports.ContactRepository`).

    Listings are in contact order (active first, then folded name, then id), read
    through the index on ``(customer_id, archived, name_key, id)``.
    """

    def __init__(self, db: Db) -> None:
        self._db = db
        self._table = db.tables.contacts
        self._customers = db.tables.customers

    def add(self, contact: Contact) -> None:
        """Insert the contact."""
        self._db.run(self._table.insert().values(_values(contact)), foreign_key=_unknown_customer())

    def add_many(self, contacts: Sequence[Contact]) -> None:
        """Insert the contacts with one executemany."""
        if contacts:
            self._db.insert_many(
                self._table,
                [_values(contact) for contact in contacts],
                foreign_key=_unknown_customer(),
            )

    def get(self, contact_id: uuid.UUID, *, for_update: bool = False) -> Contact:
        """Read the contact, locking its row with *for_update*."""
        row = self._db.by_id(self._table, contact_id, for_update=for_update)
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

    def update_many(self, contacts: Sequence[Contact]) -> None:
        """Rewrite several contacts' rows with one executemany statement."""
        if not contacts:
            return
        rows = [_values(contact) for contact in contacts]
        for row in rows:
            row["b_id"] = row.pop("id")
        statement = self._table.update().where(self._table.c.id == bindparam("b_id"))
        matched = self._db.run(statement, rows, foreign_key=_unknown_customer())
        if matched != len(rows):
            raise NotFound("contact", "one of the contacts updated together")

    def archive_merged(
        self, mapping: Mapping[uuid.UUID, uuid.UUID], *, at: datetime.datetime, by: str
    ) -> None:
        """Archive the duplicates into their survivors: one statement for the mapping."""
        column = self._table.c
        update_from_pairs(
            self._db,
            column.id,
            mapping,
            target=column.merged_into,
            values={
                "archived": True,
                "is_primary": False,
                "modified_at": at,
                "modified_by": by,
                "modified_via_portal": False,
            },
        )

    def duplicates(
        self,
        group_id: uuid.UUID,
        *,
        among: Collection[uuid.UUID] | None = None,
        involving: uuid.UUID | None = None,
    ) -> list[Contact]:
        """Find the group's duplicate contacts with one grouped query on the email key."""
        contact, customer = self._table.c, self._customers.c
        scope = [
            customer.group_id == group_id,
            contact.archived == false(),
            contact.email_key.is_not(None),
        ]
        if among is not None:
            scope.append(contact.customer_id.in_(list(among)))
        joined = self._table.join(self._customers, customer.id == contact.customer_id)
        shared = select(contact.email_key).select_from(joined).where(*scope)
        shared = shared.group_by(contact.email_key).having(func.count() > 1)
        if involving is not None:
            mine = case((contact.customer_id == involving, 1), else_=0)
            shared = shared.having(func.sum(mine) > 0)
        # MariaDB cannot read a table in a subquery of a statement on the same table
        # through IN with LIMIT, but a derived table is fine everywhere. PostgreSQL gets
        # the keys as a materialized CTE: otherwise it plans the wide read in parallel,
        # and each worker computes the whole grouping again (a third slower on 2 cores).
        if self._db.dialect_name == "postgresql":
            keys: FromClause = shared.cte("duplicate_keys").prefix_with("MATERIALIZED")
        else:
            keys = shared.subquery()
        statement = (
            select(self._table)
            .select_from(joined)
            .where(*scope, contact.email_key.in_(select(keys.c.email_key)))
            .order_by(contact.email_key, contact.created_at, contact.id)
        )
        return [_contact(row) for row in self._db.rows(statement)]

    def merged_into_any(self, contact_ids: Collection[uuid.UUID]) -> list[Contact]:
        """Read the contacts merged into any of the contacts, by id."""
        if not contact_ids:
            return []
        column = self._table.c
        statement = select(self._table).where(column.merged_into.in_(list(contact_ids)))
        return [_contact(row) for row in self._db.rows(statement.order_by(column.id))]

    def merged_ids(self) -> list[uuid.UUID]:
        """Read the ids of the contacts archived by a merge."""
        column = self._table.c
        rows = self._db.rows(select(column.id).where(column.merged_into.is_not(None)))
        return [row.id for row in rows]

    def primary_of(self, customer_id: uuid.UUID) -> Contact | None:
        """Read the customer's primary contact through its unique index."""
        row = self._db.first(
            select(self._table).where(self._table.c.primary_customer == customer_id)
        )
        return None if row is None else _contact(row)

    def delete(self, contact_id: uuid.UUID) -> None:
        """Delete the contact's row."""
        matched = self._db.run(self._table.delete().where(self._table.c.id == contact_id))
        if not matched:
            raise NotFound("contact", contact_id)

    def scan(self, after: uuid.UUID | None, limit: int) -> list[Contact]:
        """Read the next batch of contacts by id."""
        return [_contact(row) for row in self._db.rows(scan(self._table, after, limit))]

    def _ordered(self, *conditions: Any) -> Select[Any]:
        column = self._table.c
        return (
            select(self._table)
            .where(*conditions)
            .order_by(column.archived, column.name_key, column.id)
        )
