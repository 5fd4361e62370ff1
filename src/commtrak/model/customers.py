"""Customers and their addresses."""

from __future__ import annotations

import enum
import uuid
from collections.abc import Iterable

import attrs

from commtrak.model.communication import Channel

__all__ = ["Address", "Customer", "CustomerStatus", "CustomerType", "channels"]


class CustomerType(enum.StrEnum):
    """The built-in customer types.

    A customer's ``type`` is stored as its text value, so that applications can add
    types of their own later without a schema change.
    """

    PRIVATE = "private"
    COMPANY = "company"


class CustomerStatus(enum.StrEnum):
    """Whether a customer is in business with us.

    Dormant customers are kept, but left out of automatic communications.
    """

    ACTIVE = "active"
    DORMANT = "dormant"


def channels(value: Iterable[str]) -> tuple[Channel, ...]:
    """Return the channels named in *value*, sorted, without repeats.

    A sorted tuple (as a contact's ``communication``) makes equal choices compare equal
    and exports as a plain list.

    Raises:
        ValueError: for a name that is not a channel (the services check first).
    """
    if value == ():  # the common case, read back from storage: nothing to check
        return ()
    if isinstance(value, str):
        value = (value,)
    return tuple(sorted({Channel(str(name)) for name in value}))


@attrs.frozen
class Address:
    """A postal address; every line may be blank except where a service says otherwise."""

    line1: str = ""
    line2: str = ""
    line3: str = ""
    town: str = ""
    county: str = ""
    postcode: str = ""
    country: str = ""


@attrs.frozen
class Customer:
    """A customer record: a private person or an organisation we do work for.

    Attributes:
        id: Made by the library, stable across backends.
        name: The customer's (company) name; never blank.
        type: A customer type, e.g. ``"private"`` or ``"company"``.
        status: Active or dormant.
        address: The customer's own address.
        group_id: The customer group it belongs to, if any. A customer is in at most
            one group.
        sales_contact_id: The contact chosen as the customer's sales contact: one of its
            own contacts or a contact of its group's Head Office.
        advertising_source: How the customer heard of us (seed: "How did you hear
            from us?").
        price_book: The host application's reference of the customer's price book.
        communication: The channels automatic communications to the customer may use,
            sorted (the rule: :mod:`commtrak.model.communication`).
        merged_into: The customer this one was merged into, if a merge ended it. A
            merged customer is kept, dormant and childless, so that nothing that
            names it is left dangling.
        invoice_format: The customer's invoice address format, a tag template such as
            ``[landlord_name] c/o [customer_name]`` (see
            :mod:`commtrak.model.templates`); blank for the default format.
    """

    id: uuid.UUID
    name: str
    type: str = CustomerType.COMPANY.value
    status: CustomerStatus = CustomerStatus.ACTIVE
    address: Address = Address()
    group_id: uuid.UUID | None = None
    sales_contact_id: uuid.UUID | None = None
    advertising_source: str = ""
    price_book: str = ""
    communication: tuple[Channel, ...] = attrs.field(default=(), converter=channels)
    merged_into: uuid.UUID | None = None
    invoice_format: str = ""
