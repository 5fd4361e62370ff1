"""Export and import (kept for existing callers): see :mod:`commtrak.portability`.

Everything here is :mod:`commtrak.portability`'s: the JSON document
(:func:`export_data`, :func:`import_data`), the streaming :func:`transfer`, and the
ZIP archive (:func:`export_archive`, :func:`import_archive`).
"""

from __future__ import annotations

from commtrak.portability import (
    FORMAT,
    VERSION,
    RecordRejected,
    converter,
    export_archive,
    export_data,
    import_archive,
    import_data,
    transfer,
)

__all__ = [
    "FORMAT",
    "VERSION",
    "RecordRejected",
    "converter",
    "export_archive",
    "export_data",
    "import_archive",
    "import_data",
    "transfer",
]
