"""Service reminders, their decisions journal, and scheduled activities.

Revision ID: 0011
Revises: 0012

Like every migration, it spells out the tables as they were when it was written (see
:mod:`commtrak_sqlalchemy.field_service.reminder_tables` for what each index holds).
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

from commtrak.model._text import MAX_TEXT
from commtrak_sqlalchemy._types import Id, UtcDateTime
from commtrak_sqlalchemy.migrations._ops import (
    create_index,
    create_table,
    current_tables,
    references,
)

revision = "0011"
down_revision = "0012"
branch_labels = None
depends_on = None

#: The tables this revision creates, parents first.
_TABLES = ("service_reminders", "reminder_decisions", "scheduled_activities")


def _refers(table: str, column: str, target: str, *, nullable: bool) -> sa.Column[Any]:
    what = f"{column.removesuffix('_id')}_fk"
    return sa.Column(column, Id, references(table, what, target), nullable=nullable)


def _created() -> tuple[sa.Column[Any], ...]:
    return (
        sa.Column("created_at", UtcDateTime, nullable=False),
        sa.Column("created_by", sa.Text, nullable=False),
    )


def upgrade() -> None:
    """Create the reminder, decision and activity tables, their indexes and keys."""
    create_table(
        "service_reminders",
        sa.Column("id", Id, primary_key=True),
        _refers("service_reminders", "customer_id", "customers", nullable=False),
        _refers("service_reminders", "work_address_id", "work_addresses", nullable=True),
        sa.Column("description", sa.String(MAX_TEXT), nullable=False),
        sa.Column("due_on", sa.Date, nullable=False),
        sa.Column("period_count", sa.Integer, nullable=False),
        sa.Column("period_unit", sa.String(8), nullable=False),
        sa.Column("state", sa.String(8), nullable=False),
        *_created(),
    )
    create_index("service_reminders", "due", "state", "due_on", "id")
    create_index("service_reminders", "customer", "customer_id", "due_on", "id")
    create_index("service_reminders", "work_address", "work_address_id")
    create_table(
        "reminder_decisions",
        sa.Column("id", Id, primary_key=True),
        sa.Column("batch_id", Id, nullable=False),
        _refers("reminder_decisions", "reminder_id", "service_reminders", nullable=False),
        _refers("reminder_decisions", "customer_id", "customers", nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("due_before", sa.Date, nullable=False),
        sa.Column("due_after", sa.Date, nullable=False),
        sa.Column("state_after", sa.String(8), nullable=False),
        sa.Column("access_method", sa.String(MAX_TEXT), nullable=False),
        sa.Column("note", sa.String(MAX_TEXT), nullable=False),
        sa.Column("at", UtcDateTime, nullable=False),
        sa.Column("by", sa.Text, nullable=False),
    )
    create_index("reminder_decisions", "reminder", "reminder_id", "at", "id")
    create_index("reminder_decisions", "customer", "customer_id")
    create_table(
        "scheduled_activities",
        sa.Column("id", Id, primary_key=True),
        _refers("scheduled_activities", "customer_id", "customers", nullable=False),
        _refers("scheduled_activities", "contact_id", "contacts", nullable=True),
        _refers("scheduled_activities", "work_address_id", "work_addresses", nullable=True),
        sa.Column("kind", sa.String(MAX_TEXT), nullable=False),
        sa.Column("due_on", sa.Date, nullable=False),
        sa.Column("period_count", sa.Integer, nullable=True),
        sa.Column("period_unit", sa.String(8), nullable=True),
        sa.Column("notes", sa.Text, nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        *_created(),
        sa.Column("closed_at", UtcDateTime, nullable=True),
        sa.Column("closed_by", sa.Text, nullable=False),
    )
    create_index("scheduled_activities", "due", "state", "due_on", "id")
    create_index("scheduled_activities", "customer", "customer_id", "due_on", "id")


def downgrade() -> None:
    """Drop the tables, children first."""
    tables = current_tables()
    for table in reversed(_TABLES):
        op.drop_table(f"{tables.prefix}{table}", schema=tables.groups.schema)
