"""The finance context's input checks: exact decimals, dates, and amounts read back.

Each check names the field and the rule it refuses, like the core's text rules.
"""

from __future__ import annotations

import datetime
import decimal
import functools

from commtrak.errors import ValidationError
from commtrak.finance.currencies import Currency, currency
from commtrak.finance.money import MAX_AMOUNT, Money, exact_number

__all__ = ["check_date", "check_decimal", "check_iso_currency", "stored_money"]


def check_decimal(
    field: str, value: object, *, places: int, minimum: decimal.Decimal
) -> decimal.Decimal:
    """Return *value* as an exact Decimal of at most *places* decimal places, at least *minimum*.

    Raises:
        ValidationError: ``{field}``/``float``, ``type`` or ``decimal`` for a value that
            is not an exact number; ``decimal_places`` for more than *places* places;
            ``minimum`` below *minimum*; ``max_amount`` when not below
            :data:`~commtrak.finance.MAX_AMOUNT`.
    """
    number = exact_number(field, value)
    quantum = decimal.Decimal(1).scaleb(-places)
    if abs(number) >= MAX_AMOUNT:
        raise ValidationError(field, "max_amount", f"must be below {MAX_AMOUNT:,}")
    if number != number.quantize(quantum, rounding=decimal.ROUND_DOWN):
        raise ValidationError(field, "decimal_places", f"must have at most {places} decimal places")
    if number < minimum:
        raise ValidationError(field, "minimum", f"must be at least {minimum}, not {number}")
    return number.quantize(quantum)


def check_date(field: str, value: object) -> datetime.date:
    """Return *value*, a :class:`datetime.date` (not a datetime).

    Raises:
        ValidationError: ``{field}``/``type`` for anything else.
    """
    if not isinstance(value, datetime.date) or isinstance(value, datetime.datetime):
        raise ValidationError(field, "type", "must be a datetime.date")
    return value


def check_iso_currency(value: object) -> Currency:
    """Return *value*, a :class:`Currency` on ISO 4217's list, which every backend stores by code.

    Raises:
        ValidationError: ``currency``/``type`` if it is not a Currency,
            ``currency``/``iso_4217`` if it is not one of ISO 4217's list.
    """
    if not isinstance(value, Currency):
        raise ValidationError("currency", "type", "must be a commtrak Currency")
    try:
        known = currency(value.code)
    except ValidationError:
        known = None
    if known != value:
        raise ValidationError(
            "currency", "iso_4217", f"finance documents are in ISO 4217 currencies, not {value}"
        )
    return value


def stored_money(amount: decimal.Decimal | int, code: str) -> Money:
    """Return the money a backend read back: *amount* (any scale) in the currency *code*.

    A ``NUMERIC(19, 4)`` column and its sums come back with four places, a memory sum
    with the currency's; both become the same :class:`Money`.
    """
    exact = amount if type(amount) is decimal.Decimal else decimal.Decimal(amount)
    return Money.stored(exact, _currency(code))


@functools.lru_cache(maxsize=256)
def _currency(code: str) -> Currency:
    """The currency of a stored code (looked up once per code: reports read many)."""
    return currency(code)
