"""Index tickets and data sheets by customer, for a customer merge's count and move.

Revision ID: 0004
Revises: 0003

A customer merge counts, then moves, the merged customer's tickets and data sheets with
one statement each (``CustomerRows`` in ``commtrak_sqlalchemy._owned``); without these
indexes both would read the whole table.
"""

from __future__ import annotations

from alembic import context, op

from commtrak_sqlalchemy.tables import SqlTables

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

#: The tables indexed by ``customer_id`` in this revision.
_TABLES = ("tickets", "data_sheets")


def _tables() -> SqlTables:
    tables: SqlTables = context.config.attributes["tables"]
    return tables


def upgrade() -> None:
    """Index the tickets and data sheets by customer."""
    tables = _tables()
    for table in _TABLES:
        op.create_index(
            tables.constraint(table, "customer"),
            f"{tables.prefix}{table}",
            ["customer_id"],
            schema=tables.groups.schema,
        )


def downgrade() -> None:
    """Drop the two indexes."""
    tables = _tables()
    for table in _TABLES:
        op.drop_index(
            tables.constraint(table, "customer"),
            table_name=f"{tables.prefix}{table}",
            schema=tables.groups.schema,
        )
