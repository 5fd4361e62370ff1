"""commtrak's finance context: money first; invoices, credit notes and the ledger to come.

It is a bounded context of its own, above the customer core: it uses the core's model,
ports and services, and nothing in the core imports it (an import-linter contract in
``pyproject.toml`` keeps it so). Money is :class:`Money`, an exact
:class:`decimal.Decimal` in one :class:`Currency`, never a float.
"""

from __future__ import annotations

from commtrak.finance.currencies import ISO_4217_MINOR_UNITS, Currency, currency
from commtrak.finance.money import MAX_AMOUNT, ROUNDING, Money

__all__ = ["ISO_4217_MINOR_UNITS", "MAX_AMOUNT", "ROUNDING", "Currency", "Money", "currency"]
