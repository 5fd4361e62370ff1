"""Landlords: the owners of work addresses, chosen from existing ones or added anew."""

from __future__ import annotations

import uuid

import attrs

from commtrak.model._text import fold
from commtrak.model.customers import Address

__all__ = ["Landlord", "NewLandlord", "landlord_order_key"]


@attrs.frozen
class Landlord:
    """The owner of one or more work addresses; shared by every work address naming it.

    Attributes:
        id: Made by the library.
        name: Never blank.
        address: The landlord's own address (may be blank).
        phone: Telephone number.
        email: Email address, in its normalized form, or ``None``.
    """

    id: uuid.UUID
    name: str
    address: Address = attrs.field(factory=Address)
    phone: str = ""
    email: str | None = None


@attrs.frozen
class NewLandlord:
    """The details of a landlord to add with a work address (seed: "Add new landlord")."""

    name: str
    address: Address = attrs.field(factory=Address)
    phone: str = ""
    email: str | None = None


def landlord_order_key(landlord: Landlord) -> tuple[str, str]:
    """Order landlord searches on every backend: folded name, then id."""
    return (fold(landlord.name), str(landlord.id))
