"""Custom fields: typed values on contacts, customers and assets, archived or erased.

The seed moved the contact's birth date into a custom field "enabling each customer to
archive or delete this information as required": a definition says what a field holds;
its values are kept apart from the contact or customer, so that erasing them removes
them from the store (and so from every export) and never touches a journal.
"""

from __future__ import annotations

import datetime
import decimal
import enum
import uuid

import attrs

from commtrak.errors import ValidationError
from commtrak.model._text import MAX_NOTE, clean_text

__all__ = [
    "CustomFieldDefinition",
    "CustomFieldKind",
    "CustomFieldOwner",
    "CustomValue",
    "parse_custom_value",
]


class CustomFieldKind(enum.StrEnum):
    """What a custom field holds."""

    TEXT = "text"
    DATE = "date"
    NUMBER = "number"
    CHOICE = "choice"


class CustomFieldOwner(enum.StrEnum):
    """The core's kinds of custom-field owner.

    A context adds kinds of its own (the service context's ``"asset"``) through
    :mod:`commtrak.services.custom_field_owners`, so a definition's owner is a kind's name: one
    of these members for the core's kinds, a plain string for the others.
    """

    CONTACT = "contact"
    CUSTOMER = "customer"


def _owner_name(value: str) -> str:
    """A core kind's name as its :class:`CustomFieldOwner` member; any other unchanged."""
    return CustomFieldOwner(value) if value in CustomFieldOwner.__members__.values() else value


@attrs.frozen
class CustomFieldDefinition:
    """A custom field the store defines.

    Attributes:
        id: Made by the library.
        name: Unique among the definitions for the same owner kind, case-insensitively.
        kind: Text, date, number or choice.
        owner: The owner kind's name: a :class:`CustomFieldOwner` (contacts or
            customers) or a kind a context adds, such as ``"asset"``.
        choices: The allowed values of a choice field, in display order.
        archived: An archived definition takes no new values; its values are kept.
    """

    id: uuid.UUID
    name: str
    kind: CustomFieldKind
    owner: str = attrs.field(converter=_owner_name)
    choices: tuple[str, ...] = ()
    archived: bool = False


#: The Python type of a value: ``str`` for text and choice, ``datetime.date`` for dates,
#: ``decimal.Decimal`` for numbers (exact, so a value survives every backend unchanged).
Value = str | datetime.date | decimal.Decimal


@attrs.frozen
class CustomValue:
    """One custom field's value for one owner (a contact, a customer, an asset...).

    Attributes:
        field_id: The definition.
        owner_id: The owner, of the definition's owner kind.
        value: The value, typed by the definition's kind.
        archived: An archived value is hidden from normal reads but kept.
    """

    field_id: uuid.UUID
    owner_id: uuid.UUID
    value: Value
    archived: bool = False


def parse_custom_value(definition: CustomFieldDefinition, value: object) -> Value:
    """Check *value* against the definition and return it typed.

    Dates may be given as ``datetime.date`` or ISO text; numbers as ``int``,
    ``Decimal`` or decimal text (floats are refused: they are not exact).

    Raises:
        ValidationError: on field ``custom.<name>`` with the rule ``custom_text``,
            ``custom_date``, ``custom_number`` or ``custom_choice``.
    """
    field = f"custom.{definition.name}"
    if definition.kind is CustomFieldKind.DATE:
        if isinstance(value, datetime.datetime):
            raise ValidationError(field, "custom_date", "must be a date, not a date and time")
        if isinstance(value, datetime.date):
            return value
        try:
            return datetime.date.fromisoformat(str(value))
        except ValueError:
            raise ValidationError(field, "custom_date", f"{value!r} is not a date") from None
    if definition.kind is CustomFieldKind.NUMBER:
        if isinstance(value, (bool, float)):
            raise ValidationError(field, "custom_number", "must be an exact number, not float")
        try:
            number = decimal.Decimal(str(value).strip())
        except decimal.InvalidOperation:
            raise ValidationError(field, "custom_number", f"{value!r} is not a number") from None
        if not number.is_finite():
            raise ValidationError(field, "custom_number", "must be a finite number")
        return number
    text = clean_text(field, value, max_length=MAX_NOTE)
    if definition.kind is CustomFieldKind.CHOICE and text not in definition.choices:
        raise ValidationError(
            field, "custom_choice", f"{text!r} is not one of {', '.join(definition.choices)}"
        )
    if not text:
        raise ValidationError(field, "custom_text", "must not be blank (erase the value instead)")
    return text
