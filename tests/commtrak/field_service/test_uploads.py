from __future__ import annotations

import hashlib
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from commtrak import NotFound, ValidationError
from commtrak.field_service import (
    BlobStore,
    FileLimits,
    FileSystemBlobStore,
    MemoryBlobStore,
    download,
    upload,
)


@pytest.fixture(params=["filesystem", "memory"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> BlobStore:
    if request.param == "filesystem":
        return FileSystemBlobStore(tmp_path / "blobs")
    return MemoryBlobStore()


def _leftovers(store: BlobStore) -> list[str]:
    if isinstance(store, FileSystemBlobStore):
        return sorted(path.name for path in store._root.iterdir())
    assert isinstance(store, MemoryBlobStore)
    return store.keys()


def test_an_upload_is_kept_with_its_digest_size_and_type(store: BlobStore) -> None:
    content = b"%PDF-1.7\n" + b"x" * 600_000
    blob = upload(store, " gas-safety.pdf ", io.BytesIO(content))
    assert blob.name == "gas-safety.pdf"
    assert blob.size == len(content)
    assert blob.sha256 == hashlib.sha256(content).hexdigest()
    assert blob.content_type == "application/pdf"
    assert b"".join(download(store, blob)) == content
    assert _leftovers(store) == [blob.key]
    store.delete(blob.key)
    with pytest.raises(NotFound):
        store.open(blob.key)


def test_chunks_and_bytes_are_sources_too(store: BlobStore) -> None:
    assert upload(store, "a.txt", [b"one ", b"", b"two"]).size == 7
    assert upload(store, "b.txt", b"three").size == 5
    with pytest.raises(ValidationError) as caught:
        upload(store, "c.txt", "text is not bytes")  # type: ignore[arg-type]
    assert (caught.value.field, caught.value.rule) == ("content", "type")
    with pytest.raises(ValidationError):
        upload(store, "d.txt", [b"ok", "not ok"])  # type: ignore[list-item]


def test_one_byte_over_the_limit_is_refused_and_nothing_is_kept(store: BlobStore) -> None:
    limits = FileLimits(max_bytes=1000)
    assert upload(store, "exact.bin", b"\x00" * 1000, limits=limits).size == 1000
    kept = _leftovers(store)
    with pytest.raises(ValidationError) as caught:
        upload(store, "over.bin", [b"\x00" * 600, b"\x00" * 401], limits=limits)
    assert (caught.value.field, caught.value.rule) == ("content", "max_size")
    assert _leftovers(store) == kept


def test_the_seeds_32_mb_limit_refuses_32_mb_and_one_byte(tmp_path: Path) -> None:
    store = FileSystemBlobStore(tmp_path)
    megabyte = b"\x00" * (1024 * 1024)

    def content(extra: int) -> Iterator[bytes]:
        yield from (megabyte for _ in range(32))
        yield b"\x00" * extra

    assert upload(store, "exactly-32.bin", content(0)).size == 32 * 1024 * 1024
    with pytest.raises(ValidationError) as caught:
        upload(store, "one-byte-more.bin", content(1))
    assert (caught.value.field, caught.value.rule) == ("content", "max_size")
    assert len(list(tmp_path.iterdir())) == 1  # the accepted one; no temporary file


def test_a_bad_name_is_refused_before_anything_is_read(store: BlobStore) -> None:
    def never() -> Iterator[bytes]:
        raise AssertionError("read")
        yield b""

    with pytest.raises(ValidationError) as caught:
        upload(store, "x" * 76, never())
    assert (caught.value.field, caught.value.rule) == ("name", "max_length")


def test_a_changed_blob_is_noticed_on_download(tmp_path: Path) -> None:
    store = FileSystemBlobStore(tmp_path)
    blob = upload(store, "a.txt", b"original")
    (tmp_path / blob.key).write_bytes(b"tampered")
    with pytest.raises(ValidationError) as caught:
        b"".join(download(store, blob))
    assert caught.value.rule == "sha256"


def test_a_key_is_never_a_path(tmp_path: Path) -> None:
    store = FileSystemBlobStore(tmp_path / "blobs")
    (tmp_path / "secret").write_text("no")
    for key in ("../secret", "/etc/passwd", "", "A" * 32):
        with pytest.raises(NotFound):
            store.open(key)
        store.delete(key)  # nothing, and no error
    assert (tmp_path / "secret").exists()


@given(st.lists(st.binary(max_size=300), max_size=6))
def test_any_chunks_come_back_as_they_went_in(chunks: list[bytes]) -> None:
    store = MemoryBlobStore()
    blob = upload(store, "any.bin", chunks, limits=FileLimits(max_bytes=2000))
    assert b"".join(download(store, blob)) == b"".join(chunks)
    assert blob.sha256 == hashlib.sha256(b"".join(chunks)).hexdigest()
