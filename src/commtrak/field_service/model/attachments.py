"""Files attached to a customer, a contact, a work address or an asset (seed 002).

The content is in a :class:`~commtrak.field_service.BlobStore`; the record keeps what
:func:`~commtrak.field_service.upload` learnt of it (name, sniffed type, size, SHA-256,
the blob's key) and who attached it when.
"""

from __future__ import annotations

import datetime
import enum
import uuid

import attrs

from commtrak.field_service.model.files import StoredBlob

__all__ = ["Attachment", "AttachmentOwner"]


class AttachmentOwner(enum.StrEnum):
    """The kinds of record a file may be attached to."""

    CUSTOMER = "customer"
    CONTACT = "contact"
    WORK_ADDRESS = "work_address"
    ASSET = "asset"


@attrs.frozen
class Attachment:
    """A file attached to a record.

    Attributes:
        id: Made by the library.
        customer_id: The customer the owner belongs to (the owner itself for a customer).
        owner_kind: What kind of record it is attached to.
        owner_id: The record it is attached to.
        name: The file's name (at most 75 characters by default).
        content_type: Its media type, sniffed from its first bytes.
        size: Its length in bytes.
        sha256: The SHA-256 digest of its content, in hexadecimal.
        blob_key: The blob store's key of its content.
        uploaded_at: When it was attached (UTC).
        uploaded_by: Who attached it.
    """

    id: uuid.UUID
    customer_id: uuid.UUID
    owner_kind: AttachmentOwner
    owner_id: uuid.UUID
    name: str
    content_type: str
    size: int
    sha256: str
    blob_key: str
    uploaded_at: datetime.datetime
    uploaded_by: str

    @property
    def blob(self) -> StoredBlob:
        """What :func:`~commtrak.field_service.download` needs to stream it back."""
        return StoredBlob(
            key=self.blob_key,
            name=self.name,
            size=self.size,
            sha256=self.sha256,
            content_type=self.content_type,
        )
