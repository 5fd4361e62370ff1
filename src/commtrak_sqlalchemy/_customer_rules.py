"""The rule every table's foreign key to the customers shares, whatever its context."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from commtrak_sqlalchemy.errors import ConstraintRule
    from commtrak_sqlalchemy.tables import SqlTables

__all__ = ["customer_rules"]


def customer_rules(tables: SqlTables, owned: Iterable[str]) -> list[ConstraintRule]:
    """The ``customer_id``/``customer_exists`` rule of each *owned* table's customer key."""
    from commtrak_sqlalchemy.errors import ConstraintRule

    return [
        ConstraintRule(
            (tables.constraint(table, "customer_fk"),),
            "customer_id",
            "customer_exists",
            "the customer does not exist, or is still in use",
        )
        for table in owned
    ]
