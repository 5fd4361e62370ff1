"""Assets and appliances on a customer or one of its work addresses (seeds 002, 004)."""

from __future__ import annotations

import datetime
import uuid
from typing import Any, Final

import attrs

from commtrak.errors import NotFound, ValidationError
from commtrak.field_service.model.assets import (
    ASSET_PAGE,
    Asset,
    AssetFilter,
    ReferenceKind,
)
from commtrak.field_service.ports.storage import FieldServiceStorage, field_service_storage
from commtrak.field_service.services._base import FieldServiceBase
from commtrak.model._text import clean_text, fold, required_text
from commtrak.model.ids import new_id
from commtrak.services._base import atomic
from commtrak.services._record import live_customer
from commtrak.services._unset import UNSET, Unset
from commtrak.unit_of_work import UnitOfWork

__all__ = ["MAX_ASSET_PAGE", "AssetService", "check_asset"]

#: The largest page of assets one listing returns.
MAX_ASSET_PAGE: Final = 1000

#: Each reference-data field of an asset and the list it names an item of.
_REFERENCES: Final = {
    "group_id": ReferenceKind.APPLIANCE_GROUP,
    "fuel_type_id": ReferenceKind.FUEL_TYPE,
    "make_id": ReferenceKind.MAKE,
    "model_id": ReferenceKind.MODEL,
    "location_id": ReferenceKind.LOCATION,
}


def _references(storage: FieldServiceStorage, asset: Asset, *, fresh: frozenset[str]) -> None:
    """Refuse an asset naming an item of the wrong list, archived or of another make.

    Only the fields in *fresh* (being set now) may not name an archived item.
    """
    for field, kind in _REFERENCES.items():
        item_id = getattr(asset, field)
        try:
            item = storage.reference_items.get(item_id)
        except NotFound:
            item = None
        if item is None or item.kind is not kind:
            raise ValidationError(field, "reference_kind", f"{item_id} is no {kind.value}")
        if item.archived and field in fresh:
            raise ValidationError(field, "archived_reference_item", f"{item.name!r} is archived")
        if field == "model_id" and item.make_id != asset.make_id:
            raise ValidationError("model_id", "model_of_make", f"{item.name!r} is another make's")


def check_asset(session: UnitOfWork, asset: Asset, *, fresh: frozenset[str] = frozenset()) -> Asset:
    """Return *asset* with its texts cleaned, or refuse it by the asset rules.

    The technical reference's uniqueness is the storage's to enforce (a unique index),
    so that two sessions adding the same reference cannot both succeed.

    Args:
        session: The session whose store holds the customer and reference data.
        asset: The asset as given.
        fresh: The reference fields being set now, which may not name archived items.

    Raises:
        NotFound: ``customer``.
        Conflict: ``customer_id``/``merged_customer``.
        ValidationError: ``reference``/``required``, ``description``/``required``,
            ``work_address_id``/``same_customer``, ``installed_on``/``type``,
            ``<field>``/``reference_kind``, ``<field>``/``archived_reference_item``,
            ``model_id``/``model_of_make``.
    """
    live_customer(session, asset.customer_id)
    if asset.work_address_id is not None:
        try:
            place = session.transaction.work_addresses.get(asset.work_address_id)
        except NotFound:
            place = None
        if place is None or place.customer_id != asset.customer_id:
            raise ValidationError(
                "work_address_id", "same_customer", "the work address is not the customer's"
            )
    installed = asset.installed_on
    if not isinstance(installed, datetime.date) or isinstance(installed, datetime.datetime):
        raise ValidationError("installed_on", "type", "must be a date")
    _references(field_service_storage(session.transaction), asset, fresh=fresh)
    serial = clean_text("serial", asset.serial or "")
    return attrs.evolve(
        asset,
        reference=required_text("reference", asset.reference),
        description=required_text("description", asset.description),
        serial=serial or None,
    )


