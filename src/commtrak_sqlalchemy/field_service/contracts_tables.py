"""The contracts' and flags' tables (the service context), on the core's ``MetaData``.

* ``field_service_contracts``: one row per contract. The derived expiry is stored
  (``expires_on``) so that ``expiring`` is one range scan of its index; the folded
  contract type (``type_key``) is indexed by customer for the customer list's filter;
  the recurring job's due date is indexed for the due-job query.
* ``field_service_flags``: one row per customer and folded flag, the primary key.
"""

from __future__ import annotations

import functools

import attrs
from sqlalchemy import Column, Date, Index, Integer, MetaData, String, Table, Text

from commtrak.field_service.model.flags import MAX_FLAG
from commtrak.model._text import MAX_TEXT
from commtrak_sqlalchemy._naming import MYSQL_OPTIONS, constraint_name, foreign_key_column
from commtrak_sqlalchemy._types import FoldedKey, Id, UtcDateTime

__all__ = ["ContractTables", "define_contract_tables"]


@attrs.frozen
class ContractTables:
    """The contracts' and flags' tables.

    Attributes:
        contracts: One row per contract, its expiry stored for its index.
        flags: One row per customer and folded flag.
    """

    contracts: Table
    flags: Table

    @property
    def all(self) -> tuple[Table, ...]:
        """The tables, parents before children."""
        return (self.contracts, self.flags)


def define_contract_tables(
    metadata: MetaData, customers: Table, *, prefix: str, schema: str | None
) -> ContractTables:
    """Define the tables on *metadata*, next to the *customers* table."""

    def name(table: str, what: str) -> str:
        return constraint_name(prefix, table, what)

    refers = functools.partial(foreign_key_column, prefix)
    contracts = Table(
        f"{prefix}field_service_contracts",
        metadata,
        Column("id", Id, primary_key=True),
        refers("field_service_contracts", "customer_id", customers, nullable=False),
        Column("name", String(MAX_TEXT), nullable=False),
        Column("contract_type", String(MAX_TEXT), nullable=False),
        Column("type_key", FoldedKey, nullable=False),
        Column("starts_on", Date, nullable=False),
        Column("duration_months", Integer, nullable=False),
        Column("expires_on", Date, nullable=False),
        Column("renewal_reminder_days", Integer, nullable=False),
        Column("job_description", String(MAX_TEXT), nullable=True),
        Column("job_every_months", Integer, nullable=True),
        Column("job_next_due_on", Date, nullable=True),
        Column("ended_on", Date, nullable=True),
        Column("created_at", UtcDateTime, nullable=False),
        Column("created_by", Text, nullable=False),
        Index(name("field_service_contracts", "customer"), "customer_id", "starts_on", "id"),
        Index(name("field_service_contracts", "customer_type"), "customer_id", "type_key"),
        Index(name("field_service_contracts", "expiry"), "expires_on", "id"),
        Index(name("field_service_contracts", "job_due"), "job_next_due_on", "id"),
        schema=schema,
        **MYSQL_OPTIONS,
    )
    flags = Table(
        f"{prefix}field_service_flags",
        metadata,
        refers("field_service_flags", "customer_id", customers, primary_key=True),
        Column("label_key", FoldedKey, primary_key=True),
        Column("label", String(MAX_FLAG), nullable=False),
        schema=schema,
        **MYSQL_OPTIONS,
    )
    return ContractTables(contracts=contracts, flags=flags)
