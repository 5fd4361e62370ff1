"""The tables of attachment records and of the service journal.

An attachment names its owner by kind and id (a customer, contact, work address or
asset: no single foreign key can name them all) and its customer by a foreign key,
which is what a customer merge moves; files are listed by owner through an index.
"""

from __future__ import annotations

import attrs
from sqlalchemy import BigInteger, Column, Index, MetaData, String, Table, Text

from commtrak.model._text import MAX_TEXT
from commtrak_sqlalchemy._naming import MYSQL_OPTIONS, constraint_name, foreign_key_column
from commtrak_sqlalchemy._types import Id, UtcDateTime

__all__ = ["AttachmentTables", "define_attachment_tables"]


@attrs.frozen
class AttachmentTables:
    """The attachment and journal tables.

    Attributes:
        attachments: The attachment records (the content is in the blob store).
        journal: The service journal; rows are only ever inserted.
    """

    attachments: Table
    journal: Table

    @property
    def all(self) -> tuple[Table, ...]:
        """The tables, parents before children."""
        return (self.attachments, self.journal)


def define_attachment_tables(
    metadata: MetaData, customers: Table, *, prefix: str, schema: str | None
) -> AttachmentTables:
    """Define the attachment and journal tables on *metadata*."""

    def name(table: str, what: str) -> str:
        return constraint_name(prefix, table, what)

    attachments = Table(
        f"{prefix}fs_attachments",
        metadata,
        Column("id", Id, primary_key=True),
        foreign_key_column(prefix, "fs_attachments", "customer_id", customers, nullable=False),
        Column("owner_kind", String(16), nullable=False),
        Column("owner_id", Id, nullable=False),
        Column("name", String(MAX_TEXT), nullable=False),
        Column("content_type", String(MAX_TEXT), nullable=False),
        Column("size", BigInteger, nullable=False),
        Column("sha256", String(64), nullable=False),
        Column("blob_key", String(MAX_TEXT), nullable=False),
        Column("uploaded_at", UtcDateTime, nullable=False),
        Column("uploaded_by", Text, nullable=False),
        Index(name("fs_attachments", "owner"), "owner_id", "uploaded_at", "id"),
        Index(name("fs_attachments", "customer"), "customer_id"),
        schema=schema,
        **MYSQL_OPTIONS,
    )
    journal = Table(
        f"{prefix}fs_journal",
        metadata,
        Column("id", Id, primary_key=True),
        foreign_key_column(prefix, "fs_journal", "customer_id", customers, nullable=False),
        Column("action", String(48), nullable=False),
        Column("subject_id", Id, nullable=False),
        Column("at", UtcDateTime, nullable=False),
        Column("by", Text, nullable=False),
        Column("summary", Text, nullable=False),
        Index(name("fs_journal", "customer"), "customer_id", "at", "id"),
        schema=schema,
        **MYSQL_OPTIONS,
    )
    return AttachmentTables(attachments, journal)
