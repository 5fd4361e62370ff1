"""Work addresses: the properties where work is done for a customer (seed 004).

A work address belongs to one customer, who holds every financial responsibility for
it: a work address has no invoices, totals or balances of its own.
"""

from __future__ import annotations

import uuid

import attrs

from commtrak.model._text import fold
from commtrak.model.communication import Channel
from commtrak.model.customers import Address, CustomerStatus, channels

__all__ = ["DEFAULT_OCCUPIER_SURNAME", "Occupier", "WorkAddress", "work_address_order_key"]

#: The occupier's surname when none is given ("Surname will default to 'Occupier'").
DEFAULT_OCCUPIER_SURNAME = "Occupier"


@attrs.frozen
class Occupier:
    """The person living or working at a work address.

    Attributes:
        title: Mr, Ms, Dr...
        first_name: May be blank.
        surname: Never blank; defaults to
            :data:`~commtrak.model.work_addresses.DEFAULT_OCCUPIER_SURNAME`.
        phone: Telephone number.
        email: Email address, in its normalized form, or ``None``.
    """

    title: str = ""
    first_name: str = ""
    surname: str = DEFAULT_OCCUPIER_SURNAME
    phone: str = ""
    email: str | None = None


@attrs.frozen
class WorkAddress:
    """A property where work is done for a customer.

    Attributes:
        id: Made by the library.
        customer_id: The owner customer, who is invoiced for the work.
        address: Address Line 1 is required.
        occupier: Who is at the property.
        branch_id: The owner's branch that manages the property, if any.
        landlord_id: The property's landlord, if any.
        status: Active or dormant; dormant addresses get no automatic communications.
        dormant_by_cascade: True exactly when the address is dormant only because its
            customer was set dormant; reactivating the customer reactivates these and
            no others.
        communication: The channels automatic communications to the occupier may use,
            sorted; they alone decide for the work address (the rule:
            :mod:`commtrak.model.communication`).
    """

    id: uuid.UUID
    customer_id: uuid.UUID
    address: Address
    occupier: Occupier = Occupier()
    branch_id: uuid.UUID | None = None
    landlord_id: uuid.UUID | None = None
    status: CustomerStatus = CustomerStatus.ACTIVE
    dormant_by_cascade: bool = False
    communication: tuple[Channel, ...] = attrs.field(default=(), converter=channels)


def work_address_order_key(work_address: WorkAddress) -> tuple[str, str, str]:
    """Order work address listings on every backend: folded line 1, postcode, then id."""
    address = work_address.address
    return (fold(address.line1), fold(address.postcode), str(work_address.id))
