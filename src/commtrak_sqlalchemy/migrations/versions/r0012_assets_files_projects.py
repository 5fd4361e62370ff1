"""The service context's tables: assets, files, journal, projects, SLAs, service plans.

Revision ID: 0012
Revises: 0009

Like every migration, it spells out the tables as they were when it was written (see
:mod:`commtrak_sqlalchemy.field_service.asset_tables`,
:mod:`~commtrak_sqlalchemy.field_service.attachment_tables` and
:mod:`~commtrak_sqlalchemy.field_service.project_tables` for what each index holds).
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

from commtrak.model._text import MAX_TEXT
from commtrak_sqlalchemy._types import FoldedKey, Id, JsonList, UtcDateTime
from commtrak_sqlalchemy.finance._types import Amount
from commtrak_sqlalchemy.migrations._ops import (
    create_index,
    create_table,
    current_tables,
    references,
)

revision = "0012"
down_revision = "0009"
branch_labels = None
depends_on = None

#: The tables this revision creates, parents first.
_TABLES = (
    "fs_reference_items",
    "fs_assets",
    "fs_attachments",
    "fs_journal",
    "fs_projects",
    "fs_allocations",
    "fs_slas",
    "fs_customer_slas",
    "fs_service_plans",
    "fs_plan_assignments",
    "fs_plan_addresses",
)

#: The reference-data columns of an asset.
_REFERENCES = ("group_id", "fuel_type_id", "make_id", "model_id", "location_id")


def _refers(table: str, column: str, target: str, *, nullable: bool) -> sa.Column[Any]:
    what = f"{column.removesuffix('_id')}_fk"
    return sa.Column(column, Id, references(table, what, target), nullable=nullable)


def _cascading(table: str, column: str, target: str, **options: Any) -> sa.Column[Any]:
    """The id *column* of *table*, a foreign key to *target* deleting with its row."""
    found = current_tables()
    schema = found.groups.schema
    dotted = f"{schema}." if schema else ""
    key = sa.ForeignKey(
        f"{dotted}{found.prefix}{target}.id",
        name=found.constraint(table, f"{column.removesuffix('_id')}_fk"),
        ondelete="CASCADE",
    )
    return sa.Column(column, Id, key, **options)


def _upgrade_assets() -> None:
    create_table(
        "fs_reference_items",
        sa.Column("id", Id, primary_key=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("name", sa.String(MAX_TEXT), nullable=False),
        sa.Column("name_key", FoldedKey, nullable=False),
        _cascading("fs_reference_items", "make_id", "fs_reference_items", nullable=True),
        sa.Column("archived", sa.Boolean, nullable=False),
    )
    create_index("fs_reference_items", "name_uq", "kind", "name_key", unique=True)
    create_table(
        "fs_assets",
        sa.Column("id", Id, primary_key=True),
        _refers("fs_assets", "customer_id", "customers", nullable=False),
        _refers("fs_assets", "work_address_id", "work_addresses", nullable=True),
        sa.Column("reference", sa.String(MAX_TEXT), nullable=False),
        sa.Column("reference_key", FoldedKey, nullable=False),
        sa.Column("description", sa.String(MAX_TEXT), nullable=False),
        *(_refers("fs_assets", c, "fs_reference_items", nullable=False) for c in _REFERENCES),
        sa.Column("installed_on", sa.Date, nullable=False),
        sa.Column("serial", sa.String(MAX_TEXT), nullable=True),
        sa.Column("created_at", UtcDateTime, nullable=False),
        sa.Column("created_by", sa.Text, nullable=False),
    )
    create_index("fs_assets", "reference_uq", "customer_id", "reference_key", unique=True)
    create_index("fs_assets", "work_address", "work_address_id")


def _upgrade_files() -> None:
    create_table(
        "fs_attachments",
        sa.Column("id", Id, primary_key=True),
        _refers("fs_attachments", "customer_id", "customers", nullable=False),
        sa.Column("owner_kind", sa.String(16), nullable=False),
        sa.Column("owner_id", Id, nullable=False),
        sa.Column("name", sa.String(MAX_TEXT), nullable=False),
        sa.Column("content_type", sa.String(MAX_TEXT), nullable=False),
        sa.Column("size", sa.BigInteger, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("blob_key", sa.String(MAX_TEXT), nullable=False),
        sa.Column("uploaded_at", UtcDateTime, nullable=False),
        sa.Column("uploaded_by", sa.Text, nullable=False),
    )
    create_index("fs_attachments", "owner", "owner_id", "uploaded_at", "id")
    create_index("fs_attachments", "customer", "customer_id")
    create_table(
        "fs_journal",
        sa.Column("id", Id, primary_key=True),
        _refers("fs_journal", "customer_id", "customers", nullable=False),
        sa.Column("action", sa.String(48), nullable=False),
        sa.Column("subject_id", Id, nullable=False),
        sa.Column("at", UtcDateTime, nullable=False),
        sa.Column("by", sa.Text, nullable=False),
        sa.Column("summary", sa.Text, nullable=False),
    )
    create_index("fs_journal", "customer", "customer_id", "at", "id")


def _upgrade_projects() -> None:
    create_table(
        "fs_projects",
        sa.Column("id", Id, primary_key=True),
        _refers("fs_projects", "customer_id", "customers", nullable=False),
        _refers("fs_projects", "group_id", "groups", nullable=False),
        sa.Column("name", sa.String(MAX_TEXT), nullable=False),
        sa.Column("created_at", UtcDateTime, nullable=False),
        sa.Column("created_by", sa.Text, nullable=False),
    )
    create_index("fs_projects", "customer", "customer_id", "created_at", "id")
    create_index("fs_projects", "group", "group_id")
    create_table(
        "fs_allocations",
        _cascading("fs_allocations", "project_id", "fs_projects", primary_key=True),
        sa.Column("component_id", Id, primary_key=True),
        sa.Column("kind", sa.String(16), nullable=False),
        _refers("fs_allocations", "member_id", "customers", nullable=False),
        sa.Column("allocated_at", UtcDateTime, nullable=False),
        sa.Column("allocated_by", sa.Text, nullable=False),
    )
    create_index("fs_allocations", "member", "member_id")


def _upgrade_slas() -> None:
    create_table(
        "fs_slas",
        sa.Column("id", Id, primary_key=True),
        sa.Column("name", sa.String(MAX_TEXT), nullable=False),
        sa.Column("name_key", FoldedKey, nullable=False),
        sa.Column("response_minutes", sa.Integer, nullable=False),
        sa.Column("resolution_minutes", sa.Integer, nullable=False),
    )
    create_index("fs_slas", "name_key_uq", "name_key", unique=True)
    create_table(
        "fs_customer_slas",
        sa.Column(
            "customer_id",
            Id,
            references("fs_customer_slas", "customer_fk", "customers"),
            primary_key=True,
        ),
        _refers("fs_customer_slas", "sla_id", "fs_slas", nullable=False),
        sa.Column("assigned_at", UtcDateTime, nullable=False),
        sa.Column("assigned_by", sa.Text, nullable=False),
    )
    create_index("fs_customer_slas", "sla", "sla_id")


def _upgrade_plans() -> None:
    create_table(
        "fs_service_plans",
        sa.Column("id", Id, primary_key=True),
        sa.Column("name", sa.String(MAX_TEXT), nullable=False),
        sa.Column("name_key", FoldedKey, nullable=False),
        sa.Column("tasks", JsonList, nullable=False),
        sa.Column("materials", JsonList, nullable=False),
        sa.Column("cost_amount", Amount(), nullable=False),
        sa.Column("cost_currency", sa.String(3), nullable=False),
        sa.Column("warranty", sa.Text, nullable=False),
    )
    create_index("fs_service_plans", "name_key_uq", "name_key", unique=True)
    create_table(
        "fs_plan_assignments",
        sa.Column("id", Id, primary_key=True),
        _refers("fs_plan_assignments", "plan_id", "fs_service_plans", nullable=False),
        _refers("fs_plan_assignments", "customer_id", "customers", nullable=False),
        sa.Column("expires_on", sa.Date, nullable=False),
        sa.Column("assigned_at", UtcDateTime, nullable=False),
        sa.Column("assigned_by", sa.Text, nullable=False),
    )
    create_index("fs_plan_assignments", "customer", "customer_id", "expires_on", "id")
    create_index("fs_plan_assignments", "plan", "plan_id")
    create_table(
        "fs_plan_addresses",
        _cascading("fs_plan_addresses", "assignment_id", "fs_plan_assignments", primary_key=True),
        sa.Column(
            "work_address_id",
            Id,
            references("fs_plan_addresses", "work_address_fk", "work_addresses"),
            primary_key=True,
        ),
        sa.Column("position", sa.Integer, nullable=False),
    )


def upgrade() -> None:
    """Create the service context's tables, their indexes and constraints."""
    _upgrade_assets()
    _upgrade_files()
    _upgrade_projects()
    _upgrade_slas()
    _upgrade_plans()


def downgrade() -> None:
    """Drop the tables, children first."""
    tables = current_tables()
    for table in reversed(_TABLES):
        op.drop_table(f"{tables.prefix}{table}", schema=tables.groups.schema)
