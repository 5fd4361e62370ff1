"""The import-key port: the keys of the rows bulk imports wrote (idempotent imports).

See :mod:`commtrak.ports` for the orders and the error contract every port shares.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Sequence
from typing import Protocol

from commtrak.model.import_keys import ImportKey

__all__ = ["ImportKeyRepository"]


class ImportKeyRepository(Protocol):
    """Stores :class:`~commtrak.model.import_keys.ImportKey` records."""

    def add_many(self, keys: Sequence[ImportKey]) -> None:
        """Store new keys; one ``INSERT`` (an executemany) on SQL backends.

        Raises:
            Conflict: ``key``/``unique_import_key`` when one of the keys is stored
                (another process imported the same row meanwhile); nothing is written.
        """

    def find(self, keys: Collection[str]) -> dict[str, uuid.UUID]:
        """Return the stored keys among *keys*, each with the id of its record.

        One ``SELECT`` per 30,000 keys on SQL backends.
        """
        ...
