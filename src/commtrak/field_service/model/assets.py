"""Assets and appliances (seeds 002, 004): what a customer's property holds, and its lookups.

An asset (an appliance: a boiler, a fire alarm panel) belongs to a customer, and to one
of its work addresses when it stands there. It is identified by its *technical
reference*, which may be edited at any time and is unique within the customer,
compared case-insensitively. The seed's prerequisites (appliance groups, fuel types,
makes and models, locations) are :class:`ReferenceItem` rows of one
:class:`ReferenceKind` each, which assets name by id; a model belongs to a make.
"""

from __future__ import annotations

import datetime
import enum
import uuid

import attrs

from commtrak.model._text import fold

__all__ = [
    "ASSET_PAGE",
    "Asset",
    "AssetFilter",
    "ReferenceItem",
    "ReferenceKind",
    "reference_key",
]

#: How many assets one page of a listing holds unless the caller asks for another size.
ASSET_PAGE = 50


class ReferenceKind(enum.StrEnum):
    """The kinds of reference data an asset names (the seed's prerequisites)."""

    APPLIANCE_GROUP = "appliance_group"
    FUEL_TYPE = "fuel_type"
    MAKE = "make"
    MODEL = "model"
    LOCATION = "location"


@attrs.frozen
class ReferenceItem:
    """One entry of the reference data: an appliance group, fuel type, make, model or location.

    Attributes:
        id: Made by the library.
        kind: Which list it is on.
        name: Unique on its list (a model: among its make's models), case-insensitively.
        make_id: The make of a model; ``None`` for every other kind.
        archived: An archived item is offered for no new asset; assets keep naming it.
    """

    id: uuid.UUID
    kind: ReferenceKind
    name: str
    make_id: uuid.UUID | None = None
    archived: bool = False

    @property
    def name_key(self) -> str:
        """The key its uniqueness is checked on, its folded name after its make's id."""
        return reference_key(self.make_id, self.name)


def reference_key(make_id: uuid.UUID | None, name: str) -> str:
    """The folded name a reference item is unique by on its list, scoped by its make."""
    return f"{make_id}/{fold(name)}" if make_id is not None else fold(name)


@attrs.frozen
class Asset:
    """An asset or appliance of a customer.

    Attributes:
        id: Made by the library.
        customer_id: The customer it belongs to.
        work_address_id: The customer's work address it stands at, or ``None`` (the
            customer's own address).
        reference: The technical reference: editable, unique within the customer
            (compared case-insensitively).
        description: What it is.
        group_id: Its appliance group (a :class:`ReferenceItem`).
        fuel_type_id: Its fuel type.
        make_id: Its make.
        model_id: Its model, one of the make's.
        location_id: Where in the property it is.
        installed_on: When it was installed.
        serial: Its serial number, when known.
        created_at: When it was added (UTC).
        created_by: Who added it.
    """

    id: uuid.UUID
    customer_id: uuid.UUID
    work_address_id: uuid.UUID | None
    reference: str
    description: str
    group_id: uuid.UUID
    fuel_type_id: uuid.UUID
    make_id: uuid.UUID
    model_id: uuid.UUID
    location_id: uuid.UUID
    installed_on: datetime.date
    serial: str | None
    created_at: datetime.datetime
    created_by: str

    @property
    def reference_key(self) -> str:
        """The folded technical reference, unique within the customer."""
        return fold(self.reference)


@attrs.frozen
class AssetFilter:
    """Which of a customer's assets a listing returns: every criterion given must hold.

    Attributes:
        work_address_id: Only those at this work address.
        group_id: Only those of this appliance group.
        fuel_type_id: Only those of this fuel type.
        location_id: Only those at this location.
    """

    work_address_id: uuid.UUID | None = None
    group_id: uuid.UUID | None = None
    fuel_type_id: uuid.UUID | None = None
    location_id: uuid.UUID | None = None

    def matches(self, asset: Asset) -> bool:
        """Whether *asset* passes the filter (the rule every backend's query implements)."""
        return all(
            wanted is None or getattr(asset, name) == wanted
            for name, wanted in attrs.asdict(self, recurse=False).items()
        )
