"""The tables of the customer portal, tickets and data sheets.

They are defined on the same ``MetaData``, with the same prefix and schema, as the
rest of commtrak's tables (:func:`~commtrak_sqlalchemy.tables.define_tables` calls
:func:`define_portal_tables`), and kept in one :class:`PortalTables` holder.

How the database holds each uniqueness rule of the portal repositories, so that two
processes cannot break it even when both passed the services' checks:

* a username is never reused: a unique index on ``portal_accounts.username_key``, the
  folded username, over every account, revoked ones included;
* one account with access per email key: ``portal_accounts.active_email`` is a stored
  generated column, the email key while ``revoked_at`` is NULL and NULL once revoked,
  and a unique index on it (NULLs never collide, on all three databases);
* one account per contact: a unique index on ``portal_accounts.contact_id``;
* a username never changes: the repository's ``UPDATE`` matches only the row whose
  ``username`` is the same, compared code point by code point;
* a token digest is stored once: a unique index on ``portal_tokens.digest``;
* template names are unique when folded: a unique index on
  ``data_sheet_templates.name_key``.

Secrets are stored only as the model holds them: the password as its argon2id hash,
the TOTP secret encrypted (the AES-GCM envelope of :mod:`commtrak.security.encryption`,
sealed by the portal service with the application's keys), and tokens only as their
SHA-256 digests.
"""

from __future__ import annotations

import functools
from typing import Any

import attrs
from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Computed,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    text,
)
from sqlalchemy.dialects import mysql
from sqlalchemy.engine import Dialect
from sqlalchemy.schema import SchemaItem
from sqlalchemy.types import TypeDecorator, TypeEngine

from commtrak.model._text import MAX_TEXT
from commtrak.model.portal_accounts import MAX_USERNAME
from commtrak_sqlalchemy._naming import MYSQL_OPTIONS, constraint_name, foreign_key_column
from commtrak_sqlalchemy._types import FoldedKey, Id, UtcDateTime, is_mysql

__all__ = ["Digest", "PortalTables", "Username", "define_portal_tables"]


class Digest(TypeDecorator[str]):
    """A token's SHA-256 digest in hexadecimal, compared byte for byte."""

    impl = String(64)
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        """Return ASCII with a binary collation, or ``C`` collation on PostgreSQL."""
        if is_mysql(dialect):
            return dialect.type_descriptor(
                mysql.VARCHAR(64, charset="ascii", collation="ascii_bin")
            )
        if dialect.name == "postgresql":
            return dialect.type_descriptor(String(64, collation="C"))
        return dialect.type_descriptor(String(64))


class Username(TypeDecorator[str]):
    """A username as typed, compared code point by code point (letter case counts)."""

    impl = String(MAX_USERNAME)
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        """Return a code-point collation on every database (as ``FoldedKey`` does)."""
        if is_mysql(dialect):
            mariadb = getattr(dialect, "is_mariadb", False) or dialect.name == "mariadb"
            collation = "utf8mb4_nopad_bin" if mariadb else "utf8mb4_0900_bin"
            return dialect.type_descriptor(
                mysql.VARCHAR(MAX_USERNAME, charset="utf8mb4", collation=collation)
            )
        if dialect.name == "postgresql":
            return dialect.type_descriptor(String(MAX_USERNAME, collation="C"))
        return dialect.type_descriptor(String(MAX_USERNAME))


@attrs.frozen
class PortalTables:
    """The portal's tables, in the order to create them in (parents first).

    Attributes:
        accounts: Portal accounts, one per contact at most.
        tokens: Activation and reset tokens, by digest.
        events: The accounts' history.
        settings: The store's one row of portal settings.
        tickets: Tickets.
        notes: Ticket notes.
        templates: Data-sheet templates.
        assignments: The templates assigned to each customer for the portal.
        sheets: Data sheets.
    """

    accounts: Table
    tokens: Table
    events: Table
    settings: Table
    tickets: Table
    notes: Table
    templates: Table
    assignments: Table
    sheets: Table

    @property
    def all(self) -> tuple[Table, ...]:
        """The tables, parents before children (the order to create them in)."""
        tables: tuple[Table, ...] = attrs.astuple(self, recurse=False)
        return tables


