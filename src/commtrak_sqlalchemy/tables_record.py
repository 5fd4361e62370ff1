"""The tables of the customer record: journal, branches, landlords, addresses, invoices.

They are defined on the same ``MetaData``, with the same prefix and schema, as the
tables of :mod:`commtrak_sqlalchemy.tables`, which keeps them as its one ``record``
attribute. How the record's invariants are held by the database:

* a branch, work address, invoice or journal entry names an existing customer, and a
  work address an existing branch and landlord: foreign keys;
* a customer has each invoice address at most once: the primary key of
  ``invoice_address_links`` is the pair;
* listings are read in their contract's order through an index on the folded keys
  (branches, landlords, work addresses, invoice addresses) or due dates (invoices).
"""

from __future__ import annotations

import functools
from typing import Any

import attrs
from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    Index,
    MetaData,
    Numeric,
    String,
    Table,
    Text,
)

from commtrak.model._text import MAX_TEXT
from commtrak_sqlalchemy._naming import MYSQL_OPTIONS, constraint_name, foreign_key_column
from commtrak_sqlalchemy._types import FoldedKey, Id, UtcDateTime

__all__ = ["ADDRESS_LINES", "MONEY", "RecordTables", "address_columns", "define_record_tables"]

#: The lines of an :class:`~commtrak.model.Address`, each stored as ``address_<line>``.
ADDRESS_LINES = ("line1", "line2", "line3", "town", "county", "postcode", "country")

#: Amounts in cents: up to 16 digits before the point.
MONEY = Numeric(18, 2)


def address_columns() -> tuple[Column[Any], ...]:
    """The columns of one address, ``address_line1`` to ``address_country``."""
    return tuple(
        Column(f"address_{line}", String(MAX_TEXT), nullable=False) for line in ADDRESS_LINES
    )


@attrs.frozen
class RecordTables:
    """The customer record's tables.

    Attributes:
        customer_journal: The customer journal.
        branches: Branches of company customers.
        landlords: Landlords, shared by work addresses.
        work_addresses: Work addresses, with their occupier.
        invoice_addresses: Invoice addresses (alternative recipients or enabled sources).
        invoice_address_links: Which customers use which invoice address.
        invoices: The minimal invoices.
    """

    customer_journal: Table
    branches: Table
    landlords: Table
    work_addresses: Table
    invoice_addresses: Table
    invoice_address_links: Table
    invoices: Table

    @property
    def all(self) -> tuple[Table, ...]:
        """The tables, parents before children."""
        return (
            self.customer_journal,
            self.branches,
            self.landlords,
            self.work_addresses,
            self.invoice_addresses,
            self.invoice_address_links,
            self.invoices,
        )


