"""Index tickets and data sheets by customer, for a customer merge's count and move.

Revision ID: 0004
Revises: 0003

A customer merge counts, then moves, the merged customer's tickets and data sheets with
one statement each (``CustomerRows`` in ``commtrak_sqlalchemy._owned``); without these
indexes both would read the whole table.
"""

from __future__ import annotations

from commtrak_sqlalchemy.migrations._ops import create_index, drop_index

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

#: The tables indexed by ``customer_id`` in this revision.
_TABLES = ("tickets", "data_sheets")


def upgrade() -> None:
    """Index the tickets and data sheets by customer."""
    for table in _TABLES:
        create_index(table, "customer", "customer_id")


def downgrade() -> None:
    """Drop the two indexes."""
    for table in _TABLES:
        drop_index(table, "customer")
