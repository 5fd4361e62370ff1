"""The custom-field port: field definitions and the values set on their owners.

See :mod:`commtrak.ports` for the orders and the error contract every port shares.
"""

from __future__ import annotations

import uuid
from typing import Protocol

from commtrak.model.custom_fields import CustomFieldDefinition, CustomValue

__all__ = ["CustomFieldRepository"]


class CustomFieldRepository(Protocol):
    """Stores custom field definitions and their values (kept apart from their owners)."""

    def add_definition(self, definition: CustomFieldDefinition) -> None:
        """Store a new definition.

        Raises:
            Conflict: ``name``/``unique_custom_field`` when a definition for the same
                owner kind has the same folded name.
        """

    def update_definition(self, definition: CustomFieldDefinition) -> None:
        """Replace a stored definition (its archived flag and choices).

        Raises:
            NotFound: ``custom_field``.
        """

    def definition(self, field_id: uuid.UUID) -> CustomFieldDefinition:
        """Return a definition.

        Raises:
            NotFound: ``custom_field``.
        """
        ...

    def definitions(self, owner: str) -> list[CustomFieldDefinition]:
        """Return the definitions for one owner kind (by its name), by folded name then id."""
        ...

    def put_value(self, value: CustomValue) -> None:
        """Store a value, replacing the owner's previous value of that field."""

    def values(self, owner_id: uuid.UUID) -> list[CustomValue]:
        """Return every value (archived ones too) of one owner, by field id."""
        ...

    def scan_values(
        self, after: tuple[uuid.UUID, uuid.UUID] | None, limit: int
    ) -> list[CustomValue]:
        """Return up to *limit* values after the ``(field_id, owner_id)`` *after*.

        Values are ordered by the text of the field id, then of the owner id.
        """
        ...

    def archive_values(self, field_id: uuid.UUID, owner_id: uuid.UUID | None) -> int:
        """Archive a field's value for one owner, or for every owner; one statement.

        Returns:
            How many values were archived.
        """
        ...

    def erase_values(self, field_id: uuid.UUID | None, owner_id: uuid.UUID | None) -> int:
        """Delete values for good: a field's for one owner or for all, or all of one owner's.

        At least one of the two ids is given. One statement on SQL backends.

        Returns:
            How many values were erased.
        """
        ...
