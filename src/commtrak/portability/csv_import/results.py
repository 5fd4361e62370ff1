"""What an import reports: progress while it runs, and its result."""

from __future__ import annotations

import attrs

from commtrak.model.groups import CustomerGroup
from commtrak.portability.csv_import.mapping import Mapping
from commtrak.portability.csv_import.rejects import Rejection

__all__ = ["ImportProgress", "ImportResult"]


@attrs.frozen
class ImportProgress:
    """How far an import is, as reported to the progress callback after each batch.

    Attributes:
        read: Rows read so far.
        imported: Rows written so far (committed, unless the import is all or nothing).
        rejected: Rows rejected so far.
        skipped: Rows skipped because they were imported before (or earlier in the file).
        bytes_read: Bytes of the file read so far.
        total_bytes: The file's size, for an estimate of the time left.
    """

    read: int
    imported: int
    rejected: int
    skipped: int
    bytes_read: int
    total_bytes: int


@attrs.frozen
class ImportResult:
    """How an import ended.

    Attributes:
        read: Rows read (blank lines are not rows).
        imported: Rows written, each once: customers (with their contacts) or work
            addresses. 0 when an all-or-nothing import rejected a row.
        rejected: Rows rejected.
        skipped: Rows skipped because their import key was stored (imported by an
            earlier run) or repeated earlier in the file.
        contacts: Contacts written with the customers.
        committed: False when an all-or-nothing import wrote nothing because a row was
            rejected.
        mapping: The mapping used (the suggested one when none was given).
        group: The group the customers were put in, as it is after the import.
        rejections: The first rejections (at most 100; the report file has them all).
    """

    read: int
    imported: int
    rejected: int
    skipped: int
    contacts: int
    committed: bool
    mapping: Mapping
    group: CustomerGroup | None = None
    rejections: tuple[Rejection, ...] = ()
