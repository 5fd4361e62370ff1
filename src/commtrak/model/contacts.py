"""Contacts: the people we deal with at a customer."""

from __future__ import annotations

import datetime
import enum
import uuid

import attrs

from commtrak.model._text import fold
from commtrak.model.emails import EmailStatus

__all__ = ["Contact", "SelectableContact", "Visibility", "contact_order_key"]


class Visibility(enum.StrEnum):
    """Who among the staff may see a contact (seed: "Visible To")."""

    ALL_STAFF = "all_staff"
    ROLE_PERMITTED_STAFF = "role_permitted_staff"


def _departments(value: object) -> tuple[str, ...]:
    """Return departments as a sorted tuple without repeats, so equal sets compare equal."""
    if isinstance(value, str):
        value = (value,)
    if not isinstance(value, (list, tuple, set, frozenset)):
        raise TypeError(f"departments must be a collection of names, not {type(value).__name__}")
    return tuple(sorted({str(item) for item in value}))


@attrs.frozen
class Contact:
    """A person at a customer. Contacts are archived, never deleted.

    Attributes:
        id: Made by the library.
        customer_id: The customer the contact was created at; it is the only customer
            through which the contact may be edited.
        name: Full name; never blank.
        title: Job title.
        phone: Direct telephone number.
        mobile: Mobile number.
        email: The address in its normalized form, or ``None``.
        email_key: The key duplicates are found by (see :mod:`commtrak.model.emails`);
            ``None`` exactly when ``email`` is ``None``.
        email_status: Whether the email's domain was found to accept mail, could not be
            checked yet (retry later), or was not checked; ``None`` without an email.
        note: Free text.
        visibility: Who among the staff may see the contact.
        departments: Department names, sorted, without repeats.
        archived: Archived contacts keep every reference to them valid.
        merged_into: The contact this one was merged into, if it was archived by a merge.
        created_at: When the contact was added (UTC).
        created_by: Who added it.
        modified_at: When it last changed (UTC).
        modified_by: Who changed it last.
        modified_via_portal: Whether the last change came through the customer portal.
    """

    id: uuid.UUID
    customer_id: uuid.UUID
    name: str
    created_at: datetime.datetime
    created_by: str
    modified_at: datetime.datetime
    modified_by: str
    title: str = ""
    phone: str = ""
    mobile: str = ""
    email: str | None = None
    email_key: str | None = None
    email_status: EmailStatus | None = None
    note: str = ""
    visibility: Visibility = Visibility.ALL_STAFF
    departments: tuple[str, ...] = attrs.field(default=(), converter=_departments)
    archived: bool = False
    merged_into: uuid.UUID | None = None
    modified_via_portal: bool = False


def contact_order_key(contact: Contact) -> tuple[bool, str, str]:
    """Return the key that orders contact listings and searches on every backend.

    Active contacts come before archived ones (seed: archived contacts are "displayed at
    the bottom of the results list"), then contacts are ordered by folded name and id.
    """
    return (contact.archived, fold(contact.name), str(contact.id))


@attrs.frozen
class SelectableContact:
    """A contact offered for selection at a customer (sales contact, ticket contact...).

    Attributes:
        contact: The contact.
        from_head_office: True when the contact belongs to the group's Head Office and
            not to the customer itself.
    """

    contact: Contact
    from_head_office: bool
