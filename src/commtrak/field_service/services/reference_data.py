"""The assets' reference data: seed 004's prerequisites of an appliance."""

from __future__ import annotations

import uuid

import attrs

from commtrak.errors import Conflict, ValidationError
from commtrak.field_service.model.assets import ReferenceItem, ReferenceKind
from commtrak.field_service.services._base import FieldServiceBase
from commtrak.model._text import required_text
from commtrak.model.ids import new_id
from commtrak.services._base import atomic

__all__ = ["ReferenceDataService", "check_reference_item"]


def _kind(value: object) -> ReferenceKind:
    try:
        return ReferenceKind(str(value))
    except ValueError:
        known = ", ".join(ReferenceKind)
        raise ValidationError("kind", "kind", f"must be one of {known}") from None


def check_reference_item(item: ReferenceItem, make_kind: ReferenceKind | None) -> ReferenceItem:
    """Return *item* with its name trimmed, or refuse it.

    Args:
        item: The item as given.
        make_kind: The kind of the item its ``make_id`` names (``None``: no such item).

    Raises:
        ValidationError: ``name``/``required``; ``make_id``/``required`` for a model
            without a make, ``make_id``/``models_only`` for another kind with one,
            ``make_id``/``reference_kind`` when it names no make.
    """
    name = required_text("name", item.name)
    kind = _kind(item.kind)
    if kind is ReferenceKind.MODEL and item.make_id is None:
        raise ValidationError("make_id", "required", "a model belongs to a make")
    if kind is not ReferenceKind.MODEL and item.make_id is not None:
        raise ValidationError("make_id", "models_only", "only a model belongs to a make")
    if item.make_id is not None and make_kind is not ReferenceKind.MAKE:
        raise ValidationError("make_id", "reference_kind", f"{item.make_id} is not a make")
    return attrs.evolve(item, name=name, kind=kind)


class ReferenceDataService(FieldServiceBase):
    """Keeps the lists assets name by id: groups, fuel types, makes, models, locations.

    Names are unique on their list compared case-insensitively (a model's among its
    make's models), by the service and by the database. Items are archived, never
    deleted: assets keep naming them.
    """

    @atomic
    def add(
        self, kind: ReferenceKind | str, name: str, *, make_id: uuid.UUID | None = None
    ) -> ReferenceItem:
        """Add an item to a list (a model: to its make's).

        Raises:
            ValidationError: ``kind``/``kind`` and as :func:`check_reference_item`.
            NotFound: ``reference_item`` for an unknown make.
            Conflict: ``name``/``unique_reference_item`` when the list has the name.
        """
        item = ReferenceItem(id=new_id(), kind=_kind(kind), name=name, make_id=make_id)
        return self._store(item, add=True)

    @atomic
    def rename(self, item_id: uuid.UUID, name: str) -> ReferenceItem:
        """Rename an item; assets naming it show the new name.

        Raises:
            NotFound: ``reference_item``.
            ValidationError: ``name``/``required``.
            Conflict: ``name``/``unique_reference_item``.
        """
        item = self._storage.reference_items.get(item_id)
        return self._store(attrs.evolve(item, name=name), add=False)

    @atomic
    def archive(self, item_id: uuid.UUID) -> ReferenceItem:
        """Offer the item for no new asset; assets naming it keep it.

        Raises:
            NotFound: ``reference_item``.
        """
        item = attrs.evolve(self._storage.reference_items.get(item_id), archived=True)
        self._storage.reference_items.update(item)
        return item

    def get(self, item_id: uuid.UUID) -> ReferenceItem:
        """Return an item.

        Raises:
            NotFound: ``reference_item``.
        """
        return self._storage.reference_items.get(item_id)

    def items(
        self,
        kind: ReferenceKind | str,
        *,
        make_id: uuid.UUID | None = None,
        include_archived: bool = False,
    ) -> list[ReferenceItem]:
        """Return one list by name (the models of *make_id* for ``model``)."""
        found = self._storage.reference_items.items(_kind(kind), make_id)
        return [item for item in found if include_archived or not item.archived]

    def _store(self, item: ReferenceItem, *, add: bool) -> ReferenceItem:
        repository = self._storage.reference_items
        make = repository.get(item.make_id) if item.make_id is not None else None
        checked = check_reference_item(item, make.kind if make else None)
        for other in repository.items(checked.kind, checked.make_id):
            if other.name_key == checked.name_key and other.id != checked.id:
                raise Conflict(
                    "name", "unique_reference_item", f"the list has {checked.name!r} already"
                )
        (repository.add if add else repository.update)(checked)
        return checked
