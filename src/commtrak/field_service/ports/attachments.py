"""The attachments port."""

from __future__ import annotations

import uuid
from typing import Protocol

from commtrak.field_service.model.attachments import Attachment
from commtrak.ports import CustomerChildRepository

__all__ = ["AttachmentRepository"]


class AttachmentRepository(CustomerChildRepository, Protocol):
    """Stores attachment records; they move with their customer on a customer merge."""

    def add(self, attachment: Attachment) -> None:
        """Store a new attachment record."""

    def get(self, attachment_id: uuid.UUID) -> Attachment:
        """Return the attachment record.

        Raises:
            NotFound: ``attachment``.
        """
        ...

    def remove(self, attachment_id: uuid.UUID) -> None:
        """Delete the attachment record.

        Raises:
            NotFound: ``attachment``.
        """

    def for_owner(self, owner_id: uuid.UUID) -> list[Attachment]:
        """Return the files attached to one record, oldest first, then by id."""
        ...

    def scan(self, after: uuid.UUID | None, limit: int) -> list[Attachment]:
        """Return up to *limit* records with ids after *after*, by id (for export)."""
        ...
