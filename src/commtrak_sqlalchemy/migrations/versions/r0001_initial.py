"""The first schema: groups, customers, contacts, the merge journal, departments, custom fields.

Revision ID: 0001
Revises:

A migration is history: it spells out the schema as it was when it was written, instead
of building it from :mod:`commtrak_sqlalchemy.tables`, which moves on. The table-name
prefix and schema come from the tables the migration runs for.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

from commtrak.model._text import MAX_TEXT
from commtrak_sqlalchemy._naming import MYSQL_OPTIONS
from commtrak_sqlalchemy._types import FoldedKey, Id, UtcDateTime, is_mysql
from commtrak_sqlalchemy.dialects import create_extensions
from commtrak_sqlalchemy.migrations._ops import current_tables
from commtrak_sqlalchemy.search import create_sqlite_search_index, drop_sqlite_search_index

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

_ADDRESS = ("line1", "line2", "line3", "town", "county", "postcode", "country")


def upgrade() -> None:
    """Create the three tables, their indexes and constraints."""
    tables = current_tables()
    prefix, schema, name = tables.prefix, tables.groups.schema, tables.constraint
    bind = op.get_bind()
    mysql = is_mysql(bind.dialect)
    dotted = f"{schema}." if schema else ""
    create_extensions(bind)
    op.create_table(
        f"{prefix}groups",
        sa.Column("id", Id, primary_key=True),
        sa.Column("name", sa.String(MAX_TEXT), nullable=False),
        sa.Column("name_key", FoldedKey, nullable=False),
        sa.Column("member_count", sa.Integer, nullable=False, server_default="0"),
        sa.CheckConstraint("member_count >= 0", name=name("groups", "member_count_ck")),
        schema=schema,
        **MYSQL_OPTIONS,
    )
    op.create_index(
        name("groups", "name_key_uq"), f"{prefix}groups", ["name_key"], unique=True, schema=schema
    )
    trigram = (
        bind.dialect.name == "postgresql"
        and bind.execute(sa.text("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")).first()
    )
    if trigram:
        op.create_index(
            name("groups", "name_key_trgm"),
            f"{prefix}groups",
            ["name_key"],
            schema=schema,
            postgresql_using="gin",
            postgresql_ops={"name_key": "gin_trgm_ops"},
        )
    op.create_table(
        f"{prefix}customers",
        sa.Column("id", Id, primary_key=True),
        sa.Column("name", sa.String(MAX_TEXT), nullable=False),
        sa.Column("name_key", FoldedKey, nullable=False),
        sa.Column("type", sa.String(64), nullable=False),
        sa.Column("status", sa.String(32), nullable=False),
        *(sa.Column(f"address_{line}", sa.String(MAX_TEXT), nullable=False) for line in _ADDRESS),
        sa.Column(
            "group_id",
            Id,
            sa.ForeignKey(f"{dotted}{prefix}groups.id", name=name("customers", "group_fk")),
            nullable=True,
        ),
        sa.Column("is_head_office", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("sales_contact_id", Id, nullable=True),
        sa.Column(
            "head_office_group",
            Id,
            sa.Computed("CASE WHEN is_head_office THEN group_id END", persisted=True),
        ),
        sa.CheckConstraint(
            "NOT is_head_office OR group_id IS NOT NULL",
            name=name("customers", "head_office_member_ck"),
        ),
        schema=schema,
        **MYSQL_OPTIONS,
    )
    op.create_index(
        name("customers", "sales_contact"),
        f"{prefix}customers",
        ["sales_contact_id"],
        schema=schema,
    )
    op.create_index(
        name("customers", "navigation"),
        f"{prefix}customers",
        ["group_id", "name_key", "id"],
        schema=schema,
    )
    if mysql:
        op.create_index(
            name("customers", "head_office_group_uq"),
            f"{prefix}customers",
            ["head_office_group"],
            unique=True,
            schema=schema,
        )
    else:
        flagged = sa.text(
            "is_head_office = true" if bind.dialect.name != "sqlite" else "is_head_office = 1"
        )
        op.create_index(
            name("customers", "head_office_uq"),
            f"{prefix}customers",
            ["group_id"],
            unique=True,
            schema=schema,
            postgresql_where=flagged,
            sqlite_where=flagged,
        )
    op.create_table(
        f"{prefix}contacts",
        sa.Column("id", Id, primary_key=True),
        sa.Column(
            "customer_id",
            Id,
            sa.ForeignKey(f"{dotted}{prefix}customers.id", name=name("contacts", "customer_fk")),
            nullable=False,
        ),
        sa.Column("name", sa.String(MAX_TEXT), nullable=False),
        sa.Column("name_key", FoldedKey, nullable=False),
        sa.Column("title", sa.String(MAX_TEXT), nullable=False),
        sa.Column("position", sa.String(MAX_TEXT), nullable=False),
        sa.Column("phones", sa.JSON, nullable=False),
        sa.Column("email", sa.String(MAX_TEXT), nullable=True),
        sa.Column("email_key", FoldedKey, nullable=True),
        sa.Column("email_status", sa.String(32), nullable=True),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("social_urls", sa.JSON, nullable=False),
        sa.Column("visibility", sa.String(32), nullable=False),
        sa.Column("departments", sa.JSON, nullable=False),
        sa.Column("communication", sa.JSON, nullable=False),
        sa.Column("is_primary", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column(
            "primary_customer",
            Id,
            sa.Computed("CASE WHEN is_primary THEN customer_id END", persisted=True),
        ),
        sa.Column("archived", sa.Boolean, nullable=False),
        sa.Column(
            "merged_into",
            Id,
            sa.ForeignKey(f"{dotted}{prefix}contacts.id", name=name("contacts", "merged_into_fk")),
            nullable=True,
        ),
        sa.Column("created_at", UtcDateTime, nullable=False),
        sa.Column("created_by", sa.Text, nullable=False),
        sa.Column("modified_at", UtcDateTime, nullable=False),
        sa.Column("modified_by", sa.Text, nullable=False),
        sa.Column("modified_via_portal", sa.Boolean, nullable=False),
        schema=schema,
        **MYSQL_OPTIONS,
    )
    op.create_index(
        name("contacts", "listing"),
        f"{prefix}contacts",
        ["customer_id", "archived", "name_key", "id"],
        schema=schema,
    )
    op.create_index(
        name("contacts", "email_key"), f"{prefix}contacts", ["email_key"], schema=schema
    )
    op.create_index(
        name("contacts", "merged_into"), f"{prefix}contacts", ["merged_into"], schema=schema
    )
    op.create_index(
        name("contacts", "primary_uq"),
        f"{prefix}contacts",
        ["primary_customer"],
        unique=True,
        schema=schema,
    )
    _merge_journal(prefix, schema, name, dotted)
    _settings(prefix, schema, name, dotted)
    create_sqlite_search_index(bind, tables)


def _merge_journal(prefix: str, schema: str | None, name: Any, dotted: str) -> None:
    op.create_table(
        f"{prefix}merge_journal",
        sa.Column("id", Id, primary_key=True),
        sa.Column("group_id", Id, nullable=False),
        sa.Column("at", UtcDateTime, nullable=False),
        sa.Column("by", sa.Text, nullable=False),
        sa.Column("email_key", FoldedKey, nullable=False),
        sa.Column("survivor_id", Id, nullable=False),
        sa.Column("archived_ids", sa.JSON, nullable=False),
        sa.Column("changed_fields", sa.JSON, nullable=False),
        sa.Column("moved_references", sa.JSON, nullable=False),
        schema=schema,
        **MYSQL_OPTIONS,
    )
    op.create_index(
        name("merge_journal", "group"),
        f"{prefix}merge_journal",
        ["group_id", "at", "id"],
        schema=schema,
    )
    op.create_table(
        f"{prefix}merge_journal_contacts",
        sa.Column(
            "entry_id",
            Id,
            sa.ForeignKey(
                f"{dotted}{prefix}merge_journal.id", name=name("merge_journal_contacts", "entry_fk")
            ),
            primary_key=True,
        ),
        sa.Column("contact_id", Id, primary_key=True),
        schema=schema,
        **MYSQL_OPTIONS,
    )
    op.create_index(
        name("merge_journal_contacts", "contact"),
        f"{prefix}merge_journal_contacts",
        ["contact_id", "entry_id"],
        schema=schema,
    )


def _settings(prefix: str, schema: str | None, name: Any, dotted: str) -> None:
    op.create_table(
        f"{prefix}departments",
        sa.Column("id", Id, primary_key=True),
        sa.Column("name", sa.String(MAX_TEXT), nullable=False),
        sa.Column("name_key", FoldedKey, nullable=False),
        sa.Column("archived", sa.Boolean, nullable=False),
        schema=schema,
        **MYSQL_OPTIONS,
    )
    op.create_index(
        name("departments", "name_key_uq"),
        f"{prefix}departments",
        ["name_key"],
        unique=True,
        schema=schema,
    )
    op.create_table(
        f"{prefix}custom_fields",
        sa.Column("id", Id, primary_key=True),
        sa.Column("name", sa.String(MAX_TEXT), nullable=False),
        sa.Column("name_key", FoldedKey, nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("owner", sa.String(32), nullable=False),
        sa.Column("choices", sa.JSON, nullable=False),
        sa.Column("archived", sa.Boolean, nullable=False),
        schema=schema,
        **MYSQL_OPTIONS,
    )
    op.create_index(
        name("custom_fields", "owner_name_uq"),
        f"{prefix}custom_fields",
        ["owner", "name_key"],
        unique=True,
        schema=schema,
    )
    op.create_table(
        f"{prefix}custom_values",
        sa.Column(
            "field_id",
            Id,
            sa.ForeignKey(
                f"{dotted}{prefix}custom_fields.id", name=name("custom_values", "field_fk")
            ),
            primary_key=True,
        ),
        sa.Column("owner_id", Id, primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
        sa.Column("archived", sa.Boolean, nullable=False),
        schema=schema,
        **MYSQL_OPTIONS,
    )
    op.create_index(
        name("custom_values", "owner"), f"{prefix}custom_values", ["owner_id"], schema=schema
    )


def downgrade() -> None:
    """Drop the three tables."""
    tables = current_tables()
    drop_sqlite_search_index(op.get_bind(), tables)
    for table in (
        "custom_values",
        "custom_fields",
        "departments",
        "merge_journal_contacts",
        "merge_journal",
        "contacts",
        "customers",
        "groups",
    ):
        op.drop_table(f"{tables.prefix}{table}", schema=tables.groups.schema)
