"""The tables of assets and their reference data.

How the asset rules are held by the database:

* a technical reference is unique within its customer: a unique index on
  ``(customer_id, reference_key)``, the folded reference, which also orders a
  customer's listing and serves its keyset pages;
* a reference item's name is unique on its list: a unique index on ``(kind,
  name_key)``, where a model's key starts with its make's id;
* an asset names existing reference items, customer and work address: foreign keys.
"""

from __future__ import annotations

from typing import Any

import attrs
from sqlalchemy import Boolean, Column, Date, ForeignKey, Index, MetaData, String, Table, Text

from commtrak.model._text import MAX_TEXT
from commtrak_sqlalchemy._naming import MYSQL_OPTIONS, constraint_name, foreign_key_column
from commtrak_sqlalchemy._types import FoldedKey, Id, UtcDateTime

__all__ = ["AssetTables", "define_asset_tables"]

#: The reference-data columns of an asset.
REFERENCE_COLUMNS = ("group_id", "fuel_type_id", "make_id", "model_id", "location_id")


@attrs.frozen
class AssetTables:
    """The asset tables.

    Attributes:
        reference_items: Appliance groups, fuel types, makes, models, locations.
        assets: The assets and appliances.
    """

    reference_items: Table
    assets: Table

    @property
    def all(self) -> tuple[Table, ...]:
        """The tables, parents before children."""
        return (self.reference_items, self.assets)


def define_asset_tables(
    metadata: MetaData, customers: Table, *, prefix: str, schema: str | None
) -> AssetTables:
    """Define the asset tables on *metadata*, next to the *customers* table."""

    def name(table: str, what: str) -> str:
        return constraint_name(prefix, table, what)

    def refers(table: str, column: str, target: Table | str, **options: Any) -> Column[Any]:
        return foreign_key_column(prefix, table, column, target, **options)

    dotted = f"{schema}." if schema else ""
    items = Table(
        f"{prefix}fs_reference_items",
        metadata,
        Column("id", Id, primary_key=True),
        Column("kind", String(32), nullable=False),
        Column("name", String(MAX_TEXT), nullable=False),
        Column("name_key", FoldedKey, nullable=False),
        Column(
            "make_id",
            Id,
            ForeignKey(
                f"{dotted}{prefix}fs_reference_items.id",
                name=name("fs_reference_items", "make_fk"),
                ondelete="CASCADE",  # never used by the services; lets one DELETE empty it
            ),
            nullable=True,
        ),
        Column("archived", Boolean, nullable=False),
        Index(name("fs_reference_items", "name_uq"), "kind", "name_key", unique=True),
        schema=schema,
        **MYSQL_OPTIONS,
    )
    assets = Table(
        f"{prefix}fs_assets",
        metadata,
        Column("id", Id, primary_key=True),
        refers("fs_assets", "customer_id", customers, nullable=False),
        refers("fs_assets", "work_address_id", f"{dotted}{prefix}work_addresses.id", nullable=True),
        Column("reference", String(MAX_TEXT), nullable=False),
        Column("reference_key", FoldedKey, nullable=False),
        Column("description", String(MAX_TEXT), nullable=False),
        *(refers("fs_assets", column, items, nullable=False) for column in REFERENCE_COLUMNS),
        Column("installed_on", Date, nullable=False),
        Column("serial", String(MAX_TEXT), nullable=True),
        Column("created_at", UtcDateTime, nullable=False),
        Column("created_by", Text, nullable=False),
        Index(name("fs_assets", "reference_uq"), "customer_id", "reference_key", unique=True),
        Index(name("fs_assets", "work_address"), "work_address_id"),
        schema=schema,
        **MYSQL_OPTIONS,
    )
    return AssetTables(items, assets)
