"""The finance ledger's figures for the customer side panel (seed 004).

Give :class:`LedgerFigures` to the store (``open_store(account_figures=[...])``) and
the core's side panel (``session.customers.panel``) adds the ledger's debt and account
credit in one currency to those of the minimal invoices. The core defines the hook
(:class:`~commtrak.ports.AccountFiguresSource`); finance implements it, so the core
never imports finance.
"""

from __future__ import annotations

import uuid

import attrs

from commtrak.finance.currencies import Currency
from commtrak.finance.ports.storage import finance_storage
from commtrak.model.invoices import AccountFigures
from commtrak.ports import Transaction

__all__ = ["LedgerFigures"]


@attrs.frozen
class LedgerFigures:
    """A customer's ledger figures in one currency, as the side panel shows them.

    Outstanding debt is the sum of the open balances of the customer's invoices in
    *currency*; the oldest unpaid due date is that of the earliest-due one among them;
    account credit is what its payments, account credits and credit notes to it have
    left unallocated. Each is summed from the ledger, never stored, by one set-based
    query of the backend (:meth:`FinanceReports.account_figures
    <commtrak.finance.ports.FinanceReports.account_figures>`).

    Attributes:
        currency: The currency whose figures the panel shows.
    """

    currency: Currency

    def __call__(self, transaction: Transaction, customer_id: uuid.UUID) -> AccountFigures:
        """Return the customer's figures from the finance ledger, in one query."""
        return finance_storage(transaction).reports.account_figures(customer_id, self.currency)
