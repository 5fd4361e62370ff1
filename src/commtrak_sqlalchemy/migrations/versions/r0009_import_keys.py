"""The import keys: what makes a bulk import (the CSV import) idempotent.

Revision ID: 0009
Revises: 0014

One row per imported row: its key (a SHA-256 digest in hexadecimal, the primary key,
so that two imports of one row cannot both write it), what it became and that record's
id (see :mod:`commtrak.model.import_keys`).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from commtrak_sqlalchemy._types import Id
from commtrak_sqlalchemy.migrations._ops import create_table, current_tables

revision = "0009"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the import keys' table."""
    create_table(
        "import_keys",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("record_id", Id, nullable=False),
    )


def downgrade() -> None:
    """Drop the import keys' table."""
    tables = current_tables()
    op.drop_table(f"{tables.prefix}import_keys", schema=tables.groups.schema)
