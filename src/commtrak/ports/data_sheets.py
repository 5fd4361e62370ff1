"""The data-sheet port: data-sheet templates, portal template choices and filled sheets.

See :mod:`commtrak.ports` for the orders and the error contract every port shares.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Mapping
from typing import Protocol

from commtrak.model.data_sheets import DataSheet, DataSheetTemplate, PortalTemplates
from commtrak.ports.customers import CustomerChildRepository

__all__ = ["DataSheetRepository"]


class DataSheetRepository(CustomerChildRepository, Protocol):
    """Stores data-sheet templates, their assignment to customers, and the sheets.

    A sheet belongs to the customer it is for: :meth:`count_for_customer` counts a
    customer's sheets, drafts and submitted ones alike, and :meth:`reassign_customer`
    moves them to another customer (a customer merge). Neither touches the templates
    assigned to a customer for the portal (:meth:`portal_templates`).
    """

    def add_template(self, template: DataSheetTemplate) -> None:
        """Store a new template.

        Raises:
            Conflict: ``id``/``unique_id``; ``name``/``unique_template_name`` when a
                template with the same folded name exists.
        """

    def get_template(self, template_id: uuid.UUID) -> DataSheetTemplate:
        """Return the template.

        Raises:
            NotFound: ``data_sheet_template`` when there is none.
        """
        ...

    def templates(self) -> list[DataSheetTemplate]:
        """Return every template, by folded name then id."""
        ...

    def portal_templates(self, customer_id: uuid.UUID) -> PortalTemplates | None:
        """Return the templates assigned to a customer for the portal, or ``None``."""
        ...

    def set_portal_templates(self, assignment: PortalTemplates) -> None:
        """Store *assignment* in place of the customer's current one, if any."""

    def erase_portal_templates(self, customer_id: uuid.UUID) -> int:
        """Delete the customer's template assignment; return 1 if it had one, else 0."""
        ...

    def add(self, sheet: DataSheet) -> None:
        """Store a new sheet.

        Raises:
            Conflict: ``id``/``unique_id`` when a sheet with that id exists.
        """

    def get(self, sheet_id: uuid.UUID, *, for_update: bool = False) -> DataSheet:
        """Return the sheet, locking it with *for_update*.

        Raises:
            NotFound: ``data_sheet`` when there is none.
        """
        ...

    def update(self, sheet: DataSheet) -> None:
        """Replace the stored sheet.

        Raises:
            NotFound: ``data_sheet`` when there is none.
        """

    def for_contact(self, contact_id: uuid.UUID) -> list[DataSheet]:
        """Return the sheets a contact filled in, oldest first, then by id."""
        ...

    def count_contacts(self, contact_ids: Collection[uuid.UUID]) -> dict[uuid.UUID, int]:
        """Return, for each of *contact_ids* that filled in sheets, how many (one query)."""
        ...

    def repoint_contacts(self, mapping: Mapping[uuid.UUID, uuid.UUID]) -> int:
        """Give the sheets of each contact that is a key of *mapping* its value instead.

        One statement on SQL backends. Returns how many sheets changed.
        """
        ...

    def scan(self, after: uuid.UUID | None, limit: int) -> list[DataSheet]:
        """Return up to *limit* sheets whose id sorts after *after*, by id text."""
        ...

    def scan_portal_templates(self, after: uuid.UUID | None, limit: int) -> list[PortalTemplates]:
        """Return up to *limit* assignments whose customer id sorts after *after*, by its text."""
        ...
