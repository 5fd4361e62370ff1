"""Turning one CSV row into the records the services would add, by the services' rules.

Each row is checked by the services' own ``prepare`` methods
(:meth:`CustomerService.prepare <commtrak.services.CustomerService.prepare>`,
:meth:`ContactService.prepare <commtrak.services.ContactService.prepare>`,
:meth:`WorkAddressService.prepare <commtrak.services.WorkAddressService.prepare>`),
the very code ``add`` runs, so that an import lets in exactly what the services would:
text trimmed and limited, control characters refused, email form checked by the
store's checker and its key computed, the customer type's required fields.

A blank cell means the field's default (a blank type is ``company``, a blank status
``active``); channels are listed in one cell, separated by ``,``, ``;`` or ``|``.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from typing import Any

import attrs

from commtrak.errors import Conflict, ValidationError
from commtrak.model.contacts import Contact
from commtrak.model.customers import Address, Customer
from commtrak.model.work_addresses import Occupier, WorkAddress
from commtrak.session import Session

__all__ = [
    "CONTACT_FIELDS",
    "FieldError",
    "channels",
    "contact_of",
    "customer_of",
    "parse_id",
    "unknown_customer",
    "work_address_of",
]

#: The contact fields a customers row may fill (``contact.<name>``).
CONTACT_FIELDS = ("name", "title", "position", "email", "phone", "mobile", "note")

_LINES = tuple(field.name for field in attrs.fields(Address))
_OCCUPIER = tuple(field.name for field in attrs.fields(Occupier))
_CHANNEL_SEPARATORS = re.compile(r"[,;|]")


class FieldError(Exception):
    """A rule a row broke: the field as the mapping names it, the rule, the message."""

    def __init__(self, field: str, rule: str, message: str) -> None:
        super().__init__(f"{field}: {message} [{rule}]")
        self.field = field
        self.rule = rule
        self.message = message

    @classmethod
    def of(cls, error: ValidationError | Conflict, prefix: str = "") -> FieldError:
        """The service's *error*, its field named as the mapping names it."""
        return cls(prefix + error.field, error.rule, error.message)


def channels(text: str) -> list[str]:
    """The channels named in one cell (``"email; sms"``)."""
    return [name.strip() for name in _CHANNEL_SEPARATORS.split(text) if name.strip()]


def _given(values: Mapping[str, str], *fields: str) -> dict[str, str]:
    """The *fields* whose cells are filled, for the service's defaults to fill the rest."""
    return {field: values[field] for field in fields if values.get(field, "").strip()}


def customer_of(session: Session, values: Mapping[str, str]) -> Customer:
    """Return the customer a row describes, checked as ``customers.add`` checks it.

    Raises:
        FieldError: the rule the row broke.
    """
    try:
        return session.customers.prepare(
            name=values.get("name", ""),
            address=Address(**{line: values.get(f"address.{line}", "") for line in _LINES}),
            advertising_source=values.get("advertising_source", ""),
            price_book=values.get("price_book", ""),
            communication=channels(values.get("communication", "")),
            **_given(values, "type", "status"),
        )
    except (ValidationError, Conflict) as error:
        raise FieldError.of(error) from None


def contact_of(session: Session, customer: Customer, values: Mapping[str, str]) -> Contact | None:
    """Return the contact a customers row describes, or ``None`` if it fills no ``contact.*``.

    Checked as ``contacts.add`` checks it; at a customer whose type has a primary
    contact (``private``), it is the primary contact, as ``contacts.set_primary``
    would make it.

    Raises:
        FieldError: the rule the row broke, its field prefixed ``contact.``.
    """
    given: dict[str, Any] = {name: values.get(f"contact.{name}", "") for name in CONTACT_FIELDS}
    if not any(value.strip() for value in given.values()):
        return None
    try:
        contact = session.contacts.prepare(customer, **given)
    except (ValidationError, Conflict) as error:
        raise FieldError.of(error, "contact.") from None
    if session.customer_types.get(customer.type).has_primary_contact:
        contact = attrs.evolve(contact, primary=True)
    return contact


def work_address_of(session: Session, customer: Customer, values: Mapping[str, str]) -> WorkAddress:
    """Return the work address a row describes, checked as ``work_addresses.add`` does.

    Raises:
        FieldError: the rule the row broke.
    """
    occupier = {name: values.get(f"occupier.{name}", "") for name in _OCCUPIER}
    try:
        return session.work_addresses.prepare(
            customer,
            address=Address(**{line: values.get(f"address.{line}", "") for line in _LINES}),
            occupier=Occupier(**occupier),
            communication=channels(values.get("communication", "")),
            status=_given(values, "status").get("status"),
        )
    except (ValidationError, Conflict) as error:
        raise FieldError.of(error) from None


def parse_id(text: str) -> uuid.UUID | None:
    """The customer id a ``customer`` cell holds, or ``None`` if it holds a reference."""
    try:
        return uuid.UUID(text.strip())
    except ValueError:
        return None


def unknown_customer(text: str) -> FieldError:
    """The rejection of a row whose ``customer`` names no customer."""
    return FieldError(
        "customer",
        "reference",
        f"no customer has the id or import reference {text.strip()!r}",
    )
