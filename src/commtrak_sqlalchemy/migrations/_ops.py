"""The operations commtrak's migration scripts share: naming, creating, indexing.

A migration spells out the tables as they were when it was written; what it shares with
the others is only how a table, an index and a foreign key are named and placed (the
prefix and schema of the tables it runs for), which never changes between revisions.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import context, op

from commtrak_sqlalchemy._naming import MYSQL_OPTIONS
from commtrak_sqlalchemy.tables import SqlTables

__all__ = ["create_index", "create_table", "current_tables", "drop_index", "references"]


def current_tables() -> SqlTables:
    """The tables the migration runs for (their prefix and schema)."""
    found: SqlTables = context.config.attributes["tables"]
    return found


def create_table(table: str, *items: Any) -> None:
    """Create the prefixed *table* in the tables' schema, with the MySQL table options."""
    found = current_tables()
    op.create_table(f"{found.prefix}{table}", *items, schema=found.groups.schema, **MYSQL_OPTIONS)


def create_index(table: str, what: str, *columns: str, unique: bool = False) -> None:
    """Create the index *what* of *table* on *columns*, named like every commtrak index."""
    found = current_tables()
    op.create_index(
        found.constraint(table, what),
        f"{found.prefix}{table}",
        list(columns),
        unique=unique,
        schema=found.groups.schema,
    )


def drop_index(table: str, what: str) -> None:
    """Drop the index *what* of *table*."""
    found = current_tables()
    op.drop_index(
        found.constraint(table, what),
        table_name=f"{found.prefix}{table}",
        schema=found.groups.schema,
    )


def references(table: str, what: str, target: str) -> sa.ForeignKey:
    """The foreign key *what* of *table* to the prefixed *target* table's ``id``."""
    found = current_tables()
    schema = found.groups.schema
    dotted = f"{schema}." if schema else ""
    return sa.ForeignKey(f"{dotted}{found.prefix}{target}.id", name=found.constraint(table, what))
