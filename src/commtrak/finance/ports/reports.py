"""The reports port: statements, aged debt and the side panel, each summed by the store.

Every method is set-based: on SQL backends one statement (a ``SUM ... GROUP BY`` over
the ledger, joined to the documents), never a loop over rows in Python. The as-of rule
is :mod:`commtrak.finance.model.statements`'s: an entry counts when it is dated on or
before the date.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterator
from typing import Protocol

from commtrak.finance.currencies import Currency
from commtrak.finance.model.statements import AgedDebt, StatementLine
from commtrak.model.invoices import AccountFigures

__all__ = ["FinanceReports"]


class FinanceReports(Protocol):
    """Sums the ledger for statements, aged debt and the side panel."""

    def open_invoices(self, customer_id: uuid.UUID, as_of: datetime.date) -> list[StatementLine]:
        """Return the customer's invoices with an open balance as of *as_of*.

        By invoice date, then number, then the text of the id. A line's amount is the
        invoice's total as the ledger recorded it by then; its open amount the sum of
        the invoice's entries dated by then.
        """
        ...

    def open_credits(self, customer_id: uuid.UUID, as_of: datetime.date) -> list[StatementLine]:
        """Return the customer's credits with an unallocated amount as of *as_of*.

        Payments, account credits and credit notes to the customer, by date, then the
        text of the id.
        """
        ...

    def aged_debt(self, as_of: datetime.date) -> Iterator[AgedDebt]:
        """Yield every customer's debt by age as of *as_of*, one per customer and currency.

        By customer id text, then currency code; customers with nothing owed and no
        credit are left out. The rows are streamed from one query: read the iterator
        to its end (or drop it) before the session's next call.
        """
        ...

    def account_figures(self, customer_id: uuid.UUID, currency: Currency) -> AccountFigures:
        """Return the customer's side-panel figures in *currency* today, in one query.

        Outstanding is the sum of its invoices' positive open balances, the oldest
        unpaid due date the earliest due date among those invoices, and credit the
        sum of its credits' unallocated amounts.
        """
        ...
