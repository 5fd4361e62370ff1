"""The finance context: invoices, credit notes, lines, receipts, the ledger, sequences.

Revision ID: 0006
Revises: 0004

Like every migration, it spells out the tables as they were when it was written (see
:mod:`commtrak_sqlalchemy.finance.tables` for what each index holds). Amounts are
``NUMERIC(19, 4)`` (scaled ``BIGINT`` on SQLite, see
:mod:`commtrak_sqlalchemy.finance._types`) beside a three-letter currency code.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

from commtrak.model._text import MAX_TEXT
from commtrak_sqlalchemy._types import Id, UtcDateTime
from commtrak_sqlalchemy.finance._types import Amount
from commtrak_sqlalchemy.migrations._ops import (
    create_index,
    create_table,
    current_tables,
    references,
)

revision = "0006"
down_revision = "0004"
branch_labels = None
depends_on = None

#: The tables this revision creates, parents first.
_TABLES = (
    "finance_invoices",
    "finance_credit_notes",
    "finance_lines",
    "finance_receipts",
    "finance_ledger",
    "finance_sequences",
    "finance_journal",
)


def _customer(table: str) -> sa.Column[Any]:
    return sa.Column(
        "customer_id", Id, references(table, "customer_fk", "customers"), nullable=False
    )


def _created() -> tuple[sa.Column[Any], ...]:
    return (
        sa.Column("created_at", UtcDateTime, nullable=False),
        sa.Column("created_by", sa.Text, nullable=False),
    )


def upgrade() -> None:
    """Create the finance tables, their indexes and constraints."""
    create_table(
        "finance_invoices",
        sa.Column("id", Id, primary_key=True),
        _customer("finance_invoices"),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("description", sa.String(MAX_TEXT), nullable=False),
        sa.Column("issued_on", sa.Date, nullable=False),
        sa.Column("due_on", sa.Date, nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("number", sa.Integer, nullable=True),
        *_created(),
    )
    create_index("finance_invoices", "customer", "customer_id", "issued_on", "id")
    create_index("finance_invoices", "number_uq", "number", unique=True)
    create_table(
        "finance_credit_notes",
        sa.Column("id", Id, primary_key=True),
        _customer("finance_credit_notes"),
        sa.Column(
            "invoice_id",
            Id,
            references("finance_credit_notes", "invoice_fk", "finance_invoices"),
            nullable=True,
        ),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("description", sa.String(MAX_TEXT), nullable=False),
        sa.Column("issued_on", sa.Date, nullable=False),
        sa.Column("breakdown", sa.String(32), nullable=False),
        sa.Column("number", sa.Integer, nullable=False),
        *_created(),
    )
    create_index("finance_credit_notes", "customer", "customer_id", "issued_on", "id")
    create_index("finance_credit_notes", "invoice", "invoice_id")
    create_index("finance_credit_notes", "number_uq", "number", unique=True)
    create_table(
        "finance_lines",
        sa.Column("document_id", Id, primary_key=True),
        sa.Column("position", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("description", sa.String(MAX_TEXT), nullable=False),
        sa.Column("quantity", Amount(), nullable=False),
        sa.Column("unit_price", Amount(), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("tax_rate", Amount(), nullable=False),
        sa.Column("category", sa.String(16), nullable=False),
    )
    create_table(
        "finance_receipts",
        sa.Column("id", Id, primary_key=True),
        _customer("finance_receipts"),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("amount", Amount(), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("method", sa.String(MAX_TEXT), nullable=False),
        sa.Column("received_on", sa.Date, nullable=False),
        sa.Column("reference", sa.String(MAX_TEXT), nullable=False),
        sa.Column("nominal_account", sa.String(MAX_TEXT), nullable=False),
        *_created(),
    )
    create_index("finance_receipts", "customer", "customer_id", "received_on", "id")
    create_table(
        "finance_ledger",
        sa.Column("id", Id, primary_key=True),
        _customer("finance_ledger"),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("dated_on", sa.Date, nullable=False),
        sa.Column("invoice_id", Id, nullable=True),
        sa.Column("source_id", Id, nullable=True),
        sa.Column("invoice_effect", Amount(), nullable=False),
        sa.Column("source_effect", Amount(), nullable=False),
        sa.Column("reverses", Id, nullable=True),
        sa.Column("recorded_at", UtcDateTime, nullable=False),
        sa.Column("recorded_by", sa.Text, nullable=False),
    )
    create_index("finance_ledger", "customer", "customer_id", "recorded_at", "id")
    create_index("finance_ledger", "invoice", "invoice_id")
    create_index("finance_ledger", "source", "source_id")
    create_index("finance_ledger", "reverses_uq", "reverses", unique=True)
    create_table(
        "finance_sequences",
        sa.Column("name", sa.String(32), primary_key=True),
        sa.Column("last_number", sa.Integer, nullable=False),
    )
    create_table(
        "finance_journal",
        sa.Column("id", Id, primary_key=True),
        _customer("finance_journal"),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("subject_id", Id, nullable=False),
        sa.Column("at", UtcDateTime, nullable=False),
        sa.Column("by", sa.Text, nullable=False),
        sa.Column("summary", sa.Text, nullable=False),
    )
    create_index("finance_journal", "customer", "customer_id", "at", "id")


def downgrade() -> None:
    """Drop the finance tables, children first."""
    tables = current_tables()
    for table in reversed(_TABLES):
        op.drop_table(f"{tables.prefix}{table}", schema=tables.groups.schema)
