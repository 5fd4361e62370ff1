"""Money: an exact decimal amount in one currency, kept to that currency's minor unit.

Every amount of commtrak's finance context is a :class:`Money`. Its amount is a
:class:`decimal.Decimal` with exactly the currency's decimal places (``12.50`` GBP, not
``12.5``), so that amounts read back from any backend, an export or a sum compare equal.
A float is never accepted: ``0.1 + 0.2`` is not ``0.3`` in binary, and a ledger must
balance to the cent.

The rounding rule is stated once, here: :data:`ROUNDING`, half away from zero (the
commercial rounding of invoices), applied by :meth:`Money.round` wherever an exact
product (a quantity times a unit price, a tax rate times a net amount) becomes an
amount, which is at the level of each invoice line and never of a total.
"""

from __future__ import annotations

import decimal
from collections.abc import Iterable
from typing import Final, Self

import attrs

from commtrak.errors import ValidationError
from commtrak.finance.currencies import Currency

__all__ = ["MAX_AMOUNT", "ROUNDING", "Money", "exact_number"]

#: The rounding rule (half away from zero) by which an exact amount becomes whole minor units.
ROUNDING: Final = decimal.ROUND_HALF_UP

#: Amounts are below this in magnitude (a hundred million million), so that every one
#: fits the SQL backends' ``NUMERIC(19, 4)`` columns with its four possible decimal
#: places, and SQLite's 64-bit integers of ten-thousandths with room for sums of many.
MAX_AMOUNT: Final = decimal.Decimal(10) ** 14

# Every computation runs in this context, never in the caller's thread context, so
# that the result does not depend on what precision the application set.
_CONTEXT: Final = decimal.Context(prec=38, rounding=ROUNDING, traps=[decimal.InvalidOperation])

Number = decimal.Decimal | int | str


def exact_number(field: str, value: object) -> decimal.Decimal:
    """Return *value* as a finite Decimal, refusing floats, booleans and other types."""
    if isinstance(value, bool) or not isinstance(value, decimal.Decimal | int | str):
        kind = type(value).__name__
        rule = "float" if isinstance(value, float) else "type"
        raise ValidationError(field, rule, f"must be a Decimal, an int or text, not {kind}")
    try:
        number = decimal.Decimal(value.strip() if isinstance(value, str) else value)
    except decimal.InvalidOperation:
        raise ValidationError(
            field, "decimal", f"must be a decimal number, not {value!r}"
        ) from None
    if not number.is_finite():
        raise ValidationError(field, "decimal", "must be a finite number")
    return number


