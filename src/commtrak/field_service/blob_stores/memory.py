"""Blobs as bytes in a dictionary, for tests and examples."""

from __future__ import annotations

import io
import threading
from typing import BinaryIO

from commtrak.errors import NotFound
from commtrak.model.ids import new_id

__all__ = ["MemoryBlobStore"]


class _MemoryWriter:
    def __init__(self, store: MemoryBlobStore) -> None:
        self._store = store
        self._chunks: list[bytes] = []

    def write(self, chunk: bytes) -> None:
        self._chunks.append(bytes(chunk))

    def commit(self) -> str:
        return self._store._keep(b"".join(self._chunks))

    def abort(self) -> None:
        self._chunks.clear()


class MemoryBlobStore:
    """Blobs held in memory by the process; safe to share between threads."""

    def __init__(self) -> None:
        self._blobs: dict[str, bytes] = {}
        self._lock = threading.Lock()

    def create(self) -> _MemoryWriter:
        """Start a blob."""
        return _MemoryWriter(self)

    def open(self, key: str) -> BinaryIO:
        """Return a stream over the blob's bytes."""
        with self._lock:
            content = self._blobs.get(key)
        if content is None:
            raise NotFound("blob", key)
        return io.BytesIO(content)

    def delete(self, key: str) -> None:
        """Forget the blob."""
        with self._lock:
            self._blobs.pop(key, None)

    def keys(self) -> list[str]:
        """Return the keys of the blobs held, for tests."""
        with self._lock:
            return sorted(self._blobs)

    def _keep(self, content: bytes) -> str:
        key = new_id().hex
        with self._lock:
            self._blobs[key] = content
        return key
