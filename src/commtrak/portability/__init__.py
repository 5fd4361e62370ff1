"""Moving data in and out: the JSON document, the ZIP archive, and transfers.

Every way in reads records through one importer (``commtrak.portability.importer``),
which checks each by the single-record services' rules and recomputes its derived
values, so nothing the services refuse gets into a store by import. See the how-to
"Moving data in and out".
"""

from __future__ import annotations

from commtrak.portability.archive import (
    ARCHIVE_FORMAT,
    ARCHIVE_VERSION,
    Manifest,
    Member,
    export_archive,
    import_archive,
)
from commtrak.portability.codec import converter
from commtrak.portability.document import FORMAT, VERSION, export_data, import_data
from commtrak.portability.importer import RecordRejected
from commtrak.portability.transfer import transfer

__all__ = [
    "ARCHIVE_FORMAT",
    "ARCHIVE_VERSION",
    "FORMAT",
    "VERSION",
    "Manifest",
    "Member",
    "RecordRejected",
    "converter",
    "export_archive",
    "export_data",
    "import_archive",
    "import_data",
    "transfer",
]
