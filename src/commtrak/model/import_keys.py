"""Import keys: what makes a bulk import idempotent.

Every row a bulk import (the CSV import of :mod:`commtrak.portability.csv_import`)
writes is recorded under a key derived from the row: its external reference when the
file has one, else a digest of its mapped values and the source's name. A row whose key
is already stored was imported before and is skipped, so running the same file again,
after a crash or after a success, creates no duplicates and finishes the rest.
"""

from __future__ import annotations

import uuid

import attrs

__all__ = ["ImportKey"]


@attrs.frozen
class ImportKey:
    """One imported row's key and the record it became.

    Attributes:
        key: The row's key: a SHA-256 digest in hexadecimal (64 characters), unique in
            the store.
        kind: What the row became (``"customer"``, ``"work_address"``).
        record_id: The id of the record the row became.
    """

    key: str
    kind: str
    record_id: uuid.UUID
