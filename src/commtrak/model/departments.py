"""Departments: the managed list contacts' departments come from (seed 001)."""

from __future__ import annotations

import uuid

import attrs

__all__ = ["Department"]


@attrs.frozen
class Department:
    """A department name kept in the store's settings ("Customer Settings").

    Attributes:
        id: Made by the library.
        name: Unique within the store, compared case-insensitively.
        archived: An archived department is no longer offered for new assignments;
            contacts that have it keep it.
    """

    id: uuid.UUID
    name: str
    archived: bool = False
