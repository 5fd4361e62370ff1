"""The blob-store port: where the content of attached files lives.

commtrak streams content through it in chunks and never asks for a whole file at once,
so a store may be a directory, an object store or a document system. Keys are made by
the store and are opaque to commtrak.
"""

from __future__ import annotations

from typing import BinaryIO, Protocol, runtime_checkable

__all__ = ["BlobStore", "BlobWriter"]


class BlobWriter(Protocol):
    """One blob being written: chunks in, then committed or aborted, exactly once."""

    def write(self, chunk: bytes) -> None:
        """Append *chunk* to the blob."""

    def commit(self) -> str:
        """Make the blob durable and readable; return its key."""
        ...

    def abort(self) -> None:
        """Drop everything written; the blob never becomes readable. Never raises."""


@runtime_checkable
class BlobStore(Protocol):
    """Stores blobs by key. Implement it to keep files in your own storage."""

    def create(self) -> BlobWriter:
        """Start a new blob."""
        ...

    def open(self, key: str) -> BinaryIO:
        """Return a binary stream of the blob's content, to read in chunks and close.

        Raises:
            NotFound: ``blob`` when no blob has that key.
        """
        ...

    def delete(self, key: str) -> None:
        """Delete the blob; deleting a key that is not there does nothing."""
