"""The service context's contracts and flags, and the customer list's index.

Revision ID: 0007
Revises: 0010

Like every migration, it spells out the tables as they were when it was written (see
:mod:`commtrak_sqlalchemy.field_service.contracts_tables` for what each index serves).
``customers_listing`` on ``(name_key, id)`` gives the filtered customer list its keyset
pages in order without sorting.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from commtrak.model._text import MAX_TEXT
from commtrak_sqlalchemy._types import FoldedKey, Id, UtcDateTime
from commtrak_sqlalchemy.migrations._ops import (
    create_index,
    create_table,
    current_tables,
    drop_index,
    references,
)

revision = "0007"
down_revision = "0010"
branch_labels = None
depends_on = None

#: The tables this revision creates, parents first.
_TABLES = ("field_service_contracts", "field_service_flags")


def upgrade() -> None:
    """Create the contracts' and flags' tables and the customer list's index."""
    create_index("customers", "listing", "name_key", "id")
    create_table(
        "field_service_contracts",
        sa.Column("id", Id, primary_key=True),
        sa.Column(
            "customer_id",
            Id,
            references("field_service_contracts", "customer_fk", "customers"),
            nullable=False,
        ),
        sa.Column("name", sa.String(MAX_TEXT), nullable=False),
        sa.Column("contract_type", sa.String(MAX_TEXT), nullable=False),
        sa.Column("type_key", FoldedKey, nullable=False),
        sa.Column("starts_on", sa.Date, nullable=False),
        sa.Column("duration_months", sa.Integer, nullable=False),
        sa.Column("expires_on", sa.Date, nullable=False),
        sa.Column("renewal_reminder_days", sa.Integer, nullable=False),
        sa.Column("job_description", sa.String(MAX_TEXT), nullable=True),
        sa.Column("job_every_months", sa.Integer, nullable=True),
        sa.Column("job_next_due_on", sa.Date, nullable=True),
        sa.Column("ended_on", sa.Date, nullable=True),
        sa.Column("created_at", UtcDateTime, nullable=False),
        sa.Column("created_by", sa.Text, nullable=False),
    )
    create_index("field_service_contracts", "customer", "customer_id", "starts_on", "id")
    create_index("field_service_contracts", "customer_type", "customer_id", "type_key")
    create_index("field_service_contracts", "expiry", "expires_on", "id")
    create_index("field_service_contracts", "job_due", "job_next_due_on", "id")
    create_table(
        "field_service_flags",
        sa.Column(
            "customer_id",
            Id,
            references("field_service_flags", "customer_fk", "customers"),
            primary_key=True,
        ),
        sa.Column("label_key", FoldedKey, primary_key=True),
        sa.Column("label", sa.String(64), nullable=False),
    )


def downgrade() -> None:
    """Drop the tables, children first, and the index."""
    tables = current_tables()
    for table in reversed(_TABLES):
        op.drop_table(f"{tables.prefix}{table}", schema=tables.groups.schema)
    drop_index("customers", "listing")
