"""Data sheets in the portal (seed 003, "Customer Portal Data Sheets").

Staff assign data-sheet templates to a customer for the portal, with a mandatory
tickets-from-email address. A contact fills a sheet from an assigned template and saves
it (a draft it may edit later) or submits it, which raises a ticket against the customer
and locks the sheet.
"""

from __future__ import annotations

import datetime
import enum
import uuid
from collections.abc import Mapping

import attrs

__all__ = ["DataSheet", "DataSheetStatus", "DataSheetTemplate", "PortalTemplates"]


def _sorted_ids(value: object) -> tuple[uuid.UUID, ...]:
    if not isinstance(value, (list, tuple, set, frozenset)):
        raise TypeError(f"expected a collection of ids, not {type(value).__name__}")
    return tuple(sorted(set(value), key=str))


@attrs.frozen
class DataSheetTemplate:
    """A form contacts can fill in.

    Attributes:
        id: Made by the library.
        name: Unique in the store (folded).
        fields: The names of the form's fields, in display order.
    """

    id: uuid.UUID
    name: str
    fields: tuple[str, ...]


@attrs.frozen
class PortalTemplates:
    """The templates a customer's contacts may use in the portal.

    Attributes:
        customer_id: The customer.
        template_ids: The assigned templates, sorted by id.
        tickets_from_email: The address the tickets raised by submissions come from.
    """

    customer_id: uuid.UUID
    template_ids: tuple[uuid.UUID, ...] = attrs.field(converter=_sorted_ids)
    tickets_from_email: str


class DataSheetStatus(enum.StrEnum):
    """Whether a sheet may still be edited."""

    DRAFT = "draft"
    SUBMITTED = "submitted"


@attrs.frozen
class DataSheet:
    """A data sheet a contact filled in through the portal.

    Attributes:
        id: Made by the library.
        template_id: The template it was filled from.
        customer_id: The customer it is for.
        contact_id: The contact that filled it (a contact reference, which merges
            repoint).
        values: Field name to value; only the template's fields.
        status: Draft (editable) or submitted (locked).
        created_at: When it was first saved (UTC).
        modified_at: When it last changed.
        ticket_id: The ticket its submission raised, once submitted.
    """

    id: uuid.UUID
    template_id: uuid.UUID
    customer_id: uuid.UUID
    contact_id: uuid.UUID
    values: Mapping[str, str]
    status: DataSheetStatus
    created_at: datetime.datetime
    modified_at: datetime.datetime
    ticket_id: uuid.UUID | None = None
