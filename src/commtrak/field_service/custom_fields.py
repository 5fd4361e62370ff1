"""Assets as custom-field owners: the seed's custom columns on assets and appliances.

:data:`CUSTOM_FIELD_OWNERS` is named by the ``commtrak.custom_field_owners`` entry point
``field_service`` (see :mod:`commtrak.services.custom_field_owners`), so every store lets
``s.custom_fields.define(name, kind, "asset")`` define a column for assets, and
``s.custom_fields.set_value(asset.id, field.id, value)`` fill it in. An asset's values
stay with it when a customer merge moves it (they are keyed by the asset's id), go
into every export, and are erased when its customer is deleted.
"""

from __future__ import annotations

import uuid
from typing import Final

import attrs

from commtrak.field_service.model.assets import AssetFilter
from commtrak.field_service.ports.storage import field_service_storage
from commtrak.field_service.services.assets import MAX_ASSET_PAGE
from commtrak.model._text import fold
from commtrak.ports import Transaction
from commtrak.services.custom_field_owners import CustomFieldOwnerKind
from commtrak.unit_of_work import UnitOfWork

__all__ = ["ASSET_OWNER", "CUSTOM_FIELD_OWNERS", "AssetOwners"]


@attrs.frozen
class AssetOwners:
    """Assets and appliances as owners of custom values (owner kind ``"asset"``)."""

    name: str = "asset"

    def check(self, session: UnitOfWork, owner_id: uuid.UUID, *, lock: bool) -> None:
        """Refuse an id that names no asset.

        Raises:
            NotFound: ``asset``.
        """
        field_service_storage(session.transaction).assets.get(owner_id, for_update=lock)

    def owners_of(self, transaction: Transaction, customer_id: uuid.UUID) -> list[uuid.UUID]:
        """The ids of the customer's assets, read a page at a time."""
        assets = field_service_storage(transaction).assets
        found: list[uuid.UUID] = []
        after: str | None = None
        while page := assets.page(customer_id, AssetFilter(), after, MAX_ASSET_PAGE):
            found += (asset.id for asset in page)
            after = fold(page[-1].reference)
        return found


#: The asset owner kind.
ASSET_OWNER: Final = AssetOwners()

#: The owner kinds the service context adds.
CUSTOM_FIELD_OWNERS: Final[tuple[CustomFieldOwnerKind, ...]] = (ASSET_OWNER,)