def define_record_tables(
    metadata: MetaData, customers: Table, *, prefix: str, schema: str | None
) -> RecordTables:
    """Define the record's tables on *metadata*, next to the *customers* table."""

    def name(table: str, what: str) -> str:
        return constraint_name(prefix, table, what)

    refers = functools.partial(foreign_key_column, prefix)

    def customer(table: str) -> Column[Any]:
        return refers(table, "customer_id", customers, nullable=False)

    journal = Table(
        f"{prefix}customer_journal",
        metadata,
        Column("id", Id, primary_key=True),
        customer("customer_journal"),
        Column("action", String(32), nullable=False),
        Column("at", UtcDateTime, nullable=False),
        Column("by", Text, nullable=False),
        Column("other_id", Id, nullable=True),
        Column("changes", JSON, nullable=False),
        Column("counts", JSON, nullable=False),
        Index(name("customer_journal", "customer"), "customer_id", "at", "id"),
        Index(name("customer_journal", "other"), "other_id", "at", "id"),
        schema=schema,
        **MYSQL_OPTIONS,
    )
    branches = Table(
        f"{prefix}branches",
        metadata,
        Column("id", Id, primary_key=True),
        customer("branches"),
        Column("name", String(MAX_TEXT), nullable=False),
        Column("name_key", FoldedKey, nullable=False),
        *address_columns(),
        Column("phone", String(MAX_TEXT), nullable=False),
        Index(name("branches", "listing"), "customer_id", "name_key", "id"),
        schema=schema,
        **MYSQL_OPTIONS,
    )
    landlords = Table(
        f"{prefix}landlords",
        metadata,
        Column("id", Id, primary_key=True),
        Column("name", String(MAX_TEXT), nullable=False),
        Column("name_key", FoldedKey, nullable=False),
        *address_columns(),
        Column("phone", String(MAX_TEXT), nullable=False),
        Column("email", String(MAX_TEXT), nullable=True),
        Index(name("landlords", "name_key"), "name_key", "id"),
        schema=schema,
        **MYSQL_OPTIONS,
    )
    work_addresses = Table(
        f"{prefix}work_addresses",
        metadata,
        Column("id", Id, primary_key=True),
        customer("work_addresses"),
        *address_columns(),
        Column("line1_key", FoldedKey, nullable=False),
        Column("postcode_key", FoldedKey, nullable=False),
        Column("occupier_title", String(MAX_TEXT), nullable=False),
        Column("occupier_first_name", String(MAX_TEXT), nullable=False),
        Column("occupier_surname", String(MAX_TEXT), nullable=False),
        Column("occupier_phone", String(MAX_TEXT), nullable=False),
        Column("occupier_email", String(MAX_TEXT), nullable=True),
        refers("work_addresses", "branch_id", branches, nullable=True),
        refers("work_addresses", "landlord_id", landlords, nullable=True),
        Column("status", String(32), nullable=False),
        Column("dormant_by_cascade", Boolean, nullable=False),
        Column("communication", JSON, nullable=False),
        # Two folded keys would not fit in one MariaDB index entry: the postcode and id
        # only break ties of Address Line 1, which the database sorts.
        Index(name("work_addresses", "listing"), "customer_id", "line1_key"),
        Index(name("work_addresses", "eligible"), "status", "customer_id"),
        Index(name("work_addresses", "branch"), "branch_id"),
        Index(name("work_addresses", "landlord"), "landlord_id"),
        schema=schema,
        **MYSQL_OPTIONS,
    )
    invoice_addresses = Table(
        f"{prefix}invoice_addresses",
        metadata,
        Column("id", Id, primary_key=True),
        Column("name", String(MAX_TEXT), nullable=False),
        Column("name_key", FoldedKey, nullable=False),
        *address_columns(),
        refers("invoice_addresses", "landlord_id", landlords, nullable=True),
        refers("invoice_addresses", "work_address_id", work_addresses, nullable=True),
        Column("deleted", Boolean, nullable=False),
        Index(name("invoice_addresses", "landlord"), "landlord_id", "deleted"),
        Index(name("invoice_addresses", "work_address"), "work_address_id", "deleted"),
        schema=schema,
        **MYSQL_OPTIONS,
    )
    links = Table(
        f"{prefix}invoice_address_links",
        metadata,
        refers("invoice_address_links", "invoice_address_id", invoice_addresses, primary_key=True),
        refers("invoice_address_links", "customer_id", customers, primary_key=True),
        Index(name("invoice_address_links", "customer"), "customer_id", "invoice_address_id"),
        schema=schema,
        **MYSQL_OPTIONS,
    )
    invoices = Table(
        f"{prefix}invoices",
        metadata,
        Column("id", Id, primary_key=True),
        customer("invoices"),
        Column("amount", MONEY, nullable=False),
        Column("amount_paid", MONEY, nullable=False),
        Column("due_on", Date, nullable=False),
        Column("status", String(32), nullable=False),
        refers("invoices", "invoice_address_id", invoice_addresses, nullable=True),
        Index(name("invoices", "listing"), "customer_id", "due_on", "id"),
        Index(name("invoices", "invoice_address"), "invoice_address_id", "status"),
        schema=schema,
        **MYSQL_OPTIONS,
    )
    return RecordTables(
        customer_journal=journal,
        branches=branches,
        landlords=landlords,
        work_addresses=work_addresses,
        invoice_addresses=invoice_addresses,
        invoice_address_links=links,
        invoices=invoices,
    )
