"""Contacts: the people we deal with at a customer."""

from __future__ import annotations

import datetime
import enum
import uuid
from typing import Any

import attrs

from commtrak.model._text import fold
from commtrak.model.communication import Channel
from commtrak.model.emails import EmailStatus
from commtrak.model.phones import PhoneKind, PhoneNumber

__all__ = ["Contact", "SelectableContact", "Visibility", "contact_order_key"]


class Visibility(enum.StrEnum):
    """Who among the staff may see a contact (seed: "Visible To")."""

    ALL_STAFF = "all_staff"
    ROLE_PERMITTED_STAFF = "role_permitted_staff"


def _sorted_unique(value: object) -> tuple[Any, ...]:
    """Return a collection as a sorted tuple without repeats, so equal sets compare equal."""
    if isinstance(value, str):
        value = (value,)
    if not isinstance(value, (list, tuple, set, frozenset)):
        raise TypeError(f"expected a collection, not {type(value).__name__}")
    return tuple(sorted(set(value)))


def _phones(value: object) -> tuple[PhoneNumber, ...]:
    if not isinstance(value, (list, tuple)):
        raise TypeError(f"phones must be a sequence of PhoneNumber, not {type(value).__name__}")
    return tuple(value)


@attrs.frozen
class Contact:
    """A person at a customer. Contacts are archived, never deleted while referred to.

    Attributes:
        id: Made by the library.
        customer_id: The customer the contact was created at; it is the only customer
            through which the contact may be edited.
        name: Full name; never blank.
        title: Title (the seed's "Contact Title", a job title or an honorific).
        position: Position in the organisation.
        phones: Telephone numbers, each typed (office, mobile, home...), in the order
            entered.
        email: The address in its normalized form, or ``None``.
        email_key: The key duplicates are found by (see :mod:`commtrak.model.emails`);
            ``None`` exactly when ``email`` is ``None``.
        email_status: Whether the email's domain was found to accept mail, could not be
            checked yet (retry later), or was not checked; ``None`` without an email.
        note: Free text.
        social_urls: Web addresses of the contact's social profiles, sorted.
        visibility: Who among the staff may see the contact.
        departments: Department names, sorted, without repeats.
        communication: The channels the contact may be reached by, sorted: a customer's
            automatic communication by a channel reaches the contact only if both tick
            it (the rule: :mod:`commtrak.model.communication`).
        primary: The customer's primary contact, to whom documents are addressed; only
            a private customer has one, and at most one.
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
    position: str = ""
    phones: tuple[PhoneNumber, ...] = attrs.field(default=(), converter=_phones)
    email: str | None = None
    email_key: str | None = None
    email_status: EmailStatus | None = None
    note: str = ""
    social_urls: tuple[str, ...] = attrs.field(default=(), converter=_sorted_unique)
    visibility: Visibility = Visibility.ALL_STAFF
    departments: tuple[str, ...] = attrs.field(default=(), converter=_sorted_unique)
    communication: tuple[Channel, ...] = attrs.field(default=(), converter=_sorted_unique)
    primary: bool = False
    archived: bool = False
    merged_into: uuid.UUID | None = None
    modified_via_portal: bool = False

    @property
    def phone(self) -> str:
        """The first number that is not a mobile, as text ("" if none)."""
        return next((str(p) for p in self.phones if p.kind is not PhoneKind.MOBILE), "")

    @property
    def mobile(self) -> str:
        """The first mobile number, as text ("" if none)."""
        return next((str(p) for p in self.phones if p.kind is PhoneKind.MOBILE), "")


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
