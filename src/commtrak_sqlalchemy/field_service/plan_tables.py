"""The tables of service plans, their assignments, and the work addresses each covers.

A plan's name is unique: a unique index on its folded ``name_key``. Its cost is an
amount (``NUMERIC(19, 4)``, a scaled integer on SQLite, as finance's) beside a currency
code. The work addresses an assignment covers are rows of their own, with foreign keys
to the assignment and the work address, in the order they were ticked.
"""

from __future__ import annotations

import attrs
from sqlalchemy import Column, Date, ForeignKey, Index, Integer, MetaData, String, Table, Text

from commtrak.model._text import MAX_TEXT
from commtrak_sqlalchemy._naming import (
    MYSQL_OPTIONS,
    constraint_name,
    foreign_key_column,
    referrer_index,
)
from commtrak_sqlalchemy._types import FoldedKey, Id, JsonList, UtcDateTime
from commtrak_sqlalchemy.finance._types import Amount

__all__ = ["PlanTables", "define_plan_tables"]


@attrs.frozen
class PlanTables:
    """The service plan tables.

    Attributes:
        plans: The plans.
        assignments: Plans assigned to customers, with their expiry dates.
        addresses: The work addresses each assignment covers.
    """

    plans: Table
    assignments: Table
    addresses: Table

    @property
    def all(self) -> tuple[Table, ...]:
        """The tables, parents before children."""
        return (self.plans, self.assignments, self.addresses)


def define_plan_tables(
    metadata: MetaData, customers: Table, *, prefix: str, schema: str | None
) -> PlanTables:
    """Define the service plan tables on *metadata*, next to the *customers* table."""

    def name(table: str, what: str) -> str:
        return constraint_name(prefix, table, what)

    dotted = f"{schema}." if schema else ""
    plans = Table(
        f"{prefix}fs_service_plans",
        metadata,
        Column("id", Id, primary_key=True),
        Column("name", String(MAX_TEXT), nullable=False),
        Column("name_key", FoldedKey, nullable=False),
        Column("tasks", JsonList, nullable=False),
        Column("materials", JsonList, nullable=False),
        Column("cost_amount", Amount(), nullable=False),
        Column("cost_currency", String(3), nullable=False),
        Column("warranty", Text, nullable=False),
        Index(name("fs_service_plans", "name_key_uq"), "name_key", unique=True),
        schema=schema,
        **MYSQL_OPTIONS,
    )
    assignments = Table(
        f"{prefix}fs_plan_assignments",
        metadata,
        Column("id", Id, primary_key=True),
        foreign_key_column(prefix, "fs_plan_assignments", "plan_id", plans, nullable=False),
        foreign_key_column(prefix, "fs_plan_assignments", "customer_id", customers, nullable=False),
        Column("expires_on", Date, nullable=False),
        Column("assigned_at", UtcDateTime, nullable=False),
        Column("assigned_by", Text, nullable=False),
        Index(name("fs_plan_assignments", "customer"), "customer_id", "expires_on", "id"),
        Index(name("fs_plan_assignments", "plan"), "plan_id"),
        schema=schema,
        **MYSQL_OPTIONS,
    )
    addresses = Table(
        f"{prefix}fs_plan_addresses",
        metadata,
        Column(
            "assignment_id",
            Id,
            ForeignKey(
                assignments.c.id,
                name=name("fs_plan_addresses", "assignment_fk"),
                ondelete="CASCADE",
            ),
            primary_key=True,
        ),
        foreign_key_column(
            prefix,
            "fs_plan_addresses",
            "work_address_id",
            f"{dotted}{prefix}work_addresses.id",
            primary_key=True,
        ),
        Column("position", Integer, nullable=False),
        schema=schema,
        **MYSQL_OPTIONS,
    )
    referrer_index(addresses, name("fs_plan_addresses", "work_address"), "work_address_id")
    return PlanTables(plans, assignments, addresses)
