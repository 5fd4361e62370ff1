"""The customer portal: accounts, tokens, history, settings, tickets, data sheets.

Revision ID: 0003
Revises: 0002

It follows the customer record's migration (``0002``), so that the history is one line.

Like every migration, it spells out the tables as they were when it was written (see
:mod:`commtrak_sqlalchemy.tables_portal` for what each index holds).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from commtrak.model._text import MAX_TEXT
from commtrak_sqlalchemy._types import FoldedKey, Id, UtcDateTime
from commtrak_sqlalchemy.migrations._ops import (
    create_index,
    create_table,
    current_tables,
    references,
)
from commtrak_sqlalchemy.tables_portal import Digest, Username

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

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


def upgrade() -> None:
    """Create the portal's tables, their indexes and constraints."""
    create_table(
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
    create_index("portal_accounts", "username_uq", "username_key", unique=True)
    create_index("portal_accounts", "email_uq", "active_email", unique=True)
    create_index("portal_accounts", "contact_uq", "contact_id", unique=True)

    create_table(
        "portal_tokens",
        sa.Column("row_id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("digest", Digest, nullable=False),
        sa.Column(
            "account_id",
            Id,
            references("portal_tokens", "account_fk", "portal_accounts"),
            nullable=False,
        ),
        sa.Column("purpose", sa.String(32), nullable=False),
        sa.Column("expires_at", UtcDateTime, nullable=False),
        sa.Column("used_at", UtcDateTime, nullable=True),
    )
    create_index("portal_tokens", "digest_uq", "digest", unique=True)
    create_index("portal_tokens", "account", "account_id", "used_at")
    create_table(
        "portal_events",
        sa.Column("id", Id, primary_key=True),
        sa.Column(
            "account_id",
            Id,
            references("portal_events", "account_fk", "portal_accounts"),
            nullable=False,
        ),
        sa.Column("contact_id", Id, nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("at", UtcDateTime, nullable=False),
        sa.Column("by", sa.Text, nullable=False),
    )
    create_index("portal_events", "account", "account_id", "at", "id")
    create_table(
        "portal_settings",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("modules", sa.JSON, nullable=False),
        sa.Column("lockout_threshold", sa.Integer, nullable=False),
    )
    _tickets()
    _data_sheets()


def _tickets() -> None:
    create_table(
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
    create_index("tickets", "contact", "contact_id", "created_at", "id")
    create_table(
        "ticket_notes",
        sa.Column("id", Id, primary_key=True),
        sa.Column(
            "ticket_id", Id, references("ticket_notes", "ticket_fk", "tickets"), nullable=False
        ),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("internal", sa.Boolean, nullable=False),
        sa.Column("created_at", UtcDateTime, nullable=False),
        sa.Column("created_by", sa.Text, nullable=False),
        sa.Column("via_portal", sa.Boolean, nullable=False),
    )
    create_index("ticket_notes", "ticket", "ticket_id", "created_at", "id")


def _data_sheets() -> None:
    create_table(
        "data_sheet_templates",
        sa.Column("id", Id, primary_key=True),
        sa.Column("name", sa.String(MAX_TEXT), nullable=False),
        sa.Column("name_key", FoldedKey, nullable=False),
        sa.Column("fields", sa.JSON, nullable=False),
    )
    create_index("data_sheet_templates", "name_key_uq", "name_key", unique=True)
    create_table(
        "portal_templates",
        sa.Column("customer_id", Id, primary_key=True),
        sa.Column("template_ids", sa.JSON, nullable=False),
        sa.Column("tickets_from_email", sa.Text, nullable=False),
    )
    create_table(
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
    create_index("data_sheets", "contact", "contact_id", "created_at", "id")


def downgrade() -> None:
    """Drop the portal's tables, children first."""
    tables = current_tables()
    for table in reversed(_TABLES):
        op.drop_table(f"{tables.prefix}{table}", schema=tables.groups.schema)
