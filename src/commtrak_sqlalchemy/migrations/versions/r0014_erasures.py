"""The erasure journal: one row per customer an administrator deleted.

Revision ID: 0014
Revises: 0006

The table names no row of another table (no foreign key), so that it outlives the rows
whose deletion it records.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from commtrak_sqlalchemy._types import Id, UtcDateTime
from commtrak_sqlalchemy.migrations._ops import create_index, create_table, current_tables

revision = "0014"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the erasure journal."""
    create_table(
        "erasures",
        sa.Column("id", Id, primary_key=True),
        sa.Column("customer_id", Id, nullable=False),
        sa.Column("erased_customer_ids", sa.JSON, nullable=False),
        sa.Column("at", UtcDateTime, nullable=False),
        sa.Column("by", sa.Text, nullable=False),
        sa.Column("removed", sa.JSON, nullable=False),
    )
    create_index("erasures", "customer", "customer_id", "at", "id")


def downgrade() -> None:
    """Drop the erasure journal."""
    tables = current_tables()
    op.drop_table(f"{tables.prefix}erasures", schema=tables.groups.schema)