@attrs.frozen(order=False)
class Money:
    """An amount of one currency, with exactly the currency's decimal places.

    Make one with :meth:`of` (exact: more decimal places than the currency has are
    refused) or :meth:`round` (rounds by :data:`ROUNDING`). Money adds to and subtracts
    from money of the same currency, negates, and compares with money of the same
    currency; mixing currencies is refused, never converted.

    Attributes:
        amount: The amount, quantized to the currency's minor unit.
        currency: Its currency.
    """

    amount: decimal.Decimal
    currency: Currency

    def __attrs_post_init__(self) -> None:
        # Made directly (by cattrs from an import, say), a value must already be exact.
        if not isinstance(self.currency, Currency):
            raise ValidationError("currency", "type", "must be a commtrak Currency")
        if type(self.amount) is not decimal.Decimal or not self.amount.is_finite():
            raise ValidationError("amount", "type", "must be a finite Decimal")
        if self.amount.as_tuple().exponent != -self.currency.minor_unit:
            raise ValidationError(
                "amount",
                "minor_unit",
                f"{self.currency.code} amounts have exactly {self.currency.minor_unit} "
                f"decimal places, not {self.amount}",
            )
        if abs(self.amount) >= MAX_AMOUNT:
            raise ValidationError("amount", "max_amount", f"must be below {MAX_AMOUNT:,}")
        if self.amount.is_signed() and self.amount.is_zero():
            object.__setattr__(self, "amount", self.amount.copy_abs())

    @classmethod
    def of(cls, amount: Number, currency: Currency, *, field: str = "amount") -> Self:
        """Return exactly *amount* of *currency*.

        Raises:
            ValidationError: *field* ``float`` or ``type`` for a value that is not a
                Decimal, int or text; ``decimal`` for text that is not a finite number;
                ``minor_unit`` if it has more decimal places than the currency;
                ``max_amount`` if its magnitude is not below :data:`MAX_AMOUNT`.
        """
        number = exact_number(field, amount)
        quantized = number.quantize(_quantum(currency), context=_CONTEXT)
        if quantized != number:
            raise ValidationError(
                field,
                "minor_unit",
                f"{currency.code} amounts have {currency.minor_unit} decimal places; "
                f"{number} needs rounding",
            )
        return cls._checked(quantized, currency, field)

    @classmethod
    def round(cls, amount: Number, currency: Currency, *, field: str = "amount") -> Self:
        """Return *amount* rounded to *currency*'s minor unit by :data:`ROUNDING`.

        Raises:
            ValidationError: as :meth:`of`, except ``minor_unit``.
        """
        number = exact_number(field, amount)
        return cls._checked(number.quantize(_quantum(currency), context=_CONTEXT), currency, field)

    @classmethod
    def stored(cls, amount: decimal.Decimal, currency: Currency) -> Self:
        """Return *amount*, an exact Decimal a backend read or summed, in *currency*.

        The fast way for reports that read thousands of amounts: *amount* is rounded
        to the currency's places by :data:`ROUNDING` (a ``NUMERIC(19, 4)`` column has
        more), and only the magnitude is checked, since a stored amount is a finite
        Decimal by construction.

        Raises:
            ValidationError: ``amount``/``max_amount`` for a sum too large.
        """
        exact = amount.quantize(_quantum(currency), context=_CONTEXT)
        if abs(exact) >= MAX_AMOUNT:
            raise ValidationError("amount", "max_amount", f"must be below {MAX_AMOUNT:,}")
        if exact.is_signed() and exact.is_zero():
            exact = exact.copy_abs()
        money = object.__new__(cls)
        object.__setattr__(money, "amount", exact)
        object.__setattr__(money, "currency", currency)
        return money

    @classmethod
    def zero(cls, currency: Currency) -> Self:
        """Return no money of *currency*."""
        return cls(decimal.Decimal(0).quantize(_quantum(currency)), currency)

    @classmethod
    def total(cls, amounts: Iterable[Money], currency: Currency) -> Self:
        """Return the exact sum of *amounts*, all of *currency* (zero when empty).

        Raises:
            ValidationError: ``currency``/``same_currency`` if one is of another
                currency; ``max_amount`` if the sum is too large.
        """
        exact = cls.zero(currency).amount
        for money in amounts:
            if money.currency != currency:
                raise ValidationError(
                    "currency",
                    "same_currency",
                    f"cannot add {money.currency.code} to a {currency.code} total",
                )
            exact = _CONTEXT.add(exact, money.amount)
        return cls._checked(exact, currency, "amount")

    @classmethod
    def _checked(cls, amount: decimal.Decimal, currency: Currency, field: str) -> Self:
        if abs(amount) >= MAX_AMOUNT:
            raise ValidationError(field, "max_amount", f"must be below {MAX_AMOUNT:,} in magnitude")
        return cls(amount, currency)

    def _same(self, other: object) -> Money:
        if not isinstance(other, Money):
            raise TypeError(f"money combines with money, not {type(other).__name__}")
        if other.currency != self.currency:
            raise ValidationError(
                "currency",
                "same_currency",
                f"cannot combine {self.currency.code} with {other.currency.code}",
            )
        return other

    def __add__(self, other: Money) -> Money:
        return self._checked(
            _CONTEXT.add(self.amount, self._same(other).amount), self.currency, "amount"
        )

    def __sub__(self, other: Money) -> Money:
        return self._checked(
            _CONTEXT.subtract(self.amount, self._same(other).amount), self.currency, "amount"
        )

    def __neg__(self) -> Money:
        return self._checked(-self.amount, self.currency, "amount")

    def __lt__(self, other: Money) -> bool:
        return self.amount < self._same(other).amount

    def __le__(self, other: Money) -> bool:
        return self.amount <= self._same(other).amount

    def __gt__(self, other: Money) -> bool:
        return self.amount > self._same(other).amount

    def __ge__(self, other: Money) -> bool:
        return self.amount >= self._same(other).amount

    def times(self, factor: Number, *, field: str = "quantity") -> Money:
        """Return this amount times *factor*, rounded once by :data:`ROUNDING`.

        This is how a line's net amount (unit price times quantity) and its tax (net
        times rate) are made: the exact product, rounded at the line.

        Raises:
            ValidationError: *field* ``float``, ``type`` or ``decimal`` for a factor
                that is not an exact number; ``max_amount`` for a product too large.
        """
        product = _CONTEXT.multiply(self.amount, exact_number(field, factor))
        return self.round(product, self.currency)

    @property
    def is_zero(self) -> bool:
        """Whether this is no money."""
        return not self.amount

    def __str__(self) -> str:
        return f"{self.amount} {self.currency.code}"


def _quantum(currency: Currency) -> decimal.Decimal:
    found = _QUANTA.get(currency.minor_unit)
    return decimal.Decimal(1).scaleb(-currency.minor_unit) if found is None else found


#: The quantum of each number of decimal places a currency may have (0 to 4).
_QUANTA: Final = {places: decimal.Decimal(1).scaleb(-places) for places in range(5)}
