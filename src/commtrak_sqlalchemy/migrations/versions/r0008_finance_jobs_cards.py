"""Finance: jobs and consolidated invoices, invoice addresses on invoices, stored cards.

Revision ID: 0008
Revises: 0011

Adds the host's jobs (``finance_jobs``) and the claim of each invoiced job on its final
invoice (``finance_job_claims``, keyed by the job so that a job is on one final invoice
at most), the job a line bills (``finance_lines.job_id``), the invoice address an
invoice is sent to and the address printed on it (``finance_invoices``), and stored
cards by token (``finance_cards``). See :mod:`commtrak_sqlalchemy.finance.tables`.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from commtrak.model._text import MAX_TEXT
from commtrak_sqlalchemy._types import Id, UtcDateTime
from commtrak_sqlalchemy.migrations._ops import (
    create_index,
    create_table,
    current_tables,
    drop_index,
    references,
)

revision = "0008"
down_revision = "0011"
branch_labels = None
depends_on = None

#: The tables this revision creates, parents first.
_TABLES = ("finance_jobs", "finance_job_claims", "finance_cards")

#: The lines of an address, each stored as ``address_<line>``.
_ADDRESS_LINES = ("line1", "line2", "line3", "town", "county", "postcode", "country")


def _add_column(table: str, column: sa.Column[object]) -> None:
    tables = current_tables()
    op.add_column(f"{tables.prefix}{table}", column, schema=tables.groups.schema)


def _drop_column(table: str, column: str) -> None:
    tables = current_tables()
    op.drop_column(f"{tables.prefix}{table}", column, schema=tables.groups.schema)


def upgrade() -> None:
    """Create the job and card tables; add the new columns of invoices and lines."""
    _add_column("finance_invoices", sa.Column("invoice_address_id", Id, nullable=True))
    _add_column("finance_invoices", sa.Column("address", sa.Text, nullable=True))
    _add_column("finance_lines", sa.Column("job_id", Id, nullable=True))
    create_index("finance_lines", "job", "job_id")
    create_table(
        "finance_jobs",
        sa.Column("id", Id, primary_key=True),
        sa.Column(
            "customer_id",
            Id,
            references("finance_jobs", "customer_fk", "customers"),
            nullable=False,
        ),
        sa.Column("reference", sa.String(100), nullable=False),
        sa.Column("description", sa.String(MAX_TEXT), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("created_at", UtcDateTime, nullable=False),
        sa.Column("created_by", sa.Text, nullable=False),
    )
    create_index("finance_jobs", "customer", "customer_id", "reference", "id")
    create_index("finance_jobs", "reference_uq", "reference", unique=True)
    create_table(
        "finance_job_claims",
        sa.Column(
            "job_id",
            Id,
            references("finance_job_claims", "job_fk", "finance_jobs"),
            nullable=False,
            primary_key=True,
        ),
        sa.Column(
            "invoice_id",
            Id,
            references("finance_job_claims", "invoice_fk", "finance_invoices"),
            nullable=False,
        ),
    )
    create_index("finance_job_claims", "invoice", "invoice_id")
    create_table(
        "finance_cards",
        sa.Column("id", Id, primary_key=True),
        sa.Column(
            "customer_id",
            Id,
            references("finance_cards", "customer_fk", "customers"),
            nullable=False,
        ),
        sa.Column("token", sa.String(255), nullable=False),
        sa.Column("brand", sa.String(16), nullable=False),
        sa.Column("last_four", sa.String(4), nullable=False),
        sa.Column("expiry_month", sa.Integer, nullable=False),
        sa.Column("expiry_year", sa.Integer, nullable=False),
        sa.Column("name_on_card", sa.String(MAX_TEXT), nullable=False),
        *(
            sa.Column(f"address_{line}", sa.String(MAX_TEXT), nullable=False)
            for line in _ADDRESS_LINES
        ),
        sa.Column("created_at", UtcDateTime, nullable=False),
        sa.Column("created_by", sa.Text, nullable=False),
        sa.Column("removed_at", UtcDateTime, nullable=True),
        sa.Column("removed_by", sa.Text, nullable=False),
    )
    create_index("finance_cards", "customer", "customer_id", "created_at", "id")
    create_index("finance_cards", "token_uq", "token", unique=True)


def downgrade() -> None:
    """Drop the new tables, children first, and the new columns."""
    tables = current_tables()
    for table in reversed(_TABLES):
        op.drop_table(f"{tables.prefix}{table}", schema=tables.groups.schema)
    drop_index("finance_lines", "job")
    _drop_column("finance_lines", "job_id")
    _drop_column("finance_invoices", "address")
    _drop_column("finance_invoices", "invoice_address_id")
