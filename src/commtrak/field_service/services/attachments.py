"""Files attached to customers, contacts, work addresses and assets (seed 002)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator
from typing import BinaryIO

from commtrak.errors import ValidationError
from commtrak.field_service.model.attachments import Attachment, AttachmentOwner
from commtrak.field_service.model.files import DEFAULT_FILE_LIMITS, FileLimits
from commtrak.field_service.model.service_journal import ServiceAction
from commtrak.field_service.ports.blobs import BlobStore
from commtrak.field_service.ports.storage import field_service_storage
from commtrak.field_service.services._base import FieldServiceBase
from commtrak.field_service.services._journal import journal
from commtrak.field_service.uploads import download, upload
from commtrak.model.ids import new_id
from commtrak.services._base import atomic
from commtrak.services._record import live_customer
from commtrak.unit_of_work import UnitOfWork

__all__ = ["AttachmentService", "owner_customer"]


def _owner_kind(value: object) -> AttachmentOwner:
    try:
        return AttachmentOwner(str(value))
    except ValueError:
        known = ", ".join(AttachmentOwner)
        raise ValidationError("owner_kind", "owner_kind", f"must be one of {known}") from None


def owner_customer(
    session: UnitOfWork, kind: AttachmentOwner | str, owner_id: uuid.UUID
) -> uuid.UUID:
    """Return the customer of the record a file is attached to.

    Raises:
        ValidationError: ``owner_kind``/``owner_kind``.
        NotFound: ``customer``, ``contact``, ``work_address`` or ``asset``.
        Conflict: ``customer_id``/``merged_customer`` for a customer merged into another.
    """
    checked = _owner_kind(kind)
    transaction = session.transaction
    if checked is AttachmentOwner.CUSTOMER:
        return live_customer(session, owner_id).id
    if checked is AttachmentOwner.CONTACT:
        return transaction.contacts.get(owner_id).customer_id
    if checked is AttachmentOwner.WORK_ADDRESS:
        return transaction.work_addresses.get(owner_id).customer_id
    return field_service_storage(transaction).assets.get(owner_id).customer_id


class AttachmentService(FieldServiceBase):
    """Attaches files to records, lists, streams back and deletes them.

    The content goes to the :class:`~commtrak.field_service.BlobStore` the caller
    passes, streamed through :func:`~commtrak.field_service.upload` (the seed's limits:
    32 MiB and 75-character names, configurable); the record keeps its name, sniffed
    type, size, SHA-256 and blob key. Deleting a file keeps a service journal entry and
    deletes the blob once the session commits, never before (a rolled-back delete
    leaves the file readable).
    """

    @atomic
    def attach(
        self,
        blobs: BlobStore,
        owner_kind: AttachmentOwner | str,
        owner_id: uuid.UUID,
        name: str,
        source: BinaryIO | Iterable[bytes] | bytes,
        *,
        limits: FileLimits = DEFAULT_FILE_LIMITS,
    ) -> Attachment:
        """Stream *source* into *blobs* and attach it to a record.

        The owner is checked before a byte is stored; a refused file leaves no blob
        and no record. (A blob stored by a session that later rolls back stays in the
        blob store, unnamed by any record.)

        Raises:
            ValidationError: ``owner_kind``/``owner_kind``; ``name``/``max_length`` (a
                name longer than ``limits.max_name``), ``name``/``required`` or
                ``name``/``file_name``; ``content``/``max_size`` (a file larger than
                ``limits.max_bytes``); ``content``/``type``.
            NotFound: the owner.
        """
        kind = _owner_kind(owner_kind)
        customer_id = owner_customer(self._session, kind, owner_id)
        stored = upload(blobs, name, source, limits=limits)
        attachment = Attachment(
            id=new_id(),
            customer_id=customer_id,
            owner_kind=kind,
            owner_id=owner_id,
            name=stored.name,
            content_type=stored.content_type,
            size=stored.size,
            sha256=stored.sha256,
            blob_key=stored.key,
            uploaded_at=self._session.now(),
            uploaded_by=self._session.actor.name,
        )
        try:
            self._storage.attachments.add(attachment)
        except BaseException:
            blobs.delete(stored.key)
            raise
        return attachment

    def get(self, attachment_id: uuid.UUID) -> Attachment:
        """Return an attachment record.

        Raises:
            NotFound: ``attachment``.
        """
        return self._storage.attachments.get(attachment_id)

    def list(self, owner_id: uuid.UUID) -> list[Attachment]:
        """Return the files attached to a record, oldest first."""
        return self._storage.attachments.for_owner(owner_id)

    def download(self, blobs: BlobStore, attachment_id: uuid.UUID) -> Iterator[bytes]:
        """Stream an attached file's content back in chunks, checking its SHA-256.

        Raises:
            NotFound: ``attachment``; ``blob`` when the blob store lost it.
            ValidationError: ``content``/``sha256`` when the content changed.
        """
        return download(blobs, self.get(attachment_id).blob)

    @atomic
    def delete(self, blobs: BlobStore, attachment_id: uuid.UUID) -> Attachment:
        """Delete an attached file: its record now (journaled), its blob after commit.

        Raises:
            NotFound: ``attachment``.
        """
        attachment = self._storage.attachments.get(attachment_id)
        self._storage.attachments.remove(attachment_id)
        summary = (
            f"file {attachment.name!r} ({attachment.size} bytes, sha256 {attachment.sha256}) "
            f"deleted from {attachment.owner_kind.value} {attachment.owner_id}"
        )
        journal(
            self._session,
            self._storage,
            ServiceAction.ATTACHMENT_DELETED,
            [(attachment.customer_id, attachment.id, summary)],
        )
        self._session.after_commit(lambda: blobs.delete(attachment.blob_key))
        return attachment
