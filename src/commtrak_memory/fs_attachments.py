"""The memory backend's attachment records and service journal."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence

from commtrak.errors import Conflict, NotFound
from commtrak.field_service.model.attachments import Attachment
from commtrak.field_service.model.service_journal import ServiceJournalEntry
from commtrak_memory._table import CustomerRows, Table
from commtrak_memory.fs_assets import scan_ids

__all__ = ["MemoryAttachments", "MemoryServiceJournal"]

Undo = list[Callable[[], None]]


class MemoryAttachments(CustomerRows[Attachment]):
    """Implements :class:`~commtrak.field_service.ports.attachments.AttachmentRepository`."""

    def __init__(self, table: Table[Attachment], undo: Undo) -> None:
        self._table = table
        self._undo = undo

    def add(self, attachment: Attachment) -> None:
        """As the port's ``add``."""
        if attachment.id in self._table:
            raise Conflict("id", "unique_id", f"the id {attachment.id} is taken")
        self._table.put(attachment.id, attachment, self._undo)

    def get(self, attachment_id: uuid.UUID) -> Attachment:
        """As the port's ``get``."""
        found = self._table.get(attachment_id)
        if found is None:
            raise NotFound("attachment", attachment_id)
        return found

    def remove(self, attachment_id: uuid.UUID) -> None:
        """As the port's ``remove``."""
        self.get(attachment_id)
        self._table.remove(attachment_id, self._undo)

    def for_owner(self, owner_id: uuid.UUID) -> list[Attachment]:
        """As the port's ``for_owner``."""
        found = self._table.lookup("owner", owner_id)
        return sorted(found, key=lambda a: (a.uploaded_at, a.id))

    def scan(self, after: uuid.UUID | None, limit: int) -> list[Attachment]:
        """As the port's ``scan``."""
        return scan_ids(self._table, after, limit)  # type: ignore[arg-type,return-value]


class MemoryServiceJournal(CustomerRows[ServiceJournalEntry]):
    """Implements the service journal port (``ServiceJournalRepository``)."""

    def __init__(self, table: Table[ServiceJournalEntry], undo: Undo) -> None:
        self._table = table
        self._undo = undo

    def add(self, entries: Sequence[ServiceJournalEntry]) -> None:
        """As the port's ``add``."""
        for entry in entries:
            self._table.put(entry.id, entry, self._undo)

    def for_customer(self, customer_id: uuid.UUID) -> list[ServiceJournalEntry]:
        """As the port's ``for_customer``."""
        found = self._table.lookup("customer", customer_id)
        return sorted(found, key=lambda entry: (entry.at, entry.id))

    def scan(self, after: uuid.UUID | None, limit: int) -> list[ServiceJournalEntry]:
        """As the port's ``scan``."""
        return scan_ids(self._table, after, limit)  # type: ignore[arg-type,return-value]
