"""Custom fields: seed 001's erasable birth date, seed 004's custom columns on assets."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

import attrs

from commtrak.errors import Conflict, ValidationError
from commtrak.model._text import fold, required_text
from commtrak.model.custom_fields import (
    CustomFieldDefinition,
    CustomFieldKind,
    CustomFieldOwner,
    CustomValue,
    Value,
    parse_custom_value,
)
from commtrak.model.ids import new_id
from commtrak.ports import CustomFieldRepository
from commtrak.services._base import Service, atomic
from commtrak.services.custom_field_owners import owner_kind

__all__ = ["CustomFieldService"]


def _kind(value: object) -> CustomFieldKind:
    try:
        return CustomFieldKind(str(value))
    except ValueError:
        known = ", ".join(CustomFieldKind)
        raise ValidationError("kind", "kind", f"must be one of {known}") from None


class CustomFieldService(Service):
    """Defines custom fields and keeps their values on contacts, customers and assets.

    The kinds of owner are those of :func:`commtrak.services.custom_field_owners.owner_kinds`:
    contacts and customers, and the kinds the contexts add (``"asset"``, from the
    service context).

    A value can be *archived* (hidden from normal reads, kept) or *erased* (deleted
    from the store for good, so it is in no later export), for one contact or customer
    or for all of them at once. Merges never copy a custom value, so no journal holds
    one: a customer merge *moves* the merged customer's values of the fields the
    survivor has none of, and journals only how many
    (:func:`~commtrak.model.customer_merge.custom_values_taken`).
    """

    @property
    def _fields(self) -> CustomFieldRepository:
        return self._session.transaction.custom_fields

    @atomic
    def define(
        self,
        name: str,
        kind: CustomFieldKind | str,
        owner: str = CustomFieldOwner.CONTACT,
        *,
        choices: Iterable[str] = (),
    ) -> CustomFieldDefinition:
        """Define a custom field for one kind of owner: contacts, customers, assets...

        Raises:
            ValidationError: ``name``/``required``, ``kind``/``kind``, ``owner``/``owner``,
                ``choices``/``required`` (a choice field needs choices; others take none).
            Conflict: ``name``/``unique_custom_field`` when the owner kind has that name.
        """
        name = required_text("name", name)
        checked_kind = _kind(kind)
        checked_owner = owner_kind(owner).name
        options = tuple(dict.fromkeys(required_text("choices", c) for c in choices))
        if (checked_kind is CustomFieldKind.CHOICE) != bool(options):
            raise ValidationError(
                "choices", "required", "a choice field needs choices, and only a choice field"
            )
        for existing in self._fields.definitions(checked_owner):
            if fold(existing.name) == fold(name):
                raise Conflict("name", "unique_custom_field", f"a custom field {name!r} exists")
        definition = CustomFieldDefinition(
            id=new_id(), name=name, kind=checked_kind, owner=checked_owner, choices=options
        )
        self._fields.add_definition(definition)
        return definition

    def definitions(
        self, owner: str, *, include_archived: bool = False
    ) -> list[CustomFieldDefinition]:
        """Return the definitions for one kind of owner, by name.

        Raises:
            ValidationError: ``owner``/``owner`` for a kind no context provides.
        """
        checked = owner_kind(owner).name
        return [d for d in self._fields.definitions(checked) if include_archived or not d.archived]

    @atomic
    def archive_definition(self, field_id: uuid.UUID) -> CustomFieldDefinition:
        """Stop taking new values for a field; its values are kept.

        Raises:
            NotFound: ``custom_field``.
        """
        definition = attrs.evolve(self._fields.definition(field_id), archived=True)
        self._fields.update_definition(definition)
        return definition

    @atomic
    def set_value(self, owner_id: uuid.UUID, field_id: uuid.UUID, value: object) -> CustomValue:
        """Give an owner (a contact, customer, asset...) a value for a field, replacing its last.

        Raises:
            NotFound: ``custom_field``, or the owner (``contact``, ``customer``, ``asset``).
            Conflict: ``customer_id``/``merged_customer`` for a customer merged into
                another.
            ValidationError: ``custom.<name>`` with the kind's rule;
                ``field_id``/``archived_custom_field`` for an archived definition.
        """
        definition = self._fields.definition(field_id)
        if definition.archived:
            raise ValidationError(
                "field_id", "archived_custom_field", f"{definition.name!r} is archived"
            )
        # The owner's row stays locked until the session ends, so a customer merge
        # (which locks both customers) reads this value after it is committed.
        owner_kind(definition.owner).check(self._session, owner_id, lock=True)
        stored = CustomValue(
            field_id=definition.id, owner_id=owner_id, value=parse_custom_value(definition, value)
        )
        self._fields.put_value(stored)
        return stored

    def values(self, owner_id: uuid.UUID, *, include_archived: bool = False) -> dict[str, Value]:
        """Return an owner's custom values by field name."""
        found = {}
        for value in self._fields.values(owner_id):
            if include_archived or not value.archived:
                found[self._fields.definition(value.field_id).name] = value.value
        return dict(sorted(found.items(), key=lambda item: fold(item[0])))

    @atomic
    def archive_values(self, field_id: uuid.UUID, owner_id: uuid.UUID | None = None) -> int:
        """Archive a field's value for one owner, or for every owner when none is given.

        Returns:
            How many values were archived.

        Raises:
            NotFound: ``custom_field``.
        """
        return self._fields.archive_values(self._fields.definition(field_id).id, owner_id)

    @atomic
    def erase_values(self, field_id: uuid.UUID, owner_id: uuid.UUID | None = None) -> int:
        """Erase a field's value for one owner, or for every owner: it cannot be undone.

        The values are deleted from the store; nothing keeps a copy.

        Returns:
            How many values were erased.

        Raises:
            NotFound: ``custom_field``.
        """
        return self._fields.erase_values(self._fields.definition(field_id).id, owner_id)
