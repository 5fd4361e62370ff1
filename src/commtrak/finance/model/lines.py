"""A line of an invoice or a credit note, and its amounts, rounded at the line.

A line's net amount is its unit price times its quantity and its tax is the net times
the tax rate, each rounded once by :data:`~commtrak.finance.ROUNDING` (through
:meth:`Money.times <commtrak.finance.Money.times>`); a document's totals are the exact
sums of its lines' amounts, never rounded again.
"""

from __future__ import annotations

import decimal
import enum
import uuid

import attrs

from commtrak.errors import ValidationError
from commtrak.finance.currencies import Currency
from commtrak.finance.model._checks import check_decimal
from commtrak.finance.model.card_numbers import refuse_card_numbers
from commtrak.finance.money import Money, Number
from commtrak.model._text import required_text

__all__ = ["LINE_PLACES", "Line", "LineCategory", "line", "lines_total"]

#: The decimal places of a quantity and of a tax rate (``0.175`` is 17.5 %).
LINE_PLACES = 4

_ZERO = decimal.Decimal(0)
_ONE = decimal.Decimal(1)


class LineCategory(enum.StrEnum):
    """What a line charges for; a breakdown by category groups lines by it."""

    LABOUR = "labour"
    PARTS = "parts"
    OTHER = "other"


@attrs.frozen
class Line:
    """One line of an invoice or a credit note.

    Make one with :func:`line`, which checks every field.

    Attributes:
        description: What is charged for.
        quantity: How many, above zero, with at most four decimal places.
        unit_price: The price of one, at least zero, in the document's currency.
        tax_rate: The tax as a fraction of the net amount, from 0 to 1 (``0.20``).
        category: Labour, parts or other.
        job_id: The job it bills, on a consolidated invoice (and on a job's own lines).
    """

    description: str
    quantity: decimal.Decimal
    unit_price: Money
    tax_rate: decimal.Decimal
    category: LineCategory = LineCategory.OTHER
    job_id: uuid.UUID | None = None

    def __attrs_post_init__(self) -> None:
        refuse_card_numbers(self, "description")

    @property
    def net(self) -> Money:
        """The unit price times the quantity, rounded at the line."""
        return self.unit_price.times(self.quantity)

    @property
    def tax(self) -> Money:
        """The net amount times the tax rate, rounded at the line."""
        return self.net.times(self.tax_rate, field="tax_rate")

    @property
    def total(self) -> Money:
        """Net plus tax."""
        return self.net + self.tax


def line(
    description: str,
    *,
    quantity: Number,
    unit_price: Money,
    tax_rate: Number = 0,
    category: LineCategory | str = LineCategory.OTHER,
) -> Line:
    """Return a checked :class:`Line`.

    Raises:
        ValidationError: ``description``/``required`` (or another text rule);
            ``quantity``/``minimum`` for a quantity not above zero,
            ``quantity``/``decimal_places``; ``unit_price``/``type`` if it is not
            :class:`~commtrak.finance.Money`, ``unit_price``/``minimum`` below zero;
            ``tax_rate``/``minimum``, ``tax_rate``/``maximum`` outside 0 to 1,
            ``tax_rate``/``decimal_places``; ``category``/``line_category``;
            ``description``/``card_number`` for a description holding a card number.
    """
    exact_quantity = check_decimal("quantity", quantity, places=LINE_PLACES, minimum=_ZERO)
    if exact_quantity == 0:
        raise ValidationError("quantity", "minimum", "must be above zero")
    if not isinstance(unit_price, Money):
        raise ValidationError("unit_price", "type", "must be commtrak.finance.Money")
    if unit_price.amount < 0:
        raise ValidationError("unit_price", "minimum", "must be at least zero")
    rate = check_decimal("tax_rate", tax_rate, places=LINE_PLACES, minimum=_ZERO)
    if rate > _ONE:
        raise ValidationError("tax_rate", "maximum", f"must be at most 1 (100 %), not {rate}")
    try:
        kind = LineCategory(str(category))
    except ValueError:
        known = ", ".join(member.value for member in LineCategory)
        raise ValidationError(
            "category", "line_category", f"must be one of {known}, not {category!r}"
        ) from None
    made = Line(required_text("description", description), exact_quantity, unit_price, rate, kind)
    made.total  # noqa: B018 -- a product too large to store is refused here, not later
    return made


def lines_total(lines: tuple[Line, ...], currency: Currency) -> Money:
    """The exact sum of the lines' totals (zero for no lines)."""
    return Money.total((item.total for item in lines), currency)
