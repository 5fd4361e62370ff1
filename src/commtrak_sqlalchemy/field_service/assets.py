"""The SQL repositories of assets and their reference data."""

from __future__ import annotations

import enum
import uuid
from typing import Any, ClassVar

from sqlalchemy import select

from commtrak.field_service.model.assets import Asset, AssetFilter, ReferenceItem, ReferenceKind
from commtrak_sqlalchemy._db import Db
from commtrak_sqlalchemy._owned import CustomerRows
from commtrak_sqlalchemy.field_service._rows import RecordRows

__all__ = ["SqlAssets", "SqlReferenceItems"]


class SqlReferenceItems(RecordRows[ReferenceItem]):
    """Implements :class:`~commtrak.field_service.ports.assets.ReferenceItemRepository`."""

    record = ReferenceItem
    entity = "reference_item"
    enums: ClassVar[dict[str, type[enum.Enum]]] = {"kind": ReferenceKind}

    def __init__(self, db: Db) -> None:
        super().__init__(db, db.tables.field_service.assets.reference_items)

    def _extra(self, record: ReferenceItem) -> dict[str, Any]:
        return {"name_key": record.name_key}

    def add(self, item: ReferenceItem) -> None:
        """Insert the item."""
        self._insert([item])

    def get(self, item_id: uuid.UUID) -> ReferenceItem:
        """Read the item."""
        return self._get(item_id)

    def update(self, item: ReferenceItem) -> None:
        """Rewrite the item."""
        self._rewrite(item)

    def items(self, kind: ReferenceKind, make_id: uuid.UUID | None) -> list[ReferenceItem]:
        """Read one list through the unique index on ``(kind, name_key)``."""
        table = self._table
        make = table.c.make_id.is_(None) if make_id is None else table.c.make_id == make_id
        statement = (
            select(table)
            .where(table.c.kind == kind.value, make)
            .order_by(table.c.name_key, table.c.id)
        )
        return self._read(statement)


class SqlAssets(CustomerRows, RecordRows[Asset]):
    """Implements :class:`~commtrak.field_service.ports.assets.AssetRepository`."""

    record = Asset
    entity = "asset"

    def __init__(self, db: Db) -> None:
        RecordRows.__init__(self, db, db.tables.field_service.assets.assets)

    def _extra(self, record: Asset) -> dict[str, Any]:
        return {"reference_key": record.reference_key}

    def add(self, asset: Asset) -> None:
        """Insert the asset (the unique index refuses a reference the customer has)."""
        self._insert([asset])

    def get(self, asset_id: uuid.UUID, *, for_update: bool = False) -> Asset:
        """Read the asset, locked with *for_update*."""
        return self._get(asset_id, for_update=for_update)

    def update(self, asset: Asset) -> None:
        """Rewrite the asset."""
        self._rewrite(asset)

    def page(
        self, customer_id: uuid.UUID, where: AssetFilter, after: str | None, limit: int
    ) -> list[Asset]:
        """One query along the ``(customer_id, reference_key)`` index, filtered."""
        table = self._table
        statement = select(table).where(table.c.customer_id == customer_id)
        for name in ("work_address_id", "group_id", "fuel_type_id", "location_id"):
            wanted = getattr(where, name)
            if wanted is not None:
                statement = statement.where(table.c[name] == wanted)
        if after is not None:
            statement = statement.where(table.c.reference_key > after)
        return self._read(statement.order_by(table.c.reference_key).limit(limit))
