"""What every commtrak table shares: the MySQL table options and how constraints are named."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Column, ForeignKey, Table

from commtrak_sqlalchemy._types import Id

__all__ = ["MYSQL_OPTIONS", "constraint_name", "foreign_key_column"]

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
