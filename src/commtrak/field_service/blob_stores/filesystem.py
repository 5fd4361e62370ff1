"""Blobs as files under one directory, written to a temporary file and renamed in place."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path
from typing import BinaryIO

from commtrak.errors import NotFound
from commtrak.model.ids import new_id

__all__ = ["FileSystemBlobStore"]

_KEY = re.compile(r"[0-9a-f]{32}")


def _is_key(key: object) -> bool:
    return isinstance(key, str) and _KEY.fullmatch(key) is not None


class _FileWriter:
    def __init__(self, root: Path) -> None:
        handle, name = tempfile.mkstemp(dir=root, prefix=".upload-")
        self._file = os.fdopen(handle, "wb")
        self._temporary = Path(name)
        self._root = root

    def write(self, chunk: bytes) -> None:
        self._file.write(chunk)

    def commit(self) -> str:
        key = new_id().hex
        self._file.flush()
        os.fsync(self._file.fileno())
        self._file.close()
        self._temporary.replace(self._root / key)
        return key

    def abort(self) -> None:
        self._file.close()
        self._temporary.unlink(missing_ok=True)


class FileSystemBlobStore:
    """Blobs as files in *root*, one file per blob, named by its key.

    A blob is written to a temporary file in the same directory and renamed once
    complete, so a reader never sees half a file and a crash leaves only a
    ``.upload-*`` file behind, never a blob.

    Args:
        root: The directory; made if it does not exist.
    """

    def __init__(self, root: str | os.PathLike[str]) -> None:
        self._root = Path(root)
        self._root.mkdir(parents=True, exist_ok=True)

    def create(self) -> _FileWriter:
        """Start a blob in a temporary file."""
        return _FileWriter(self._root)

    def open(self, key: str) -> BinaryIO:
        """Open the blob's file for reading."""
        try:
            return self._path(key).open("rb")
        except FileNotFoundError:
            raise NotFound("blob", key) from None

    def delete(self, key: str) -> None:
        """Remove the blob's file, if there is one (a key that is no key names none)."""
        if _is_key(key):
            (self._root / key).unlink(missing_ok=True)

    def _path(self, key: str) -> Path:
        # Keys are the store's own; anything else (a path, "..") names no blob.
        if not _is_key(key):
            raise NotFound("blob", key)
        return self._root / key

    def __repr__(self) -> str:
        return f"<FileSystemBlobStore {str(self._root)!r}>"
