"""What the service context's contracts share: a store, reference data, assets.

The store moves the context's records on merges and group moves; the reference data
and assets are made in one call each.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterator
from typing import Any

import attrs
import pytest

from commtrak import Session, Store
from commtrak import field_service as fs
from commtrak.testing.conformance._base import PinnedClock, StoreContract, open_test_store

__all__ = ["FieldServiceContract", "Lists", "add_asset", "lists"]


@attrs.frozen
class Lists:
    """One item of each reference list, and a second group, fuel type and location."""

    group: uuid.UUID
    fuel: uuid.UUID
    make: uuid.UUID
    model: uuid.UUID
    location: uuid.UUID
    other_group: uuid.UUID
    other_fuel: uuid.UUID
    other_location: uuid.UUID


def lists(session: Session) -> Lists:
    """Add the reference data the contracts' assets name (or find it, added before)."""
    data = fs.of(session).reference_data

    def item(kind: str, name: str, make_id: uuid.UUID | None = None) -> uuid.UUID:
        for found in data.items(kind, make_id=make_id, include_archived=True):
            if found.name == name:
                return found.id
        return data.add(kind, name, make_id=make_id).id

    make = item("make", "Worcester")
    return Lists(
        group=item("appliance_group", "Boilers"),
        fuel=item("fuel_type", "Gas"),
        make=make,
        model=item("model", "Greenstar", make),
        location=item("location", "Kitchen"),
        other_group=item("appliance_group", "Fires"),
        other_fuel=item("fuel_type", "Oil"),
        other_location=item("location", "Loft"),
    )


def add_asset(
    session: Session, customer_id: uuid.UUID, reference: str, refs: Lists, /, **fields: Any
) -> fs.Asset:
    """Add an asset of *refs*' first items, with *fields* changed."""
    values: dict[str, Any] = {
        "reference": reference,
        "description": f"asset {reference}",
        "group_id": refs.group,
        "fuel_type_id": refs.fuel,
        "make_id": refs.make,
        "model_id": refs.model,
        "location_id": refs.location,
        "installed_on": datetime.date(2021, 3, 4),
    } | fields
    return fs.of(session).assets.add(customer_id, **values)


class FieldServiceContract(StoreContract):
    """A contract on a store opened with the service context's customer references."""

    @pytest.fixture
    def service_store(self, commtrak_url: str, clock: PinnedClock) -> Iterator[Store]:
        """An empty store whose merges and group moves reach the service context.

        Named apart from ``store``, so that in the whole suite the other contracts keep
        theirs (a store opened without the context's references).
        """
        with open_test_store(
            commtrak_url, clock=clock, customer_references=fs.CUSTOMER_REFERENCES
        ) as store:
            yield store
