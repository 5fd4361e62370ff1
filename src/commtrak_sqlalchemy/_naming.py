"""What every commtrak table shares: the MySQL table options and how constraints are named."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import Column, ForeignKey, Index, Table
from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.schema import SchemaItem
from sqlalchemy.sql.compiler import DDLCompiler
from sqlalchemy.sql.ddl import BaseDDLElement, DDLIfCallable

from commtrak_sqlalchemy._types import Id, is_mysql

__all__ = [
    "MYSQL_OPTIONS",
    "NOT_ON_MYSQL",
    "ONLY_ON_MYSQL",
    "constraint_name",
    "created_when",
    "foreign_key_column",
    "referrer_index",
]

#: Table options for MariaDB/MySQL: InnoDB (transactions, foreign keys) and utf8mb4.
MYSQL_OPTIONS: dict[str, Any] = {"mysql_engine": "InnoDB", "mysql_charset": "utf8mb4"}


def constraint_name(prefix: str, table: str, what: str) -> str:
    """Return the name of the constraint or index *what* of *table*, with the prefix."""
    return f"{prefix}{table}_{what}"


def foreign_key_column(
    prefix: str, table: str, column: str, target: Table | str, **options: Any
) -> Column[Any]:
    """Return the id column *column* of *table*, a foreign key to *target*'s ``id``.

    The constraint is named ``{prefix}{table}_{column without _id}_fk`` (``customer_id``
    gives ``..._customer_fk``), the one rule every commtrak table follows. *target* is
    the referenced table, or its ``[schema.]table.id`` text for a table referring to
    itself; *options* go to the column (``nullable``, ``primary_key``).
    """
    key = constraint_name(prefix, table, f"{column.removesuffix('_id')}_fk")
    reference = target.c.id if isinstance(target, Table) else target
    return Column(column, Id, ForeignKey(reference, name=key), **options)


def created_when(test: Callable[[Dialect, Connection | None], bool]) -> DDLIfCallable:
    """Return a ``ddl_if`` condition that creates an index only where *test* holds."""

    def check(
        ddl: BaseDDLElement,
        target: SchemaItem | str,
        bind: Connection | None,
        tables: list[Table] | None = None,
        state: Any | None = None,
        *,
        dialect: Dialect,
        compiler: DDLCompiler | None = None,
        checkfirst: bool = False,
    ) -> bool:
        return test(dialect, bind)

    return check


#: ``ddl_if`` conditions: an index made everywhere but on MariaDB/MySQL, or only there.
NOT_ON_MYSQL = created_when(lambda dialect, _: not is_mysql(dialect))
ONLY_ON_MYSQL = created_when(lambda dialect, _: is_mysql(dialect))


def referrer_index(table: Table, name: str, column: str) -> Index:
    """Index the rows of *table* that name another row through the foreign key *column*.

    Deleting the named row makes the database look for rows still naming it; without
    this index each deleted row is a read of the whole of *table*. The index holds the
    rows whose *column* is set (``WHERE column IS NOT NULL``), so that a query for the
    rows naming nothing (``customers.merged_into IS NULL``: the live customers) is never
    planned through it. MariaDB gives every foreign key an index of its own, so it gets
    none.
    """
    named = table.c[column]
    return Index(
        name, named, postgresql_where=named.isnot(None), sqlite_where=named.isnot(None)
    ).ddl_if(callable_=NOT_ON_MYSQL)
