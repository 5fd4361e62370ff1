"""The customer record: new customer columns, branches, landlords, addresses, invoices.

Revision ID: 0002
Revises: 0001

Customers gain ``advertising_source``, ``price_book``, ``communication`` and
``merged_into``; the customer journal, branches, landlords, work addresses, invoice
addresses, their links to customers and invoices get their tables. As every migration,
it spells the schema out as it was when written (see ``r0001_initial``).
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

from commtrak.model._text import MAX_TEXT
from commtrak_sqlalchemy._types import FoldedKey, Id, UtcDateTime
from commtrak_sqlalchemy.migrations._ops import (
    create_index,
    create_table,
    current_tables,
    references,
)

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_ADDRESS = ("line1", "line2", "line3", "town", "county", "postcode", "country")
_MONEY = sa.Numeric(18, 2)

_TABLES = (
    "customer_journal",
    "branches",
    "landlords",
    "work_addresses",
    "invoice_addresses",
    "invoice_address_links",
    "invoices",
)


def _address() -> tuple[sa.Column[Any], ...]:
    return tuple(
        sa.Column(f"address_{line}", sa.String(MAX_TEXT), nullable=False) for line in _ADDRESS
    )


def upgrade() -> None:
    """Add the customer columns, then create the record's tables and indexes."""
    tables = current_tables()
    prefix, schema, name = tables.prefix, tables.groups.schema, tables.constraint
    customers = f"{prefix}customers"
    _customer_columns(customers, schema, name)

    create_table(
        "customer_journal",
        sa.Column("id", Id, primary_key=True),
        sa.Column(
            "customer_id",
            Id,
            references("customer_journal", "customer_fk", "customers"),
            nullable=False,
        ),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("at", UtcDateTime, nullable=False),
        sa.Column("by", sa.Text, nullable=False),
        sa.Column("other_id", Id, nullable=True),
        sa.Column("changes", sa.JSON, nullable=False),
        sa.Column("counts", sa.JSON, nullable=False),
    )
    create_index("customer_journal", "customer", "customer_id", "at", "id")
    create_index("customer_journal", "other", "other_id", "at", "id")
    create_table(
        "branches",
        sa.Column("id", Id, primary_key=True),
        sa.Column(
            "customer_id", Id, references("branches", "customer_fk", "customers"), nullable=False
        ),
        sa.Column("name", sa.String(MAX_TEXT), nullable=False),
        sa.Column("name_key", FoldedKey, nullable=False),
        *_address(),
        sa.Column("phone", sa.String(MAX_TEXT), nullable=False),
    )
    create_index("branches", "listing", "customer_id", "name_key", "id")
    create_table(
        "landlords",
        sa.Column("id", Id, primary_key=True),
        sa.Column("name", sa.String(MAX_TEXT), nullable=False),
        sa.Column("name_key", FoldedKey, nullable=False),
        *_address(),
        sa.Column("phone", sa.String(MAX_TEXT), nullable=False),
        sa.Column("email", sa.String(MAX_TEXT), nullable=True),
    )
    create_index("landlords", "name_key", "name_key", "id")
    create_table(
        "work_addresses",
        sa.Column("id", Id, primary_key=True),
        sa.Column(
            "customer_id",
            Id,
            references("work_addresses", "customer_fk", "customers"),
            nullable=False,
        ),
        *_address(),
        sa.Column("line1_key", FoldedKey, nullable=False),
        sa.Column("postcode_key", FoldedKey, nullable=False),
        *(
            sa.Column(f"occupier_{field}", sa.String(MAX_TEXT), nullable=False)
            for field in ("title", "first_name", "surname", "phone")
        ),
        sa.Column("occupier_email", sa.String(MAX_TEXT), nullable=True),
        sa.Column(
            "branch_id", Id, references("work_addresses", "branch_fk", "branches"), nullable=True
        ),
        sa.Column(
            "landlord_id",
            Id,
            references("work_addresses", "landlord_fk", "landlords"),
            nullable=True,
        ),
        sa.Column("status", sa.String(32), nullable=False),
        sa.Column("dormant_by_cascade", sa.Boolean, nullable=False),
        sa.Column("communication", sa.JSON, nullable=False),
    )
    create_index("work_addresses", "listing", "customer_id", "line1_key")
    create_index("work_addresses", "eligible", "status", "customer_id")
    create_index("work_addresses", "branch", "branch_id")
    create_index("work_addresses", "landlord", "landlord_id")
    create_table(
        "invoice_addresses",
        sa.Column("id", Id, primary_key=True),
        sa.Column("name", sa.String(MAX_TEXT), nullable=False),
        sa.Column("name_key", FoldedKey, nullable=False),
        *_address(),
        sa.Column(
            "landlord_id",
            Id,
            references("invoice_addresses", "landlord_fk", "landlords"),
            nullable=True,
        ),
        sa.Column(
            "work_address_id",
            Id,
            references("invoice_addresses", "work_address_fk", "work_addresses"),
            nullable=True,
        ),
        sa.Column("deleted", sa.Boolean, nullable=False),
    )
    create_index("invoice_addresses", "landlord", "landlord_id", "deleted")
    create_index("invoice_addresses", "work_address", "work_address_id", "deleted")
    create_table(
        "invoice_address_links",
        sa.Column(
            "invoice_address_id",
            Id,
            references("invoice_address_links", "invoice_address_fk", "invoice_addresses"),
            primary_key=True,
        ),
        sa.Column(
            "customer_id",
            Id,
            references("invoice_address_links", "customer_fk", "customers"),
            primary_key=True,
        ),
    )
    create_index("invoice_address_links", "customer", "customer_id", "invoice_address_id")
    create_table(
        "invoices",
        sa.Column("id", Id, primary_key=True),
        sa.Column(
            "customer_id", Id, references("invoices", "customer_fk", "customers"), nullable=False
        ),
        sa.Column("amount", _MONEY, nullable=False),
        sa.Column("amount_paid", _MONEY, nullable=False),
        sa.Column("due_on", sa.Date, nullable=False),
        sa.Column("status", sa.String(32), nullable=False),
        sa.Column(
            "invoice_address_id",
            Id,
            references("invoices", "invoice_address_fk", "invoice_addresses"),
            nullable=True,
        ),
    )
    create_index("invoices", "listing", "customer_id", "due_on", "id")
    create_index("invoices", "invoice_address", "invoice_address_id", "status")


