"""The ports of assets and their reference data."""

from __future__ import annotations

import uuid
from typing import Protocol

from commtrak.field_service.model.assets import Asset, AssetFilter, ReferenceItem, ReferenceKind
from commtrak.ports import CustomerChildRepository

__all__ = ["AssetRepository", "ReferenceItemRepository"]


class ReferenceItemRepository(Protocol):
    """Stores the reference data: appliance groups, fuel types, makes, models, locations."""

    def add(self, item: ReferenceItem) -> None:
        """Store a new item.

        Raises:
            Conflict: ``name``/``unique_reference_item`` when its list has the name.
        """

    def get(self, item_id: uuid.UUID) -> ReferenceItem:
        """Return the item.

        Raises:
            NotFound: ``reference_item``.
        """
        ...

    def update(self, item: ReferenceItem) -> None:
        """Rewrite an item (same conflicts as :meth:`add`)."""

    def items(self, kind: ReferenceKind, make_id: uuid.UUID | None) -> list[ReferenceItem]:
        """Return the items of one list (a model list: the make's), by folded name, then id."""
        ...

    def scan(self, after: uuid.UUID | None, limit: int) -> list[ReferenceItem]:
        """Return up to *limit* items with ids after *after*, by id (for export)."""
        ...


class AssetRepository(CustomerChildRepository, Protocol):
    """Stores assets; they move with their customer on a customer merge."""

    def add(self, asset: Asset) -> None:
        """Store a new asset.

        Raises:
            Conflict: ``reference``/``unique_asset_reference`` when the customer has an
                asset with that technical reference (compared case-insensitively).
        """

    def get(self, asset_id: uuid.UUID, *, for_update: bool = False) -> Asset:
        """Return the asset.

        Raises:
            NotFound: ``asset``.
        """
        ...

    def update(self, asset: Asset) -> None:
        """Rewrite an asset (same conflicts as :meth:`add`)."""

    def page(
        self, customer_id: uuid.UUID, where: AssetFilter, after: str | None, limit: int
    ) -> list[Asset]:
        """Return up to *limit* of the customer's assets passing *where*.

        Ordered by folded technical reference (unique within the customer), after the
        folded reference *after*: one indexed query.
        """
        ...

    def scan(self, after: uuid.UUID | None, limit: int) -> list[Asset]:
        """Return up to *limit* assets with ids after *after*, by id (for export)."""
        ...
