"""Index the foreign keys a deletion checks: merged customers, activities, plan addresses.

Revision ID: 0015
Revises: 0007

Deleting a customer (or a work address or contact with it) makes the database look for
rows still naming it. Without an index on the naming column, each deleted row is a read
of the whole naming table: emptying a store of 6,000 customers on SQLite took 2 s, and
one of 100,000 did not finish in ten minutes. ``customers.merged_into`` is also read by
a deletion to find the customers merged into the one deleted.

Each index holds only the rows whose column is set (see
:func:`commtrak_sqlalchemy._naming.referrer_index`); MariaDB, which gives every foreign
key an index of its own, gets none.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from commtrak_sqlalchemy._types import is_mysql
from commtrak_sqlalchemy.migrations._ops import current_tables, drop_index

revision = "0015"
down_revision = "0007"
branch_labels = None
depends_on = None

#: The indexes of this revision: table, index name, column.
_INDEXES = (
    ("customers", "merged_into", "merged_into"),
    ("scheduled_activities", "contact", "contact_id"),
    ("scheduled_activities", "work_address", "work_address_id"),
    ("fs_plan_addresses", "work_address", "work_address_id"),
)


def upgrade() -> None:
    """Create the four indexes (none on MariaDB)."""
    if is_mysql(op.get_bind().dialect):
        return
    found = current_tables()
    for table, what, column in _INDEXES:
        condition = sa.text(f"{column} IS NOT NULL")
        op.create_index(
            found.constraint(table, what),
            f"{found.prefix}{table}",
            [column],
            schema=found.groups.schema,
            postgresql_where=condition,
            sqlite_where=condition,
        )


def downgrade() -> None:
    """Drop the four indexes."""
    if is_mysql(op.get_bind().dialect):
        return
    for table, what, _ in _INDEXES:
        drop_index(table, what)
