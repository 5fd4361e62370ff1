"""The SQL repositories of attachment records and the service journal."""

from __future__ import annotations

import enum
import uuid
from collections.abc import Sequence
from typing import ClassVar

from sqlalchemy import delete, select

from commtrak.errors import NotFound
from commtrak.field_service.model.attachments import Attachment, AttachmentOwner
from commtrak.field_service.model.service_journal import ServiceAction, ServiceJournalEntry
from commtrak_sqlalchemy._db import Db
from commtrak_sqlalchemy._owned import CustomerRows
from commtrak_sqlalchemy.field_service._rows import RecordRows

__all__ = ["SqlAttachments", "SqlServiceJournal"]


class SqlAttachments(CustomerRows, RecordRows[Attachment]):
    """Implements :class:`~commtrak.field_service.ports.attachments.AttachmentRepository`."""

    record = Attachment
    entity = "attachment"
    enums: ClassVar[dict[str, type[enum.Enum]]] = {"owner_kind": AttachmentOwner}

    def __init__(self, db: Db) -> None:
        RecordRows.__init__(self, db, db.tables.field_service.attachments.attachments)

    def add(self, attachment: Attachment) -> None:
        """Insert the record."""
        self._insert([attachment])

    def get(self, attachment_id: uuid.UUID) -> Attachment:
        """Read the record."""
        return self._get(attachment_id)

    def remove(self, attachment_id: uuid.UUID) -> None:
        """Delete the record."""
        if not self._db.run(delete(self._table).where(self._table.c.id == attachment_id)):
            raise NotFound("attachment", attachment_id)

    def for_owner(self, owner_id: uuid.UUID) -> list[Attachment]:
        """Read one record's files through the owner index."""
        table = self._table
        return self._read(
            select(table)
            .where(table.c.owner_id == owner_id)
            .order_by(table.c.uploaded_at, table.c.id)
        )


class SqlServiceJournal(CustomerRows, RecordRows[ServiceJournalEntry]):
    """Implements the service journal port (``ServiceJournalRepository``)."""

    record = ServiceJournalEntry
    entity = "service_journal_entry"
    enums: ClassVar[dict[str, type[enum.Enum]]] = {"action": ServiceAction}

    def __init__(self, db: Db) -> None:
        RecordRows.__init__(self, db, db.tables.field_service.attachments.journal)

    def add(self, entries: Sequence[ServiceJournalEntry]) -> None:
        """Insert the entries: one statement."""
        self._insert(list(entries))

    def for_customer(self, customer_id: uuid.UUID) -> list[ServiceJournalEntry]:
        """Read the customer's entries through its index."""
        table = self._table
        return self._read(
            select(table).where(table.c.customer_id == customer_id).order_by(table.c.at, table.c.id)
        )
