"""Contract: files attached to customers, contacts, work addresses and assets."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterator

import pytest

from commtrak import Actor, NotFound, Store, ValidationError
from commtrak import field_service as fs
from commtrak.field_service.model.files import MEBIBYTE
from commtrak.field_service.ports.storage import field_service_storage
from commtrak.testing.conformance._base import add_customer, address
from commtrak.testing.conformance._field_service import FieldServiceContract, add_asset, lists


def _zeros(size: int) -> Iterator[bytes]:
    """*size* zero bytes in chunks of one mebibyte, never whole in memory."""
    while size > 0:
        yield bytes(min(size, MEBIBYTE))
        size -= MEBIBYTE


class AttachmentContract(FieldServiceContract):
    """Attaching, listing, downloading and deleting files; the seed's limits."""

    def test_a_file_attaches_to_each_kind_of_record_and_streams_back(
        self, service_store: Store
    ) -> None:
        blobs = fs.MemoryBlobStore()
        with service_store.session(actor=Actor.system()) as s:
            customer = add_customer(s, "Peach")
            contact = s.contacts.add(customer.id, name="Pat")
            place = s.work_addresses.add(customer.id, address=address("2"))
            asset = add_asset(s, customer.id, "B-1", lists(s))
            owners = [
                ("customer", customer.id),
                ("contact", contact.id),
                ("work_address", place.id),
                ("asset", asset.id),
            ]
            made = [
                fs.of(s).attachments.attach(blobs, kind, owner, f"{kind}.pdf", b"%PDF-1.7 " + n)
                for (kind, owner), n in zip(owners, (b"1", b"2", b"3", b"4"), strict=True)
            ]
        with service_store.session(actor=Actor.system()) as s:
            files = fs.of(s).attachments
            for (kind, owner), attachment in zip(owners, made, strict=True):
                assert files.list(owner) == [attachment]
                assert attachment.owner_kind == kind
                assert attachment.customer_id == customer.id
                assert attachment.content_type == "application/pdf"
                content = b"".join(files.download(blobs, attachment.id))
                assert attachment.sha256 == hashlib.sha256(content).hexdigest()
                assert attachment.size == len(content) == 10

    def test_a_file_over_32_mebibytes_is_refused_and_nothing_kept(
        self, service_store: Store
    ) -> None:
        blobs = fs.MemoryBlobStore()
        with service_store.session(actor=Actor.system()) as s:
            customer = add_customer(s, "Peach")
            files = fs.of(s).attachments
            with pytest.raises(ValidationError) as error:
                files.attach(blobs, "customer", customer.id, "big.bin", _zeros(32 * MEBIBYTE + 1))
            assert (error.value.field, error.value.rule) == ("content", "max_size")
            assert files.list(customer.id) == [] and blobs.keys() == []
            kept = files.attach(blobs, "customer", customer.id, "max.bin", _zeros(32 * MEBIBYTE))
            assert kept.size == 32 * MEBIBYTE

    def test_a_name_over_75_characters_is_refused(self, service_store: Store) -> None:
        blobs = fs.MemoryBlobStore()
        with service_store.session(actor=Actor.system()) as s:
            customer = add_customer(s, "Peach")
            files = fs.of(s).attachments
            with pytest.raises(ValidationError) as error:
                files.attach(blobs, "customer", customer.id, "n" * 72 + ".txt", b"x")
            assert (error.value.field, error.value.rule) == ("name", "max_length")
            assert files.list(customer.id) == [] and blobs.keys() == []
            assert files.attach(blobs, "customer", customer.id, "n" * 71 + ".txt", b"x").name

    def test_the_owner_is_checked_before_a_byte_is_stored(self, service_store: Store) -> None:
        blobs = fs.MemoryBlobStore()
        with service_store.session(actor=Actor.system()) as s:
            files = fs.of(s).attachments
            with pytest.raises(NotFound):
                files.attach(blobs, "asset", uuid.uuid4(), "a.txt", b"x")
            with pytest.raises(ValidationError) as error:
                files.attach(blobs, "invoice", uuid.uuid4(), "a.txt", b"x")
            assert (error.value.field, error.value.rule) == ("owner_kind", "owner_kind")
            assert blobs.keys() == []

    def test_a_deleted_file_is_journaled_and_its_blob_goes_after_commit(
        self, service_store: Store
    ) -> None:
        blobs = fs.MemoryBlobStore()
        with service_store.session(actor=Actor.system()) as s:
            customer = add_customer(s, "Peach")
            attachment = fs.of(s).attachments.attach(blobs, "customer", customer.id, "a.txt", b"x")
        with pytest.raises(RuntimeError), service_store.session(actor=Actor.system()) as s:
            fs.of(s).attachments.delete(blobs, attachment.id)
            raise RuntimeError("roll back")
        assert blobs.keys() == [attachment.blob_key]
        with service_store.session(actor=Actor.system()) as s:
            fs.of(s).attachments.delete(blobs, attachment.id)
            assert blobs.keys() == [attachment.blob_key]  # not before the commit
        assert blobs.keys() == []
        with service_store.session(actor=Actor.system()) as s:
            assert fs.of(s).attachments.list(customer.id) == []
            with pytest.raises(NotFound):
                fs.of(s).attachments.get(attachment.id)
            (entry,) = field_service_storage(s.transaction).service_journal.for_customer(
                customer.id
            )
            assert entry.action is fs.ServiceAction.ATTACHMENT_DELETED
            assert entry.subject_id == attachment.id and attachment.sha256 in entry.summary

    def test_a_merge_moves_the_files_to_the_survivor(self, service_store: Store) -> None:
        blobs = fs.MemoryBlobStore()
        with service_store.session(actor=Actor.system()) as s:
            survivor, merged = add_customer(s, "Peach"), add_customer(s, "Plum")
            attachment = fs.of(s).attachments.attach(blobs, "customer", merged.id, "a.txt", b"x")
            s.customers.merge(survivor.id, merged.id)
            assert fs.of(s).attachments.get(attachment.id).customer_id == survivor.id
