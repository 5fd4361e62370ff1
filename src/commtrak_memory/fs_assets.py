"""The memory backend's assets and their reference data."""

from __future__ import annotations

import uuid
from collections.abc import Callable

import attrs

from commtrak.errors import Conflict, NotFound
from commtrak.field_service.model.assets import Asset, AssetFilter, ReferenceItem, ReferenceKind
from commtrak_memory._table import CustomerRows, Table

__all__ = ["AssetTables", "MemoryAssets", "MemoryReferenceItems", "scan_ids"]

Undo = list[Callable[[], None]]


def _unique_reference() -> Conflict:
    return Conflict(
        "reference", "unique_asset_reference", "the customer has an asset with that reference"
    )


class AssetTables:
    """The reference items and assets of one memory store."""

    def __init__(self) -> None:
        self.reference_items: Table[ReferenceItem] = Table(
            {"name": lambda item: (item.kind, item.name_key), "kind": lambda item: item.kind}
        )
        self.assets: Table[Asset] = Table(
            {
                "customer": lambda asset: asset.customer_id,
                "reference": lambda asset: (asset.customer_id, asset.reference_key),
            }
        )

    @property
    def all(self) -> tuple[Table[ReferenceItem] | Table[Asset], ...]:
        """The tables."""
        return (self.reference_items, self.assets)


def scan_ids(table: Table[object], after: uuid.UUID | None, limit: int) -> list[object]:
    """Up to *limit* rows of *table* with ids after *after*, by id (as SQL sorts them)."""
    rows = sorted(table, key=lambda row: getattr(row, "id"))  # noqa: B009
    return [row for row in rows if after is None or getattr(row, "id") > after][:limit]  # noqa: B009


class MemoryReferenceItems:
    """Implements :class:`~commtrak.field_service.ports.assets.ReferenceItemRepository`."""

    def __init__(self, table: Table[ReferenceItem], undo: Undo) -> None:
        self._table = table
        self._undo = undo

    def _put(self, item: ReferenceItem) -> None:
        for other in self._table.lookup("name", (item.kind, item.name_key)):
            if other.id != item.id:
                raise Conflict("name", "unique_reference_item", "the list has that name already")
        self._table.put(item.id, item, self._undo)

    def add(self, item: ReferenceItem) -> None:
        """As the port's ``add``."""
        if item.id in self._table:
            raise Conflict("id", "unique_id", f"the id {item.id} is taken")
        self._put(item)

    def get(self, item_id: uuid.UUID) -> ReferenceItem:
        """As the port's ``get``."""
        found = self._table.get(item_id)
        if found is None:
            raise NotFound("reference_item", item_id)
        return found

    def update(self, item: ReferenceItem) -> None:
        """As the port's ``update``."""
        self.get(item.id)
        self._put(item)

    def items(self, kind: ReferenceKind, make_id: uuid.UUID | None) -> list[ReferenceItem]:
        """As the port's ``items``."""
        found = [i for i in self._table.lookup("kind", kind) if i.make_id == make_id]
        return sorted(found, key=lambda item: (item.name_key, str(item.id)))

    def scan(self, after: uuid.UUID | None, limit: int) -> list[ReferenceItem]:
        """As the port's ``scan``."""
        return scan_ids(self._table, after, limit)  # type: ignore[arg-type,return-value]


class MemoryAssets(CustomerRows[Asset]):
    """Implements :class:`~commtrak.field_service.ports.assets.AssetRepository`."""

    def __init__(self, table: Table[Asset], undo: Undo) -> None:
        self._table = table
        self._undo = undo

    def _put(self, asset: Asset) -> None:
        for other in self._table.lookup("reference", (asset.customer_id, asset.reference_key)):
            if other.id != asset.id:
                raise _unique_reference()
        self._table.put(asset.id, asset, self._undo)

    def add(self, asset: Asset) -> None:
        """As the port's ``add``."""
        if asset.id in self._table:
            raise Conflict("id", "unique_id", f"the id {asset.id} is taken")
        self._put(asset)

    def get(self, asset_id: uuid.UUID, *, for_update: bool = False) -> Asset:
        """As the port's ``get``."""
        found = self._table.get(asset_id)
        if found is None:
            raise NotFound("asset", asset_id)
        return found

    def update(self, asset: Asset) -> None:
        """As the port's ``update``."""
        self.get(asset.id)
        self._put(asset)

    def page(
        self, customer_id: uuid.UUID, where: AssetFilter, after: str | None, limit: int
    ) -> list[Asset]:
        """As the port's ``page``."""
        found = [
            asset
            for asset in self._table.lookup("customer", customer_id)
            if where.matches(asset) and (after is None or asset.reference_key > after)
        ]
        return sorted(found, key=lambda asset: asset.reference_key)[:limit]

    def scan(self, after: uuid.UUID | None, limit: int) -> list[Asset]:
        """As the port's ``scan``."""
        return scan_ids(self._table, after, limit)  # type: ignore[arg-type,return-value]

    def reassign_customer(self, from_id: uuid.UUID, to_id: uuid.UUID) -> int:
        """Give the assets of *from_id* to *to_id*, refusing a technical reference both use."""
        kept = {asset.reference_key for asset in self._table.lookup("customer", to_id)}
        moved = self._table.lookup("customer", from_id)
        if any(asset.reference_key in kept for asset in moved):
            raise _unique_reference()
        for asset in moved:
            self._table.put(asset.id, attrs.evolve(asset, customer_id=to_id), self._undo)
        return len(moved)
