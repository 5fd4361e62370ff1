"""Stored cards, by token only (seed 004, "Stored cards").

A card is given to commtrak once, to be tokenized by the host's card vault
(:class:`~commtrak.finance.ports.CardVault`); commtrak keeps the vault's token, the
card's brand, its last four digits, its expiry and the name and billing address on it.
It never keeps the card number nor the CVC: the record has no place for them, and text
that looks like a card number in any of its fields is refused
(:mod:`commtrak.finance.model.card_numbers`), so not even a mistaken caller can store
one. A removed card is kept, marked with who removed it and when, so the journal's
record of it stays readable.
"""

from __future__ import annotations

import calendar
import datetime
import enum
import uuid

import attrs

from commtrak.errors import ValidationError
from commtrak.finance.model.card_numbers import refuse_card_numbers
from commtrak.model.customers import Address

__all__ = ["CardBrand", "CardExpiry", "StoredCard", "card_brand", "card_expiry"]

#: The fields of a stored card that hold text, each refused if it looks like a card number.
CARD_TEXT_FIELDS = (
    "token",
    "last_four",
    "name_on_card",
    *(f"billing_address.{name}" for name in attrs.fields_dict(Address)),
)


class CardBrand(enum.StrEnum):
    """The card scheme, told from the number's first digits (its IIN range)."""

    VISA = "visa"
    MASTERCARD = "mastercard"
    AMEX = "amex"
    DISCOVER = "discover"
    DINERS = "diners"
    JCB = "jcb"
    UNIONPAY = "unionpay"
    MAESTRO = "maestro"
    OTHER = "other"


#: (lowest prefix, highest prefix, brand), longest prefixes first; the first match wins.
_RANGES: tuple[tuple[int, int, CardBrand], ...] = (
    (222100, 272099, CardBrand.MASTERCARD),
    (622126, 622925, CardBrand.DISCOVER),
    (3528, 3589, CardBrand.JCB),
    (6011, 6011, CardBrand.DISCOVER),
    (300, 305, CardBrand.DINERS),
    (644, 649, CardBrand.DISCOVER),
    (34, 34, CardBrand.AMEX),
    (37, 37, CardBrand.AMEX),
    (36, 36, CardBrand.DINERS),
    (38, 39, CardBrand.DINERS),
    (51, 55, CardBrand.MASTERCARD),
    (65, 65, CardBrand.DISCOVER),
    (62, 62, CardBrand.UNIONPAY),
    (50, 50, CardBrand.MAESTRO),
    (56, 69, CardBrand.MAESTRO),
    (4, 4, CardBrand.VISA),
)


def card_brand(digits: str) -> CardBrand:
    """Return the brand of the card number *digits* (ASCII digits only)."""
    for low, high, brand in _RANGES:
        width = len(str(low))
        if len(digits) >= width and low <= int(digits[:width]) <= high:
            return brand
    return CardBrand.OTHER


@attrs.frozen
class CardExpiry:
    """A card's expiry month: it is valid up to the end of that month.

    Make one with :func:`card_expiry`, which checks it.

    Attributes:
        month: 1 to 12.
        year: The four-digit year.
    """

    month: int
    year: int

    @property
    def last_day(self) -> datetime.date:
        """The last day the card is valid."""
        return datetime.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    def is_past(self, as_of: datetime.date) -> bool:
        """Whether the card has expired by *as_of* (it is valid through its last day)."""
        return as_of > self.last_day


def card_expiry(month: object, year: object) -> CardExpiry:
    """Return a checked :class:`CardExpiry`.

    Raises:
        ValidationError: ``expiry``/``month`` for a month that is not a whole number
            from 1 to 12, ``expiry``/``year`` for a year that is not from 2000 to 2099.
    """
    if isinstance(month, bool) or not isinstance(month, int) or not 1 <= month <= 12:
        raise ValidationError("expiry", "month", "the expiry month must be a number from 1 to 12")
    if isinstance(year, bool) or not isinstance(year, int) or not 2000 <= year <= 2099:
        raise ValidationError("expiry", "year", "the expiry year must be four digits, 2000-2099")
    return CardExpiry(month, year)


@attrs.frozen
class StoredCard:
    """A customer's card, as commtrak keeps it: a token and what may be shown of the card.

    Constructing one (a backend reading its row, ``attrs.evolve``) refuses a field that
    looks like a card number, and a ``last_four`` that is not four digits.

    Attributes:
        id: Made by the library.
        customer_id: The customer whose card it is.
        token: The card vault's token for the card; only the vault can charge it.
        brand: The card scheme.
        last_four: The last four digits of the number, to tell cards apart.
        expiry: The expiry month.
        name_on_card: The cardholder's name as printed; may be empty.
        billing_address: The card's billing address.
        created_at: When it was stored (UTC).
        created_by: Who stored it.
        removed_at: When it was removed, or ``None`` while it is in use.
        removed_by: Who removed it (empty while it is in use).
    """

    id: uuid.UUID
    customer_id: uuid.UUID
    token: str
    brand: CardBrand
    last_four: str
    expiry: CardExpiry
    name_on_card: str
    billing_address: Address
    created_at: datetime.datetime
    created_by: str
    removed_at: datetime.datetime | None = None
    removed_by: str = ""

    def __attrs_post_init__(self) -> None:
        refuse_card_numbers(self, *CARD_TEXT_FIELDS)
        if len(self.last_four) != 4 or not self.last_four.isascii() or not self.last_four.isdigit():
            raise ValidationError("last_four", "last_four", "must be the last four digits")

    @property
    def removed(self) -> bool:
        """Whether the card was removed."""
        return self.removed_at is not None

    def is_expired(self, as_of: datetime.date) -> bool:
        """Whether the card has expired by *as_of*."""
        return self.expiry.is_past(as_of)
