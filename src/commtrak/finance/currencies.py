"""The currencies money may be in: ISO 4217 codes and their minor units.

A currency's *minor unit* is how many decimal places its amounts carry (the euro's cent
is two, the yen has none, the Kuwaiti dinar's fils is three). commtrak keeps every
amount of a currency to exactly that many places, so a total never holds a fraction of
a cent that no payment can settle.

The table is ISO 4217's list of current codes with decimal minor units (funds codes
such as ``BOV`` and ``CLF`` included; precious metals, testing codes and ``XXX``, which
have no minor unit, left out). An application that needs another code passes it to
:func:`currency` with its minor unit.
"""

from __future__ import annotations

import re
from typing import Final

import attrs

from commtrak.errors import ValidationError

__all__ = ["ISO_4217_MINOR_UNITS", "Currency", "currency"]

_CODE = re.compile(r"[A-Z]{3}")

#: ISO 4217 current codes and their minor units (decimal places).
ISO_4217_MINOR_UNITS: Final[dict[str, int]] = {
    **dict.fromkeys(
        [
            "AED",
            "AFN",
            "ALL",
            "AMD",
            "ANG",
            "AOA",
            "ARS",
            "AUD",
            "AWG",
            "AZN",
            "BAM",
            "BBD",
            "BDT",
            "BGN",
            "BMD",
            "BND",
            "BOB",
            "BOV",
            "BRL",
            "BSD",
            "BTN",
            "BWP",
            "BYN",
            "BZD",
            "CAD",
            "CDF",
            "CHE",
            "CHF",
            "CHW",
            "CNY",
            "COP",
            "COU",
            "CRC",
            "CUP",
            "CVE",
            "CZK",
            "DKK",
            "DOP",
            "DZD",
            "EGP",
            "ERN",
            "ETB",
            "EUR",
            "FJD",
            "FKP",
            "GBP",
            "GEL",
            "GHS",
            "GIP",
            "GMD",
            "GTQ",
            "GYD",
            "HKD",
            "HNL",
            "HTG",
            "HUF",
            "IDR",
            "ILS",
            "INR",
            "IRR",
            "JMD",
            "KES",
            "KGS",
            "KHR",
            "KPW",
            "KYD",
            "KZT",
            "LAK",
            "LBP",
            "LKR",
            "LRD",
            "LSL",
            "MAD",
            "MDL",
            "MGA",
            "MKD",
            "MMK",
            "MNT",
            "MOP",
            "MRU",
            "MUR",
            "MVR",
            "MWK",
            "MXN",
            "MXV",
            "MYR",
            "MZN",
            "NAD",
            "NGN",
            "NIO",
            "NOK",
            "NPR",
            "NZD",
            "PAB",
            "PEN",
            "PGK",
            "PHP",
            "PKR",
            "PLN",
            "QAR",
            "RON",
            "RSD",
            "RUB",
            "SAR",
            "SBD",
            "SCR",
            "SDG",
            "SEK",
            "SGD",
            "SHP",
            "SLE",
            "SOS",
            "SRD",
            "SSP",
            "STN",
            "SVC",
            "SYP",
            "SZL",
            "THB",
            "TJS",
            "TMT",
            "TOP",
            "TRY",
            "TTD",
            "TWD",
            "TZS",
            "UAH",
            "USD",
            "USN",
            "UYU",
            "UZS",
            "VED",
            "VES",
            "WST",
            "XCD",
            "XCG",
            "YER",
            "ZAR",
            "ZMW",
            "ZWG",
        ],
        2,
    ),
    **dict.fromkeys(
        [
            "BIF",
            "CLP",
            "DJF",
            "GNF",
            "ISK",
            "JPY",
            "KMF",
            "KRW",
            "PYG",
            "RWF",
            "UGX",
            "UYI",
            "VND",
            "VUV",
            "XAF",
            "XOF",
            "XPF",
        ],
        0,
    ),
    **dict.fromkeys(["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"], 3),
    **dict.fromkeys(["CLF", "UYW"], 4),
}

#: The most decimal places a currency may have (ISO 4217's largest is four).
MAX_MINOR_UNIT: Final = 4


@attrs.frozen(order=True)
class Currency:
    """A currency: its ISO 4217 code and its minor unit.

    Make one with :func:`currency`, which checks both; two currencies are equal when
    their codes and minor units are.

    Attributes:
        code: The three capital letters (``"GBP"``).
        minor_unit: How many decimal places its amounts carry (``2``).
    """

    code: str
    minor_unit: int

    def __str__(self) -> str:
        return self.code


def currency(code: object, minor_unit: int | None = None) -> Currency:
    """Return the currency with ISO 4217 code *code*.

    Args:
        code: Three capital letters; surrounding white space is not accepted.
        minor_unit: Its decimal places, for a code outside ISO 4217's list; for a code
            on the list it may be left out, and if given must agree.

    Raises:
        ValidationError: ``currency``/``type`` if *code* is not text,
            ``currency``/``iso_4217`` if it is not three capital letters or is an
            unknown code without a minor unit, ``currency``/``minor_unit`` if the minor
            unit disagrees with ISO 4217's or is not 0 to 4.
    """
    if not isinstance(code, str):
        raise ValidationError("currency", "type", f"must be text, not {type(code).__name__}")
    if not _CODE.fullmatch(code):
        raise ValidationError(
            "currency",
            "iso_4217",
            f"must be an ISO 4217 code of three capital letters, not {code!r}",
        )
    known = ISO_4217_MINOR_UNITS.get(code)
    if minor_unit is None:
        if known is None:
            raise ValidationError(
                "currency",
                "iso_4217",
                f"{code} is not an ISO 4217 code; give its minor unit to use it anyway",
            )
        return Currency(code, known)
    if type(minor_unit) is not int or not 0 <= minor_unit <= MAX_MINOR_UNIT:
        raise ValidationError(
            "currency",
            "minor_unit",
            f"the minor unit must be a whole number from 0 to {MAX_MINOR_UNIT}",
        )
    if known is not None and known != minor_unit:
        raise ValidationError(
            "currency",
            "minor_unit",
            f"{code} has {known} decimal places in ISO 4217, not {minor_unit}",
        )
    return Currency(code, minor_unit)
