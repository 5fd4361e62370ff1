"""CSV import: customers with their contacts, and work addresses, by a column mapping.

The caller chooses which column fills which field (:class:`Mapping`, proposed from the
header by :func:`suggest_mapping`); every row is checked by the single-record services'
own rules; valid rows are written in batches with set-based inserts, and rejected ones
reported (line, column, value, field, rule) and optionally written to a CSV report. An
import is idempotent: each row's import key (its ``reference``, or a digest of its
values and the source's name) is stored with it, and a row whose key is stored is
skipped. See the how-to "Moving data in and out".
"""

from __future__ import annotations

from commtrak.portability.csv_import.fields import FIELDS, REQUIRED, ImportKind
from commtrak.portability.csv_import.importer import (
    DEFAULT_BATCH_SIZE,
    import_customers,
    import_work_addresses,
)
from commtrak.portability.csv_import.mapping import Mapping, normalize_header, suggest_mapping
from commtrak.portability.csv_import.rejects import REPORT_HEADER, Rejection
from commtrak.portability.csv_import.results import ImportProgress, ImportResult

__all__ = [
    "DEFAULT_BATCH_SIZE",
    "FIELDS",
    "REPORT_HEADER",
    "REQUIRED",
    "ImportKind",
    "ImportProgress",
    "ImportResult",
    "Mapping",
    "Rejection",
    "import_customers",
    "import_work_addresses",
    "normalize_header",
    "suggest_mapping",
]
