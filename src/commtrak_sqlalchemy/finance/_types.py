"""The exact amount column: ``NUMERIC(19, 4)``, or scaled integers on SQLite.

SQLite has no exact decimal type: a ``NUMERIC`` column stores a number as an 8-byte
float, which holds about 15 significant digits and sums in binary. So on SQLite an
amount is stored as a whole number of ten-thousandths (``BIGINT``), which SQLite stores
and sums exactly: an amount is below :data:`~commtrak.finance.MAX_AMOUNT` (10**14), so
it fits with room for sums of about ninety of the largest; a sum beyond 2**63
ten-thousandths is refused by SQLite (an error, never a rounded figure). Everywhere
else it is ``NUMERIC(19, 4)``. Either way the Python side sees a
:class:`decimal.Decimal` with four places.
"""

from __future__ import annotations

import decimal
from typing import Any

from sqlalchemy import BigInteger, Numeric
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator, TypeEngine

__all__ = ["Amount"]

#: The decimal places every amount column keeps (the most any ISO 4217 currency has).
PLACES = 4

_QUANTUM = decimal.Decimal(1).scaleb(-PLACES)
#: Room for any 64-bit count of ten-thousandths: scaling one by it is exact, whatever
#: the caller's decimal context.
_EXACT = decimal.Context(prec=40)


class Amount(TypeDecorator[decimal.Decimal]):
    """An exact decimal with four places: ``NUMERIC(19, 4)``, a scaled ``BIGINT`` on SQLite."""

    impl = Numeric(19, PLACES, asdecimal=True)
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "sqlite":
            return dialect.type_descriptor(BigInteger())
        return dialect.type_descriptor(Numeric(19, PLACES, asdecimal=True))

    def process_bind_param(self, value: decimal.Decimal | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        exact = decimal.Decimal(value).quantize(_QUANTUM)
        return int(exact.scaleb(PLACES)) if dialect.name == "sqlite" else exact

    def process_result_value(self, value: Any, dialect: Dialect) -> decimal.Decimal | None:
        if value is None:
            return None
        if dialect.name == "sqlite":
            # A whole number scaled by -4 has exactly four places: no quantize needed.
            return decimal.Decimal(int(value)).scaleb(-PLACES, _EXACT)
        return decimal.Decimal(value).quantize(_QUANTUM)
