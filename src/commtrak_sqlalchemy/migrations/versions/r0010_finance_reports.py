"""An invoice may name the contact it is addressed to: statements group by it.

Revision ID: 0010
Revises: 0008

The column is nullable (``NULL``: the customer as a whole), so every invoice written
before keeps its meaning.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from commtrak_sqlalchemy._types import Id
from commtrak_sqlalchemy.migrations._ops import current_tables

revision = "0010"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add ``finance_invoices.contact_id``."""
    tables = current_tables()
    op.add_column(
        f"{tables.prefix}finance_invoices",
        sa.Column("contact_id", Id, nullable=True),
        schema=tables.groups.schema,
    )


def downgrade() -> None:
    """Drop ``finance_invoices.contact_id``."""
    tables = current_tables()
    op.drop_column(f"{tables.prefix}finance_invoices", "contact_id", schema=tables.groups.schema)