class AssetService(FieldServiceBase):
    """Adds, edits and lists a customer's assets and appliances.

    Rules: the technical reference is required, editable, and unique within the
    customer compared case-insensitively (by the database too, so a race is refused,
    not doubled); a work address must be the customer's; each reference field names an
    item of its own list, not archived when set; the model is one of the make's.
    Assets move with their customer on a customer merge
    (:data:`commtrak.field_service.CUSTOMER_REFERENCES`).
    """

    @atomic
    def add(
        self,
        customer_id: uuid.UUID,
        *,
        reference: str,
        description: str,
        group_id: uuid.UUID,
        fuel_type_id: uuid.UUID,
        make_id: uuid.UUID,
        model_id: uuid.UUID,
        location_id: uuid.UUID,
        installed_on: datetime.date,
        serial: str | None = None,
        work_address_id: uuid.UUID | None = None,
    ) -> Asset:
        """Add an asset to a customer, or to one of its work addresses.

        Raises:
            NotFound, Conflict, ValidationError: as :func:`check_asset`;
            Conflict: ``reference``/``unique_asset_reference`` when the customer has an
                asset with that technical reference.
        """
        asset = Asset(
            id=new_id(),
            customer_id=customer_id,
            work_address_id=work_address_id,
            reference=reference,
            description=description,
            group_id=group_id,
            fuel_type_id=fuel_type_id,
            make_id=make_id,
            model_id=model_id,
            location_id=location_id,
            installed_on=installed_on,
            serial=serial,
            created_at=self._session.now(),
            created_by=self._session.actor.name,
        )
        checked = check_asset(self._session, asset, fresh=frozenset(_REFERENCES))
        self._storage.assets.add(checked)
        return checked

    @atomic
    def update(
        self,
        asset_id: uuid.UUID,
        *,
        reference: str | Unset = UNSET,
        description: str | Unset = UNSET,
        group_id: uuid.UUID | Unset = UNSET,
        fuel_type_id: uuid.UUID | Unset = UNSET,
        make_id: uuid.UUID | Unset = UNSET,
        model_id: uuid.UUID | Unset = UNSET,
        location_id: uuid.UUID | Unset = UNSET,
        installed_on: datetime.date | Unset = UNSET,
        serial: str | Unset | None = UNSET,
        work_address_id: uuid.UUID | Unset | None = UNSET,
    ) -> Asset:
        """Change an asset's fields (those given); the technical reference too.

        Raises:
            NotFound: ``asset``; the rest as :meth:`add`.
        """
        given = {
            "reference": reference,
            "description": description,
            "group_id": group_id,
            "fuel_type_id": fuel_type_id,
            "make_id": make_id,
            "model_id": model_id,
            "location_id": location_id,
            "installed_on": installed_on,
            "serial": serial,
            "work_address_id": work_address_id,
        }
        changes: dict[str, Any] = {n: v for n, v in given.items() if v is not UNSET}
        asset = self._storage.assets.get(asset_id, for_update=True)
        changed = attrs.evolve(asset, **changes)
        fresh = frozenset(
            field for field in _REFERENCES if getattr(changed, field) != getattr(asset, field)
        )
        checked = check_asset(self._session, changed, fresh=fresh)
        self._storage.assets.update(checked)
        return checked

    def get(self, asset_id: uuid.UUID) -> Asset:
        """Return an asset.

        Raises:
            NotFound: ``asset``.
        """
        return self._storage.assets.get(asset_id)

    def list(
        self,
        customer_id: uuid.UUID,
        *,
        work_address_id: uuid.UUID | None = None,
        group_id: uuid.UUID | None = None,
        fuel_type_id: uuid.UUID | None = None,
        location_id: uuid.UUID | None = None,
        after: str | None = None,
        limit: int = ASSET_PAGE,
    ) -> list[Asset]:
        """Return one page of the customer's assets, filtered, by technical reference.

        Pass the last asset's ``reference`` as *after* for the next page (keyset
        paging: one indexed query however deep the page).

        Raises:
            ValidationError: ``limit``/``page_size`` outside 1 to
                :data:`MAX_ASSET_PAGE`.
        """
        if type(limit) is not int or not 1 <= limit <= MAX_ASSET_PAGE:
            raise ValidationError(
                "limit", "page_size", f"a page holds 1 to {MAX_ASSET_PAGE} assets"
            )
        where = AssetFilter(
            work_address_id=work_address_id,
            group_id=group_id,
            fuel_type_id=fuel_type_id,
            location_id=location_id,
        )
        cursor = None if after is None else fold(after)
        return self._storage.assets.page(customer_id, where, cursor, limit)
