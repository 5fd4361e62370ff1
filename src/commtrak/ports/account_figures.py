"""The account-figures port: what a bounded context adds to a customer's side panel.

The side panel's debt and account credit come from the core's minimal invoice record;
a context that keeps its own account (finance's ledger) adds its figures through a
source given to the store (``open_store(account_figures=[...])``), so that the core
never imports it. See :mod:`commtrak.ports` for what every port shares.
"""

from __future__ import annotations

import uuid
from typing import Protocol

from commtrak.model.invoices import AccountFigures
from commtrak.ports.transaction import Transaction

__all__ = ["AccountFiguresSource"]


class AccountFiguresSource(Protocol):
    """Computes a customer's account figures from what one bounded context stores."""

    def __call__(self, transaction: Transaction, customer_id: uuid.UUID) -> AccountFigures:
        """Return the customer's figures, read through *transaction*."""
        ...
