"""Entity ids.

Ids are random UUIDs made by the library, never by a database, so that a record keeps
its id when it moves from one backend to another (export, import, transfer).
"""

from __future__ import annotations

import uuid

__all__ = ["new_id"]


def new_id() -> uuid.UUID:
    """Return a fresh, random (version 4) UUID."""
    return uuid.uuid4()
