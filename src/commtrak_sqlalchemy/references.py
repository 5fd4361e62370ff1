"""Contact references in SQL tables: the host's columns that refer to commtrak's contacts.

A merge repoints every reference to an archived duplicate, with one ``UPDATE`` per
referencing column inside the merge's own transaction, so the host's rows change (or
roll back) together with commtrak's. The backend finds such columns by itself when the
host declares a foreign key to the contacts table on the ``MetaData`` the tables live
on; a host that keeps the column elsewhere registers a :class:`SqlColumnReference`
through the :func:`~commtrak.hookspecs.commtrak_contact_references` hook::

    @hookimpl
    def commtrak_contact_references(registry):
        registry.add(SqlColumnReference(tickets.c.contact_id))
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Mapping
from typing import Any

from sqlalchemy import Column, Table

from commtrak.errors import ConfigurationError
from commtrak.ports import Transaction
from commtrak_sqlalchemy._db import Db
from commtrak_sqlalchemy._references import count_references, repoint
from commtrak_sqlalchemy.tables import SqlTables

__all__ = ["SqlColumnReference", "foreign_key_references"]


class SqlColumnReference:
    """A column of a SQL table whose values are contact ids.

    Args:
        column: The column (of a ``Table`` in the same database as commtrak's tables).
        kind: The name the merge journal counts it under; ``"table.column"`` by default.
    """

    def __init__(self, column: Column[Any], kind: str | None = None) -> None:
        self.column = column
        self.kind = kind or f"{column.table.name}.{column.name}"

    def count(
        self, transaction: Transaction, contact_ids: Collection[uuid.UUID]
    ) -> Mapping[uuid.UUID, int]:
        """Count the rows naming each contact (one grouped query)."""
        return count_references(_db(transaction), self.column, contact_ids)

    def repoint(self, transaction: Transaction, mapping: Mapping[uuid.UUID, uuid.UUID]) -> int:
        """Point the rows naming a duplicate at its survivor (one statement)."""
        return repoint(_db(transaction), self.column, mapping)

    def __repr__(self) -> str:
        return f"SqlColumnReference({self.kind!r})"


def _db(transaction: Transaction) -> Db:
    db = getattr(transaction, "db", None)
    if not isinstance(db, Db):
        raise ConfigurationError(
            "references",
            "sql_reference",
            "a SQL column reference runs only in a SQLAlchemy backend's session",
        )
    return db


def foreign_key_references(tables: SqlTables) -> list[SqlColumnReference]:
    """Find the columns of the host's tables with a foreign key to commtrak's contacts."""
    own = {table.name for table in tables.all}
    found = []
    for table in tables.metadata.tables.values():
        if not isinstance(table, Table) or table.name in own:
            continue
        for foreign_key in table.foreign_keys:
            if foreign_key.column is tables.contacts.c.id:
                found.append(SqlColumnReference(foreign_key.parent))
    return sorted(found, key=lambda reference: reference.kind)
