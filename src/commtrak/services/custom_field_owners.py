"""The kinds of record a custom field can be defined for: contacts, customers, and more.

The core knows two *owner kinds*, contacts and customers. A bounded context above the
core adds its own (the service context adds ``"asset"``, so that assets have custom
columns) through the ``commtrak.custom_field_owners`` entry-point group, without the
core importing it. An owner kind tells the custom-field service whether an owner exists
(and locks it while a value is set), and tells a customer's deletion which owners of
its kind belong to the customer, so that their values are erased with it.

Custom values are stored apart from their owners, keyed by the owner's id, so every
backend stores the values of every kind the same way.
"""

from __future__ import annotations

import functools
import uuid
from typing import Final, Protocol, runtime_checkable

import attrs

from commtrak._entry_points import contributions
from commtrak.errors import PluginError, ValidationError
from commtrak.model.custom_fields import CustomFieldOwner
from commtrak.ports import Transaction
from commtrak.services._record import live_customer
from commtrak.unit_of_work import UnitOfWork

__all__ = [
    "BUILT_IN_OWNER_KINDS",
    "ENTRY_POINT_GROUP",
    "CustomFieldOwnerKind",
    "owner_kind",
    "owner_kinds",
]

#: The entry-point group through which contexts and plugins add owner kinds.
ENTRY_POINT_GROUP: Final = "commtrak.custom_field_owners"


@runtime_checkable
class CustomFieldOwnerKind(Protocol):
    """A kind of record that custom fields can be defined for."""

    @property
    def name(self) -> str:
        """The kind's stable name, stored with each definition (e.g. ``"asset"``)."""
        ...

    def check(self, session: UnitOfWork, owner_id: uuid.UUID, *, lock: bool) -> None:
        """Refuse an id that names no live owner of this kind; lock its row with *lock*.

        Raises:
            NotFound: naming the kind's record (``contact``, ``asset``...).
            Conflict: when the owner exists but may take no value (a merged customer).
        """

    def owners_of(self, transaction: Transaction, customer_id: uuid.UUID) -> list[uuid.UUID]:
        """Return the ids of the customer's owners of this kind, archived ones included."""
        ...


@attrs.frozen
class _Contacts:
    """Contacts (archived ones included) as custom-field owners."""

    name: str = CustomFieldOwner.CONTACT

    def check(self, session: UnitOfWork, owner_id: uuid.UUID, *, lock: bool) -> None:
        """Refuse an unknown contact."""
        session.transaction.contacts.get(owner_id, for_update=lock)

    def owners_of(self, transaction: Transaction, customer_id: uuid.UUID) -> list[uuid.UUID]:
        """The customer's contacts."""
        return [c.id for c in transaction.contacts.for_customer(customer_id, include_archived=True)]


@attrs.frozen
class _Customers:
    """Customers as custom-field owners: a customer merged into another takes no value."""

    name: str = CustomFieldOwner.CUSTOMER

    def check(self, session: UnitOfWork, owner_id: uuid.UUID, *, lock: bool) -> None:
        """Refuse an unknown or merged customer."""
        live_customer(session, owner_id, for_update=lock)

    def owners_of(self, transaction: Transaction, customer_id: uuid.UUID) -> list[uuid.UUID]:
        """The customer itself."""
        return [customer_id]


#: The core's own owner kinds.
BUILT_IN_OWNER_KINDS: Final[tuple[CustomFieldOwnerKind, ...]] = (_Contacts(), _Customers())


@functools.cache
def owner_kinds() -> dict[str, CustomFieldOwnerKind]:
    """The built-in and contributed owner kinds by name, loaded once per process.

    Raises:
        PluginError: when an entry point fails to load, holds no owner kind, or two
            kinds share a name.
    """
    found: dict[str, CustomFieldOwnerKind] = {kind.name: kind for kind in BUILT_IN_OWNER_KINDS}
    for point, kind in contributions(ENTRY_POINT_GROUP):
        if not isinstance(kind, CustomFieldOwnerKind):
            raise PluginError(f"custom field owners {point!r} hold {kind!r}, no owner kind")
        if kind.name in found:
            raise PluginError(f"two custom field owner kinds are named {kind.name!r}")
        found[kind.name] = kind
    return found


def owner_kind(value: object, *, field: str = "owner") -> CustomFieldOwnerKind:
    """Return the owner kind named *value*.

    Raises:
        ValidationError: ``<field>``/``owner`` when no installed kind has that name.
    """
    kinds = owner_kinds()
    kind = kinds.get(value) if isinstance(value, str) else None
    if kind is None:
        raise ValidationError(field, "owner", f"must be one of {', '.join(kinds)}")
    return kind
