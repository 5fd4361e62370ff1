"""Uploading and downloading files through a blob store, in chunks, never whole.

An upload reads its source in chunks of :data:`CHUNK` bytes, hashes and counts them as
they pass, sniffs the media type from the first bytes, and refuses the file the moment
it grows past the limit, leaving nothing stored. Memory use is a few chunks, whatever
the size of the file.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from typing import BinaryIO, Final

from commtrak.errors import ValidationError
from commtrak.field_service.model.files import (
    DEFAULT_FILE_LIMITS,
    FileLimits,
    StoredBlob,
    check_file_name,
)
from commtrak.field_service.model.sniffing import SNIFF_BYTES, sniff_content_type
from commtrak.field_service.ports.blobs import BlobStore

__all__ = ["CHUNK", "download", "upload"]

#: How many bytes an upload or a download moves at a time.
CHUNK: Final = 256 * 1024


def _chunks(source: BinaryIO | Iterable[bytes] | bytes) -> Iterator[bytes]:
    """Yield *source* in chunks: a stream read by :data:`CHUNK`, bytes sliced, chunks as given."""
    if isinstance(source, bytes | bytearray | memoryview):
        view = memoryview(source)
        for start in range(0, len(view), CHUNK):
            yield bytes(view[start : start + CHUNK])
        return
    read = getattr(source, "read", None)
    pieces: Iterable[object] = iter(lambda: read(CHUNK), b"") if callable(read) else source
    if isinstance(source, str):
        pieces = (source,)
    for chunk in pieces:
        if not isinstance(chunk, bytes | bytearray | memoryview):
            kind = type(chunk).__name__
            raise ValidationError("content", "type", f"must be binary (bytes), not {kind}")
        if chunk:
            yield bytes(chunk)


def upload(
    store: BlobStore,
    name: str,
    source: BinaryIO | Iterable[bytes] | bytes,
    *,
    limits: FileLimits = DEFAULT_FILE_LIMITS,
) -> StoredBlob:
    """Stream *source* into *store* as a file called *name*; return what is kept of it.

    Args:
        store: Where the content goes.
        name: The file's name (checked by
            :func:`~commtrak.field_service.check_file_name`).
        source: A binary stream (``open(path, "rb")``, a request body), an iterable
            of byte chunks, or (for small files) the bytes themselves.
        limits: The largest file and the longest name accepted.

    Raises:
        ValidationError: ``name`` as in :func:`~commtrak.field_service.check_file_name`;
            ``content``/``max_size`` once the file passes ``limits.max_bytes`` (nothing
            is stored); ``content``/``type`` for a source that is not binary.
    """
    checked = check_file_name(name, limits)
    digest = hashlib.sha256()
    size = 0
    head = b""
    writer = store.create()
    try:
        for chunk in _chunks(source):
            size += len(chunk)
            if size > limits.max_bytes:
                raise ValidationError(
                    "content",
                    "max_size",
                    f"a file may be at most {limits.max_bytes:,} bytes; this one is larger",
                )
            if len(head) < SNIFF_BYTES:
                head += chunk[: SNIFF_BYTES - len(head)]
            digest.update(chunk)
            writer.write(chunk)
        key = writer.commit()
    except BaseException:
        writer.abort()
        raise
    return StoredBlob(
        key=key,
        name=checked,
        size=size,
        sha256=digest.hexdigest(),
        content_type=sniff_content_type(head, checked),
    )


def download(store: BlobStore, blob: StoredBlob) -> Iterator[bytes]:
    """Yield the stored file's content in chunks, checking it is what was stored.

    Raises:
        NotFound: ``blob`` when the store has lost it.
        ValidationError: ``content``/``sha256`` at the end, when the bytes read are not
            the ones uploaded (their digest or size differ).
    """
    digest = hashlib.sha256()
    size = 0
    with store.open(blob.key) as stream:
        while chunk := stream.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
            yield chunk
    if size != blob.size or digest.hexdigest() != blob.sha256:
        raise ValidationError("content", "sha256", f"the stored content of {blob.name!r} changed")