def _customer_columns(customers: str, schema: str | None, name: Any) -> None:
    for column in ("advertising_source", "price_book"):
        op.add_column(
            customers,
            sa.Column(column, sa.String(MAX_TEXT), nullable=False, server_default=""),
            schema=schema,
        )
    # Rows of customers made before this revision have no channels: NULL reads as none.
    op.add_column(customers, sa.Column("communication", sa.JSON, nullable=True), schema=schema)
    # NULL reads as the default invoice address format.
    op.add_column(customers, sa.Column("invoice_format", sa.Text, nullable=True), schema=schema)
    fk = name("customers", "merged_into_fk")
    if op.get_bind().dialect.name == "sqlite":
        # SQLite adds a column's foreign key only inline, with the column.
        op.execute(
            f'ALTER TABLE "{customers}" ADD COLUMN merged_into CHAR(32) '
            f'CONSTRAINT "{fk}" REFERENCES "{customers}" (id)'
        )
        return
    op.add_column(customers, sa.Column("merged_into", Id, nullable=True), schema=schema)
    op.create_foreign_key(
        fk,
        customers,
        customers,
        ["merged_into"],
        ["id"],
        source_schema=schema,
        referent_schema=schema,
    )


def downgrade() -> None:
    """Drop the record's tables and the customer columns."""
    tables = current_tables()
    prefix, schema = tables.prefix, tables.groups.schema
    for table in reversed(_TABLES):
        op.drop_table(f"{prefix}{table}", schema=schema)
    customers = f"{prefix}customers"
    columns = ("merged_into", "invoice_format", "communication", "price_book", "advertising_source")
    if op.get_bind().dialect.name != "sqlite":  # SQLite drops the column's key with it
        op.drop_constraint(
            tables.constraint("customers", "merged_into_fk"),
            customers,
            type_="foreignkey",
            schema=schema,
        )
    for column in columns:
        op.drop_column(customers, column, schema=schema)
