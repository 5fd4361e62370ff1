"""The customer portal: accounts, tokens, history, settings, tickets, data sheets.

Revision ID: 0003
Revises: 0002

It follows the customer record's migration (``0002``), so that the history is one line.

Like every migration, it spells out the tables as they were when it was written (see
:mod:`commtrak_sqlalchemy.tables_portal` for what each index holds).
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import context, op

from commtrak.model._text import MAX_TEXT
from commtrak_sqlalchemy._types import FoldedKey, Id, UtcDateTime
from commtrak_sqlalchemy.tables import SqlTables
from commtrak_sqlalchemy.tables_portal import Digest, Username

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_MYSQL: dict[str, Any] = {"mysql_engine": "InnoDB", "mysql_charset": "utf8mb4"}

#: The tables this revision creates, parents first.
_TABLES = (
    "portal_accounts",
    "portal_tokens",
    "portal_events",
    "portal_settings",
    "tickets",
    "ticket_notes",
    "data_sheet_templates",
    "portal_templates",
    "data_sheets",
)


def _tables() -> SqlTables:
    tables: SqlTables = context.config.attributes["tables"]
    return tables


def _create(table: str, *items: Any) -> None:
    tables = _tables()
    op.create_table(f"{tables.prefix}{table}", *items, schema=tables.groups.schema, **_MYSQL)


def _index(table: str, what: str, columns: list[str], *, unique: bool = False) -> None:
    tables = _tables()
    op.create_index(
        tables.constraint(table, what),
        f"{tables.prefix}{table}",
        columns,
        unique=unique,
        schema=tables.groups.schema,
    )


def _child(column: str, parent: str, table: str, what: str) -> sa.Column[Any]:
    tables = _tables()
    dotted = f"{tables.groups.schema}." if tables.groups.schema else ""
    return sa.Column(
        column,
        Id,
        sa.ForeignKey(f"{dotted}{tables.prefix}{parent}.id", name=tables.constraint(table, what)),
        nullable=False,
    )


def upgrade() -> None:
    """Create the portal's tables, their indexes and constraints."""
    _create(
        "portal_accounts",
        sa.Column("id", Id, primary_key=True),
        sa.Column("contact_id", Id, nullable=False),
        sa.Column("username", Username, nullable=False),
        sa.Column("username_key", FoldedKey, nullable=False),
        sa.Column("email_key", FoldedKey, nullable=False),
        sa.Column(
            "active_email",
            FoldedKey,
            sa.Computed("CASE WHEN revoked_at IS NULL THEN email_key END", persisted=True),
        ),
        sa.Column("granted_at", UtcDateTime, nullable=False),
        sa.Column("granted_by", sa.Text, nullable=False),
        sa.Column("password_hash", sa.Text, nullable=True),
        sa.Column("activated_at", UtcDateTime, nullable=True),
        sa.Column("failed_logins", sa.Integer, nullable=False),
        sa.Column("locked_at", UtcDateTime, nullable=True),
        sa.Column("totp_secret", sa.Text, nullable=True),
        sa.Column("totp_algorithm", sa.String(16), nullable=False),
        sa.Column("totp_digits", sa.Integer, nullable=False),
        sa.Column("totp_period", sa.Integer, nullable=False),
        sa.Column("totp_confirmed_at", UtcDateTime, nullable=True),
        sa.Column("totp_last_step", sa.BigInteger, nullable=True),
        sa.Column("last_login_at", UtcDateTime, nullable=True),
        sa.Column("revoked_at", UtcDateTime, nullable=True),
        sa.Column("revoked_by", sa.Text, nullable=True),
    )
    _index("portal_accounts", "username_uq", ["username_key"], unique=True)
    _index("portal_accounts", "email_uq", ["active_email"], unique=True)
    _index("portal_accounts", "contact_uq", ["contact_id"], unique=True)

    _create(
        "portal_tokens",
        sa.Column("row_id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("digest", Digest, nullable=False),
        _child("account_id", "portal_accounts", "portal_tokens", "account_fk"),
        sa.Column("purpose", sa.String(32), nullable=False),
        sa.Column("expires_at", UtcDateTime, nullable=False),
        sa.Column("used_at", UtcDateTime, nullable=True),
    )
    _index("portal_tokens", "digest_uq", ["digest"], unique=True)
    _index("portal_tokens", "account", ["account_id", "used_at"])
    _create(
        "portal_events",
        sa.Column("id", Id, primary_key=True),
        _child("account_id", "portal_accounts", "portal_events", "account_fk"),
        sa.Column("contact_id", Id, nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("at", UtcDateTime, nullable=False),
        sa.Column("by", sa.Text, nullable=False),
    )
    _index("portal_events", "account", ["account_id", "at", "id"])
    _create(
        "portal_settings",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("modules", sa.JSON, nullable=False),
        sa.Column("lockout_threshold", sa.Integer, nullable=False),
    )
    _tickets()
    _data_sheets()


def _tickets() -> None:
    _create(
        "tickets",
        sa.Column("id", Id, primary_key=True),
        sa.Column("customer_id", Id, nullable=False),
        sa.Column("contact_id", Id, nullable=True),
        sa.Column("subject", sa.Text, nullable=False),
        sa.Column("created_at", UtcDateTime, nullable=False),
        sa.Column("created_by", sa.Text, nullable=False),
        sa.Column("raised_via_portal", sa.Boolean, nullable=False),
        sa.Column("from_email", sa.Text, nullable=True),
        sa.Column("data_sheet_id", Id, nullable=True),
    )
    _index("tickets", "contact", ["contact_id", "created_at", "id"])
    _create(
        "ticket_notes",
        sa.Column("id", Id, primary_key=True),
        _child("ticket_id", "tickets", "ticket_notes", "ticket_fk"),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("internal", sa.Boolean, nullable=False),
        sa.Column("created_at", UtcDateTime, nullable=False),
        sa.Column("created_by", sa.Text, nullable=False),
        sa.Column("via_portal", sa.Boolean, nullable=False),
    )
    _index("ticket_notes", "ticket", ["ticket_id", "created_at", "id"])


def _data_sheets() -> None:
    _create(
        "data_sheet_templates",
        sa.Column("id", Id, primary_key=True),
        sa.Column("name", sa.String(MAX_TEXT), nullable=False),
        sa.Column("name_key", FoldedKey, nullable=False),
        sa.Column("fields", sa.JSON, nullable=False),
    )
    _index("data_sheet_templates", "name_key_uq", ["name_key"], unique=True)
    _create(
        "portal_templates",
        sa.Column("customer_id", Id, primary_key=True),
        sa.Column("template_ids", sa.JSON, nullable=False),
        sa.Column("tickets_from_email", sa.Text, nullable=False),
    )
    _create(
        "data_sheets",
        sa.Column("id", Id, primary_key=True),
        sa.Column("template_id", Id, nullable=False),
        sa.Column("customer_id", Id, nullable=False),
        sa.Column("contact_id", Id, nullable=False),
        sa.Column("values", sa.JSON, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("created_at", UtcDateTime, nullable=False),
        sa.Column("modified_at", UtcDateTime, nullable=False),
        sa.Column("ticket_id", Id, nullable=True),
    )
    _index("data_sheets", "contact", ["contact_id", "created_at", "id"])


def downgrade() -> None:
    """Drop the portal's tables, children first."""
    tables = _tables()
    for table in reversed(_TABLES):
        op.drop_table(f"{tables.prefix}{table}", schema=tables.groups.schema)
