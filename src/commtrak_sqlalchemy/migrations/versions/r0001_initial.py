"""The first schema: groups, customers with their Head Office flag, contacts.

Revision ID: 0001
Revises:

A migration is history: it spells out the schema as it was when it was written, instead
of building it from :mod:`commtrak_sqlalchemy.tables`, which moves on. The table-name
prefix and schema come from the tables the migration runs for.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import context, op

from commtrak.model._text import MAX_TEXT
from commtrak_sqlalchemy._types import FoldedKey, Id, UtcDateTime, is_mysql
from commtrak_sqlalchemy.dialects import create_extensions
from commtrak_sqlalchemy.search import create_sqlite_search_index, drop_sqlite_search_index
from commtrak_sqlalchemy.tables import SqlTables

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

_MYSQL: dict[str, Any] = {"mysql_engine": "InnoDB", "mysql_charset": "utf8mb4"}
_ADDRESS = ("line1", "line2", "line3", "town", "county", "postcode", "country")


def _tables() -> SqlTables:
    tables: SqlTables = context.config.attributes["tables"]
    return tables


def upgrade() -> None:
    """Create the three tables, their indexes and constraints."""
    tables = _tables()
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
        **_MYSQL,
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
        **_MYSQL,
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
        sa.Column("phone", sa.String(MAX_TEXT), nullable=False),
        sa.Column("mobile", sa.String(MAX_TEXT), nullable=False),
        sa.Column("email", sa.String(MAX_TEXT), nullable=True),
        sa.Column("email_key", FoldedKey, nullable=True),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("visibility", sa.String(32), nullable=False),
        sa.Column("departments", sa.JSON, nullable=False),
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
        **_MYSQL,
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
    create_sqlite_search_index(bind, tables)


def downgrade() -> None:
    """Drop the three tables."""
    tables = _tables()
    drop_sqlite_search_index(op.get_bind(), tables)
    for table in ("contacts", "customers", "groups"):
        op.drop_table(f"{tables.prefix}{table}", schema=tables.groups.schema)
