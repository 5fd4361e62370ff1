"""The tables of SLAs and of the customers' associations with them.

An SLA's name is unique: a unique index on its folded ``name_key``. A customer has one
association at most: its ``customer_id`` is the primary key.
"""

from __future__ import annotations

import attrs
from sqlalchemy import Column, Index, Integer, MetaData, String, Table, Text

from commtrak.model._text import MAX_TEXT
from commtrak_sqlalchemy._naming import MYSQL_OPTIONS, constraint_name, foreign_key_column
from commtrak_sqlalchemy._types import FoldedKey, Id, UtcDateTime

__all__ = ["SlaTables", "define_sla_tables"]


@attrs.frozen
class SlaTables:
    """The SLA tables.

    Attributes:
        slas: The SLAs and their targets, in minutes.
        customer_slas: Which customer is associated with which SLA.
    """

    slas: Table
    customer_slas: Table

    @property
    def all(self) -> tuple[Table, ...]:
        """The tables, parents before children."""
        return (self.slas, self.customer_slas)


def define_sla_tables(
    metadata: MetaData, customers: Table, *, prefix: str, schema: str | None
) -> SlaTables:
    """Define the SLA tables on *metadata*, next to the *customers* table."""
    slas = Table(
        f"{prefix}fs_slas",
        metadata,
        Column("id", Id, primary_key=True),
        Column("name", String(MAX_TEXT), nullable=False),
        Column("name_key", FoldedKey, nullable=False),
        Column("response_minutes", Integer, nullable=False),
        Column("resolution_minutes", Integer, nullable=False),
        Index(constraint_name(prefix, "fs_slas", "name_key_uq"), "name_key", unique=True),
        schema=schema,
        **MYSQL_OPTIONS,
    )
    customer_slas = Table(
        f"{prefix}fs_customer_slas",
        metadata,
        foreign_key_column(prefix, "fs_customer_slas", "customer_id", customers, primary_key=True),
        foreign_key_column(prefix, "fs_customer_slas", "sla_id", slas, nullable=False),
        Column("assigned_at", UtcDateTime, nullable=False),
        Column("assigned_by", Text, nullable=False),
        Index(constraint_name(prefix, "fs_customer_slas", "sla"), "sla_id"),
        schema=schema,
        **MYSQL_OPTIONS,
    )
    return SlaTables(slas, customer_slas)