def define_portal_tables(metadata: MetaData, *, prefix: str, schema: str | None) -> PortalTables:
    """Define the portal's tables on *metadata*, named with *prefix*, in *schema*."""

    def name(table: str, what: str) -> str:
        return constraint_name(prefix, table, what)

    def table(table_name: str, *items: SchemaItem) -> Table:
        return Table(f"{prefix}{table_name}", metadata, *items, schema=schema, **MYSQL_OPTIONS)

    refers = functools.partial(foreign_key_column, prefix)

    accounts = table(
        "portal_accounts",
        Column("id", Id, primary_key=True),
        Column("contact_id", Id, nullable=False),
        Column("username", Username, nullable=False),
        Column("username_key", FoldedKey, nullable=False),
        Column("email_key", FoldedKey, nullable=False),
        Column(
            "active_email",
            FoldedKey,
            Computed(text("CASE WHEN revoked_at IS NULL THEN email_key END"), persisted=True),
        ),
        Column("granted_at", UtcDateTime, nullable=False),
        Column("granted_by", Text, nullable=False),
        Column("password_hash", Text, nullable=True),
        Column("activated_at", UtcDateTime, nullable=True),
        Column("failed_logins", Integer, nullable=False),
        Column("locked_at", UtcDateTime, nullable=True),
        Column("totp_secret", Text, nullable=True),
        Column("totp_algorithm", String(16), nullable=False),
        Column("totp_digits", Integer, nullable=False),
        Column("totp_period", Integer, nullable=False),
        Column("totp_confirmed_at", UtcDateTime, nullable=True),
        Column("totp_last_step", BigInteger, nullable=True),
        Column("last_login_at", UtcDateTime, nullable=True),
        Column("revoked_at", UtcDateTime, nullable=True),
        Column("revoked_by", Text, nullable=True),
        Index(name("portal_accounts", "username_uq"), "username_key", unique=True),
        Index(name("portal_accounts", "email_uq"), "active_email", unique=True),
        Index(name("portal_accounts", "contact_uq"), "contact_id", unique=True),
    )
    tokens = table(
        "portal_tokens",
        # A row number as the key: the digest's own unique index then reports a
        # repeated digest by its name on every database (MariaDB calls every primary
        # key PRIMARY).
        Column("row_id", Integer, primary_key=True, autoincrement=True),
        Column("digest", Digest, nullable=False),
        refers("portal_tokens", "account_id", accounts, nullable=False),
        Column("purpose", String(32), nullable=False),
        Column("expires_at", UtcDateTime, nullable=False),
        Column("used_at", UtcDateTime, nullable=True),
        Index(name("portal_tokens", "digest_uq"), "digest", unique=True),
        Index(name("portal_tokens", "account"), "account_id", "used_at"),
    )
    events = table(
        "portal_events",
        Column("id", Id, primary_key=True),
        refers("portal_events", "account_id", accounts, nullable=False),
        Column("contact_id", Id, nullable=False),
        Column("kind", String(32), nullable=False),
        Column("at", UtcDateTime, nullable=False),
        Column("by", Text, nullable=False),
        Index(name("portal_events", "account"), "account_id", "at", "id"),
    )
    settings = table(
        "portal_settings",
        Column("id", Integer, primary_key=True, autoincrement=False),
        Column("modules", JSON, nullable=False),
        Column("lockout_threshold", Integer, nullable=False),
    )
    tickets = table(
        "tickets",
        Column("id", Id, primary_key=True),
        Column("customer_id", Id, nullable=False),
        Column("contact_id", Id, nullable=True),
        Column("subject", Text, nullable=False),
        Column("created_at", UtcDateTime, nullable=False),
        Column("created_by", Text, nullable=False),
        Column("raised_via_portal", Boolean, nullable=False),
        Column("from_email", Text, nullable=True),
        Column("data_sheet_id", Id, nullable=True),
        Index(name("tickets", "contact"), "contact_id", "created_at", "id"),
        Index(name("tickets", "customer"), "customer_id"),
    )
    notes = table(
        "ticket_notes",
        Column("id", Id, primary_key=True),
        refers("ticket_notes", "ticket_id", tickets, nullable=False),
        Column("text", Text, nullable=False),
        Column("internal", Boolean, nullable=False),
        Column("created_at", UtcDateTime, nullable=False),
        Column("created_by", Text, nullable=False),
        Column("via_portal", Boolean, nullable=False),
        Index(name("ticket_notes", "ticket"), "ticket_id", "created_at", "id"),
    )
    templates = table(
        "data_sheet_templates",
        Column("id", Id, primary_key=True),
        Column("name", String(MAX_TEXT), nullable=False),
        Column("name_key", FoldedKey, nullable=False),
        Column("fields", JSON, nullable=False),
        Index(name("data_sheet_templates", "name_key_uq"), "name_key", unique=True),
    )
    assignments = table(
        "portal_templates",
        Column("customer_id", Id, primary_key=True),
        Column("template_ids", JSON, nullable=False),
        Column("tickets_from_email", Text, nullable=False),
    )
    sheets = table(
        "data_sheets",
        Column("id", Id, primary_key=True),
        Column("template_id", Id, nullable=False),
        Column("customer_id", Id, nullable=False),
        Column("contact_id", Id, nullable=False),
        Column("values", JSON, nullable=False),
        Column("status", String(16), nullable=False),
        Column("created_at", UtcDateTime, nullable=False),
        Column("modified_at", UtcDateTime, nullable=False),
        Column("ticket_id", Id, nullable=True),
        Index(name("data_sheets", "contact"), "contact_id", "created_at", "id"),
        Index(name("data_sheets", "customer"), "customer_id"),
    )
    return PortalTables(
        accounts=accounts,
        tokens=tokens,
        events=events,
        settings=settings,
        tickets=tickets,
        notes=notes,
        templates=templates,
        assignments=assignments,
        sheets=sheets,
    )
