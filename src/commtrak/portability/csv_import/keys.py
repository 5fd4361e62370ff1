"""The import key of a row: its external reference, or a digest of what it says.

A row with an external reference (the ``reference`` field mapped and filled) is known by
that reference, whatever file it comes in: a row naming a reference imported before is
skipped. A row without one is known by a digest of its mapped values and the source's
name (the file's name unless the caller gives another), so that running the same file
again skips every row it imported, and an identical row repeated in the file is
imported once.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence

__all__ = ["reference_key", "row_key"]


def reference_key(kind: str, reference: str) -> str:
    """The key of the record of *kind* imported with the external *reference*."""
    return hashlib.sha256(f"{kind}\0reference\0{reference}".encode()).hexdigest()


def row_key(kind: str, source: str, reference: str, values: Sequence[str]) -> str:
    """The key of a row: by its *reference* when it has one, else by its *values*."""
    if reference:
        return reference_key(kind, reference)
    text = json.dumps([kind, source, *values], ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()
